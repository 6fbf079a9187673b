/*
 * desk.c: the desk's queries. The WHERE clause is put together from fixed
 * fragments (never from input: every value is a bound parameter), and each
 * combination is prepared once per worker and kept, keyed by which fragments
 * it uses. A search by words is planned first (plan_of): from the full-text
 * index (text_index.h) when it matches few requests; from the index's
 * newest matches in id order for a common word the view's newest requests
 * lack; else by reading the view newest first. Counts stop at
 * DESK_COUNT_BOUND when the view is too big to count whole.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "model/desk.h"
#include "model/text_index.h"
#include "lib/util.h"

/* Fragments of the WHERE clause, one bit each. */
enum frag {
	FR_SCOPE_INST = 0,	/* a 所 and its stations */
	FR_SCOPE_STATION,
	FR_SCOPE_TEAM,
	FR_STATE,
	FR_PLATFORM,
	FR_INSTITUTE,
	FR_STATION,
	FR_OVERDUE,
	FR_FROM,
	FR_TO,
	FR_TEXT,		/* one of text_sql[] */
	FR_AFTER,
	FR__MAX
};

static const char *const frag_sql[FR__MAX] = {
	[FR_SCOPE_INST] = "o.institute_id = :sorg",
	[FR_SCOPE_STATION] = "o.org_id = :sorg",
	[FR_SCOPE_TEAM] = "o.team_id = :steam",
	[FR_STATE] = "o.state = :state",
	[FR_PLATFORM] = "s.platform_id = :platform",
	[FR_INSTITUTE] = "o.institute_id = :inst",
	[FR_STATION] = "o.org_id = :station",
	[FR_OVERDUE] = "o.due_at < :now AND o.state IN ('submitted', 'dispatched', 'published', 'accepted')",
	[FR_FROM] = "o.created_at >= :from",
	[FR_TO] = "o.created_at < :to",
	[FR_TEXT] = NULL,
	[FR_AFTER] = "(o.created_at, o.id) < (:acreated, :aid)",
};

/*
 * How the search text is matched: a code or a phone exactly; words in one
 * of three ways, chosen by plan_of, each finding what instr() finds:
 * TX_SCAN reads the view newest first and looks into each request (quick
 * when the words are common: the first 50 come soon); TX_INDEX reads only
 * the requests the full-text index gives for the need and name (those it
 * does not hold yet by instr()) and those of a service or place whose name
 * holds the words; TX_NAMES, for words seldom in needs but in a common
 * service or place name, reads the view and checks each request against
 * the index's short answer instead of reading its need. TX_RECENT, for a
 * common word that the view's newest requests seldom hold (a word common
 * long ago, rare since), reads the index's matches newest id first and
 * stops at the page (see recent_fits): unlike TX_SCAN, it does not read
 * the newest requests that lack the word.
 */
enum text_way {
	TX_CODE = 0,
	TX_PHONE,
	TX_SCAN,
	TX_INDEX,
	TX_NAMES,
	TX_RECENT,
	TX__MAX
};

#define SCAN_TEXT "(instr(o.need, :text) > 0 OR instr(o.contact_name, :text) > 0" \
	" OR instr(s.name, :text) > 0 OR instr(g.name, :text) > 0)"

static const char *const text_sql[TX__MAX] = {
	[TX_CODE] = "o.code = :text",
	[TX_PHONE] = "(o.contact_phone = :text OR o.contact_landline = :text)",
	[TX_SCAN] = SCAN_TEXT,
	[TX_INDEX] = "1",	/* the requests are those of INDEX_FROM */
	[TX_RECENT] = "1",	/* those of RECENT_FROM, or recent_list_sql's */
	[TX_NAMES] = "(instr(s.name, :text) > 0 OR instr(g.name, :text) > 0"
	    " OR o.id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH :match"
	    "  AND rowid NOT IN (SELECT id FROM orders_fts_stale)"
	    " UNION SELECT x.id FROM orders_fts_stale t CROSS JOIN orders x ON x.id = t.id"
	    "  WHERE instr(x.need, :text) > 0 OR instr(x.contact_name, :text) > 0))",
};

