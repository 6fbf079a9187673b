/*
 * test_model_message_sweep.c: the messages time writes (model/
 * message_sweep.c) and 催办 (model/urge.c) against a real database. 督办
 * of a request nobody accepted tells the 所 after the service's hours and
 * the centre after as many again, once each; a re-dispatch starts the
 * count again and accepting stops it; an overdue request does the same
 * from its due time; the resident is reminded to rate once, three days
 * before the window ends, only with a mobile and SMS allowed; a volunteer
 * is reminded of an activity the day before, once, unless withdrawn; the
 * staff's digest is one message per person counting the new requests in
 * their scope, at most every digest_seconds; 催办 messages the team (or
 * those a broadcast reached) once an hour at most.
 *
 * Time passes for one request by moving its past back (pass()): the sweeps
 * then run at the real now, as the housekeeping process does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/activity.h"
#include "model/message.h"
#include "model/message_sweep.h"
#include "model/rating.h"
#include "model/urge.h"

#define HOUR	3600
#define DAY	86400
#define WINDOW	7	/* rating window, days */

static const struct message_opts opts = { .sms_on = 1 };

/* The staff the tests add to the fixture's dispatcher. */
struct staff {
	int64_t	shentou;	/* 神头镇 所 */
	int64_t	mayi;		/* 马邑村 站 */
	int64_t	beicheng;	/* 北城街道 所 */
	int64_t	leader;		/* 神头镇志愿服务分队 */
};

static struct staff
staff_add(struct fx *f)
{
	struct staff s;

	assert_int_equal(user_add(f->db, "mtest.shentou", "神头所干事", ROLE_INSTITUTE,
	    FX_SHENTOU, NULL, FX_PWHASH, &s.shentou), MODEL_OK);
	assert_int_equal(user_add(f->db, "mtest.mayi", "马邑站干事", ROLE_STATION, FX_MAYI,
	    NULL, FX_PWHASH, &s.mayi), MODEL_OK);
	assert_int_equal(user_add(f->db, "mtest.beicheng", "北城所干事", ROLE_INSTITUTE,
	    FX_BEICHENG, NULL, FX_PWHASH, &s.beicheng), MODEL_OK);
	assert_int_equal(user_add(f->db, "mtest.leader", "分队长", ROLE_LEADER, FX_SHENTOU,
	    "神头镇志愿服务分队", FX_PWHASH, &s.leader), MODEL_OK);
	return s;
}

/* Everything about request id happened seconds earlier. */
static void
pass(struct fx *f, int64_t id, int64_t seconds)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "UPDATE order_events SET at = at - %lld WHERE order_id = %lld",
	    (long long)seconds, (long long)id);
	fx_exec(f->db, sql);
	snprintf(sql, sizeof(sql), "UPDATE orders SET created_at = created_at - %lld,"
	    " due_at = due_at - %lld, completed_at = completed_at - %lld WHERE id = %lld",
	    (long long)seconds, (long long)seconds, (long long)seconds, (long long)id);
	fx_exec(f->db, sql);
}

/* Messages of kind about request id to staff member user. */
static int64_t
to_user(struct fx *f, int64_t id, const char *kind, int64_t user)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM messages WHERE order_id = ?1"
	    " AND user_id = ?2 AND kind = '%s'", kind);
	return fx_int_(f->db, sql, (const int64_t[]){ id, user }, 2);
}

/* Messages of kind in all. */
static int64_t
of_kind(struct fx *f, const char *kind)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM messages WHERE kind = '%s'"
	    " AND ?1 = ?1", kind);
	return fx_int(f->db, sql, 0);
}

/* The 督办 rows of request id. */
static int64_t
escalations(struct fx *f, int64_t id)
{
	return fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1"
	    " AND kind = 'escalate'", id);
}

/* The note of the newest event of request id. */
static const char *
last_note(struct fx *f, int64_t id)
{
	static char note[512];
	return fx_text(f->db, note, "SELECT note FROM order_events WHERE order_id = ?1"
	    " ORDER BY id DESC LIMIT 1", id);
}

