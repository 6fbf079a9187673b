/*
 * order_create.c: making new requests (群众点单): the daily limits per phone
 * and per client address, the row with its first event and its photos, one
 * at a time (order_create) or several in one transaction (the writer
 * process's order_create_batch). Finding and changing requests is order.c's.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "model/order.h"
#include "model/order_state.h"
#include "model/photo.h"
#include "lib/util.h"

/* Returns today's counter for key (0 when none), or -1 on error. */
static int
count_get(struct db *db, const char *key, int day)
{
	static const char get[] =
	    "SELECT count FROM rate_counts WHERE key = ?1 AND day = ?2";
	sqlite3_stmt *st;
	int have = 0, rc;

	if ((st = db_stmt(db, get)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? have : -1;
}

/*
 * Adds one to today's counter for key; returns 1 if that went past limit
 * (the counter is then left as it was), 0 if within it, -1 on error.
 */
static int
count_up(struct db *db, const char *key, int day, int limit)
{
	static const char put[] =
	    "INSERT INTO rate_counts(key, day, count) VALUES (?1, ?2, 1)"
	    " ON CONFLICT(key, day) DO UPDATE SET count = count + 1";
	sqlite3_stmt *st;
	int have;

	if (limit <= 0)
		return 0;
	if ((have = count_get(db, key, day)) < 0)
		return -1;
	if (have >= limit)
		return 1;
	if ((st = db_stmt(db, put)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	return db_err_of(sqlite3_step(st)) == DB_OK ? 0 : -1;
}

/* Returns 1 if o's phone counts towards the per-phone limit: always, or
 * with o->limit_confirmed only when confirmed. */
static int
phone_counted(const struct order_new *o, int confirmed)
{
	return o->contact_phone && *o->contact_phone && (!o->limit_confirmed || confirmed);
}

enum model_err
order_limit_check(struct db *db, const struct order_new *o, const struct order_limits *lim)
{
	int day = order_day(now_unix(), NULL), have;
	char key[96];

	if (lim->per_phone > 0 && phone_counted(o, o->confirm != NULL)) {
		snprintf(key, sizeof(key), "phone:%s", o->contact_phone);
		if ((have = count_get(db, key, day)) < 0)
			return MODEL_ERROR;
		if (have >= lim->per_phone)
			return MODEL_LIMIT_PHONE;
	}
	if (lim->per_client > 0 && o->client && *o->client) {
		snprintf(key, sizeof(key), "client:%s", o->client);
		if ((have = count_get(db, key, day)) < 0)
			return MODEL_ERROR;
		if (have >= lim->per_client)
			return MODEL_LIMIT_CLIENT;
	}
	return MODEL_OK;
}

/* Inserts the order row with a fresh code (a new one on the rare clash);
 * confirmed: its mobile was confirmed with a 验证码. Returns DB_OK and the
 * row id, or an error. */
static enum db_err
insert_order(struct db *db, const struct order_new *o, int64_t now, int confirmed,
    char code[CODE_LEN + 1], int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO orders(code, token_hash, form_nonce, service_id, org_id,"
	    " address, need, wanted_time, contact_name, contact_phone, contact_landline,"
	    " contact_email, lat, lon, channel, api_key_id, consent_at, created_at, updated_at,"
	    " due_at, institute_id, sms_ok, phone_confirmed, media_url)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " CASE WHEN ?10 GLOB '0*' THEN '' ELSE ?10 END, CASE WHEN ?10 GLOB '0*' THEN ?10 ELSE '' END,"
	    " ?11, ?12, ?13, ?14, ?15,"
	    " ?16, ?17, ?17, ?17 + 3600 * s.due_hours, " ORDER_INSTITUTE_OF("?5") ", ?18, ?19, ?20"
	    " FROM services s WHERE s.id = ?4";
	for (int attempt = 0; attempt < 8; attempt++) {
		sqlite3_stmt *st = db_stmt(db, sql);
		int rc;

		if (st == NULL)
			return DB_ERROR;
		code_new(code);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		if (o->token_hash)
			sqlite3_bind_blob(st, 2, o->token_hash, 32, SQLITE_STATIC);
		if (o->form_nonce)
			sqlite3_bind_text(st, 3, o->form_nonce, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, o->service_id);
		sqlite3_bind_int64(st, 5, o->org_id);
		sqlite3_bind_text(st, 6, o->address ? o->address : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, o->need ? o->need : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, o->wanted_time ? o->wanted_time : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, o->contact_name ? o->contact_name : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, o->contact_phone ? o->contact_phone : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, o->contact_email ? o->contact_email : "", -1, SQLITE_STATIC);
		if (o->has_geo) {
			sqlite3_bind_double(st, 12, o->lat);
			sqlite3_bind_double(st, 13, o->lon);
		}
		sqlite3_bind_text(st, 14, o->channel, -1, SQLITE_STATIC);
		if (o->api_key_id)
			sqlite3_bind_int64(st, 15, o->api_key_id);
		if (o->consent)
			sqlite3_bind_int64(st, 16, now);
		sqlite3_bind_int64(st, 17, now);
		sqlite3_bind_int(st, 18, !o->no_sms);
		sqlite3_bind_int(st, 19, confirmed != 0);
		sqlite3_bind_text(st, 20, o->media_url ? o->media_url : "", -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			if (sqlite3_changes(db_handle(db)) != 1)
				return DB_ERROR;	/* no such service */
			*id = sqlite3_last_insert_rowid(db_handle(db));
			return DB_OK;
		}
		if (rc != SQLITE_CONSTRAINT_UNIQUE)
			return db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
		/* A clash on code (1 in 2^44 per pair): draw again. */
	}
	return DB_ERROR;
}

/* Adds the n photos of a new request id (inside the caller's transaction).
 * Returns DB_OK or an error. */
static enum db_err
add_photos(struct db *db, int64_t id, const struct media_pair *photos, size_t n,
    const char *dir, int64_t now)
{
	enum db_err e;

	for (size_t i = 0; i < n; i++) {
		struct photo p = { .kind = PHOTO_REQUEST, .order_id = id, .m = photos[i],
		    .created_at = now };
		if ((e = photo_add(db, dir, &p)) != DB_OK)
			return e;
	}
	return DB_OK;
}

/*
 * The body of order_create, inside the caller's write transaction (now is
 * read under its lock): the nonce, the 验证码, the limits, the row, its
 * first event and its photos (*photos_tried set, when not NULL, once the
 * writing starts). Returns MODEL_OK (all written), MODEL_NOT_READY
 * (a wrong 验证码: only its try written, to be committed), MODEL_DUPLICATE and
 * the earlier code, a limit, or an error; after anything but the first two
 * the caller rolls back what it wrote.
 */
static enum model_err
create_in_tx(struct db *db, const struct order_new *o, const struct order_limits *lim,
    char code_out[CODE_LEN + 1], const struct media_pair *photos, size_t n,
    const char *media_dir, int *photos_tried)
{
	int64_t now, id = 0;
	int day, over, confirmed = 0;
	char key[96];
	enum model_err err;
	enum db_err e;
	enum actor actor = o->staff_id ? ACTOR_STAFF :
	    o->api_key_id ? ACTOR_API : ACTOR_RESIDENT;

	/* The time is read under the write lock, so that requests' ids follow
	 * their times (schema 23): a request that waited for the lock is not
	 * entered with an earlier time than one that went before it. */
	now = now_unix();
	day = order_day(now, NULL);
	if (o->form_nonce && (err = order_code_of_nonce(db, o->form_nonce, code_out)) !=
	    MODEL_NOT_FOUND)
		return err == MODEL_OK ? MODEL_DUPLICATE : err;
	if (o->confirm) {
		e = phone_code_check_tx(db, o->contact_phone ? o->contact_phone : "", "order",
		    o->confirm->code, o->confirm->key, now, &o->confirm->outcome);
		if (e != DB_OK)
			return model_err_of(e);
		/* Keep the try: a wrong code counts. */
		if (o->confirm->outcome != PHONE_CODE_OK)
			return MODEL_NOT_READY;
		confirmed = 1;
	}
	if (phone_counted(o, confirmed)) {
		snprintf(key, sizeof(key), "phone:%s", o->contact_phone);
		if ((over = count_up(db, key, day, lim->per_phone)) != 0)
			return over > 0 ? MODEL_LIMIT_PHONE : MODEL_ERROR;
	}
	if (o->client && *o->client) {
		snprintf(key, sizeof(key), "client:%s", o->client);
		if ((over = count_up(db, key, day, lim->per_client)) != 0)
			return over > 0 ? MODEL_LIMIT_CLIENT : MODEL_ERROR;
	}
	if (photos_tried)
		*photos_tried = 1;	/* from here a failure may leave store files */
	if ((e = insert_order(db, o, now, confirmed, code_out, &id)) != DB_OK ||
	    (e = order_event_add(db, id, now, actor, o->staff_id ? o->staff_id : o->api_key_id,
	    NULL, "submitted", "", EVENT_PUBLIC)) != DB_OK ||
	    (n > 0 && (e = add_photos(db, id, photos, n, media_dir, now)) != DB_OK))
		return model_err_of(e);
	return MODEL_OK;
}

enum model_err
order_create(struct db *db, const struct order_new *o,
    const struct order_limits *lim, char code_out[CODE_LEN + 1],
    const struct media_pair *photos, size_t n, const char *media_dir)
{
	enum model_err err;
	enum db_err e;
	int tried = 0;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	err = create_in_tx(db, o, lim, code_out, photos, n, media_dir, &tried);
	if (err != MODEL_OK && err != MODEL_NOT_READY) {
		db_tx_rollback(db);
		if (tried)
			photo_settle(db, media_dir, photos, n, 0);
		return err;
	}
	e = db_tx_commit(db);
	if (err == MODEL_NOT_READY)	/* only the try was written: photos stay staged */
		return e == DB_OK ? MODEL_NOT_READY : model_err_of(e);
	photo_settle(db, media_dir, photos, n, e == DB_OK);
	return model_err_of(e);
}

/* Runs one of the statements that mark, keep or undo a batch item's
 * writes (a savepoint). Returns DB_OK or an error. */
static enum db_err
savepoint_step(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	return st == NULL ? DB_ERROR : db_err_of(sqlite3_step(st));
}

enum db_err
order_create_batch(struct db *db, struct order_batch_item *v, size_t n)
{
	static const char mark[] = "SAVEPOINT batch_item", keep[] = "RELEASE batch_item",
	    undo[] = "ROLLBACK TO batch_item";
	enum db_err e;

	for (size_t i = 0; i < n; i++)
		if (v[i].o->confirm != NULL)
			return DB_ERROR;	/* a 验证码 commits a wrong try: not here */
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		if ((e = savepoint_step(db, mark)) != DB_OK)
			break;
		/* Checked under the write lock: a request its worker stopped
		 * waiting for is left to the worker (which writes it itself),
		 * not written after the worker has answered. */
		if (v[i].deadline_ms && now_ms_mono() >= v[i].deadline_ms) {
			v[i].err = MODEL_BUSY;
			e = savepoint_step(db, keep);
			if (e != DB_OK)
				break;
			continue;
		}
		v[i].err = create_in_tx(db, v[i].o, &v[i].lim, v[i].code, NULL, 0, NULL, NULL);
		if (v[i].err == MODEL_OK)
			e = savepoint_step(db, keep);
		else if (v[i].err == MODEL_DUPLICATE || v[i].err == MODEL_LIMIT_PHONE ||
		    v[i].err == MODEL_LIMIT_CLIENT) {
			if ((e = savepoint_step(db, undo)) == DB_OK)
				e = savepoint_step(db, keep);
		} else
			e = v[i].err == MODEL_BUSY ? DB_BUSY : v[i].err == MODEL_FULL ?
			    DB_FULL : DB_ERROR;
		if (e != DB_OK)
			break;
	}
	if (e != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
}
