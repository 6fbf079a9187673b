/*
 * activity.h: activities (每月有活动、文明实践365): creating them, listing
 * them by month, site, platform or project, signing up and withdrawing
 * (never past capacity), sign-in and sign-out by a rotating QR code, and
 * the records of service that sign-out makes for the organiser to confirm.
 */
#ifndef SIDAN_MODEL_ACTIVITY_H
#define SIDAN_MODEL_ACTIVITY_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"
#include "model/scope.h"

/* One activity as lists and pages show it. Strings live until the next
 * call into the model. */
struct activity {
	int64_t		 id;
	const char	*title;
	const char	*platform;	/* platform name */
	const char	*platform_code;
	const char	*project;	/* project name, "" if none */
	const char	*project_code;
	int64_t		 org_id;
	const char	*org_code;
	const char	*org_name;	/* the site that organises it */
	const char	*place;		/* where exactly, "" if at the site */
	int64_t		 starts_at, ends_at;
	int		 capacity;
	int		 signed_up;	/* current sign-ups (withdrawn not counted) */
	const char	*summary;
	const char	*open_to;	/* all, area, team */
	int64_t		 team_id;	/* 0 unless open_to is team */
	const char	*team;		/* team name, "" unless open_to is team */
	const char	*status;	/* open, cancelled */
	int64_t		 created_by;
	int		 is_demo;
};

/* Which activities a list wants: 0 / NULL fields do not filter. org_id
 * matches the site and everything under it. */
struct activity_filter {
	int64_t		 org_id;
	int64_t		 platform_id;
	int64_t		 project_id;
	int64_t		 from, until;	/* starts_at in [from, until); until 0 = no end */
	int		 limit;		/* 0 = no limit */
};

/* Calls fn for each activity matching f that is not cancelled, by start
 * time (soonest first). Returns DB_OK or an error. */
enum db_err	activity_each(struct db *db, const struct activity_filter *f,
		    void (*fn)(void *arg, const struct activity *), void *arg);

/* Calls fn(arg, org_id, n) for each site with activities starting in
 * [from, until), counting each activity at its own site only. */
enum db_err	activity_count_by_org(struct db *db, int64_t from, int64_t until,
		    void (*fn)(void *arg, int64_t org_id, int n), void *arg);

/* Finds activity id (cancelled too): calls fn once and sets *found to 1,
 * or sets it to 0. Returns DB_OK or an error. */
enum db_err	activity_find(struct db *db, int64_t id,
		    void (*fn)(void *arg, const struct activity *), void *arg, int *found);

/* Returns 1 if activity id is in scope, 0 if not (or no such), -1 on error. */
int		activity_in_scope(struct db *db, const struct place_scope *sc, int64_t id);
/* Calls fn for each activity in scope that ends at or after since, cancelled
 * ones too, soonest first (at most 200). */
enum db_err	activity_each_in_scope(struct db *db, const struct place_scope *sc,
		    int64_t since, void (*fn)(void *arg, const struct activity *), void *arg);

/* A new activity, validated by the page. */
struct activity_new {
	const char	*title, *place, *summary;
	int64_t		 platform_id, project_id;	/* project 0 = none */
	int64_t		 org_id;
	int64_t		 starts_at, ends_at;
	int		 capacity;
	const char	*open_to;			/* all, area, team */
	int64_t		 team_id;			/* for team */
	int64_t		 created_by;
};


/* Creates an activity with a fresh QR key. Returns MODEL_OK and its id. */
enum model_err	activity_create(struct db *db, const struct activity_new *n, int64_t *id);
/* Cancels an open activity. */
enum model_err	activity_cancel(struct db *db, int64_t id);

/* Signs volunteer vid up for activity id, under the write lock, so that
 * never more than capacity are signed up. */
enum model_err	activity_signup(struct db *db, int64_t id, int64_t vid, int64_t now);
/* Returns what activity_signup would answer now (MODEL_OK: it would take
 * vid), without changing anything: for the page to offer only what works. */
enum model_err	activity_can_join(struct db *db, int64_t id, int64_t vid, int64_t now);
/* Withdraws vid's sign-up (before the activity starts). */
enum model_err	activity_withdraw(struct db *db, int64_t id, int64_t vid, int64_t now);

/* One volunteer's place in an activity. */
struct activity_signup {
	int64_t		 volunteer_id;
	const char	*name;
	const char	*number;
	const char	*state;		/* signed, withdrawn, "" if never */
	int64_t		 signed_at, checkin_at, checkout_at;	/* 0 if not */
	int64_t		 hour_id;	/* 0 until signed out */
	int		 minutes;	/* of the record, 0 if none */
	const char	*hour_status;	/* pending, confirmed, "" */
};
/* A volunteer's own sign-up, copied out. */
struct activity_mine {
	char	state[12];		/* signed, withdrawn, "" if never */
	int64_t	checkin_at, checkout_at;	/* 0 if not */
	int	minutes;		/* of the record made at sign-out */
	char	hour_status[12];	/* pending, confirmed, "" */
};
/* Fills out with vid's sign-up of activity id. Returns DB_OK or an error. */
enum db_err	activity_mine(struct db *db, int64_t id, int64_t vid, struct activity_mine *out);
/* Calls fn for each sign-up of activity id (withdrawn too), in order of
 * signing up. */
enum db_err	activity_each_signup(struct db *db, int64_t id,
		    void (*fn)(void *arg, const struct activity_signup *), void *arg);
/* Calls fn for each activity vid is signed up for that ends at or after since. */
enum db_err	activity_each_of(struct db *db, int64_t vid, int64_t since,
		    void (*fn)(void *arg, const struct activity *), void *arg);

/* Sign-in and sign-out codes (model/activity_qr.c). The organiser's screen shows a code that
 * changes every ACTIVITY_QR_STEP seconds; a scanned code is accepted while
 * it is at most ACTIVITY_QR_MAX_AGE steps old. */
#define ACTIVITY_QR_STEP	60
#define ACTIVITY_QR_MAX_AGE	5
/* Sign-in opens this long before the start; sign-out closes this long
 * after the end. */
#define ACTIVITY_CHECKIN_EARLY	3600
#define ACTIVITY_CHECKOUT_LATE	(2 * 3600)
#define ACTIVITY_TOKEN_LEN	48

enum activity_check { CHECK_IN = 0, CHECK_OUT, CHECK__MAX };

/* Writes the code for activity id, check what, valid at time now, into
 * token ("STEP-MAC"). Returns 0, or -1 if there is no such activity. */
int		activity_qr_token(struct db *db, int64_t id, enum activity_check what,
		    int64_t now, char token[ACTIVITY_TOKEN_LEN + 1]);
/* Returns 0 if token is a code of activity id for what, issued at most
 * max_age steps before now; 1 if it is genuine but too old; 2 if it is
 * forged or malformed; -1 on a database error. */
int		activity_qr_verify(struct db *db, int64_t id, enum activity_check what,
		    const char *token, int64_t now, int max_age);
/* Records vid's sign-in (signing them up first if there is room and it is
 * open to them) or sign-out (after the start; making the record of service
 * for the part of the activity between the two, pending the organiser's
 * confirmation) at now. *at receives the time recorded (the
 * earlier one when it was already recorded: MODEL_ALREADY). */
enum model_err	activity_check(struct db *db, int64_t id, int64_t vid,
		    enum activity_check what, int64_t now, int64_t *at);

#endif