/* A request at 北城街道 entered by staff. */
static int64_t
order_far(struct fx *f)
{
	struct order_new o = {
		.service_id = f->service, .org_id = f->beicheng, .address = "北城",
		.need = "讲政策", .wanted_time = "", .contact_name = "李先生",
		.contact_phone = "13800138001", .channel = "phone", .staff_id = f->staff,
	};
	struct order_limits lim = { 0, 0 };
	char code[CODE_LEN + 1];
	struct order out;

	assert_int_equal(order_create(f->db, &o, &lim, code, NULL, 0, NULL), MODEL_OK);
	assert_int_equal(order_by_code(f->db, code, &out), MODEL_OK);
	return out.id;
}

static int
late(struct fx *f)
{
	return sweep_unaccepted(f->db, &opts, now_unix());
}

/* Dispatched and nobody accepts: nothing before 24 hours; then the 所's
 * staff (only them), once; after 48 hours the centre's, once. */
static void
test_unaccepted(void **state)
{
	struct fx *f = *state;
	struct staff s = staff_add(f);
	int64_t id = fx_order(f);
	char buf[512];

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	pass(f, id, 23 * HOUR);
	assert_int_equal(late(f), 0);
	assert_int_equal(escalations(f, id), 0);

	pass(f, id, HOUR + 60);
	assert_int_equal(late(f), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", s.shentou), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", f->staff), 0);
	assert_int_equal(to_user(f, id, "staff_escalate", s.mayi), 0);
	assert_int_equal(to_user(f, id, "staff_escalate", s.beicheng), 0);
	assert_int_equal(fx_int(f->db, "SELECT escalated FROM orders WHERE id = ?1", id), 1);
	assert_int_equal(escalations(f, id), 1);
	assert_string_equal(last_note(f, id), "督办：派出24小时无人接单，已通知所");
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1"
	    " AND kind = 'escalate' AND actor = 'system' AND from_state = 'dispatched'"
	    " AND to_state = 'dispatched' AND public = 0", id), 1);
	fx_text(f->db, buf, "SELECT text || '|' || link FROM messages WHERE order_id = ?1"
	    " AND kind = 'staff_escalate'", id);
	assert_non_null(strstr(buf, "【文明朔城】督办："));
	assert_non_null(strstr(buf, "派出24小时仍无人接单"));
	assert_non_null(strstr(buf, "|/d/"));
	/* The state is as it was; the version too (a dispatcher's form still works). */
	assert_string_equal(fx_state(f, id), "dispatched");

	assert_int_equal(late(f), 0);
	pass(f, id, 23 * HOUR);
	assert_int_equal(late(f), 0);
	pass(f, id, HOUR);
	assert_int_equal(late(f), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", f->staff), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", s.shentou), 1);
	assert_int_equal(fx_int(f->db, "SELECT escalated FROM orders WHERE id = ?1", id), 2);
	assert_string_equal(last_note(f, id), "督办：派出48小时仍无人接单，已通知中心");
	pass(f, id, 10 * DAY);
	assert_int_equal(late(f), 0);
	assert_int_equal(escalations(f, id), 2);
	/* The public timeline does not show them. */
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1"
	    " AND public = 1", id), 2);
}

/* The service's own hours count; a request found two steps late tells the
 * 所 and the centre in one run; with nobody at the 所, the centre hears
 * at the first step and the row says so. */
