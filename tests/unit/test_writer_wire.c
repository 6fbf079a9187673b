/*
 * test_writer_wire.c: the messages a worker sends the writer process
 * (src/http/writer_wire.h): a new request comes out as it went in, its
 * absent texts still absent; a request with a 验证码 or too big for a
 * message is not sent; a message cut short, padded, or not one at all is
 * refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "http/writer_wire.h"

static unsigned char msg[WIRE_MAX + 1];

/* A request as the public form makes it. */
static struct order_new
form_request(const unsigned char *hash)
{
	return (struct order_new){
		.service_id = 7, .org_id = 42, .address = "马邑村东街12号",
		.need = "孩子三年级数学需要辅导，每周两次", .wanted_time = "",
		.contact_name = "王女士", .contact_phone = "13800138000", .channel = "web",
		.form_nonce = "n0nce", .token_hash = hash, .consent = 1,
		.client = "10.0.0.9", .no_sms = 1, .limit_confirmed = 1,
	};
}

static void
test_round_trip(void **state)
{
	unsigned char hash[32];
	struct order_limits lim = { 5, 50 };
	struct order_new o;
	struct wire_order w;
	size_t len;

	(void)state;
	for (int i = 0; i < 32; i++)
		hash[i] = (unsigned char)(i * 7);
	o = form_request(hash);
	len = wire_order_put(99, 123456789, &o, &lim, msg, WIRE_MAX);
	assert_true(len > 0);
	assert_int_equal(wire_order_get(msg, len, &w), 0);
	assert_int_equal(w.seq, 99);
	assert_int_equal(w.deadline_ms, 123456789);
	assert_int_equal(w.o.service_id, 7);
	assert_int_equal(w.o.org_id, 42);
	assert_string_equal(w.o.address, o.address);
	assert_string_equal(w.o.need, o.need);
	assert_string_equal(w.o.wanted_time, "");
	assert_string_equal(w.o.contact_name, o.contact_name);
	assert_string_equal(w.o.contact_phone, o.contact_phone);
	assert_string_equal(w.o.channel, "web");
	assert_string_equal(w.o.form_nonce, "n0nce");
	assert_string_equal(w.o.client, "10.0.0.9");
	assert_null(w.o.contact_email);
	assert_null(w.o.media_url);
	assert_non_null(w.o.token_hash);
	assert_memory_equal(w.o.token_hash, hash, 32);
	assert_int_equal(w.o.consent, 1);
	assert_int_equal(w.o.no_sms, 1);
	assert_int_equal(w.o.limit_confirmed, 1);
	assert_int_equal(w.o.has_geo, 0);
	assert_null(w.o.confirm);
	assert_int_equal(w.lim.per_phone, 5);
	assert_int_equal(w.lim.per_client, 50);
}

static void
test_staff_request(void **state)
{
	struct order_limits lim = { 5, 0 };
	struct order_new o = form_request(NULL);
	struct wire_order w;
	size_t len;

	(void)state;
	o.token_hash = NULL;
	o.client = NULL;
	o.staff_id = 3;
	o.channel = "phone";
	o.has_geo = 1;
	o.lat = 39.33;
	o.lon = 112.43;
	len = wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX);
	assert_int_equal(wire_order_get(msg, len, &w), 0);
	assert_null(w.o.token_hash);
	assert_null(w.o.client);
	assert_int_equal(w.o.staff_id, 3);
	assert_string_equal(w.o.channel, "phone");
	assert_int_equal(w.o.has_geo, 1);
	assert_true(w.o.lat == 39.33 && w.o.lon == 112.43);
}

static void
test_not_sent(void **state)
{
	static char big[WIRE_MAX];
	struct order_limits lim = { 5, 50 };
	struct order_confirm c = { .code = "123456" };
	struct order_new o = form_request(NULL);

	(void)state;
	o.confirm = &c;
	assert_int_equal(wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX), 0);
	o.confirm = NULL;
	memset(big, 'x', sizeof(big) - 1);
	o.need = big;
	assert_int_equal(wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX), 0);
}

static void
test_refused(void **state)
{
	struct order_limits lim = { 5, 50 };
	struct order_new o = form_request(NULL);
	struct wire_order w;
	size_t len;

	(void)state;
	len = wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX);
	/* Cut short: within the header, and within the last text. */
	assert_int_equal(wire_order_get(msg, 10, &w), -1);
	len = wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX);
	assert_int_equal(wire_order_get(msg, len - 3, &w), -1);
	/* Padded with another text. */
	len = wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX);
	memcpy(msg + len, "x", 2);
	assert_int_equal(wire_order_get(msg, len + 2, &w), -1);
	/* Not a message: a wrong first word. */
	len = wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX);
	msg[0] ^= 0xff;
	assert_int_equal(wire_order_get(msg, len, &w), -1);
	/* No channel. */
	o.channel = NULL;
	len = wire_order_put(1, 0, &o, &lim, msg, WIRE_MAX);
	assert_int_equal(wire_order_get(msg, len, &w), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_staff_request),
		cmocka_unit_test(test_not_sent),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
