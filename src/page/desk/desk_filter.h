/*
 * desk_filter.h: reading the desk's filters from the query string (shared by
 * the desk page and its CSV export), and the signed-in person's scope.
 */
#ifndef SIDAN_PAGE_DESK_FILTER_H
#define SIDAN_PAGE_DESK_FILTER_H

#include "model/desk.h"
#include "lib/phone.h"
#include "page/part/page.h"

/* The filters as typed (for refilling the form) and as parsed. */
struct desk_query {
	struct desk_filter	 f;
	char			 state[16];
	char			 platform[32];
	char			 institute[64];
	char			 station[64];
	char			 from[11], to[11];
	char			 text[64];
	char			 code[16];	/* text read as a tracking code, or "" */
	char			 phone[PHONE_MAX];	/* text read as a phone number, or "" */
	const char		*problem;	/* a filter that could not be read, or NULL */
};

/* Returns the scope of the signed-in person (r->signin is set). */
struct scope	desk_scope(const struct req *r);
/* Reads the filters from r's query. Returns 0, or 500 on a db error; a bad
 * value is ignored and named in q->problem. */
int		desk_query_read(struct req *r, struct desk_query *q);
/* Appends the filters (not the page cursor) as a query string to b. */
void		desk_query_string(const struct desk_query *q, struct buf *b);

#endif