static void
test_unaccepted_hours(void **state)
{
	struct fx *f = *state;
	struct staff s = staff_add(f);
	int64_t id = fx_order(f), far;
	char sql[128];

	snprintf(sql, sizeof(sql), "UPDATE services SET escalate_hours = 2 WHERE id = %lld",
	    (long long)f->service);
	fx_exec(f->db, sql);
	assert_int_equal(fx_move(f, id, "published", NULL, 0, f->shentou), MODEL_OK);
	pass(f, id, 2 * HOUR - 60);
	assert_int_equal(late(f), 0);
	pass(f, id, 2 * HOUR + 120);
	assert_int_equal(late(f), 2);
	assert_int_equal(to_user(f, id, "staff_escalate", s.shentou), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", f->staff), 1);
	assert_int_equal(escalations(f, id), 2);
	assert_int_equal(fx_int(f->db, "SELECT escalated FROM orders WHERE id = ?1", id), 2);

	/* 北城街道's 所 has nobody once its account is disabled. */
	assert_int_equal(user_set_disabled(f->db, s.beicheng, 1), MODEL_OK);
	far = order_far(f);
	assert_int_equal(fx_move(f, far, "dispatched", NULL, f->team_far, 0), MODEL_OK);
	pass(f, far, 2 * HOUR + 60);
	assert_int_equal(late(f), 1);
	assert_int_equal(to_user(f, far, "staff_escalate", f->staff), 1);
	assert_int_equal(to_user(f, far, "staff_escalate", s.beicheng), 0);
	assert_string_equal(last_note(f, far), "督办：派出2小时无人接单，已通知中心");
}

/* A re-dispatch starts the count again: 24 hours more, then the 所 again
 * (not the centre); accepting stops it. */
static void
test_redispatch_restarts(void **state)
{
	struct fx *f = *state;
	struct staff s = staff_add(f);
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	pass(f, id, 25 * HOUR);
	assert_int_equal(late(f), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", s.shentou), 1);

	/* Sent to another team: the count starts from this move. */
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team_far, 0), MODEL_OK);
	assert_int_equal(late(f), 0);
	pass(f, id, 23 * HOUR);
	assert_int_equal(late(f), 0);
	pass(f, id, HOUR + 60);
	assert_int_equal(late(f), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", s.shentou), 2);
	assert_int_equal(to_user(f, id, "staff_escalate", f->staff), 0);
	assert_int_equal(fx_int(f->db, "SELECT escalated FROM orders WHERE id = ?1", id), 1);

	/* Published instead, and a volunteer takes it: no more 督办. */
	assert_int_equal(fx_move(f, id, "published", NULL, 0, f->shentou), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v_area, id), MODEL_OK);
	pass(f, id, 5 * DAY);
	assert_int_equal(late(f), 0);
	/* Given back: waiting again, counted from the giving back. */
	assert_int_equal(task_give_back(f->db, f->v_area, id, "临时有事"), MODEL_OK);
	assert_int_equal(late(f), 0);
	pass(f, id, 24 * HOUR + 60);
	assert_int_equal(late(f), 1);
	assert_int_equal(to_user(f, id, "staff_escalate", s.shentou), 3);
	assert_int_equal(to_user(f, id, "staff_escalate", f->staff), 0);
}

static int
overdue(struct fx *f)
{
	return sweep_overdue(f->db, &opts, now_unix());
}

/* Past its due time and not done: the 所 when it passes, the centre a day
 * later, once each; a new due time starts it again; done requests never. */
static void
test_overdue(void **state)
{
	struct fx *f = *state;
	struct staff s = staff_add(f);
	int64_t id = fx_order(f), done = fx_completed(f, 60);
	int64_t due = fx_int(f->db, "SELECT due_at - created_at FROM orders WHERE id = ?1", id);
	struct staff_move m = { 0 };
	char buf[512];

	pass(f, done, 30 * DAY);
	pass(f, id, due - 60);
	assert_int_equal(overdue(f), 0);
	pass(f, id, 120);
	assert_int_equal(overdue(f), 1);
	assert_int_equal(to_user(f, id, "staff_overdue", s.shentou), 1);
	assert_int_equal(to_user(f, id, "staff_overdue", f->staff), 0);
	assert_int_equal(fx_int(f->db, "SELECT overdue_level FROM orders WHERE id = ?1", id), 1);
	assert_string_equal(last_note(f, id), "督办：超过办理期限，已通知所");
	fx_text(f->db, buf, "SELECT text FROM messages WHERE order_id = ?1", id);
	assert_non_null(strstr(buf, "已超过办理期限（"));
	assert_int_equal(overdue(f), 0);
	pass(f, id, DAY - 120);
	assert_int_equal(overdue(f), 0);
	pass(f, id, 120);
	assert_int_equal(overdue(f), 1);
	assert_int_equal(to_user(f, id, "staff_overdue", f->staff), 1);
	assert_string_equal(last_note(f, id), "督办：超过办理期限一天，已通知中心");
	assert_int_equal(overdue(f), 0);

	/* Staff give it two more days: nothing until they pass, then the 所. */
	m.order_id = id;
	m.version = fx_version(f, id);
	m.user_id = f->staff;
	m.due_at = now_unix() + 2 * DAY;
	assert_int_equal(dispatch_move(f->db, &m), MODEL_OK);
	assert_int_equal(overdue(f), 0);
	pass(f, id, 2 * DAY + 60);
	assert_int_equal(overdue(f), 1);
	assert_int_equal(to_user(f, id, "staff_overdue", s.shentou), 2);
	assert_int_equal(to_user(f, id, "staff_overdue", f->staff), 1);
	assert_int_equal(escalations(f, done), 0);
}

