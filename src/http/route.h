/*
 * route.h: the routing table. Each route is {method, path pattern, handler,
 * who may use it, which fields may repeat}, one row per thing the site does.
 * Patterns are literal segments and {name} segments, which match one
 * non-empty segment and are handed to the handler in req->params, in order.
 * Two names are typed and read before the handler runs: {id} (a record id,
 * lib/id.h, into req->path_id) and {code} (a tracking code, model/code.h,
 * into req->path_code); a segment that is not one matches no route.
 */
#ifndef SIDAN_ROUTE_H
#define SIDAN_ROUTE_H

#include "http/http.h"

/* Who may use a route: a bit per role; WHO_ANYONE includes the anonymous.
 * Deny by default: a route lists every role it admits. */
enum who {
	WHO_ANYONE	= 1 << 0,
	WHO_ADMIN	= 1 << 1,
	WHO_DISPATCHER	= 1 << 2,
	WHO_INSTITUTE	= 1 << 3,	/* 所 staff */
	WHO_STATION	= 1 << 4,	/* 站 staff */
	WHO_LEADER	= 1 << 5,	/* team leaders */
	WHO_VOLUNTEER	= 1 << 6,	/* approved volunteers, signed in with "vsid" */
	WHO_DESK	= WHO_ADMIN | WHO_DISPATCHER | WHO_INSTITUTE | WHO_STATION,
	WHO_STAFF	= WHO_DESK | WHO_LEADER,
};

/* A handler fills r's response and returns 0, or returns an HTTP error
 * status (400..599) and leaves the response to the error page. */
typedef int (*handler_fn)(struct req *r);

/* Route flags. */
enum route_flag {
	ROUTE_API	= 1 << 0,	/* machine clients: no form token (Open311 uses api_key) */
	ROUTE_UPLOAD	= 1 << 1,	/* takes photos: a multipart/form-data body up to
					 * max_upload (nginx: the upload location of
					 * deploy/nginx/sidan-server.conf must list it) */
};

struct route {
	enum http_method	 method;	/* GET also answers HEAD */
	const char		*pattern;
	handler_fn		 handler;
	unsigned		 who;
	unsigned		 flags;		/* enum route_flag */
	const char *const	*multi;		/* fields that may repeat, or NULL */
};

enum route_result {
	ROUTE_FOUND = 0,
	ROUTE_NOT_FOUND,	/* no pattern matches the path: 404 */
	ROUTE_BAD_METHOD	/* a pattern matches, not with this method: 405 */
};

/*
 * Finds the route for r's method and path, and fills r->params.
 * On ROUTE_BAD_METHOD, allow (size allowlen) receives the Allow header value.
 */
enum route_result route_match(struct req *r, const struct route **found,
	    char *allow, size_t allowlen);

/* Returns the WHO_ bit of a role (enum role in model/user.h), 0 if none. */
unsigned	who_of_role(int role);

/* The one error-page call of the request core: answers status in the
 * Open311 error format for a path under /open311/, else with the site's
 * error page. */
void		route_error(struct req *r, int status);

/* The table itself, for tests that walk every route. */
const struct route *route_table(size_t *n);

#endif
