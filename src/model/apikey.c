/*
 * apikey.c: making, listing, revoking and checking Open311 API keys. A key
 * is looked up by the SHA-256 of its text, so checking one compares no
 * secret byte by byte and the database never holds a key in clear.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model/apikey.h"
#include "lib/utf8.h"
#include "lib/util.h"

_Static_assert(sodium_base64_ENCODED_LEN(32,
    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == APIKEY_LEN + 1,
    "32 bytes in base64url without padding are APIKEY_LEN characters");

const char *
apikey_strerror(enum model_err err)
{
	/* A key's own outcomes in its own words; the rest as the model says. */
	switch (err) {
	case MODEL_EXISTS:	return "a key with this name exists already";
	case MODEL_NOT_FOUND:	return "no key has this name or id";
	case MODEL_REVOKED:	return "the key is revoked already";
	default:		return model_strerror(err);
	}
}

/* Maps an SQLite result code that is not ROW or DONE to an apikey error. */
static enum model_err
from_rc(int rc)
{
	enum model_err e = model_err_of(db_err_of(rc));

	return e == MODEL_OK ? MODEL_ERROR : e;
}

/* Returns 1 if s is one or more ASCII digits and nothing else, else 0. */
static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
apikey_name_valid(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n, chars = 0;

	if (name == NULL || (n = strlen(name)) == 0 || !utf8_valid(name, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;		/* C0 control or DEL */
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return 0;		/* C1 control, U+0080..U+009F */
		if ((p[i] & 0xc0) != 0x80)
			chars++;
	}
	return chars <= APIKEY_NAME_MAX && !all_digits(name);
}

enum model_err
apikey_add(struct db *db, const char *name, char key_out[APIKEY_LEN + 1])
{
	static const char find[] = "SELECT 1 FROM api_keys WHERE name = ?1";
	static const char put[] =
	    "INSERT INTO api_keys(name, key_hash, created_at) VALUES (?1, ?2, ?3)";
	unsigned char raw[32], hash[crypto_hash_sha256_BYTES];
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	key_out[0] = '\0';
	if (!apikey_name_valid(name))
		return MODEL_BAD_NAME;
	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, find)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		db_tx_rollback(db);
		return MODEL_EXISTS;
	}
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		return from_rc(rc);
	}

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(key_out, APIKEY_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	crypto_hash_sha256(hash, (const unsigned char *)key_out, APIKEY_LEN);

	if ((st = db_stmt(db, put)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, sizeof(hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_unix());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		sodium_memzero(key_out, APIKEY_LEN + 1);
		return from_rc(rc);
	}
	if ((e = db_tx_commit(db)) != DB_OK) {
		sodium_memzero(key_out, APIKEY_LEN + 1);
		return model_err_of(e);
	}
	return MODEL_OK;
fail:
	db_tx_rollback(db);
	sodium_memzero(key_out, APIKEY_LEN + 1);
	return MODEL_ERROR;
}

enum model_err
apikey_each(struct db *db, void (*fn)(void *, const struct apikey *), void *arg)
{
	static const char sql[] =
	    "SELECT id, name, created_at, coalesce(revoked_at, 0) FROM api_keys"
	    " ORDER BY id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct apikey k = {
			.id = sqlite3_column_int64(st, 0),
			.name = db_text(st, 1),
			.created_at = sqlite3_column_int64(st, 2),
			.revoked_at = sqlite3_column_int64(st, 3),
		};
		fn(arg, &k);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : from_rc(rc);
}

/* Parses s as a positive decimal id. Returns the id, or 0 if it is none. */
static int64_t
parse_id(const char *s)
{
	char *end;
	long long v;

	if (!all_digits(s))
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return 0;
	return (int64_t)v;
}

enum model_err
apikey_revoke(struct db *db, const char *name_or_id)
{
	/* A name wins over an id; names made here are never only digits. */
	static const char find[] =
	    "SELECT id, revoked_at IS NOT NULL, 0 AS pref FROM api_keys WHERE name = ?1"
	    " UNION ALL"
	    " SELECT id, revoked_at IS NOT NULL, 1 FROM api_keys WHERE id = ?2"
	    " ORDER BY pref LIMIT 1";
	static const char put[] =
	    "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
	int64_t id = parse_id(name_or_id), key_id;
	sqlite3_stmt *st;
	enum db_err e;
	int rc, revoked;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, find)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_text(st, 1, name_or_id, -1, SQLITE_STATIC);
	if (id > 0)
		sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	key_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	revoked = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		db_tx_rollback(db);
		return rc == SQLITE_DONE ? MODEL_NOT_FOUND : from_rc(rc);
	}
	if (revoked) {
		db_tx_rollback(db);
		return MODEL_REVOKED;
	}
	if ((st = db_stmt(db, put)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, key_id);
	sqlite3_bind_int64(st, 2, now_unix());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(db_handle(db)) != 1) {
		db_tx_rollback(db);
		return rc == SQLITE_DONE ? MODEL_ERROR : from_rc(rc);
	}
	return model_err_of(db_tx_commit(db));
}

int
apikey_check(struct db *db, const char *key, int64_t *id_out)
{
	static const char sql[] =
	    "SELECT id FROM api_keys WHERE key_hash = ?1 AND revoked_at IS NULL";
	unsigned char hash[crypto_hash_sha256_BYTES];
	sqlite3_stmt *st;
	int ok = 0;

	if (key == NULL || strnlen(key, APIKEY_LEN + 1) != APIKEY_LEN)
		return 0;
	crypto_hash_sha256(hash, (const unsigned char *)key, APIKEY_LEN);
	if ((st = db_stmt(db, sql)) == NULL)
		return 0;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (id_out)
			*id_out = sqlite3_column_int64(st, 0);
		ok = 1;
	}
	sqlite3_reset(st);
	return ok;
}
