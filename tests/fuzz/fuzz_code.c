/*
 * fuzz_code.c: libFuzzer target for the tracking-code parser and the
 * Open311 time parser (the request parameters an Open311 client sends).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/open311.h"
#include "model/code.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), code[CODE_LEN + 1], again[CODE_LEN + 1], fmt[CODE_LEN + 3];
	int64_t t;

	memcpy(s, data, size);
	s[size] = '\0';
	if (code_parse(s, code) == 0) {
		assert(strlen(code) == CODE_LEN);
		code_format(code, fmt);
		assert(code_parse(fmt, again) == 0 && strcmp(code, again) == 0);
	}
	open311_time_parse(s, &t);
	free(s);
	return 0;
}
