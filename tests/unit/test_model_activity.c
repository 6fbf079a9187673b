/*
 * test_model_activity.c: signing up for activities against a real database
 * (model/activity_write.c): never past capacity (by sign-up or by walking
 * in and signing in), already signed up, withdrawing and signing up again,
 * closed once it starts or when cancelled, and open only to those it is
 * open to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/activity.h"

#define HOUR	3600

/* An activity at 马邑村 starting in two days, for two hours. */
static int64_t
activity(struct fx *f, int capacity, const char *open_to, int64_t team, int64_t *starts)
{
	int64_t id = 0;
	struct activity_new n = {
		.title = "学雷锋 村容整治", .place = "马邑村文化广场", .summary = "清理村道垃圾",
		.platform_id = f->platform, .org_id = f->mayi,
		.starts_at = now_unix() + 48 * HOUR, .capacity = capacity,
		.open_to = open_to, .team_id = team, .created_by = f->staff,
	};

	n.ends_at = n.starts_at + 2 * HOUR;
	*starts = n.starts_at;
	assert_int_equal(activity_create(f->db, &n, &id), MODEL_OK);
	return id;
}

/* Volunteers signed up now (withdrawn not counted). */
static int64_t
signed_up(struct fx *f, int64_t id)
{
	return fx_int(f->db, "SELECT count(*) FROM activity_signups WHERE activity_id = ?1"
	    " AND state = 'signed'", id);
}

/* Two places: the third is MODEL_NO_PLACE until someone withdraws; a
 * second sign-up is MODEL_ALREADY; the page's check answers the same. */
static void
test_capacity(void **state)
{
	struct fx *f = *state;
	int64_t starts, id = activity(f, 2, "all", 0, &starts), now = now_unix();

	assert_int_equal(activity_can_join(f->db, id, f->v1, now), MODEL_OK);
	assert_int_equal(activity_signup(f->db, id, f->v1, now), MODEL_OK);
	assert_int_equal(activity_signup(f->db, id, f->v1, now), MODEL_ALREADY);
	assert_int_equal(activity_can_join(f->db, id, f->v1, now), MODEL_ALREADY);
	assert_int_equal(activity_signup(f->db, id, f->v2, now), MODEL_OK);
	assert_int_equal(activity_can_join(f->db, id, f->v3, now), MODEL_NO_PLACE);
	assert_int_equal(activity_signup(f->db, id, f->v3, now), MODEL_NO_PLACE);
	assert_int_equal(activity_signup(f->db, id, f->v_far, now), MODEL_NO_PLACE);
	assert_int_equal(signed_up(f, id), 2);
	assert_int_equal(activity_withdraw(f->db, id, f->v1, now), MODEL_OK);
	assert_int_equal(signed_up(f, id), 1);
	assert_int_equal(activity_signup(f->db, id, f->v3, now), MODEL_OK);
	assert_int_equal(activity_signup(f->db, id, f->v1, now), MODEL_NO_PLACE);
	assert_int_equal(signed_up(f, id), 2);
}

/* Withdrawing: only a sign-up that exists, once; then one may sign up
 * again (the same row, signed again). */
static void
test_withdraw(void **state)
{
	struct fx *f = *state;
	int64_t starts, id = activity(f, 5, "all", 0, &starts), now = now_unix();
	char st[16];

	assert_int_equal(activity_withdraw(f->db, id, f->v1, now), MODEL_NOT_SIGNED);
	assert_int_equal(activity_signup(f->db, id, f->v1, now), MODEL_OK);
	assert_int_equal(activity_withdraw(f->db, id, f->v1, now), MODEL_OK);
	assert_string_equal(fx_text(f->db, st, "SELECT state FROM activity_signups"
	    " WHERE activity_id = ?1 AND volunteer_id = ?2", id, f->v1), "withdrawn");
	assert_int_equal(activity_withdraw(f->db, id, f->v1, now), MODEL_NOT_SIGNED);
	assert_int_equal(activity_signup(f->db, id, f->v1, now), MODEL_OK);
	assert_int_equal(signed_up(f, id), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM activity_signups"
	    " WHERE activity_id = ?1", id), 1);
	assert_int_equal(activity_withdraw(f->db, id + 1000, f->v1, now), MODEL_NOT_FOUND);
}