static int
rate_reminders(struct fx *f)
{
	return sweep_rate_reminders(f->db, &opts, WINDOW, now_unix());
}

/* Three days before the window ends, once, to the resident's mobile with
 * the last day and the rating link; never without a mobile, when SMS was
 * refused, or once rated. */
static void
test_rate_reminder(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_completed(f, 60), refused = fx_completed(f, 60);
	int64_t landline = fx_completed(f, 60), rated = fx_completed(f, 60);
	const int64_t all[] = { id, refused, landline, rated };
	char buf[512], code[CODE_LEN + 1], want[64], sql[160];

	snprintf(sql, sizeof(sql), "UPDATE orders SET sms_ok = 0 WHERE id = %lld",
	    (long long)refused);
	fx_exec(f->db, sql);
	snprintf(sql, sizeof(sql), "UPDATE orders SET contact_phone = '',"
	    " contact_landline = '0349-5021234' WHERE id = %lld", (long long)landline);
	fx_exec(f->db, sql);
	assert_int_equal(rating_submit(f->db, rated, 5, "", 0, "", "link", WINDOW), MODEL_OK);
	for (size_t i = 0; i < 4; i++)
		pass(f, all[i], 4 * DAY - 120);
	assert_int_equal(rate_reminders(f), 0);
	for (size_t i = 0; i < 4; i++)
		pass(f, all[i], 180);
	assert_int_equal(rate_reminders(f), 1);
	assert_int_equal(of_kind(f, "resident_rate_reminder"), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE order_id = ?1"
	    " AND kind = 'resident_rate_reminder' AND phone = '13800138000' AND sms = 'pending'",
	    id), 1);
	fx_text(f->db, code, "SELECT code FROM orders WHERE id = ?1", id);
	fx_text(f->db, buf, "SELECT text || '|' || link FROM messages WHERE order_id = ?1"
	    " AND kind = 'resident_rate_reminder'", id);
	{
		char s[20];
		int64_t end = fx_int(f->db, "SELECT completed_at FROM orders WHERE id = ?1", id) +
		    WINDOW * DAY;
		time_format_cst(end, s);
		snprintf(want, sizeof(want), "%d月%d日前可以评价：|/r/%s", atoi(s + 5), atoi(s + 8),
		    code);
	}
	assert_non_null(strstr(buf, "还未评价"));
	assert_non_null(strstr(buf, want));
	assert_int_equal(fx_int(f->db, "SELECT rate_reminded FROM orders WHERE id = ?1", id), 1);
	/* Once. */
	assert_int_equal(rate_reminders(f), 0);
	pass(f, id, 2 * DAY);
	assert_int_equal(rate_reminders(f), 0);
	assert_int_equal(of_kind(f, "resident_rate_reminder"), 1);
}

/* An activity at 马邑村 starting at Beijing hh:mm on the day after
 * tomorrow, as real time goes; its start in *starts. */
