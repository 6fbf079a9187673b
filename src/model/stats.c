/*
 * stats.c: the figures (see stats.h): each worker keeps what it computed
 * for SIDAN_STATS_TTL seconds (a minute), since figures over a year of
 * requests take a while at district scale (about 2 s at a million
 * requests): the home page and /figures then cost a lookup, and the
 * figures are at most that old. The groupings and the total come from one
 * pass (stats_scan.c); the counts without times and the five-star teams
 * are a statement each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stats.h"
#include "model/stats_scan.h"
#include "lib/util.h"

#define STATS_SLOTS	16

/* One remembered result: a group's rows (or the total) for one `since`. */
struct stats_memo {
	int			 used;
	int			 group;		/* enum stats_group, or STATS__MAX for the total */
	int64_t			 since, at;
	size_t			 n;
	struct stats_row	 rows[STATS_MAX_ROWS];
	char			 keys[STATS_MAX_ROWS][128];
};

/* Per worker process; never shared (workers are single-threaded). */
static struct stats_memo memo[STATS_SLOTS];

/* Seconds a result is kept: SIDAN_STATS_TTL (default 60; 0 keeps nothing,
 * which the tests use to see their own data at once). */
int
stats_ttl(void)
{
	static int ttl = -1;

	if (ttl < 0) {
		const char *v = getenv("SIDAN_STATS_TTL");
		ttl = v && *v ? atoi(v) : 60;
		if (ttl < 0)
			ttl = 0;
	}
	return ttl;
}

int
stats_fresh(int64_t at, int64_t now)
{
	return now - at < stats_ttl();
}

/* Returns the fresh memo for (group, since), or NULL. */
static const struct stats_memo *
memo_find(int group, int64_t since)
{
	int64_t now = now_unix();

	for (int i = 0; i < STATS_SLOTS; i++)
		if (memo[i].used && memo[i].group == group && memo[i].since == since &&
		    stats_fresh(memo[i].at, now))
			return &memo[i];
	return NULL;
}

/* Returns a slot to fill for (group, since): the same key's, a free one,
 * or the oldest. */
static struct stats_memo *
memo_slot(int group, int64_t since)
{
	struct stats_memo *old = &memo[0];

	for (int i = 0; i < STATS_SLOTS; i++) {
		if (!memo[i].used || (memo[i].group == group && memo[i].since == since))
			return &memo[i];
		if (memo[i].at < old->at)
			old = &memo[i];
	}
	return old;
}

/* The memo key of stats_counts: after the groups and the total. */
#define STATS_COUNTS	(STATS__MAX + 1)
/* The total's counts without the times, which need two lookups of events
 * per request (seconds over a year of a million requests). */
static const char counts_sql[] =
    "SELECT '合计', count(*), sum(o.state IN ('completed', 'rated', 'unrated')),"
    " sum(o.state IN ('submitted', 'dispatched', 'published', 'accepted')),"
    " sum(o.state IN ('rejected', 'cancelled')), count(r.level), coalesce(sum(r.level >= 4), 0),"
    " -1, -1, -1 FROM orders o LEFT JOIN ratings r ON r.order_id = o.id WHERE o.created_at >= ?1";

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

/* Stores rows as the fresh memo of (group, since) and returns it. */
static const struct stats_memo *
memo_store(int group, int64_t since, const struct stats_row *rows, char keys[][128], size_t n)
{
	struct stats_memo *m = memo_slot(group, since);

	m->n = 0;
	for (size_t i = 0; i < n && i < STATS_MAX_ROWS; i++, m->n++) {
		m->rows[i] = rows[i];
		snprintf(m->keys[i], sizeof(m->keys[i]), "%s", keys[i]);
		m->rows[i].key = m->keys[i];
	}
	m->group = group;
	m->since = since;
	m->at = now_unix();
	m->used = 1;
	return m;
}

/* Computes group (a grouping, the total STATS__MAX, or the counts
 * STATS_COUNTS) over requests made at or after since, keeps it and points
 * *out at it. A grouping or the total is computed with all the others in
 * one pass (stats_scan), and all are kept. */
