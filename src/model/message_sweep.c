/*
 * message_sweep.c: the messages time writes (see message_sweep.h). Each
 * part reads what has become due inside its own write transaction, writes
 * the messages and the marks that keep it from writing them twice, and
 * commits; a part that fails keeps nothing of its run and is tried again
 * on the next.
 *
 * 督办 has two counts, both kept on the request: orders.escalated for
 * "dispatched or published and nobody accepted it" and orders.overdue_level
 * for "not done by its due time"; 0 nobody was told, 1 the 所 was, 2 the
 * centre was. Each step is also a timeline row (kind 'escalate', for staff
 * only) whose note starts with the count's own words (ESC_LATE, ESC_OVERDUE),
 * and that row is what tells whether a count still holds:
 *
 *  - not accepted: the count runs from the request's latest move to
 *    dispatched or published (a dispatch, a publication, a re-dispatch to
 *    another team, a volunteer giving it back). A level is current only if
 *    a 'escalate' row of this count was written after that move (a larger
 *    event id); otherwise the request was sent out again since, and the
 *    count starts from 0 whatever orders.escalated says. So nothing has to
 *    reset orders.escalated when staff re-dispatch (the pages and the state
 *    machine stay as they are), a re-dispatch a second after a 督办 is still
 *    seen as later, and accepted requests simply leave the sweep's sight.
 *  - overdue: a level is current only if its row was written at or after
 *    the request's due time; when staff move the due time later, the old
 *    rows are older than it and the count starts again when it passes.
 *
 * Requests and the like flagged is_demo (made up by `sidan seed --demo
 * --orders N`, with made-up phone numbers) are left alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/message_sweep.h"
#include "model/message_text.h"
#include "model/code.h"
#include "model/urge.h"
#include "lib/util.h"

/* The first words of the 督办 rows of each count (see above). */
#define ESC_LATE	"督办：派出"
#define ESC_OVERDUE	"督办：超过办理期限"

#define DAY	86400
/* Beijing is UTC+8 all year. */
#define CST	28800

/* Sets a mark the sweeps keep between runs. */
static enum db_err
mark_set(struct db *db, const char *name, int64_t value)
{
	static const char sql[] =
	    "INSERT INTO house_marks(name, value) VALUES (?1, ?2)"
	    " ON CONFLICT(name) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, value);
	return db_err_of(sqlite3_step(st));
}

/* Reads a mark into *value (0 when it was never set). */
static enum db_err
mark_get(struct db *db, const char *name, int64_t *value)
{
	static const char sql[] = "SELECT value FROM house_marks WHERE name = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*value = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Runs st (bound by the caller) to its end. Returns DB_OK or an error. */
static enum db_err
run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
}

/* Ends a part's transaction: commits when all went well (returns n),
 * else rolls back (returns -1). */
static int
part_end(struct db *db, enum db_err e, int n)
{
	if (e != DB_OK) {
		db_tx_rollback(db);
		return -1;
	}
	return db_tx_commit(db) == DB_OK ? n : -1;
}

/* ------------------------------------------------------------------ 督办 */

/* One request 督办 reaches, as its query reads it. */
struct due_order {
	int64_t	id, org_id;
	int64_t	since;		/* the dispatch it waits from, or its due time */
	char	code[CODE_LEN + 1];
	char	state[16];
	char	service[256];
	int	hours;		/* the service's escalate_hours */
	int	level;		/* how far it has escalated (current, see above) */
	int	target;		/* how far it must have now */
	int	inst_staff;	/* its 所 has staff to tell */
};

/* Reads up to max rows of st (columns: id, code, state, org_id, service,
 * hours, since, level, target, inst_staff) into out. Returns how many, or
 * -1. */
