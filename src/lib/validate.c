/*
 * validate.c: field validators (see validate.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "lib/validate.h"

/* Returns the length of the white space at s (ASCII blanks, line breaks and
 * the ideographic space U+3000 that Chinese input methods type), or 0. */
static size_t
space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (strncmp(s, "\xe3\x80\x80", 3) == 0)	/* stops at the NUL */
		return 3;
	return 0;
}

/* Returns the length of the white space ending at s + n, or 0. */
static size_t
space_before(const char *s, size_t n)
{
	if (n >= 1 && space_at(s + n - 1) == 1)
		return 1;
	if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

char *
str_trim(const char *s)
{
	size_t n, k;

	while ((k = space_at(s)) != 0)
		s += k;
	n = strlen(s);
	while ((k = space_before(s, n)) != 0)
		n -= k;
	return xstrndup(s, n);
}

enum valid
valid_text(const char *s, size_t max, int required)
{
	if (s == NULL || *s == '\0')
		return required ? VALID_REQUIRED : VALID_OK;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
			return VALID_BAD_CHAR;
	if (utf8_chars(s) > max)
		return VALID_TOO_LONG;
	return VALID_OK;
}

enum valid
valid_line(const char *s, size_t max, int required)
{
	enum valid v = valid_text(s, max, required);

	if (v != VALID_OK || s == NULL)
		return v;
	if (strpbrk(s, "\r\n\t") != NULL)
		return VALID_ONE_LINE;
	return VALID_OK;
}

void
valid_message(enum valid v, size_t max, char *buf, size_t buflen)
{
	switch (v) {
	case VALID_OK:
		snprintf(buf, buflen, "%s", "");
		break;
	case VALID_REQUIRED:
		snprintf(buf, buflen, "%s", "此项必须填写");
		break;
	case VALID_TOO_LONG:
		snprintf(buf, buflen, "不能超过%zu个字", max);
		break;
	case VALID_BAD_CHAR:
		snprintf(buf, buflen, "%s", "含有无法识别的字符，请重新输入");
		break;
	case VALID_ONE_LINE:
		snprintf(buf, buflen, "%s", "请写在一行内");
		break;
	case VALID_PHONE:
		snprintf(buf, buflen, "%s", "请填写手机号码，或带区号的座机号码（如 0349-5021234）");
		break;
	case VALID_MOBILE:
		snprintf(buf, buflen, "%s", "请填写11位手机号码（以13至19开头）");
		break;
	default:
		snprintf(buf, buflen, "%s", "填写有误");
		break;
	}
}
