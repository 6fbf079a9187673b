/*
 * fuzz_route.c: libFuzzer target for the route matcher: any path, each
 * method; a found route's parameters must lie within the path and an Allow
 * value must be set for a 405.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "http/route.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int m = 0; m < METHOD__MAX; m++) {
		struct req r;
		const struct route *rt;
		char allow[32];

		memset(&r, 0, sizeof(r));
		r.method = (enum http_method)m;
		r.path = malloc(size + 1);
		memcpy(r.path, data, size);
		r.path[size] = '\0';
		switch (route_match(&r, &rt, allow, sizeof(allow))) {
		case ROUTE_FOUND:
			assert(rt != NULL && r.nparams <= REQ_MAX_PARAMS);
			for (size_t i = 0; i < r.nparams; i++)
				assert(strlen(r.params[i]) <= strlen(r.path));
			break;
		case ROUTE_BAD_METHOD:
			assert(allow[0] != '\0');
			break;
		case ROUTE_NOT_FOUND:
			break;
		}
		free(r.path);
		free(r.pathbuf);
	}
	return 0;
}
