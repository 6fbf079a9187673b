/*
 * activity.h: activities (每月有活动、文明实践365): creating them, listing
 * them by month, site, platform or project, signing up and withdrawing
 * (never past capacity), sign-in and sign-out by a rotating QR code, and
 * the records of service that sign-out makes for the organiser to confirm.
 */
#ifndef SIDAN_MODEL_ACTIVITY_H
#define SIDAN_MODEL_ACTIVITY_H

#include <stdint.h>

#include "../db.h"

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

#endif
