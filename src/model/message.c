/*
 * message.c: the messages table (see message.h): writing a message for one
 * recipient or for the staff of a place, the SMS the sender works through,
 * the inboxes, the desk's list of a request's messages and the admin's
 * dead SMS.
 */
#include <stdio.h>
#include <string.h>

#include "model/message.h"
#include "model/order.h"

/* A 验证码's text once it is out of the outbox (sent, dead or skipped):
 * the six digits after "【文明朔城】验证码" (nine characters) become
 * ******, so the code is stored in the clear only until it is delivered. */
#define MASK_CODE \
	" text = CASE WHEN kind IN ('code_order', 'code_login')" \
	" THEN substr(text, 1, 9) || '******' || substr(text, 16) ELSE text END"

/* After this many failed attempts (30 s, 1 min, 2 min ... then hourly:
 * about a day) an SMS is dead. */
#define MESSAGE_MAX_ATTEMPTS 30

/* Steps st once; returns DB_OK or the store's error. */
static enum db_err
step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

enum db_err
message_add(struct db *db, const struct message_opts *opts, const struct message_new *m,
    int64_t now)
{
	/* The phone: the volunteer's own, or the one given (a resident's).
	 * Nobody stood down or disabled is written to. */
	static const char sql[] =
	    "INSERT INTO messages(created_at, kind, order_id, volunteer_id, user_id, phone, text,"
	    " link, urgent, sms, next_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, p.phone, ?7, ?8, ?9,"
	    "  CASE WHEN ?10 AND p.phone <> '' THEN 'pending' ELSE 'none' END, ?1"
	    " FROM (SELECT CASE WHEN ?4 IS NOT NULL"
	    "   THEN (SELECT phone FROM volunteers WHERE id = ?4) ELSE coalesce(?6, '') END AS phone) p"
	    " WHERE (?4 IS NULL OR EXISTS (SELECT 1 FROM volunteers WHERE id = ?4 AND status <> 'disabled'))"
	    " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = ?5 AND disabled = 0))";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, m->kind, -1, SQLITE_STATIC);
	if (m->order_id)
		sqlite3_bind_int64(st, 3, m->order_id);
	if (m->volunteer_id)
		sqlite3_bind_int64(st, 4, m->volunteer_id);
	if (m->user_id)
		sqlite3_bind_int64(st, 5, m->user_id);
	if (m->phone)
		sqlite3_bind_text(st, 6, m->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, m->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, m->link ? m->link : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, m->urgent != 0);
	sqlite3_bind_int(st, 10, opts->sms_on && m->user_id == 0);
	return step_done(st);
}

int
message_to_staff(struct db *db, const struct message_new *m, int64_t org_id,
    enum staff_reach reach, int64_t now)
{
	/* ?6 the place, ?7 the reach; the 所 of a place is itself or its
	 * parent (ORDER_INSTITUTE_OF). */
	static const char sql[] =
	    "INSERT INTO messages(created_at, kind, order_id, user_id, text, link, next_at)"
	    " SELECT ?1, ?2, ?3, u.id, ?4, ?5, ?1 FROM users u"
	    " WHERE u.disabled = 0 AND ("
	    "  (?7 = 0 AND (u.role IN ('admin', 'dispatcher')"
	    "   OR (u.role = 'institute' AND u.org_id = " ORDER_INSTITUTE_OF("?6") ")"
	    "   OR (u.role = 'station' AND u.org_id = ?6)))"
	    "  OR (?7 = 1 AND u.role = 'institute' AND u.org_id = " ORDER_INSTITUTE_OF("?6") ")"
	    "  OR (?7 = 2 AND u.role IN ('admin', 'dispatcher')))"
	    " ORDER BY u.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, m->kind, -1, SQLITE_STATIC);
	if (m->order_id)
		sqlite3_bind_int64(st, 3, m->order_id);
	sqlite3_bind_text(st, 4, m->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, m->link ? m->link : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, org_id);
	sqlite3_bind_int(st, 7, reach == REACH_IN_SCOPE ? 0 : reach == REACH_INSTITUTE ? 1 : 2);
	if (step_done(st) != DB_OK)
		return -1;
	n = sqlite3_changes(db_handle(db));
	/* A place with no 所 staff (or the centre itself): the centre hears. */
	if (n == 0 && reach == REACH_INSTITUTE)
		return message_to_staff(db, m, org_id, REACH_CENTRE, now);
	return n;
}

