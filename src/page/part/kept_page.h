/*
 * kept_page.h: a page a worker renders once and serves again and again,
 * with a few per-visitor values (a form's nonce and token) put in at each
 * view. The page is rendered with a marker in place of each value; the
 * kept copy remembers where the markers were and the version of the data
 * it shows (the caller's number: change_counts, say), and is served only
 * while that version holds.
 */
#ifndef SIDAN_KEPT_PAGE_H
#define SIDAN_KEPT_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "lib/util.h"

#define KEPT_PAGE_VALUES	2

struct kept_page {
	struct buf	body;		/* the page, markers included */
	int		ok;		/* body is a page worth serving */
	int64_t		version;	/* of the data it shows */
	size_t		at[KEPT_PAGE_VALUES];	/* where each marker starts */
	size_t		len[KEPT_PAGE_VALUES];	/* and its length */
};

/*
 * Keeps body (n bytes, a page rendered with marks[i] in place of value i)
 * as showing data at version. Each mark must be in it exactly once, in the
 * order given; else nothing is kept. Returns 0 if kept, -1 if not.
 */
int	kept_page_store(struct kept_page *k, const char *body, size_t n, int64_t version,
	    const char *const marks[KEPT_PAGE_VALUES]);
/* Returns 1 if k holds a page showing data at version, else 0. */
int	kept_page_fresh(const struct kept_page *k, int64_t version);
/* Appends k's page (fresh: see above) to r's body, values[i] in place of
 * mark i. The caller has set the status and headers. */
void	kept_page_serve(struct req *r, const struct kept_page *k,
	    const char *const values[KEPT_PAGE_VALUES]);
/*
 * Puts values[i] in place of marks[i] in r's body, as rendered (each mark
 * once). Returns 0, or -1 if a mark is missing (the body is then as it was).
 */
int	kept_page_fill(struct req *r, const char *const marks[KEPT_PAGE_VALUES],
	    const char *const values[KEPT_PAGE_VALUES]);

#endif
