/*
 * test_model_orders.c: 中心派单 against a real database (model/dispatch.c):
 * a request moved from 待审核 to dispatched, published, rejected and
 * cancelled; re-dispatched; its due time changed; a move on a stale version
 * (MODEL_DUPLICATE) and the moves the state machine forbids
 * (MODEL_BAD_STATE), each of which must change nothing; and who may read
 * each event it writes (the public timeline a resident sees).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/message.h"

/* The sender's settings in these tests: no gateway. */
static const struct message_opts opts = { .batch = 20, .batch_seconds = 300 };
#include "model/task.h"

/* The public timeline as a resident reads it: "to:note;" per event. */
struct timeline {
	char	text[2048];
	int	n;
};

static void
timeline_add(void *arg, const struct order_event *ev)
{
	struct timeline *t = arg;
	size_t len = strlen(t->text);

	snprintf(t->text + len, sizeof(t->text) - len, "%s:%s;", ev->to_state, ev->note);
	t->n++;
}

/* Reads the order's public timeline into t. */
static void
timeline(struct fx *f, int64_t id, struct timeline *t)
{
	memset(t, 0, sizeof(*t));
	assert_int_equal(order_each_event(f->db, id, timeline_add, t), MODEL_OK);
}

/* The flags of the order's newest event: public * 10 + note_public. */
static int64_t
last_event_flags(struct fx *f, int64_t id)
{
	return fx_int(f->db, "SELECT public * 10 + note_public FROM order_events"
	    " WHERE order_id = ?1 ORDER BY id DESC LIMIT 1", id);
}

/* What staff see of an order, to check that a refused move changed nothing. */
struct snapshot {
	char	state[16];
	int	version;
	int64_t	events, team, area, due, jobs;
};

static void
snap(struct fx *f, int64_t id, struct snapshot *s)
{
	snprintf(s->state, sizeof(s->state), "%s", fx_state(f, id));
	s->version = fx_version(f, id);
	s->events = fx_events(f, id);
	s->team = fx_int(f->db, "SELECT coalesce(team_id, 0) FROM orders WHERE id = ?1", id);
	s->area = fx_int(f->db, "SELECT coalesce(area_id, 0) FROM orders WHERE id = ?1", id);
	s->due = fx_int(f->db, "SELECT due_at FROM orders WHERE id = ?1", id);
	s->jobs = fx_int(f->db, "SELECT count(*) FROM message_jobs WHERE ?1", 1);
}

static void
assert_unchanged(struct fx *f, int64_t id, const struct snapshot *before)
{
	struct snapshot now;

	snap(f, id, &now);
	assert_string_equal(now.state, before->state);
	assert_int_equal(now.version, before->version);
	assert_int_equal(now.events, before->events);
	assert_int_equal(now.team, before->team);
	assert_int_equal(now.area, before->area);
	assert_int_equal(now.due, before->due);
	assert_int_equal(now.jobs, before->jobs);
}

/* A new request waits for review, on the public timeline as 待审核. */
static void
test_submitted(void **state)
{
	struct fx *f = *state;
	struct timeline t;
	int64_t id = fx_order(f);

	assert_string_equal(fx_state(f, id), "submitted");
	assert_int_equal(fx_version(f, id), 0);
	timeline(f, id, &t);
	assert_string_equal(t.text, "submitted:;");
}

/* Dispatch to a team: the team is set, the version moves on, the move is
 * public, and each of the team's volunteers is told: the move queues a job
 * in its own transaction, which the sender turns into one message each. */
static void
test_dispatch(void **state)
{
	struct fx *f = *state;
	struct timeline t;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_string_equal(fx_state(f, id), "dispatched");
	assert_int_equal(fx_version(f, id), 1);
	assert_int_equal(fx_int(f->db, "SELECT team_id FROM orders WHERE id = ?1", id), f->team);
	assert_int_equal(fx_int(f->db, "SELECT area_id IS NULL FROM orders WHERE id = ?1", id), 1);
	assert_int_equal(last_event_flags(f, id), 10);
	assert_int_equal(fx_int(f->db, "SELECT actor_id FROM order_events WHERE order_id = ?1"
	    " ORDER BY id DESC LIMIT 1", id), f->staff);
	timeline(f, id, &t);
	assert_string_equal(t.text, "submitted:;dispatched:;");
	/* The three members, not the others. */
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM message_jobs WHERE kind = 'event'"
	    " AND ref_id = (SELECT max(id) FROM order_events WHERE order_id = ?1)", id), 1);
	assert_true(message_expand(f->db, &opts, now_unix(), 50) >= 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE kind = 'task_team'"
	    " AND order_id = ?1", id), 3);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE order_id = ?1"
	    " AND volunteer_id IN (?2, ?3)", id, f->v_area, f->v_far), 0);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM message_jobs WHERE ?1", 1), 0);
}

