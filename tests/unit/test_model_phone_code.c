/*
 * test_model_phone_code.c: 验证码 against a real database
 * (model/phone_code.c, and order_create's use of it): a code is sent as an
 * SMS and stored only as a keyed hash; a wrong code, an expired one, a used
 * one and a sixth try are refused; the day's limits per phone and per
 * client hold and leave no row; the hashes are compared in constant time;
 * a request made with the right code is phone_confirmed, and only such
 * requests count towards the per-phone limit when a gateway is configured.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "model_fixture.h"
#include "model/phone_code.h"

#define PHONE	"13800138000"
#define OTHER	"13800138001"

static const unsigned char key[PHONE_CODE_KEYLEN] = "0123456789abcdef0123456789abcdef";
static const struct message_opts opts = { .sms_on = 1, .daily_cap = 10 };

/* Sends a code for purpose to phone from client with the given limits. */
static enum phone_code_outcome
send(struct fx *f, const char *phone, const char *purpose, const char *client,
    int per_phone, int per_client, int64_t now)
{
	struct phone_code_send s = {
		.phone = phone, .purpose = purpose, .client = client, .key = key,
		.per_phone = per_phone, .per_client = per_client, .deliver = 1,
	};
	enum phone_code_outcome out = PHONE_CODE__MAX;

	assert_int_equal(phone_code_send(f->db, &s, &opts, now, &out), DB_OK);
	return out;
}

static enum phone_code_outcome
check(struct fx *f, const char *phone, const char *purpose, const char *typed, int64_t now)
{
	enum phone_code_outcome out = PHONE_CODE__MAX;

	assert_int_equal(phone_code_check(f->db, phone, purpose, typed, key, now, &out), DB_OK);
	return out;
}

/* The code in the newest SMS to PHONE, read from its text, into code. */
static const char *
sent_code(struct fx *f, char code[PHONE_CODE_DIGITS + 1])
{
	char text[256];
	const char *p;

	fx_text(f->db, text, "SELECT text FROM messages WHERE phone = '" PHONE "' AND ?1"
	    " ORDER BY id DESC LIMIT 1", 1);
	p = strstr(text, "验证码");
	assert_non_null(p);
	p += strlen("验证码");
	memcpy(code, p, PHONE_CODE_DIGITS);
	code[PHONE_CODE_DIGITS] = '\0';
	for (int i = 0; i < PHONE_CODE_DIGITS; i++)
		assert_true(code[i] >= '0' && code[i] <= '9');
	return code;
}

/* A code other than code (its last digit changed). */
static const char *
wrong_of(const char *code, char out[PHONE_CODE_DIGITS + 1])
{
	memcpy(out, code, PHONE_CODE_DIGITS + 1);
	out[5] = out[5] == '9' ? '0' : (char)(out[5] + 1);
	return out;
}

static int64_t
codes(struct fx *f)
{
	return fx_int(f->db, "SELECT count(*) FROM phone_codes WHERE ?1", 1);
}

/* A code goes out as one urgent SMS to the phone, and is kept only as a
 * 32-byte keyed hash, never in the clear or as a plain hash. */
static void
test_send_stores_keyed_hash(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix();
	char code[PHONE_CODE_DIGITS + 1], kind[48], sms[16];
	unsigned char plain[32], sha[32], stored[32];
	sqlite3_stmt *st;

	assert_int_equal(send(f, PHONE, "order", "10.0.0.1", 5, 20, now), PHONE_CODE_OK);
	sent_code(f, code);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE phone = '" PHONE "'"
	    " AND urgent = 1 AND ?1", 1), 1);
	assert_string_equal(fx_text(f->db, kind, "SELECT kind FROM messages WHERE ?1", 1),
	    "code_order");
	assert_string_equal(fx_text(f->db, sms, "SELECT sms FROM messages WHERE ?1", 1),
	    "pending");
	assert_int_equal(fx_int(f->db, "SELECT expires_at - created_at FROM phone_codes"
	    " WHERE ?1", 1), PHONE_CODE_TTL);
	assert_int_equal(fx_int(f->db, "SELECT length(code_hash) FROM phone_codes WHERE ?1", 1), 32);
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db),
	    "SELECT code_hash FROM phone_codes", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	memcpy(stored, sqlite3_column_blob(st, 0), 32);
	sqlite3_finalize(st);
	crypto_generichash(plain, 32, (const unsigned char *)code, 6, NULL, 0);
	crypto_hash_sha256(sha, (const unsigned char *)code, 6);
	assert_memory_not_equal(stored, plain, 32);
	assert_memory_not_equal(stored, sha, 32);
	/* No column holds the code itself. */
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM phone_codes WHERE instr(hex(code_hash),"
	    " hex(?1)) > 0", atoll(code)), 0);
}

