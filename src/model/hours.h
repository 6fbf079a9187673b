/*
 * hours.h: the record of service (志愿服务记录): hours waiting for the
 * organiser's confirmation (谁组织谁记录), confirming and correcting them
 * (a correction keeps the old figure and the reason), a volunteer's totals
 * and points, and certificates of service that anyone can verify.
 */
#ifndef SIDAN_MODEL_HOURS_H
#define SIDAN_MODEL_HOURS_H

#include <stdint.h>

#include "model/db.h"
#include "model/scope.h"

/* One record of service. */
struct hour {
	int64_t		 id;
	const char	*volunteer;	/* name */
	const char	*number;	/* volunteer number */
	const char	*code;		/* the request's tracking code, "" for an activity */
	const char	*service;	/* the service, or "活动：" and the activity's title */
	const char	*what;
	int64_t		 started_at, ended_at;
	int		 minutes;
	const char	*status;	/* pending, confirmed */
	int64_t		 confirmed_at;	/* 0 while pending */
	int		 corrected;	/* has a correction on record */
	int64_t		 activity_id;	/* the activity it was served at, or 0 */
};


/* Calls fn for each pending record in scope, oldest first. */
enum db_err	hours_each_pending(struct db *db, const struct place_scope *sc,
		    void (*fn)(void *arg, const struct hour *), void *arg);
/* Returns how many records wait in scope (all of them: the list shows the
 * oldest 500), or -1 on error. */
int		hours_count_pending(struct db *db, const struct place_scope *sc);
/* Returns 1 if record id is in scope, 0 if not, -1 on error. */
int		hours_in_scope(struct db *db, const struct place_scope *sc, int64_t id);
/* Confirms a pending record as user_id. DB_ERROR with *gone set if it is no
 * longer pending. */
enum db_err	hours_confirm(struct db *db, int64_t id, int64_t user_id, int *gone);
/* Corrects a record to minutes with a reason, and confirms it. */
enum db_err	hours_correct(struct db *db, int64_t id, int64_t user_id, int minutes,
		    const char *reason);
/* A volunteer's records, newest first. */
enum db_err	hours_each_of(struct db *db, int64_t vid,
		    void (*fn)(void *arg, const struct hour *), void *arg);
/* A volunteer's confirmed minutes in all, this year's, and by month
 * (fn(month "YYYY-MM", minutes), newest first). */
enum db_err	hours_totals(struct db *db, int64_t vid, int64_t *confirmed, int64_t *pending,
		    void (*by_month)(void *arg, const char *month, int64_t minutes), void *arg);

/* One confirmed record as the export of a volunteer's record lists it
 * (志愿服务记录 to take elsewhere). */
struct hour_export {
	const char	*number, *name;		/* the volunteer's 统一编号 and name */
	int64_t		 started_at, ended_at;
	int		 minutes;
	const char	*place;		/* the activity's place, else the site's name */
	const char	*item;		/* the service, or the activity's title */
	const char	*what;		/* what was done, as reported */
	const char	*organiser;	/* the site that organised it (谁组织谁记录) */
	const char	*confirmer;	/* who confirmed it */
	int64_t		 confirmed_at;
};

/* Calls fn for each confirmed record of volunteer vid, oldest first. */
enum db_err	hours_each_export(struct db *db, int64_t vid,
		    void (*fn)(void *arg, const struct hour_export *), void *arg);

/* A certificate of service. */
struct certificate {
	char	code[13];
	char	name[64];
	char	number[16];
	int64_t	issued_at;
	int64_t	minutes;
	int	records;
};

/* Issues a certificate of vid's confirmed records now. */
enum db_err	cert_issue(struct db *db, int64_t vid, char code[13]);
/* Calls fn for each record a certificate covers. */
enum db_err	cert_each_hour(struct db *db, const char *code,
		    void (*fn)(void *arg, const struct hour *), void *arg);
/* Finds a certificate; DB_OK with *found 1 or 0. */
enum db_err	cert_find(struct db *db, const char *code, struct certificate *out, int *found);

#endif
