/*
 * activity.c: the read queries over activities: lists by filter, counts per
 * site. Writes (create, sign-up, QR sign-in) are in activity_write.c.
 */
#include <stdio.h>
#include <string.h>

#include "model/activity.h"

/* The columns every activity row is read with, in the order row_read wants. */
#define ACTIVITY_COLUMNS \
	"a.id, a.title, p.name, p.code, coalesce(j.name, ''), coalesce(j.code, ''),"	\
	" o.id, o.code, o.name, a.place, a.starts_at, a.ends_at, a.capacity,"		\
	" (SELECT count(*) FROM activity_signups s WHERE s.activity_id = a.id"		\
	"  AND s.state = 'signed'),"							\
	" a.summary, a.open_to, coalesce(a.team_id, 0), coalesce(t.name, ''),"		\
	" a.status, a.created_by, a.is_demo"						\
	" FROM activities a JOIN platforms p ON p.id = a.platform_id"			\
	" LEFT JOIN projects j ON j.id = a.project_id"					\
	" JOIN orgs o ON o.id = a.org_id"						\
	" LEFT JOIN teams t ON t.id = a.team_id"

/* Reads the ACTIVITY_COLUMNS of st's current row into a. */
static void
row_read(sqlite3_stmt *st, struct activity *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->title = db_text(st, 1);
	a->platform = db_text(st, 2);
	a->platform_code = db_text(st, 3);
	a->project = db_text(st, 4);
	a->project_code = db_text(st, 5);
	a->org_id = sqlite3_column_int64(st, 6);
	a->org_code = db_text(st, 7);
	a->org_name = db_text(st, 8);
	a->place = db_text(st, 9);
	a->starts_at = sqlite3_column_int64(st, 10);
	a->ends_at = sqlite3_column_int64(st, 11);
	a->capacity = sqlite3_column_int(st, 12);
	a->signed_up = sqlite3_column_int(st, 13);
	a->summary = db_text(st, 14);
	a->open_to = db_text(st, 15);
	a->team_id = sqlite3_column_int64(st, 16);
	a->team = db_text(st, 17);
	a->status = db_text(st, 18);
	a->created_by = sqlite3_column_int64(st, 19);
	a->is_demo = sqlite3_column_int(st, 20);
}

/* Steps st, handing each activity row to fn; resets st. Returns DB_OK or
 * an error. */
static enum db_err
run_rows(sqlite3_stmt *st, void (*fn)(void *arg, const struct activity *), void *arg)
{
	struct activity a;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &a);
		fn(arg, &a);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
activity_each(struct db *db, const struct activity_filter *f,
    void (*fn)(void *arg, const struct activity *), void *arg)
{
	/* A site's own activities and those of the sites under it (two levels:
	 * 中心 > 所 > 站/基地). */
	static const char sql[] =
	    "SELECT " ACTIVITY_COLUMNS
	    " WHERE a.status = 'open' AND a.starts_at >= ?1"
	    " AND (?2 = 0 OR a.starts_at < ?2)"
	    " AND (?3 = 0 OR a.org_id = ?3 OR o.parent_id = ?3"
	    "  OR o.parent_id IN (SELECT id FROM orgs WHERE parent_id = ?3))"
	    " AND (?4 = 0 OR a.platform_id = ?4)"
	    " AND (?5 = 0 OR a.project_id = ?5)"
	    " ORDER BY a.starts_at, a.id LIMIT ?6";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, f->from);
	sqlite3_bind_int64(st, 2, f->until);
	sqlite3_bind_int64(st, 3, f->org_id);
	sqlite3_bind_int64(st, 4, f->platform_id);
	sqlite3_bind_int64(st, 5, f->project_id);
	sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : -1);
	return run_rows(st, fn, arg);
}

enum db_err
activity_count_by_org(struct db *db, int64_t from, int64_t until,
    void (*fn)(void *arg, int64_t org_id, int n), void *arg)
{
	static const char sql[] =
	    "SELECT org_id, count(*) FROM activities"
	    " WHERE status = 'open' AND starts_at >= ?1 AND starts_at < ?2"
	    " GROUP BY org_id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));
	return db_err_of(rc);
}