/* Once it starts: no sign-up, no withdrawal; a second before, both work.
 * A cancelled activity takes nobody. */
static void
test_closed(void **state)
{
	struct fx *f = *state;
	int64_t starts, id = activity(f, 5, "all", 0, &starts);

	assert_int_equal(activity_signup(f->db, id, f->v1, starts - 1), MODEL_OK);
	assert_int_equal(activity_signup(f->db, id, f->v2, starts), MODEL_CLOSED);
	assert_int_equal(activity_can_join(f->db, id, f->v2, starts + HOUR), MODEL_CLOSED);
	assert_int_equal(activity_withdraw(f->db, id, f->v1, starts), MODEL_CLOSED);
	assert_int_equal(signed_up(f, id), 1);
	assert_int_equal(activity_withdraw(f->db, id, f->v1, starts - 1), MODEL_OK);

	int64_t other = activity(f, 5, "all", 0, &starts), now = now_unix();
	assert_int_equal(activity_cancel(f->db, other), MODEL_OK);
	assert_int_equal(activity_signup(f->db, other, f->v1, now), MODEL_CLOSED);
	assert_int_equal(activity_cancel(f->db, other), MODEL_CLOSED);
	assert_int_equal(signed_up(f, other), 0);
}

/* Open to the area: those living in 马邑村 (or its 所), not 北城街道's.
 * Open to a team: its members only. Not approved: not found. */
static void
test_open_to(void **state)
{
	struct fx *f = *state;
	int64_t starts, now = now_unix();
	int64_t area = activity(f, 5, "area", 0, &starts), team = activity(f, 5, "team", f->team, &starts);

	assert_int_equal(activity_signup(f->db, area, f->v_far, now), MODEL_NOT_OPEN_TO);
	assert_int_equal(activity_signup(f->db, area, f->v_area, now), MODEL_OK);
	assert_int_equal(activity_signup(f->db, team, f->v_area, now), MODEL_NOT_OPEN_TO);
	assert_int_equal(activity_signup(f->db, team, f->v1, now), MODEL_OK);

	struct volunteer_apply a = { .name = "待审核者", .phone = "13900000199",
		.pwhash = FX_PWHASH, .org_id = f->mayi };
	int64_t pending = 0;
	assert_int_equal(volunteer_apply(f->db, &a, &pending), MODEL_OK);
	assert_int_equal(activity_signup(f->db, area, pending, now), MODEL_NOT_FOUND);
	assert_int_equal(signed_up(f, area) + signed_up(f, team), 2);
}

/* Walking in and signing in takes a free place, never one past capacity. */
static void
test_walk_in(void **state)
{
	struct fx *f = *state;
	int64_t starts, id = activity(f, 1, "all", 0, &starts), at;

	assert_int_equal(activity_check(f->db, id, f->v1, CHECK_IN, starts - 60, &at), MODEL_OK);
	assert_int_equal(at, starts - 60);
	assert_int_equal(signed_up(f, id), 1);
	assert_int_equal(activity_check(f->db, id, f->v2, CHECK_IN, starts, &at), MODEL_NO_PLACE);
	assert_int_equal(signed_up(f, id), 1);
	assert_int_equal(activity_check(f->db, id, f->v1, CHECK_IN, starts + 60, &at), MODEL_ALREADY);
	assert_int_equal(at, starts - 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_capacity),
		FX_TEST(test_withdraw),
		FX_TEST(test_closed),
		FX_TEST(test_open_to),
		FX_TEST(test_walk_in),
	};
	return fx_run("model: activity sign-up", tests);
}