static int64_t
activity_at(struct fx *f, int hh, int mm, int64_t *starts)
{
	int64_t now = now_unix(), day = ((now + 28800) / DAY + 2) * DAY - 28800, id = 0;
	struct activity_new n = {
		.title = "学雷锋 村容整治", .place = "马邑村文化广场", .summary = "清理村道垃圾",
		.platform_id = f->platform, .org_id = f->mayi,
		.starts_at = day + hh * HOUR + mm * 60, .capacity = 10,
		.open_to = "all", .created_by = f->staff,
	};

	n.ends_at = n.starts_at + 2 * HOUR;
	*starts = n.starts_at;
	assert_int_equal(activity_create(f->db, &n, &id), MODEL_OK);
	return id;
}

/* The day before, within a day of its start: once, to those still signed
 * up, with the time and place; never on the day itself. */
static void
test_activity_reminder(void **state)
{
	struct fx *f = *state;
	int64_t starts, late_starts, id = activity_at(f, 9, 30, &starts);
	int64_t evening = activity_at(f, 22, 0, &late_starts);
	char buf[512], want[64];

	assert_int_equal(activity_signup(f->db, id, f->v1, now_unix()), MODEL_OK);
	assert_int_equal(activity_signup(f->db, id, f->v2, now_unix()), MODEL_OK);
	assert_int_equal(activity_signup(f->db, evening, f->v3, now_unix()), MODEL_OK);
	assert_int_equal(activity_withdraw(f->db, id, f->v2, now_unix()), MODEL_OK);

	/* The day before at 08:00: 25.5 hours to go. */
	assert_int_equal(sweep_activity_reminders(f->db, &opts, starts - 25 * HOUR - 1800), 0);
	/* 10:00 the day before: v1 (v2 withdrew). */
	assert_int_equal(sweep_activity_reminders(f->db, &opts, starts - 23 * HOUR - 1800), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE volunteer_id = ?1"
	    " AND kind = 'activity_reminder'", f->v1), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE volunteer_id = ?1",
	    f->v2), 0);
	fx_text(f->db, buf, "SELECT text || '|' || link || '|' || phone FROM messages"
	    " WHERE volunteer_id = ?1", f->v1);
	assert_non_null(strstr(buf, "明天09:30开始，地点：马邑村文化广场。"));
	snprintf(want, sizeof(want), "|/activities/%lld|13900000101", (long long)id);
	assert_non_null(strstr(buf, want));
	assert_int_equal(sweep_activity_reminders(f->db, &opts, starts - 23 * HOUR), 0);
	assert_int_equal(sweep_activity_reminders(f->db, &opts, starts - HOUR), 0);

	/* 22:00 the next day: not at 19:00 the day before (27 hours), but
	 * from 20:00, before the quiet hours hold it overnight. */
	assert_int_equal(sweep_activity_reminders(f->db, &opts, late_starts - 27 * HOUR), 0);
	assert_int_equal(sweep_activity_reminders(f->db, &opts, late_starts - 26 * HOUR + 60), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE volunteer_id = ?1"
	    " AND kind = 'activity_reminder'", f->v3), 1);
	assert_int_equal(fx_int(f->db, "SELECT reminded FROM activity_signups"
	    " WHERE activity_id = ?1 AND volunteer_id = ?2", evening, f->v3), 1);
}

/* An activity today (within a day) is not "明天": no reminder. */
static void
test_activity_same_day(void **state)
{
	struct fx *f = *state;
	int64_t starts, id = activity_at(f, 22, 0, &starts);

	assert_int_equal(activity_signup(f->db, id, f->v1, now_unix()), MODEL_OK);
	/* 08:00 on its own day. */
	assert_int_equal(sweep_activity_reminders(f->db, &opts, starts - 14 * HOUR), 0);
	assert_int_equal(of_kind(f, "activity_reminder"), 0);
}