static int
due_read(sqlite3_stmt *st, struct due_order *out, int max)
{
	int n = 0, rc;

	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct due_order *d = &out[n++];

		d->id = sqlite3_column_int64(st, 0);
		snprintf(d->code, sizeof(d->code), "%s", db_text(st, 1));
		snprintf(d->state, sizeof(d->state), "%s", db_text(st, 2));
		d->org_id = sqlite3_column_int64(st, 3);
		snprintf(d->service, sizeof(d->service), "%s", db_text(st, 4));
		d->hours = sqlite3_column_int(st, 5);
		d->since = sqlite3_column_int64(st, 6);
		d->level = sqlite3_column_int(st, 7);
		d->target = sqlite3_column_int(st, 8);
		d->inst_staff = sqlite3_column_int(st, 9);
	}
	rc = sqlite3_errcode(sqlite3_db_handle(st));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE || rc == SQLITE_OK ? n : -1;
}

/* Which count a 督办 step belongs to. */
enum due_count { DUE_LATE, DUE_OVERDUE };

/*
 * Writes step level (1: the 所, 2: the centre) of count c for d: the
 * staff's messages and the timeline row. Adds the messages written to *n.
 * Returns DB_OK or an error.
 */
static enum db_err
due_step(struct db *db, const struct due_order *d, enum due_count c, int level,
    int64_t now, int *n)
{
	const char *kind = c == DUE_LATE ? "staff_escalate" : "staff_overdue";
	const char *who = level == 1 && d->inst_staff ? "所" : "中心";
	char code[CODE_LEN + 3], third[64], text[512], link[32], note[160], when[20];
	const char *args[3] = { code, d->service, third };
	struct message_new m = { .kind = kind, .order_id = d->id, .text = text, .link = link };
	int sent;

	code_format(d->code, code);
	if (c == DUE_LATE) {
		snprintf(third, sizeof(third), "%d", d->hours * level);
		snprintf(note, sizeof(note), ESC_LATE "%d小时%s无人接单，已通知%s",
		    d->hours * level, level == 1 ? "" : "仍", who);
	} else {
		/* "已超过办理期限（6月15日10:00）" */
		char day[32];

		time_format_cst(d->since, when);
		message_date(d->since, 0, day, sizeof(day));
		snprintf(third, sizeof(third), "（%s%.5s）", day, when + 11);
		snprintf(note, sizeof(note), ESC_OVERDUE "%s，已通知%s",
		    level == 1 ? "" : "一天", who);
	}
	message_compose(text, sizeof(text), kind, args, 3);
	snprintf(link, sizeof(link), "/d/%s", d->code);
	sent = message_to_staff(db, &m, d->org_id, level == 1 ? REACH_INSTITUTE : REACH_CENTRE,
	    now);
	if (sent < 0)
		return DB_ERROR;
	*n += sent;
	return urge_event_add(db, d->id, now, "escalate", "system", 0, d->state, note);
}

/* Runs one count's part: reads what is due with sql (see due_read; ?1
 * now, ?2 the most rows), writes each step up to its target and stores
 * the level with set (?1 id, ?2 level). Returns messages written, or -1. */
static int
due_part(struct db *db, enum due_count c, const char *sql, const char *set, int64_t now)
{
	struct due_order *due;
	sqlite3_stmt *st;
	enum db_err e;
	int n = 0, k;

	if (db_tx_begin(db) != DB_OK)
		return -1;
	due = xcalloc(SWEEP_MAX, sizeof(*due));
	if ((st = db_stmt(db, sql)) == NULL) {
		free(due);
		return part_end(db, DB_ERROR, 0);
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, SWEEP_MAX);
	k = due_read(st, due, SWEEP_MAX);
	e = k < 0 ? DB_ERROR : DB_OK;
	for (int i = 0; e == DB_OK && i < k; i++) {
		for (int level = due[i].level + 1; e == DB_OK && level <= due[i].target; level++)
			e = due_step(db, &due[i], c, level, now, &n);
		if (e == DB_OK && (st = db_stmt(db, set)) == NULL)
			e = DB_ERROR;
		if (e == DB_OK) {
			sqlite3_bind_int64(st, 1, due[i].id);
			sqlite3_bind_int(st, 2, due[i].target);
			e = run(st);
		}
	}
	free(due);
	return part_end(db, e, n);
}

