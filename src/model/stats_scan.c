/*
 * stats_scan.c: every grouping of the figures (by month, 所, platform and
 * team) and the total, from one pass over the requests (see stats_scan.h).
 *
 * Each request's dispatch and acceptance times take two lookups of its
 * events; over a year of a district's requests that is most of the cost,
 * and one statement per grouping paid it five times (over 10 s at a
 * million requests). Here the rows are read once and added up in C; the
 * names and sort orders of the few 所, platforms and teams are read after.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stats_scan.h"

/* What one request contributes, as the statement below reads it. */
static const char rows_sql[] =
    "SELECT strftime('%Y-%m', o.created_at, 'unixepoch', '+8 hours'),"
    " coalesce(CASE g.kind WHEN 'station' THEN g.parent_id WHEN 'institute' THEN g.id END, 0),"
    " s.platform_id, coalesce(o.team_id, 0),"
    " CASE WHEN o.state IN ('completed', 'rated', 'unrated') THEN 1"
    " WHEN o.state IN ('submitted', 'dispatched', 'published', 'accepted') THEN 2"
    " WHEN o.state IN ('rejected', 'cancelled') THEN 3 ELSE 0 END,"
    " o.created_at, o.completed_at,"
    " (SELECT min(at) FROM order_events e WHERE e.order_id = o.id"
    "  AND e.to_state IN ('dispatched', 'published') AND e.kind = 'move'),"
    " (SELECT min(at) FROM order_events e WHERE e.order_id = o.id AND e.to_state = 'accepted'"
    "  AND e.kind = 'move'),"
    " r.level"
    " FROM orders o JOIN services s ON s.id = o.service_id JOIN orgs g ON g.id = o.org_id"
    " LEFT JOIN ratings r ON r.order_id = o.id WHERE o.created_at >= ?1 AND o.created_at < ?2";

/* The scan reads the requests a week at a time, each week its own
 * statement: a read that lasts seconds would hold the WAL from being
 * checkpointed, and every write meanwhile would grow it and slow down. */
#define SCAN_STEP	(7 * 86400)

/* A group being added up. */
struct acc {
	int64_t	 id;			/* 所, platform or team id; 0 for none */
	char	 key[128];		/* the month, or the name once read */
	int64_t	 sort;			/* the name's sort column */
	int	 sort_null;		/* 1: no row to sort by (the centre) */
	int	 requests, done, open, stopped, rated, satisfied;
	double	 s_disp, s_acc, s_done;	/* sums of the intervals... */
	int	 n_disp, n_acc, n_done;	/* ...and how many were summed */
};

/* The groups of one grouping, grown as new keys appear. */
struct accs {
	struct acc	*v;
	size_t		 n, cap;
};

/* Returns the group with id (or month key) in a, adding it if new. */
static struct acc *
acc_find(struct accs *a, int64_t id, const char *month)
{
	for (size_t i = 0; i < a->n; i++)
		if (month ? strcmp(a->v[i].key, month) == 0 : a->v[i].id == id)
			return &a->v[i];
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	memset(&a->v[a->n], 0, sizeof(a->v[0]));
	a->v[a->n].id = id;
	if (month)
		snprintf(a->v[a->n].key, sizeof(a->v[0].key), "%s", month);
	return &a->v[a->n++];
}

/* Adds the current row of st to g. */
static void
acc_add(struct acc *g, sqlite3_stmt *st)
{
	int kind = sqlite3_column_int(st, 4);
	int64_t created = sqlite3_column_int64(st, 5);

	g->requests++;
	g->done += kind == 1;
	g->open += kind == 2;
	g->stopped += kind == 3;
	if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
		g->rated++;
		g->satisfied += sqlite3_column_int(st, 9) >= 4;
	}
	if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
		g->s_disp += (double)(sqlite3_column_int64(st, 7) - created);
		g->n_disp++;
		if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
			g->s_acc += (double)(sqlite3_column_int64(st, 8) -
			    sqlite3_column_int64(st, 7));
			g->n_acc++;
		}
	}
	if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
		g->s_done += (double)(sqlite3_column_int64(st, 6) - created);
		g->n_done++;
	}
}

/* Reads the name and sort order of each group of a from sql (one id in,
 * name and sort out). Groups without a row keep their key; the centre's
 * (id 0 among the 所) is named 中心直接受理 and sorts first on ties. */