/*
 * TX_INDEX's requests, read first (CROSS JOIN keeps them the outer loop:
 * else SQLite may walk a 所's index in order and look each request up in
 * them, reading the whole 所 for a rare word).
 */
#define INDEX_FROM \
	" FROM (SELECT rowid AS id FROM orders_fts WHERE orders_fts MATCH :match" \
	"  AND rowid NOT IN (SELECT id FROM orders_fts_stale)" \
	" UNION SELECT x.id FROM orders_fts_stale t CROSS JOIN orders x ON x.id = t.id" \
	"  WHERE instr(x.need, :text) > 0 OR instr(x.contact_name, :text) > 0" \
	" UNION SELECT x.id FROM orders x WHERE x.service_id IN" \
	"  (SELECT id FROM services WHERE instr(name, :text) > 0)" \
	" UNION SELECT x.id FROM orders x WHERE x.org_id IN" \
	"  (SELECT id FROM orgs WHERE instr(name, :text) > 0)) m CROSS JOIN orders o ON o.id = m.id"

/*
 * TX_RECENT's requests for the counts: the index's matches (but those
 * noted since, which it may hold with old words) and the noted ones that
 * hold the words now. UNION ALL: the two never share a request, and it
 * lets a bounded count stop at its bound.
 */
#define RECENT_FROM \
	" FROM (SELECT f.rowid AS id FROM orders_fts f WHERE orders_fts MATCH :match" \
	"  AND f.rowid NOT IN (SELECT id FROM orders_fts_stale)" \
	" UNION ALL SELECT x.id FROM orders_fts_stale t CROSS JOIN orders x ON x.id = t.id" \
	"  WHERE instr(x.need, :text) > 0 OR instr(x.contact_name, :text) > 0)" \
	" m CROSS JOIN orders o ON o.id = m.id"

/* The statements: the list, the counts, the counts of at most :bound, and
 * how many of the view's newest PROBE_ROWS requests hold the words. */
enum query {
	Q_LIST = 0,
	Q_COUNT,
	Q_COUNT_BOUNDED,
	Q_PROBE,
	Q__MAX
};
#define PROBE_ROWS	200

#define LIST_HEAD \
	"SELECT o.id, o.code, o.state, s.name, p.name, g.name," \
	" coalesce(CASE WHEN g.kind = 'station' THEN i.name END, ''), coalesce(t.name, '')," \
	" o.created_at, o.due_at," \
	" o.due_at < :now AND o.state IN ('submitted', 'dispatched', 'published', 'accepted')" \
	" FROM orders o JOIN services s ON s.id = o.service_id" \
	" JOIN platforms p ON p.id = s.platform_id JOIN orgs g ON g.id = o.org_id" \
	" LEFT JOIN orgs i ON i.id = g.parent_id LEFT JOIN teams t ON t.id = o.team_id" \
	" WHERE 1"
#define LIST_TAIL " ORDER BY o.created_at DESC, o.id DESC LIMIT :limit"
#define COUNT_FROM \
	" FROM orders o JOIN services s ON s.id = o.service_id" \
	" JOIN orgs g ON g.id = o.org_id WHERE 1"

static const char *const query_head[Q__MAX] = {
	[Q_LIST] = LIST_HEAD,
	[Q_COUNT] = "SELECT o.state, count(*)" COUNT_FROM,
	[Q_COUNT_BOUNDED] = "SELECT state, count(*) FROM (SELECT o.state" COUNT_FROM,
	[Q_PROBE] = "SELECT count(*) FROM (SELECT " SCAN_TEXT " AS hit" COUNT_FROM,
};
/* The counts without the joins, when nothing filters by a service's
 * platform or a name (the joins then never drop a row: both keys are NOT
 * NULL references): a leader's counts read orders_by_team alone, not a
 * service and a place per request (0.3 s to 40 ms for a team of 85,000
 * requests at 1M). */
