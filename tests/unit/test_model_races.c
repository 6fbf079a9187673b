/*
 * test_model_races.c: the races that matter, with two connections to the
 * same database file as two workers have them. Interleaved by hand in one
 * process (two db handles): a staff move on a version another worker has
 * moved past loses, an accept after another worker's accept finds it
 * taken, a worker waiting on another's write transaction gives up with
 * MODEL_BUSY and changes nothing. Then for real, in forked processes let
 * go at the same instant (each opening the database after fork, as
 * sidan's workers do): of two accepts of a task that wants one, exactly one
 * wins; of three for a task that wants two, exactly two; of two sign-ups
 * for an activity's last place, exactly one; of two dispatchers acting on
 * the same version, exactly one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/activity.h"

/* Two staff on two workers open the same request (same version); the one
 * who acts second loses and changes nothing. */
static void
test_stale_version_two_workers(void **state)
{
	struct fx *f = *state;
	struct db *other = fx_connect(f, FX_BUSY_MS);
	struct order_private seen1, seen2;
	int64_t id = fx_order(f);

	assert_int_equal(dispatch_private(f->db, id, &seen1), MODEL_OK);
	assert_int_equal(dispatch_private(other, id, &seen2), MODEL_OK);
	assert_int_equal(seen1.version, seen2.version);
	struct staff_move b = { .order_id = id, .version = seen2.version, .user_id = f->staff,
		.to = "dispatched", .team_id = f->team };
	assert_int_equal(dispatch_move(other, &b), MODEL_OK);
	struct staff_move a = { .order_id = id, .version = seen1.version, .user_id = f->staff,
		.to = "rejected", .reason = "重复申请" };
	assert_int_equal(dispatch_move(f->db, &a), MODEL_DUPLICATE);
	assert_string_equal(fx_state(f, id), "dispatched");
	assert_int_equal(fx_version(f, id), seen1.version + 1);
	assert_int_equal(fx_events(f, id), 2);
	char reason[64];
	assert_string_equal(fx_text(f->db, reason, "SELECT reason FROM orders WHERE id = ?1", id), "");
	db_close(other);
}

/* Two volunteers on two workers: the second accept finds it taken. */
static void
test_accept_two_workers(void **state)
{
	struct fx *f = *state;
	struct db *other = fx_connect(f, FX_BUSY_MS);
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	/* Both have the task on their list. */
	assert_int_equal(task_count_open(f->db, f->v1), 1);
	assert_int_equal(task_count_open(other, f->v2), 1);
	assert_int_equal(task_accept(other, f->v2, id), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_TAKEN);
	assert_int_equal(fx_int(f->db, "SELECT volunteer_id FROM order_volunteers"
	    " WHERE order_id = ?1 AND state = 'accepted'", id), f->v2);
	assert_int_equal(fx_events(f, id), 3);
	db_close(other);
}

/* While one worker holds the write lock, another's accept waits, then
 * gives up with MODEL_BUSY having changed nothing; once the lock is free
 * it goes through. */
static void
test_busy(void **state)
{
	struct fx *f = *state;
	struct db *holder = fx_connect(f, FX_BUSY_MS), *waiter = fx_connect(f, 50);
	int64_t id = fx_order(f);

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(db_tx_begin(holder), DB_OK);
	assert_int_equal(task_accept(waiter, f->v1, id), MODEL_BUSY);
	db_tx_rollback(holder);
	assert_string_equal(fx_state(f, id), "dispatched");
	assert_int_equal(fx_events(f, id), 2);
	assert_int_equal(task_accept(waiter, f->v1, id), MODEL_OK);
	db_close(holder);
	db_close(waiter);
}

/* The volunteers racing: worker i is volunteer vids[i]. */
struct accept_race {
	int64_t	order_id;
	int64_t	vids[3];
};

static enum model_err
do_accept(struct db *db, void *arg, int who)
{
	struct accept_race *r = arg;

	return task_accept(db, r->vids[who], r->order_id);
}

/* Two volunteers tap 接单 at the same instant: one wins, one is told it is
 * taken, one volunteer serves, one accept is on the timeline. */
static void
test_accept_race(void **state)
{
	struct fx *f = *state;
	int out[2];

	for (int round = 0; round < FX_ROUNDS; round++) {
		struct accept_race r = { .order_id = fx_order(f), .vids = { f->v1, f->v2 } };
		assert_int_equal(fx_move(f, r.order_id, "dispatched", NULL, f->team, 0), MODEL_OK);
		fx_race(f, 2, do_accept, &r, out);
		if (fx_count(out, 2, MODEL_OK) != 1 || fx_count(out, 2, MODEL_TAKEN) != 1)
			fail_msg("round %d: accepts answered %d and %d", round, out[0], out[1]);
		assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_volunteers"
		    " WHERE order_id = ?1 AND state = 'accepted'", r.order_id), 1);
		assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_events"
		    " WHERE order_id = ?1 AND to_state = 'accepted'", r.order_id), 1);
		assert_string_equal(fx_state(f, r.order_id), "accepted");
	}
}