static enum db_err
memo_fill(struct db *db, int group, int64_t since, const struct stats_memo **out)
{
	static struct stats_scan scan;	/* 70 KB: not on the stack */
	struct stats_row row;
	char key[1][128];
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	if (group != STATS_COUNTS) {
		if ((e = stats_scan(db, since, &scan)) != DB_OK)
			return e;
		/* The group asked for last, so no other store can take its slot. */
		for (int g = 0; g <= STATS__MAX; g++)
			if (g != group)
				memo_store(g, since, scan.rows[g], scan.keys[g], scan.n[g]);
		*out = memo_store(group, since, scan.rows[group], scan.keys[group], scan.n[group]);
		return DB_OK;
	}
	if ((st = db_stmt(db, counts_sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, since);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &row);
		snprintf(key[0], sizeof(key[0]), "%s", row.key);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? DB_ERROR : db_err_of(rc);
	*out = memo_store(STATS_COUNTS, since, &row, key, 1);
	return DB_OK;
}

enum db_err
stats_each(struct db *db, enum stats_group g, int64_t since,
    void (*fn)(void *arg, const struct stats_row *), void *arg)
{
	const struct stats_memo *m = memo_find(g, since);
	enum db_err e;

	if (m == NULL && (e = memo_fill(db, g, since, &m)) != DB_OK)
		return e;
	for (size_t i = 0; i < m->n; i++)
		fn(arg, &m->rows[i]);
	return DB_OK;
}

/* Fills out with the one row of the total (STATS__MAX) or of the counts
 * (STATS_COUNTS) over requests made at or after since. */
static enum db_err
one_row(struct db *db, int group, int64_t since, struct stats_row *out)
{
	const struct stats_memo *m = memo_find(group, since);
	enum db_err e;

	if (m == NULL && (e = memo_fill(db, group, since, &m)) != DB_OK)
		return e;
	if (m->n == 1)
		*out = m->rows[0];
	else
		memset(out, 0, sizeof(*out));
	out->key = "合计";
	return DB_OK;
}

enum db_err
stats_total(struct db *db, int64_t since, struct stats_row *out)
{
	return one_row(db, STATS__MAX, since, out);
}

enum db_err
stats_counts(struct db *db, int64_t since, struct stats_row *out)
{
	return one_row(db, STATS_COUNTS, since, out);
}

/* The memo key of stats_five_star: after the counts. */
#define STATS_FIVE_STAR	(STATS__MAX + 2)

/* Computes the five-star teams of the 12 months before now into a memo
 * slot (key: the team, rated, satisfied). A join of a year's ratings with
 * their requests: 0.4 s at a million requests, so kept like the figures. */
static enum db_err
five_star_fill(struct db *db, int64_t now, const struct stats_memo **out)
{
	static const char sql[] =
	    "SELECT tm.name, count(*), sum(r.level >= 4) FROM ratings r JOIN orders o ON o.id = r.order_id"
	    " JOIN teams tm ON tm.id = o.team_id WHERE r.rated_at >= ?1 GROUP BY o.team_id"
	    " HAVING count(*) >= ?2 AND sum(r.level >= 4) * 100 >= ?3 * count(*)"
	    " ORDER BY sum(r.level >= 4) * 1.0 / count(*) DESC, count(*) DESC";
	struct stats_memo *m = memo_slot(STATS_FIVE_STAR, 0);
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	m->used = 0;
	m->n = 0;
	sqlite3_bind_int64(st, 1, now - 365 * 86400);
	sqlite3_bind_int(st, 2, FIVE_STAR_MIN_RATED);
	sqlite3_bind_int(st, 3, FIVE_STAR_MIN_PERCENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && m->n < STATS_MAX_ROWS) {
		struct stats_row *r = &m->rows[m->n];
		memset(r, 0, sizeof(*r));
		snprintf(m->keys[m->n], sizeof(m->keys[m->n]), "%s", db_text(st, 0));
		r->key = m->keys[m->n];
		r->rated = sqlite3_column_int(st, 1);
		r->satisfied = sqlite3_column_int(st, 2);
		m->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_err_of(rc);
	m->group = STATS_FIVE_STAR;
	m->since = 0;
	m->at = now_unix();
	m->used = 1;
	*out = m;
	return DB_OK;
}

enum db_err
stats_five_star(struct db *db, int64_t now,
    void (*fn)(void *arg, const char *team, int rated, int satisfied), void *arg)
{
	const struct stats_memo *m = memo_find(STATS_FIVE_STAR, 0);
	enum db_err e;

	if (m == NULL && (e = five_star_fill(db, now, &m)) != DB_OK)
		return e;
	for (size_t i = 0; i < m->n; i++)
		fn(arg, m->rows[i].key, m->rows[i].rated, m->rows[i].satisfied);
	return DB_OK;
}

int64_t
stats_month_start(int64_t now)
{
	char when[20];
	int y, m;

	time_format_cst(now, when);
	sscanf(when, "%d-%d", &y, &m);
	return time_from_cst(y, m, 1, 0, 0);
}

int64_t
stats_window_start(int64_t now)
{
	char when[20];
	int y, m;

	time_format_cst(now, when);
	sscanf(when, "%d-%d", &y, &m);
	m -= 11;
	if (m < 1) {
		m += 12;
		y--;
	}
	return time_from_cst(y, m, 1, 0, 0);
}
