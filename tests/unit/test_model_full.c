/*
 * test_model_full.c: a full disk against a real database. The process's
 * file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored) is set to the WAL's
 * present size, so the next commit cannot write: the store's write error,
 * which db_err_of reads as a full disk. Each write of the model must then
 * answer MODEL_FULL (503: nothing was saved), leave the database as it was,
 * and work again once there is room, on the same connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/resource.h>

#include "model_fixture.h"
#include "model/rating.h"
#include "model/activity.h"

/* From now on no file of this process may grow past the WAL's size. */
static void
disk_full(struct fx *f)
{
	struct rlimit rl = { 0, RLIM_INFINITY };
	struct stat sb;
	char wal[128];

	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
	rl.rlim_cur = (rlim_t)sb.st_size;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

/* Room again. */
static void
disk_freed(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
	signal(SIGXFSZ, SIG_DFL);
}

/* A dispatch that cannot be written: MODEL_FULL, the request as it was,
 * no event, no message; then it goes through. */
static void
test_dispatch_full(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);
	int version = fx_version(f, id);
	struct staff_move m = { .order_id = id, .version = version, .user_id = f->staff,
		.to = "dispatched", .team_id = f->team };
	int64_t jobs = fx_int(f->db, "SELECT count(*) FROM message_jobs WHERE ?1", 1);
	enum model_err e;

	disk_full(f);
	e = dispatch_move(f->db, &m);
	disk_freed();
	assert_int_equal(e, MODEL_FULL);
	assert_int_equal(model_status(e), 503);
	assert_string_equal(fx_state(f, id), "submitted");
	assert_int_equal(fx_version(f, id), version);
	assert_int_equal(fx_events(f, id), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM message_jobs WHERE ?1", 1), jobs);
	assert_int_equal(dispatch_move(f->db, &m), MODEL_OK);
	assert_string_equal(fx_state(f, id), "dispatched");
}

/* An accept that cannot be written: MODEL_FULL and nobody serves it; the
 * place is still free afterwards. */
static void
test_accept_full(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f);
	enum model_err e;

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	disk_full(f);
	e = task_accept(f->db, f->v1, id);
	disk_freed();
	assert_int_equal(e, MODEL_FULL);
	assert_string_equal(fx_state(f, id), "dispatched");
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM order_volunteers WHERE order_id = ?1",
	    id), 0);
	assert_int_equal(task_accept(f->db, f->v2, id), MODEL_OK);
}

/* A new request that cannot be written: MODEL_FULL and no request. */
static void
test_order_full(void **state)
{
	struct fx *f = *state;
	struct order_new o = {
		.service_id = f->service, .org_id = f->mayi, .need = "讲讲政策",
		.contact_name = "李先生", .contact_phone = "13800138001", .channel = "phone",
		.staff_id = f->staff,
	};
	struct order_limits lim = { 0, 0 };
	char code[CODE_LEN + 1];
	enum model_err e;

	fx_order(f);	/* the WAL exists */
	disk_full(f);
	e = order_create(f->db, &o, &lim, code, NULL, 0, NULL);
	disk_freed();
	assert_int_equal(e, MODEL_FULL);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders WHERE ?1", 1), 1);
	assert_int_equal(order_create(f->db, &o, &lim, code, NULL, 0, NULL), MODEL_OK);
}

/* A sign-up that cannot be written: MODEL_FULL and the place still free. */
static void
test_signup_full(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix(), id = 0;
	struct activity_new n = {
		.title = "清明祭英烈", .place = "", .summary = "", .platform_id = f->platform,
		.org_id = f->mayi, .starts_at = now + 86400, .ends_at = now + 90000,
		.capacity = 1, .open_to = "all", .created_by = f->staff,
	};
	enum model_err e;

	assert_int_equal(activity_create(f->db, &n, &id), MODEL_OK);
	disk_full(f);
	e = activity_signup(f->db, id, f->v1, now);
	disk_freed();
	assert_int_equal(e, MODEL_FULL);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM activity_signups"
	    " WHERE activity_id = ?1", id), 0);
	assert_int_equal(activity_signup(f->db, id, f->v2, now), MODEL_OK);
}

/* A rating that cannot be written: MODEL_FULL (503, like every other
 * write), nothing rated; it can be rated once there is room. */
static void
test_rating_full(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_completed(f, 60);
	enum model_err e;

	disk_full(f);
	e = rating_submit(f->db, id, 5, "很好", 1, "", "link", 30);
	disk_freed();
	assert_int_equal(e, MODEL_FULL);
	assert_string_equal(fx_state(f, id), "completed");
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM ratings WHERE order_id = ?1", id), 0);
	assert_int_equal(rating_submit(f->db, id, 5, "很好", 1, "", "link", 30), MODEL_OK);
	/* An unknown request is not found, not a database error. */
	assert_int_equal(rating_submit(f->db, id + 100000, 5, "", 0, "", "link", 30), MODEL_NOT_FOUND);
}

/* A volunteer named twice in one completion would count their time twice:
 * refused, nothing written. */
static void
test_complete_twice_named(void **state)
{
	struct fx *f = *state;
	int64_t id = fx_order(f), now = now_unix();
	struct served w[2] = { { f->v1, 60 }, { f->v1, 60 } };

	assert_int_equal(fx_move(f, id, "dispatched", NULL, f->team, 0), MODEL_OK);
	assert_int_equal(task_accept(f->db, f->v1, id), MODEL_OK);
	assert_int_equal(task_complete(f->db, f->v1, id, "两次", now - 3600, now, w, 2, NULL, 0, NULL),
	    MODEL_BAD_VOLUNTEER);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM hours WHERE order_id = ?1", id), 0);
	assert_string_equal(fx_state(f, id), "accepted");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_dispatch_full),
		FX_TEST(test_accept_full),
		FX_TEST(test_order_full),
		FX_TEST(test_signup_full),
		FX_TEST(test_rating_full),
		FX_TEST(test_complete_twice_named),
	};
	return fx_run("model: a full disk", tests);
}