/* The right code checks once; the same code again is refused. */
static void
test_right_then_reused(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix();
	char code[PHONE_CODE_DIGITS + 1];

	assert_int_equal(send(f, PHONE, "order", "10.0.0.1", 5, 20, now), PHONE_CODE_OK);
	sent_code(f, code);
	assert_int_equal(check(f, PHONE, "order", code, now + 10), PHONE_CODE_OK);
	assert_int_equal(fx_int(f->db, "SELECT used_at FROM phone_codes WHERE ?1", 1), now + 10);
	assert_int_equal(check(f, PHONE, "order", code, now + 11), PHONE_CODE_EXPIRED);
}

/* A wrong code is refused and counted; the right one still works after. */
static void
test_wrong(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix();
	char code[PHONE_CODE_DIGITS + 1], bad[PHONE_CODE_DIGITS + 1];

	assert_int_equal(send(f, PHONE, "order", "10.0.0.1", 5, 20, now), PHONE_CODE_OK);
	sent_code(f, code);
	assert_int_equal(check(f, PHONE, "order", wrong_of(code, bad), now), PHONE_CODE_WRONG);
	assert_int_equal(check(f, PHONE, "order", "12345", now), PHONE_CODE_WRONG);
	assert_int_equal(check(f, PHONE, "order", "", now), PHONE_CODE_WRONG);
	assert_int_equal(fx_int(f->db, "SELECT tries FROM phone_codes WHERE ?1", 1), 3);
	/* Right code, wrong phone or wrong purpose: nothing to check against. */
	assert_int_equal(check(f, OTHER, "order", code, now), PHONE_CODE_EXPIRED);
	assert_int_equal(check(f, PHONE, "login", code, now), PHONE_CODE_EXPIRED);
	assert_int_equal(check(f, PHONE, "order", code, now), PHONE_CODE_OK);
}

/* A code checked with another key is wrong: the hash is keyed. */
static void
test_other_key(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix();
	unsigned char other[PHONE_CODE_KEYLEN];
	char code[PHONE_CODE_DIGITS + 1];
	enum phone_code_outcome out;

	assert_int_equal(send(f, PHONE, "order", NULL, 5, 20, now), PHONE_CODE_OK);
	sent_code(f, code);
	memcpy(other, key, sizeof(other));
	other[0] ^= 1;
	assert_int_equal(phone_code_check(f->db, PHONE, "order", code, other, now, &out), DB_OK);
	assert_int_equal(out, PHONE_CODE_WRONG);
	assert_int_equal(check(f, PHONE, "order", code, now), PHONE_CODE_OK);
}

/* A code is good for PHONE_CODE_TTL seconds, not one more. */
static void
test_expired(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix();
	char code[PHONE_CODE_DIGITS + 1];

	assert_int_equal(send(f, PHONE, "order", NULL, 5, 20, now), PHONE_CODE_OK);
	sent_code(f, code);
	assert_int_equal(check(f, PHONE, "order", code, now + PHONE_CODE_TTL), PHONE_CODE_EXPIRED);
	assert_int_equal(check(f, PHONE, "order", code, now + PHONE_CODE_TTL - 1), PHONE_CODE_OK);
	/* Nothing ever sent: the same answer. */
	assert_int_equal(check(f, OTHER, "order", code, now), PHONE_CODE_EXPIRED);
}

/* Five tries per code: the fifth wrong one kills it, and then even the
 * right code is refused until a new one is sent. */
static void
test_five_tries(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix();
	char code[PHONE_CODE_DIGITS + 1], bad[PHONE_CODE_DIGITS + 1];

	assert_int_equal(send(f, PHONE, "order", NULL, 5, 20, now), PHONE_CODE_OK);
	sent_code(f, code);
	wrong_of(code, bad);
	for (int i = 0; i < PHONE_CODE_TRIES - 1; i++)
		assert_int_equal(check(f, PHONE, "order", bad, now), PHONE_CODE_WRONG);
	assert_int_equal(check(f, PHONE, "order", bad, now), PHONE_CODE_USED_UP);
	assert_int_equal(check(f, PHONE, "order", code, now), PHONE_CODE_USED_UP);
	assert_int_equal(fx_int(f->db, "SELECT tries FROM phone_codes WHERE ?1", 1), PHONE_CODE_TRIES);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM phone_codes WHERE used_at IS NOT NULL"
	    " AND ?1", 1), 0);
	/* A new code: the newest is the one checked. */
	assert_int_equal(send(f, PHONE, "order", NULL, 5, 20, now + 1), PHONE_CODE_OK);
	sent_code(f, code);
	assert_int_equal(check(f, PHONE, "order", code, now + 2), PHONE_CODE_OK);
}