static const char *const query_head_plain[Q__MAX] = {
	[Q_COUNT] = "SELECT o.state, count(*) FROM orders o WHERE 1",
	[Q_COUNT_BOUNDED] = "SELECT state, count(*) FROM (SELECT o.state FROM orders o WHERE 1",
};
static const char *const query_tail[Q__MAX] = {
	[Q_LIST] = LIST_TAIL,
	[Q_COUNT] = " GROUP BY o.state",
	[Q_COUNT_BOUNDED] = " LIMIT :bound) GROUP BY state",
	[Q_PROBE] = " ORDER BY o.created_at DESC, o.id DESC LIMIT :probe) WHERE hit",
};

/* The SQL built for each statement, way of matching text and fragment
 * mask. Kept for the life of the worker so db_stmt can key its statements
 * on them (pages of the table never used are never touched). */
static char *sql_cache[Q__MAX][TX__MAX][1u << FR__MAX];

/* Appends " AND fragment" to b for each fragment of mask: the text's as
 * way matches it, and FR_AFTER as after when not NULL. */
static void
append_frags(struct buf *b, unsigned mask, enum text_way way, const char *after)
{
	for (int i = 0; i < FR__MAX; i++)
		if (mask & (1u << i)) {
			buf_puts(b, " AND ");
			buf_puts(b, i == FR_TEXT ? text_sql[way] :
			    i == FR_AFTER && after ? after : frag_sql[i]);
		}
}

/* The joins of the list's head that the fragments may name (s, g). */
#define ARM_JOINS \
	" JOIN services s ON s.id = o.service_id JOIN orgs g ON g.id = o.org_id"

/*
 * Appends to b TX_RECENT's list for mask: the newest :limit requests of
 * the index's matches and the newest :limit of the noted ones, each read
 * newest id first and stopping there, then the newest :limit of both. Id
 * order is the desk's order while ids follow times (recent_fits); the
 * keyset (created_at, id) is then id alone, which the index can seek.
 */
static void
recent_list_sql(struct buf *b, unsigned mask)
{
	const char *head = query_head[Q_LIST], *from = strstr(head, " FROM orders o ");

	assert(from != NULL);
	buf_append(b, head, (size_t)(from - head));
	buf_puts(b, " FROM (SELECT id FROM (SELECT f.rowid AS id FROM orders_fts f"
	    " CROSS JOIN orders o ON o.id = f.rowid" ARM_JOINS
	    " WHERE orders_fts MATCH :match AND f.rowid NOT IN (SELECT id FROM orders_fts_stale)");
	append_frags(b, mask, TX_RECENT, "f.rowid < :aid");
	buf_puts(b, " ORDER BY f.rowid DESC LIMIT :limit)"
	    " UNION ALL SELECT id FROM (SELECT o.id FROM orders_fts_stale t"
	    " CROSS JOIN orders o ON o.id = t.id" ARM_JOINS
	    " WHERE (instr(o.need, :text) > 0 OR instr(o.contact_name, :text) > 0)");
	append_frags(b, mask, TX_RECENT, "o.id < :aid");
	buf_puts(b, " ORDER BY o.id DESC LIMIT :limit)) m CROSS JOIN orders o ON o.id = m.id");
	buf_puts(b, from + strlen(" FROM orders o"));
	buf_puts(b, " ORDER BY o.id DESC LIMIT :limit");
}

