/*
 * request.c: the path of a request through sidan. Input is validated here,
 * once, before any handler runs: the path, the query string, cookies and a
 * urlencoded body, with the limits of form.h and a cap on the body size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/csrf.h"
#include "http/http.h"
#include "http/request.h"
#include "http/route.h"
#include "http/session.h"
#include "lib/utf8.h"
#include "model/media.h"

/* Returns a copy of FastCGI param name, or NULL if absent. */
static char *
param_dup(FCGX_Request *f, const char *name)
{
	const char *v = FCGX_GetParam(name, f->envp);
	return v ? xstrdup(v) : NULL;
}

/* Maps a method name to enum http_method. */
static enum http_method
method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return METHOD_GET;
	if (strcmp(m, "HEAD") == 0)
		return METHOD_HEAD;
	if (strcmp(m, "POST") == 0)
		return METHOD_POST;
	return METHOD_OTHER;
}

/*
 * Reads the request line and headers nginx passed as params into r.
 * Returns 0, or an HTTP status for input that cannot be served.
 */
static int
read_params(struct req *r, FCGX_Request *f)
{
	const char *m = FCGX_GetParam("REQUEST_METHOD", f->envp);
	const char *uri = FCGX_GetParam("DOCUMENT_URI", f->envp);
	const char *q = FCGX_GetParam("QUERY_STRING", f->envp);
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", f->envp);
	const char *ck = FCGX_GetParam("HTTP_COOKIE", f->envp);
	const char *https = FCGX_GetParam("HTTPS", f->envp);
	enum form_err e;

	r->method_name = m ? m : "";
	r->method = method_of(r->method_name);
	r->remote_addr = param_dup(f, "REMOTE_ADDR");
	r->origin = param_dup(f, "HTTP_ORIGIN");
	r->if_none_match = param_dup(f, "HTTP_IF_NONE_MATCH");
	r->host = param_dup(f, "HTTP_HOST");
	{
		const char *port = FCGX_GetParam("SERVER_PORT", f->envp);
		r->port = port ? atoi(port) : 0;
	}
	r->content_type = param_dup(f, "CONTENT_TYPE");
	r->https = https && (strcasecmp(https, "on") == 0);
	/* nginx gives the decoded, normalised path; check it like any input. */
	r->path = xstrdup(uri && *uri ? uri : "/");
	if (!utf8_valid(r->path, strlen(r->path)))
		return 400;
	if (cl && *cl) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (*end != '\0' || cl[0] == '-')
			return 400;
		r->content_length = n > SIZE_MAX ? SIZE_MAX : (size_t)n;
	}
	if (q && *q &&
	    (e = form_parse_urlencoded(&r->query, q, strlen(q), NULL)) != FORM_OK) {
		fprintf(stderr, "sidan: %s: query: %s\n", r->id, form_strerror(e));
		return 400;
	}
	if (ck && *ck &&
	    (e = form_parse_cookies(&r->cookies, ck, strlen(ck), NULL)) != FORM_OK) {
		fprintf(stderr, "sidan: %s: cookie: %s\n", r->id, form_strerror(e));
		return 400;
	}
	return 0;
}

/* Reads exactly want bytes of the body, handing them to sink in chunks of
 * at most 64 KiB. Returns 0, or 400 when the client sent less. */