/* Whether the 所 of request o has staff to tell (else the centre hears). */
#define INST_STAFF(o) \
	"EXISTS (SELECT 1 FROM users u WHERE u.disabled = 0 AND u.role = 'institute'" \
	" AND u.org_id = " o ".institute_id)"

int
sweep_unaccepted(struct db *db, const struct message_opts *o, int64_t now)
{
	/* y: the waiting requests and their latest move out to volunteers
	 * (mid); x: the level still current after that move (see the top). */
	static const char sql[] =
	    "SELECT id, code, state, org_id, service, h, since, lvl,"
	    " min(2, (?1 - since) / (3600 * h)), inst FROM ("
	    "  SELECT y.*, m.at AS since,"
	    "  CASE WHEN y.escalated > 0 AND EXISTS (SELECT 1 FROM order_events e"
	    "   WHERE e.order_id = y.id AND e.kind = 'escalate' AND e.id > y.mid"
	    "   AND e.note GLOB '" ESC_LATE "*') THEN y.escalated ELSE 0 END AS lvl"
	    "  FROM (SELECT o.id, o.code, o.state, o.org_id, o.escalated, s.name AS service,"
	    "   s.escalate_hours AS h, " INST_STAFF("o") " AS inst,"
	    "   (SELECT max(e.id) FROM order_events e WHERE e.order_id = o.id AND e.kind = 'move'"
	    "    AND e.to_state IN ('dispatched', 'published')) AS mid"
	    "   FROM orders o JOIN services s ON s.id = o.service_id"
	    "   WHERE o.state IN ('dispatched', 'published') AND o.is_demo = 0) y"
	    "  JOIN order_events m ON m.id = y.mid WHERE m.at <= ?1 - 3600 * y.h) x"
	    " WHERE lvl < min(2, (?1 - since) / (3600 * h))"
	    " ORDER BY since, id LIMIT ?2";
	static const char set[] = "UPDATE orders SET escalated = ?2 WHERE id = ?1";

	(void)o;	/* staff have only an inbox */
	return due_part(db, DUE_LATE, sql, set, now);
}

int
sweep_overdue(struct db *db, const struct message_opts *o, int64_t now)
{
	static const char sql[] =
	    "SELECT id, code, state, org_id, service, h, due_at, lvl,"
	    " CASE WHEN ?1 >= due_at + 86400 THEN 2 ELSE 1 END, inst FROM ("
	    "  SELECT o.id, o.code, o.state, o.org_id, s.name AS service, s.escalate_hours AS h,"
	    "  o.due_at, " INST_STAFF("o") " AS inst,"
	    "  CASE WHEN o.overdue_level > 0 AND EXISTS (SELECT 1 FROM order_events e"
	    "   WHERE e.order_id = o.id AND e.kind = 'escalate' AND e.at >= o.due_at"
	    "   AND e.note GLOB '" ESC_OVERDUE "*') THEN o.overdue_level ELSE 0 END AS lvl"
	    "  FROM orders o JOIN services s ON s.id = o.service_id"
	    "  WHERE o.state IN ('submitted', 'dispatched', 'published', 'accepted')"
	    "  AND o.due_at <= ?1 AND o.is_demo = 0)"
	    " WHERE lvl < CASE WHEN ?1 >= due_at + 86400 THEN 2 ELSE 1 END"
	    " ORDER BY due_at, id LIMIT ?2";
	static const char set[] = "UPDATE orders SET overdue_level = ?2 WHERE id = ?1";

	(void)o;
	return due_part(db, DUE_OVERDUE, sql, set, now);
}

/* -------------------------------------------------------- 评价 reminder */

