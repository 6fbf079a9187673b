/*
 * test_model_hours.c: the record of service against a real database
 * (model/hours.c): hours a completion made wait for the organiser, who
 * confirms them once (谁组织谁记录); a correction confirms them too and
 * keeps the old figure with its reason; only the organiser's scope sees a
 * record; a volunteer's totals count confirmed minutes only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/hours.h"

/* The id of v1's record for order id. */
static int64_t
record_of(struct fx *f, int64_t id)
{
	return fx_int(f->db, "SELECT id FROM hours WHERE order_id = ?1 AND volunteer_id = ?2",
	    id, f->v1);
}

/* What hours_each_of reports of one record. */
struct seen {
	int	n, minutes, corrected;
	char	status[12];
};

static void
seen_add(void *arg, const struct hour *h)
{
	struct seen *s = arg;

	s->n++;
	s->minutes = h->minutes;
	s->corrected = h->corrected;
	snprintf(s->status, sizeof(s->status), "%s", h->status);
}

/* Confirmed once, by whom and when; a second confirmation finds it gone
 * and changes nothing. */
static void
test_confirm_once(void **state)
{
	struct fx *f = *state;
	struct place_scope all = { 0, 0, 0 };
	int64_t confirmed, pending, h;
	int gone;

	h = record_of(f, fx_completed(f, 60));
	assert_true(h > 0);
	assert_int_equal(hours_count_pending(f->db, &all), 1);
	assert_int_equal(hours_totals(f->db, f->v1, &confirmed, &pending, NULL, NULL), DB_OK);
	assert_int_equal(confirmed, 0);
	assert_int_equal(pending, 60);
	assert_int_equal(hours_confirm(f->db, h, f->staff, &gone), DB_OK);
	assert_int_equal(gone, 0);
	assert_int_equal(fx_int(f->db, "SELECT confirmed_by FROM hours WHERE id = ?1", h), f->staff);
	int64_t at = fx_int(f->db, "SELECT confirmed_at FROM hours WHERE id = ?1", h);
	assert_true(at > 0);
	assert_int_equal(hours_count_pending(f->db, &all), 0);
	assert_int_equal(hours_totals(f->db, f->v1, &confirmed, &pending, NULL, NULL), DB_OK);
	assert_int_equal(confirmed, 60);
	assert_int_equal(pending, 0);

	fx_exec(f->db, "UPDATE hours SET confirmed_at = confirmed_at - 100");
	assert_int_equal(hours_confirm(f->db, h, f->staff + 1000, &gone), DB_ERROR);
	assert_int_equal(gone, 1);
	assert_int_equal(fx_int(f->db, "SELECT confirmed_by FROM hours WHERE id = ?1", h), f->staff);
	assert_int_equal(fx_int(f->db, "SELECT confirmed_at FROM hours WHERE id = ?1", h), at - 100);
	/* No such record: gone as well. */
	assert_int_equal(hours_confirm(f->db, h + 1000, f->staff, &gone), DB_ERROR);
	assert_int_equal(gone, 1);
}

/* A correction sets the new figure and confirms it, and the old figure
 * stays on record with the reason; each further correction adds a row. */
static void
test_correct_keeps_old(void **state)
{
	struct fx *f = *state;
	struct seen s = { 0 };
	char reason[128];
	int64_t confirmed, pending, h = record_of(f, fx_completed(f, 60));

	assert_int_equal(hours_correct(f->db, h, f->staff, 45, "实际服务45分钟，按签到表更正"), DB_OK);
	assert_int_equal(fx_int(f->db, "SELECT minutes FROM hours WHERE id = ?1", h), 45);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hour_changes WHERE hour_id = ?1", h), 1);
	assert_int_equal(fx_int(f->db, "SELECT old_minutes * 10000 + new_minutes FROM hour_changes"
	    " WHERE hour_id = ?1", h), 60 * 10000 + 45);
	assert_int_equal(fx_int(f->db, "SELECT user_id FROM hour_changes WHERE hour_id = ?1", h),
	    f->staff);
	assert_string_equal(fx_text(f->db, reason, "SELECT reason FROM hour_changes"
	    " WHERE hour_id = ?1", h), "实际服务45分钟，按签到表更正");
	assert_int_equal(hours_each_of(f->db, f->v1, seen_add, &s), DB_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.minutes, 45);
	assert_int_equal(s.corrected, 1);
	assert_string_equal(s.status, "confirmed");

	/* Corrected again on request: both changes kept, in order. */
	assert_int_equal(hours_correct(f->db, h, f->staff, 50, "志愿者申请更正"), DB_OK);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hour_changes WHERE hour_id = ?1", h), 2);
	assert_int_equal(fx_int(f->db, "SELECT old_minutes * 10000 + new_minutes FROM hour_changes"
	    " WHERE hour_id = ?1 ORDER BY id DESC LIMIT 1", h), 45 * 10000 + 50);
	assert_int_equal(hours_totals(f->db, f->v1, &confirmed, &pending, NULL, NULL), DB_OK);
	assert_int_equal(confirmed, 50);
	/* No such record: nothing written. */
	assert_int_equal(hours_correct(f->db, h + 1000, f->staff, 10, "x"), DB_ERROR);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hour_changes WHERE ?1", 1), 2);
}

/* A record is in the scope of whoever organised the work: the team it was
 * dispatched to, the 所 and 站 of its place; not another team's or 所's. */
static void
test_scope(void **state)
{
	struct fx *f = *state;
	int64_t h = record_of(f, fx_completed(f, 60));
	struct place_scope team = { .team_id = f->team }, far = { .team_id = f->team_far };
	struct place_scope suo = { .institute_id = f->shentou };
	struct place_scope other = { .institute_id = f->beicheng };
	struct place_scope zhan = { .station_id = f->mayi };

	assert_int_equal(hours_in_scope(f->db, &team, h), 1);
	assert_int_equal(hours_in_scope(f->db, &suo, h), 1);
	assert_int_equal(hours_in_scope(f->db, &zhan, h), 1);
	assert_int_equal(hours_in_scope(f->db, &far, h), 0);
	assert_int_equal(hours_in_scope(f->db, &other, h), 0);
	assert_int_equal(hours_count_pending(f->db, &team), 1);
	assert_int_equal(hours_count_pending(f->db, &far), 0);
	assert_int_equal(hours_count_pending(f->db, &other), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_confirm_once),
		FX_TEST(test_correct_keeps_old),
		FX_TEST(test_scope),
	};
	return fx_run("model: hours", tests);
}
