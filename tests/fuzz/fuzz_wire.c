/*
 * fuzz_wire.c: libFuzzer target for the writer process's reading of a
 * worker's message (wire_order_get, src/http/writer_wire.h): any bytes are
 * refused or read into a request whose texts all lie within the message;
 * a request read is written again (wire_order_put) to as many bytes, which
 * read back as the same request.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/writer_wire.h"

/* Returns 1 if texts a and b are both absent or equal. */
static int
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char msg[WIRE_MAX + 1], again[WIRE_MAX + 1];
	struct wire_order w, w2;
	size_t len;

	if (size > WIRE_MAX)
		return 0;
	memcpy(msg, data, size);
	if (wire_order_get(msg, size, &w) != 0)
		return 0;
	assert(w.o.channel != NULL && w.o.confirm == NULL);
	len = wire_order_put(w.seq, w.deadline_ms, &w.o, &w.lim, again, WIRE_MAX);
	assert(len == size);
	assert(wire_order_get(again, len, &w2) == 0);
	assert(w2.seq == w.seq && w2.o.service_id == w.o.service_id && w2.lim.per_phone == w.lim.per_phone);
	assert(same(w.o.address, w2.o.address) && same(w.o.need, w2.o.need) &&
	    same(w.o.wanted_time, w2.o.wanted_time) && same(w.o.contact_name, w2.o.contact_name) &&
	    same(w.o.contact_phone, w2.o.contact_phone) && same(w.o.contact_email, w2.o.contact_email) &&
	    same(w.o.channel, w2.o.channel) && same(w.o.form_nonce, w2.o.form_nonce) &&
	    same(w.o.client, w2.o.client) && same(w.o.media_url, w2.o.media_url));
	assert((w.o.token_hash == NULL) == (w2.o.token_hash == NULL));
	return 0;
}
