/*
 * phone_code.c: 验证码 (see phone_code.h). A code is drawn with libsodium's
 * randombytes_uniform and stored only as a BLAKE2b hash keyed with the
 * server key over the phone, the purpose and the code: a 6-digit number
 * has too few values for a plain hash to hide it, and a row cannot be
 * moved to another phone. Hashes are compared with sodium_memcmp (constant
 * time). Limits count the rows made since the Beijing day began, so a code
 * refused for a limit leaves no row.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "model/message_text.h"
#include "model/order.h"
#include "model/phone_code.h"

/* Writes the keyed hash of code for phone and purpose into out. */
static void
code_hash(const unsigned char *key, const char *phone, const char *purpose,
    const char *code, unsigned char out[32])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key, PHONE_CODE_KEYLEN, 32);
	/* NULs between the parts: "phone\0purpose\0code" is one reading only. */
	crypto_generichash_update(&st, (const unsigned char *)phone, strlen(phone) + 1);
	crypto_generichash_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof(st));
}

int
phone_code_read(const char *typed, char out[PHONE_CODE_DIGITS + 1])
{
	const unsigned char *s = (const unsigned char *)typed;
	int n = 0;

	if (typed == NULL)
		return -1;
	while (*s) {
		if (*s >= '0' && *s <= '9') {
			if (n == PHONE_CODE_DIGITS)
				return -1;
			out[n++] = (char)*s++;
		} else if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
			/* Full-width ０..９ (U+FF10..U+FF19). */
			if (n == PHONE_CODE_DIGITS)
				return -1;
			out[n++] = (char)('0' + (s[2] - 0x90));
			s += 3;
		} else if (*s == ' ' || *s == '\t' || *s == '-')
			s++;
		else if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
			s += 3;		/* the ideographic space */
		else
			return -1;
	}
	out[n] = '\0';
	return n == PHONE_CODE_DIGITS ? 0 : -1;
}

/* Counts the codes made for phone value (by_client 0) or from client
 * address value (by_client 1) from since on. Returns the count, or -1. */
