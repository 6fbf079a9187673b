/*
 * team.c: the teams table and its platform specialties (see team.h).
 */
#include <string.h>

#include "model/team.h"

const char *
team_kind_label(const char *kind)
{
	static const char *const k[][2] = {
		{ "corps", "志愿服务总队" }, { "branch", "志愿服务分队" },
		{ "professional", "专业志愿服务队" }, { "social", "社会组织" },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(kind, k[i][0]) == 0)
			return k[i][1];
	return "";
}

enum db_err
team_each(struct db *db, void (*fn)(void *arg, const struct team *), void *arg)
{
	static const char sql[] =
	    "SELECT t.id, t.name, t.kind, t.org_id, g.name,"
	    " coalesce((SELECT group_concat(p.code, ',') FROM team_platforms tp"
	    "  JOIN platforms p ON p.id = tp.platform_id WHERE tp.team_id = t.id), ''),"
	    " t.active, t.is_demo FROM teams t JOIN orgs g ON g.id = t.org_id"
	    " ORDER BY CASE t.kind WHEN 'corps' THEN 0 WHEN 'professional' THEN 1"
	    " WHEN 'branch' THEN 2 ELSE 3 END, t.sort, t.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct team t = {
			.id = sqlite3_column_int64(st, 0),
			.name = db_text(st, 1),
			.kind = db_text(st, 2),
			.org_id = sqlite3_column_int64(st, 3),
			.org_name = db_text(st, 4),
			.platforms = db_text(st, 5),
			.active = sqlite3_column_int(st, 6),
			.is_demo = sqlite3_column_int(st, 7),
		};
		fn(arg, &t);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
team_save(struct db *db, int64_t id, const char *name, const char *kind, int64_t org_id,
    const char *const *platforms, size_t nplatforms, int active, int *taken)
{
	static const char ins[] =
	    "INSERT INTO teams(name, kind, org_id, parent_id, active, sort)"
	    " VALUES (?1, ?2, ?3, (SELECT id FROM teams WHERE kind = 'corps'), ?4,"
	    " (SELECT coalesce(max(sort), 0) + 1 FROM teams))";
	static const char upd[] =
	    "UPDATE teams SET name = ?1, kind = ?2, org_id = ?3, active = ?4 WHERE id = ?5";
	static const char del[] = "DELETE FROM team_platforms WHERE team_id = ?1";
	static const char add[] =
	    "INSERT OR IGNORE INTO team_platforms(team_id, platform_id)"
	    " SELECT ?1, id FROM platforms WHERE code = ?2";
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	*taken = 0;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, id ? upd : ins)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, org_id);
	sqlite3_bind_int(st, 4, active ? 1 : 0);
	if (id)
		sqlite3_bind_int64(st, 5, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		*taken = 1;
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		return db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
	}
	if (id == 0)
		id = sqlite3_last_insert_rowid(db_handle(db));
	if ((st = db_stmt(db, del)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	for (size_t i = 0; i < nplatforms; i++) {
		if ((st = db_stmt(db, add)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, platforms[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	return db_tx_commit(db);
fail:
	db_tx_rollback(db);
	return DB_ERROR;
}

enum db_err
team_each_joinable(struct db *db, void (*fn)(void *arg, const struct team_choice *),
    void *arg)
{
	/* A team's 所: its area when that is a 所, else the 所 its area hangs
	 * under (none for the center and its bases). */
	static const char sql[] =
	    "SELECT t.id, t.name, t.kind, coalesce(i.code, ''), coalesce(i.name, ''), t.is_demo"
	    " FROM teams t JOIN orgs g ON g.id = t.org_id LEFT JOIN orgs p ON p.id = g.parent_id"
	    " LEFT JOIN orgs i ON i.id = CASE WHEN g.kind = 'institute' THEN g.id"
	    "  WHEN p.kind = 'institute' THEN p.id END"
	    " WHERE t.active = 1 AND t.kind <> 'corps'"
	    " ORDER BY i.id IS NOT NULL, i.sort, i.code,"
	    " CASE t.kind WHEN 'professional' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END, t.sort, t.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct team_choice t = {
			.id = sqlite3_column_int64(st, 0),
			.name = db_text(st, 1),
			.kind = db_text(st, 2),
			.institute_code = db_text(st, 3),
			.institute_name = db_text(st, 4),
			.is_demo = sqlite3_column_int(st, 5),
		};
		fn(arg, &t);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

int64_t
team_joinable_id(struct db *db, const char *s)
{
	static const char sql[] =
	    "SELECT 1 FROM teams WHERE id = ?1 AND active = 1 AND kind <> 'corps'";
	int64_t id = 0;
	size_t n = strlen(s);
	int r;

	if (n == 0 || n > 15 || s[0] == '0')
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		id = id * 10 + (*p - '0');
	}
	r = db_exists(db, sql, &id, 1);
	return r < 0 ? -1 : r ? id : 0;
}
