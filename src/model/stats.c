/*
 * stats.c: the figures (see stats.h). Figures over a year of requests take
 * a while at district scale (about 2 s at a million requests), so the
 * housekeeping process computes them (stats_keep) every SIDAN_STATS_TTL
 * seconds into kept rows (kept.h), and a worker reads the ready row of the
 * period asked for and keeps what it read for KEPT_RECHECK seconds. The
 * groupings and the total come from one pass (stats_scan.c); the counts
 * without times are the total's; the five-star teams are a statement. With
 * SIDAN_STATS_TTL=0 (the tests) a worker computes everything at each call,
 * as it also does before the first kept row of a new database is written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/kept.h"
#include "model/stats.h"
#include "model/stats_scan.h"
#include "lib/util.h"

#define STATS_SLOTS	16

/* One remembered result: a group's rows (or the total) for one `since`. */
struct stats_memo {
	int			 used;
	int			 group;		/* enum stats_group, or STATS__MAX for the total */
	int64_t			 since, at;	/* at: when this worker read or computed it */
	int64_t			 made_at;	/* when the figures were computed */
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

/* Returns the fresh memo for (group, since), or NULL: read from a kept
 * row less than KEPT_RECHECK seconds ago (nothing is fresh with
 * SIDAN_STATS_TTL=0). */
static const struct stats_memo *
memo_find(int group, int64_t since)
{
	int64_t now = now_unix();

	for (int i = 0; i < STATS_SLOTS; i++)
		if (memo[i].used && memo[i].group == group && memo[i].since == since &&
		    !kept_stale(memo[i].at, now))
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

/* Stores rows (computed at made_at) as the fresh memo of (group, since)
 * and returns it. */
static const struct stats_memo *
memo_store(int group, int64_t since, int64_t made_at, const struct stats_row *rows,
    char keys[][128], size_t n)
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
	m->made_at = made_at;
	m->used = 1;
	return m;
}

/* The name of the kept row of since's period at now: "stats.year" for the
 * twelve months of the figures, "stats.month" for this month, NULL for any
 * other period (computed at each call). At the turn of a month the kept
 * row may cover the period before for up to SIDAN_STATS_TTL seconds. */
static const char *
kept_name(int64_t since, int64_t now)
{
	if (since == stats_window_start(now))
		return "stats.year";
	if (since == stats_month_start(now))
		return "stats.month";
	return NULL;
}

/* Field i of a kept row's array as an int or a double (0 when absent). */
static int
json_int(const cJSON *a, int i)
{
	const cJSON *v = cJSON_GetArrayItem(a, i);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

static double
json_double(const cJSON *a, int i)
{
	const cJSON *v = cJSON_GetArrayItem(a, i);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Appends rows[0..n) to a as arrays [key, requests, done, open, stopped,
 * rated, satisfied, to_dispatch, to_accept, to_done]. Returns 0, or -1
 * when out of memory. */
static int
rows_to_json(cJSON *a, const struct stats_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct stats_row *r = &rows[i];
		double v[] = { r->requests, r->done, r->open, r->stopped, r->rated, r->satisfied,
		    r->to_dispatch, r->to_accept, r->to_done };
		cJSON *row = cJSON_CreateArray();

		if (row == NULL || !cJSON_AddItemToArray(a, row) ||
		    !cJSON_AddItemToArray(row, cJSON_CreateString(r->key)))
			return -1;
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			if (!cJSON_AddItemToArray(row, cJSON_CreateNumber(v[k])))
				return -1;
	}
	return 0;
}

/* Reads the rows of a (rows_to_json's arrays) into rows and keys, at most
 * STATS_MAX_ROWS. Returns how many. */
static size_t
rows_from_json(const cJSON *a, struct stats_row *rows, char keys[][128])
{
	const cJSON *row;
	size_t n = 0;

	cJSON_ArrayForEach(row, a) {
		const cJSON *key = cJSON_GetArrayItem(row, 0);
		struct stats_row *r = &rows[n];

		if (n == STATS_MAX_ROWS)
			break;
		snprintf(keys[n], 128, "%s", cJSON_IsString(key) ? key->valuestring : "");
		r->key = keys[n];
		r->requests = json_int(row, 1);
		r->done = json_int(row, 2);
		r->open = json_int(row, 3);
		r->stopped = json_int(row, 4);
		r->rated = json_int(row, 5);
		r->satisfied = json_int(row, 6);
		r->to_dispatch = json_double(row, 7);
		r->to_accept = json_double(row, 8);
		r->to_done = json_double(row, 9);
		n++;
	}
	return n;
}

/* Keeps, as the memos of since, every grouping, the total and the counts
 * (the total without its times) of scan, computed at made_at; the group
 * asked for last, so that no other store can take its slot. Returns its
 * memo. */
static const struct stats_memo *
memo_store_scan(const struct stats_scan *scan, int group, int64_t since, int64_t made_at)
{
	struct stats_row counts = scan->rows[STATS__MAX][0];
	char key[1][128] = { "合计" };

	counts.to_dispatch = counts.to_accept = counts.to_done = -1;
	if (group != STATS_COUNTS)
		memo_store(STATS_COUNTS, since, made_at, &counts, key, scan->n[STATS__MAX]);
	for (int g = 0; g <= STATS__MAX; g++)
		if (g != group)
			memo_store(g, since, made_at, scan->rows[g], (char (*)[128])scan->keys[g], scan->n[g]);
	if (group == STATS_COUNTS)
		return memo_store(STATS_COUNTS, since, made_at, &counts, key, scan->n[STATS__MAX]);
	return memo_store(group, since, made_at, scan->rows[group], (char (*)[128])scan->keys[group],
	    scan->n[group]);
}

/* Reads the kept row of since's period into the memos of since and points
 * *out at group's. Returns 1 when read, 0 when there is no kept row for
 * that period (yet), -1 on a database error. */
static int
memo_from_kept(struct db *db, int group, int64_t since, const struct stats_memo **out)
{
	static struct stats_scan scan;	/* 70 KB: not on the stack */
	const char *name = kept_name(since, now_unix());
	const cJSON *groups, *g;
	int64_t ksince, made_at;
	cJSON *body;
	int rc, i = 0;

	if (name == NULL)
		return 0;
	if ((rc = kept_get(db, name, &ksince, &made_at, &body)) != 1)
		return rc;
	memset(scan.n, 0, sizeof(scan.n));
	groups = cJSON_GetObjectItem(body, "groups");
	cJSON_ArrayForEach(g, groups) {
		if (i > STATS__MAX)
			break;
		scan.n[i] = rows_from_json(g, scan.rows[i], scan.keys[i]);
		i++;
	}
	cJSON_Delete(body);
	if (scan.n[STATS__MAX] != 1)	/* not a row this program wrote */
		return 0;
	*out = memo_store_scan(&scan, group, since, made_at);
	return 1;
}

/* Computes group (a grouping, the total STATS__MAX, or the counts
 * STATS_COUNTS) over requests made at or after since, keeps it and points
 * *out at it: from the kept row of its period when figures are kept and
 * one is there, else at once. A grouping or the total is computed with all
 * the others in one pass (stats_scan), and all are kept. */
static enum db_err
memo_fill(struct db *db, int group, int64_t since, const struct stats_memo **out)
{
	static struct stats_scan scan;	/* 70 KB: not on the stack */
	struct stats_row row;
	char key[1][128];
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	if (kept_on() && (rc = memo_from_kept(db, group, since, out)) != 0)
		return rc == 1 ? DB_OK : DB_ERROR;
	if (group != STATS_COUNTS) {
		if ((e = stats_scan(db, since, &scan)) != DB_OK)
			return e;
		*out = memo_store_scan(&scan, group, since, now_unix());
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
	*out = memo_store(STATS_COUNTS, since, now_unix(), &row, key, 1);
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

/* One team's ratings as five_star_compute adds them up. */
struct team_tally {
	int64_t	 id;
	int	 rated, satisfied;
};

/* Orders tallies by share satisfied, then by ratings, then by id. */
static int
by_share(const void *a, const void *b)
{
	const struct team_tally *x = a, *y = b;
	double sx = (double)x->satisfied / x->rated, sy = (double)y->satisfied / y->rated;

	if (sx != sy)
		return sx > sy ? -1 : 1;
	if (x->rated != y->rated)
		return x->rated > y->rated ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Computes the five-star teams of the 12 months before now into m (key:
 * the team, rated, satisfied): the year's ratings by team, a week of
 * ratings per statement (each its own short read: see stats_scan.c), then
 * the rule and the teams' names. */
static enum db_err
five_star_compute(struct db *db, int64_t now, struct stats_memo *m)
{
	static const char sql[] =
	    "SELECT o.team_id, count(*), sum(r.level >= 4) FROM ratings r JOIN orders o ON o.id = r.order_id"
	    " WHERE r.rated_at >= ?1 AND r.rated_at < ?2 AND o.team_id IS NOT NULL GROUP BY o.team_id";
	static const char name_sql[] = "SELECT name FROM teams WHERE id = ?1";
	struct team_tally *t = NULL;
	size_t n = 0, cap = 0, i, k;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc = SQLITE_DONE;

	if (st == NULL)
		return DB_ERROR;
	m->n = 0;
	for (int64_t from = now - 365 * 86400; from <= now && rc == SQLITE_DONE; from += 7 * 86400) {
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_int64(st, 2, from + 7 * 86400 > now ? INT64_MAX : from + 7 * 86400);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			for (i = 0; i < n && t[i].id != id; i++)
				;
			if (i == n) {
				if (n == cap)
					t = xrealloc(t, (cap = cap ? cap * 2 : 64) * sizeof(*t));
				t[n++] = (struct team_tally){ id, 0, 0 };
			}
			t[i].rated += sqlite3_column_int(st, 1);
			t[i].satisfied += sqlite3_column_int(st, 2);
		}
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE) {
		free(t);
		return db_err_of(rc);
	}
	for (i = k = 0; i < n; i++)
		if (t[i].rated >= FIVE_STAR_MIN_RATED &&
		    t[i].satisfied * 100 >= FIVE_STAR_MIN_PERCENT * t[i].rated)
			t[k++] = t[i];
	if (k > 0)
		qsort(t, k, sizeof(*t), by_share);
	for (i = 0; i < k && m->n < STATS_MAX_ROWS; i++) {
		struct stats_row *r = &m->rows[m->n];

		if ((st = db_stmt(db, name_sql)) == NULL) {
			free(t);
			return DB_ERROR;
		}
		sqlite3_bind_int64(st, 1, t[i].id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			memset(r, 0, sizeof(*r));
			snprintf(m->keys[m->n], sizeof(m->keys[m->n]), "%s", db_text(st, 0));
			r->key = m->keys[m->n];
			r->rated = t[i].rated;
			r->satisfied = t[i].satisfied;
			m->n++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			free(t);
			return db_err_of(rc);
		}
	}
	free(t);
	m->made_at = now_unix();
	return DB_OK;
}

/* Fills the memo of the five-star teams: from their kept row when figures
 * are kept and it is there, else at once. Points *out at it. */
static enum db_err
five_star_fill(struct db *db, int64_t now, const struct stats_memo **out)
{
	struct stats_memo *m = memo_slot(STATS_FIVE_STAR, 0);
	int64_t since, made_at;
	enum db_err e;
	cJSON *body;
	int rc = 0;

	m->used = 0;
	if (kept_on() && (rc = kept_get(db, "stats.five_star", &since, &made_at, &body)) == 1) {
		m->n = rows_from_json(cJSON_GetObjectItem(body, "teams"), m->rows, m->keys);
		m->made_at = made_at;
		cJSON_Delete(body);
	} else if (rc < 0)
		return DB_ERROR;
	else if ((e = five_star_compute(db, now, m)) != DB_OK)
		return e;
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
stats_as_of(struct db *db, int64_t since)
{
	const struct stats_memo *m;

	if (!kept_on())
		return now_unix();	/* computed at each view */
	m = memo_find(STATS__MAX, since);

	if (m == NULL)
		m = memo_find(STATS_COUNTS, since);
	if (m == NULL && memo_fill(db, STATS__MAX, since, &m) != DB_OK)
		return now_unix();
	return m->made_at;
}

/* Computes the figures of since's period (every grouping and the total,
 * one pass) and writes them as the kept row name. */
static enum db_err
keep_period(struct db *db, const char *name, int64_t since)
{
	static struct stats_scan scan;	/* 70 KB: not on the stack */
	cJSON *body = cJSON_CreateObject(), *groups;
	enum db_err e;

	if (body == NULL)
		return DB_ERROR;
	if ((e = stats_scan(db, since, &scan)) != DB_OK) {
		cJSON_Delete(body);
		return e;
	}
	e = DB_ERROR;
	if ((groups = cJSON_AddArrayToObject(body, "groups")) != NULL) {
		int g;

		for (g = 0; g <= STATS__MAX; g++) {
			cJSON *a = cJSON_CreateArray();
			if (a == NULL || !cJSON_AddItemToArray(groups, a) ||
			    rows_to_json(a, scan.rows[g], scan.n[g]) != 0)
				break;
		}
		if (g > STATS__MAX)
			e = kept_put(db, name, since, now_unix(), body);
	}
	cJSON_Delete(body);
	return e;
}

enum db_err
stats_keep(struct db *db, int64_t now)
{
	static struct stats_memo m;	/* 10 KB: not on the stack */
	cJSON *body, *teams;
	enum db_err e;

	if ((e = keep_period(db, "stats.year", stats_window_start(now))) != DB_OK ||
	    (e = keep_period(db, "stats.month", stats_month_start(now))) != DB_OK ||
	    (e = five_star_compute(db, now, &m)) != DB_OK)
		return e;
	if ((body = cJSON_CreateObject()) == NULL)
		return DB_ERROR;
	e = DB_ERROR;
	if ((teams = cJSON_AddArrayToObject(body, "teams")) != NULL && rows_to_json(teams, m.rows, m.n) == 0)
		e = kept_put(db, "stats.five_star", now - 365 * 86400, m.made_at, body);
	cJSON_Delete(body);
	return e;
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
