/*
 * test_model_tasks.c: 志愿者接单 against a real database (model/task.c):
 * who may accept (a member of the team it was dispatched to; a volunteer
 * of the area for 抢单), one accept winning where one is wanted and two
 * where two are, giving it back to the pool it came from, completion
 * recording hours for those on the task only, and the resident's contact
 * details shown to the volunteer only while serving.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/task.h"

/* How many volunteers serve the order now. */
static int64_t
serving(struct fx *f, int64_t id)
{
	return fx_int(f->db, "SELECT count(*) FROM order_volunteers WHERE order_id = ?1"
	    " AND state = 'accepted'", id);
}

/* Sets how many volunteers the order wants (the dispatcher's choice; no
 * model call sets it yet). */
static void
want(struct fx *f, int64_t id, int n)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "UPDATE orders SET wanted = %d WHERE id = %lld", n, (long long)id);
	fx_exec(f->db, sql);
}

/* Counts the tasks task_each lists for vid. */
static void
count_task(void *arg, const struct task *t)
{
	(void)t;
	(*(int *)arg)++;
}

/* Returns how many tasks task_each lists for vid; checks that the count of
 * open tasks it brings along is task_count_open's (-1 with an empty list). */
static int
listed(struct fx *f, int64_t vid)
{
	int n = 0, more, open;

	assert_int_equal(task_each(f->db, vid, 0, 50, &more, &open, count_task, &n), MODEL_OK);
	assert_int_equal(open, n ? task_count_open(f->db, vid) : -1);
	return n;
}

/* Dispatched to a team: its members may take it, nobody else; the first
 * accept wins, the next is MODEL_TAKEN; a second tap is harmless. */
static void
test_accept_team(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(listed(f, f->v1), 1);
	assert_int_equal(listed(f, f->v_area), 0);
	assert_int_equal(task_count_open(f->db, f->v2), 1);
	/* Not a member: not theirs to see or take, though they live there. */
	assert_int_equal(task_accept(f->db, f->v_area, id), MODEL_NOT_FOUND);
	assert_int_equal(task_accept(f->db, f->v_far, id), MODEL_NOT_FOUND);
	assert_string_equal(fx_state(f, id), "dispatched");
	int version = fx_version(f, id);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_string_equal(fx_state(f, id), "accepted");
	assert_int_equal(fx_version(f, id), version + 1);
	assert_int_equal(fx_int(f->db, "SELECT actor_id FROM order_events WHERE order_id = ?1"
	    " AND to_state = 'accepted'", id), f->v1);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_TAKEN);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);	/* a second tap */
	assert_int_equal(serving(f, id), 1);
	assert_int_equal(fx_events(f, id), 3);
	/* Taken: no longer open to v2, still listed for v1 as theirs. */
	assert_int_equal(task_count_open(f->db, f->v2), 0);
	assert_int_equal(listed(f, f->v2), 0);
	assert_int_equal(listed(f, f->v1), 1);
}

/* Published for 抢单: volunteers of the area (their 站 or its 所) may take
 * it, member of a team or not; those of another 所 may not. */
static void
test_accept_area(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f), far = fx_order(f), all = fx_order(f);

	assert_int_equal(fx_move(f, id, "published", NULL, 0, f->shentou), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v_far, id), MODEL_NOT_FOUND);
	assert_int_equal(task_accept(f->db, f->v_area, id), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_TAKEN);
	/* Published for 北城街道: not for 马邑村's volunteers. */
	assert_int_equal(fx_move(f, far, "published", NULL, 0, f->beicheng), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v_area, far), MODEL_NOT_FOUND);
	assert_int_equal(task_accept(f->db, f->v_far, far), MODEL_OK);
	/* Published for the whole district: anyone. */
	assert_int_equal(fx_move(f, all, "published", NULL, 0, f->center), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v_far, all), MODEL_OK);
}

/* Two wanted: two accepts win, the third is MODEL_TAKEN; the task stays
 * open to others until both places are taken. */
static void
test_two_wanted(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	want(f, id, 2);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_string_equal(fx_state(f, id), "accepted");
	assert_int_equal(task_count_open(f->db, f->v3), 1);
	/* v1 serves it and sees it, but it is not open to v1 any more; v3
	 * sees it open (listed checks task_each's count against both). */
	assert_int_equal(listed(f, f->v1), 1);
	assert_int_equal(task_count_open(f->db, f->v1), 0);
	assert_int_equal(listed(f, f->v3), 1);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
	assert_int_equal(task_count_open(f->db, f->v3), 0);
	assert_int_equal(task_accept(f->db, f->v3, id), MODEL_TAKEN);
	assert_int_equal(serving(f, id), 2);
	assert_string_equal(fx_state(f, id), "accepted");
}

/* Giving back: the volunteer's place is freed, the request returns to the
 * pool it came from (its team, or 抢单), and the reason stays with staff. */