/* Three volunteers for two places (抢单 in 神头镇): exactly two win. */
static void
test_accept_race_two_wanted(void **state)
{
	struct fx *f = *state;
	int out[3];
	char sql[96];

	for (int round = 0; round < FX_ROUNDS; round++) {
		struct accept_race r = { .order_id = fx_order(f),
			.vids = { f->v1, f->v2, f->v_area } };
		snprintf(sql, sizeof(sql), "UPDATE orders SET wanted = 2 WHERE id = %lld",
		    (long long)r.order_id);
		fx_exec(f->db, sql);
		assert_int_equal(fx_move(f, r.order_id, "published", NULL, 0, f->shentou), MODEL_OK);
		fx_race(f, 3, do_accept, &r, out);
		if (fx_count(out, 3, MODEL_OK) != 2 || fx_count(out, 3, MODEL_TAKEN) != 1)
			fail_msg("round %d: accepts answered %d, %d and %d", round, out[0], out[1],
			    out[2]);
		assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_volunteers"
		    " WHERE order_id = ?1 AND state = 'accepted'", r.order_id), 2);
	}
}

/* The volunteers racing for an activity's last place. */
struct signup_race {
	int64_t	activity_id, now;
	int64_t	vids[2];
};

static enum model_err
do_signup(struct db *db, void *arg, int who)
{
	struct signup_race *r = arg;

	return activity_signup(db, r->activity_id, r->vids[who], r->now);
}

/* One place left, two sign-ups at the same instant: one gets it, the
 * other is told there is none; never more signed up than places. */
static void
test_signup_race(void **state)
{
	struct fx *f = *state;
	int out[2];

	for (int round = 0; round < FX_ROUNDS; round++) {
		int64_t now = now_unix(), id = 0;
		struct activity_new n = {
			.title = "元宵灯谜会", .place = "马邑村文化广场", .summary = "",
			.platform_id = f->platform, .org_id = f->mayi,
			.starts_at = now + 86400, .ends_at = now + 86400 + 7200, .capacity = 2,
			.open_to = "all", .created_by = f->staff,
		};
		assert_int_equal(activity_create(f->db, &n, &id), MODEL_OK);
		assert_int_equal(activity_signup(f->db, id, f->v3, now), MODEL_OK);
		struct signup_race r = { .activity_id = id, .now = now, .vids = { f->v1, f->v2 } };
		fx_race(f, 2, do_signup, &r, out);
		if (fx_count(out, 2, MODEL_OK) != 1 || fx_count(out, 2, MODEL_NO_PLACE) != 1)
			fail_msg("round %d: sign-ups answered %d and %d", round, out[0], out[1]);
		assert_int_equal(fx_int(f->db, "SELECT count(*) FROM activity_signups"
		    " WHERE activity_id = ?1 AND state = 'signed'", id), 2);
	}
}

/* Two dispatchers press at once on the same version. */
struct move_race {
	struct staff_move m[2];
};

static enum model_err
do_move(struct db *db, void *arg, int who)
{
	struct move_race *r = arg;

	return dispatch_move(db, &r->m[who]);
}

/* One dispatches, the other rejects, both on the version they saw: one
 * wins, the other is MODEL_DUPLICATE; one move, one event. */
static void
test_dispatch_race(void **state)
{
	struct fx *f = *state;
	int out[2];

	for (int round = 0; round < FX_ROUNDS; round++) {
		int64_t id = fx_order(f);
		int v = fx_version(f, id);
		struct move_race r = { .m = {
			{ .order_id = id, .version = v, .user_id = f->staff, .to = "dispatched",
			  .team_id = f->team },
			{ .order_id = id, .version = v, .user_id = f->staff, .to = "rejected",
			  .reason = "重复申请" },
		} };
		fx_race(f, 2, do_move, &r, out);
		if (fx_count(out, 2, MODEL_OK) != 1 || fx_count(out, 2, MODEL_DUPLICATE) != 1)
			fail_msg("round %d: moves answered %d and %d", round, out[0], out[1]);
		assert_string_equal(fx_state(f, id), out[0] == MODEL_OK ? "dispatched" : "rejected");
		assert_int_equal(fx_version(f, id), v + 1);
		assert_int_equal(fx_events(f, id), 2);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_stale_version_two_workers),
		FX_TEST(test_accept_two_workers),
		FX_TEST(test_busy),
		FX_TEST(test_accept_race),
		FX_TEST(test_accept_race_two_wanted),
		FX_TEST(test_signup_race),
		FX_TEST(test_dispatch_race),
	};
	return fx_run("model: races", tests);
}
