/*
 * phone.h: mainland China phone numbers as people and other systems write
 * them, read into the one form sidan stores: a mobile as its 11 digits
 * (13912340061), a fixed line (座机) as area code, a dash and the local
 * number (0349-5021234). Knows nothing of sidan.
 */
#ifndef SIDAN_PHONE_H
#define SIDAN_PHONE_H

#include "lib/validate.h"

/* Room for a stored number and its NUL: "0349-50212345" is 13 bytes. */
#define PHONE_MAX	16

enum phone_accept {
	PHONE_MOBILE_ONLY,	/* a volunteer signs in with a mobile */
	PHONE_ANY,		/* a resident may give a mobile or a 座机 */
};

/*
 * Reads s: digits (half- or full-width) with spaces, dashes, dots and
 * brackets anywhere, after an optional +86, 0086 or 86 for a mobile. Writes
 * the stored form into out and returns VALID_OK; VALID_REQUIRED if s holds
 * nothing; VALID_PHONE (or VALID_MOBILE under PHONE_MOBILE_ONLY) otherwise.
 * Two ways of writing one number give the same out.
 */
enum valid	 phone_read(const char *s, enum phone_accept accept, char out[PHONE_MAX]);

/* Returns 1 if stored is a mobile (it can receive an SMS), else 0. */
int		 phone_is_mobile(const char *stored);

/* Writes stored with all but its first three and last four digits hidden
 * (138****1234, 034****1234) into out; "" for "". */
void		 phone_mask(const char *stored, char out[PHONE_MAX]);

#endif
