/*
 * auth.h: signed-in sessions and the record of failed sign-ins. A session id
 * is 128 random bits; the database keeps only its SHA-256, so a copy of the
 * database lets nobody sign in. Each session has its own CSRF secret.
 */
#ifndef SIDAN_MODEL_AUTH_H
#define SIDAN_MODEL_AUTH_H

#include <stdint.h>

#include "model/db.h"

#define SESSION_ID_HEX		32	/* 16 bytes, hex */
#define SESSION_CSRF_HEX	64	/* 32 bytes, hex */
#define SESSION_IDLE		(30 * 60)
#define SESSION_LIFETIME	(12 * 3600)

#define LOGIN_WINDOW		(15 * 60)	/* failures counted over this */
#define LOGIN_MAX_PER_ACCOUNT	5
#define LOGIN_MAX_PER_CLIENT	20

/* Whose session: staff (users, cookie "sid") or volunteers (cookie "vsid"). */
enum sess_kind {
	SESS_STAFF = 0,
	SESS_VOLUNTEER,
	SESS__MAX
};

#define SESSION_REMEMBER_IDLE		(7 * 86400)	/* volunteers on a phone */
#define SESSION_REMEMBER_LIFETIME	(30 * 86400)

struct session {
	int64_t	user_id;	/* users.id or volunteers.id, by kind */
	int	remember;
	char	csrf[SESSION_CSRF_HEX + 1];	/* the token forms carry */
	int64_t	created_at, seen_at, expires_at;
};

/* Starts a session of kind for id (remember: the longer volunteer limits);
 * writes its id (hex) into sid_out. Returns DB_OK or an error. */
enum db_err	auth_session_new(struct db *db, enum sess_kind kind, int64_t id, int remember,
		    char sid_out[SESSION_ID_HEX + 1]);
/* Loads the live session of kind with this id and notes the activity.
 * Returns DB_OK with *found 1 or 0 (unknown, idle too long, expired, or
 * the account is disabled). */
enum db_err	auth_session_load(struct db *db, enum sess_kind kind, const char *sid,
		    struct session *out, int *found);
/* Ends the session of kind with this id (if any). */
enum db_err	auth_session_end(struct db *db, enum sess_kind kind, const char *sid);

/* Returns the seconds to wait before login may be tried again from client,
 * or 0 if it may be tried now; -1 on a database error. */
int64_t		auth_login_wait(struct db *db, const char *login, const char *client);
/* Records a failed sign-in for login and client. */
enum db_err	auth_login_failed(struct db *db, const char *login, const char *client);
/* Forgets the failures of login after it signed in. */
enum db_err	auth_login_ok(struct db *db, const char *login);

#endif
