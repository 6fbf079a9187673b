/*
 * scope.h: the part of the tree (or the team) a staff member acts on, as
 * the models that check "is this thing theirs" read it: everything (all
 * zero: admin, dispatcher), a 所 and the sites under it, one 站, or one
 * team's work (leaders).
 */
#ifndef SIDAN_MODEL_SCOPE_H
#define SIDAN_MODEL_SCOPE_H

#include <stdint.h>

#include "model/user.h"

struct place_scope {
	int64_t	institute_id;	/* a 所: it and the sites under it */
	int64_t	station_id;	/* one 站 */
	int64_t	team_id;	/* one team's tasks, applicants and activities */
};

/* Returns the scope of staff member u, from their role and place. */
struct place_scope	place_scope_of(const struct user *u);

#endif
