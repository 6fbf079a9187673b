/*
 * test_model_exchange.c: 积分兑换 in the model (model/exchange.h) against a
 * real SQLite file: the balance from confirmed hours less what is held;
 * asking refused when short of points, out of stock or at a place not the
 * volunteer's, with nothing written; handing over takes one from stock,
 * never below zero, and only once; cancelling gives the points back and a
 * handed-over one its stock; the lists by scope. Then for real, in forked
 * processes let go at the same instant: two staff handing over the last
 * item (two exchanges of it), two asks for the last points: exactly one
 * wins each time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "model/exchange.h"
#include "model/scope.h"

#define PER_HOUR 10	/* points an hour in these tests */

/* Gives volunteer vid confirmed service of minutes. */
static void
serve(struct fx *f, int64_t vid, int minutes)
{
	char sql[400];
	int64_t t = now_unix() - 86400;

	snprintf(sql, sizeof(sql), "INSERT INTO hours(volunteer_id, started_at, ended_at,"
	    " minutes, what, status, confirmed_at, created_at) VALUES (%lld, %lld, %lld, %d,"
	    " 'test', 'confirmed', %lld, %lld)", (long long)vid, (long long)t,
	    (long long)(t + minutes * 60), minutes, (long long)t, (long long)t);
	fx_exec(f->db, sql);
}

/* Adds goods at org with points and stock; returns its id. */
static int64_t
goods(struct fx *f, int64_t org, const char *name, int points, int stock)
{
	struct goods_fields g = { .name = name, .note = "", .points = points, .stock = stock,
	    .active = 1 };
	int64_t id = 0;

	assert_int_equal(goods_create(f->db, org, f->staff, &g, &id), MODEL_OK);
	return id;
}

static int64_t
balance(struct fx *f, int64_t vid)
{
	struct points p;

	assert_int_equal(exchange_points(f->db, vid, PER_HOUR, &p), MODEL_OK);
	return p.balance;
}

static int64_t
stock(struct fx *f, int64_t gid)
{
	return fx_int(f->db, "SELECT stock FROM goods WHERE id = ?1", gid);
}

static int64_t
nexchanges(struct fx *f, int64_t vid)
{
	return fx_int(f->db, "SELECT count(*) FROM exchanges WHERE volunteer_id = ?1", vid);
}

/* Asking: the balance drops; short, no stock, not their place: refused. */
static void
test_ask(void **state)
{
	struct fx *f = *state;
	int64_t soap = goods(f, f->mayi, "香皂", 15, 3);
	int64_t none = goods(f, f->mayi, "雨伞", 1, 0);
	int64_t far = goods(f, f->beicheng, "书包", 1, 9);
	int64_t centre = goods(f, f->center, "水杯", 1, 9);
	int64_t inst = goods(f, f->shentou, "毛巾", 1, 9);
	int64_t id = 0, bal = 0;

	serve(f, f->v1, 125);			/* 125 × 10 / 60 = 20 (floor) */
	assert_int_equal(balance(f, f->v1), 20);
	assert_int_equal(exchange_ask(f->db, f->v1, soap, PER_HOUR, &id, &bal), MODEL_OK);
	assert_int_equal(bal, 5);
	assert_int_equal(balance(f, f->v1), 5);
	assert_int_equal(exchange_ask(f->db, f->v1, soap, PER_HOUR, &id, &bal), MODEL_NOT_READY);
	assert_int_equal(bal, 5);
	assert_int_equal(exchange_ask(f->db, f->v1, none, PER_HOUR, &id, &bal), MODEL_NO_PLACE);
	assert_int_equal(exchange_ask(f->db, f->v1, far, PER_HOUR, &id, &bal), MODEL_NOT_FOUND);
	assert_int_equal(exchange_ask(f->db, f->v1, 99999, PER_HOUR, &id, &bal), MODEL_NOT_FOUND);
	assert_int_equal(nexchanges(f, f->v1), 1);
	assert_int_equal(stock(f, soap), 3);
	/* The centre's and their 所's goods are theirs to ask for. */
	assert_int_equal(exchange_ask(f->db, f->v1, centre, PER_HOUR, &id, &bal), MODEL_OK);
	assert_int_equal(exchange_ask(f->db, f->v1, inst, PER_HOUR, &id, &bal), MODEL_OK);
	assert_int_equal(balance(f, f->v1), 3);
	/* Goods taken off the shelf are not. */
	struct goods_fields off = { .name = "水杯", .note = "", .points = 1, .stock = 9, .active = 0 };
	assert_int_equal(goods_update(f->db, centre, &off), MODEL_OK);
	assert_int_equal(exchange_ask(f->db, f->v1, centre, PER_HOUR, &id, &bal), MODEL_NOT_FOUND);
	assert_int_equal(goods_update(f->db, 99999, &off), MODEL_NOT_FOUND);
}

