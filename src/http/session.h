/*
 * session.h: who is signed in on this request. Staff carry the cookie "sid",
 * volunteers "vsid" (both HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS);
 * each names a row of its sessions table. session_load() turns them into
 * req->signin and req->volunteer.
 */
#ifndef SIDAN_SESSION_H
#define SIDAN_SESSION_H

#include "http/http.h"
#include "model/auth.h"
#include "model/user.h"
#include "model/volunteer.h"

/* The signed-in staff member of a request. */
struct signin {
	struct user	user;
	struct session	sess;
};

/* The signed-in volunteer of a request. */
struct vsignin {
	struct volunteer	v;
	struct session		sess;
};

/* Loads the sessions named by the request's cookies into r->signin and
 * r->volunteer (each left NULL when there is none, or it ended). Returns 0,
 * or 503/500 on a db error. */
int	session_load(struct req *r);
/* Signs in (kind's account id): ends any session of that kind the request
 * had, starts a new one and sets its cookie. remember: the longer limits
 * of a volunteer's phone. Returns 0 or an HTTP error status. */
int	session_start(struct req *r, enum sess_kind kind, int64_t id, int remember);
/* Signs out of kind: ends the session on the server and clears the cookie. */
void	session_end(struct req *r, enum sess_kind kind);
/* Returns 1 if r's "csrf" field is the token of a session it carries. */
int	session_csrf_ok(struct req *r);

#endif
