/*
 * dispatch.h: what staff do to a request (中心派单): reject, dispatch to a
 * team, publish for volunteers to claim (抢单), change the due time, cancel,
 * and keep internal notes; the teams to suggest; the staff view of a
 * request with its contact details, each showing of which is recorded.
 * Every move checks the state machine and the version the person saw, so
 * two people acting at once cannot overwrite each other.
 */
#ifndef SIDAN_MODEL_DISPATCH_H
#define SIDAN_MODEL_DISPATCH_H

#include <stdint.h>

#include "model/db.h"
#include "model/order.h"

/* A staff action. Fields a move does not use are ignored. */
struct staff_move {
	int64_t		 order_id;
	int		 version;	/* the version the person acted on */
	int64_t		 user_id;
	const char	*to;		/* target state; NULL: no state change */
	const char	*reason;	/* shown to the resident (reject, cancel) */
	int64_t		 team_id;	/* dispatch */
	int64_t		 area_id;	/* publish */
	int64_t		 due_at;	/* 0: unchanged */
};

/* The private part of a request, for staff in scope. */
struct order_private {
	int	version;
	char	address[320];		/* up to 100 characters */
	char	need[1536];		/* up to 500 characters */
	char	wanted_time[128];
	char	contact_name[64];
	char	contact_phone[16];
	char	contact_email[128];
	int64_t	team_id;
	char	team_name[320];
	int64_t	area_id;
	char	area_name[320];
	int64_t	institute_id;		/* the 所 of the place (itself if a 所) */
	int64_t	platform_id;
};

/* A team to offer when dispatching. */
struct team_choice {
	int64_t		 id;
	const char	*name;
	int		 suggested;	/* specialty matches and area covers the place */
};

/* Applies m. Returns MODEL_OK; MODEL_BAD_STATE if the state machine refuses;
 * MODEL_DUPLICATE if someone changed the request since m->version (it was
 * not applied); or an error. */
enum model_err	dispatch_move(struct db *db, const struct staff_move *m);
/* Adds an internal note. */
enum model_err	dispatch_note(struct db *db, int64_t order_id, int64_t user_id,
		    const char *note);
/* Reads the private part of a request. The phone number in it is for the
 * page to mask: showing it whole is dispatch_reveal()'s. */
enum model_err	dispatch_private(struct db *db, int64_t order_id,
		    struct order_private *out);
/* Records that staff user_id was shown the resident's phone number of the
 * request, and why (PIPL). Returns MODEL_OK; or an error, and then the
 * number must not be shown. */
enum model_err	dispatch_reveal(struct db *db, int64_t order_id, int64_t user_id,
		    const char *reason);
/* Calls fn for each internal note, oldest first, with the author's name. */
enum model_err	dispatch_each_note(struct db *db, int64_t order_id,
		    void (*fn)(void *arg, int64_t at, const char *who, const char *note),
		    void *arg);
/* Calls fn for each active team covering the request's place, suggested
 * ones first, nearest first. */
enum model_err	dispatch_teams(struct db *db, const struct order *o,
		    const struct order_private *p,
		    void (*fn)(void *arg, const struct team_choice *), void *arg);
/* Returns 1 if team_id is an active team covering the place, 0 if not. */
int		dispatch_team_ok(struct db *db, const struct order *o,
		    const struct order_private *p, int64_t team_id);

#endif
