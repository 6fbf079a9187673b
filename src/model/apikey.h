/*
 * apikey.h: keys for Open311 clients. A key is 32 random bytes written as 43
 * base64url characters; it is shown once when made and only its SHA-256 is
 * kept (api_keys.key_hash), so a copy of the database gives no usable key.
 * Keys are named (1 to 60 characters) and revoked, never deleted: orders and
 * events made through a key keep pointing at it.
 */
#ifndef SIDAN_MODEL_APIKEY_H
#define SIDAN_MODEL_APIKEY_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"

#define APIKEY_LEN	43	/* characters in a key, without the NUL */
#define APIKEY_NAME_MAX	60	/* characters (not bytes) in a name */


/* One key as listed; name lives as long as the callback runs. */
struct apikey {
	int64_t		 id;
	const char	*name;
	int64_t		 created_at;
	int64_t		 revoked_at;	/* 0: still valid */
};

/* Returns a short English description of err. */
const char	*apikey_strerror(enum model_err err);
/* Returns 1 if name may name a key: valid UTF-8, 1 to APIKEY_NAME_MAX
 * characters, no control characters, and not only digits (so that
 * apikey_revoke cannot mistake it for an id). Else 0. */
int		 apikey_name_valid(const char *name);
/* Makes a new key named name and stores its hash. Returns MODEL_OK with
 * the key and a NUL in key_out (the only time it exists in clear), or
 * MODEL_BAD_NAME, MODEL_EXISTS or a database error (key_out is then ""). */
enum model_err	 apikey_add(struct db *db, const char *name,
		    char key_out[APIKEY_LEN + 1]);
/* Calls fn for each key, revoked ones too, by id. Returns MODEL_OK or a
 * database error. */
enum model_err	 apikey_each(struct db *db,
		    void (*fn)(void *arg, const struct apikey *), void *arg);
/* Revokes the key named name_or_id, or else whose id it is (in decimal).
 * Returns MODEL_OK, MODEL_NOT_FOUND, MODEL_REVOKED or a database error. */
enum model_err	 apikey_revoke(struct db *db, const char *name_or_id);
/* Returns 1 and the key's id in *id_out (which may be NULL) if key is a
 * key that has not been revoked; else 0, also on a database error. */
int		 apikey_check(struct db *db, const char *key, int64_t *id_out);

#endif