int
sweep_rate_reminders(struct db *db, const struct message_opts *o, int rate_days,
    int64_t now)
{
	/* ?2 the window, ?3 how long before its end the reminder goes. */
	static const char sql[] =
	    "SELECT o.id, o.code, o.contact_phone, s.name, coalesce(o.completed_at, o.updated_at)"
	    " FROM orders o JOIN services s ON s.id = o.service_id"
	    " WHERE o.state = 'completed' AND o.rate_reminded = 0 AND o.sms_ok = 1"
	    " AND o.contact_phone <> '' AND o.is_demo = 0"
	    " AND coalesce(o.completed_at, o.updated_at) BETWEEN ?1 - ?2 AND ?1 - ?2 + ?3"
	    " ORDER BY coalesce(o.completed_at, o.updated_at), o.id LIMIT ?4";
	static const char set[] = "UPDATE orders SET rate_reminded = 1 WHERE id = ?1";
	struct remind {
		int64_t	id, done;
		char	code[CODE_LEN + 1];
		char	phone[16];
		char	service[256];
	} *r;
	int64_t window = (int64_t)rate_days * DAY;
	/* Three days before the end; in a window of six days or less, halfway. */
	int64_t lead = window / 2 < 3 * DAY ? window / 2 : 3 * DAY;
	sqlite3_stmt *st;
	enum db_err e = DB_OK;
	int n = 0, k = 0, rc;

	if (rate_days <= 0)
		return 0;
	/* Residents have no inbox: without a gateway there is nobody to remind. */
	if (!o->sms_on)
		return 0;
	if (db_tx_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, sql)) == NULL)
		return part_end(db, DB_ERROR, 0);
	r = xcalloc(SWEEP_MAX, sizeof(*r));
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, window);
	sqlite3_bind_int64(st, 3, lead);
	sqlite3_bind_int(st, 4, SWEEP_MAX);
	while (k < SWEEP_MAX && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r[k].id = sqlite3_column_int64(st, 0);
		snprintf(r[k].code, sizeof(r[k].code), "%s", db_text(st, 1));
		snprintf(r[k].phone, sizeof(r[k].phone), "%s", db_text(st, 2));
		snprintf(r[k].service, sizeof(r[k].service), "%s", db_text(st, 3));
		r[k].done = sqlite3_column_int64(st, 4);
		k++;
	}
	rc = sqlite3_errcode(db_handle(db));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_OK)
		e = DB_ERROR;
	for (int i = 0; e == DB_OK && i < k; i++) {
		char date[32], text[512], link[32];
		const char *args[2] = { r[i].service, date };
		struct message_new m = {
			.kind = "resident_rate_reminder", .order_id = r[i].id,
			.phone = r[i].phone, .text = text, .link = link,
		};

		message_date(r[i].done + window, 0, date, sizeof(date));
		message_compose(text, sizeof(text), m.kind, args, 2);
		snprintf(link, sizeof(link), "/r/%s", r[i].code);
		if ((e = message_add(db, o, &m, now)) != DB_OK)
			break;
		n += sqlite3_changes(db_handle(db)) > 0;
		if ((st = db_stmt(db, set)) == NULL) {
			e = DB_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, r[i].id);
		e = run(st);
	}
	free(r);
	return part_end(db, e, n);
}

/* ---------------------------------------------------- activity reminder */

