/*
 * id.c: reading record ids strictly. atoll() takes "12abc" as 12 and
 * "-1" as -1; here either is simply not an id, so "/desk/hours/12abc/confirm"
 * can never confirm record 12.
 */
#include <stddef.h>

#include "lib/id.h"

int
id_parse(const char *s, int64_t *id)
{
	int64_t v = 0;
	size_t n;

	if (s == NULL || s[0] < '1' || s[0] > '9')
		return -1;
	for (n = 0; s[n] != '\0'; n++) {
		if (n == ID_MAX_DIGITS || s[n] < '0' || s[n] > '9')
			return -1;
		v = v * 10 + (s[n] - '0');
	}
	*id = v;
	return 0;
}
