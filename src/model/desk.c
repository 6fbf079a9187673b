/*
 * desk.c: the desk's queries. The WHERE clause is put together from fixed
 * fragments (never from input: every value is a bound parameter), and each
 * combination is prepared once per worker and kept, keyed by which fragments
 * it uses. A search by words is planned first (desk_plan.c chooses how
 * its text is matched); this file builds the statements for that plan
 * (desk_prepare) and runs the list; desk_counts.c runs the counts, which
 * stop at DESK_COUNT_BOUND when the view is too big to count whole.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "model/desk.h"
#include "model/desk_plan.h"
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

#define SCAN_TEXT "(instr(o.need, :text) > 0 OR instr(o.contact_name, :text) > 0" \
	" OR instr(s.name, :text) > 0 OR instr(g.name, :text) > 0)"

static const char *const text_sql[TX__MAX] = {
	[TX_CODE] = "o.code = :text",
	[TX_PHONE] = "1",	/* the requests are those of PHONE_FROM */
	[TX_SCAN] = SCAN_TEXT,
	[TX_INDEX] = "1",	/* the requests are those of INDEX_FROM */
	[TX_RECENT] = "1",	/* those of RECENT_FROM, or recent_list_sql's */
	[TX_RECENT_NAMED] = "1",	/* and those of the named places' */
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
 * TX_PHONE's requests: a phone's few, found in the phone indexes (partial:
 * they hold only numbers that are there, hence the <> '') and read first,
 * then each by rowid. Written as contact_phone = :text OR contact_landline
 * = :text, SQLite used neither index and read the whole view (0.9 s for
 * the district at 1M); as o.id IN (those), it still walked a 所's view
 * newest first and looked each request up in them (7 ms for 神头镇 at 1M,
 * against 0.25 ms for the district): CROSS JOIN keeps them the outer loop.
 */
#define PHONE_FROM \
	" FROM (SELECT id FROM orders WHERE contact_phone = :text AND contact_phone <> ''" \
	" UNION SELECT id FROM orders WHERE contact_landline = :text AND contact_landline <> '')" \
	" m CROSS JOIN orders o ON o.id = m.id"

/*
 * TX_RECENT's requests for the counts: the index's matches newest first
 * (but those noted since, which it may hold with old words) and the noted
 * ones that hold the words now. UNION ALL: the two never share a request,
 * and it lets a bounded count stop at its bound.
 */
#define RECENT_FROM \
	" FROM (SELECT f.id FROM (SELECT rowid AS id FROM orders_fts WHERE orders_fts MATCH :match" \
	"  ORDER BY rowid DESC) f WHERE f.id NOT IN (SELECT id FROM orders_fts_stale)" \
	" UNION ALL SELECT x.id FROM orders_fts_stale t CROSS JOIN orders x ON x.id = t.id" \
	"  WHERE instr(x.need, :text) > 0 OR instr(x.contact_name, :text) > 0)" \
	" m CROSS JOIN orders o ON o.id = m.id"

/* The joins of the list's head that the fragments may name (s, g). */
#define ARM_JOINS \
	" JOIN services s ON s.id = o.service_id JOIN orgs g ON g.id = o.org_id"

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

/* The view's fragments as conditions on a place n (orgs) rather than a
 * request: a request's 所 is its place's, or its place's parent's. */
static const char *const place_frag_sql[FR__MAX] = {
	[FR_SCOPE_INST] = "(n.id = :sorg OR n.parent_id = :sorg)",
	[FR_SCOPE_STATION] = "n.id = :sorg",
	[FR_INSTITUTE] = "(n.id = :inst OR n.parent_id = :inst)",
	[FR_STATION] = "n.id = :station",
};
/* The fragments TX_RECENT_NAMED never has (recent_allowed). */
#define NOT_NAMED ((1u << FR_SCOPE_TEAM) | (1u << FR_STATE) | (1u << FR_PLATFORM) | \
	(1u << FR_OVERDUE) | (1u << FR_FROM) | (1u << FR_TO))

/* Appends to b "the places in the view whose names hold :text" as a
 * condition on n. */
static void
append_named_places(struct buf *b, unsigned mask)
{
	assert(!(mask & NOT_NAMED));
	buf_puts(b, " instr(n.name, :text) > 0");
	for (int i = 0; i < FR__MAX; i++)
		if ((mask & (1u << i)) && place_frag_sql[i]) {
			buf_puts(b, " AND ");
			buf_puts(b, place_frag_sql[i]);
		}
}

/*
 * Appends to b TX_RECENT's list for mask: the newest :limit requests of
 * the index's matches and the newest :limit of the noted ones, each read
 * newest id first and stopping there, then the newest :limit of both. Id
 * order is the desk's order while ids follow times (recent_fits); the
 * keyset (created_at, id) is then id alone, which the index can seek.
 * named (TX_RECENT_NAMED): with the newest :limit requests of each place
 * in the view whose name holds the words (orders_by_org_time, a few rows
 * a place) and of each service whose name does (orders_by_service_time,
 * in the view), less those already found.
 */
