/*
 * fuzz_cookie.c: libFuzzer target for the Cookie header parser.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "http/form.h"
#include "lib/utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist l = { 0 };

	if (form_parse_cookies(&l, (const char *)data, size, NULL) == FORM_OK)
		for (size_t i = 0; i < l.n; i++)
			assert(utf8_valid(l.v[i].val, strlen(l.v[i].val)));
	kvlist_free(&l);
	return 0;
}