static enum db_err
acc_names(struct db *db, struct accs *a, const char *sql)
{
	for (size_t i = 0; i < a->n; i++) {
		sqlite3_stmt *st;
		int rc;

		if (a->v[i].id == 0) {
			snprintf(a->v[i].key, sizeof(a->v[i].key), "%s", "中心直接受理");
			a->v[i].sort_null = 1;
			continue;
		}
		if ((st = db_stmt(db, sql)) == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, a->v[i].id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			snprintf(a->v[i].key, sizeof(a->v[i].key), "%s", db_text(st, 0));
			a->v[i].sort = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_err_of(rc);
	}
	return DB_OK;
}

/* Orders, as the figures list them: months newest first. */
static int
by_month_desc(const void *x, const void *y)
{
	return -strcmp(((const struct acc *)x)->key, ((const struct acc *)y)->key);
}

/* Compares sort columns, no row first (as SQL sorts NULL). */
static int
sort_cmp(const struct acc *a, const struct acc *b)
{
	if (a->sort_null != b->sort_null)
		return a->sort_null ? -1 : 1;
	if (a->sort != b->sort)
		return a->sort < b->sort ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Most requests first, then the sort column (所, teams). */
static int
by_requests(const void *x, const void *y)
{
	const struct acc *a = x, *b = y;

	if (a->requests != b->requests)
		return a->requests > b->requests ? -1 : 1;
	return sort_cmp(a, b);
}

/* The sort column alone (platforms). */
static int
by_sort(const void *x, const void *y)
{
	return sort_cmp(x, y);
}

/* Sorts the groups of a by cmp (an empty one has no array to sort). */
static void
acc_sort(struct accs *a, int (*cmp)(const void *, const void *))
{
	if (a->n > 1)
		qsort(a->v, a->n, sizeof(a->v[0]), cmp);
}

/* Writes the groups of a, in order, into rows and keys; returns how many
 * (at most STATS_MAX_ROWS). */
static size_t
acc_out(const struct accs *a, struct stats_row *rows, char keys[][128])
{
	size_t n = 0;

	for (size_t i = 0; i < a->n && n < STATS_MAX_ROWS; i++, n++) {
		const struct acc *g = &a->v[i];
		struct stats_row *r = &rows[n];

		snprintf(keys[n], 128, "%s", g->key);
		r->key = keys[n];
		r->requests = g->requests;
		r->done = g->done;
		r->open = g->open;
		r->stopped = g->stopped;
		r->rated = g->rated;
		r->satisfied = g->satisfied;
		r->to_dispatch = g->n_disp ? g->s_disp / g->n_disp : -1;
		r->to_accept = g->n_acc ? g->s_acc / g->n_acc : -1;
		r->to_done = g->n_done ? g->s_done / g->n_done : -1;
	}
	return n;
}

enum db_err
stats_scan(struct db *db, int64_t since, struct stats_scan *out)
{
	struct accs a[STATS__MAX + 1] = { { 0 } };
	sqlite3_stmt *st = db_stmt(db, rows_sql);
	enum db_err e = DB_OK;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	acc_find(&a[STATS__MAX], 0, NULL);	/* the total, even of nothing */
	snprintf(a[STATS__MAX].v[0].key, sizeof(a[0].v[0].key), "%s", "合计");
	rc = SQLITE_DONE;
	for (int64_t from = since, end = now_unix() + SCAN_STEP; rc == SQLITE_DONE; from += SCAN_STEP) {
		/* The last week is open: nothing after it is left out. */
		int64_t to = from + SCAN_STEP > end ? INT64_MAX : from + SCAN_STEP;

		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_int64(st, 2, to);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			acc_add(acc_find(&a[STATS_MONTH], 0, db_text(st, 0)), st);
			acc_add(acc_find(&a[STATS_INSTITUTE], sqlite3_column_int64(st, 1), NULL), st);
			acc_add(acc_find(&a[STATS_PLATFORM], sqlite3_column_int64(st, 2), NULL), st);
			if (sqlite3_column_int64(st, 3) != 0)
				acc_add(acc_find(&a[STATS_TEAM], sqlite3_column_int64(st, 3), NULL), st);
			acc_add(&a[STATS__MAX].v[0], st);
		}
		sqlite3_reset(st);
		if (to == INT64_MAX)
			break;
	}
	if (rc != SQLITE_DONE)
		e = db_err_of(rc);
	if (e == DB_OK)
		e = acc_names(db, &a[STATS_INSTITUTE], "SELECT name, sort FROM orgs WHERE id = ?1");
	if (e == DB_OK)
		e = acc_names(db, &a[STATS_PLATFORM], "SELECT name, sort FROM platforms WHERE id = ?1");
	if (e == DB_OK)
		e = acc_names(db, &a[STATS_TEAM], "SELECT name, sort FROM teams WHERE id = ?1");
	if (e == DB_OK) {
		acc_sort(&a[STATS_MONTH], by_month_desc);
		acc_sort(&a[STATS_INSTITUTE], by_requests);
		acc_sort(&a[STATS_PLATFORM], by_sort);
		acc_sort(&a[STATS_TEAM], by_requests);
		for (int g = 0; g <= STATS__MAX; g++)
			out->n[g] = acc_out(&a[g], out->rows[g], out->keys[g]);
	}
	for (int g = 0; g <= STATS__MAX; g++)
		free(a[g].v);
	return e;
}
