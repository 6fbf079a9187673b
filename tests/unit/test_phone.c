/*
 * test_phone.c: phone numbers as residents, staff and other systems
 * (FixMyStreet sends "139 1234 0061") write them: every way of writing one
 * number gives the one stored form; everything else is refused with the
 * reason its field shows; masks show the first three and last four digits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/phone.h"

/* Reads s accepting any number; asserts VALID_OK and the stored form want. */
static void
same(const char *s, const char *want)
{
	char out[PHONE_MAX];

	if (phone_read(s, PHONE_ANY, out) != VALID_OK)
		fail_msg("refused: \"%s\"", s);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" read as \"%s\", wanted \"%s\"", s, out, want);
}

static void
test_mobiles(void **state)
{
	static const char *const ways[] = {
		"13912340061", "139 1234 0061", "139-1234-0061", "+86 139 1234 0061",
		"+8613912340061", "8613912340061", "008613912340061", "+86-139-1234-0061",
		" 139 1234 0061 ", "１３９１２３４００６１", "＋86 139　1234　0061", "(+86) 13912340061",
	};
	char out[PHONE_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(ways) / sizeof(*ways); i++) {
		same(ways[i], "13912340061");
		assert_int_equal(phone_read(ways[i], PHONE_MOBILE_ONLY, out), VALID_OK);
		assert_string_equal(out, "13912340061");
	}
	assert_true(phone_is_mobile("13912340061"));
}

static void
test_landlines(void **state)
{
	char out[PHONE_MAX];

	(void)state;
	same("0349-5021234", "0349-5021234");
	same("03495021234", "0349-5021234");
	same("0349 502 1234", "0349-5021234");
	same("(0349) 5021234", "0349-5021234");
	same("（0349）5021234", "0349-5021234");
	same("+86 349 5021234", "0349-5021234");
	same("0086 349 5021234", "0349-5021234");
	same("010-62345678", "010-62345678");
	same("02162345678", "021-62345678");
	same("0349-50212345", "0349-50212345");	/* 8-digit local numbers too */
	assert_false(phone_is_mobile("0349-5021234"));
	/* A volunteer's sign-in needs a mobile. */
	assert_int_equal(phone_read("0349-5021234", PHONE_MOBILE_ONLY, out), VALID_MOBILE);
	assert_string_equal(out, "");
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"1391234006", "139123400611", "12912340061", "23912340061", "+1 139 1234 0061",
		"139l2340061", "139_1234_0061", "139+12340061", "0349-502123", "0349-502123456",
		"0349-0212345", "0349-1212345", "00349-5021234", "5021234", "+86", "++8613912340061",
		"13912340061 转 8", "０", "13912340061<", "123456789012345678901",
	};
	char out[PHONE_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (phone_read(bad[i], PHONE_ANY, out) != VALID_PHONE)
			fail_msg("accepted: \"%s\" as \"%s\"", bad[i], out);
		assert_int_equal(phone_read(bad[i], PHONE_MOBILE_ONLY, out), VALID_MOBILE);
	}
	assert_int_equal(phone_read("", PHONE_ANY, out), VALID_REQUIRED);
	assert_int_equal(phone_read("   ", PHONE_ANY, out), VALID_REQUIRED);
	assert_int_equal(phone_read(NULL, PHONE_ANY, out), VALID_REQUIRED);
}

static void
test_mask(void **state)
{
	char out[PHONE_MAX];

	(void)state;
	phone_mask("13812341234", out);
	assert_string_equal(out, "138****1234");
	phone_mask("0349-5021234", out);
	assert_string_equal(out, "034****1234");
	phone_mask("", out);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mobiles),
		cmocka_unit_test(test_landlines),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
