/*
 * team.h: volunteer teams as the admin manages them: the corps, the branch
 * per 所, professional teams and social organisations, each with an area
 * (the center for district-wide teams, else a 所) and platform specialties.
 */
#ifndef SIDAN_MODEL_TEAM_H
#define SIDAN_MODEL_TEAM_H

#include <stdint.h>

#include "../db.h"

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
/*
 * Adds (id 0) or changes a team: name, kind, area (an org id: the center or
 * a 所) and its platforms (codes). Returns DB_OK; DB_ERROR with *taken set
 * when the name belongs to another team; other errors.
 */
enum db_err	team_save(struct db *db, int64_t id, const char *name, const char *kind,
		    int64_t org_id, const char *const *platforms, size_t nplatforms,
		    int active, int *taken);

#endif
