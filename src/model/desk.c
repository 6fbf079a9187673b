/*
 * desk.c: the desk's queries. The WHERE clause is put together from fixed
 * fragments (never from input: every value is a bound parameter), and each
 * combination is prepared once per worker and kept, keyed by which fragments
 * it uses.
 */
#include <stdio.h>
#include <string.h>

#include "model/desk.h"
#include "model/hours.h"
#include "model/volunteer.h"
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
	FR_TEXT,
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
	[FR_TEXT] = "(o.code = upper(:text) OR o.contact_phone = :text OR o.contact_landline = :text"
	    " OR instr(o.need, :text) > 0"
	    " OR instr(s.name, :text) > 0 OR instr(g.name, :text) > 0)",
	[FR_AFTER] = "(o.created_at, o.id) < (:acreated, :aid)",
};

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
#define COUNT_HEAD \
	"SELECT o.state, count(*) FROM orders o JOIN services s ON s.id = o.service_id" \
	" JOIN orgs g ON g.id = o.org_id WHERE 1"
#define COUNT_TAIL " GROUP BY o.state"

/* The SQL built for each fragment mask, for lists and for counts. Kept for
 * the life of the worker so db_stmt can key its statements on them. */
static char *list_sql[1u << FR__MAX], *count_sql[1u << FR__MAX];

/* Returns the SQL for mask, building it the first time. */
static const char *
sql_for(unsigned mask, int counts)
{
	char **slot = counts ? &count_sql[mask] : &list_sql[mask];
	struct buf b;

	if (*slot)
		return *slot;
	buf_init(&b);
	buf_puts(&b, counts ? COUNT_HEAD : LIST_HEAD);
	for (int i = 0; i < FR__MAX; i++)
		if (mask & (1u << i)) {
			buf_puts(&b, " AND ");
			buf_puts(&b, frag_sql[i]);
		}
	buf_puts(&b, counts ? COUNT_TAIL : LIST_TAIL);
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

/* Prepares the statement for sc and f and binds everything. */
static sqlite3_stmt *
prepare(struct db *db, const struct scope *sc, const struct desk_filter *f, int counts)
{
	sqlite3_stmt *st = db_stmt(db, sql_for(mask_of(sc, f, counts), counts));

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
	bind_i64(st, ":acreated", f->after_created);
	bind_i64(st, ":aid", f->after_id);
	bind_i64(st, ":limit", f->limit > 0 ? f->limit : 50);
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
	sqlite3_stmt *st = prepare(db, sc, f, 0), *ns = NULL;
	int rc;

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

enum db_err
desk_counts(struct db *db, const struct scope *sc, const struct desk_filter *f,
    void (*fn)(void *arg, const char *state, int count), void *arg)
{
	sqlite3_stmt *st;
	int64_t inst, station;
	int rc;

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
	} else if ((st = prepare(db, sc, f, 1)) == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, db_text(st, 0), sqlite3_column_int(st, 1));
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

/*
 * The pending counts of a few scopes, kept with the state of the database
 * they were counted in. Counting a 所's pending hours looks up the request
 * or activity of every pending record in the district (some 3,000 at a
 * million requests: milliseconds, on every view of the desk); the database
 * seldom changes between two views of it. PRAGMA data_version moves when
 * another connection commits, sqlite3_total_changes when this one writes.
 */
#define PENDING_SLOTS 8

static struct pending_memo {
	int			used;
	struct place_scope	sc;
	int64_t			version, changes;
	int			applicants, hours;
} pending_memo[PENDING_SLOTS];
static unsigned pending_next;	/* the slot a new scope takes */

/* Reads PRAGMA data_version into *out. Returns DB_OK or an error. */
static enum db_err
data_version(struct db *db, int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
	int rc;

	if (st == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : db_err_of(rc);
}

enum db_err
desk_pending(struct db *db, const struct place_scope *sc, int *applicants, int *hours)
{
	struct pending_memo *m = NULL;
	int64_t version = 0, changes = sqlite3_total_changes64(db_handle(db));
	enum db_err e;
	int a, h;

	if ((e = data_version(db, &version)) != DB_OK)
		return e;
	for (int i = 0; i < PENDING_SLOTS; i++)
		if (pending_memo[i].used && pending_memo[i].sc.institute_id == sc->institute_id &&
		    pending_memo[i].sc.station_id == sc->station_id &&
		    pending_memo[i].sc.team_id == sc->team_id) {
			m = &pending_memo[i];
			break;
		}
	if (m && m->version == version && m->changes == changes) {
		*applicants = m->applicants;
		*hours = m->hours;
		return DB_OK;
	}
	if ((a = volunteer_count_pending(db, sc)) < 0 || (h = hours_count_pending(db, sc)) < 0)
		return DB_ERROR;
	if (m == NULL)
		m = &pending_memo[pending_next++ % PENDING_SLOTS];
	*m = (struct pending_memo){ 1, *sc, version, changes, a, h };
	*applicants = a;
	*hours = h;
	return DB_OK;
}