static int
read_stream(FCGX_Request *f, size_t want,
    int (*sink)(void *arg, const char *p, size_t n), void *arg)
{
	static char chunk[65536];
	size_t got = 0;

	while (got < want) {
		size_t ask = want - got < sizeof(chunk) ? want - got : sizeof(chunk);
		int n = FCGX_GetStr(chunk, (int)ask, f->in);
		if (n <= 0)
			return 400;	/* the client sent less than it announced */
		if (sink(arg, chunk, (size_t)n) != 0) {
			/* Read on and drop the rest, so the answer reaches the client. */
			for (got += (size_t)n; got < want; got += (size_t)n) {
				ask = want - got < sizeof(chunk) ? want - got : sizeof(chunk);
				if ((n = FCGX_GetStr(chunk, (int)ask, f->in)) <= 0)
					break;
			}
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

/* read_stream's sink for an urlencoded body: collects it in a buf. */
static int
sink_buf(void *arg, const char *p, size_t n)
{
	buf_append(arg, p, n);
	return 0;
}

/* read_stream's sink for a multipart body: feeds the parser. */
static int
sink_multipart(void *arg, const char *p, size_t n)
{
	return multipart_feed(arg, p, n) == MP_OK ? 0 : -1;
}

/* Returns 1 if the Content-Type ct names type (followed by nothing or ';'). */
static int
ctype_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	return strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

/* Reads a multipart body into r->form and r->uploads. Returns 0 or a status. */
static int
read_multipart(struct req *r, FCGX_Request *f)
{
	char tmp[600];
	enum multipart_err e;
	struct multipart *mp = multipart_new(r->content_type,
	    media_tmpdir(r->app->media_dir, tmp, sizeof(tmp)), &r->form, &r->uploads,
	    NULL, &e);
	int rc;

	if (mp == NULL)
		return 400;
	rc = read_stream(f, r->content_length, sink_multipart, mp);
	if (rc == 0)
		e = multipart_finish(mp);
	else
		e = multipart_feed(mp, "", 0);	/* the error that stopped it */
	multipart_free(mp);
	if (rc == 400)
		return 400;
	if (e != MP_OK) {
		fprintf(stderr, "sidan: %s: multipart: %s\n", r->id, multipart_strerror(e));
		return e == MP_ETEMP ? 503 : e == MP_ETOOMANY ? 413 : 400;
	}
	return 0;
}

/*
 * Reads and parses a POST body (dispatch has already refused one that is too
 * large): urlencoded, or multipart/form-data on a route that takes photos.
 * Returns 0 or an HTTP status.
 */
static int
read_body(struct req *r, FCGX_Request *f, const struct route *rt)
{
	const char *ct = r->content_type ? r->content_type : "";
	struct buf body;
	enum form_err e;
	int rc;

	if (r->content_length == 0)
		return 0;
	if ((rt->flags & ROUTE_UPLOAD) && ctype_is(ct, "multipart/form-data"))
		return read_multipart(r, f);
	if (!ctype_is(ct, "application/x-www-form-urlencoded"))
		return 415;
	buf_init(&body);
	if ((rc = read_stream(f, r->content_length, sink_buf, &body)) != 0) {
		buf_free(&body);
		return 400;
	}
	e = form_parse_urlencoded(&r->form, body.data ? body.data : "", body.len, NULL);
	buf_free(&body);
	if (e != FORM_OK) {
		fprintf(stderr, "sidan: %s: form: %s\n", r->id, form_strerror(e));
		return 400;
	}
	return 0;
}

/* Sends a person who is not signed in to the sign-in page, to come back
 * to the page they asked for. Returns 0. */
static int
login_redirect(struct req *r, const char *login)
{
	struct buf url;
	int rc;

	buf_init(&url);
	buf_puts(&url, login);
	buf_puts(&url, "?next=");
	url_encode(&url, r->path);
	rc = http_redirect(r, url.data);
	buf_free(&url);
	return rc;
}

/*
 * Returns 1 if a POST carries the right form token: on a page for signed-in
 * people, the session's; on a public page, the anonymous form's (or, for
 * the few public forms posted with a session, such as sign-in, the session's).
 */
static int
post_token_ok(struct req *r, const struct route *rt)
{
	if (!(rt->who & WHO_ANYONE))
		return session_csrf_ok(r);
	return kv_get(&r->form, "nonce") ? csrf_form_ok(r) : session_csrf_ok(r);
}

/* Routes r and runs its handler. Returns 0 or an HTTP error status. */
static int
dispatch(struct req *r, FCGX_Request *f)
{
	const struct route *rt;
	int status;

	/* Refuse an oversized body before anything else, without reading it:
	 * the routes that take photos have their own, larger limit. */
	if (r->content_length > r->app->cfg->max_upload)
		return 413;
	switch (route_match(r, &rt, r->allow, sizeof(r->allow))) {
	case ROUTE_NOT_FOUND:
		return r->content_length > r->app->cfg->max_body ? 413 : 404;
	case ROUTE_BAD_METHOD:
		/* page_error sends r->allow */
		return r->content_length > r->app->cfg->max_body ? 413 : 405;
	case ROUTE_FOUND:
		break;
	}
	if (r->content_length > r->app->cfg->max_body && !(rt->flags & ROUTE_UPLOAD))
		return 413;
	if ((status = session_load(r)) != 0)
		return status;
	if (!(rt->who & WHO_ANYONE)) {
		/* Deny by default: the route must name the person's role. */
		unsigned who = (r->signin ? who_of_role(r->signin->user.role) : 0) |
		    (r->volunteer ? WHO_VOLUNTEER : 0);
		if (!(rt->who & who)) {
			if (r->method == METHOD_POST || who != 0)
				return 403;
			return login_redirect(r, rt->who == WHO_VOLUNTEER ? "/v/login" : "/login");
		}
	}
	if (r->method == METHOD_POST && (status = read_body(r, f, rt)) != 0)
		return status;
	if (kv_first_repeated(&r->query, rt->multi) ||
	    kv_first_repeated(&r->form, rt->multi))
		return 400;
	/* Every state change from a browser carries a form token: the
	 * session's when signed in, else the anonymous form's. */
	if (r->method == METHOD_POST && !(rt->flags & ROUTE_API) &&
	    (!csrf_origin_ok(r) || !post_token_ok(r, rt)))
		return 403;
	return rt->handler(r);
}

/* Writes one log line: time, method, path, status, duration, request id.
 * No query string, no body, no cookies: they may hold personal data. */
static void
log_request(const struct req *r)
{
	char when[20];

	time_format_cst(now_unix(), when);
	fprintf(stderr, "%s %s %s %d %lldms id=%s\n", when, r->method_name,
	    r->path ? r->path : "-", r->resp.status,
	    (long long)(now_ms_mono() - r->t0_ms), r->id);
}

void
request_serve(struct app *app, FCGX_Request *f)
{
	struct req r;
	struct buf out;
	int status;

	req_init(&r, app);
	status = read_params(&r, f);
	/* A page that only shows reads one snapshot (db_read_begin); a
	 * POST takes the write lock when it needs it. */
	if (status == 0 && r.method != METHOD_POST)
		db_read_begin(app->db);
	if (status == 0)
		status = dispatch(&r, f);
	if (status != 0)
		route_error(&r, status);
	db_read_end(app->db);
	buf_init(&out);
	http_serialize(&r, &out);
	FCGX_PutStr(out.data, (int)out.len, f->out);
	buf_free(&out);
	log_request(&r);
	req_free(&r);
}
