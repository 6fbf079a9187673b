/*
 * desk_plan.c: how the desk runs a search by words (desk_plan.h): from the
 * full-text index (text_index.h) when it matches few requests; from the
 * index's newest matches in id order for a common word the view's newest
 * requests lack (TX_RECENT, while ids follow times; TX_RECENT_NAMED with
 * the requests of the places and services whose names hold it); else by
 * reading the view newest first, checking the names of services and places
 * as it goes. In a 所's or a 站's view the index is asked for that place's
 * matches only. A worker keeps its last 16 plans a minute, and with each
 * whether its counts passed the bound (as long as no match can have left).
 */
#include <stdio.h>
#include <string.h>

#include "model/desk_plan.h"
#include "lib/util.h"

/*
 * A search by words is answered from the index when it matches fewer than
 * INDEX_MAX requests (reading them costs what reading as many requests of
 * the view would) and fewer than the view holds; else by reading the view
 * in order. Counting a view by reading it stops at DESK_COUNT_BOUND
 * matches once the view holds more than SCAN_EXACT requests.
 */
#define INDEX_MAX	20000
#define SCAN_EXACT	20000

int
desk_same_place(int64_t a, int64_t b, int64_t *out)
{
	if (a && b && a != b)
		return -1;
	*out = a ? a : b;
	return 0;
}

/* Runs the one-number query sql with ?1 the text (or match) and ?2 the
 * bound. Returns the number, or -1 on error. */
static int64_t
count_of(struct db *db, const char *sql, const char *text, int64_t bound)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, bound);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Returns how many requests sc and f's places hold (from order_counts;
 * a team's are not counted there: INT64_MAX), or -1 on error. */