static void
test_give_back(void **state)
{
	struct fx *f = *state;
	struct task_contact c;
	int64_t team = fx_order(f), pool = fx_order(f);

	assert_int_equal(fx_move(f, team, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_give_back(f->db, f->v1, team, "临时有事"), MODEL_NOT_MINE);
	assert_int_equal(task_accept(f->db, f->v1, team), MODEL_OK);
	assert_int_equal(task_give_back(f->db, f->v2, team, "不是我的"), MODEL_NOT_MINE);
	assert_int_equal(task_give_back(f->db, f->v1, team, "临时有事去不了"), MODEL_OK);
	assert_string_equal(fx_state(f, team), "dispatched");
	assert_int_equal(fx_int(f->db, "SELECT team_id FROM orders WHERE id = ?1", team), f->team);
	assert_int_equal(serving(f, team), 0);
	assert_int_equal(task_contact(f->db, f->v1, team, &c), MODEL_NOT_MINE);
	assert_int_equal(fx_int(f->db, "SELECT public * 10 + note_public FROM order_events"
	    " WHERE order_id = ?1 ORDER BY id DESC LIMIT 1", team), 0);
	/* Open again: someone else takes it, and so may the first again. */
	assert_int_equal(task_accept(f->db, f->v2, team), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, team), MODEL_TAKEN);

	assert_int_equal(fx_move(f, pool, "published", NULL, 0, f->shentou), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v_area, pool), MODEL_OK);
	assert_int_equal(task_give_back(f->db, f->v_area, pool, "身体不适"), MODEL_OK);
	assert_string_equal(fx_state(f, pool), "published");
	assert_int_equal(fx_int(f->db, "SELECT area_id FROM orders WHERE id = ?1", pool), f->shentou);
	assert_int_equal(task_accept(f->db, f->v_area, pool), MODEL_OK);	/* back again */
	assert_int_equal(serving(f, pool), 1);
}

/* With two serving, one giving back leaves the other on it: it stays
 * accepted, with a place open again. */
static void
test_give_back_one_of_two(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	want(f, id, 2);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
	assert_int_equal(task_give_back(f->db, f->v2, id, "临时加班"), MODEL_OK);
	assert_string_equal(fx_state(f, id), "accepted");
	assert_int_equal(serving(f, id), 1);
	assert_int_equal(task_accept(f->db, f->v3, id), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_TAKEN);
}

/* Completion records each named volunteer's minutes, pending the
 * organiser's confirmation; naming someone not on the task refuses the
 * whole report (no hours, still accepted). */
static void
test_complete(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f), now = now_unix();

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	want(f, id, 2);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
	struct served bad[] = { { f->v1, 60 }, { f->v3, 60 } };
	assert_int_equal(task_complete(f->db, f->v1, id, "宣讲医保政策", now - 3600, now, bad, 2, NULL, 0, NULL),
	    MODEL_BAD_VOLUNTEER);
	assert_string_equal(fx_state(f, id), "accepted");
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hours WHERE order_id = ?1", id), 0);
	/* Someone not serving may not report it. */
	struct served ok[] = { { f->v1, 60 }, { f->v2, 45 } };
	assert_int_equal(task_complete(f->db, f->v3, id, "宣讲", now - 3600, now, ok, 2, NULL, 0, NULL),
	    MODEL_NOT_MINE);
	assert_int_equal(task_complete(f->db, f->v2, id, "宣讲医保政策", now - 3600, now, ok, 2, NULL, 0, NULL),
	    MODEL_OK);
	assert_string_equal(fx_state(f, id), "completed");
	assert_true(fx_int(f->db, "SELECT completed_at FROM orders WHERE id = ?1", id) >= now);
	assert_int_equal(fx_int(f->db, "SELECT minutes FROM hours WHERE order_id = ?1"
	    " AND volunteer_id = ?2 AND status = 'pending'", id, f->v1), 60);
	assert_int_equal(fx_int(f->db, "SELECT minutes FROM hours WHERE order_id = ?1"
	    " AND volunteer_id = ?2 AND status = 'pending'", id, f->v2), 45);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hours WHERE order_id = ?1", id), 2);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_volunteers WHERE order_id = ?1"
	    " AND state = 'served'", id), 2);
	/* Done: nothing more to report, nothing to give back or take. */
	assert_int_equal(task_complete(f->db, f->v1, id, "again", now - 60, now, ok, 1, NULL, 0, NULL),
	    MODEL_NOT_MINE);
	assert_int_equal(task_give_back(f->db, f->v1, id, "x"), MODEL_NOT_MINE);
	assert_int_equal(task_accept(f->db, f->v3, id), MODEL_BAD_STATE);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hours WHERE order_id = ?1", id), 2);
}

/* A volunteer who gave the task back is no longer on it: a report naming
 * them is refused. */