/* The day's limits: per phone (whatever the client) and per client
 * (whatever the phone); a refused code leaves no row and no SMS; the next
 * Beijing day starts afresh. */
static void
test_limits(void **state)
{
	struct fx *f = *state;
	int64_t now = now_unix(), next;
	char phone[16];

	order_day(now, &next);
	now = next + 3600;	/* 01:00 Beijing tomorrow: the whole day ahead */
	for (int i = 0; i < 3; i++)
		assert_int_equal(send(f, PHONE, "order", i ? "10.0.0.2" : "10.0.0.1", 3, 5, now + i),
		    PHONE_CODE_OK);
	assert_int_equal(send(f, PHONE, "login", "10.0.0.3", 3, 5, now + 3),
	    PHONE_CODE_LIMIT_PHONE);
	assert_int_equal(codes(f), 3);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE ?1", 1), 3);
	/* 10.0.0.2 has two; three more phones reach its five. */
	for (int i = 0; i < 3; i++) {
		snprintf(phone, sizeof(phone), "1390000020%c", "012"[i]);
		assert_int_equal(send(f, phone, "order", "10.0.0.2", 3, 5, now + 10),
		    PHONE_CODE_OK);
	}
	assert_int_equal(send(f, "13900000209", "order", "10.0.0.2", 3, 5, now + 11),
	    PHONE_CODE_LIMIT_CLIENT);
	assert_int_equal(codes(f), 6);
	/* No limit set: none applies. */
	assert_int_equal(send(f, PHONE, "order", "10.0.0.2", 0, 0, now + 12), PHONE_CODE_OK);
	/* The next day. */
	assert_int_equal(send(f, PHONE, "order", "10.0.0.2", 3, 5, next + 86400), PHONE_CODE_OK);
	assert_int_equal(send(f, "13900000209", "order", "10.0.0.2", 3, 5, next + 86400),
	    PHONE_CODE_OK);
}

/* deliver 0 (a phone that is no volunteer's): counted and stored, no SMS. */
static void
test_not_delivered(void **state)
{
	struct fx *f = *state;
	struct phone_code_send s = {
		.phone = PHONE, .purpose = "login", .client = "10.0.0.1", .key = key,
		.per_phone = 1, .per_client = 20, .deliver = 0,
	};
	enum phone_code_outcome out;

	assert_int_equal(phone_code_send(f->db, &s, &opts, now_unix(), &out), DB_OK);
	assert_int_equal(out, PHONE_CODE_OK);
	assert_int_equal(codes(f), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM messages WHERE ?1", 1), 0);
	assert_int_equal(phone_code_send(f->db, &s, &opts, now_unix(), &out), DB_OK);
	assert_int_equal(out, PHONE_CODE_LIMIT_PHONE);
}

/* Typed codes are read as people type them. */
static void
test_read(void **state)
{
	char out[PHONE_CODE_DIGITS + 1];

	(void)state;
	assert_int_equal(phone_code_read("123456", out), 0);
	assert_string_equal(out, "123456");
	assert_int_equal(phone_code_read(" 123 456 ", out), 0);
	assert_string_equal(out, "123456");
	assert_int_equal(phone_code_read("１２３４５６", out), 0);
	assert_string_equal(out, "123456");
	assert_int_equal(phone_code_read("12345", out), -1);
	assert_int_equal(phone_code_read("1234567", out), -1);
	assert_int_equal(phone_code_read("12345a", out), -1);
	assert_int_equal(phone_code_read("", out), -1);
	assert_int_equal(phone_code_read(NULL, out), -1);
}

/* The hashes are compared with sodium_memcmp, never memcmp or strcmp: the
 * source says so (a timing test would not be reliable on a shared box). */
static void
test_constant_time_compare(void **state)
{
	char buf[32768], *p;
	size_t n;
	FILE *fp = fopen("src/model/phone_code.c", "r");

	(void)state;
	if (fp == NULL)
		skip();		/* not run from the top of the tree */
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "sodium_memcmp(hash, stored, 32)"));
	for (p = buf; (p = strstr(p, "memcmp(")) != NULL; p++)
		assert_true(p >= buf + 7 && strncmp(p - 7, "sodium_", 7) == 0);
	assert_null(strstr(buf, "strcmp(code"));
	assert_null(strstr(buf, "strcmp(typed"));
}