/* The digest text of staff member user ("" if none), newest. */
static const char *
digest_of(struct fx *f, int64_t user)
{
	static char text[512];
	return fx_text(f->db, text, "SELECT text || '|' || link FROM messages"
	    " WHERE user_id = ?1 AND kind = 'staff_digest' ORDER BY id DESC LIMIT 1", user);
}

static int64_t
digests(struct fx *f, int64_t user)
{
	return fx_int(f->db, "SELECT count(*) FROM messages WHERE user_id = ?1"
	    " AND kind = 'staff_digest'", user);
}

/* One message per person with the count in their scope; leaders none;
 * requests already dispatched not counted; at most every digest_seconds,
 * and the next counts only what came since. */
static void
test_digest(void **state)
{
	struct fx *f = *state;
	struct staff s = staff_add(f);
	int64_t now = now_unix(), a = fx_order(f), b = fx_order(f), gone = fx_order(f);

	(void)a;
	(void)b;
	order_far(f);
	assert_int_equal(fx_move(f, gone, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(sweep_digest(f->db, &opts, 3600, now), 4);
	assert_string_equal(digest_of(f, f->staff), "【文明朔城】有3件新的群众点单待审核，请及时派单：|/desk");
	assert_non_null(strstr(digest_of(f, s.shentou), "有2件新的"));
	assert_non_null(strstr(digest_of(f, s.mayi), "有2件新的"));
	assert_non_null(strstr(digest_of(f, s.beicheng), "有1件新的"));
	assert_int_equal(digests(f, s.leader), 0);
	assert_int_equal(of_kind(f, "staff_digest"), 4);

	/* A new one at 北城: not within the hour, then only it. */
	order_far(f);
	assert_int_equal(sweep_digest(f->db, &opts, 3600, now + 1800), 0);
	assert_int_equal(sweep_digest(f->db, &opts, 3600, now + 3600), 2);
	assert_non_null(strstr(digest_of(f, f->staff), "有1件新的"));
	assert_non_null(strstr(digest_of(f, s.beicheng), "有1件新的"));
	assert_int_equal(digests(f, s.shentou), 1);
	assert_int_equal(digests(f, s.mayi), 1);
	/* Nothing new: nothing, however long it has been. */
	assert_int_equal(sweep_digest(f->db, &opts, 3600, now + 5 * 3600), 0);
	assert_int_equal(of_kind(f, "staff_digest"), 6);
}

/* message_sweep runs every part and adds up what they wrote. */
static void
test_sweep_all(void **state)
{
	struct fx *f = *state;
	struct staff s = staff_add(f);
	int64_t id = fx_order(f);

	(void)s;
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	pass(f, id, 25 * HOUR);
	/* digest (no new submitted requests: 0) + the 所's 督办 (1). */
	assert_int_equal(message_sweep(f->db, &opts, WINDOW, 3600, now_unix()), 1);
	assert_int_equal(message_sweep(f->db, &opts, WINDOW, 3600, now_unix()), 0);
}

/* The volunteers a 催办 of id reached, as "v1,v2," by fixture name. */
static int64_t
urged(struct fx *f, int64_t id, int64_t vid)
{
	return fx_int_(f->db, "SELECT count(*) FROM messages WHERE order_id = ?1"
	    " AND volunteer_id = ?2 AND kind = 'task_urge'", (const int64_t[]){ id, vid }, 2);
}

/* 催办 of a dispatched request: its team's members (not the one who gave
 * it back), a staff-only timeline row; once an hour. */
static void
test_urge_team(void **state)
{
	struct fx *f = *state;
	struct urge_result r;
	int64_t id = fx_order(f), now = now_unix();
	char buf[512], code[CODE_LEN + 1];

	assert_int_equal(urge_order(f->db, &opts, id, f->staff, now, &r), MODEL_BAD_STATE);
	assert_string_equal(r.state, "submitted");
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
	assert_int_equal(task_give_back(f->db, f->v2, id, "临时有事"), MODEL_OK);

	assert_int_equal(urge_order(f->db, &opts, id, f->staff, now, &r), MODEL_OK);
	assert_int_equal(r.sent, 2);
	assert_int_equal(urged(f, id, f->v1), 1);
	assert_int_equal(urged(f, id, f->v2), 0);
	assert_int_equal(urged(f, id, f->v3), 1);
	assert_int_equal(urged(f, id, f->v_area), 0);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1"
	    " AND kind = 'urge' AND actor = 'staff' AND actor_id = ?2 AND note = '催办'"
	    " AND from_state = 'dispatched' AND to_state = 'dispatched' AND public = 0",
	    id, f->staff), 1);
	fx_text(f->db, code, "SELECT code FROM orders WHERE id = ?1", id);
	fx_text(f->db, buf, "SELECT text || '|' || link FROM messages WHERE order_id = ?1"
	    " AND kind = 'task_urge' LIMIT 1", id);
	assert_non_null(strstr(buf, "【文明朔城】催办：任务“"));
	assert_non_null(strstr(buf, "还没有人接单"));
	assert_non_null(strstr(buf, code));

	/* Within the hour: refused, nothing written. */
	assert_int_equal(urge_order(f->db, &opts, id, f->staff, now + 3599, &r), MODEL_TOO_EARLY);
	assert_int_equal(r.last_at, now);
	assert_int_equal(urged(f, id, f->v1), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1"
	    " AND kind = 'urge'", id), 1);
	assert_int_equal(urge_order(f->db, &opts, id, f->staff, now + 3600, &r), MODEL_OK);
	assert_int_equal(urged(f, id, f->v1), 2);

	/* Accepted: nothing to urge. */
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(urge_order(f->db, &opts, id, f->staff, now + 9000, &r), MODEL_BAD_STATE);
	assert_string_equal(r.state, "accepted");
	assert_int_equal(urge_order(f->db, &opts, 999999, f->staff, now, &r), MODEL_NOT_FOUND);
}

