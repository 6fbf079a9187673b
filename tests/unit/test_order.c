/*
 * test_order.c: the pieces of 群众点单 that need no server: the phone and
 * text validators, tracking codes (alphabet, parser, format) and the order
 * state machine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "model/code.h"
#include "model/order_state.h"
#include "lib/validate.h"

static void
test_text(void **state)
{
	char msg[96];

	(void)state;
	assert_int_equal(valid_text("", 10, 1), VALID_REQUIRED);
	assert_int_equal(valid_text("", 10, 0), VALID_OK);
	assert_int_equal(valid_text("一二三四五六七八九十", 10, 1), VALID_OK);	/* characters, not bytes */
	assert_int_equal(valid_text("一二三四五六七八九十一", 10, 1), VALID_TOO_LONG);
	assert_int_equal(valid_text("两行\n文字", 10, 1), VALID_OK);
	assert_int_equal(valid_line("两行\n文字", 10, 1), VALID_ONE_LINE);
	assert_int_equal(valid_text("bell\a", 10, 1), VALID_BAD_CHAR);
	assert_int_equal(valid_text("del\x7f", 10, 1), VALID_BAD_CHAR);
	valid_message(VALID_TOO_LONG, 500, msg, sizeof(msg));
	assert_string_equal(msg, "不能超过500个字");
	char *t = str_trim("\xe3\x80\x80 王女士 \t\n");
	assert_string_equal(t, "王女士");
	free(t);
}

static void
test_code(void **state)
{
	char c[CODE_LEN + 1], p[CODE_LEN + 1], f[CODE_LEN + 3];
	int seen[256] = { 0 };

	(void)state;
	for (int i = 0; i < 2000; i++) {
		code_new(c);
		assert_int_equal(strlen(c), CODE_LEN);
		for (int k = 0; k < CODE_LEN; k++)
			seen[(unsigned char)c[k]]++;
		assert_int_equal(code_parse(c, p), 0);
		assert_string_equal(p, c);
	}
	/* None of the look-alikes ever appears; all 31 symbols do. */
	for (const char *x = "01OIL"; *x; x++)
		assert_int_equal(seen[(unsigned char)*x], 0);
	int symbols = 0;
	for (int i = 0; i < 256; i++)
		symbols += seen[i] > 0;
	assert_int_equal(symbols, 31);

	/* Uniform: over 20,000 codes (180,000 symbols) the chi-square statistic
	 * against equal counts stays far below 80 (30 degrees of freedom; about
	 * one chance in a million by luck); a plain byte % 31, which favours the
	 * first 8 symbols by an eighth, scores several hundred. */
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < 20000; i++) {
		code_new(c);
		for (int k = 0; k < CODE_LEN; k++)
			seen[(unsigned char)c[k]]++;
	}
	double expected = 20000.0 * CODE_LEN / 31, chi2 = 0;
	for (int i = 0; i < 256; i++)
		if (seen[i])
			chi2 += (seen[i] - expected) * (seen[i] - expected) / expected;
	assert_true(chi2 < 80);

	assert_int_equal(code_parse("abc-def-ghj", p), 0);
	assert_string_equal(p, "ABCDEFGHJ");
	assert_int_equal(code_parse(" ABC DEF\tGHJ ", p), 0);
	assert_int_equal(code_parse("ABCDEFGH", p), -1);		/* too short */
	assert_int_equal(code_parse("ABCDEFGHJK", p), -1);	/* too long */
	assert_int_equal(code_parse("ABCDEFGH0", p), -1);	/* 0 not in the alphabet */
	assert_int_equal(code_parse("ABCDEFGHI", p), -1);
	assert_int_equal(code_parse("ABCDEFGHL", p), -1);
	assert_int_equal(code_parse("ABCDEFGH/", p), -1);
	assert_int_equal(code_parse("", p), -1);
	assert_int_equal(code_parse("中文中文中文中文中", p), -1);
	code_format("ABCDEFGHJ", f);
	assert_string_equal(f, "ABC-DEF-GHJ");
}

static void
test_states(void **state)
{
	(void)state;
	/* The four orders in their normal course. */
	assert_true(order_move_ok("submitted", "dispatched", ACTOR_STAFF));
	assert_true(order_move_ok("dispatched", "accepted", ACTOR_VOLUNTEER));
	assert_true(order_move_ok("accepted", "completed", ACTOR_VOLUNTEER));
	assert_true(order_move_ok("completed", "rated", ACTOR_RESIDENT));
	/* The resident may cancel until a volunteer accepts. */
	assert_true(order_move_ok("submitted", "cancelled", ACTOR_RESIDENT));
	assert_true(order_move_ok("dispatched", "cancelled", ACTOR_RESIDENT));
	assert_true(order_move_ok("published", "cancelled", ACTOR_RESIDENT));
	assert_false(order_move_ok("accepted", "cancelled", ACTOR_RESIDENT));
	assert_false(order_move_ok("completed", "cancelled", ACTOR_RESIDENT));
	assert_false(order_move_ok("cancelled", "cancelled", ACTOR_RESIDENT));
	assert_null(order_cancel_refusal("submitted"));
	assert_non_null(strstr(order_cancel_refusal("accepted"), "志愿者已经接单"));
	/* Nobody else does the others' steps. */
	assert_false(order_move_ok("submitted", "dispatched", ACTOR_RESIDENT));
	assert_false(order_move_ok("submitted", "accepted", ACTOR_VOLUNTEER));
	assert_false(order_move_ok("completed", "rated", ACTOR_STAFF));
	assert_false(order_move_ok("rejected", "dispatched", ACTOR_STAFF));
	assert_false(order_move_ok("no-such", "dispatched", ACTOR_STAFF));
	assert_false(order_move_ok("submitted", "dispatched", ACTOR__MAX));
	/* Labels and the Open311 mapping. */
	assert_string_equal(order_state_label("submitted"), "待审核");
	assert_string_equal(order_state_label("rejected"), "不予受理");
	assert_string_equal(order_state_label("bogus"), "");
	assert_string_equal(order_state_open311("accepted"), "open");
	assert_string_equal(order_state_open311("cancelled"), "closed");
	assert_string_equal(order_state_open311("completed"), "closed");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_states),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("order", tests, NULL, NULL);
}
