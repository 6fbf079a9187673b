/*
 * volunteer.h: volunteers: applying to join, approval by a team leader or
 * staff of their place, their teams and platforms, and finding them.
 */
#ifndef SIDAN_MODEL_VOLUNTEER_H
#define SIDAN_MODEL_VOLUNTEER_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"
#include "model/err.h"
#include "model/scope.h"

struct volunteer {
	int64_t	id;
	char	number[16];		/* 统一编号, "" until approved */
	char	name[64];
	char	phone[16];
	char	pwhash[128];
	int64_t	org_id;
	char	org_name[NAME_SIZE];
	int64_t	institute_id;		/* the 所 of their place */
	int	party_member;
	char	status[12];		/* pending, approved, rejected, disabled */
	char	reason[640];		/* up to 200 characters */
	int64_t	created_at;
};

/* An application, validated by the page. */
struct volunteer_apply {
	const char		*name, *phone, *pwhash;
	int64_t			 org_id;
	int			 party_member;
	const int64_t		*platforms;	/* platform ids */
	size_t			 nplatforms;
	const int64_t		*teams;		/* team ids */
	size_t			 nteams;
};


/* Stores an application (status pending). Returns MODEL_OK and its id. */
enum model_err	volunteer_apply(struct db *db, const struct volunteer_apply *a, int64_t *id);
/* Approves (giving a volunteer number) or rejects (reason) a pending
 * application, as user_id. */
enum model_err	volunteer_review(struct db *db, int64_t id, int64_t user_id, int approve,
		    const char *reason);
enum model_err	volunteer_by_id(struct db *db, int64_t id, struct volunteer *out);
enum model_err	volunteer_by_phone(struct db *db, const char *phone, struct volunteer *out);
/* Returns 1 if volunteer id is a member of team_id. */
int		volunteer_in_team(struct db *db, int64_t id, int64_t team_id);

/* Calls fn for each application waiting in scope, oldest first, with the
 * names of its teams and platforms. */
enum model_err	volunteer_each_pending(struct db *db, const struct place_scope *sc,
		    void (*fn)(void *arg, const struct volunteer *v, const char *teams,
		    const char *platforms), void *arg);
/* Calls fn for limit approved or stood-down volunteers from offset on, by
 * status then number: the members of team_id (when not 0), else everyone,
 * whose name, phone or number contains q (NULL or "": all); with their
 * confirmed minutes. *total is how many there are in all. */
enum model_err	volunteer_each_member(struct db *db, int64_t team_id, const char *q,
		    int offset, int limit, int *total,
		    void (*fn)(void *arg, const struct volunteer *v, int64_t minutes), void *arg);
/* Disables (ending their sessions) or re-approves an approved volunteer. */
enum model_err	volunteer_set_disabled(struct db *db, int64_t id, int disabled);

/* A volunteer's message preferences (issue 15): whether they hear of tasks
 * nearby open for 抢单, and their own quiet hours in minutes after Beijing
 * midnight (both -1: the site's). */
struct volunteer_prefs {
	int	broadcasts;	/* 1: 接收附近的抢单通知 */
	int	quiet_from;	/* 0..1439, or -1 */
	int	quiet_to;	/* 0..1439, or -1 */
};
/* Reads volunteer id's preferences into out. Returns MODEL_OK,
 * MODEL_NOT_FOUND or an error. */
enum model_err	volunteer_message_prefs(struct db *db, int64_t id, struct volunteer_prefs *out);
/* Stores volunteer id's preferences (quiet hours both set or both -1).
 * Returns MODEL_OK, MODEL_NOT_FOUND, MODEL_ERROR for hours out of range
 * or only one of them, or the store's outcome. */
enum model_err	volunteer_set_message_prefs(struct db *db, int64_t id,
		    const struct volunteer_prefs *p);

/* Returns how many applications wait in scope (what volunteer_each_pending
 * lists), or -1 on error. */
int		volunteer_count_pending(struct db *db, const struct place_scope *sc);
/* Returns 1 if application id is in scope, 0 if not, -1 on error. */
int		volunteer_in_scope(struct db *db, const struct place_scope *sc, int64_t id);

#endif