static void
test_complete_names_returned(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f), now = now_unix();

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	want(f, id, 2);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
	assert_int_equal(task_give_back(f->db, f->v2, id, "有事"), MODEL_OK);
	struct served w[] = { { f->v1, 30 }, { f->v2, 30 } };
	assert_int_equal(task_complete(f->db, f->v1, id, "宣讲", now - 1800, now, w, 2, NULL, 0, NULL),
	    MODEL_BAD_VOLUNTEER);
	assert_int_equal(task_complete(f->db, f->v1, id, "宣讲", now - 1800, now, w, 1, NULL, 0, NULL), MODEL_OK);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hours WHERE volunteer_id = ?1", f->v2), 0);
}

/* The resident's name, phone and address: for the volunteer serving it,
 * only while serving. */
static void
test_contact(void **state)
{
	struct fx *f = *state;
	struct task_contact c;
	int64_t id = fx_order(f), now = now_unix();

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_contact(f->db, f->v1, id, &c), MODEL_NOT_MINE);	/* not yet taken */
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(task_contact(f->db, f->v1, id, &c), MODEL_OK);
	assert_string_equal(c.name, "王女士");
	assert_string_equal(c.phone, "13800138000");
	assert_string_equal(c.address, "马邑村村委会东100米");
	assert_int_equal(task_contact(f->db, f->v2, id, &c), MODEL_NOT_MINE);	/* same team */
	struct served w = { f->v1, 60 };
	assert_int_equal(task_complete(f->db, f->v1, id, "宣讲", now - 3600, now, &w, 1, NULL, 0, NULL), MODEL_OK);
	assert_int_equal(task_contact(f->db, f->v1, id, &c), MODEL_NOT_MINE);	/* done */
}

/* Staff cancel an accepted request: the volunteer is released and no
 * longer sees the resident. */
static void
test_cancel_accepted(void **state)
{
	struct fx *f = *state;
	struct task_contact c;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(fx_move(f, id, "cancelled", "群众已自行解决", 0, 0), MODEL_OK);
	assert_int_equal(serving(f, id), 0);
	assert_int_equal(task_contact(f->db, f->v1, id, &c), MODEL_NOT_MINE);
	assert_int_equal(task_give_back(f->db, f->v1, id, "x"), MODEL_NOT_MINE);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_BAD_STATE);
}

/* Before dispatch, and after a rejection, nobody can take it. */
/* A team member who is not (or no longer) approved may not take a task,
 * whatever their session says. */
static void
test_accept_not_approved(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	fx_exec(f->db, "UPDATE volunteers SET status = 'disabled' WHERE phone = '13900000101'");
	assert_int_not_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_string_equal(fx_state(f, id), "dispatched");
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
}

static void
test_accept_wrong_state(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);

	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_NOT_FOUND);
	assert_int_equal(fx_move(f, id, "rejected", "重复申请", 0, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_NOT_FOUND);
	assert_int_equal(serving(f, id), 0);
	assert_string_equal(fx_state(f, id), "rejected");
}

/* A page of the list further on still brings the count of all the tasks
 * open to the volunteer (the nav's number), their own not among them; past
 * the end it brings none (-1). */
static void
test_list_pages_count_all(void **state)
{
	struct fx *f = *state;
	int64_t ids[4];
	int n = 0, more = 0, open = 0;

	for (int i = 0; i < 4; i++) {
		ids[i] = fx_order(f);
		assert_int_equal(fx_move(f, ids[i], "dispatched", NULL, f->team, 0), MODEL_OK);
	}
	assert_int_equal(task_accept(f->db, f->v1, ids[0]), MODEL_OK);
	assert_int_equal(task_count_open(f->db, f->v1), 3);
	assert_int_equal(task_each(f->db, f->v1, 2, 1, &more, &open, count_task, &n), MODEL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(more, 1);
	assert_int_equal(open, 3);
	n = 0;
	assert_int_equal(task_each(f->db, f->v1, 0, 1, &more, &open, count_task, &n), MODEL_OK);
	assert_int_equal(n, 1);		/* their own first */
	assert_int_equal(open, 3);
	n = 0;
	assert_int_equal(task_each(f->db, f->v1, 4, 1, &more, &open, count_task, &n), MODEL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(more, 0);
	assert_int_equal(open, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_accept_team),
		FX_TEST(test_accept_area),
		FX_TEST(test_two_wanted),
		FX_TEST(test_give_back),
		FX_TEST(test_give_back_one_of_two),
		FX_TEST(test_complete),
		FX_TEST(test_complete_names_returned),
		FX_TEST(test_contact),
		FX_TEST(test_cancel_accepted),
		FX_TEST(test_accept_wrong_state),
		FX_TEST(test_accept_not_approved),
		FX_TEST(test_list_pages_count_all),
	};
	return fx_run("model: tasks", tests);
}
