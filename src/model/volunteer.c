/*
 * volunteer.c: the volunteers table and its memberships (see volunteer.h).
 */
#include <stdio.h>
#include <string.h>

#include "model/volunteer.h"
#include "lib/util.h"

enum model_err
volunteer_apply(struct db *db, const struct volunteer_apply *a, int64_t *id)
{
	static const char ins[] =
	    "INSERT INTO volunteers(name, phone, pwhash, org_id, party_member, consent_at,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
	static const char plat[] =
	    "INSERT OR IGNORE INTO volunteer_platforms(volunteer_id, platform_id) VALUES (?1, ?2)";
	static const char team[] =
	    "INSERT OR IGNORE INTO team_members(team_id, volunteer_id, joined_at) VALUES (?2, ?1, ?3)";
	int64_t now = now_unix();
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, ins)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a->org_id);
	sqlite3_bind_int(st, 5, a->party_member ? 1 : 0);
	sqlite3_bind_int64(st, 6, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		db_tx_rollback(db);
		return MODEL_EXISTS;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	for (size_t i = 0; i < a->nplatforms; i++) {
		if ((st = db_stmt(db, plat)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, a->platforms[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	for (size_t i = 0; i < a->nteams; i++) {
		if ((st = db_stmt(db, team)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, a->teams[i]);
		sqlite3_bind_int64(st, 3, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	return model_err_of(db_tx_commit(db));
fail:
	db_tx_rollback(db);
	return MODEL_ERROR;
}

enum model_err
volunteer_review(struct db *db, int64_t id, int64_t user_id, int approve, const char *reason)
{
	/* The number: SC, the year, and six digits counting approvals. */
	static const char sql[] =
	    "UPDATE volunteers SET status = CASE WHEN ?3 THEN 'approved' ELSE 'rejected' END,"
	    " number = CASE WHEN ?3 THEN 'SC' || strftime('%Y', ?5, 'unixepoch', '+8 hours') ||"
	    "  printf('%06d', (SELECT count(*) + 1 FROM volunteers WHERE number IS NOT NULL))"
	    "  ELSE NULL END,"
	    " reason = ?4, reviewed_by = ?2, reviewed_at = ?5 WHERE id = ?1 AND status = 'pending'";
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int(st, 3, approve ? 1 : 0);
	sqlite3_bind_text(st, 4, approve ? "" : reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now_unix());
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		return model_err_of(db_err_of(rc));
	}
	if (sqlite3_changes(db_handle(db)) != 1) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	return model_err_of(db_tx_commit(db));
}

/* The columns vol_read reads, in order; queries may add more after them. */
#define VOL_COLUMNS \
	"SELECT v.id, coalesce(v.number, ''), v.name, v.phone, v.pwhash, v.org_id, g.name," \
	" CASE g.kind WHEN 'station' THEN g.parent_id ELSE g.id END, v.party_member, v.status," \
	" v.reason, v.created_at"
#define VOL_FROM " FROM volunteers v JOIN orgs g ON g.id = v.org_id"
#define VOL_SELECT VOL_COLUMNS VOL_FROM

/* Reads the current row of a VOL_SELECT into out. */
static void
vol_read(sqlite3_stmt *st, struct volunteer *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->number, sizeof(out->number), "%s", db_text(st, 1));
	snprintf(out->name, sizeof(out->name), "%s", db_text(st, 2));
	snprintf(out->phone, sizeof(out->phone), "%s", db_text(st, 3));
	snprintf(out->pwhash, sizeof(out->pwhash), "%s", db_text(st, 4));
	out->org_id = sqlite3_column_int64(st, 5);
	snprintf(out->org_name, sizeof(out->org_name), "%s", db_text(st, 6));
	out->institute_id = sqlite3_column_int64(st, 7);
	out->party_member = sqlite3_column_int(st, 8);
	snprintf(out->status, sizeof(out->status), "%s", db_text(st, 9));
	snprintf(out->reason, sizeof(out->reason), "%s", db_text(st, 10));
	out->created_at = sqlite3_column_int64(st, 11);
}

/* Runs a one-row VOL_SELECT whose ?1 is bound. */
static enum model_err
vol_one(sqlite3_stmt *st, struct volunteer *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		vol_read(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MODEL_OK : rc == SQLITE_DONE ? MODEL_NOT_FOUND : model_err_of(db_err_of(rc));
}

enum model_err
volunteer_by_id(struct db *db, int64_t id, struct volunteer *out)
{
	static const char sql[] = VOL_SELECT " WHERE v.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return vol_one(st, out);
}

enum model_err
volunteer_by_phone(struct db *db, const char *phone, struct volunteer *out)
{
	static const char sql[] = VOL_SELECT " WHERE v.phone = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	return vol_one(st, out);
}

int
volunteer_in_team(struct db *db, int64_t id, int64_t team_id)
{
	static const char sql[] = "SELECT 1 FROM team_members WHERE volunteer_id = ?1 AND team_id = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int in;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, team_id);
	in = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return in;
}

/* The scope condition on v (and its place g); ?1 institute, ?2 station, ?3 team. */
#define VOL_SCOPE \
	" (?1 = 0 OR g.id = ?1 OR g.parent_id = ?1) AND (?2 = 0 OR g.id = ?2)" \
	" AND (?3 = 0 OR EXISTS (SELECT 1 FROM team_members m WHERE m.volunteer_id = v.id" \
	"  AND m.team_id = ?3))"

enum model_err
volunteer_each_pending(struct db *db, const struct place_scope *sc,
    void (*fn)(void *arg, const struct volunteer *v, const char *teams, const char *platforms),
    void *arg)
{
	static const char sql[] =
	    "SELECT v.id, coalesce(v.number, ''), v.name, v.phone, v.pwhash, v.org_id, g.name,"
	    " CASE g.kind WHEN 'station' THEN g.parent_id ELSE g.id END, v.party_member, v.status,"
	    " v.reason, v.created_at,"
	    " coalesce((SELECT group_concat(t.name, '、') FROM team_members m JOIN teams t"
	    "  ON t.id = m.team_id WHERE m.volunteer_id = v.id), ''),"
	    " coalesce((SELECT group_concat(p.name, '、') FROM volunteer_platforms vp JOIN platforms p"
	    "  ON p.id = vp.platform_id WHERE vp.volunteer_id = v.id), '')"
	    VOL_FROM " WHERE v.status = 'pending' AND" VOL_SCOPE " ORDER BY v.created_at, v.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct volunteer v;
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, sc->institute_id);
	sqlite3_bind_int64(st, 2, sc->station_id);
	sqlite3_bind_int64(st, 3, sc->team_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		vol_read(st, &v);
		fn(arg, &v, db_text(st, 12), db_text(st, 13));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}

int
volunteer_count_pending(struct db *db, const struct place_scope *sc)
{
	static const char sql[] =
	    "SELECT count(*)" VOL_FROM " WHERE v.status = 'pending' AND" VOL_SCOPE;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc, n = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, sc->institute_id);
	sqlite3_bind_int64(st, 2, sc->station_id);
	sqlite3_bind_int64(st, 3, sc->team_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? n : -1;
}

int
volunteer_in_scope(struct db *db, const struct place_scope *sc, int64_t id)
{
	static const char sql[] =
	    "SELECT 1 FROM volunteers v JOIN orgs g ON g.id = v.org_id WHERE v.id = ?4 AND"
	    VOL_SCOPE;
	const int64_t args[] = { sc->institute_id, sc->station_id, sc->team_id, id };

	return db_exists(db, sql, args, 4);
}

/* Who a member list holds: approved or stood down; ?1 a team (0: all);
 * ?2 text in the name, phone or number ('' : any). */
#define MEMBER_WHERE \
	" WHERE v.status IN ('approved', 'disabled') AND (?1 = 0 OR EXISTS" \
	" (SELECT 1 FROM team_members m WHERE m.volunteer_id = v.id AND m.team_id = ?1))" \
	" AND (?2 = '' OR instr(v.name, ?2) > 0 OR instr(v.phone, ?2) > 0" \
	"  OR instr(coalesce(v.number, ''), ?2) > 0)"

enum model_err
volunteer_each_member(struct db *db, int64_t team_id, const char *q, int offset, int limit,
    int *total, void (*fn)(void *arg, const struct volunteer *v, int64_t minutes), void *arg)
{
	/* The page's ids first, then their rows and hours: summing everyone's
	 * hours before sorting took over a second with 20,000 volunteers. */
	static const char sql[] =
	    VOL_COLUMNS ", (SELECT coalesce(sum(minutes), 0) FROM hours h"
	    " WHERE h.volunteer_id = v.id AND h.status = 'confirmed')"
	    " FROM (SELECT v.id FROM volunteers v" MEMBER_WHERE
	    "  ORDER BY v.status, v.number, v.id LIMIT ?3 OFFSET ?4) p"
	    " JOIN volunteers v ON v.id = p.id JOIN orgs g ON g.id = v.org_id"
	    " ORDER BY v.status, v.number, v.id";
	static const char count_sql[] = "SELECT count(*) FROM volunteers v" MEMBER_WHERE;
	sqlite3_stmt *st = db_stmt(db, count_sql);
	struct volunteer v;
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_text(st, 2, q ? q : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*total = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return model_err_of(db_err_of(rc));
	if ((st = db_stmt(db, sql)) == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, team_id);
	sqlite3_bind_text(st, 2, q ? q : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int(st, 4, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		vol_read(st, &v);
		fn(arg, &v, sqlite3_column_int64(st, 12));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}

enum model_err
volunteer_set_disabled(struct db *db, int64_t id, int disabled)
{
	static const char set[] =
	    "UPDATE volunteers SET status = CASE WHEN ?2 THEN 'disabled' ELSE 'approved' END"
	    " WHERE id = ?1 AND status = CASE WHEN ?2 THEN 'approved' ELSE 'disabled' END";
	static const char kill[] = "DELETE FROM volunteer_sessions WHERE volunteer_id = ?1";
	sqlite3_stmt *st;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, set)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, disabled ? 1 : 0);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	if (sqlite3_changes(db_handle(db)) != 1) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	if ((st = db_stmt(db, kill)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	return model_err_of(db_tx_commit(db));
fail:
	db_tx_rollback(db);
	return MODEL_ERROR;
}

enum model_err
volunteer_message_prefs(struct db *db, int64_t id, struct volunteer_prefs *out)
{
	static const char sql[] =
	    "SELECT broadcasts, coalesce(quiet_from, -1), coalesce(quiet_to, -1)"
	    " FROM volunteers WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	out->broadcasts = 1;
	out->quiet_from = out->quiet_to = -1;
	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->broadcasts = sqlite3_column_int(st, 0);
		out->quiet_from = sqlite3_column_int(st, 1);
		out->quiet_to = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return MODEL_NOT_FOUND;
	return rc == SQLITE_ROW ? MODEL_OK : model_err_of(db_err_of(rc));
}

/* Returns 1 if m is a time of day in minutes (0..1439). */
static int
minute_ok(int m)
{
	return m >= 0 && m < 24 * 60;
}

enum model_err
volunteer_set_message_prefs(struct db *db, int64_t id, const struct volunteer_prefs *p)
{
	static const char sql[] =
	    "UPDATE volunteers SET broadcasts = ?2, quiet_from = ?3, quiet_to = ?4 WHERE id = ?1";
	int quiet = p->quiet_from != -1 || p->quiet_to != -1;
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	if (quiet && (!minute_ok(p->quiet_from) || !minute_ok(p->quiet_to)))
		return MODEL_ERROR;
	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, p->broadcasts ? 1 : 0);
	if (quiet) {
		sqlite3_bind_int(st, 3, p->quiet_from);
		sqlite3_bind_int(st, 4, p->quiet_to);
	}
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		db_tx_rollback(db);
		return db_err_of(rc) == DB_OK ? MODEL_ERROR : model_err_of(db_err_of(rc));
	}
	if (sqlite3_changes(db_handle(db)) != 1) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	return model_err_of(db_tx_commit(db));
}