int
sweep_activity_reminders(struct db *db, const struct message_opts *o, int64_t now)
{
	/*
	 * The text says 明天 (tomorrow): so only activities on the next
	 * Beijing day (?2 ..< ?3), once they start within a day of now; and
	 * from 20:00 (?4) on the day before every activity of the next day, so
	 * that one late tomorrow evening is not told at 23:00, held by the
	 * quiet hours and delivered on its own day saying 明天.
	 */
	static const char sql[] =
	    "SELECT s.activity_id, s.volunteer_id, a.title,"
	    " CASE WHEN a.place <> '' THEN a.place ELSE g.name END, a.starts_at"
	    " FROM activities a JOIN activity_signups s ON s.activity_id = a.id"
	    " JOIN orgs g ON g.id = a.org_id"
	    " WHERE a.starts_at >= ?2 AND a.starts_at < ?3 AND a.starts_at > ?1"
	    " AND (a.starts_at <= ?1 + 86400 OR ?4) AND a.status = 'open'"
	    " AND s.state = 'signed' AND s.reminded = 0"
	    " ORDER BY a.starts_at, s.activity_id, s.volunteer_id LIMIT ?5";
	static const char set[] =
	    "UPDATE activity_signups SET reminded = 1 WHERE activity_id = ?1 AND volunteer_id = ?2";
	struct remind {
		int64_t	activity, volunteer, starts;
		char	title[256];
		char	place[NAME_SIZE];
	} *r;
	int64_t tomorrow = ((now + CST) / DAY + 1) * DAY - CST;
	int evening = (now + CST) % DAY >= 20 * 3600;
	sqlite3_stmt *st;
	enum db_err e = DB_OK;
	int n = 0, k = 0, rc;

	if (db_tx_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, sql)) == NULL)
		return part_end(db, DB_ERROR, 0);
	r = xcalloc(SWEEP_MAX, sizeof(*r));
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, tomorrow);
	sqlite3_bind_int64(st, 3, tomorrow + DAY);
	sqlite3_bind_int(st, 4, evening);
	sqlite3_bind_int(st, 5, SWEEP_MAX);
	while (k < SWEEP_MAX && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r[k].activity = sqlite3_column_int64(st, 0);
		r[k].volunteer = sqlite3_column_int64(st, 1);
		snprintf(r[k].title, sizeof(r[k].title), "%s", db_text(st, 2));
		snprintf(r[k].place, sizeof(r[k].place), "%s", db_text(st, 3));
		r[k].starts = sqlite3_column_int64(st, 4);
		k++;
	}
	rc = sqlite3_errcode(db_handle(db));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_OK)
		e = DB_ERROR;
	for (int i = 0; e == DB_OK && i < k; i++) {
		char when[20], text[512], link[40];
		const char *args[3] = { r[i].title, when + 11, r[i].place };
		struct message_new m = {
			.kind = "activity_reminder", .volunteer_id = r[i].volunteer,
			.text = text, .link = link,
		};

		time_format_cst(r[i].starts, when);
		when[16] = '\0';	/* HH:MM */
		message_compose(text, sizeof(text), m.kind, args, 3);
		snprintf(link, sizeof(link), "/activities/%lld", (long long)r[i].activity);
		if ((e = message_add(db, o, &m, now)) != DB_OK)
			break;
		n += sqlite3_changes(db_handle(db)) > 0;
		if ((st = db_stmt(db, set)) == NULL) {
			e = DB_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, r[i].activity);
		sqlite3_bind_int64(st, 2, r[i].volunteer);
		e = run(st);
	}
	free(r);
	return part_end(db, e, n);
}

/* --------------------------------------------------------- staff digest */

