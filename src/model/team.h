/*
 * team.h: volunteer teams as the admin manages them: the corps, the branch
 * per 所, professional teams and social organisations, each with an area
 * (the center for district-wide teams, else a 所) and platform specialties.
 */
#ifndef SIDAN_MODEL_TEAM_H
#define SIDAN_MODEL_TEAM_H

#include <stdint.h>

#include "model/db.h"

struct team {
	int64_t		 id;
	const char	*name;
	const char	*kind;		/* corps, branch, professional, social */
	int64_t		 org_id;
	const char	*org_name;
	const char	*platforms;	/* platform codes, comma-separated */
	int		 active;
	int		 is_demo;
};

/* Returns the Chinese label of a team kind, or "". */
const char	*team_kind_label(const char *kind);
/* Calls fn for every team, by kind then order. */
enum db_err	team_each(struct db *db, void (*fn)(void *arg, const struct team *), void *arg);

/* A team a volunteer may ask to join (/volunteer/join), with its area. */
struct team_choice {
	int64_t		 id;
	const char	*name;
	const char	*kind;		/* branch, professional, social */
	const char	*institute_code;	/* the 所 of its area; "" when district-wide */
	const char	*institute_name;
	int		 is_demo;
};
/* Calls fn for every active team but the corps: the district-wide ones
 * first, then those of each 所 in the 所's order; within each, by kind
 * (professional, branch, social) then order. Returns DB_OK or an error. */
enum db_err	team_each_joinable(struct db *db,
		    void (*fn)(void *arg, const struct team_choice *), void *arg);
/* Returns the id written in s (decimal digits, no sign, no leading zero) if
 * it is an active team other than the corps, 0 if it is not, -1 on a
 * database error. */
int64_t		team_joinable_id(struct db *db, const char *s);
/*
 * Adds (id 0) or changes a team: name, kind, area (an org id: the center or
 * a 所) and its platforms (codes). Returns DB_OK; DB_ERROR with *taken set
 * when the name belongs to another team; other errors.
 */
enum db_err	team_save(struct db *db, int64_t id, const char *name, const char *kind,
		    int64_t org_id, const char *const *platforms, size_t nplatforms,
		    int active, int *taken);

#endif
