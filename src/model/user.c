/*
 * user.c: the users table (see user.h).
 */
#include <stdio.h>
#include <string.h>

#include "model/scope.h"
#include "model/user.h"
#include "lib/util.h"

static const struct {
	const char *name, *label, *org_kind;
} roles[ROLE__MAX] = {
	[ROLE_ADMIN] = { "admin", "管理员", "center" },
	[ROLE_DISPATCHER] = { "dispatcher", "中心调度员", "center" },
	[ROLE_INSTITUTE] = { "institute", "实践所工作人员", "institute" },
	[ROLE_STATION] = { "station", "实践站工作人员", "station" },
	[ROLE_LEADER] = { "leader", "志愿服务队队长", NULL },
};

const char *
role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? roles[r].name : "";
}

const char *
role_label(enum role r)
{
	return (unsigned)r < ROLE__MAX ? roles[r].label : "";
}

int
role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, roles[i].name) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

enum model_err
user_add(struct db *db, const char *login, const char *name, enum role role,
    const char *org_code, const char *team, const char *pwhash, int64_t *id_out)
{
	static const char org_sql[] = "SELECT id, kind FROM orgs WHERE code = ?1";
	static const char team_sql[] = "SELECT id, org_id FROM teams WHERE name = ?1";
	static const char ins[] =
	    "INSERT INTO users(login, name, role, org_id, team_id, pwhash, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *st = NULL;
	int64_t org_id = 0, team_id = 0;
	enum db_err e;
	int rc;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if (role == ROLE_LEADER) {
		if (team == NULL || (st = db_stmt(db, team_sql)) == NULL)
			goto bad_team;
		sqlite3_bind_text(st, 1, team, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			goto bad_team;
		team_id = sqlite3_column_int64(st, 0);
		org_id = sqlite3_column_int64(st, 1);	/* the team's area */
		sqlite3_reset(st);
	} else {
		if (org_code == NULL || (st = db_stmt(db, org_sql)) == NULL)
			goto bad_org;
		sqlite3_bind_text(st, 1, org_code, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW ||
		    strcmp(db_text(st, 1), roles[role].org_kind) != 0)
			goto bad_org;
		org_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if ((st = db_stmt(db, ins)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, roles[role].name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, org_id);
	if (team_id)
		sqlite3_bind_int64(st, 5, team_id);
	sqlite3_bind_text(st, 6, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now_unix());
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		db_tx_rollback(db);
		return MODEL_EXISTS;
	}
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		return model_err_of(db_err_of(rc));
	}
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(db_handle(db));
	return model_err_of(db_tx_commit(db));
bad_team:
	if (st)
		sqlite3_reset(st);
	db_tx_rollback(db);
	return MODEL_BAD_TEAM;
bad_org:
	if (st)
		sqlite3_reset(st);
	db_tx_rollback(db);
	return MODEL_BAD_ORG;
}

/* Runs one UPDATE whose ?1 and ?2 are bound by the caller's values. */
static enum model_err
update_one(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE)
		return model_err_of(db_err_of(rc));
	return sqlite3_changes(db_handle(db)) == 1 ? MODEL_OK : MODEL_NOT_FOUND;
}

enum model_err
user_set_password(struct db *db, const char *login, const char *pwhash)
{
	static const char sql[] = "UPDATE users SET pwhash = ?2 WHERE login = ?1";
	static const char kill[] =
	    "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = ?1)";
	sqlite3_stmt *st;
	enum model_err ue;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pwhash, -1, SQLITE_STATIC);
	if ((ue = update_one(db, st)) != MODEL_OK) {
		db_tx_rollback(db);
		return ue;
	}
	/* A new password ends every session of the account. */
	if ((st = db_stmt(db, kill)) == NULL || sqlite3_step(st) != SQLITE_DONE) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	return model_err_of(db_tx_commit(db));
}

enum model_err
user_set_disabled(struct db *db, int64_t id, int disabled)
{
	static const char sql[] = "UPDATE users SET disabled = ?2 WHERE id = ?1";
	static const char kill[] = "DELETE FROM sessions WHERE user_id = ?1";
	sqlite3_stmt *st;
	enum model_err ue;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, disabled ? 1 : 0);
	if ((ue = update_one(db, st)) != MODEL_OK) {
		db_tx_rollback(db);
		return ue;
	}
	if (disabled) {
		if ((st = db_stmt(db, kill)) == NULL) {
			db_tx_rollback(db);
			return MODEL_ERROR;
		}
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_tx_rollback(db);
			return MODEL_ERROR;
		}
	}
	return model_err_of(db_tx_commit(db));
}

#define USER_SELECT \
	"SELECT u.id, u.login, u.name, u.role, u.org_id, g.name, coalesce(u.team_id, 0)," \
	" coalesce(t.name, ''), u.disabled, u.pwhash FROM users u" \
	" JOIN orgs g ON g.id = u.org_id LEFT JOIN teams t ON t.id = u.team_id"

/* Reads the current row of a USER_SELECT into out. */
static void
user_read(sqlite3_stmt *st, struct user *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->login, sizeof(out->login), "%s", db_text(st, 1));
	snprintf(out->name, sizeof(out->name), "%s", db_text(st, 2));
	if (role_parse(db_text(st, 3), &out->role) != 0)
		out->role = ROLE__MAX;
	out->org_id = sqlite3_column_int64(st, 4);
	snprintf(out->org_name, sizeof(out->org_name), "%s", db_text(st, 5));
	out->team_id = sqlite3_column_int64(st, 6);
	snprintf(out->team_name, sizeof(out->team_name), "%s", db_text(st, 7));
	out->disabled = sqlite3_column_int(st, 8);
	snprintf(out->pwhash, sizeof(out->pwhash), "%s", db_text(st, 9));
}

/* Runs a one-row USER_SELECT whose ?1 is bound. */
static enum model_err
user_one(sqlite3_stmt *st, struct user *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		user_read(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MODEL_OK : rc == SQLITE_DONE ? MODEL_NOT_FOUND :
	    model_err_of(db_err_of(rc));
}

enum model_err
user_by_login(struct db *db, const char *login, struct user *out)
{
	static const char sql[] = USER_SELECT " WHERE u.login = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return user_one(st, out);
}

enum model_err
user_by_id(struct db *db, int64_t id, struct user *out)
{
	static const char sql[] = USER_SELECT " WHERE u.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return user_one(st, out);
}

enum model_err
user_each(struct db *db, void (*fn)(void *arg, const struct user *), void *arg)
{
	static const char sql[] = USER_SELECT " ORDER BY u.role, u.login";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct user u;
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		user_read(st, &u);
		fn(arg, &u);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}

struct place_scope
place_scope_of(const struct user *u)
{
	struct place_scope sc = { 0 };

	if (u->role == ROLE_INSTITUTE)
		sc.institute_id = u->org_id;
	else if (u->role == ROLE_STATION)
		sc.station_id = u->org_id;
	else if (u->role == ROLE_LEADER)
		sc.team_id = u->team_id;
	return sc;
}