int
sweep_digest(struct db *db, const struct message_opts *o, int digest_seconds, int64_t now)
{
	/*
	 * Per staff member (not leaders), how many requests made since the last
	 * digest (id above ?2, at most ?3) still wait in state submitted in
	 * their scope, as the desk scopes them: admins and dispatchers the
	 * district, a 所's staff the 所 and the sites under it, a 站's its 站.
	 * Requests older than a week (?1) are on the desk already: a first
	 * digest on an old database does not count them all.
	 */
	static const char sql[] =
	    "SELECT u.id, count(*) FROM orders o JOIN orgs g ON g.id = o.org_id"
	    " JOIN users u ON u.disabled = 0 AND (u.role IN ('admin', 'dispatcher')"
	    "  OR (u.role = 'institute' AND (o.org_id = u.org_id OR g.parent_id = u.org_id))"
	    "  OR (u.role = 'station' AND o.org_id = u.org_id))"
	    " WHERE o.state = 'submitted' AND o.created_at >= ?1 AND o.id > ?2 AND o.id <= ?3"
	    " AND o.is_demo = 0 GROUP BY u.id ORDER BY u.id";
	static const char top[] = "SELECT coalesce(max(id), 0) FROM orders";
	struct staff_count {
		int64_t	user;
		int	count;
	} *c = NULL;
	size_t k = 0, cap = 0;
	int64_t last, at, max_id = 0, again;
	sqlite3_stmt *st;
	enum db_err e;
	int n = 0, rc = SQLITE_DONE;

	/* Read in a read transaction, before the write lock is taken: after
	 * a burst of new requests the counts take a few hundred ms (42,000
	 * new requests: 0.2-0.4 s), during which no request could be written. */
	if (db_read_begin(db) != DB_OK)
		return -1;
	if ((e = mark_get(db, "digest_at", &at)) != DB_OK ||
	    (e = mark_get(db, "digest_last_order", &last)) != DB_OK) {
		db_read_end(db);
		return -1;
	}
	if (at > 0 && now - at < digest_seconds) {
		db_read_end(db);
		return 0;
	}
	if ((st = db_stmt(db, top)) == NULL || (rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (st != NULL)
			sqlite3_reset(st);
		db_read_end(db);
		return -1;
	}
	max_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_read_end(db);
		return -1;
	}
	sqlite3_bind_int64(st, 1, now - 7 * DAY);
	sqlite3_bind_int64(st, 2, last);
	sqlite3_bind_int64(st, 3, max_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 32;
			c = xrealloc(c, cap * sizeof(*c));
		}
		c[k].user = sqlite3_column_int64(st, 0);
		c[k].count = sqlite3_column_int(st, 1);
		k++;
	}
	sqlite3_reset(st);
	db_read_end(db);
	/* Nothing new: no mark, so the next new request is told at the next
	 * run rather than up to digest_seconds later. */
	if (rc != SQLITE_DONE || k == 0) {
		free(c);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	if (db_tx_begin(db) != DB_OK) {
		free(c);
		return -1;
	}
	/* Under the lock: if another run wrote this digest meanwhile (its mark
	 * moved), it is not written twice. */
	if ((e = mark_get(db, "digest_last_order", &again)) != DB_OK || again != last) {
		free(c);
		return part_end(db, e, 0);
	}
	for (size_t i = 0; e == DB_OK && i < k; i++) {
		char count[16], text[512];
		const char *args[1] = { count };
		struct message_new m = {
			.kind = "staff_digest", .user_id = c[i].user, .text = text, .link = "/desk",
		};

		snprintf(count, sizeof(count), "%d", c[i].count);
		message_compose(text, sizeof(text), m.kind, args, 1);
		if ((e = message_add(db, o, &m, now)) == DB_OK)
			n += sqlite3_changes(db_handle(db)) > 0;
	}
	free(c);
	if (e == DB_OK && ((e = mark_set(db, "digest_at", now)) != DB_OK ||
	    (e = mark_set(db, "digest_last_order", max_id)) != DB_OK))
		return part_end(db, e, 0);
	return part_end(db, e, n);
}

/* ------------------------------------------------------------- the run */

int
message_sweep(struct db *db, const struct message_opts *o, int rate_days,
    int digest_seconds, int64_t now)
{
	int parts[5], total = 0, failed = 0;

	parts[0] = sweep_unaccepted(db, o, now);
	parts[1] = sweep_overdue(db, o, now);
	parts[2] = sweep_rate_reminders(db, o, rate_days, now);
	parts[3] = sweep_activity_reminders(db, o, now);
	parts[4] = sweep_digest(db, o, digest_seconds, now);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i] < 0)
			failed = 1;
		else
			total += parts[i];
	}
	return failed ? -1 : total;
}
