/*
 * id.h: the one reader of record ids as they arrive in a path ("/desk/hours/
 * 12/confirm") or a form field (a team chosen from a list): a positive
 * decimal integer written plainly. Knows nothing of sidan.
 */
#ifndef SIDAN_ID_H
#define SIDAN_ID_H

#include <stdint.h>

/* The most digits an id may have: 18 always fit in an int64_t. */
#define ID_MAX_DIGITS	18

/*
 * Reads s as an id: 1 to ID_MAX_DIGITS ASCII digits, the first not 0, and
 * nothing else (no sign, no space, no leading zero, nothing after). Returns
 * 0 and sets *id, or -1 (leaving *id alone) for anything else, NULL
 * included.
 */
int	id_parse(const char *s, int64_t *id);

#endif
