/*
 * auth.c: the sessions and login_failures tables (see auth.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "model/auth.h"
#include "lib/util.h"

/* SHA-256 of the session id as typed in the cookie. */
static void
sid_hash(const char *sid, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)sid, strlen(sid));
}

/* The SQL of each kind of session. The statements differ only in their
 * table and account columns; they are spelled out so each is a literal. */
static const struct {
	const char *insert, *load, *touch, *end;
} sess_sql[SESS__MAX] = {
	[SESS_STAFF] = {
		"INSERT INTO sessions(id_hash, user_id, csrf, created_at, seen_at, expires_at)"
		" VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
		"SELECT s.user_id, s.csrf, s.created_at, s.seen_at, s.expires_at, 0"
		" FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.id_hash = ?1 AND u.disabled = 0",
		"UPDATE sessions SET seen_at = ?2 WHERE id_hash = ?1",
		"DELETE FROM sessions WHERE id_hash = ?1 OR expires_at < ?2",
	},
	[SESS_VOLUNTEER] = {
		"INSERT INTO volunteer_sessions(id_hash, volunteer_id, csrf, created_at, seen_at,"
		" expires_at, remember) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
		"SELECT s.volunteer_id, s.csrf, s.created_at, s.seen_at, s.expires_at, s.remember"
		" FROM volunteer_sessions s JOIN volunteers v ON v.id = s.volunteer_id"
		" WHERE s.id_hash = ?1 AND v.status = 'approved'",
		"UPDATE volunteer_sessions SET seen_at = ?2 WHERE id_hash = ?1",
		"DELETE FROM volunteer_sessions WHERE id_hash = ?1 OR expires_at < ?2",
	},
};

enum db_err
auth_session_new(struct db *db, enum sess_kind kind, int64_t id, int remember,
    char sid_out[SESSION_ID_HEX + 1])
{
	unsigned char raw[16], hash[32], csrf[32];
	int64_t now = now_unix();
	sqlite3_stmt *st;
	enum db_err e;

	randombytes_buf(raw, sizeof(raw));
	randombytes_buf(csrf, sizeof(csrf));
	hex_encode(raw, sizeof(raw), sid_out);
	sid_hash(sid_out, hash);
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sess_sql[kind].insert)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_blob(st, 3, csrf, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, now + (remember ? SESSION_REMEMBER_LIFETIME : SESSION_LIFETIME));
	if (kind == SESS_VOLUNTEER)
		sqlite3_bind_int(st, 6, remember ? 1 : 0);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
}

enum db_err
auth_session_load(struct db *db, enum sess_kind kind, const char *sid,
    struct session *out, int *found)
{
	unsigned char hash[32];
	int64_t now = now_unix(), idle;
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (strlen(sid) != SESSION_ID_HEX || strspn(sid, "0123456789abcdef") != SESSION_ID_HEX)
		return DB_OK;
	sid_hash(sid, hash);
	if ((st = db_stmt(db, sess_sql[kind].load)) == NULL)
		return DB_ERROR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
	}
	out->user_id = sqlite3_column_int64(st, 0);
	if (sqlite3_column_bytes(st, 1) == 32)
		hex_encode(sqlite3_column_blob(st, 1), 32, out->csrf);
	out->created_at = sqlite3_column_int64(st, 2);
	out->seen_at = sqlite3_column_int64(st, 3);
	out->expires_at = sqlite3_column_int64(st, 4);
	out->remember = sqlite3_column_int(st, 5);
	sqlite3_reset(st);
	idle = out->remember ? SESSION_REMEMBER_IDLE : SESSION_IDLE;
	if (now >= out->expires_at || now - out->seen_at > idle)
		return DB_OK;
	*found = 1;
	/* Note activity at most once a minute: a write per page is not needed. */
	if (now - out->seen_at >= 60) {
		if (db_tx_begin(db) != DB_OK)
			return DB_OK;	/* busy: the next page will note it */
		if ((st = db_stmt(db, sess_sql[kind].touch)) != NULL) {
			sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, now);
			sqlite3_step(st);
		}
		db_tx_commit(db);
		out->seen_at = now;
	}
	return DB_OK;
}

enum db_err
auth_session_end(struct db *db, enum sess_kind kind, const char *sid)
{
	unsigned char hash[32];
	sqlite3_stmt *st;
	enum db_err e;

	sid_hash(sid, hash);
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sess_sql[kind].end)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_unix());
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
}

/* Returns how many failures key had since t, or -1. Sets *oldest. */
static int
failures_since(struct db *db, const char *key, int64_t t, int64_t *oldest)
{
	static const char sql[] =
	    "SELECT count(*), coalesce(min(at), 0) FROM login_failures WHERE key = ?1 AND at > ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, t);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		*oldest = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return n;
}

int64_t
auth_login_wait(struct db *db, const char *login, const char *client)
{
	int64_t now = now_unix(), since = now - LOGIN_WINDOW, oldest = 0, wait = 0;
	char key[160];
	int n;

	snprintf(key, sizeof(key), "login:%s", login);
	if ((n = failures_since(db, key, since, &oldest)) < 0)
		return -1;
	if (n >= LOGIN_MAX_PER_ACCOUNT)
		wait = oldest + LOGIN_WINDOW - now;
	snprintf(key, sizeof(key), "client:%s", client ? client : "");
	if ((n = failures_since(db, key, since, &oldest)) < 0)
		return -1;
	if (n >= LOGIN_MAX_PER_CLIENT && oldest + LOGIN_WINDOW - now > wait)
		wait = oldest + LOGIN_WINDOW - now;
	return wait > 0 ? wait : 0;
}

enum db_err
auth_login_failed(struct db *db, const char *login, const char *client)
{
	static const char ins[] = "INSERT INTO login_failures(key, at) VALUES (?1, ?2)";
	static const char old[] = "DELETE FROM login_failures WHERE at < ?1";
	const char *keys[2];
	char k1[160], k2[160];
	int64_t now = now_unix();
	sqlite3_stmt *st;
	enum db_err e;

	snprintf(k1, sizeof(k1), "login:%s", login);
	snprintf(k2, sizeof(k2), "client:%s", client ? client : "");
	keys[0] = k1;
	keys[1] = k2;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	for (int i = 0; i < 2; i++) {
		if ((st = db_stmt(db, ins)) == NULL) {
			db_tx_rollback(db);
			return DB_ERROR;
		}
		sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
			db_tx_rollback(db);
			return e;
		}
	}
	if ((st = db_stmt(db, old)) != NULL) {
		sqlite3_bind_int64(st, 1, now - 86400);
		sqlite3_step(st);
	}
	return db_tx_commit(db);
}

enum db_err
auth_login_ok(struct db *db, const char *login)
{
	static const char sql[] = "DELETE FROM login_failures WHERE key = ?1";
	char key[160];
	sqlite3_stmt *st;
	enum db_err e;

	snprintf(key, sizeof(key), "login:%s", login);
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_step(st);
	return db_tx_commit(db);
}
