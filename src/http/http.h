/*
 * http.h: one request and its response. struct req holds copies of what the
 * request core read from FastCGI (method, path, parsed query, form, cookies)
 * and the response being built. It is passed explicitly to every handler;
 * nothing per-request lives in globals.
 *
 * The response builder is a small state machine, HEAD -> BODY -> SENT:
 * a header may only be added in HEAD, and the first body byte moves it to
 * BODY. Everything is buffered and written with one call in http_send().
 */
#ifndef SIDAN_HTTP_H
#define SIDAN_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "http/form.h"
#include "http/multipart.h"
#include "lib/util.h"
#include "model/code.h"

struct app;
struct signin;
struct vsignin;

enum http_method {
	METHOD_GET = 0,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_OTHER,
	METHOD__MAX
};

enum resp_state {
	RESP_HEAD = 0,		/* status and headers may be set */
	RESP_BODY,		/* body started: no more headers */
	RESP_SENT		/* written to the client */
};

struct resp {
	enum resp_state	 state;
	int		 status;
	int		 has_ctype;	/* a Content-Type was set */
	struct buf	 head;		/* "Name: value\r\n" lines */
	struct buf	 body;
};

#define REQ_MAX_PARAMS 4

struct req {
	struct app		*app;		/* the worker's store and settings */
	struct signin		*signin;	/* the signed-in staff member, or NULL (session.h) */
	struct vsignin		*volunteer;	/* the signed-in volunteer, or NULL */
	enum http_method	 method;
	const char		*method_name;	/* as sent, e.g. "GET" */
	char			*path;		/* decoded path, no query */
	char			*remote_addr;
	char			*origin;	/* Origin header, or NULL */
	char			*if_none_match;	/* If-None-Match header, or NULL */
	char			*host;		/* host name nginx passes (no port), or NULL */
	int			 port;		/* the port the request came to */
	int			 https;		/* served over HTTPS */
	size_t			 content_length;
	char			*content_type;
	struct kvlist		 query;
	struct kvlist		 form;		/* POST body's fields (urlencoded, or multipart's text) */
	struct uploads		 uploads;	/* a multipart body's files (ROUTE_UPLOAD routes only);
						 * req_free removes their temporary files */
	struct kvlist		 cookies;
	char			*pathbuf;	/* copy of path cut into params */
	const char		*params[REQ_MAX_PARAMS]; /* {name} parts of path, as sent */
	size_t			 nparams;
	/* The typed parts of the path, read by the router before the handler
	 * runs (route.h): a path whose {id} or {code} is not one never
	 * reaches a handler. */
	int64_t			 path_id;	/* {id}: a record id (lib/id.h); 0 if none */
	char			 path_code[CODE_LEN + 1]; /* {code}: a tracking code as
						 * code_parse writes it; "" if none */
	char			 allow[32];	/* Allow header value for a 405 */
	char			 id[17];	/* request id, 16 hex digits */
	int64_t			 t0_ms;		/* monotonic start time */
	struct resp		 resp;
};

/* Prepares r for a new request: empties everything, new id, start time. */
void	 req_init(struct req *r, struct app *app);
/* Frees what r holds; r can then be reused by req_init. */
void	 req_free(struct req *r);

/* Sets the status (default 200). Only in state HEAD. */
void	 http_status(struct req *r, int status);
/* Adds a header line. Only in state HEAD; asserted. */
void	 http_header(struct req *r, const char *name, const char *value);
/* Appends to the body, moving to state BODY. */
void	 http_body(struct req *r, const void *p, size_t n);
void	 http_body_str(struct req *r, const char *s);
/* Gives the response the validator tag (sent as the weak ETag W/"tag";
 * tag is letters, digits, '-' and '.'): it must change whenever what the
 * response shows changes. When the request's If-None-Match names it (or is
 * "*"), the response becomes 304 Not Modified with no body, and the handler
 * returns 0 at once, rendering nothing. Returns 1 for a 304, else 0. */
int	 http_etag(struct req *r, const char *tag);
/* Answers 303 See Other to location (a path on this site), never cached.
 * Returns 0, for a handler to return. */
int	 http_redirect(struct req *r, const char *location);
/* Forgets status, headers and body so an error page can replace them.
 * Only before http_send. */
void	 http_reset(struct req *r);
/* Returns the reason phrase for status. */
const char *http_reason(int status);
/*
 * Builds the whole response (status line, the security headers every
 * response carries, Content-Length, and the body unless HEAD) into out.
 * Moves to state SENT.
 */
void	 http_serialize(struct req *r, struct buf *out);

#endif
