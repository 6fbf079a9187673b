/*
 * form.c: the parsers for everything a client sends as name=value pairs.
 * Each decoded key and value is checked for length, NUL bytes and UTF-8
 * before it is kept, so nothing malformed gets past this file.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "lib/utf8.h"
#include "lib/util.h"

static const struct form_limits default_limits = {
	.max_fields = 200,
	.max_key = 128,
	.max_val = 16 * 1024,
};

const struct form_limits *
form_limits_default(void)
{
	return &default_limits;
}

const char *
form_strerror(enum form_err err)
{
	static const char *const msg[FORM_ERR__MAX] = {
		[FORM_OK] = "ok",
		[FORM_ETOOMANY] = "too many fields",
		[FORM_EKEYLEN] = "field name empty or too long",
		[FORM_EVALLEN] = "field value too long",
		[FORM_EESCAPE] = "bad percent escape",
		[FORM_EUTF8] = "invalid UTF-8",
		[FORM_ENUL] = "NUL byte",
	};
	if ((unsigned)err >= FORM_ERR__MAX)
		return "unknown error";
	return msg[err];
}


/* Returns the value of hex digit c, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes s[0..n) (percent escapes, '+' as space) into a new string.
 * Returns FORM_OK and sets *out, or an error (and *out is NULL).
 * The decoded length must not exceed max.
 */
static enum form_err
decode(const char *s, size_t n, size_t max, enum form_err toolong, char **out)
{
	char *d;
	size_t i, j;

	*out = NULL;
	/* Decoding never lengthens, but the limit is on decoded bytes. */
	d = xmalloc(n + 1);
	for (i = j = 0; i < n; i++) {
		char c = s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			int hi, lo;
			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0) {
				free(d);
				return FORM_EESCAPE;
			}
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if (c == '\0') {
			free(d);
			return FORM_ENUL;
		}
		if (j == max) {
			free(d);
			return toolong;
		}
		d[j++] = c;
	}
	d[j] = '\0';
	if (!utf8_valid(d, j)) {
		free(d);
		return FORM_EUTF8;
	}
	*out = d;
	return FORM_OK;
}

void
kvlist_push(struct kvlist *l, char *key, char *val)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].key = key;
	l->v[l->n].val = val;
	l->n++;
}

enum form_err
form_parse_urlencoded(struct kvlist *out, const char *s, size_t n,
    const struct form_limits *lim)
{
	size_t i = 0, fields = 0;

	if (lim == NULL)
		lim = &default_limits;
	while (i < n) {
		size_t start = i, eq = (size_t)-1, end;
		char *key, *val;
		enum form_err err;

		while (i < n && s[i] != '&') {
			if (s[i] == '=' && eq == (size_t)-1)
				eq = i;
			i++;
		}
		end = i;
		i++;			/* skip '&' */
		if (end == start)
			continue;	/* "a=1&&b=2": empty piece */
		if (++fields > lim->max_fields)
			return FORM_ETOOMANY;
		if (eq == (size_t)-1)
			eq = end;	/* "flag" with no '=' has an empty value */
		if (eq == start)
			return FORM_EKEYLEN;
		err = decode(s + start, eq - start, lim->max_key, FORM_EKEYLEN, &key);
		if (err != FORM_OK)
			return err;
		if (eq < end)
			err = decode(s + eq + 1, end - eq - 1, lim->max_val,
			    FORM_EVALLEN, &val);
		else
			val = xstrdup("");
		if (err != FORM_OK) {
			free(key);
			return err;
		}
		kvlist_push(out, key, val);
	}
	return FORM_OK;
}

/* Returns 1 for the blanks that may surround cookie pairs. */
static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

enum form_err
form_parse_cookies(struct kvlist *out, const char *s, size_t n,
    const struct form_limits *lim)
{
	size_t i = 0, fields = 0;

	if (lim == NULL)
		lim = &default_limits;
	if (memchr(s, '\0', n) != NULL)
		return FORM_ENUL;
	if (!utf8_valid(s, n))
		return FORM_EUTF8;
	while (i < n) {
		size_t ks, ke, vs, ve;

		while (i < n && (is_blank(s[i]) || s[i] == ';'))
			i++;
		ks = i;
		while (i < n && s[i] != '=' && s[i] != ';')
			i++;
		if (i >= n || s[i] != '=') {
			continue;	/* no '=': not a pair, skip it */
		}
		ke = i++;
		while (i < n && is_blank(s[i]))
			i++;
		vs = i;
		while (i < n && s[i] != ';')
			i++;
		ve = i;
		while (ke > ks && is_blank(s[ke - 1]))
			ke--;
		while (ve > vs && is_blank(s[ve - 1]))
			ve--;
		if (ve - vs >= 2 && s[vs] == '"' && s[ve - 1] == '"') {
			vs++;
			ve--;
		}
		if (ke == ks)
			continue;
		if (++fields > lim->max_fields)
			return FORM_ETOOMANY;
		if (ke - ks > lim->max_key)
			return FORM_EKEYLEN;
		if (ve - vs > lim->max_val)
			return FORM_EVALLEN;
		kvlist_push(out, xstrndup(s + ks, ke - ks), xstrndup(s + vs, ve - vs));
	}
	return FORM_OK;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

size_t
kv_count(const struct kvlist *l, const char *key)
{
	size_t c = 0;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			c++;
	return c;
}

/* Returns 1 if key is in the NULL-terminated list (which may be NULL). */
static int
in_list(const char *const *list, const char *key)
{
	for (; list && *list; list++)
		if (strcmp(*list, key) == 0)
			return 1;
	return 0;
}

const char *
kv_first_repeated(const struct kvlist *l, const char *const *multi)
{
	/* Quadratic, but bounded by max_fields (200): at most 20k compares. */
	for (size_t i = 0; i < l->n; i++) {
		if (in_list(multi, l->v[i].key))
			continue;
		for (size_t j = i + 1; j < l->n; j++)
			if (strcmp(l->v[i].key, l->v[j].key) == 0)
				return l->v[i].key;
	}
	return NULL;
}

void
kvlist_free(struct kvlist *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void
url_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c)) {
			buf_append(b, s, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_append(b, e, 3);
		}
	}
}
