/*
 * hours.c: the hours, hour_changes and certificates tables (see hours.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "model/hours.h"
#include "lib/util.h"

#define HOUR_SELECT \
	"SELECT h.id, v.name, coalesce(v.number, ''), coalesce(o.code, '')," \
	" coalesce(s.name, '活动：' || a.title, '')," \
	" h.what, h.started_at, h.ended_at, h.minutes, h.status," \
	" EXISTS (SELECT 1 FROM hour_changes c WHERE c.hour_id = h.id)," \
	" CASE WHEN h.status = 'confirmed' THEN coalesce(h.confirmed_at, h.created_at) ELSE 0 END," \
	" coalesce(h.activity_id, 0)" \
	" FROM hours h JOIN volunteers v ON v.id = h.volunteer_id" \
	" LEFT JOIN orders o ON o.id = h.order_id LEFT JOIN services s ON s.id = o.service_id" \
	" LEFT JOIN activities a ON a.id = h.activity_id" \
	" LEFT JOIN orgs g ON g.id = coalesce(o.org_id, a.org_id)"
/* ?1 team, ?2 institute, ?3 station (0: any). A task's team and place, or
 * an activity's (the team it is for, the site that organises it). */
#define HOUR_SCOPE \
	" (?1 = 0 OR coalesce(o.team_id, a.team_id) = ?1)" \
	" AND (?2 = 0 OR g.id = ?2 OR g.parent_id = ?2)" \
	" AND (?3 = 0 OR g.id = ?3)"

static void
hour_read(sqlite3_stmt *st, void (*fn)(void *, const struct hour *), void *arg)
{
	struct hour h = {
		.id = sqlite3_column_int64(st, 0),
		.volunteer = db_text(st, 1),
		.number = db_text(st, 2),
		.code = db_text(st, 3),
		.service = db_text(st, 4),
		.what = db_text(st, 5),
		.started_at = sqlite3_column_int64(st, 6),
		.ended_at = sqlite3_column_int64(st, 7),
		.minutes = sqlite3_column_int(st, 8),
		.status = db_text(st, 9),
		.corrected = sqlite3_column_int(st, 10),
		.confirmed_at = sqlite3_column_int64(st, 11),
		.activity_id = sqlite3_column_int64(st, 12),
	};
	fn(arg, &h);
}

static void
bind_scope(sqlite3_stmt *st, const struct place_scope *sc)
{
	sqlite3_bind_int64(st, 1, sc->team_id);
	sqlite3_bind_int64(st, 2, sc->institute_id);
	sqlite3_bind_int64(st, 3, sc->station_id);
}

enum db_err
hours_each_pending(struct db *db, const struct place_scope *sc,
    void (*fn)(void *, const struct hour *), void *arg)
{
	static const char sql[] = HOUR_SELECT " WHERE h.status = 'pending' AND" HOUR_SCOPE
	    " ORDER BY h.created_at, h.id LIMIT 500";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	bind_scope(st, sc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		hour_read(st, fn, arg);
	sqlite3_reset(st);
	return db_err_of(rc);
}

int
hours_count_pending(struct db *db, const struct place_scope *sc)
{
	static const char sql[] =
	    "SELECT count(*) FROM hours h LEFT JOIN orders o ON o.id = h.order_id"
	    " LEFT JOIN activities a ON a.id = h.activity_id"
	    " LEFT JOIN orgs g ON g.id = coalesce(o.org_id, a.org_id)"
	    " WHERE h.status = 'pending' AND" HOUR_SCOPE;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc, n = 0;

	if (st == NULL)
		return -1;
	bind_scope(st, sc);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? n : -1;
}

int
hours_in_scope(struct db *db, const struct place_scope *sc, int64_t id)
{
	static const char sql[] =
	    "SELECT 1 FROM hours h LEFT JOIN orders o ON o.id = h.order_id"
	    " LEFT JOIN activities a ON a.id = h.activity_id"
	    " LEFT JOIN orgs g ON g.id = coalesce(o.org_id, a.org_id)"
	    " WHERE h.id = ?4 AND" HOUR_SCOPE;
	const int64_t args[] = { sc->team_id, sc->institute_id, sc->station_id, id };

	return db_exists(db, sql, args, 4);
}

enum db_err
hours_confirm(struct db *db, int64_t id, int64_t user_id, int *gone)
{
	static const char sql[] =
	    "UPDATE hours SET status = 'confirmed', confirmed_by = ?2, confirmed_at = ?3"
	    " WHERE id = ?1 AND status = 'pending'";
	sqlite3_stmt *st;
	enum db_err e;

	*gone = 0;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, now_unix());
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	if (sqlite3_changes(db_handle(db)) != 1) {
		*gone = 1;
		db_tx_rollback(db);
		return DB_ERROR;
	}
	return db_tx_commit(db);
}

enum db_err
hours_correct(struct db *db, int64_t id, int64_t user_id, int minutes, const char *reason)
{
	static const char log[] =
	    "INSERT INTO hour_changes(hour_id, user_id, at, old_minutes, new_minutes, reason)"
	    " SELECT id, ?2, ?3, minutes, ?4, ?5 FROM hours WHERE id = ?1";
	static const char set[] =
	    "UPDATE hours SET minutes = ?4, status = 'confirmed', confirmed_by = ?2,"
	    " confirmed_at = ?3 WHERE id = ?1";
	const char *sqls[2] = { log, set };
	int64_t now = now_unix();
	sqlite3_stmt *st;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	for (int i = 0; i < 2; i++) {
		if ((st = db_stmt(db, sqls[i])) == NULL) {
			db_tx_rollback(db);
			return DB_ERROR;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, user_id);
		sqlite3_bind_int64(st, 3, now);
		sqlite3_bind_int(st, 4, minutes);
		if (i == 0)
			sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
		if ((e = db_err_of(sqlite3_step(st))) != DB_OK || sqlite3_changes(db_handle(db)) != 1) {
			db_tx_rollback(db);
			return e == DB_OK ? DB_ERROR : e;
		}
	}
	return db_tx_commit(db);
}

