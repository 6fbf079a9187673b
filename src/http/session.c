/*
 * session.c: the session cookies, req->signin and req->volunteer (see
 * session.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/app.h"
#include "http/session.h"
#include "model/err.h"

static const char *const cookie_name[SESS__MAX] = {
	[SESS_STAFF] = "sid", [SESS_VOLUNTEER] = "vsid",
};

/* Loads the staff session of the cookie, if any, into r->signin. */
static enum db_err
load_staff(struct req *r, const char *sid)
{
	struct signin *s = xcalloc(1, sizeof(*s));
	int found = 0;
	enum db_err e = auth_session_load(r->app->db, SESS_STAFF, sid, &s->sess, &found);

	if (e == DB_OK && found && user_by_id(r->app->db, s->sess.user_id, &s->user) == MODEL_OK &&
	    !s->user.disabled && s->user.role < ROLE__MAX) {
		r->signin = s;
		return DB_OK;
	}
	free(s);
	return e;
}

/* Loads the volunteer session of the cookie, if any, into r->volunteer. */
static enum db_err
load_volunteer(struct req *r, const char *sid)
{
	struct vsignin *s = xcalloc(1, sizeof(*s));
	int found = 0;
	enum db_err e = auth_session_load(r->app->db, SESS_VOLUNTEER, sid, &s->sess, &found);

	if (e == DB_OK && found &&
	    volunteer_by_id(r->app->db, s->sess.user_id, &s->v) == MODEL_OK &&
	    strcmp(s->v.status, "approved") == 0) {
		r->volunteer = s;
		return DB_OK;
	}
	free(s);
	return e;
}

int
session_load(struct req *r)
{
	const char *sid = kv_get(&r->cookies, cookie_name[SESS_STAFF]);
	const char *vsid = kv_get(&r->cookies, cookie_name[SESS_VOLUNTEER]);
	enum db_err e = DB_OK;

	r->signin = NULL;
	r->volunteer = NULL;
	if (sid)
		e = load_staff(r, sid);
	if (e == DB_OK && vsid)
		e = load_volunteer(r, vsid);
	return e == DB_OK ? 0 : model_status(model_err_of(e));
}

/* Sets kind's cookie to value with max_age seconds (0: delete it). */
static void
set_cookie(struct req *r, enum sess_kind kind, const char *value, long max_age)
{
	char c[256];

	snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s",
	    cookie_name[kind], value, max_age, r->https ? "; Secure" : "");
	http_header(r, "Set-Cookie", c);
}

int
session_start(struct req *r, enum sess_kind kind, int64_t id, int remember)
{
	char sid[SESSION_ID_HEX + 1];
	const char *old = kv_get(&r->cookies, cookie_name[kind]);
	enum db_err e;

	/* A fresh id at every sign-in: an id planted before cannot be used. */
	if (old)
		auth_session_end(r->app->db, kind, old);
	if ((e = auth_session_new(r->app->db, kind, id, remember, sid)) != DB_OK)
		return model_status(model_err_of(e));
	set_cookie(r, kind, sid, remember ? SESSION_REMEMBER_LIFETIME : SESSION_LIFETIME);
	return 0;
}

void
session_end(struct req *r, enum sess_kind kind)
{
	const char *sid = kv_get(&r->cookies, cookie_name[kind]);

	if (sid)
		auth_session_end(r->app->db, kind, sid);
	set_cookie(r, kind, "", 0);
	if (kind == SESS_STAFF) {
		free(r->signin);
		r->signin = NULL;
	} else {
		free(r->volunteer);
		r->volunteer = NULL;
	}
}

int
session_csrf_ok(struct req *r)
{
	const char *t = kv_get(&r->form, "csrf");

	if (t == NULL || strlen(t) != SESSION_CSRF_HEX)
		return 0;
	if (r->signin && sodium_memcmp(t, r->signin->sess.csrf, SESSION_CSRF_HEX) == 0)
		return 1;
	return r->volunteer && sodium_memcmp(t, r->volunteer->sess.csrf, SESSION_CSRF_HEX) == 0;
}
