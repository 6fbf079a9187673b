/*
 * test_id.c: the one reader of record ids (lib/id.h) and the router's typed
 * path parameters (http/route.h): a path id is 1 to 18 plain digits without
 * a leading zero, and nothing else; a path whose {id} or {code} is not one
 * matches no route, so no handler ever sees it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/route.h"
#include "lib/id.h"
#include "page/part/page.h"

/* Asserts that s is not an id and that id_parse leaves *id alone. */
static void
refused(const char *s)
{
	int64_t id = 77;

	if (id_parse(s, &id) != -1)
		fail_msg("\"%s\" read as an id", s ? s : "(null)");
	assert_int_equal(id, 77);
}

/* Asserts that s is the id want. */
static void
read_as(const char *s, int64_t want)
{
	int64_t id = 0;

	if (id_parse(s, &id) != 0)
		fail_msg("\"%s\" refused", s);
	assert_true(id == want);
}

static void
test_id_good(void **state)
{
	(void)state;
	read_as("1", 1);
	read_as("9", 9);
	read_as("10", 10);
	read_as("12", 12);
	read_as("1234567", 1234567);
	read_as("100000000000000000", 100000000000000000LL);	/* 18 digits */
	read_as("999999999999999999", 999999999999999999LL);	/* the largest */
}

static void
test_id_empty_and_zero(void **state)
{
	(void)state;
	refused(NULL);
	refused("");
	refused("0");
	refused("00");
	refused("01");
	refused("007");
	refused("0x1F");
}

static void
test_id_signs_and_spaces(void **state)
{
	(void)state;
	refused("-1");
	refused("+1");
	refused("--1");
	refused(" 1");
	refused("1 ");
	refused("1\n");
	refused("\t1");
	refused("1 2");
	refused("%31");
}

static void
test_id_trailing_and_other_forms(void **state)
{
	(void)state;
	refused("12abc");
	refused("abc12");
	refused("1e3");
	refused("1.0");
	refused("1,000");
	refused("1_000");
	refused("12/");
	refused("x");
	refused("١");		/* Arabic-Indic one */
	refused("٣");		/* Arabic-Indic three */
	refused("３");		/* full-width three */
	refused("1٣");
	refused("一");
}

static void
test_id_too_long(void **state)
{
	(void)state;
	refused("1000000000000000000");		/* 19 digits */
	refused("9999999999999999999");		/* 19 digits, past INT64_MAX */
	refused("9223372036854775807");		/* INT64_MAX itself: 19 digits */
	refused("99999999999999999999999999999999999999");
}

/* Routes method and path. Returns the result; fills *out with the request
 * as the handler would see it (the caller frees out->path and pathbuf). */
static enum route_result
route(enum http_method m, const char *path, struct req *out, const struct route **rt)
{
	char allow[32];

	memset(out, 0, sizeof(*out));
	out->method = m;
	out->path = strdup(path);
	return route_match(out, rt, allow, sizeof(allow));
}

/* Asserts that method and path match no route. */
static void
no_route(enum http_method m, const char *path)
{
	struct req r;
	const struct route *rt;
	enum route_result res = route(m, path, &r, &rt);

	if (res != ROUTE_NOT_FOUND)
		fail_msg("%s %s: routed (%d)", m == METHOD_POST ? "POST" : "GET", path, res);
	free(r.path);
	free(r.pathbuf);
}

static void
test_route_typed_id(void **state)
{
	struct req r;
	const struct route *rt;

	(void)state;
	assert_int_equal(route(METHOD_POST, "/desk/hours/12/confirm", &r, &rt), ROUTE_FOUND);
	assert_ptr_equal(rt->handler, page_desk_hour_confirm);
	assert_true(r.path_id == 12);
	assert_string_equal(r.path_code, "");
	free(r.path);
	free(r.pathbuf);
	/* atoll took these as 12, 1, ... : now they reach no handler. */
	for (const char *const *p = (const char *const[]){ "12abc", "0", "-1", "+1", "01", "1e3",
	    "1000000000000000000", "%20", "٣", NULL }; *p; p++) {
		char path[96];
		snprintf(path, sizeof(path), "/desk/hours/%s/confirm", *p);
		no_route(METHOD_POST, path);
		snprintf(path, sizeof(path), "/activities/%s", *p);
		no_route(METHOD_GET, path);
		snprintf(path, sizeof(path), "/admin/users/%s/disable", *p);
		no_route(METHOD_POST, path);
	}
}

