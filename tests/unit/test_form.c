/*
 * test_form.c: the boundary parsers fed ordinary and hostile input: query
 * strings and urlencoded bodies, cookies, the UTF-8 check and duplicates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/form.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* Parses s as urlencoded with the default limits; returns the error. */
static enum form_err
parse(struct kvlist *l, const char *s)
{
	return form_parse_urlencoded(l, s, strlen(s), NULL);
}

static void
test_urlencoded_ok(void **state)
{
	struct kvlist l = { 0 };

	(void)state;
	assert_int_equal(parse(&l, "a=1&b=hello+world&c=%E4%B8%AD%e6%96%87&&d=&flag"), FORM_OK);
	assert_int_equal(l.n, 5);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "hello world");
	assert_string_equal(kv_get(&l, "c"), "中文");
	assert_string_equal(kv_get(&l, "d"), "");
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_null(kv_get(&l, "missing"));
	kvlist_free(&l);
	/* An empty input is no fields, not an error. */
	assert_int_equal(parse(&l, ""), FORM_OK);
	assert_int_equal(l.n, 0);
	kvlist_free(&l);
}

static void
test_urlencoded_bad_escapes(void **state)
{
	static const char *const bad[] = { "a=%", "a=%4", "a=%zz", "a=%4g", "%=1", "a=1%" };
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kvlist l = { 0 };
		assert_int_equal(parse(&l, bad[i]), FORM_EESCAPE);
		kvlist_free(&l);
	}
}

static void
test_urlencoded_nul_and_utf8(void **state)
{
	struct kvlist l = { 0 };

	(void)state;
	assert_int_equal(parse(&l, "a=x%00y"), FORM_ENUL);
	assert_int_equal(parse(&l, "a%00=1"), FORM_ENUL);
	assert_int_equal(parse(&l, "a=%ff"), FORM_EUTF8);
	assert_int_equal(parse(&l, "a=%C0%AF"), FORM_EUTF8);		/* overlong '/' */
	assert_int_equal(parse(&l, "a=%E0%80%AF"), FORM_EUTF8);	/* overlong, 3 bytes */
	assert_int_equal(parse(&l, "a=%ED%A0%80"), FORM_EUTF8);	/* surrogate */
	assert_int_equal(parse(&l, "a=%F4%90%80%80"), FORM_EUTF8);	/* > U+10FFFF */
	assert_int_equal(parse(&l, "a=%E4%B8"), FORM_EUTF8);		/* truncated */
	assert_int_equal(parse(&l, "%ff=1"), FORM_EUTF8);
	assert_int_equal(l.n, 0);
	kvlist_free(&l);
}

static void
test_urlencoded_limits(void **state)
{
	struct form_limits lim = { .max_fields = 3, .max_key = 4, .max_val = 5 };
	struct kvlist l = { 0 };
	struct buf b;

	(void)state;
	assert_int_equal(form_parse_urlencoded(&l, "a=1&b=2&c=3", 11, &lim), FORM_OK);
	kvlist_free(&l);
	assert_int_equal(form_parse_urlencoded(&l, "a=1&b=2&c=3&d=4", 15, &lim), FORM_ETOOMANY);
	kvlist_free(&l);
	assert_int_equal(form_parse_urlencoded(&l, "abcde=1", 7, &lim), FORM_EKEYLEN);
	kvlist_free(&l);
	assert_int_equal(form_parse_urlencoded(&l, "a=123456", 8, &lim), FORM_EVALLEN);
	kvlist_free(&l);
	/* The limit is on decoded bytes: %41 is one byte. */
	assert_int_equal(form_parse_urlencoded(&l, "a=%41%41%41%41%41", 17, &lim), FORM_OK);
	kvlist_free(&l);
	assert_int_equal(form_parse_urlencoded(&l, "=1", 2, &lim), FORM_EKEYLEN);
	kvlist_free(&l);
	/* A huge count of fields with the default limit of 200. */
	buf_init(&b);
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "k%d=v&", i);
	assert_int_equal(form_parse_urlencoded(&l, b.data, b.len, NULL), FORM_ETOOMANY);
	kvlist_free(&l);
	buf_free(&b);
}

static void
test_repeated(void **state)
{
	static const char *const multi[] = { "tag", NULL };
	struct kvlist l = { 0 };

	(void)state;
	assert_int_equal(parse(&l, "a=1&tag=x&tag=y&b=2"), FORM_OK);
	assert_null(kv_first_repeated(&l, multi));
	assert_string_equal(kv_first_repeated(&l, NULL), "tag");
	assert_int_equal(kv_count(&l, "tag"), 2);
	kvlist_free(&l);
	assert_int_equal(parse(&l, "a=1&b=2&a=3"), FORM_OK);
	assert_string_equal(kv_first_repeated(&l, multi), "a");
	kvlist_free(&l);
}

static void
test_cookies(void **state)
{
	struct kvlist l = { 0 };
	const char *c = "sid=abc123; theme=\"big\";junk; =x;  lang = zh ";

	(void)state;
	assert_int_equal(form_parse_cookies(&l, c, strlen(c), NULL), FORM_OK);
	assert_string_equal(kv_get(&l, "sid"), "abc123");
	assert_string_equal(kv_get(&l, "theme"), "big");
	assert_string_equal(kv_get(&l, "lang"), "zh");
	assert_null(kv_get(&l, "junk"));
	assert_int_equal(l.n, 3);
	kvlist_free(&l);
	assert_int_equal(form_parse_cookies(&l, "a=\xff", 3, NULL), FORM_EUTF8);
	assert_int_equal(form_parse_cookies(&l, "a=b\0c", 5, NULL), FORM_ENUL);
	kvlist_free(&l);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("plain ascii", 11));
	assert_true(utf8_valid("文明朔城", strlen("文明朔城")));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));		/* emoji */
	assert_true(utf8_valid("\xf4\x8f\xbf\xbf", 4));		/* U+10FFFF */
	assert_false(utf8_valid("\x80", 1));			/* lone continuation */
	assert_false(utf8_valid("\xc1\xbf", 2));		/* overlong */
	assert_false(utf8_valid("\xe0\x9f\xbf", 3));		/* overlong */
	assert_false(utf8_valid("\xf0\x8f\xbf\xbf", 4));	/* overlong */
	assert_false(utf8_valid("\xed\xbf\xbf", 3));		/* surrogate */
	assert_false(utf8_valid("\xf5\x80\x80\x80", 4));	/* too high */
	assert_false(utf8_valid("\xe6\x96", 2));		/* truncated */
	assert_false(utf8_valid("\xe6\x41\x41", 3));		/* bad continuation */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencoded_ok),
		cmocka_unit_test(test_urlencoded_bad_escapes),
		cmocka_unit_test(test_urlencoded_nul_and_utf8),
		cmocka_unit_test(test_urlencoded_limits),
		cmocka_unit_test(test_repeated),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_utf8_valid),
	};
	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
