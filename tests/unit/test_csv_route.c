/*
 * test_csv_route.c: the CSV reader (quotes, escapes, bad records with their
 * line numbers) and the route matcher (404, 405 with Allow, parameters).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/csv.h"
#include "http/http.h"
#include "http/route.h"

static void
test_csv_quotes(void **state)
{
	const char *t = "\xef\xbb\xbf" "code,name,source\r\n"
	    "1,马邑村,\"a, b | \"\"quoted\"\"\"\n\n"
	    "2,\"two\nlines\",x\n"
	    "3,ok,\n";
	struct csv c;
	struct csv_record r;

	(void)state;
	csv_open(&c, t, strlen(t));
	assert_int_equal(csv_next(&c, &r), 1);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.field[0], "code");
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), 1);
	assert_int_equal(c.line, 2);
	assert_string_equal(r.field[1], "马邑村");
	assert_string_equal(r.field[2], "a, b | \"quoted\"");
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), 1);
	assert_int_equal(c.line, 4);
	assert_string_equal(r.field[1], "two\nlines");
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), 1);
	assert_int_equal(c.line, 6);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.field[2], "");
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), 0);
}

static void
test_csv_bad(void **state)
{
	const char *t = "a,b\n1,\"unterminated\n";
	const char *t2 = "a,b\n1,\"x\"y\n2,z\n";
	struct csv c;
	struct csv_record r;

	(void)state;
	csv_open(&c, t, strlen(t));
	assert_int_equal(csv_next(&c, &r), 1);
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), -1);
	assert_int_equal(c.line, 2);
	csv_open(&c, t2, strlen(t2));
	assert_int_equal(csv_next(&c, &r), 1);
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), -1);		/* text after a quote */
	assert_int_equal(c.line, 2);
	assert_int_equal(csv_next(&c, &r), 1);		/* goes on at the next line */
	assert_string_equal(r.field[1], "z");
	csv_record_free(&r);
}

/* Line numbers count every kind of line end: LF, CRLF and a lone CR. */
static void
test_csv_lines(void **state)
{
	const char *t = "a,b\r1,2\r\n\r\n3,\"x\ry\"\n4,\"bad\"!\r5,z\r";
	struct csv c;
	struct csv_record r;

	(void)state;
	csv_open(&c, t, strlen(t));
	assert_int_equal(csv_next(&c, &r), 1);
	assert_int_equal(c.line, 1);
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), 1);
	assert_int_equal(c.line, 2);
	assert_string_equal(r.field[1], "2");
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), 1);		/* after a blank line */
	assert_int_equal(c.line, 4);
	assert_string_equal(r.field[1], "x\ry");
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), -1);		/* the quoted CR was a line */
	assert_int_equal(c.line, 6);
	assert_int_equal(csv_next(&c, &r), 1);
	assert_int_equal(c.line, 7);
	assert_string_equal(r.field[1], "z");
	csv_record_free(&r);
	assert_int_equal(csv_next(&c, &r), 0);
}

/* Routes method and path; returns the result and fills allow. */
static enum route_result
route(enum http_method m, const char *path, char *allow)
{
	struct req r;
	const struct route *rt;
	enum route_result res;

	memset(&r, 0, sizeof(r));
	r.method = m;
	r.path = strdup(path);
	res = route_match(&r, &rt, allow, 32);
	assert_true((res == ROUTE_FOUND) == (rt != NULL));
	free(r.path);
	free(r.pathbuf);
	return res;
}

static void
test_route(void **state)
{
	char allow[32] = "";

	(void)state;
	assert_int_equal(route(METHOD_GET, "/", allow), ROUTE_FOUND);
	assert_int_equal(route(METHOD_HEAD, "/", allow), ROUTE_FOUND);
	assert_int_equal(route(METHOD_GET, "/nope", allow), ROUTE_NOT_FOUND);
	assert_int_equal(route(METHOD_GET, "//", allow), ROUTE_NOT_FOUND);
	assert_int_equal(route(METHOD_POST, "/", allow), ROUTE_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD");
	assert_int_equal(route(METHOD_OTHER, "/", allow), ROUTE_BAD_METHOD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quotes),
		cmocka_unit_test(test_csv_bad),
		cmocka_unit_test(test_csv_lines),
		cmocka_unit_test(test_route),
	};
	return cmocka_run_group_tests_name("csv_route", tests, NULL, NULL);
}
