/*
 * csv.c: the CSV reader of csv.h.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"
#include "lib/util.h"

void
csv_open(struct csv *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->line = 0;
	c->next_line = 1;
	/* A UTF-8 byte order mark, as spreadsheet programs write, is skipped. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c->p += 3;
}

void
csv_record_free(struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		free(rec->field[i]);
	rec->n = 0;
}

/* Steps over one line end at c->p ("\r\n", "\n" or a lone "\r", as old
 * Mac files have) and counts the line. */
static void
skip_line_end(struct csv *c)
{
	if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
		c->p++;
	c->p++;
	c->next_line++;
}

int
csv_next(struct csv *c, struct csv_record *rec)
{
	struct buf f;
	int done = 0;

	rec->n = 0;
	/* Skip blank lines. */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r'))
		skip_line_end(c);
	if (c->p >= c->end)
		return 0;
	c->line = c->next_line;
	buf_init(&f);
	while (!done) {
		buf_reset(&f);
		buf_append(&f, "", 0);
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					goto bad;	/* unterminated quote */
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						buf_append(&f, "\"", 1);
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n' || (*c->p == '\r' &&
				    (c->p + 1 >= c->end || c->p[1] != '\n')))
					c->next_line++;
				buf_append(&f, c->p++, 1);
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				goto bad;
		} else {
			const char *s = c->p;
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"')
					goto bad;
				c->p++;
			}
			buf_append(&f, s, (size_t)(c->p - s));
		}
		if (rec->n == CSV_MAX_FIELDS)
			goto bad;
		rec->field[rec->n++] = xstrndup(f.data, f.len);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end)
			skip_line_end(c);
		done = 1;
	}
	buf_free(&f);
	return 1;
bad:
	buf_free(&f);
	csv_record_free(rec);
	/* Resynchronise at the next line so a caller may go on reporting. */
	while (c->p < c->end && *c->p != '\n' && *c->p != '\r')
		c->p++;
	if (c->p < c->end)
		skip_line_end(c);
	return -1;
}

void
csv_put(struct buf *b, const char *s, int last)
{
	int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';

	if (formula || strpbrk(s, ",\"\r\n") != NULL) {
		buf_puts(b, "\"");
		if (formula)
			buf_puts(b, "'");
		for (; *s; s++) {
			if (*s == '"')
				buf_puts(b, "\"\"");
			else
				buf_append(b, s, 1);
		}
		buf_puts(b, "\"");
	} else
		buf_puts(b, s);
	buf_puts(b, last ? "\r\n" : ",");
}