static void
test_route_typed_code(void **state)
{
	struct req r;
	const struct route *rt;

	(void)state;
	/* Any case, with dashes: the handler reads it normalised. */
	assert_int_equal(route(METHOD_POST, "/desk/order/abc-def-ghj/dispatch", &r, &rt),
	    ROUTE_FOUND);
	assert_ptr_equal(rt->handler, page_desk_dispatch);
	assert_string_equal(r.path_code, "ABCDEFGHJ");
	assert_true(r.path_id == 0);
	free(r.path);
	free(r.pathbuf);
	no_route(METHOD_POST, "/desk/order/ABCDEFGH/dispatch");	/* 8 symbols */
	no_route(METHOD_POST, "/desk/order/ABCDEFGH0/dispatch");	/* 0 is not in the alphabet */
	no_route(METHOD_GET, "/v/task/nope");
	no_route(METHOD_GET, "/track/0000/qr.svg");
	/* The resident's page of a typed code is lenient: it says what is wrong. */
	assert_int_equal(route(METHOD_GET, "/track/0000", &r, &rt), ROUTE_FOUND);
	assert_ptr_equal(rt->handler, page_track);
	free(r.path);
	free(r.pathbuf);
}

static void
test_route_every_verb(void **state)
{
	struct req r;
	const struct route *rt;

	(void)state;
	/* Each action is a row of its own; one that does not exist is no route. */
	assert_int_equal(route(METHOD_POST, "/desk/order/ABCDEFGHJ/cancel", &r, &rt), ROUTE_FOUND);
	assert_ptr_equal(rt->handler, page_desk_cancel);
	free(r.path);
	free(r.pathbuf);
	assert_int_equal(route(METHOD_POST, "/v/task/ABCDEFGHJ/giveback", &r, &rt), ROUTE_FOUND);
	assert_ptr_equal(rt->handler, page_vtask_giveback);
	free(r.path);
	free(r.pathbuf);
	no_route(METHOD_POST, "/desk/order/ABCDEFGHJ/explode");
	no_route(METHOD_POST, "/v/task/ABCDEFGHJ/steal");
	no_route(METHOD_POST, "/desk/volunteers/3/promote");
	no_route(METHOD_POST, "/desk/hours/3/delete");
	no_route(METHOD_POST, "/admin/users/3/delete");
	no_route(METHOD_GET, "/a/3/sideways/TOKEN");
	no_route(METHOD_GET, "/desk/activities/3/qr/in.png");
}

/* Every row: no verb hidden behind a parameter, and at most one {id} and one
 * {code}, since the request holds one of each. */
static void
test_route_table_rows(void **state)
{
	size_t n;
	const struct route *t = route_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *p = t[i].pattern, *a;
		if (strstr(p, "{action}") || strstr(p, "{what}"))
			fail_msg("%s hides its verb behind a parameter", p);
		if ((a = strstr(p, "{id}")) && strstr(a + 1, "{id}"))
			fail_msg("%s: two {id}", p);
		if ((a = strstr(p, "{code}")) && strstr(a + 1, "{code}"))
			fail_msg("%s: two {code}", p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_good),
		cmocka_unit_test(test_id_empty_and_zero),
		cmocka_unit_test(test_id_signs_and_spaces),
		cmocka_unit_test(test_id_trailing_and_other_forms),
		cmocka_unit_test(test_id_too_long),
		cmocka_unit_test(test_route_typed_id),
		cmocka_unit_test(test_route_typed_code),
		cmocka_unit_test(test_route_every_verb),
		cmocka_unit_test(test_route_table_rows),
	};
	return cmocka_run_group_tests_name("id", tests, NULL, NULL);
}
