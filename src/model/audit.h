/*
 * audit.h: the record of who was shown which resident's phone number
 * (contact_views), for the admin to read.
 */
#ifndef SIDAN_MODEL_AUDIT_H
#define SIDAN_MODEL_AUDIT_H

#include <stdint.h>

#include "../db.h"

struct contact_view {
	int64_t		 at;
	const char	*user;		/* the staff member's name */
	const char	*login;
	const char	*code;		/* the request */
	const char	*what;		/* page or export */
};

/* Calls fn for the latest showings, newest first (at most 500); only those
 * of login when it is not NULL. */
enum db_err	audit_each(struct db *db, const char *login,
		    void (*fn)(void *arg, const struct contact_view *), void *arg);

#endif
