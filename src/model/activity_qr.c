/*
 * activity_qr.c: the sign-in and sign-out codes an organiser shows. A code
 * is "STEP-MAC": STEP counts ACTIVITY_QR_STEP-second steps since the epoch,
 * MAC is the first 12 bytes (hex) of HMAC-SHA-256 of "activity:ID:in|out:STEP"
 * under the activity's own key (activities.qr_key),
 * so a code cannot be made without the server, and an old one is refused.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model/activity.h"
#include "lib/util.h"

#define MAC_BYTES	12

/* Reads activity id's key into key. Returns 1, 0 if no such, -1 on error. */
static int
qr_key(struct db *db, int64_t id, unsigned char key[32])
{
	static const char sql[] = "SELECT qr_key FROM activities WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc, ok = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
		memcpy(key, sqlite3_column_blob(st, 0), 32);
		ok = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ok : rc == SQLITE_DONE ? 0 : -1;
}

/* Writes the hex MAC of (id, what, step) under key into hex. */
static void
qr_mac(const unsigned char key[32], int64_t id, enum activity_check what, int64_t step,
    char hex[2 * MAC_BYTES + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[64];

	snprintf(msg, sizeof(msg), "activity:%" PRId64 ":%s:%" PRId64, id,
	    what == CHECK_IN ? "in" : "out", step);
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, 32);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	hex_encode(mac, MAC_BYTES, hex);
}

int
activity_qr_token(struct db *db, int64_t id, enum activity_check what, int64_t now,
    char token[ACTIVITY_TOKEN_LEN + 1])
{
	unsigned char key[32];
	char hex[2 * MAC_BYTES + 1];
	int64_t step = now / ACTIVITY_QR_STEP;

	if (qr_key(db, id, key) != 1)
		return -1;
	qr_mac(key, id, what, step, hex);
	sodium_memzero(key, sizeof(key));
	snprintf(token, ACTIVITY_TOKEN_LEN + 1, "%" PRId64 "-%s", step, hex);
	return 0;
}

int
activity_qr_verify(struct db *db, int64_t id, enum activity_check what,
    const char *token, int64_t now, int max_age)
{
	unsigned char key[32];
	char hex[2 * MAC_BYTES + 1], *end;
	const char *dash;
	long long step;
	int k, same;

	if (token == NULL || (dash = strchr(token, '-')) == NULL || dash == token ||
	    dash - token > 12 || strlen(dash + 1) != 2 * MAC_BYTES)
		return 2;
	for (const char *p = token; p < dash; p++)
		if (*p < '0' || *p > '9')
			return 2;
	step = strtoll(token, &end, 10);
	if (end != dash)
		return 2;
	if ((k = qr_key(db, id, key)) != 1)
		return k == 0 ? 2 : -1;
	qr_mac(key, id, what, step, hex);
	sodium_memzero(key, sizeof(key));
	same = sodium_memcmp(hex, dash + 1, 2 * MAC_BYTES) == 0;
	if (!same || step > now / ACTIVITY_QR_STEP)
		return 2;
	return now / ACTIVITY_QR_STEP - step > max_age ? 1 : 0;
}
