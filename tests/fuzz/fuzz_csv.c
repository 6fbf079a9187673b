/*
 * fuzz_csv.c: libFuzzer target for the CSV reader (sites lists).
 */
#include <stdint.h>

#include "lib/csv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	struct csv_record rec;
	int rc, guard = 0;

	csv_open(&c, (const char *)data, size);
	while ((rc = csv_next(&c, &rec)) != 0 && guard++ < 100000)
		if (rc > 0)
			csv_record_free(&rec);
	return 0;
}
