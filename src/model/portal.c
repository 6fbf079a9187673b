/*
 * portal.c: the portal's public figures (see portal.h): counts and sums
 * only, and recently completed services by service and place, never by
 * person. The sums over a year or over every request (the volunteers, the
 * year's hours, today's figures, the queue) are computed by the
 * housekeeping process (portal_keep) and read from its kept row.
 */
#include <stdio.h>
#include <string.h>

#include "model/kept.h"
#include "model/portal.h"
#include "model/stats.h"
#include "lib/util.h"

int64_t
portal_day_start(int64_t now)
{
	char when[20];
	int y, m, d;

	time_format_cst(now, when);
	sscanf(when, "%d-%d-%d", &y, &m, &d);
	return time_from_cst(y, m, d, 0, 0);
}

int64_t
portal_year_start(int64_t now)
{
	char when[20];
	int y;

	time_format_cst(now, when);
	sscanf(when, "%d", &y);
	return time_from_cst(y, 1, 1, 0, 0);
}

/* Runs st (bound by the caller) for one integer; returns DB_OK or an error. */
static enum db_err
one_int(sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);

	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* The portal's sums as the housekeeping process last kept them (the row
 * "portal", portal_keep), read by a worker at most every KEPT_RECHECK
 * seconds. Each sum says the period it covers, and a caller asking for
 * another (the first seconds of a new day or year) gets it computed. */
static struct {
	int		 ok;
	int64_t		 at;
	int		 volunteers;
	int64_t		 year, minutes;		/* confirmed minutes since year */
	int64_t		 day;			/* today covers the day from day */
	struct portal_today today;
	struct portal_queue queue;
} kept;

/* Reads integer i of a kept array (0 when absent). */
static int64_t
json_i64(const cJSON *a, int i)
{
	const cJSON *v = cJSON_GetArrayItem(a, i);
	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* Brings kept up to date from the row "portal" when figures are kept.
 * Returns 1 when kept holds the row, 0 when there is none (or figures are
 * not kept), -1 on a database error. */
static int
kept_read(struct db *db)
{
	int64_t since, made_at, now = now_unix();
	const cJSON *t, *q;
	cJSON *body;
	int rc;

	if (!kept_on())
		return 0;
	if (kept.ok && !kept_stale(kept.at, now))
		return 1;
	kept.ok = 0;
	if ((rc = kept_get(db, "portal", &since, &made_at, &body)) != 1)
		return rc;
	kept.volunteers = (int)json_i64(cJSON_GetObjectItem(body, "sums"), 0);
	kept.year = json_i64(cJSON_GetObjectItem(body, "sums"), 1);
	kept.minutes = json_i64(cJSON_GetObjectItem(body, "sums"), 2);
	kept.day = json_i64(cJSON_GetObjectItem(body, "sums"), 3);
	t = cJSON_GetObjectItem(body, "today");
	kept.today = (struct portal_today){ (int)json_i64(t, 0), (int)json_i64(t, 1),
	    (int)json_i64(t, 2), (int)json_i64(t, 3), (int)json_i64(t, 4), (int)json_i64(t, 5) };
	q = cJSON_GetObjectItem(body, "queue");
	kept.queue = (struct portal_queue){ (int)json_i64(q, 0), (int)json_i64(q, 1),
	    (int)json_i64(q, 2), (int)json_i64(q, 3), (int)json_i64(q, 4) };
	cJSON_Delete(body);
	kept.ok = 1;
	kept.at = now;
	return 1;
}

/* Counts the approved volunteers. */
static enum db_err
volunteers_compute(struct db *db, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM volunteers WHERE status = 'approved'");
	int64_t v = 0;
	enum db_err e;

	if (st == NULL)
		return DB_ERROR;
	e = one_int(st, &v);
	*n = (int)v;
	return e;
}

enum db_err
portal_volunteers(struct db *db, int *n)
{
	int rc = kept_read(db);

	if (rc < 0)
		return DB_ERROR;
	if (rc == 1) {
		*n = kept.volunteers;
		return DB_OK;
	}
	return volunteers_compute(db, n);
}

/* Sums the confirmed minutes of service that started at or after since. */
static enum db_err
minutes_compute(struct db *db, int64_t since, int64_t *minutes)
{
	/* A record is made after its service starts, so created_at >= since
	 * lets the index on (status, created_at) skip the years before. */
	static const char sql[] =
	    "SELECT coalesce(sum(minutes), 0) FROM hours WHERE status = 'confirmed'"
	    " AND created_at >= ?1 AND started_at >= ?1";
	sqlite3_stmt *st;

	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, since);
	return one_int(st, minutes);
}

enum db_err
portal_minutes_since(struct db *db, int64_t since, int64_t *minutes)
{
	int rc = kept_read(db);

	if (rc < 0)
		return DB_ERROR;
	if (rc == 1 && kept.year == since) {
		*minutes = kept.minutes;
		return DB_OK;
	}
	return minutes_compute(db, since, minutes);
}

