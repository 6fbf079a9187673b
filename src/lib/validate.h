/*
 * validate.h: validators for the typed fields of forms, shared by every page
 * and the Open311 API so the same input gets the same answer everywhere.
 * A validator returns VALID_OK or the reason; valid_message() turns a reason
 * into the Chinese sentence shown beside the field.
 */
#ifndef SIDAN_VALIDATE_H
#define SIDAN_VALIDATE_H

#include <stddef.h>

#include "lib/utf8.h"

enum valid {
	VALID_OK = 0,
	VALID_REQUIRED,		/* empty but required */
	VALID_TOO_LONG,		/* more than max characters */
	VALID_BAD_CHAR,		/* control characters */
	VALID_ONE_LINE,		/* a line break where one line is wanted */
	VALID_PHONE,		/* neither a mainland mobile nor a 座机 with its area code */
	VALID_MOBILE,		/* not a mainland mobile number */
	VALID__MAX
};

/* Copies s without leading and trailing white space into a new string. */
char		*str_trim(const char *s);

/* Text of at most max characters (line breaks allowed). */
enum valid	 valid_text(const char *s, size_t max, int required);
/* Text on one line, at most max characters. */
enum valid	 valid_line(const char *s, size_t max, int required);
/* Writes the message for v (max is the limit the field had) into buf. */
void		 valid_message(enum valid v, size_t max, char *buf, size_t buflen);

#endif