static void
recent_list_sql(struct buf *b, unsigned mask, int named)
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
	buf_puts(b, " ORDER BY o.id DESC LIMIT :limit)");
	if (named) {
		buf_puts(b, " UNION SELECT j.value FROM orgs n, json_each((SELECT json_group_array(id)"
		    " FROM (SELECT x.id FROM orders x WHERE x.org_id = n.id");
		if (mask & (1u << FR_AFTER))
			buf_puts(b, " AND (x.created_at, x.id) < (:acreated, :aid)");
		buf_puts(b, " ORDER BY x.created_at DESC, x.id DESC LIMIT :limit))) j WHERE");
		append_named_places(b, mask);
		buf_puts(b, " UNION SELECT j.value FROM services v, json_each((SELECT json_group_array(id)"
		    " FROM (SELECT o.id FROM orders o WHERE o.service_id = v.id");
		append_frags(b, mask, TX_RECENT_NAMED, "(o.created_at, o.id) < (:acreated, :aid)");
		buf_puts(b, " ORDER BY o.created_at DESC, o.id DESC LIMIT :limit))) j"
		    " WHERE instr(v.name, :text) > 0");
	}
	/* The page's ids first: only they are joined to their names. */
	buf_puts(b, " ORDER BY 1 DESC LIMIT :limit) m CROSS JOIN orders o ON o.id = m.id");
	buf_puts(b, from + strlen(" FROM orders o"));
	buf_puts(b, " ORDER BY o.id DESC LIMIT :limit");
}

#define NAMED_PLACES "(SELECT id FROM orgs WHERE instr(name, :text) > 0)"
#define NAMED_SERVICES "(SELECT id FROM services WHERE instr(name, :text) > 0)"

/*
 * Appends to b TX_RECENT_NAMED's counts for mask (q: bounded or not), by
 * state, from three parts that never share a request: the index's matches
 * (RECENT_FROM) of neither a named place nor a named service, then the
 * named services' requests but at named places (both read only until
 * they and the named places' requests make the bound), then the named
 * places' requests, from order_counts.
 */
static void
recent_named_counts_sql(struct buf *b, enum query q, unsigned mask)
{
	buf_puts(b, "SELECT state, sum(n) FROM (SELECT state, count(*) AS n FROM (SELECT o.state"
	    RECENT_FROM " WHERE 1");
	append_frags(b, mask, TX_RECENT_NAMED, NULL);
	buf_puts(b, " AND o.org_id NOT IN " NAMED_PLACES " AND o.service_id NOT IN " NAMED_SERVICES
	    " UNION ALL SELECT o.state FROM orders o WHERE o.service_id IN " NAMED_SERVICES
	    " AND o.org_id NOT IN " NAMED_PLACES);
	append_frags(b, mask, TX_RECENT_NAMED, NULL);
	if (q == Q_COUNT_BOUNDED) {
		/* Only what the named places leave of the bound. */
		buf_puts(b, " LIMIT max(0, :bound - (SELECT coalesce(sum(c.n), 0) FROM orgs n"
		    " JOIN order_counts c ON c.org_id = n.id WHERE");
		append_named_places(b, mask);
		buf_puts(b, "))");
	}
	buf_puts(b, ") GROUP BY state UNION ALL SELECT c.state, sum(c.n) FROM orgs n"
	    " JOIN order_counts c ON c.org_id = n.id WHERE");
	append_named_places(b, mask);
	buf_puts(b, " GROUP BY c.state) GROUP BY state HAVING sum(n) > 0");
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
	if ((way == TX_RECENT || way == TX_RECENT_NAMED) && q == Q_LIST &&
	    (mask & (1u << FR_TEXT))) {
		recent_list_sql(&b, mask, way == TX_RECENT_NAMED);
		*slot = b.data;		/* kept on purpose: see above */
		return *slot;
	}
	if (way == TX_RECENT_NAMED && (q == Q_COUNT || q == Q_COUNT_BOUNDED) &&
	    (mask & (1u << FR_TEXT))) {
		recent_named_counts_sql(&b, q, mask);
		*slot = b.data;		/* kept on purpose: see above */
		return *slot;
	}
	if ((way == TX_INDEX || way == TX_RECENT || way == TX_PHONE) && (mask & (1u << FR_TEXT))) {
		/* The words (or the phone) are matched in the FROM: the counts
		 * join a service and a place only for a platform filter. */
		const char *head = query_head_plain[q] && !(mask & (1u << FR_PLATFORM)) ?
		    query_head_plain[q] : query_head[q];
		const char *from = strstr(head, " FROM orders o ");
		assert(from != NULL);
		buf_append(&b, head, (size_t)(from - head));
		buf_puts(&b, way == TX_INDEX ? INDEX_FROM : way == TX_PHONE ? PHONE_FROM : RECENT_FROM);
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

sqlite3_stmt *
desk_prepare(struct db *db, const struct scope *sc, const struct desk_filter *f,
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

	if (desk_plan_of(db, sc, f, &pl) != DB_OK)
		return DB_ERROR;
	st = desk_prepare(db, sc, f, &pl, Q_LIST);
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
