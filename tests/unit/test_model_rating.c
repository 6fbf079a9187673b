/*
 * test_model_rating.c: 群众评单 against a real database (model/rating.c):
 * only a completed request can be rated, once, inside the window; the
 * window's end closes it as 未评价; a poor rating opens a follow-up, which
 * staff close or use to reopen the request (publicly, while their 回访记录
 * stays with staff); a request reopened and completed again is rated anew.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/rating.h"

#define WINDOW	7	/* days */

/* Moves the order's completion seconds into the past. */
static void
completed_ago(struct fx *f, int64_t id, int64_t seconds)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "UPDATE orders SET completed_at = completed_at - %lld"
	    " WHERE id = %lld", (long long)seconds, (long long)id);
	fx_exec(f->db, sql);
}

static enum model_err
rate(struct fx *f, int64_t id, int level)
{
	return rating_submit(f->db, id, level, "讲得很清楚", 1, "准时,专业", "link", WINDOW);
}

static int64_t
ratings(struct fx *f, int64_t id)
{
	return fx_int(f->db, "SELECT count(*) FROM ratings WHERE order_id = ?1", id);
}

/* The public timeline: "to:note;" per event. */
static void
timeline_add(void *arg, const struct order_event *ev)
{
	size_t len = strlen(arg);

	snprintf((char *)arg + len, 1024 - len, "%s:%s;", ev->to_state, ev->note);
}

/* Nothing but a completed request can be rated. */
static void
test_only_completed(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f), gone = fx_order(f);

	assert_int_equal(rate(f, id, 5), MODEL_NOT_READY);
	assert_int_equal(rating_open(f->db, id, WINDOW), 0);
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(rate(f, id, 5), MODEL_NOT_READY);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(rate(f, id, 1), MODEL_NOT_READY);
	assert_int_equal(rating_open(f->db, id, WINDOW), 0);
	assert_int_equal(order_cancel_by_resident(f->db, gone, "不需要了"), MODEL_OK);
	assert_int_equal(rate(f, gone, 5), MODEL_NOT_READY);
	assert_int_equal(ratings(f, id) + ratings(f, gone), 0);
	assert_int_equal(followup_open_count(f->db), 0);
	assert_string_equal(fx_state(f, id), "accepted");
}

/* Rated once: the second try is MODEL_ALREADY and keeps the first. */
static void
test_rate_once(void **state)
{
	struct fx *f = *state;
	struct rating r;
	char buf[1024] = "";
	int found;
	int64_t id = fx_completed(f, 60);

	assert_int_equal(rating_open(f->db, id, WINDOW), 1);
	int version = fx_version(f, id);
	assert_int_equal(rating_submit(f->db, id, 5, "讲得很清楚", 1, "准时", "code", WINDOW),
	    MODEL_OK);
	assert_string_equal(fx_state(f, id), "rated");
	assert_int_equal(fx_version(f, id), version + 1);
	assert_int_equal(rating_get(f->db, id, &r, &found), DB_OK);
	assert_int_equal(found, 1);
	assert_int_equal(r.level, 5);
	assert_string_equal(r.comment, "讲得很清楚");
	assert_int_equal(followup_open_count(f->db), 0);
	assert_int_equal(order_each_event(f->db, id, timeline_add, buf), MODEL_OK);
	assert_non_null(strstr(buf, "completed:;rated:;"));

	assert_int_equal(rating_submit(f->db, id, 1, "改主意了", 0, "", "link", WINDOW),
	    MODEL_ALREADY);
	assert_int_equal(rating_get(f->db, id, &r, &found), DB_OK);
	assert_int_equal(r.level, 5);
	assert_string_equal(r.comment, "讲得很清楚");
	assert_int_equal(ratings(f, id), 1);
	assert_int_equal(followup_open_count(f->db), 0);
	assert_int_equal(rating_open(f->db, id, WINDOW), 0);
}

/* Inside the window it may be rated, after it not; when the window ends
 * the request closes as 未评价 and can no longer be rated. */
static void
test_window(void **state)
{
	struct fx *f = *state;
	int64_t inside = fx_completed(f, 60), outside = fx_completed(f, 60);

	completed_ago(f, inside, WINDOW * 86400 - 120);
	completed_ago(f, outside, WINDOW * 86400 + 120);
	assert_int_equal(rating_open(f->db, inside, WINDOW), 1);
	assert_int_equal(rating_open(f->db, outside, WINDOW), 0);
	assert_int_equal(rate(f, outside, 4), MODEL_CLOSED);
	assert_string_equal(fx_state(f, outside), "completed");
	assert_int_equal(ratings(f, outside), 0);

	/* The housekeeping closes the one past its window, only that one. */
	assert_int_equal(rating_close_expired(f->db, WINDOW), 1);
	assert_string_equal(fx_state(f, outside), "unrated");
	assert_string_equal(fx_state(f, inside), "completed");
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1"
	    " AND to_state = 'unrated' AND actor = 'system' AND public = 1", outside), 1);
	assert_int_equal(rate(f, outside, 4), MODEL_CLOSED);
	assert_int_equal(rating_close_expired(f->db, WINDOW), 0);
	assert_int_equal(rate(f, inside, 4), MODEL_OK);
}

