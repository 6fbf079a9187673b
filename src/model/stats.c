/*
 * stats.c: the figures (see stats.h). One CTE computes each request's
 * times from its events; each grouping is a literal statement over it.
 */
#include <stdio.h>

#include "stats.h"

#define STATS_CTE \
	"WITH t AS (SELECT o.id, o.state, o.created_at, o.completed_at, o.team_id, s.platform_id," \
	" CASE g.kind WHEN 'station' THEN g.parent_id WHEN 'institute' THEN g.id END AS inst," \
	" strftime('%Y-%m', o.created_at, 'unixepoch', '+8 hours') AS month," \
	" (SELECT min(at) FROM order_events e WHERE e.order_id = o.id" \
	"  AND e.to_state IN ('dispatched', 'published')) AS disp," \
	" (SELECT min(at) FROM order_events e WHERE e.order_id = o.id AND e.to_state = 'accepted') AS acc," \
	" r.level FROM orders o JOIN services s ON s.id = o.service_id JOIN orgs g ON g.id = o.org_id" \
	" LEFT JOIN ratings r ON r.order_id = o.id WHERE o.created_at >= ?1) "
#define STATS_COLS \
	" count(*), sum(state IN ('completed', 'rated', 'unrated'))," \
	" sum(state IN ('submitted', 'dispatched', 'published', 'accepted'))," \
	" sum(state IN ('rejected', 'cancelled')), count(level), coalesce(sum(level >= 4), 0)," \
	" coalesce(avg(disp - created_at), -1), coalesce(avg(acc - disp), -1)," \
	" coalesce(avg(completed_at - created_at), -1)"

static const char *const group_sql[STATS__MAX] = {
	[STATS_MONTH] = STATS_CTE "SELECT month," STATS_COLS " FROM t GROUP BY month ORDER BY month DESC",
	[STATS_INSTITUTE] = STATS_CTE "SELECT coalesce(i.name, '中心直接受理')," STATS_COLS
	    " FROM t LEFT JOIN orgs i ON i.id = t.inst GROUP BY t.inst ORDER BY count(*) DESC, i.sort",
	[STATS_PLATFORM] = STATS_CTE "SELECT p.name," STATS_COLS
	    " FROM t JOIN platforms p ON p.id = t.platform_id GROUP BY t.platform_id ORDER BY p.sort",
	[STATS_TEAM] = STATS_CTE "SELECT tm.name," STATS_COLS
	    " FROM t JOIN teams tm ON tm.id = t.team_id GROUP BY t.team_id ORDER BY count(*) DESC, tm.sort",
};

static const char total_sql[] = STATS_CTE "SELECT '合计'," STATS_COLS " FROM t";

/* Reads a row of group_sql/total_sql. */
static void
row_read(sqlite3_stmt *st, struct stats_row *r)
{
	r->key = db_text(st, 0);
	r->requests = sqlite3_column_int(st, 1);
	r->done = sqlite3_column_int(st, 2);
	r->open = sqlite3_column_int(st, 3);
	r->stopped = sqlite3_column_int(st, 4);
	r->rated = sqlite3_column_int(st, 5);
	r->satisfied = sqlite3_column_int(st, 6);
	r->to_dispatch = sqlite3_column_double(st, 7);
	r->to_accept = sqlite3_column_double(st, 8);
	r->to_done = sqlite3_column_double(st, 9);
}

enum db_err
stats_each(struct db *db, enum stats_group g, int64_t since,
    void (*fn)(void *arg, const struct stats_row *), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, group_sql[g]);
	struct stats_row row;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &row);
		fn(arg, &row);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
stats_total(struct db *db, int64_t since, struct stats_row *out)
{
	sqlite3_stmt *st = db_stmt(db, total_sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, since);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row_read(st, out);
	sqlite3_reset(st);
	/* The strings of out die with the reset: only numbers are used. */
	out->key = "合计";
	return db_err_of(rc);
}

enum db_err
stats_five_star(struct db *db, int64_t now,
    void (*fn)(void *arg, const char *team, int rated, int satisfied), void *arg)
{
	static const char sql[] =
	    "SELECT tm.name, count(*), sum(r.level >= 4) FROM ratings r JOIN orders o ON o.id = r.order_id"
	    " JOIN teams tm ON tm.id = o.team_id WHERE r.rated_at >= ?1 GROUP BY o.team_id"
	    " HAVING count(*) >= ?2 AND sum(r.level >= 4) * 100 >= ?3 * count(*)"
	    " ORDER BY sum(r.level >= 4) * 1.0 / count(*) DESC, count(*) DESC";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now - 365 * 86400);
	sqlite3_bind_int(st, 2, FIVE_STAR_MIN_RATED);
	sqlite3_bind_int(st, 3, FIVE_STAR_MIN_PERCENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, db_text(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
	sqlite3_reset(st);
	return db_err_of(rc);
}
