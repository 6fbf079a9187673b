/*
 * fuzz_form.c: libFuzzer target for the query and form parser, the repeat
 * check and the UTF-8 check: whatever the bytes, parsing must not crash or
 * leak, and every value kept must be valid UTF-8 with no NUL inside.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "lib/utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const multi[] = { "tag", "platform", NULL };
	struct kvlist l = { 0 };

	utf8_valid((const char *)data, size);
	if (form_parse_urlencoded(&l, (const char *)data, size, NULL) == FORM_OK) {
		for (size_t i = 0; i < l.n; i++) {
			assert(utf8_valid(l.v[i].key, strlen(l.v[i].key)));
			assert(utf8_valid(l.v[i].val, strlen(l.v[i].val)));
			assert(l.v[i].key[0] != '\0');
		}
		kv_first_repeated(&l, multi);
		kv_get(&l, "a");
	}
	kvlist_free(&l);
	return 0;
}
