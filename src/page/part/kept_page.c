/*
 * kept_page.c: a rendered page kept by a worker, served again with fresh
 * per-visitor values (see kept_page.h).
 */
#include <string.h>

#include "page/part/kept_page.h"

/* Finds each mark in body: once only (a second copy would go out
 * unfilled), after the one before. Fills at[] and len[].
 * Returns 0, or -1 if one is missing, repeated or out of order. */
static int
find_marks(const char *body, size_t n, const char *const marks[KEPT_PAGE_VALUES],
    size_t at[KEPT_PAGE_VALUES], size_t len[KEPT_PAGE_VALUES])
{
	for (int i = 0; i < KEPT_PAGE_VALUES; i++) {
		const char *p;

		len[i] = strlen(marks[i]);
		if (len[i] == 0 || (p = memmem(body, n, marks[i], len[i])) == NULL)
			return -1;
		at[i] = (size_t)(p - body);
		if (memmem(p + 1, n - at[i] - 1, marks[i], len[i]) != NULL)
			return -1;
		if (i > 0 && at[i] < at[i - 1] + len[i - 1])
			return -1;
	}
	return 0;
}

int
kept_page_store(struct kept_page *k, const char *body, size_t n, int64_t version,
    const char *const marks[KEPT_PAGE_VALUES])
{
	size_t at[KEPT_PAGE_VALUES], len[KEPT_PAGE_VALUES];

	if (find_marks(body, n, marks, at, len) != 0) {
		k->ok = 0;
		return -1;
	}
	if (k->body.data == NULL)
		buf_init(&k->body);
	buf_reset(&k->body);
	buf_append(&k->body, body, n);
	memcpy(k->at, at, sizeof(at));
	memcpy(k->len, len, sizeof(len));
	k->version = version;
	k->ok = 1;
	return 0;
}

/* Appends body with values[i] in place of the marks at at[i] (len[i]). */
static void
splice(struct req *r, const char *body, size_t n, const size_t at[KEPT_PAGE_VALUES],
    const size_t len[KEPT_PAGE_VALUES], const char *const values[KEPT_PAGE_VALUES])
{
	size_t from = 0;

	for (int i = 0; i < KEPT_PAGE_VALUES; i++) {
		http_body(r, body + from, at[i] - from);
		http_body_str(r, values[i]);
		from = at[i] + len[i];
	}
	http_body(r, body + from, n - from);
}

int
kept_page_fresh(const struct kept_page *k, int64_t version)
{
	return k->ok && k->version == version;
}

void
kept_page_serve(struct req *r, const struct kept_page *k,
    const char *const values[KEPT_PAGE_VALUES])
{
	splice(r, k->body.data, k->body.len, k->at, k->len, values);
}

int
kept_page_fill(struct req *r, const char *const marks[KEPT_PAGE_VALUES],
    const char *const values[KEPT_PAGE_VALUES])
{
	size_t at[KEPT_PAGE_VALUES], len[KEPT_PAGE_VALUES];
	struct buf page = r->resp.body;

	if (find_marks(page.data, page.len, marks, at, len) != 0)
		return -1;
	buf_init(&r->resp.body);
	splice(r, page.data, page.len, at, len, values);
	buf_free(&page);
	return 0;
}
