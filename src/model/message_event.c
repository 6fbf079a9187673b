/*
 * message_event.c: who hears of one move of an order, and what (see
 * message_event.h): the resident at each step, the team a task goes to,
 * the start of a 抢单 broadcast, staff in scope of a poor rating.
 */
#include <stdio.h>
#include <string.h>

#include "model/code.h"
#include "model/message.h"
#include "model/message_event.h"
#include "model/message_text.h"
#include "model/rating.h"

/* What the messages of an order event need to say. */
struct event_facts {
	int64_t		order_id, at, actor_id, org_id, team_id;
	char		actor[12], from[16], to[16], kind[12];
	char		code[CODE_LEN + 1], service[128], place[128], phone[16];
	char		reason[320], team[128];
	int		sms_ok, level;
};

/* Reads event id's facts. Returns 1, 0 when it is gone, or -1. */
static int
event_read(struct db *db, int64_t id, struct event_facts *f)
{
	static const char sql[] =
	    "SELECT e.order_id, e.at, e.actor, coalesce(e.actor_id, 0), coalesce(e.from_state, ''),"
	    " e.to_state, e.kind, o.code, s.name, g.name, o.contact_phone, o.sms_ok,"
	    " CASE WHEN o.reason <> '' THEN o.reason ELSE e.note END, coalesce(t.name, ''),"
	    " o.org_id, coalesce(o.team_id, 0), coalesce(r.level, 0)"
	    " FROM order_events e JOIN orders o ON o.id = e.order_id"
	    " JOIN services s ON s.id = o.service_id JOIN orgs g ON g.id = o.org_id"
	    " LEFT JOIN teams t ON t.id = o.team_id LEFT JOIN ratings r ON r.order_id = o.id"
	    " WHERE e.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->order_id = sqlite3_column_int64(st, 0);
		f->at = sqlite3_column_int64(st, 1);
		col(st, 2, f->actor, sizeof(f->actor));
		f->actor_id = sqlite3_column_int64(st, 3);
		col(st, 4, f->from, sizeof(f->from));
		col(st, 5, f->to, sizeof(f->to));
		col(st, 6, f->kind, sizeof(f->kind));
		col(st, 7, f->code, sizeof(f->code));
		col(st, 8, f->service, sizeof(f->service));
		col(st, 9, f->place, sizeof(f->place));
		col(st, 10, f->phone, sizeof(f->phone));
		f->sms_ok = sqlite3_column_int(st, 11);
		col(st, 12, f->reason, sizeof(f->reason));
		col(st, 13, f->team, sizeof(f->team));
		f->org_id = sqlite3_column_int64(st, 14);
		f->team_id = sqlite3_column_int64(st, 15);
		f->level = sqlite3_column_int(st, 16);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Writes a message to the resident of f when a gateway is configured: an
 * SMS when they gave a mobile and did not refuse SMS; otherwise the row
 * says why they were not told (staff read it on the desk). */
static enum db_err
to_resident(struct db *db, const struct message_opts *o, const struct event_facts *f,
    const char *kind, const char *const *args, int n, const char *link_fmt, int64_t now)
{
	static const char sql[] =
	    "INSERT INTO messages(created_at, kind, order_id, phone, text, link, sms, last_error,"
	    " next_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?1)";
	const char *sms = "pending", *why = "";
	char text[601], link[40];
	sqlite3_stmt *st;
	int rc;

	/* Without a gateway residents hear nothing: no row at all (the desk
	 * says so once, not per step). */
	if (!o->sms_on)
		return DB_OK;
	if (f->phone[0] == '\0') {
		sms = "skipped";
		why = "未留手机号";
	} else if (!f->sms_ok) {
		sms = "skipped";
		why = "群众选择不接收短信";
	}
	message_compose(text, sizeof(text), kind, args, n);
	snprintf(link, sizeof(link), link_fmt, f->code);
	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->order_id);
	sqlite3_bind_text(st, 4, f->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, link, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, sms, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, why, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* Writes task_team to every approved member of f's team but those who
 * gave this request back. */
static enum db_err
to_team(struct db *db, const struct message_opts *o, const struct event_facts *f, int64_t now)
{
	static const char sql[] =
	    "INSERT INTO messages(created_at, kind, order_id, volunteer_id, phone, text, link, sms,"
	    " next_at)"
	    " SELECT ?1, 'task_team', ?2, v.id, v.phone, ?3, ?4,"
	    "  CASE WHEN ?5 THEN 'pending' ELSE 'none' END, ?1"
	    " FROM team_members m JOIN volunteers v ON v.id = m.volunteer_id"
	    " WHERE m.team_id = ?6 AND v.status = 'approved'"
	    " AND NOT EXISTS (SELECT 1 FROM order_volunteers x WHERE x.order_id = ?2"
	    "  AND x.volunteer_id = v.id AND x.state = 'returned') ORDER BY v.id";
	const char *args[3] = { f->service, f->place, f->team };
	char text[601], link[40];
	sqlite3_stmt *st;
	int rc;

	if (f->team_id == 0)
		return DB_OK;
	message_compose(text, sizeof(text), "task_team", args, 3);
	snprintf(link, sizeof(link), "/k/%s", f->code);
	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, f->order_id);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, link, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, o->sms_on);
	sqlite3_bind_int64(st, 6, f->team_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* The name of a team of volunteer vid, or "志愿者", into out. */
static void
team_of_volunteer(struct db *db, int64_t vid, char *out, size_t len)
{
	static const char sql[] =
	    "SELECT t.name FROM team_members m JOIN teams t ON t.id = m.team_id"
	    " WHERE m.volunteer_id = ?1 ORDER BY t.id LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);

	snprintf(out, len, "志愿者");
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, vid);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, len, "%s的志愿者", db_text(st, 0));
	sqlite3_reset(st);
}