/* Handing over: stock − 1 once; never below zero; cancel gives back. */
static void
test_confirm_cancel(void **state)
{
	struct fx *f = *state;
	int64_t cup = goods(f, f->mayi, "保温杯", 10, 1);
	int64_t a = 0, b = 0, bal;

	serve(f, f->v1, 60);
	serve(f, f->v2, 60);
	assert_int_equal(exchange_ask(f->db, f->v1, cup, PER_HOUR, &a, &bal), MODEL_OK);
	assert_int_equal(exchange_ask(f->db, f->v2, cup, PER_HOUR, &b, &bal), MODEL_OK);
	assert_int_equal(exchange_confirm(f->db, a, f->staff), MODEL_OK);
	assert_int_equal(stock(f, cup), 0);
	assert_int_equal(exchange_confirm(f->db, a, f->staff), MODEL_BAD_STATE);
	assert_int_equal(exchange_confirm(f->db, b, f->staff), MODEL_NO_PLACE);
	assert_int_equal(stock(f, cup), 0);
	assert_int_equal(exchange_confirm(f->db, 99999, f->staff), MODEL_NOT_FOUND);
	/* The volunteer may cancel their own asked one, not a done one, not
	 * another's. */
	assert_int_equal(exchange_cancel(f->db, a, 0, f->v1, ""), MODEL_BAD_STATE);
	assert_int_equal(exchange_cancel(f->db, b, 0, f->v1, ""), MODEL_NOT_FOUND);
	assert_int_equal(exchange_cancel(f->db, b, 0, f->v2, ""), MODEL_OK);
	assert_int_equal(balance(f, f->v2), 10);
	assert_int_equal(exchange_cancel(f->db, b, 0, f->v2, ""), MODEL_BAD_STATE);
	/* Staff cancel a handed-over one: points and stock come back. */
	assert_int_equal(balance(f, f->v1), 0);
	assert_int_equal(exchange_cancel(f->db, a, f->staff, 0, "破损"), MODEL_OK);
	assert_int_equal(balance(f, f->v1), 10);
	assert_int_equal(stock(f, cup), 1);
	char s[16];
	assert_string_equal(fx_text(f->db, s, "SELECT state FROM exchanges WHERE id = ?1", a), "cancelled");
	assert_int_equal(exchange_cancel(f->db, a, f->staff, 0, "again"), MODEL_BAD_STATE);
	assert_int_equal(stock(f, cup), 1);
}

static void
count_row(void *arg, const struct exchange *x)
{
	(void)x;
	(*(int *)arg)++;
}

static void
count_goods(void *arg, const struct goods *g)
{
	(void)g;
	(*(int *)arg)++;
}