/* Publish for 抢单 in 神头镇: the area is set, no team, and the volunteers
 * living there are told (by the sender's broadcast); 北城街道's are not. */
static void
test_publish(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "published", NULL, 0, f->shentou), MODEL_OK);
	assert_string_equal(fx_state(f, id), "published");
	assert_int_equal(fx_int(f->db, "SELECT area_id FROM orders WHERE id = ?1", id), f->shentou);
	assert_int_equal(fx_int(f->db, "SELECT team_id IS NULL FROM orders WHERE id = ?1", id), 1);
	/* The event's job starts the broadcast; its first batch reaches the area. */
	assert_true(message_expand(f->db, &opts, now_unix(), 50) >= 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM message_jobs WHERE kind = 'broadcast'"
	    " AND ref_id = ?1", id), 1);
	assert_true(message_expand(f->db, &opts, now_unix(), 50) >= 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE kind = 'task_open'"
	    " AND order_id = ?1", id), fx_int(f->db, "SELECT count(*) FROM volunteers v JOIN orgs g"
	    " ON g.id = v.org_id WHERE v.status = 'approved' AND (v.org_id = ?1 OR g.parent_id = ?1)",
	    f->shentou));
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE order_id = ?1"
	    " AND volunteer_id = ?2", id, f->v_far), 0);
	assert_int_equal(last_event_flags(f, id), 10);
}

/* Reject: the reason was typed in a field marked 群众可以看到, so the
 * resident reads it on the timeline; nothing moves a rejected request. */
static void
test_reject(void **state)
{
	struct fx *f = *state;
	struct timeline t;
	struct snapshot s;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "rejected", "所需服务不在本中心服务范围内", 0, 0), MODEL_OK);
	assert_string_equal(fx_state(f, id), "rejected");
	assert_int_equal(last_event_flags(f, id), 11);
	timeline(f, id, &t);
	assert_string_equal(t.text, "submitted:;rejected:所需服务不在本中心服务范围内;");
	char reason[128];
	assert_string_equal(fx_text(f->db, reason, "SELECT reason FROM orders WHERE id = ?1", id),
	    "所需服务不在本中心服务范围内");
	/* Closed: no dispatch, publish, cancel, reopen or due change. */
	snap(f, id, &s);
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_BAD_STATE);
	assert_int_equal(fx_move(f, id, "published", NULL, 0, f->shentou), MODEL_BAD_STATE);
	assert_int_equal(fx_move(f, id, "cancelled", "撤回", 0, 0), MODEL_BAD_STATE);
	assert_int_equal(fx_move(f, id, "submitted", NULL, 0, 0), MODEL_BAD_STATE);
	struct staff_move due = { .order_id = id, .version = s.version, .user_id = f->staff,
		.due_at = now_unix() + 86400 };
	assert_int_equal(dispatch_move(f->db, &due), MODEL_BAD_STATE);
	assert_unchanged(f, id, &s);
}

/* Cancel by staff, from each open state but accepted here (task tests
 * cover that): the reason is public; afterwards nothing moves it. */
