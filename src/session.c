/*
 * session.c: the session cookie and req->signin (see session.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "session.h"

int
session_load(struct req *r)
{
	const char *sid = kv_get(&r->cookies, "sid");
	struct signin *s;
	int found = 0;
	enum db_err e;

	r->signin = NULL;
	if (sid == NULL)
		return 0;
	s = xcalloc(1, sizeof(*s));
	e = auth_session_load(r->app->db, sid, &s->sess, &found);
	if (e != DB_OK || !found ||
	    user_by_id(r->app->db, s->sess.user_id, &s->user) != USER_OK ||
	    s->user.disabled || s->user.role >= ROLE__MAX) {
		free(s);
		return e == DB_OK ? 0 : e == DB_BUSY ? 503 : 500;
	}
	snprintf(s->sid, sizeof(s->sid), "%s", sid);
	r->signin = s;
	return 0;
}

/* Sets the cookie to value with max_age seconds (0: delete it). */
static void
set_cookie(struct req *r, const char *value, long max_age)
{
	char c[256];

	snprintf(c, sizeof(c), "sid=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s",
	    value, max_age, r->https ? "; Secure" : "");
	http_header(r, "Set-Cookie", c);
}

int
session_start(struct req *r, int64_t user_id)
{
	char sid[SESSION_ID_HEX + 1];
	const char *old = kv_get(&r->cookies, "sid");
	enum db_err e;

	/* A fresh id at every sign-in: an id planted before cannot be used. */
	if (old)
		auth_session_end(r->app->db, old);
	if ((e = auth_session_new(r->app->db, user_id, sid)) != DB_OK)
		return e == DB_BUSY || e == DB_FULL ? 503 : 500;
	set_cookie(r, sid, SESSION_LIFETIME);
	return 0;
}

void
session_end(struct req *r)
{
	const char *sid = kv_get(&r->cookies, "sid");

	if (sid)
		auth_session_end(r->app->db, sid);
	set_cookie(r, "", 0);
	free(r->signin);
	r->signin = NULL;
}

int
session_csrf_ok(struct req *r)
{
	const char *t = kv_get(&r->form, "csrf");

	if (r->signin == NULL || t == NULL || strlen(t) != SESSION_CSRF_HEX)
		return 0;
	return sodium_memcmp(t, r->signin->sess.csrf, SESSION_CSRF_HEX) == 0;
}