/* Returns the SQL for q, way and mask, building it the first time. */
static const char *
sql_for(enum query q, enum text_way way, unsigned mask)
{
	char **slot = &sql_cache[q][way][mask];
	struct buf b;

	if (*slot)
		return *slot;
	buf_init(&b);
	if (way == TX_RECENT && q == Q_LIST && (mask & (1u << FR_TEXT))) {
		recent_list_sql(&b, mask);
		*slot = b.data;		/* kept on purpose: see above */
		return *slot;
	}
	if ((way == TX_INDEX || way == TX_RECENT) && (mask & (1u << FR_TEXT))) {
		/* The words are matched in the FROM: the counts join a service
		 * and a place only for a platform filter. */
		const char *head = query_head_plain[q] && !(mask & (1u << FR_PLATFORM)) ?
		    query_head_plain[q] : query_head[q];
		const char *from = strstr(head, " FROM orders o ");
		assert(from != NULL);
		buf_append(&b, head, (size_t)(from - head));
		buf_puts(&b, way == TX_INDEX ? INDEX_FROM : RECENT_FROM);
		buf_puts(&b, from + strlen(" FROM orders o"));
	} else if (query_head_plain[q] && !(mask & ((1u << FR_PLATFORM) | (1u << FR_TEXT))))
		buf_puts(&b, query_head_plain[q]);
	else
		buf_puts(&b, query_head[q]);
	append_frags(&b, mask, way, NULL);
	buf_puts(&b, query_tail[q]);
	*slot = b.data;		/* kept on purpose: see above */
	return *slot;
}

/* Returns the fragment mask for a scope and filter. */
static unsigned
mask_of(const struct scope *sc, const struct desk_filter *f, int counts)
{
	unsigned m = 0;

	if (sc->role == ROLE_INSTITUTE)
		m |= 1u << FR_SCOPE_INST;
	else if (sc->role == ROLE_STATION)
		m |= 1u << FR_SCOPE_STATION;
	else if (sc->role == ROLE_LEADER)
		m |= 1u << FR_SCOPE_TEAM;
	if (f->state && !counts)
		m |= 1u << FR_STATE;
	if (f->platform_id)
		m |= 1u << FR_PLATFORM;
	if (f->institute_id)
		m |= 1u << FR_INSTITUTE;
	if (f->station_id)
		m |= 1u << FR_STATION;
	if (f->overdue)
		m |= 1u << FR_OVERDUE;
	if (f->from)
		m |= 1u << FR_FROM;
	if (f->to)
		m |= 1u << FR_TO;
	if (f->text && *f->text)
		m |= 1u << FR_TEXT;
	if (f->after_id && !counts)
		m |= 1u << FR_AFTER;
	return m;
}

/* Binds value to the named parameter, if the statement has it. */
static void
bind_i64(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_int64(st, i, v);
}