static int
codes_since(struct db *db, int by_client, const char *value, int64_t since)
{
	static const char by_phone_sql[] =
	    "SELECT count(*) FROM phone_codes WHERE phone = ?1 AND created_at >= ?2";
	static const char by_client_sql[] =
	    "SELECT count(*) FROM phone_codes WHERE client = ?1 AND created_at >= ?2";
	sqlite3_stmt *st = db_stmt(db, by_client ? by_client_sql : by_phone_sql);
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Stores a code's hash. Returns DB_OK or an error. */
static enum db_err
code_insert(struct db *db, const struct phone_code_send *s, const unsigned char hash[32],
    int64_t now)
{
	static const char sql[] =
	    "INSERT INTO phone_codes(phone, purpose, code_hash, client, created_at, expires_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, s->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->client ? s->client : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int64(st, 6, now + PHONE_CODE_TTL);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* The limits, the code and its SMS, inside the caller's transaction. */
static enum db_err
send_tx(struct db *db, const struct phone_code_send *s, const struct message_opts *opts,
    int64_t now, enum phone_code_outcome *out)
{
	int64_t next_day, day_start;
	unsigned char hash[32];
	char code[PHONE_CODE_DIGITS + 1], text[256];
	const char *args[1] = { code };
	const char *kind = strcmp(s->purpose, "login") == 0 ? "code_login" : "code_order";
	struct message_new m;
	enum db_err e;
	int n;

	order_day(now, &next_day);
	day_start = next_day - 86400;
	if (s->per_phone > 0) {
		if ((n = codes_since(db, 0, s->phone, day_start)) < 0)
			return DB_ERROR;
		if (n >= s->per_phone) {
			*out = PHONE_CODE_LIMIT_PHONE;
			return DB_OK;
		}
	}
	if (s->per_client > 0 && s->client && *s->client) {
		if ((n = codes_since(db, 1, s->client, day_start)) < 0)
			return DB_ERROR;
		if (n >= s->per_client) {
			*out = PHONE_CODE_LIMIT_CLIENT;
			return DB_OK;
		}
	}
	/* 000000 to 999999, each as likely (no modulo bias). */
	snprintf(code, sizeof(code), "%06u", (unsigned)randombytes_uniform(1000000));
	code_hash(s->key, s->phone, s->purpose, code, hash);
	if ((e = code_insert(db, s, hash, now)) != DB_OK)
		goto done;
	if (s->deliver) {
		message_compose(text, sizeof(text), kind, args, 1);
		m = (struct message_new){
			.kind = kind, .phone = s->phone, .text = text, .link = "", .urgent = 1,
		};
		e = message_add(db, opts, &m, now);
	}
	*out = PHONE_CODE_OK;
done:
	sodium_memzero(code, sizeof(code));
	sodium_memzero(text, sizeof(text));
	return e;
}

enum db_err
phone_code_send(struct db *db, const struct phone_code_send *s,
    const struct message_opts *opts, int64_t now, enum phone_code_outcome *out)
{
	enum db_err e;

	*out = PHONE_CODE_EXPIRED;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((e = send_tx(db, s, opts, now, out)) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	if (*out != PHONE_CODE_OK) {
		db_tx_rollback(db);	/* a limit: nothing to keep */
		return DB_OK;
	}
	return db_tx_commit(db);
}

enum db_err
phone_code_check_tx(struct db *db, const char *phone, const char *purpose,
    const char *typed, const unsigned char *key, int64_t now,
    enum phone_code_outcome *out)
{
	static const char find[] =
	    "SELECT id, code_hash, tries FROM phone_codes WHERE phone = ?1 AND purpose = ?2"
	    " AND used_at IS NULL AND expires_at > ?3 ORDER BY id DESC LIMIT 1";
	static const char try_sql[] = "UPDATE phone_codes SET tries = tries + 1 WHERE id = ?1";
	static const char use_sql[] = "UPDATE phone_codes SET used_at = ?2 WHERE id = ?1";
	unsigned char stored[32], hash[32];
	char code[PHONE_CODE_DIGITS + 1];
	sqlite3_stmt *st;
	int64_t id = 0;
	int tries = 0, rc, match;

	*out = PHONE_CODE_EXPIRED;
	if ((st = db_stmt(db, find)) == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 32) {
		id = sqlite3_column_int64(st, 0);
		memcpy(stored, sqlite3_column_blob(st, 1), 32);
		tries = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err_of(rc);
	if (id == 0)
		return DB_OK;		/* none live: PHONE_CODE_EXPIRED */
	if (tries >= PHONE_CODE_TRIES) {
		*out = PHONE_CODE_USED_UP;
		return DB_OK;
	}
	if ((st = db_stmt(db, try_sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err_of(rc);
	/* Something that is not six digits is a wrong try like any other. */
	if (phone_code_read(typed, code) != 0)
		snprintf(code, sizeof(code), "%s", "x");
	code_hash(key, phone, purpose, code, hash);
	match = sodium_memcmp(hash, stored, 32) == 0;
	sodium_memzero(code, sizeof(code));
	if (!match) {
		*out = tries + 1 >= PHONE_CODE_TRIES ? PHONE_CODE_USED_UP : PHONE_CODE_WRONG;
		return DB_OK;
	}
	if ((st = db_stmt(db, use_sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err_of(rc);
	*out = PHONE_CODE_OK;
	return DB_OK;
}

enum db_err
phone_code_check(struct db *db, const char *phone, const char *purpose,
    const char *typed, const unsigned char *key, int64_t now,
    enum phone_code_outcome *out)
{
	enum db_err e;

	*out = PHONE_CODE_EXPIRED;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((e = phone_code_check_tx(db, phone, purpose, typed, key, now, out)) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
}
