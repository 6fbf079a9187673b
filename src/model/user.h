/*
 * user.h: staff accounts and their place in the tree. A role decides what a
 * person may do; org_id (and team_id for team leaders) decides where.
 */
#ifndef SIDAN_MODEL_USER_H
#define SIDAN_MODEL_USER_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"

enum role {
	ROLE_ADMIN = 0,		/* the whole district; manages users, teams, the menu */
	ROLE_DISPATCHER,	/* the whole district */
	ROLE_INSTITUTE,		/* one 所 and its stations */
	ROLE_STATION,		/* one 站 */
	ROLE_LEADER,		/* one team's tasks */
	ROLE__MAX
};

struct user {
	int64_t		id;
	char		login[65];
	char		name[64];
	enum role	role;
	int64_t		org_id;
	char		org_name[NAME_SIZE];
	int64_t		team_id;	/* 0 unless a leader */
	char		team_name[NAME_SIZE];
	int		disabled;
	char		pwhash[128];
};

/* The role's name as stored ("admin" ...) and its Chinese label. */
const char	*role_name(enum role r);
const char	*role_label(enum role r);
/* Parses a stored role name. Returns 0 and sets *out, or -1. */
int		 role_parse(const char *s, enum role *out);


/* Adds an account. org_code names the site (the center for admin and
 * dispatcher); team names the team for a leader (else NULL).
 * Returns MODEL_OK and the new id, or an error. */
enum model_err	user_add(struct db *db, const char *login, const char *name,
		    enum role role, const char *org_code, const char *team,
		    const char *pwhash, int64_t *id_out);
enum model_err	user_set_password(struct db *db, const char *login, const char *pwhash);
enum model_err	user_set_disabled(struct db *db, int64_t id, int disabled);
/* Finds an account by login name or id. */
enum model_err	user_by_login(struct db *db, const char *login, struct user *out);
enum model_err	user_by_id(struct db *db, int64_t id, struct user *out);
/* Calls fn for every account, by role then login. */
enum model_err	user_each(struct db *db, void (*fn)(void *arg, const struct user *),
		    void *arg);

#endif