static void
test_cancel(void **state)
{
	struct fx *f = *state;
	static const char *const from[] = { "submitted", "dispatched", "published" };
	struct timeline t;
	struct snapshot s;

	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		int64_t id = fx_order(f);
		if (strcmp(from[i], "dispatched") == 0)
			assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
		if (strcmp(from[i], "published") == 0)
			assert_int_equal(fx_move(f, id, "published", NULL, 0, f->center), MODEL_OK);
		assert_string_equal(fx_state(f, id), from[i]);
		assert_int_equal(fx_move(f, id, "cancelled", "群众来电说不需要了", 0, 0), MODEL_OK);
		assert_string_equal(fx_state(f, id), "cancelled");
		assert_int_equal(last_event_flags(f, id), 11);
		timeline(f, id, &t);
		assert_non_null(strstr(t.text, "cancelled:群众来电说不需要了;"));
		snap(f, id, &s);
		assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_BAD_STATE);
		assert_int_equal(fx_move(f, id, "cancelled", "again", 0, 0), MODEL_BAD_STATE);
		assert_int_equal(order_cancel_by_resident(f->db, id, "不要了"), MODEL_BAD_STATE);
		assert_unchanged(f, id, &s);
	}
}

/* Re-dispatch: to another team, from the pool to a team and back; each
 * clears what the other set. */
static void
test_redispatch(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team_far, 0), MODEL_OK);
	assert_int_equal(fx_int(f->db, "SELECT team_id FROM orders WHERE id = ?1", id), f->team_far);
	assert_int_equal(fx_move(f, id, "published", NULL, 0, f->shentou), MODEL_OK);
	assert_int_equal(fx_int(f->db, "SELECT coalesce(team_id, 0) * 1000000 + area_id"
	    " FROM orders WHERE id = ?1", id), f->shentou);
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(fx_int(f->db, "SELECT team_id * 1000000 + coalesce(area_id, 0)"
	    " FROM orders WHERE id = ?1", id), f->team * 1000000);
	assert_int_equal(fx_version(f, id), 4);
	assert_int_equal(fx_events(f, id), 5);
}

/* Re-dispatching an accepted request releases its volunteer, who no
 * longer sees the resident's contact details. */
static void
test_redispatch_releases(void **state)
{
	struct fx *f = *state;
	struct task_contact c;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(task_contact(f->db, f->v1, id, &c), MODEL_OK);
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team_far, 0), MODEL_OK);
	assert_string_equal(fx_state(f, id), "dispatched");
	char st[16];
	assert_string_equal(fx_text(f->db, st, "SELECT state FROM order_volunteers"
	    " WHERE order_id = ?1 AND volunteer_id = ?2", id, f->v1), "returned");
	assert_int_equal(task_contact(f->db, f->v1, id, &c), MODEL_NOT_MINE);
	/* v1 is not in the new team: the task is no longer theirs to take. */
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_NOT_FOUND);
}

/* A due change alone: the due time moves, the version too, and the event
 * is for staff only (not on the resident's timeline). */
static void
test_due_change(void **state)
{
	struct fx *f = *state;
	struct timeline t;
	int64_t id = fx_order(f), due = now_unix() + 3 * 86400;

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	struct staff_move m = { .order_id = id, .version = fx_version(f, id),
		.user_id = f->staff, .due_at = due };
	assert_int_equal(dispatch_move(f->db, &m), MODEL_OK);
	assert_string_equal(fx_state(f, id), "dispatched");
	assert_int_equal(fx_int(f->db, "SELECT due_at FROM orders WHERE id = ?1", id), due);
	assert_int_equal(fx_version(f, id), 2);
	assert_int_equal(last_event_flags(f, id), 0);
	char note[128];
	fx_text(f->db, note, "SELECT note FROM order_events WHERE order_id = ?1"
	    " ORDER BY id DESC LIMIT 1", id);
	assert_non_null(strstr(note, "办理期限改为"));
	timeline(f, id, &t);
	assert_string_equal(t.text, "submitted:;dispatched:;");
	/* The same version again is stale now. */
	m.due_at = due + 86400;
	assert_int_equal(dispatch_move(f->db, &m), MODEL_DUPLICATE);
	assert_int_equal(fx_int(f->db, "SELECT due_at FROM orders WHERE id = ?1", id), due);
}

/* A move on a version someone has moved past is MODEL_DUPLICATE and
 * changes nothing: no state, no team, no event, no message. */
