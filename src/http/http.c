/*
 * http.c: the response builder of struct req, and request set-up and
 * clean-up. The security headers are added here, once, so that no response,
 * error pages included, can leave without them.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "http/http.h"

/* Sent on every response. No inline script, nothing from other hosts. */
static const char security_headers[] =
	"Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
	"style-src 'self'; script-src 'self'; object-src 'none'; "
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: same-origin\r\n"
	"X-Frame-Options: DENY\r\n";

static int	id_seeded, id_hooked;

/* In a forked child: its requests need their own prefix. */
static void
request_id_forget(void)
{
	id_seeded = 0;
}

/* Writes the next request id of this process into id: 4 random bytes
 * drawn once per process (so workers' ids differ) and a counter, in hex.
 * Ids only tie a log line to an error page; they need not be secret, and
 * drawing 8 random bytes per request cost a system call each. */
static void
request_id_next(char id[17])
{
	static uint32_t counter;
	static unsigned char prefix[4];
	unsigned char raw[8];

	/* A new prefix in each process: at first use, and in a forked child
	 * (told by pthread_atfork, not by a getpid system call a request). */
	if (!id_seeded) {
		if (!id_hooked && pthread_atfork(NULL, NULL, request_id_forget) == 0)
			id_hooked = 1;
		randombytes_buf(prefix, sizeof(prefix));
		randombytes_buf(&counter, sizeof(counter));
		id_seeded = 1;
	}
	counter++;
	memcpy(raw, prefix, 4);
	raw[4] = (unsigned char)(counter >> 24);
	raw[5] = (unsigned char)(counter >> 16);
	raw[6] = (unsigned char)(counter >> 8);
	raw[7] = (unsigned char)counter;
	hex_encode(raw, sizeof(raw), id);
}

void
req_init(struct req *r, struct app *app)
{
	memset(r, 0, sizeof(*r));
	r->app = app;
	r->method = METHOD_OTHER;
	r->method_name = "";
	r->resp.status = 200;
	request_id_next(r->id);
	r->t0_ms = now_ms_mono();
}

void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	free(r->path);
	free(r->pathbuf);
	free(r->signin);
	free(r->volunteer);
	free(r->remote_addr);
	free(r->origin);
	free(r->if_none_match);
	free(r->host);
	free(r->content_type);
	kvlist_free(&r->query);
	kvlist_free(&r->form);
	kvlist_free(&r->cookies);
	uploads_free(&r->uploads);
	buf_free(&r->resp.head);
	buf_free(&r->resp.body);
}

void
http_status(struct req *r, int status)
{
	assert(r->resp.state == RESP_HEAD);
	assert(status >= 100 && status <= 599);
	r->resp.status = status;
}

void
http_header(struct req *r, const char *name, const char *value)
{
	assert(r->resp.state == RESP_HEAD);
	/* A header value never holds a line break: callers pass constants or
	 * values they built; this is an invariant, not input validation. */
	assert(strpbrk(name, "\r\n:") == NULL);
	assert(strpbrk(value, "\r\n") == NULL);
	if (strcasecmp(name, "Content-Type") == 0)
		r->resp.has_ctype = 1;
	buf_printf(&r->resp.head, "%s: %s\r\n", name, value);
}

void
http_body(struct req *r, const void *p, size_t n)
{
	assert(r->resp.state != RESP_SENT);
	r->resp.state = RESP_BODY;
	buf_append(&r->resp.body, p, n);
}

void
http_body_str(struct req *r, const char *s)
{
	http_body(r, s, strlen(s));
}

int
http_redirect(struct req *r, const char *location)
{
	http_status(r, 303);
	http_header(r, "Location", location);
	http_header(r, "Cache-Control", "no-store");
	return 0;
}

void
http_reset(struct req *r)
{
	assert(r->resp.state != RESP_SENT);
	r->resp.state = RESP_HEAD;
	r->resp.status = 200;
	r->resp.has_ctype = 0;
	buf_reset(&r->resp.head);
	buf_reset(&r->resp.body);
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Unknown";
	}
}

/* Returns 1 if the If-None-Match list inm names tag (weak comparison: a
 * W/ prefix is ignored on either side, as after nginx's gzip), else 0. */
static int
etag_listed(const char *inm, const char *tag)
{
	size_t n = strlen(tag);
	const char *p = inm;

	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			return 0;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p == '"' && strncmp(p + 1, tag, n) == 0 && p[n + 1] == '"')
			return 1;
		p += strcspn(p, ",");
	}
}

int
http_etag(struct req *r, const char *tag)
{
	char v[160];

	assert(r->resp.state == RESP_HEAD);
	snprintf(v, sizeof(v), "W/\"%s\"", tag);
	http_header(r, "ETag", v);
	if (r->if_none_match == NULL || !etag_listed(r->if_none_match, tag) ||
	    (r->method != METHOD_GET && r->method != METHOD_HEAD))
		return 0;
	http_status(r, 304);
	return 1;
}

void
http_serialize(struct req *r, struct buf *out)
{
	struct resp *p = &r->resp;

	assert(p->state != RESP_SENT);
	/* FastCGI sends the status as a "Status:" header. */
	buf_printf(out, "Status: %d %s\r\n", p->status, http_reason(p->status));
	if (!p->has_ctype && p->status != 304)
		buf_puts(out, "Content-Type: text/html; charset=utf-8\r\n");
	buf_puts(out, security_headers);
	buf_printf(out, "X-Request-Id: %s\r\n", r->id);
	/* A 304 has no body, and no length of the body it stands for. */
	if (p->status != 304)
		buf_printf(out, "Content-Length: %zu\r\n", p->body.len);
	buf_append(out, p->head.data ? p->head.data : "", p->head.len);
	buf_puts(out, "\r\n");
	if (r->method != METHOD_HEAD && p->status != 304)
		buf_append(out, p->body.data ? p->body.data : "", p->body.len);
	p->state = RESP_SENT;
}
