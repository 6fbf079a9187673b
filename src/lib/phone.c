/*
 * phone.c: reading mainland phone numbers into one stored form (see
 * phone.h). A mobile is 1[3-9] and 9 more digits. A fixed line is a trunk
 * 0, an area code (010 and 02x: 3 digits with the 0; every other: 4) and a
 * local number of 7 or 8 digits that does not start with 0 or 1.
 */
#include <stdio.h>
#include <string.h>

#include "lib/phone.h"

/* Most digits a number written with its country code can hold. */
#define DIGITS_MAX	20

/*
 * Returns how many bytes of s make one character that may separate the
 * groups of a phone number (space, tab, - . ( ) and their full-width and
 * ideographic forms), or 0.
 */
static size_t
separator_at(const unsigned char *s)
{
	if (strchr(" \t-.()", s[0]) != NULL && s[0] != '\0')
		return 1;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)	/* U+3000 ideographic space */
		return 3;
	if (s[0] == 0xef && s[1] == 0xbc &&
	    (s[2] == 0x8d || s[2] == 0x88 || s[2] == 0x89 || s[2] == 0x8e))	/* － （ ） ． */
		return 3;
	return 0;
}

/*
 * Collects the digits of s into d (NUL-terminated) and whether it began
 * with a plus sign. Returns the number of digits, or -1 if s holds anything
 * else, a plus sign after the start, or more than DIGITS_MAX digits.
 */
static int
digits_of(const char *str, char d[DIGITS_MAX + 1], int *plus)
{
	const unsigned char *s = (const unsigned char *)str;
	int n = 0, seen = 0;
	size_t k;

	*plus = 0;
	while (*s) {
		int digit = -1;
		if (*s >= '0' && *s <= '9') {
			digit = *s - '0';
			s++;
		} else if (s[0] == 0xef && s[1] == 0xbc && s[2] >= 0x90 && s[2] <= 0x99) {
			digit = s[2] - 0x90;	/* full-width ０..９ */
			s += 3;
		} else if (*s == '+' && !seen && !*plus) {
			*plus = 1;
			s++;
			continue;
		} else if (s[0] == 0xef && s[1] == 0xbc && s[2] == 0x8b && !seen && !*plus) {
			*plus = 1;	/* full-width ＋ */
			s += 3;
			continue;
		} else if ((k = separator_at(s)) != 0) {
			s += k;
			continue;
		} else
			return -1;
		if (n == DIGITS_MAX)
			return -1;
		d[n++] = (char)('0' + digit);
		seen = 1;
	}
	d[n] = '\0';
	return n;
}

/* Returns 1 if the n digits at d are a mobile number. */
static int
is_mobile(const char *d, int n)
{
	return n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/*
 * If the n digits at d (starting with the trunk 0) are a fixed line, writes
 * its stored form into out and returns 1; else returns 0.
 */
static int
landline(const char *d, int n, char out[PHONE_MAX])
{
	int area, local;

	if (n < 2 || d[0] != '0' || d[1] == '0')
		return 0;
	area = d[1] == '1' || d[1] == '2' ? 3 : 4;
	local = n - area;
	if (local < 7 || local > 8 || d[area] == '0' || d[area] == '1')
		return 0;
	snprintf(out, PHONE_MAX, "%.*s-%s", area, d, d + area);
	return 1;
}

enum valid
phone_read(const char *s, enum phone_accept accept, char out[PHONE_MAX])
{
	char d[DIGITS_MAX + 1], *p = d;
	int plus, n = s ? digits_of(s, d, &plus) : 0, intl = 0;
	enum valid bad = accept == PHONE_ANY ? VALID_PHONE : VALID_MOBILE;

	out[0] = '\0';
	if (n == 0 && (s == NULL || strspn(s, " \t") == strlen(s)))
		return VALID_REQUIRED;
	if (n <= 0)
		return bad;
	/* The country code: +86, 0086, or 86 before a mobile's 11 digits. */
	if (plus) {
		if (strncmp(p, "86", 2) != 0)
			return bad;
		p += 2, n -= 2, intl = 1;
	} else if (strncmp(p, "0086", 4) == 0) {
		p += 4, n -= 4, intl = 1;
	} else if (n == 13 && strncmp(p, "86", 2) == 0 && is_mobile(p + 2, 11)) {
		p += 2, n -= 2;
	}
	if (is_mobile(p, n)) {
		memcpy(out, p, 11);
		out[11] = '\0';
		return VALID_OK;
	}
	if (accept == PHONE_MOBILE_ONLY)
		return bad;
	/* A fixed line dialled from abroad drops the trunk 0: put it back. */
	if (intl && p[0] != '0') {
		char with0[DIGITS_MAX + 2];
		snprintf(with0, sizeof(with0), "0%s", p);
		return landline(with0, n + 1, out) ? VALID_OK : bad;
	}
	return landline(p, n, out) ? VALID_OK : bad;
}

int
phone_is_mobile(const char *stored)
{
	return stored != NULL && is_mobile(stored, (int)strlen(stored));
}

void
phone_mask(const char *stored, char out[PHONE_MAX])
{
	char d[DIGITS_MAX + 1];
	int plus, n = stored ? digits_of(stored, d, &plus) : -1;

	if (n < 8) {
		snprintf(out, PHONE_MAX, "%s", n <= 0 ? "" : "****");
		return;
	}
	snprintf(out, PHONE_MAX, "%.3s****%s", d, d + n - 4);
}