/* A request of the web form: with the right code it is phone_confirmed;
 * with a wrong one nothing is made and the try counts; with the limit
 * counting confirmed phones only, unconfirmed requests do not count. */
static void
test_order_confirm(void **state)
{
	struct fx *f = *state;
	char code[PHONE_CODE_DIGITS + 1], bad[PHONE_CODE_DIGITS + 1], out[CODE_LEN + 1];
	struct order_confirm c = { .key = key };
	struct order_new o = {
		.service_id = f->service, .org_id = f->mayi, .address = "马邑村",
		.need = "想请人讲讲医保新政策", .contact_name = "王女士",
		.contact_phone = PHONE, .channel = "web", .consent = 1,
		.form_nonce = "n1", .limit_confirmed = 1, .confirm = &c,
		.client = "10.0.0.1", .no_sms = 1,
	};
	struct order_limits lim = { 1, 0 };

	assert_int_equal(send(f, PHONE, "order", "10.0.0.1", 5, 20, now_unix()), PHONE_CODE_OK);
	sent_code(f, code);
	c.code = wrong_of(code, bad);
	assert_int_equal(order_create(f->db, &o, &lim, out, NULL, 0, NULL), MODEL_NOT_READY);
	assert_int_equal(c.outcome, PHONE_CODE_WRONG);
	assert_int_equal(fx_int(f->db, "SELECT tries FROM phone_codes WHERE ?1", 1), 1);
	assert_int_equal(fx_int(f->db, "SELECT count(*) FROM orders WHERE form_nonce = 'n1' AND ?1",
	    1), 0);
	c.code = code;
	assert_int_equal(order_create(f->db, &o, &lim, out, NULL, 0, NULL), MODEL_OK);
	assert_int_equal(c.outcome, PHONE_CODE_OK);
	assert_int_equal(fx_int(f->db, "SELECT phone_confirmed * 10 + sms_ok FROM orders"
	    " WHERE form_nonce = 'n1' AND ?1", 1), 10);
	/* The same form again finds the same request, code or not. */
	assert_int_equal(order_create(f->db, &o, &lim, out, NULL, 0, NULL), MODEL_DUPLICATE);
	/* Unconfirmed requests (a 座机, staff, no gateway) do not count... */
	o.confirm = NULL;
	o.form_nonce = "n2";
	o.no_sms = 0;
	assert_int_equal(order_limit_check(f->db, &o, &lim), MODEL_OK);
	assert_int_equal(order_create(f->db, &o, &lim, out, NULL, 0, NULL), MODEL_OK);
	assert_int_equal(fx_int(f->db, "SELECT phone_confirmed * 10 + sms_ok FROM orders"
	    " WHERE form_nonce = 'n2' AND ?1", 1), 1);
	/* ... but a second confirmed one is over the limit of one. */
	o.confirm = &c;
	o.form_nonce = "n3";
	assert_int_equal(order_limit_check(f->db, &o, &lim), MODEL_LIMIT_PHONE);
	assert_int_equal(send(f, PHONE, "order", "10.0.0.1", 5, 20, now_unix()), PHONE_CODE_OK);
	sent_code(f, code);
	c.code = code;
	assert_int_equal(order_create(f->db, &o, &lim, out, NULL, 0, NULL), MODEL_LIMIT_PHONE);
	/* The refused request left its code unused. */
	assert_int_equal(check(f, PHONE, "order", code, now_unix()), PHONE_CODE_OK);
	/* Without the flag every request counts, as before. */
	o.confirm = NULL;
	o.limit_confirmed = 0;
	o.form_nonce = "n4";
	assert_int_equal(order_create(f->db, &o, &lim, out, NULL, 0, NULL), MODEL_LIMIT_PHONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_send_stores_keyed_hash),
		FX_TEST(test_right_then_reused),
		FX_TEST(test_wrong),
		FX_TEST(test_other_key),
		FX_TEST(test_expired),
		FX_TEST(test_five_tries),
		FX_TEST(test_limits),
		FX_TEST(test_not_delivered),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_constant_time_compare),
		FX_TEST(test_order_confirm),
	};

	if (sodium_init() < 0)
		return 1;
	return fx_run("model: phone codes", tests);
}