static void
test_stale_version(void **state)
{
	struct fx *f = *state;
	struct snapshot s;
	int64_t id = fx_order(f);
	int seen = fx_version(f, id);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	snap(f, id, &s);
	struct staff_move m = { .order_id = id, .version = seen, .user_id = f->staff,
		.to = "rejected", .reason = "重复申请" };
	assert_int_equal(dispatch_move(f->db, &m), MODEL_DUPLICATE);
	m.to = "published";
	m.reason = NULL;
	m.area_id = f->center;
	assert_int_equal(dispatch_move(f->db, &m), MODEL_DUPLICATE);
	m.version = seen + 5;	/* a version from nowhere */
	assert_int_equal(dispatch_move(f->db, &m), MODEL_DUPLICATE);
	assert_unchanged(f, id, &s);
	/* No such request. */
	m.order_id = id + 1000;
	assert_int_equal(dispatch_move(f->db, &m), MODEL_NOT_FOUND);
}

/* Moves the state machine forbids to staff, from each state they can be
 * tried in: refused with MODEL_BAD_STATE and nothing changed. */
static void
test_forbidden_moves(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *from, *to;
	} bad[] = {
		{ "submitted", "accepted" }, { "submitted", "completed" },
		{ "submitted", "rated" }, { "submitted", "submitted" },
		{ "dispatched", "rejected" }, { "dispatched", "completed" },
		{ "dispatched", "submitted" }, { "dispatched", "accepted" },
		{ "published", "published" }, { "published", "rejected" },
		{ "published", "accepted" },
		{ "accepted", "accepted" }, { "accepted", "published" },
		{ "accepted", "rejected" }, { "accepted", "rated" },
		{ "completed", "cancelled" }, { "completed", "dispatched" },
		{ "completed", "rated" }, { "completed", "unrated" },
		{ "cancelled", "submitted" },
		{ "submitted", "no-such-state" },
	};
	struct snapshot s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t id = fx_order(f);
		const char *from = bad[i].from;
		if (strcmp(from, "submitted") != 0 && strcmp(from, "cancelled") != 0)
			assert_int_equal(fx_move(f, id, strcmp(from, "published") == 0 ?
			    "published" : "dispatched", NULL, f->team, f->shentou), MODEL_OK);
		if (strcmp(from, "accepted") == 0 || strcmp(from, "completed") == 0)
			assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
		if (strcmp(from, "completed") == 0) {
			struct served w = { f->v1, 60 };
			int64_t now = now_unix();
			assert_int_equal(task_complete(f->db, f->v1, id, "宣讲一小时", now - 3600, now,
			    &w, 1, NULL, 0, NULL), MODEL_OK);
		}
		if (strcmp(from, "cancelled") == 0)
			assert_int_equal(order_cancel_by_resident(f->db, id, "不要了"), MODEL_OK);
		assert_string_equal(fx_state(f, id), from);
		snap(f, id, &s);
		if (fx_move(f, id, bad[i].to, NULL, f->team, f->shentou) != MODEL_BAD_STATE)
			fail_msg("%s -> %s was not refused", from, bad[i].to);
		assert_unchanged(f, id, &s);
	}
}

/* Staff may reopen a completed request: back to 待审核, publicly. */
static void
test_reopen_completed(void **state)
{
	struct fx *f = *state;
	struct served w;
	int64_t id = fx_order(f), now = now_unix();

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
	w = (struct served){ f->v2, 90 };
	assert_int_equal(task_complete(f->db, f->v2, id, "宣讲", now - 5400, now, &w, 1, NULL, 0, NULL), MODEL_OK);
	assert_int_equal(fx_move(f, id, "submitted", NULL, 0, 0), MODEL_OK);
	assert_string_equal(fx_state(f, id), "submitted");
	assert_int_equal(last_event_flags(f, id), 10);
	/* And it can be dispatched again. */
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
}

