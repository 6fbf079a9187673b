/*
 * portal.c: the portal's public figures (see portal.h): counts and sums
 * only, and recently completed services by service and place, never by
 * person. Today's figures count events, which no index orders by time, so
 * each worker keeps them for SIDAN_STATS_TTL seconds as stats.c does.
 */
#include <stdio.h>
#include <string.h>

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

enum db_err
portal_volunteers(struct db *db, int *n)
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
portal_minutes_since(struct db *db, int64_t since, int64_t *minutes)
{
	/* A record is made after its service starts, so created_at >= since
	 * lets the index on (status, created_at) skip the years before. */
	static const char sql[] =
	    "SELECT coalesce(sum(minutes), 0) FROM hours WHERE status = 'confirmed'"
	    " AND created_at >= ?1 AND started_at >= ?1";
	/* Kept like the figures: a year of records is 0.1 s at district scale,
	 * too much for each call of the open data. */
	static int64_t kept_since = -1, kept_at, kept_minutes;
	int64_t now = now_unix();
	sqlite3_stmt *st;
	enum db_err e;

	if (since == kept_since && stats_fresh(kept_at, now)) {
		*minutes = kept_minutes;
		return DB_OK;
	}
	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, since);
	if ((e = one_int(st, minutes)) == DB_OK) {
		kept_since = since;
		kept_at = now;
		kept_minutes = *minutes;
	}
	return e;
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

/* What this worker last computed for the wall screen. */
static struct portal_today	kept_today;
static int64_t			kept_today_at, kept_today_day = -1;
static struct portal_queue	kept_queue;
static int64_t			kept_queue_at = -1;

enum db_err
portal_today(struct db *db, int64_t now, struct portal_today *out)
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
	int64_t day = portal_day_start(now);
	sqlite3_stmt *st;
	int rc;

	if (kept_today_day == day && stats_fresh(kept_today_at, now)) {
		*out = kept_today;
		return DB_OK;
	}
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
	if (rc != SQLITE_ROW)
		return db_err_of(rc);
	kept_today = *out;
	kept_today_at = now;
	kept_today_day = day;
	return DB_OK;
}

enum db_err
portal_queue(struct db *db, int64_t now, struct portal_queue *out)
{
	static const char sql[] =
	    "SELECT coalesce(sum(n * (state = 'submitted')), 0), coalesce(sum(n * (state = 'dispatched')), 0),"
	    " coalesce(sum(n * (state = 'published')), 0), coalesce(sum(n * (state = 'accepted')), 0),"
	    " (SELECT count(*) FROM orders WHERE state IN ('submitted', 'dispatched', 'published', 'accepted')"
	    "  AND due_at < ?1)"
	    " FROM order_counts WHERE state IN ('submitted', 'dispatched', 'published', 'accepted')";
	sqlite3_stmt *st;
	int rc;

	if (kept_queue_at >= 0 && stats_fresh(kept_queue_at, now)) {
		*out = kept_queue;
		return DB_OK;
	}
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
	if (rc != SQLITE_ROW)
		return db_err_of(rc);
	kept_queue = *out;
	kept_queue_at = now;
	return DB_OK;
}
