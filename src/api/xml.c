/*
 * xml.c: the XML writer of xml.h. Text passes through in runs; only the five
 * special characters are replaced by references, CR by &#13; (a parser would
 * otherwise read it as LF), and anything XML 1.0 does not allow is dropped.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "api/xml.h"

/* Returns 1 if tag is a plain XML name as xml.h describes, else 0. */
static int
tag_ok(const char *tag)
{
	const char *p;

	if (tag == NULL || *tag == '\0' || (*tag >= '0' && *tag <= '9') ||
	    *tag == '.' || *tag == '-')
		return 0;
	for (p = tag; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
			return 0;
	return 1;
}

/*
 * Decodes the UTF-8 sequence at s, of which n bytes are left. Returns its
 * length and the code point in *cp, or 0 if s does not start a well-formed
 * sequence (overlong, surrogate, above U+10FFFF, truncated).
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Returns 1 if c is a Char of XML 1.0 (section 2.2), else 0. */
static int
char_ok(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	    (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* Appends text escaped as character data, dropping what XML cannot hold. */
static void
xml_text(struct buf *b, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, start = 0, len;
	const char *rep;
	uint32_t c;

	while (i < n) {
		len = 1;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\r': rep = "&#13;"; break;
		default:
			len = utf8_decode(s + i, n - i, &c);
			if (len > 0 && char_ok(c)) {
				i += len;
				continue;
			}
			if (len == 0)
				len = 1;	/* drop one bad byte, then resync */
			rep = "";
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		i += len;
		start = i;
	}
	buf_append(b, s + start, n - start);
}

void
xml_begin(struct buf *b)
{
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
}

void
xml_open(struct buf *b, const char *tag)
{
	assert(tag_ok(tag));
	buf_printf(b, "<%s>", tag);
}

void
xml_close(struct buf *b, const char *tag)
{
	assert(tag_ok(tag));
	buf_printf(b, "</%s>", tag);
}

void
xml_elem(struct buf *b, const char *tag, const char *text)
{
	xml_open(b, tag);
	if (text != NULL)
		xml_text(b, text);
	xml_close(b, tag);
}

void
xml_elem_int(struct buf *b, const char *tag, long long v)
{
	assert(tag_ok(tag));
	buf_printf(b, "<%s>%lld</%s>", tag, v, tag);
}
