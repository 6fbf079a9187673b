/*
 * audit.h: the record of who was shown which resident's phone number and
 * why (contact_views), and the clearing of residents' contact details, and
 * of the photos they sent, once their requests are long closed (sidan
 * purge, purge_runs), for the admin to read.
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

/* The cut-off of a purge at now for days: requests closed and last changed
 * before it lose their contact details and photos. */
int64_t		audit_purge_before(int64_t now, long days);
/* Removes the photos residents sent with the requests a purge at now for
 * days clears (the same cut-off as audit_purge), and their files in the
 * media store media_dir unless another photo names them. Volunteers' and
 * news photos stay. Sets *removed (photos). Returns DB_OK or an error. */
enum db_err	audit_purge_photos(struct db *db, const char *media_dir, int64_t now,
		    long days, int *removed);

/* The last purge: sets *at (0 if none ever ran), *days and *cleared.
 * Returns DB_OK or an error. */
enum db_err	audit_last_purge(struct db *db, int64_t *at, long *days, int *cleared);

#endif