/* 不满意 and 非常不满意 open a follow-up with their level; 基本满意 does not. */
static void
test_poor_opens_followup(void **state)
{
	struct fx *f = *state;
	int64_t a = fx_completed(f, 60), b = fx_completed(f, 60), c = fx_completed(f, 60);

	assert_int_equal(rate(f, c, 3), MODEL_OK);
	assert_int_equal(followup_open_count(f->db), 0);
	assert_int_equal(rate(f, a, 2), MODEL_OK);
	assert_int_equal(followup_open_count(f->db), 1);
	assert_int_equal(rate(f, b, 1), MODEL_OK);
	assert_int_equal(followup_open_count(f->db), 2);
	assert_int_equal(fx_int(f->db, "SELECT level FROM followups WHERE order_id = ?1", a), 2);
	assert_int_equal(fx_int(f->db, "SELECT level FROM followups WHERE order_id = ?1", b), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM followups WHERE order_id = ?1", c), 0);
}

/* Closing a follow-up without reopening: the request stays rated; a
 * second close finds it gone. */
static void
test_followup_close(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_completed(f, 60);
	int gone;

	assert_int_equal(rate(f, id, 2), MODEL_OK);
	int64_t fu = fx_int(f->db, "SELECT id FROM followups WHERE order_id = ?1", id);
	assert_int_equal(followup_close(f->db, fu, f->staff, "已电话回访，群众表示理解", 0, &gone),
	    DB_OK);
	assert_int_equal(gone, 0);
	assert_int_equal(followup_open_count(f->db), 0);
	assert_string_equal(fx_state(f, id), "rated");
	int64_t events = fx_events(f, id);
	assert_int_equal(followup_close(f->db, fu, f->staff, "again", 1, &gone), DB_ERROR);
	assert_int_equal(gone, 1);
	assert_string_equal(fx_state(f, id), "rated");	/* the late reopen did nothing */
	assert_int_equal(fx_events(f, id), events);
}

/* Reopening after a poor rating: back to 待审核 with no team; the move is
 * on the public timeline but the 回访记录 is not; then it is served and
 * rated anew, the new rating replacing the old, and a poor one again opens
 * the follow-up again. */
static void
test_reopen(void **state)
{
	struct fx *f = *state;
	static const char note[] = "已电话回访王女士：宣讲员迟到，重新安排";
	char buf[1024] = "", text[128];
	struct rating r;
	int gone, found;
	int64_t id = fx_completed(f, 60), now;

	assert_int_equal(rate(f, id, 1), MODEL_OK);
	int64_t fu = fx_int(f->db, "SELECT id FROM followups WHERE order_id = ?1", id);
	assert_int_equal(followup_close(f->db, fu, f->staff, note, 1, &gone), DB_OK);
	assert_string_equal(fx_state(f, id), "submitted");
	assert_int_equal(fx_int(f->db, "SELECT coalesce(team_id, 0) + coalesce(completed_at, 0)"
	    " FROM orders WHERE id = ?1", id), 0);
	assert_string_equal(fx_text(f->db, text, "SELECT status FROM followups WHERE id = ?1", fu),
	    "reopened");
	assert_int_equal(fx_int(f->db, "SELECT public * 10 + note_public FROM order_events"
	    " WHERE order_id = ?1 ORDER BY id DESC LIMIT 1", id), 10);
	assert_int_equal(order_each_event(f->db, id, timeline_add, buf), MODEL_OK);
	assert_non_null(strstr(buf, "rated:;submitted:;"));
	assert_null(strstr(buf, "回访"));
	assert_int_equal(rate(f, id, 5), MODEL_NOT_READY);

	/* Served again and rated again. */
	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
	now = now_unix();
	struct served w = { f->v2, 30 };
	assert_int_equal(task_complete(f->db, f->v2, id, "补讲", now - 1800, now, &w, 1, NULL, 0, NULL), MODEL_OK);
	assert_int_equal(rating_open(f->db, id, WINDOW), 1);
	assert_int_equal(rating_submit(f->db, id, 2, "还是没讲明白", 0, "", "link", WINDOW),
	    MODEL_OK);
	assert_int_equal(rating_get(f->db, id, &r, &found), DB_OK);
	assert_int_equal(r.level, 2);
	assert_int_equal(ratings(f, id), 1);
	assert_string_equal(fx_text(f->db, text, "SELECT status FROM followups WHERE id = ?1", fu),
	    "open");
	assert_int_equal(fx_int(f->db, "SELECT level FROM followups WHERE id = ?1", fu), 2);
	assert_int_equal(followup_open_count(f->db), 1);
	assert_int_equal(rate(f, id, 5), MODEL_ALREADY);
}

/* Only the rated, unrated or completed request is reopened by a
 * follow-up; staff may also reopen an unrated one directly. */
static void
test_reopen_unrated(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_completed(f, 60);

	completed_ago(f, id, WINDOW * 86400 + 1);
	assert_int_equal(rating_close_expired(f->db, WINDOW), 1);
	assert_int_equal(fx_move(f, id, "submitted", NULL, 0, 0), MODEL_OK);
	assert_string_equal(fx_state(f, id), "submitted");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_only_completed),
		FX_TEST(test_rate_once),
		FX_TEST(test_window),
		FX_TEST(test_poor_opens_followup),
		FX_TEST(test_followup_close),
		FX_TEST(test_reopen),
		FX_TEST(test_reopen_unrated),
	};
	return fx_run("model: rating", tests);
}