static void
bind_str(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/*
 * A search by words is answered from the index when it matches fewer than
 * INDEX_MAX requests (reading them costs what reading as many requests of
 * the view would) and fewer than the view holds; else by reading the view
 * in order. Counting a view by reading it stops at DESK_COUNT_BOUND
 * matches once the view holds more than SCAN_EXACT requests.
 */
#define INDEX_MAX	20000
#define SCAN_EXACT	20000

/* Merges two place conditions (0: none) into *out. Returns 0, or -1 when
 * both are set and differ (nothing can match). */
static int
same_place(int64_t a, int64_t b, int64_t *out)
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
	if (same_place(sc->role == ROLE_INSTITUTE ? sc->org_id : 0, f->institute_id, &inst) ||
	    same_place(sc->role == ROLE_STATION ? sc->org_id : 0, f->station_id, &station))
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

/* How a filter is run: the way text is matched, its MATCH string, and
 * whether its counts stop at DESK_COUNT_BOUND. */
struct plan {
	enum text_way	way;
	int		bounded;
	char		match[TEXT_MATCH_MAX];
};

/* The last plan made, for the list that follows the counts (a plan only
 * says which way is quicker: an old one is never wrong, just maybe slow;
 * but TX_RECENT, which is checked again). */
static struct plan_memo {
	int		used;
	int64_t		made_at;	/* kept a minute at most */
	struct scope	sc;
	int64_t		institute_id, station_id;
	char		text[64];
	struct plan	pl;
} plan_memo;

static sqlite3_stmt *prepare(struct db *, const struct scope *, const struct desk_filter *,
		    const struct plan *, enum query);

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
 * Returns 1 if f may be read by TX_RECENT now, 0 if not, -1 on an error:
 * ids follow times (the list is in id order), no service or place name
 * holds the words (TX_RECENT reads the need and the name alone), and no
 * state, date or 已超时 filter (their requests are the view's own, by its
 * indexes: a word common long ago would have TX_RECENT read all its old,
 * closed matches for a page of 待审核). Checked again when a kept plan is
 * used: a place renamed since must be found by its name at once.
 */
static int
recent_allowed(struct db *db, const struct desk_filter *f)
{
	static const char named[] = "SELECT EXISTS (SELECT 1 FROM services WHERE instr(name, ?1) > 0)"
	    " OR EXISTS (SELECT 1 FROM orgs WHERE instr(name, ?1) > 0)";
	int64_t names;
	int ordered;

	if (f->state || f->from || f->to || f->overdue)
		return 0;
	if ((names = count_of(db, named, f->text, 0)) < 0 || (ordered = ids_follow_times(db)) < 0)
		return -1;
	return !names && ordered;
}

/*
 * For a word too common for TX_INDEX: sets pl->way to TX_RECENT when
 * reading the index's matches newest first should find a page (and a
 * bounded count) sooner than reading the view newest first. The first
 * reads about 1 / share of the district's matches for each one in the view
 * (share: the view's part of the district); the second 1 / density, the
 * share of the view's newest requests that hold the words, measured on its
 * newest PROBE_ROWS (it is low after a morning of other needs: the slow
 * case of TX_SCAN). Only for a view of at least a quarter of the district:
 * when the view lacks the word altogether, TX_RECENT reads all of the
 * district's matches, TX_SCAN all of the view; this keeps the first within
 * 4 times the second (a 所 of 1/14 would risk 14). And only when
 * recent_allowed. Else leaves TX_SCAN. Returns DB_OK or an error.
 */
static enum db_err
recent_fits(struct db *db, const struct scope *sc, const struct desk_filter *f, int64_t view,
    struct plan *pl)
{
	static const char all[] = "SELECT coalesce(sum(n), 0) FROM order_counts";
	sqlite3_stmt *st;
	int64_t total, hits = -1;
	int allowed, rc;

	if (sc->role == ROLE_LEADER || !pl->bounded)
		return DB_OK;
	if ((total = count_of(db, all, NULL, 0)) < 0 || (allowed = recent_allowed(db, f)) < 0)
		return DB_ERROR;
	if (view * 4 < total || !allowed)
		return DB_OK;
	if ((st = prepare(db, sc, f, pl, Q_PROBE)) == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		hits = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (hits < 0)
		return db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
	/* density < share: hits / PROBE_ROWS < view / total */
	if (hits * total < PROBE_ROWS * view)
		pl->way = TX_RECENT;
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
	int64_t view, est = 0, n, most;

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
	if (text_index_match(f->text, pl->match, sizeof(pl->match)) != 0)
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
		return recent_fits(db, sc, f, view, pl);	/* TX_SCAN or TX_RECENT */
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

/* Sets *pl to the plan for f in sc: the last one if it was for the same
 * search in the same places, else a new one. Returns DB_OK or an error. */
static enum db_err
plan_of(struct db *db, const struct scope *sc, const struct desk_filter *f, struct plan *pl)
{
	struct plan_memo *m = &plan_memo;
	enum db_err e;

	if (f->text && f->text_kind == DESK_TEXT_WORDS && m->used &&
	    now_unix() - m->made_at < 60 && m->sc.role == sc->role &&
	    m->sc.org_id == sc->org_id && m->sc.team_id == sc->team_id &&
	    m->institute_id == f->institute_id && m->station_id == f->station_id &&
	    strcmp(m->text, f->text) == 0) {
		/* TX_RECENT's list is right only while recent_allowed holds
		 * (a state tab of the same search, a place renamed since). */
		int still = m->pl.way == TX_RECENT ? recent_allowed(db, f) : 1;
		if (still < 0)
			return DB_ERROR;
		if (still) {
			*pl = m->pl;
			return DB_OK;
		}
	}
	if ((e = plan_make(db, sc, f, pl)) != DB_OK)
		return e;
	if (f->text && f->text_kind == DESK_TEXT_WORDS && strlen(f->text) < sizeof(m->text)) {
		m->used = 1;
		m->made_at = now_unix();
		m->sc = *sc;
		m->institute_id = f->institute_id;
		m->station_id = f->station_id;
		snprintf(m->text, sizeof(m->text), "%s", f->text);
		m->pl = *pl;
	}
	return DB_OK;
}

/* Prepares the statement q for sc, f and pl, and binds everything. */
static sqlite3_stmt *
prepare(struct db *db, const struct scope *sc, const struct desk_filter *f,
    const struct plan *pl, enum query q)
{
	unsigned mask = mask_of(sc, f, q != Q_LIST);
	sqlite3_stmt *st;

	if (q == Q_PROBE)
		mask &= ~(1u << FR_TEXT);	/* the words are its column */
	st = db_stmt(db, sql_for(q, q == Q_PROBE ? TX_SCAN : pl->way, mask));

	if (st == NULL)
		return NULL;
	bind_i64(st, ":sorg", sc->org_id);
	bind_i64(st, ":steam", sc->team_id);
	if (f->state)
		bind_str(st, ":state", f->state);
	bind_i64(st, ":platform", f->platform_id);
	bind_i64(st, ":inst", f->institute_id);
	bind_i64(st, ":station", f->station_id);
	bind_i64(st, ":now", now_unix());
	bind_i64(st, ":from", f->from);
	bind_i64(st, ":to", f->to);
	if (f->text)
		bind_str(st, ":text", f->text);
	bind_str(st, ":match", pl->match);
	bind_i64(st, ":acreated", f->after_created);
	bind_i64(st, ":aid", f->after_id);
	bind_i64(st, ":limit", f->limit > 0 ? f->limit : 50);
	bind_i64(st, ":bound", DESK_COUNT_BOUND + 1);
	bind_i64(st, ":probe", PROBE_ROWS);
	return st;
}

/*
 * The need of each row is read by id, for the rows of the page only, rather
 * than joined into the list: the list reads every other column from an
 * index (orders_by_institute_time covers a 所's desk), and a column of the
 * table in it makes SQLite pick another index for some filters (a 所 with a
 * state: orders_by_state_time, walking the whole district's requests in that
 * state), and be read for every row a sort takes in rather than the 50 shown.
 */
static const char need_sql[] = "SELECT need FROM orders WHERE id = ?1";

enum db_err
desk_list(struct db *db, const struct scope *sc, const struct desk_filter *f,
    void (*fn)(void *arg, const struct desk_row *), void *arg)
{
	sqlite3_stmt *st, *ns = NULL;
	struct plan pl;
	int rc;

	if (plan_of(db, sc, f, &pl) != DB_OK)
		return DB_ERROR;
	st = prepare(db, sc, f, &pl, Q_LIST);
	if (st == NULL || (f->with_need && (ns = db_stmt(db, need_sql)) == NULL)) {
		if (st)
			sqlite3_reset(st);
		return DB_ERROR;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct desk_row row = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_text(st, 1),
			.state = db_text(st, 2),
			.service_name = db_text(st, 3),
			.platform_name = db_text(st, 4),
			.org_name = db_text(st, 5),
			.institute_name = db_text(st, 6),
			.team_name = db_text(st, 7),
			.created_at = sqlite3_column_int64(st, 8),
			.due_at = sqlite3_column_int64(st, 9),
			.overdue = sqlite3_column_int(st, 10),
			.need = "",
		};
		if (ns) {
			int nrc;
			sqlite3_bind_int64(ns, 1, row.id);
			if ((nrc = sqlite3_step(ns)) == SQLITE_ROW)
				row.need = db_text(ns, 0);
			else if (nrc != SQLITE_DONE) {
				sqlite3_reset(ns);
				sqlite3_reset(st);
				return db_err_of(nrc);
			}
		}
		fn(arg, &row);
		if (ns)
			sqlite3_reset(ns);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/*
 * The counts of a view filtered by place alone, from the table the triggers
 * keep (order_counts): a few rows whatever the number of requests. Each
 * reads only the rows of the places it counts: the whole district, a 所 and
 * the sites under it (?1; ?2 a station among them, or 0), or one site.
 */
static const char counts_all[] =
    "SELECT state, sum(n) FROM order_counts GROUP BY state HAVING sum(n) > 0";
static const char counts_under[] =
    "SELECT c.state, sum(c.n) FROM orgs g JOIN order_counts c ON c.org_id = g.id"
    " WHERE (g.id = ?1 OR g.parent_id = ?1) AND (?2 = 0 OR g.id = ?2)"
    " GROUP BY c.state HAVING sum(c.n) > 0";
static const char counts_at[] =
    "SELECT state, n FROM order_counts WHERE org_id = ?1 AND n > 0";

enum db_err
desk_counts(struct db *db, const struct scope *sc, const struct desk_filter *f,
    void (*fn)(void *arg, const char *state, int count), void *arg, int *over)
{
	sqlite3_stmt *st;
	struct plan pl;
	int64_t inst, station;
	int rc, total = 0, n;
	const char *state;

	*over = 0;
	if (sc->role != ROLE_LEADER && !f->platform_id && !f->overdue && !f->from && !f->to &&
	    !(f->text && *f->text)) {
		if (same_place(sc->role == ROLE_INSTITUTE ? sc->org_id : 0, f->institute_id, &inst) ||
		    same_place(sc->role == ROLE_STATION ? sc->org_id : 0, f->station_id, &station))
			return DB_OK;	/* two different places: nothing to count */
		if (inst) {
			if ((st = db_stmt(db, counts_under)) == NULL)
				return DB_ERROR;
			sqlite3_bind_int64(st, 1, inst);
			sqlite3_bind_int64(st, 2, station);
		} else if (station) {
			if ((st = db_stmt(db, counts_at)) == NULL)
				return DB_ERROR;
			sqlite3_bind_int64(st, 1, station);
		} else if ((st = db_stmt(db, counts_all)) == NULL)
			return DB_ERROR;
	} else if (plan_of(db, sc, f, &pl) != DB_OK ||
	    (st = prepare(db, sc, f, &pl, pl.bounded ? Q_COUNT_BOUNDED : Q_COUNT)) == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		state = db_text(st, 0);
		n = sqlite3_column_int(st, 1);
		total += n;
		fn(arg, state, n);
	}
	sqlite3_reset(st);
	if (pl.bounded && total > DESK_COUNT_BOUND)
		*over = 1;
	return db_err_of(rc);
}

int
desk_in_scope(struct db *db, const struct scope *sc, int64_t order_id)
{
	static const char sql[] =
	    "SELECT o.org_id, coalesce(g.parent_id, 0), coalesce(o.team_id, 0)"
	    " FROM orders o JOIN orgs g ON g.id = o.org_id WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc, in = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, order_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t org = sqlite3_column_int64(st, 0), parent = sqlite3_column_int64(st, 1);
		int64_t team = sqlite3_column_int64(st, 2);
		switch (sc->role) {
		case ROLE_ADMIN:
		case ROLE_DISPATCHER:
			in = 1;
			break;
		case ROLE_INSTITUTE:
			in = org == sc->org_id || parent == sc->org_id;
			break;
		case ROLE_STATION:
			in = org == sc->org_id;
			break;
		case ROLE_LEADER:
			in = team != 0 && team == sc->team_id;
			break;
		default:
			in = 0;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? in : -1;
}
