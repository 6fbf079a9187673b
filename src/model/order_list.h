/*
 * order_list.h: requests as the public may see them, listed with filters
 * (Open311's GET requests). A row holds no personal data by construction:
 * the queries never read the contact fields, the address detail or the need
 * text, and the reason only of a rejected request (the center writes that
 * one for the resident; a cancel reason is the resident's own words).
 */
#ifndef SIDAN_MODEL_ORDER_LIST_H
#define SIDAN_MODEL_ORDER_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"
#include "model/order.h"

#define ORDER_LIST_MAX		1000	/* rows in one answer at most */
#define ORDER_LIST_CODES_MAX	100	/* tracking codes in one query at most */

/* Which requests a list wants, by their Open311 status (order_state_open311):
 * open is submitted, dispatched, published and accepted; closed is completed,
 * rated, unrated, rejected and cancelled. */
enum order_status {
	ORDER_STATUS_OPEN	= 1 << 0,
	ORDER_STATUS_CLOSED	= 1 << 1,
};

/* What to list. With codes, every other filter but limit is ignored (as
 * Open311 says of service_request_id). */
struct order_query {
	const char *const	*codes;		/* normalised tracking codes */
	size_t			 ncodes;	/* 0: none; at most ORDER_LIST_CODES_MAX */
	const char		*service_code;	/* NULL: any service, retired ones too */
	int64_t			 from, to;	/* created_at range, both inclusive */
	unsigned		 status;	/* enum order_status bits; 0: any */
	int			 limit;		/* 1 .. ORDER_LIST_MAX */
	int64_t			 offset;	/* rows skipped first (paging), >= 0 */
};

/* One request as the public sees it. Strings live while the callback runs. */
struct order_public {
	const char	*code;
	const char	*state;
	const char	*reason;	/* why it was rejected; "" in any other state */
	const char	*service_code;
	const char	*service_name;
	const char	*org_code;	/* the 站, 所 or center the request is for */
	const char	*org_name;
	const char	*institute_name; /* the 站's 所, or "" */
	int		 has_geo;	/* the request carried lat/lon */
	double		 lat, lon;
	int64_t		 created_at, updated_at, due_at;
};

/*
 * Calls fn for each request q selects, newest first, at most q->limit.
 * Returns MODEL_OK, MODEL_BUSY, or MODEL_ERROR (also for a query out of
 * bounds: too many codes, a limit outside 1..ORDER_LIST_MAX).
 */
enum model_err	order_list(struct db *db, const struct order_query *q,
		    void (*fn)(void *arg, const struct order_public *), void *arg);
/* Calls fn with the id and version (orders.public_version: up at every
 * change to what the public sees of it) of each request order_list would list for q,
 * in the same order, reading nothing else: a list's validator. Returns as
 * order_list does. */
enum model_err	order_list_versions(struct db *db, const struct order_query *q,
		    void (*fn)(void *arg, int64_t id, int64_t version), void *arg);

#endif