/* 催办 of a published request: those its broadcast reached, who still
 * take broadcasts. */
static void
test_urge_published(void **state)
{
	struct fx *f = *state;
	struct urge_result r;
	int64_t id = fx_order(f), now = now_unix();
	const int64_t reached[] = { f->v_area, f->v1, f->v2 };

	assert_int_equal(fx_move(f, id, "published", NULL, 0, f->shentou), MODEL_OK);
	/* What the sender's broadcast wrote. */
	assert_int_equal(db_tx_begin(f->db), DB_OK);
	for (size_t i = 0; i < 3; i++) {
		struct message_new m = {
			.kind = "task_open", .order_id = id, .volunteer_id = reached[i],
			.text = "【文明朔城】附近有可抢单的任务", .link = "/k/X",
		};
		assert_int_equal(message_add(f->db, &opts, &m, now), DB_OK);
	}
	assert_int_equal(db_tx_commit(f->db), DB_OK);
	{
		char sql[128];
		snprintf(sql, sizeof(sql), "UPDATE volunteers SET broadcasts = 0 WHERE id = %lld",
		    (long long)f->v2);
		fx_exec(f->db, sql);
	}
	assert_int_equal(urge_order(f->db, &opts, id, f->staff, now, &r), MODEL_OK);
	assert_int_equal(r.sent, 2);
	assert_int_equal(urged(f, id, f->v_area), 1);
	assert_int_equal(urged(f, id, f->v1), 1);
	assert_int_equal(urged(f, id, f->v2), 0);
	assert_int_equal(urged(f, id, f->v3), 0);
	assert_int_equal(urged(f, id, f->v_far), 0);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1"
	    " AND kind = 'urge' AND to_state = 'published'", id), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_unaccepted),
		FX_TEST(test_unaccepted_hours),
		FX_TEST(test_redispatch_restarts),
		FX_TEST(test_overdue),
		FX_TEST(test_rate_reminder),
		FX_TEST(test_activity_reminder),
		FX_TEST(test_activity_same_day),
		FX_TEST(test_digest),
		FX_TEST(test_sweep_all),
		FX_TEST(test_urge_team),
		FX_TEST(test_urge_published),
	};
	return fx_run("model: messages time writes, 催办", tests);
}
