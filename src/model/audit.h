/*
 * audit.h: the record of who was shown which resident's phone number and
 * why (contact_views), and the clearing of residents' contact details once
 * their requests are long closed (sidan purge, purge_runs), for the admin
 * to read.
 */
#ifndef SIDAN_MODEL_AUDIT_H
#define SIDAN_MODEL_AUDIT_H

#include <stdint.h>

#include "model/db.h"

struct contact_view {
	int64_t		 at;
	const char	*user;		/* the staff member's name */
	const char	*login;
	const char	*code;		/* the request */
	const char	*what;		/* page or export */
	const char	*reason;	/* why the number was shown ("" before reasons were asked) */
};

/* Calls fn for the latest showings, newest first (at most 500); only those
 * of login when it is not NULL. */
enum db_err	audit_each(struct db *db, const char *login,
		    void (*fn)(void *arg, const struct contact_view *), void *arg);

/* Clears the name, phone, email and address of every request closed
 * (rated, unrated, rejected, cancelled) before `before`, and records the run
 * (at now, for `days`) in the same transaction. Sets *cleared. Returns
 * DB_OK or an error (nothing cleared). */
enum db_err	audit_purge(struct db *db, int64_t now, long days, int *cleared);

/* The last purge: sets *at (0 if none ever ran), *days and *cleared.
 * Returns DB_OK or an error. */
enum db_err	audit_last_purge(struct db *db, int64_t *at, long *days, int *cleared);

#endif