/* The lists: by scope, and by the volunteer's number or phone. */
static void
test_scope(void **state)
{
	struct fx *f = *state;
	int64_t xiaobo = fx_org(f->db, "140602100202");
	int64_t pen = goods(f, f->mayi, "钢笔", 1, 5), id, bal;
	struct place_scope all = { 0 }, inst = { .institute_id = f->shentou },
	    own = { .station_id = f->mayi }, other = { .station_id = xiaobo },
	    far = { .institute_id = f->beicheng }, leader = { .team_id = f->team };
	char number[32], phone[16];
	int n;

	serve(f, f->v1, 60);
	assert_int_equal(exchange_ask(f->db, f->v1, pen, PER_HOUR, &id, &bal), MODEL_OK);
	const struct place_scope *in[] = { &all, &inst, &own }, *out[] = { &other, &far, &leader };
	for (size_t i = 0; i < 3; i++) {
		n = 0;
		assert_int_equal(exchange_each_in_scope(f->db, in[i], NULL, 100, count_row, &n), MODEL_OK);
		assert_int_equal(n, 1);
		n = 0;
		assert_int_equal(goods_each_in_scope(f->db, in[i], count_goods, &n), MODEL_OK);
		assert_int_equal(n, 1);
		n = 0;
		assert_int_equal(exchange_each_in_scope(f->db, out[i], NULL, 100, count_row, &n), MODEL_OK);
		assert_int_equal(n, 0);
		n = 0;
		assert_int_equal(goods_each_in_scope(f->db, out[i], count_goods, &n), MODEL_OK);
		assert_int_equal(n, 0);
	}
	fx_text(f->db, number, "SELECT number FROM volunteers WHERE id = ?1", f->v1);
	fx_text(f->db, phone, "SELECT phone FROM volunteers WHERE id = ?1", f->v1);
	n = 0;
	assert_int_equal(exchange_each_in_scope(f->db, &own, number, 100, count_row, &n), MODEL_OK);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(exchange_each_in_scope(f->db, &own, phone, 100, count_row, &n), MODEL_OK);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(exchange_each_in_scope(f->db, &own, "13900000102", 100, count_row, &n), MODEL_OK);
	assert_int_equal(n, 0);
	/* Handed over, it is no longer waiting. */
	assert_int_equal(exchange_confirm(f->db, id, f->staff), MODEL_OK);
	n = 0;
	assert_int_equal(exchange_each_in_scope(f->db, &own, number, 100, count_row, &n), MODEL_OK);
	assert_int_equal(n, 0);
	n = 0;
	assert_int_equal(exchange_each_of_volunteer(f->db, f->v1, count_row, &n), MODEL_OK);
	assert_int_equal(n, 1);
	/* What the volunteer of 北城街道 is offered: not 马邑村's. */
	n = 0;
	assert_int_equal(goods_each_for_volunteer(f->db, f->v_far, count_goods, &n), MODEL_OK);
	assert_int_equal(n, 0);
	n = 0;
	assert_int_equal(goods_each_for_volunteer(f->db, f->v2, count_goods, &n), MODEL_OK);
	assert_int_equal(n, 1);
}

struct confirm_race {
	int64_t	ids[2];
	int64_t	staff;
};

static enum model_err
do_confirm(struct db *db, void *arg, int who)
{
	struct confirm_race *r = arg;

	return exchange_confirm(db, r->ids[who], r->staff);
}

/* Two staff hand over the last item (two exchanges of it) at once: one
 * hands over, the other finds no stock; the stock ends at 0. */
static void
test_confirm_race(void **state)
{
	struct fx *f = *state;
	int out[2];

	serve(f, f->v1, 60 * FX_ROUNDS);
	serve(f, f->v2, 60 * FX_ROUNDS);
	for (int round = 0; round < FX_ROUNDS; round++) {
		int64_t cup = goods(f, f->mayi, "保温杯", 10, 1), bal;
		struct confirm_race r = { .staff = f->staff };
		assert_int_equal(exchange_ask(f->db, f->v1, cup, PER_HOUR, &r.ids[0], &bal), MODEL_OK);
		assert_int_equal(exchange_ask(f->db, f->v2, cup, PER_HOUR, &r.ids[1], &bal), MODEL_OK);
		fx_race(f, 2, do_confirm, &r, out);
		if (fx_count(out, 2, MODEL_OK) != 1 || fx_count(out, 2, MODEL_NO_PLACE) != 1)
			fail_msg("round %d: confirms answered %d and %d", round, out[0], out[1]);
		assert_int_equal(stock(f, cup), 0);
		assert_int_equal(fx_int(f->db, "SELECT count(*) FROM exchanges WHERE goods_id = ?1"
		    " AND state = 'done'", cup), 1);
	}
}

struct ask_race {
	int64_t	vid, gid;
};

static enum model_err
do_ask(struct db *db, void *arg, int who)
{
	struct ask_race *r = arg;
	int64_t id, bal;

	(void)who;
	return exchange_ask(db, r->vid, r->gid, PER_HOUR, &id, &bal);
}

/* A volunteer asks twice at once for their last points: exactly one. */
static void
test_ask_race(void **state)
{
	struct fx *f = *state;
	int out[2];

	for (int round = 0; round < FX_ROUNDS; round++) {
		struct ask_race r = { .vid = f->v3, .gid = goods(f, f->mayi, "茶叶", 10, 5) };
		serve(f, f->v3, 60);
		fx_race(f, 2, do_ask, &r, out);
		if (fx_count(out, 2, MODEL_OK) != 1 || fx_count(out, 2, MODEL_NOT_READY) != 1)
			fail_msg("round %d: asks answered %d and %d", round, out[0], out[1]);
		assert_int_equal(balance(f, f->v3), 0);
		assert_int_equal(nexchanges(f, f->v3), round + 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_ask),
		FX_TEST(test_confirm_cancel),
		FX_TEST(test_scope),
		FX_TEST(test_confirm_race),
		FX_TEST(test_ask_race),
	};

	return fx_run("model_exchange", tests);
}