enum db_err
portal_each_done(struct db *db, int limit,
    void (*fn)(void *arg, const struct portal_done *), void *arg)
{
	/* The newest of each closed-with-service state by the index on
	 * (state, completed_at), merged. Only the service and the place are
	 * read: nothing here may name or locate a person. */
#define DONE_OF(s) "SELECT * FROM (SELECT id, completed_at FROM orders WHERE state = '" s \
	"' AND completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT ?1)"
	static const char sql[] =
	    "SELECT s.name, p.name, g.name, coalesce(CASE g.kind WHEN 'station' THEN i.name END, ''),"
	    " o.completed_at, o.is_demo FROM (" DONE_OF("completed") " UNION ALL " DONE_OF("rated")
	    " UNION ALL " DONE_OF("unrated") ") d JOIN orders o ON o.id = d.id"
	    " JOIN services s ON s.id = o.service_id JOIN platforms p ON p.id = s.platform_id"
	    " JOIN orgs g ON g.id = o.org_id LEFT JOIN orgs i ON i.id = g.parent_id"
	    " ORDER BY d.completed_at DESC, d.id DESC LIMIT ?1";
#undef DONE_OF
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int(st, 1, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct portal_done d = {
			.service = db_text(st, 0),
			.platform = db_text(st, 1),
			.site = db_text(st, 2),
			.institute = db_text(st, 3),
			.completed_at = sqlite3_column_int64(st, 4),
			.is_demo = sqlite3_column_int(st, 5),
		};
		fn(arg, &d);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Counts today's figures (the day from day): events, which no index
 * orders by time, are scanned: kept by the housekeeping process. */
static enum db_err
today_compute(struct db *db, int64_t day, struct portal_today *out)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM orders WHERE created_at >= ?1),"
	    " (SELECT count(DISTINCT order_id) FROM order_events WHERE at >= ?1"
	    "  AND to_state IN ('dispatched', 'published') AND kind = 'move'),"
	    " (SELECT count(*) FROM order_events WHERE at >= ?1 AND to_state = 'accepted'"
	    "  AND kind = 'move'),"
	    " (SELECT count(*) FROM orders WHERE state IN ('completed', 'rated', 'unrated')"
	    "  AND completed_at >= ?1),"
	    " (SELECT count(*) FROM ratings WHERE rated_at >= ?1),"
	    " (SELECT coalesce(sum(level >= 4), 0) FROM ratings WHERE rated_at >= ?1)";
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, day);
	memset(out, 0, sizeof(*out));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->requests = sqlite3_column_int(st, 0);
		out->dispatched = sqlite3_column_int(st, 1);
		out->accepted = sqlite3_column_int(st, 2);
		out->completed = sqlite3_column_int(st, 3);
		out->rated = sqlite3_column_int(st, 4);
		out->satisfied = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : db_err_of(rc);
}

enum db_err
portal_today(struct db *db, int64_t now, struct portal_today *out)
{
	int64_t day = portal_day_start(now);
	int rc = kept_read(db);

	if (rc < 0)
		return DB_ERROR;
	if (rc == 1 && kept.day == day) {
		*out = kept.today;
		return DB_OK;
	}
	return today_compute(db, day, out);
}

/* Counts the queue at now: the per-place counts, and the open requests
 * past their due time (an index range, but over every open request). */
static enum db_err
queue_compute(struct db *db, int64_t now, struct portal_queue *out)
{
	static const char sql[] =
	    "SELECT coalesce(sum(n * (state = 'submitted')), 0), coalesce(sum(n * (state = 'dispatched')), 0),"
	    " coalesce(sum(n * (state = 'published')), 0), coalesce(sum(n * (state = 'accepted')), 0),"
	    " (SELECT count(*) FROM orders WHERE state IN ('submitted', 'dispatched', 'published', 'accepted')"
	    "  AND due_at < ?1)"
	    " FROM order_counts WHERE state IN ('submitted', 'dispatched', 'published', 'accepted')";
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now);
	memset(out, 0, sizeof(*out));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->submitted = sqlite3_column_int(st, 0);
		out->dispatched = sqlite3_column_int(st, 1);
		out->published = sqlite3_column_int(st, 2);
		out->accepted = sqlite3_column_int(st, 3);
		out->overdue = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : db_err_of(rc);
}

enum db_err
portal_queue(struct db *db, int64_t now, struct portal_queue *out)
{
	int rc = kept_read(db);

	if (rc < 0)
		return DB_ERROR;
	if (rc == 1) {
		*out = kept.queue;
		return DB_OK;
	}
	return queue_compute(db, now, out);
}

/* Appends the integers v[0..n) to obj as the array name. Returns 0, or -1
 * when out of memory. */
static int
json_ints(cJSON *obj, const char *name, const int64_t *v, int n)
{
	cJSON *a = cJSON_AddArrayToObject(obj, name);

	if (a == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i])))
			return -1;
	return 0;
}

enum db_err
portal_keep(struct db *db, int64_t now)
{
	int64_t year = portal_year_start(now), day = portal_day_start(now), minutes;
	struct portal_today t;
	struct portal_queue q;
	cJSON *body;
	enum db_err e;
	int vols;

	if ((e = volunteers_compute(db, &vols)) != DB_OK ||
	    (e = minutes_compute(db, year, &minutes)) != DB_OK ||
	    (e = today_compute(db, day, &t)) != DB_OK || (e = queue_compute(db, now, &q)) != DB_OK)
		return e;
	if ((body = cJSON_CreateObject()) == NULL)
		return DB_ERROR;
	{
		int64_t sums[] = { vols, year, minutes, day };
		int64_t today[] = { t.requests, t.dispatched, t.accepted, t.completed, t.rated,
		    t.satisfied };
		int64_t queue[] = { q.submitted, q.dispatched, q.published, q.accepted, q.overdue };

		e = json_ints(body, "sums", sums, 4) == 0 && json_ints(body, "today", today, 6) == 0 &&
		    json_ints(body, "queue", queue, 5) == 0 ?
		    kept_put(db, "portal", day, now, body) : DB_ERROR;
	}
	cJSON_Delete(body);
	kept.ok = 0;	/* this process reads the row like any other */
	return e;
}