/* Queues the 抢单 broadcast of order_id, its first batch due now. */
static enum db_err
broadcast_start(struct db *db, int64_t order_id, int64_t now)
{
	static const char sql[] =
	    "INSERT INTO message_jobs(kind, ref_id, created_at, next_at) VALUES ('broadcast', ?1, ?2, ?2)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* Returns 1 if event id may tell anyone: a move (催办 and 督办 write their
 * own messages), and without a gateway only one that reaches volunteers or
 * staff (a dispatch, a publication, a rating). A look at the row alone,
 * before the joins of event_read: most events of a busy day need no more
 * when residents get no SMS. */
static int
event_tells_anyone(struct db *db, const struct message_opts *o, int64_t id)
{
	static const char sql[] =
	    "SELECT 1 FROM order_events WHERE id = ?1 AND kind = 'move'"
	    " AND (?2 OR to_state IN ('dispatched', 'published', 'rated'))";
	sqlite3_stmt *st = db_stmt(db, sql);
	int yes;

	if (st == NULL)
		return 1;	/* event_read will say what is wrong */
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, o->sms_on);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* Returns 1 if order_id moved again after event event_id. */
static int
later_move(struct db *db, int64_t order_id, int64_t event_id)
{
	static const char sql[] =
	    "SELECT 1 FROM order_events WHERE order_id = ?1 AND id > ?2 AND kind = 'move' LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int yes;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, event_id);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* The messages of one order event. Returns DB_OK or an error. */
enum db_err
message_event_expand(struct db *db, const struct message_opts *o, int64_t event_id, int64_t now)
{
	struct event_facts f;
	char formatted[CODE_LEN + 3], when[32];
	const char *a[3];
	enum db_err e = DB_OK;
	int r, staff;

	if (!event_tells_anyone(db, o, event_id))
		return DB_OK;
	if ((r = event_read(db, event_id, &f)) <= 0)
		return r == 0 ? DB_OK : DB_ERROR;
	staff = strcmp(f.actor, "staff") == 0 || strcmp(f.actor, "api") == 0;
	a[0] = f.service;
	if (f.from[0] == '\0') {
		code_format(f.code, formatted);
		a[1] = formatted;
		return to_resident(db, o, &f, "resident_received", a, 2, "/t/%s", now);
	}
	if (strcmp(f.to, "rejected") == 0) {
		a[1] = f.reason[0] ? f.reason : "请联系文明实践中心了解详情";
		return to_resident(db, o, &f, "resident_rejected", a, 2, "/t/%s", now);
	}
	/* A dispatch or publication already followed by another move is old
	 * news: the later move does the telling (a team re-dispatched before
	 * the sender ran is not asked to take what another team has). */
	if ((strcmp(f.to, "dispatched") == 0 || strcmp(f.to, "published") == 0) &&
	    later_move(db, f.order_id, event_id))
		return DB_OK;
	if (strcmp(f.to, "dispatched") == 0) {
		if (staff) {
			a[1] = f.team;
			e = to_resident(db, o, &f, "resident_dispatched", a, 2, "/t/%s", now);
		}
		return e == DB_OK ? to_team(db, o, &f, now) : e;
	}
	if (strcmp(f.to, "published") == 0) {
		if (staff)
			e = to_resident(db, o, &f, "resident_published", a, 1, "/t/%s", now);
		return e == DB_OK ? broadcast_start(db, f.order_id, now) : e;
	}
	if (strcmp(f.to, "accepted") == 0) {
		char team[160];

		/* Another volunteer joining, or one giving back while others
		 * serve: the resident was told when it was first accepted. */
		if (strcmp(f.from, "accepted") == 0)
			return DB_OK;

		if (f.team[0])
			snprintf(team, sizeof(team), "%s的志愿者", f.team);
		else
			team_of_volunteer(db, f.actor_id, team, sizeof(team));
		message_date(f.at, 1, when, sizeof(when));
		a[1] = team;
		a[2] = when;
		return to_resident(db, o, &f, "resident_accepted", a, 3, "/t/%s", now);
	}
	if (strcmp(f.to, "completed") == 0)
		return to_resident(db, o, &f, "resident_completed", a, 1, "/r/%s", now);
	if (strcmp(f.to, "cancelled") == 0 && staff) {
		a[1] = f.reason[0] ? f.reason : "请联系文明实践中心了解详情";
		return to_resident(db, o, &f, "resident_cancelled", a, 2, "/t/%s", now);
	}
	if (strcmp(f.to, "submitted") == 0)
		return to_resident(db, o, &f, "resident_reopened", a, 1, "/t/%s", now);
	if (strcmp(f.to, "rated") == 0 && f.level > 0 && f.level <= 2) {
		char text[601], link[40];
		struct message_new m = { .kind = "staff_poor_rating", .order_id = f.order_id,
		    .text = text, .link = link };

		code_format(f.code, formatted);
		a[0] = formatted;
		a[1] = f.service;
		a[2] = rating_label(f.level);
		message_compose(text, sizeof(text), m.kind, a, 3);
		snprintf(link, sizeof(link), "/d/%s", f.code);
		return message_to_staff(db, &m, f.org_id, REACH_IN_SCOPE, now) < 0 ? DB_ERROR : DB_OK;
	}
	return DB_OK;
}