int
message_due(struct db *db, int64_t now, struct message_out *out, int max)
{
	static const char sql[] =
	    "SELECT id, kind, phone, text, link, attempts, urgent, created_at,"
	    " coalesce(volunteer_id, 0) FROM messages"
	    " WHERE sms = 'pending' AND next_at <= ?1 ORDER BY next_at, id LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0, rc = SQLITE_DONE;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct message_out *o = &out[n++];

		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->kind, sizeof(o->kind), "%s", db_text(st, 1));
		snprintf(o->phone, sizeof(o->phone), "%s", db_text(st, 2));
		snprintf(o->text, sizeof(o->text), "%s", db_text(st, 3));
		snprintf(o->link, sizeof(o->link), "%s", db_text(st, 4));
		o->attempts = sqlite3_column_int(st, 5);
		o->urgent = sqlite3_column_int(st, 6);
		o->created_at = sqlite3_column_int64(st, 7);
		o->volunteer_id = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

/* Runs one UPDATE of a message in its own transaction. */
static enum db_err
update_one(struct db *db, const char *sql, int64_t id, int64_t a, int b, const char *text)
{
	sqlite3_stmt *st;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a);
	sqlite3_bind_int(st, 3, b);
	sqlite3_bind_text(st, 4, text ? text : "", -1, SQLITE_STATIC);
	if ((e = step_done(st)) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
}

enum db_err
message_sent(struct db *db, int64_t id, int attempts, int64_t now)
{
	return update_one(db, "UPDATE messages SET sms = 'sent', sent_at = ?2, attempts = ?3,"
	    " last_error = ?4," MASK_CODE " WHERE id = ?1 AND sms = 'pending'", id, now, attempts, "");
}

enum db_err
message_failed(struct db *db, int64_t id, int attempts, const char *why, int64_t now)
{
	char reason[201];
	int64_t delay = 30;

	snprintf(reason, sizeof(reason), "%.*s", 190, why);
	if (attempts >= MESSAGE_MAX_ATTEMPTS)
		return update_one(db, "UPDATE messages SET sms = 'dead', attempts = ?3,"
		    " last_error = ?4, next_at = ?2," MASK_CODE " WHERE id = ?1 AND sms = 'pending'",
		    id, now, attempts, reason);
	for (int i = 1; i < attempts && delay < 3600; i++)
		delay *= 2;
	if (delay > 3600)
		delay = 3600;
	return update_one(db, "UPDATE messages SET next_at = ?2, attempts = ?3, last_error = ?4"
	    " WHERE id = ?1 AND sms = 'pending'", id, now + delay, attempts, reason);
}

enum db_err
message_hold(struct db *db, int64_t id, int64_t until)
{
	return update_one(db, "UPDATE messages SET next_at = ?2 WHERE id = ?1 AND sms = 'pending'"
	    " AND ?3 = ?3 AND ?4 = ?4", id, until, 0, "");
}

enum db_err
message_skip(struct db *db, int64_t id, const char *why)
{
	return update_one(db, "UPDATE messages SET sms = 'skipped', last_error = ?4," MASK_CODE
	    " WHERE id = ?1 AND sms = 'pending' AND ?2 = ?2 AND ?3 = ?3", id, 0, 0, why);
}

int
message_sent_since(struct db *db, const char *phone, int64_t day_start)
{
	static const char sql[] =
	    "SELECT count(*) FROM messages WHERE sms = 'sent' AND phone = ?1 AND sent_at >= ?2"
	    " AND urgent = 0";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, day_start);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