/* The resident may cancel until a volunteer accepts, not after. */
static void
test_resident_cancel(void **state)
{
	struct fx *f = *state;
	int64_t a = fx_order(f), b = fx_order(f);

	assert_int_equal(fx_move(f, a, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(order_cancel_by_resident(f->db, a, "时间冲突"), MODEL_OK);
	assert_string_equal(fx_state(f, a), "cancelled");
	assert_int_equal(fx_move(f, b, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, b), MODEL_OK);
	int64_t before = fx_events(f, b);
	assert_int_equal(order_cancel_by_resident(f->db, b, "时间冲突"), MODEL_BAD_STATE);
	assert_string_equal(fx_state(f, b), "accepted");
	assert_int_equal(fx_events(f, b), before);
	assert_int_equal(order_cancel_by_resident(f->db, b + 1000, "x"), MODEL_NOT_FOUND);
}

/* A batch (the writer process's one commit for several requests): each is
 * written as order_create would; one refused (the same form again, a
 * phone over its daily limit) leaves the others; one whose sender stopped
 * waiting is not written; a request with a 验证码 is not taken at all. */
static void
test_create_batch(void **state)
{
	struct fx *f = *state;
	static const char *const phones[] = {
		"13912340001", "13912340002", "13912340002", "13912340003", "13912340004",
	};
	static const char *const nonces[] = { "b1", "b2", "b3", "b1", "b4" };
	struct order_new o[5];
	struct order_batch_item v[5];
	struct order_confirm c = { .code = "123456" };
	int64_t before = fx_int(f->db, "SELECT count(*) FROM orders WHERE id > ?1", 0);

	for (int i = 0; i < 5; i++) {
		o[i] = (struct order_new){ .service_id = f->service, .org_id = f->mayi,
		    .address = "马邑村", .need = "批量", .contact_name = "王",
		    .contact_phone = phones[i], .channel = "web", .form_nonce = nonces[i],
		    .consent = 1 };
		/* The second request of 13912340002 is over its limit of one. */
		v[i] = (struct order_batch_item){ .o = &o[i], .lim = { 1, 0 } };
	}
	assert_int_equal(order_create_batch(f->db, v, 5), DB_OK);
	assert_int_equal(v[0].err, MODEL_OK);
	assert_int_equal(v[1].err, MODEL_OK);
	assert_int_equal(v[2].err, MODEL_LIMIT_PHONE);
	assert_int_equal(v[3].err, MODEL_DUPLICATE);
	assert_string_equal(v[3].code, v[0].code);
	assert_int_equal(v[4].err, MODEL_OK);
	assert_string_not_equal(v[0].code, v[1].code);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders WHERE id > ?1", 0), before + 3);
	/* Each written one has its first event; the refused ones left nothing. */
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders o JOIN order_events e"
	    " ON e.order_id = o.id WHERE o.form_nonce IN ('b1', 'b2', 'b4') AND e.to_state = 'submitted'"
	    " AND o.id > ?1", 0), 3);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders WHERE form_nonce = 'b3' AND id > ?1", 0), 0);
	assert_int_equal(fx_int(f->db, "SELECT count FROM rate_counts WHERE key = 'phone:13912340002'"
	    " AND day > ?1", 0), 1);
	/* One whose sender stopped waiting is not written; the others are. */
	o[0].form_nonce = "b6";
	o[1].form_nonce = "b7";
	o[1].contact_phone = "13912340009";
	v[0].deadline_ms = now_ms_mono() - 1;
	v[1].deadline_ms = now_ms_mono() + 60000;
	assert_int_equal(order_create_batch(f->db, v, 2), DB_OK);
	assert_int_equal(v[0].err, MODEL_BUSY);
	assert_int_equal(v[1].err, MODEL_OK);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders WHERE form_nonce = 'b6' AND id > ?1", 0), 0);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders WHERE id > ?1", 0), before + 4);
	v[0].deadline_ms = v[1].deadline_ms = 0;
	/* With a 验证码: refused whole, nothing written. */
	o[0].form_nonce = "b5";
	o[0].confirm = &c;
	assert_int_equal(order_create_batch(f->db, v, 1), DB_ERROR);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders WHERE id > ?1", 0), before + 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_submitted),
		FX_TEST(test_dispatch),
		FX_TEST(test_publish),
		FX_TEST(test_reject),
		FX_TEST(test_cancel),
		FX_TEST(test_redispatch),
		FX_TEST(test_redispatch_releases),
		FX_TEST(test_due_change),
		FX_TEST(test_stale_version),
		FX_TEST(test_forbidden_moves),
		FX_TEST(test_reopen_completed),
		FX_TEST(test_resident_cancel),
		FX_TEST(test_create_batch),
	};
	return fx_run("model: dispatch", tests);
}