enum db_err
activity_find(struct db *db, int64_t id,
    void (*fn)(void *arg, const struct activity *), void *arg, int *found)
{
	static const char sql[] = "SELECT " ACTIVITY_COLUMNS " WHERE a.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct activity a;
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &a);
		*found = 1;
		fn(arg, &a);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* ?1 institute, ?2 station, ?3 team (0: any), over a JOIN orgs o. */
#define ACTIVITY_SCOPE \
	" (?1 = 0 OR o.id = ?1 OR o.parent_id = ?1) AND (?2 = 0 OR o.id = ?2)" \
	" AND (?3 = 0 OR a.team_id = ?3)"

int
activity_in_scope(struct db *db, const struct place_scope *sc, int64_t id)
{
	static const char sql[] =
	    "SELECT 1 FROM activities a JOIN orgs o ON o.id = a.org_id"
	    " WHERE a.id = ?4 AND" ACTIVITY_SCOPE;
	const int64_t args[] = { sc->institute_id, sc->station_id, sc->team_id, id };

	return db_exists(db, sql, args, 4);
}

enum db_err
activity_each_in_scope(struct db *db, const struct place_scope *sc, int64_t since,
    void (*fn)(void *arg, const struct activity *), void *arg)
{
	static const char sql[] = "SELECT " ACTIVITY_COLUMNS
	    " WHERE a.ends_at >= ?4 AND" ACTIVITY_SCOPE
	    " ORDER BY a.starts_at, a.id LIMIT 200";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, sc->institute_id);
	sqlite3_bind_int64(st, 2, sc->station_id);
	sqlite3_bind_int64(st, 3, sc->team_id);
	sqlite3_bind_int64(st, 4, since);
	return run_rows(st, fn, arg);
}

enum db_err
activity_each_of(struct db *db, int64_t vid, int64_t since,
    void (*fn)(void *arg, const struct activity *), void *arg)
{
	static const char sql[] = "SELECT " ACTIVITY_COLUMNS
	    " JOIN activity_signups m ON m.activity_id = a.id AND m.volunteer_id = ?1"
	    " AND m.state = 'signed'"
	    " WHERE a.ends_at >= ?2 ORDER BY a.starts_at, a.id LIMIT 100";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, since);
	return run_rows(st, fn, arg);
}

enum db_err
activity_mine(struct db *db, int64_t id, int64_t vid, struct activity_mine *out)
{
	static const char sql[] =
	    "SELECT m.state, coalesce(m.checkin_at, 0), coalesce(m.checkout_at, 0),"
	    " coalesce(h.minutes, 0), coalesce(h.status, '')"
	    " FROM activity_signups m LEFT JOIN hours h ON h.id = m.hour_id"
	    " WHERE m.activity_id = ?1 AND m.volunteer_id = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, vid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(out->state, sizeof(out->state), "%s", db_text(st, 0));
		out->checkin_at = sqlite3_column_int64(st, 1);
		out->checkout_at = sqlite3_column_int64(st, 2);
		out->minutes = sqlite3_column_int(st, 3);
		snprintf(out->hour_status, sizeof(out->hour_status), "%s", db_text(st, 4));
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
activity_each_signup(struct db *db, int64_t id,
    void (*fn)(void *arg, const struct activity_signup *), void *arg)
{
	static const char sql[] =
	    "SELECT v.id, v.name, coalesce(v.number, ''), m.state, m.signed_at,"
	    " coalesce(m.checkin_at, 0), coalesce(m.checkout_at, 0), coalesce(m.hour_id, 0),"
	    " coalesce(h.minutes, 0), coalesce(h.status, '')"
	    " FROM activity_signups m JOIN volunteers v ON v.id = m.volunteer_id"
	    " LEFT JOIN hours h ON h.id = m.hour_id"
	    " WHERE m.activity_id = ?1 ORDER BY m.state DESC, m.signed_at, v.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct activity_signup s = {
			.volunteer_id = sqlite3_column_int64(st, 0),
			.name = db_text(st, 1),
			.number = db_text(st, 2),
			.state = db_text(st, 3),
			.signed_at = sqlite3_column_int64(st, 4),
			.checkin_at = sqlite3_column_int64(st, 5),
			.checkout_at = sqlite3_column_int64(st, 6),
			.hour_id = sqlite3_column_int64(st, 7),
			.minutes = sqlite3_column_int(st, 8),
			.hour_status = db_text(st, 9),
		};
		fn(arg, &s);
	}
	return db_err_of(rc);
}
