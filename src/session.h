/*
 * session.h: who is signed in on this request. The session cookie "sid"
 * (HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS) names a row of the
 * sessions table; session_load() turns it into req->signin.
 */
#ifndef SIDAN_SESSION_H
#define SIDAN_SESSION_H

#include "http.h"
#include "model/auth.h"
#include "model/user.h"

/* The signed-in person of a request. */
struct signin {
	struct user	user;
	struct session	sess;
	char		sid[SESSION_ID_HEX + 1];
};

/* Loads the session named by the request's cookie into r->signin (left NULL
 * when there is none, or it ended). Returns 0, or 503/500 on a db error. */
int	session_load(struct req *r);
/* Signs user_id in: ends any session the request had, starts a new one and
 * sets its cookie. Returns 0 or an HTTP error status. */
int	session_start(struct req *r, int64_t user_id);
/* Signs out: ends the session on the server and clears the cookie. */
void	session_end(struct req *r);
/* Returns 1 if r's "csrf" field is the signed-in session's token. */
int	session_csrf_ok(struct req *r);

#endif