static int64_t
view_size(struct db *db, const struct scope *sc, const struct desk_filter *f)
{
	static const char all[] = "SELECT coalesce(sum(n), 0) FROM order_counts";
	static const char under[] = "SELECT coalesce(sum(c.n), 0) FROM orgs g"
	    " JOIN order_counts c ON c.org_id = g.id WHERE (g.id = ?1 OR g.parent_id = ?1)"
	    " AND (?2 = 0 OR g.id = ?2)";
	static const char at[] = "SELECT coalesce(sum(n), 0) FROM order_counts WHERE org_id = ?1";
	sqlite3_stmt *st;
	int64_t inst, station, n = -1;

	if (sc->role == ROLE_LEADER)
		return INT64_MAX;
	if (desk_same_place(sc->role == ROLE_INSTITUTE ? sc->org_id : 0, f->institute_id, &inst) ||
	    desk_same_place(sc->role == ROLE_STATION ? sc->org_id : 0, f->station_id, &station))
		return 0;
	if ((st = db_stmt(db, inst ? under : station ? at : all)) == NULL)
		return -1;
	if (inst) {
		sqlite3_bind_int64(st, 1, inst);
		sqlite3_bind_int64(st, 2, station);
	} else if (station)
		sqlite3_bind_int64(st, 1, station);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Sets *inst and *site to the place whose requests are all of sc and
 * f's view, as text_index_match takes it: a site (a 站, or a place the
 * center's staff chose), else a 所, else neither (0, 0: the district, or a
 * team's requests, which have no token). */
static void
view_place(const struct scope *sc, const struct desk_filter *f, int64_t *inst, int64_t *site)
{
	*inst = *site = 0;
	if (sc->role == ROLE_LEADER ||
	    desk_same_place(sc->role == ROLE_INSTITUTE ? sc->org_id : 0, f->institute_id, inst) ||
	    desk_same_place(sc->role == ROLE_STATION ? sc->org_id : 0, f->station_id, site))
		*inst = *site = 0;	/* two places: the view is empty, its SQL says so */
}

/*
 * The last PLAN_MEMOS plans made, each kept a minute: for the list that
 * follows the counts, the next page, another state's tab, the same search
 * by another dispatcher of the worker. Making a plan costs more than most
 * searches it plans (counting up to INDEX_MAX matches, the probes). A plan
 * only says which way is quicker: an old one is never wrong, just maybe
 * slow; but TX_RECENT and TX_RECENT_NAMED, which are checked again.
 */
#define PLAN_MEMOS	16
static struct plan_memo {
	int		used;
	int64_t		made_at;	/* kept a minute at most */
	struct scope	sc;
	int64_t		institute_id, station_id;
	char		text[64];
	struct plan	pl;
	/* Its bounded counts passed the bound (with this platform filter, while
	 * change_counts 'text_edits' and 'places' were these): see
	 * desk_plan_over_known. */
	int		over;
	int64_t		over_platform;
	int64_t		over_edits[2];
} plan_memo[PLAN_MEMOS];

/* Returns 1 if f's plan is kept: a search by words short enough for a
 * memo's key. */
static int
memo_keeps(const struct desk_filter *f)
{
	return f->text && f->text_kind == DESK_TEXT_WORDS && strlen(f->text) < sizeof(plan_memo[0].text);
}

/* Returns the memo kept for f in sc (fresh or not), or NULL. */
static struct plan_memo *
memo_find(const struct scope *sc, const struct desk_filter *f)
{
	for (int i = 0; i < PLAN_MEMOS; i++) {
		struct plan_memo *m = &plan_memo[i];
		if (m->used && m->sc.role == sc->role && m->sc.org_id == sc->org_id &&
		    m->sc.team_id == sc->team_id && m->institute_id == f->institute_id &&
		    m->station_id == f->station_id && strcmp(m->text, f->text) == 0)
			return m;
	}
	return NULL;
}

/* Returns the memo to keep a new plan in: an unused one, else the oldest. */
static struct plan_memo *
memo_free(void)
{
	struct plan_memo *oldest = &plan_memo[0];

	for (int i = 0; i < PLAN_MEMOS; i++) {
		if (!plan_memo[i].used)
			return &plan_memo[i];
		if (plan_memo[i].made_at < oldest->made_at)
			oldest = &plan_memo[i];
	}
	return oldest;
}

/* Returns 1 if the requests' ids follow their times (schema 23's
 * change_counts 'orders_disorder' is 0), 0 if not, -1 on error. */
static int
ids_follow_times(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT n FROM change_counts WHERE name = 'orders_disorder'");
	int rc, in_order = -1;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		in_order = sqlite3_column_int64(st, 0) == 0;
	else if (rc == SQLITE_DONE)
		in_order = 0;
	sqlite3_reset(st);
	return in_order;
}

/*
 * Returns how f may be read now: TX_RECENT, TX_RECENT_NAMED when some
 * place's or service's name holds the words, TX_SCAN when neither may be;
 * -1 on an error. Neither: when ids do not follow times (the list is in
 * id order), with a state, date or 已超时 filter (their requests are the
 * view's own, by its indexes: a word common long ago would have TX_RECENT
 * read all its old, closed matches for a page of 待审核), and
 * TX_RECENT_NAMED not with a platform filter (order_counts, which counts
 * the named places' requests, knows no platform). Checked again when a
 * kept plan is used: a place renamed since must be found by its name at
 * once.
 */
static int
recent_allowed(struct db *db, const struct desk_filter *f)
{
	static const char named[] = "SELECT EXISTS (SELECT 1 FROM services WHERE instr(name, ?1) > 0)"
	    " OR EXISTS (SELECT 1 FROM orgs WHERE instr(name, ?1) > 0)";
	int64_t names;
	int ordered;

	if (f->state || f->from || f->to || f->overdue)
		return TX_SCAN;
	if ((names = count_of(db, named, f->text, 0)) < 0 || (ordered = ids_follow_times(db)) < 0)
		return -1;
	if (!ordered || (names && f->platform_id))
		return TX_SCAN;
	return names ? TX_RECENT_NAMED : TX_RECENT;
}

/* Runs the one-number probe q (Q_PROBE) for sc, f and
 * pl. Returns the number, or -1 on an error. */
static int64_t
probe(struct db *db, const struct scope *sc, const struct desk_filter *f,
    const struct plan *pl, enum query q)
{
	sqlite3_stmt *st = desk_prepare(db, sc, f, pl, q);
	int64_t n = -1;

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/*
 * For a word too common for TX_INDEX: sets pl->way to TX_RECENT when
 * reading the index's matches newest first should find a page (and a
 * bounded count) sooner than reading the view newest first (TX_SCAN), and
 * only when recent_allowed (its TX_RECENT_NAMED, when places' names hold
 * the words, in TX_RECENT's stead). The index's matches are the view's own:
 * pl->match asks for the view's place (a 所, a 站), or the view is the
 * district (a platform filter narrows the view, not the index's matches:
 * its condition is applied to them). So TX_RECENT reads about one request
 * per match, and TX_SCAN 1 /
 * density, density being the share of the view's newest PROBE_ROWS that
 * hold the words: TX_RECENT is taken unless they all do. Else leaves
 * TX_SCAN. Returns DB_OK or an error.
 */
static enum db_err
recent_fits(struct db *db, const struct scope *sc, const struct desk_filter *f, struct plan *pl)
{
	int64_t hits;
	int way;

	if (sc->role == ROLE_LEADER || !pl->bounded)
		return DB_OK;
	if ((way = recent_allowed(db, f)) < 0)
		return DB_ERROR;
	if (way == TX_SCAN)
		return DB_OK;
	if ((hits = probe(db, sc, f, pl, Q_PROBE)) < 0)
		return DB_ERROR;
	if (hits < PROBE_ROWS)
		pl->way = (enum text_way)way;
	return DB_OK;
}

/*
 * Chooses how to run f for sc (see INDEX_MAX): counts, each bounded, what
 * the index, the names of services and places, and the stale requests
 * would give. Returns DB_OK or an error.
 */
static enum db_err
plan_make(struct db *db, const struct scope *sc, const struct desk_filter *f, struct plan *pl)
{
	static const char fts_n[] = "SELECT count(*) FROM (SELECT rowid FROM orders_fts"
	    " WHERE orders_fts MATCH ?1 LIMIT ?2)";
	static const char service_n[] = "SELECT count(*) FROM (SELECT 1 FROM orders"
	    " WHERE service_id IN (SELECT id FROM services WHERE instr(name, ?1) > 0) LIMIT ?2)";
	static const char place_n[] = "SELECT coalesce(sum(n), 0) FROM order_counts"
	    " WHERE org_id IN (SELECT id FROM orgs WHERE instr(name, ?1) > 0)";
	static const char stale_n[] = "SELECT count(*) FROM orders_fts_stale WHERE ?1 IS NOT NULL";
	int64_t view, inst, site, est = 0, n, most;

	memset(pl, 0, sizeof(*pl));
	if (!f->text || !*f->text) {
		pl->way = TX_SCAN;	/* unused */
		return DB_OK;
	}
	if (f->text_kind == DESK_TEXT_CODE || f->text_kind == DESK_TEXT_PHONE) {
		pl->way = f->text_kind == DESK_TEXT_CODE ? TX_CODE : TX_PHONE;
		return DB_OK;
	}
	if ((view = view_size(db, sc, f)) < 0)
		return DB_ERROR;
	pl->way = TX_SCAN;
	pl->bounded = view > SCAN_EXACT;
	/* In a place's view the index gives that place's matches only: every
	 * way below then reads (and counts) none of the rest of the district. */
	view_place(sc, f, &inst, &site);
	if (text_index_match(f->text, inst, site, pl->match, sizeof(pl->match)) != 0)
		return DB_OK;
	/* Each count stops once the index can no longer be the way. */
	most = view < INDEX_MAX ? view + 1 : INDEX_MAX;
	if ((n = count_of(db, fts_n, pl->match, most)) < 0)
		return DB_ERROR;
	est += n;
	if (est < most && (n = count_of(db, stale_n, f->text, 0)) < 0)
		return DB_ERROR;
	est += n;
	if (est >= most)
		return recent_fits(db, sc, f, pl);	/* TX_SCAN or TX_RECENT */
	pl->way = TX_NAMES;
	if ((n = count_of(db, service_n, f->text, most)) < 0)
		return DB_ERROR;
	est += n;
	if (est < most && (n = count_of(db, place_n, f->text, 0)) < 0)
		return DB_ERROR;
	est += n;
	if (est < most) {
		pl->way = TX_INDEX;
		pl->bounded = 0;
	}
	return DB_OK;
}

enum db_err
desk_plan_of(struct db *db, const struct scope *sc, const struct desk_filter *f, struct plan *pl)
{
	struct plan_memo *m = NULL;
	enum db_err e;

	if (memo_keeps(f))
		m = memo_find(sc, f);
	if (m && now_unix() - m->made_at < 60) {
		/* TX_RECENT's list is right only while recent_allowed gives
		 * its way (a state tab of the same search, a place renamed). */
		int way = m->pl.way == TX_RECENT || m->pl.way == TX_RECENT_NAMED ?
		    recent_allowed(db, f) : (int)m->pl.way;
		if (way < 0)
			return DB_ERROR;
		if (way == (int)m->pl.way) {
			*pl = m->pl;
			return DB_OK;
		}
	}
	if ((e = plan_make(db, sc, f, pl)) != DB_OK)
		return e;
	if (memo_keeps(f)) {
		if (m == NULL)
			m = memo_free();
		m->used = 1;
		m->made_at = now_unix();
		m->sc = *sc;
		m->institute_id = f->institute_id;
		m->station_id = f->station_id;
		snprintf(m->text, sizeof(m->text), "%s", f->text);
		m->pl = *pl;
		m->over = 0;
	}
	return DB_OK;
}

/* Returns the memo that may keep what f's bounded counts found, more than
 * the bound, or NULL: none with a date or 已超时 filter, whose matches leave
 * as time passes or requests are done (the counts ignore the state tab). */
static struct plan_memo *
over_memo(const struct scope *sc, const struct desk_filter *f)
{
	if (!memo_keeps(f) || f->from || f->to || f->overdue)
		return NULL;
	return memo_find(sc, f);
}

/* Reads change_counts 'text_edits' and 'places' (schema 25) into e: what
 * moves when a search's matches may have left (a request's text or place
 * edited, a request deleted, a place or service renamed). Returns DB_OK
 * or an error. */
static enum db_err
edits_now(struct db *db, int64_t e[2])
{
	sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT n FROM change_counts WHERE name = 'text_edits'),"
	    " (SELECT n FROM change_counts WHERE name = 'places')");
	int rc;

	if (st == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e[0] = sqlite3_column_int64(st, 0);
		e[1] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

int
desk_plan_over_known(struct db *db, const struct scope *sc, const struct desk_filter *f)
{
	struct plan_memo *m;
	int64_t e[2];

	if ((m = over_memo(sc, f)) == NULL || !m->over || now_unix() - m->made_at >= 60 ||
	    m->over_platform != f->platform_id)
		return 0;
	if (edits_now(db, e) != DB_OK)
		return -1;
	return e[0] == m->over_edits[0] && e[1] == m->over_edits[1];
}

void
desk_plan_note_over(struct db *db, const struct scope *sc, const struct desk_filter *f)
{
	struct plan_memo *m;
	int64_t e[2];

	if ((m = over_memo(sc, f)) == NULL || edits_now(db, e) != DB_OK)
		return;
	m->over = 1;
	m->over_platform = f->platform_id;
	m->over_edits[0] = e[0];
	m->over_edits[1] = e[1];
}