enum db_err
hours_each_of(struct db *db, int64_t vid, void (*fn)(void *, const struct hour *), void *arg)
{
	static const char sql[] = HOUR_SELECT " WHERE h.volunteer_id = ?1"
	    " ORDER BY h.started_at DESC, h.id DESC LIMIT 500";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		hour_read(st, fn, arg);
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
hours_totals(struct db *db, int64_t vid, int64_t *confirmed, int64_t *pending,
    void (*by_month)(void *, const char *, int64_t), void *arg)
{
	static const char tot[] =
	    "SELECT coalesce(sum(CASE WHEN status = 'confirmed' THEN minutes END), 0),"
	    " coalesce(sum(CASE WHEN status = 'pending' THEN minutes END), 0)"
	    " FROM hours WHERE volunteer_id = ?1";
	static const char mon[] =
	    "SELECT strftime('%Y-%m', started_at, 'unixepoch', '+8 hours') AS m, sum(minutes)"
	    " FROM hours WHERE volunteer_id = ?1 AND status = 'confirmed' GROUP BY m ORDER BY m DESC";
	sqlite3_stmt *st = db_stmt(db, tot);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*confirmed = sqlite3_column_int64(st, 0);
		*pending = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_err_of(rc);
	if (by_month == NULL)
		return DB_OK;
	if ((st = db_stmt(db, mon)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		by_month(arg, db_text(st, 0), sqlite3_column_int64(st, 1));
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
cert_issue(struct db *db, int64_t vid, char code[13])
{
	static const char sql[] =
	    "INSERT INTO certificates(code, volunteer_id, issued_at, minutes, records)"
	    " SELECT ?1, ?2, ?3, coalesce(sum(minutes), 0), count(*) FROM hours"
	    " WHERE volunteer_id = ?2 AND status = 'confirmed'";
	static const char cover[] =
	    "INSERT INTO certificate_hours(code, hour_id) SELECT ?1, id FROM hours"
	    " WHERE volunteer_id = ?2 AND status = 'confirmed'";
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	sqlite3_stmt *st;
	enum db_err e;

	for (int i = 0; i < 12; i++)
		code[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	code[12] = '\0';
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, now_unix());
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	if ((st = db_stmt(db, cover)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, vid);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
}

enum db_err
cert_each_hour(struct db *db, const char *code, void (*fn)(void *, const struct hour *), void *arg)
{
	static const char sql[] = HOUR_SELECT
	    " JOIN certificate_hours ch ON ch.hour_id = h.id WHERE ch.code = ?1"
	    " ORDER BY h.started_at DESC, h.id DESC";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		hour_read(st, fn, arg);
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
cert_find(struct db *db, const char *code, struct certificate *out, int *found)
{
	static const char sql[] =
	    "SELECT c.code, v.name, coalesce(v.number, ''), c.issued_at, c.minutes, c.records"
	    " FROM certificates c JOIN volunteers v ON v.id = c.volunteer_id WHERE c.code = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(out->code, sizeof(out->code), "%s", db_text(st, 0));
		snprintf(out->name, sizeof(out->name), "%s", db_text(st, 1));
		snprintf(out->number, sizeof(out->number), "%s", db_text(st, 2));
		out->issued_at = sqlite3_column_int64(st, 3);
		out->minutes = sqlite3_column_int64(st, 4);
		out->records = sqlite3_column_int(st, 5);
		*found = 1;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
hours_each_export(struct db *db, int64_t vid, void (*fn)(void *, const struct hour_export *),
    void *arg)
{
	/* Never the resident's address: a request's place is its site. */
	static const char sql[] =
	    "SELECT coalesce(v.number, ''), v.name, h.started_at, h.ended_at, h.minutes,"
	    " CASE WHEN a.place <> '' THEN a.place ELSE coalesce(g.name, '') END,"
	    " coalesce(s.name, a.title, '志愿服务'), h.what, coalesce(g.name, ''),"
	    " coalesce(u.name, ''), coalesce(h.confirmed_at, h.created_at)"
	    " FROM hours h JOIN volunteers v ON v.id = h.volunteer_id"
	    " LEFT JOIN orders o ON o.id = h.order_id LEFT JOIN services s ON s.id = o.service_id"
	    " LEFT JOIN activities a ON a.id = h.activity_id"
	    " LEFT JOIN orgs g ON g.id = coalesce(o.org_id, a.org_id)"
	    " LEFT JOIN users u ON u.id = h.confirmed_by"
	    " WHERE h.volunteer_id = ?1 AND h.status = 'confirmed'"
	    " ORDER BY h.started_at, h.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hour_export x = {
			.number = db_text(st, 0),
			.name = db_text(st, 1),
			.started_at = sqlite3_column_int64(st, 2),
			.ended_at = sqlite3_column_int64(st, 3),
			.minutes = sqlite3_column_int(st, 4),
			.place = db_text(st, 5),
			.item = db_text(st, 6),
			.what = db_text(st, 7),
			.organiser = db_text(st, 8),
			.confirmer = db_text(st, 9),
			.confirmed_at = sqlite3_column_int64(st, 10),
		};
		fn(arg, &x);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}