void
message_quiet_of(struct db *db, int64_t volunteer_id, int *from, int *to)
{
	static const char sql[] =
	    "SELECT quiet_from, quiet_to FROM volunteers WHERE id = ?1"
	    " AND quiet_from IS NOT NULL AND quiet_to IS NOT NULL";
	sqlite3_stmt *st = db_stmt(db, sql);

	*from = *to = -1;
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, volunteer_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*from = sqlite3_column_int(st, 0);
		*to = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
}

int
message_recipient_gone(struct db *db, int64_t id)
{
	static const char sql[] =
	    "SELECT 1 FROM messages m LEFT JOIN volunteers v ON v.id = m.volunteer_id"
	    " LEFT JOIN users u ON u.id = m.user_id WHERE m.id = ?1"
	    " AND (v.status = 'disabled' OR u.disabled = 1)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int gone = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	gone = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return gone;
}

/* The columns of a message_view, in order, and the joins they need. */
#define VIEW_COLUMNS \
	"m.id, m.kind, m.text, m.link, m.sms, m.last_error," \
	" CASE WHEN m.volunteer_id IS NOT NULL THEN 'volunteer'" \
	"  WHEN m.user_id IS NOT NULL THEN 'staff' ELSE 'resident' END," \
	" coalesce(v.name, u.name, ''), m.phone, coalesce(o.code, ''), m.attempts," \
	" m.created_at, coalesce(m.sent_at, 0), coalesce(m.read_at, 0)"
#define VIEW_JOINS \
	" LEFT JOIN volunteers v ON v.id = m.volunteer_id LEFT JOIN users u ON u.id = m.user_id" \
	" LEFT JOIN orders o ON o.id = m.order_id"

/* Calls fn for each row of st (VIEW_COLUMNS), at most limit (0: all);
 * sets *more when a further row exists. Returns DB_OK or an error. */
static enum db_err
each_view(struct db *db, sqlite3_stmt *st, int limit, int *more, message_fn fn, void *arg)
{
	int rc, n = 0;

	(void)db;
	if (more)
		*more = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (limit > 0 && n == limit) {
			if (more)
				*more = 1;
			rc = SQLITE_DONE;
			break;
		}
		struct message_view v = {
			.id = sqlite3_column_int64(st, 0), .kind = db_text(st, 1),
			.text = db_text(st, 2), .link = db_text(st, 3), .sms = db_text(st, 4),
			.last_error = db_text(st, 5), .to_what = db_text(st, 6),
			.to_name = db_text(st, 7), .phone = db_text(st, 8),
			.order_code = db_text(st, 9), .attempts = sqlite3_column_int(st, 10),
			.created_at = sqlite3_column_int64(st, 11),
			.sent_at = sqlite3_column_int64(st, 12),
			.read_at = sqlite3_column_int64(st, 13),
		};
		fn(arg, &v);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

int
message_unread(struct db *db, enum inbox_of of, int64_t id)
{
	static const char vsql[] =
	    "SELECT count(*) FROM messages WHERE volunteer_id = ?1 AND read_at IS NULL";
	static const char usql[] =
	    "SELECT count(*) FROM messages WHERE user_id = ?1 AND read_at IS NULL";
	sqlite3_stmt *st = db_stmt(db, of == INBOX_VOLUNTEER ? vsql : usql);
	int n = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

enum db_err
message_each_inbox(struct db *db, enum inbox_of of, int64_t id, int offset, int limit,
    int *more, message_fn fn, void *arg)
{
	static const char vsql[] =
	    "SELECT " VIEW_COLUMNS " FROM messages m" VIEW_JOINS
	    " WHERE m.volunteer_id = ?1 ORDER BY m.id DESC LIMIT ?2 OFFSET ?3";
	static const char usql[] =
	    "SELECT " VIEW_COLUMNS " FROM messages m" VIEW_JOINS
	    " WHERE m.user_id = ?1 ORDER BY m.id DESC LIMIT ?2 OFFSET ?3";
	sqlite3_stmt *st = db_stmt(db, of == INBOX_VOLUNTEER ? vsql : usql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, limit + 1);
	sqlite3_bind_int(st, 3, offset);
	return each_view(db, st, limit, more, fn, arg);
}

enum db_err
message_mark_read(struct db *db, enum inbox_of of, int64_t id, int64_t msg_id, int64_t now,
    char *link, size_t linklen, int *found)
{
	static const char vget[] = "SELECT link FROM messages WHERE id = ?1 AND volunteer_id = ?2";
	static const char uget[] = "SELECT link FROM messages WHERE id = ?1 AND user_id = ?2";
	static const char vone[] =
	    "UPDATE messages SET read_at = ?3 WHERE id = ?1 AND volunteer_id = ?2 AND read_at IS NULL";
	static const char uone[] =
	    "UPDATE messages SET read_at = ?3 WHERE id = ?1 AND user_id = ?2 AND read_at IS NULL";
	static const char vall[] =
	    "UPDATE messages SET read_at = ?3 WHERE volunteer_id = ?2 AND read_at IS NULL AND ?1 = ?1";
	static const char uall[] =
	    "UPDATE messages SET read_at = ?3 WHERE user_id = ?2 AND read_at IS NULL AND ?1 = ?1";
	int vol = of == INBOX_VOLUNTEER;
	sqlite3_stmt *st;
	enum db_err e;

	*found = 1;
	if (link && linklen)
		link[0] = '\0';
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if (msg_id != 0) {
		if ((st = db_stmt(db, vol ? vget : uget)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, msg_id);
		sqlite3_bind_int64(st, 2, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			if (link && linklen)
				snprintf(link, linklen, "%s", db_text(st, 0));
		} else
			*found = 0;
		sqlite3_reset(st);
		if (!*found) {
			db_tx_rollback(db);
			return DB_OK;
		}
	}
	if ((st = db_stmt(db, msg_id ? (vol ? vone : uone) : (vol ? vall : uall))) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, msg_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, now);
	if ((e = step_done(st)) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
fail:
	db_tx_rollback(db);
	return DB_ERROR;
}

enum db_err
message_each_of_order(struct db *db, int64_t order_id, message_fn fn, void *arg)
{
	static const char sql[] =
	    "SELECT " VIEW_COLUMNS " FROM messages m" VIEW_JOINS
	    " WHERE m.order_id = ?1 ORDER BY m.id LIMIT 500";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	return each_view(db, st, 0, NULL, fn, arg);
}

enum db_err
message_each_dead(struct db *db, int offset, int limit, int *more, message_fn fn, void *arg)
{
	static const char sql[] =
	    "SELECT " VIEW_COLUMNS " FROM messages m" VIEW_JOINS
	    " WHERE m.sms = 'dead' ORDER BY m.id DESC LIMIT ?1 OFFSET ?2";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int(st, 1, limit + 1);
	sqlite3_bind_int(st, 2, offset);
	return each_view(db, st, limit, more, fn, arg);
}

void
message_counts(struct db *db, int64_t now, int *pending, int *sent, int *dead)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM messages WHERE sms = 'pending'),"
	    " (SELECT count(*) FROM messages WHERE sms = 'sent' AND sent_at >= ?1),"
	    " (SELECT count(*) FROM messages WHERE sms = 'dead')";
	sqlite3_stmt *st = db_stmt(db, sql);

	*pending = *sent = *dead = 0;
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, now - 86400);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*pending = sqlite3_column_int(st, 0);
		*sent = sqlite3_column_int(st, 1);
		*dead = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
}

enum db_err
message_retry(struct db *db, int64_t id, int64_t now, int *found)
{
	enum db_err e = update_one(db, "UPDATE messages SET sms = 'pending', attempts = 0,"
	    " next_at = ?2, last_error = ?4 WHERE id = ?1 AND sms = 'dead' AND ?3 = ?3",
	    id, now, 0, "");

	*found = e == DB_OK && sqlite3_changes(db_handle(db)) > 0;
	return e;
}
