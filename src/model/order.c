/*
 * order.c: creating, finding and cancelling orders. Every change runs in one
 * write transaction together with the event that records it.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "model/order.h"
#include "model/order_state.h"
#include "model/photo.h"
#include "lib/util.h"

/* Steps st once; returns the db error of anything but ROW or DONE. */
static enum db_err
step(sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return DB_ERROR;
	rc = sqlite3_step(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? DB_OK : db_err_of(rc);
}

int
order_day(int64_t t, int64_t *next_day_start)
{
	int64_t local = t + 8 * 3600, day = local / 86400;
	char buf[20];

	if (next_day_start)
		*next_day_start = (day + 1) * 86400 - 8 * 3600;
	time_format_cst(t, buf);	/* "YYYY-MM-DD ..." */
	return (buf[0] - '0') * 10000000 + (buf[1] - '0') * 1000000 +
	    (buf[2] - '0') * 100000 + (buf[3] - '0') * 10000 +
	    (buf[5] - '0') * 1000 + (buf[6] - '0') * 100 +
	    (buf[8] - '0') * 10 + (buf[9] - '0');
}

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
	return step(st) == DB_OK ? 0 : -1;
}

/* Returns 1 if o's phone counts towards the per-phone limit: always, or
 * with o->limit_confirmed only when confirmed. */
static int
phone_counted(const struct order_new *o, int confirmed)
{
	return o->contact_phone && *o->contact_phone && (!o->limit_confirmed || confirmed);
}

enum model_err
order_code_of_nonce(struct db *db, const char *nonce, char code_out[CODE_LEN + 1])
{
	static const char sql[] = "SELECT code FROM orders WHERE form_nonce = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_text(st, 1, nonce, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(code_out, CODE_LEN + 1, "%s", db_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MODEL_OK : rc == SQLITE_DONE ? MODEL_NOT_FOUND :
	    model_err_of(db_err_of(rc));
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

enum db_err
order_event_add(struct db *db, int64_t order_id, int64_t at, int actor,
    int64_t actor_id, const char *from, const char *to, const char *note,
    enum event_shown shown)
{
	static const char sql[] =
	    "INSERT INTO order_events(order_id, at, actor, actor_id, from_state,"
	    " to_state, note, public, note_public) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, actor_name(actor), -1, SQLITE_STATIC);
	if (actor_id)
		sqlite3_bind_int64(st, 4, actor_id);
	if (from)
		sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, shown != EVENT_STAFF);
	sqlite3_bind_int(st, 9, shown == EVENT_PUBLIC_NOTE);
	return step(st);
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
	return step(db_stmt(db, sql));
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

enum model_err
order_media_url(struct db *db, int64_t order_id, char *out, size_t len)
{
	static const char sql[] = "SELECT media_url FROM orders WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	out[0] = '\0';
	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(out, len, "%s", db_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MODEL_OK : rc == SQLITE_DONE ? MODEL_NOT_FOUND :
	    model_err_of(db_err_of(rc));
}

enum db_err
order_disorder_recount(struct db *db, int64_t *out_of_order)
{
	static const char sql[] =
	    "UPDATE change_counts SET n = (SELECT count(*) FROM (SELECT id > lag(id) OVER"
	    " (ORDER BY created_at DESC, id DESC) AS back FROM orders) WHERE back)"
	    " WHERE name = 'orders_disorder' RETURNING n";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*out_of_order = 0;
	if (st == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out_of_order = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* One statement for a whole list: the 可公开 completion photos of the
 * requests whose codes are in the JSON array ?1, by request, oldest photo
 * first; fn gets the first of each. Returns MODEL_OK or an error. */
enum model_err
order_public_photos(struct db *db, const char *const *codes, size_t n,
    void (*fn)(void *arg, const char *code, const char *hash), void *arg)
{
	static const char sql[] =
	    "SELECT o.code, p.file FROM orders o JOIN photos p ON p.order_id = o.id"
	    " WHERE o.code IN (SELECT value FROM json_each(?1))"
	    " AND p.kind = 'completion' AND p.public = 1"
	    " ORDER BY o.id, p.id";
	sqlite3_stmt *st;
	cJSON *a;
	char *json, last[CODE_LEN + 1] = "";
	int rc;

	if (n == 0)
		return MODEL_OK;
	if (n > INT_MAX)
		return MODEL_ERROR;
	a = cJSON_CreateStringArray(codes, (int)n);
	json = a ? cJSON_PrintUnformatted(a) : NULL;
	cJSON_Delete(a);
	if (json == NULL || (st = db_stmt(db, sql)) == NULL) {
		cJSON_free(json);
		return MODEL_ERROR;
	}
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = db_text(st, 0);
		if (strcmp(code, last) == 0)
			continue;	/* a later photo of the same request */
		snprintf(last, sizeof(last), "%s", code);
		fn(arg, code, db_text(st, 1));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	cJSON_free(json);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}

/* The columns struct order is read from, and the joins they need. */
#define ORDER_SELECT \
	"SELECT o.id, o.code, o.state, s.code, s.name, p.name, o.org_id, g.name," \
	" coalesce(CASE WHEN g.kind = 'station' THEN i.name END, ''), o.channel," \
	" o.reason, o.created_at, o.updated_at, o.due_at, coalesce(t.name, '')," \
	" o.public_version" \
	" FROM orders o JOIN services s ON s.id = o.service_id" \
	" JOIN platforms p ON p.id = s.platform_id" \
	" JOIN orgs g ON g.id = o.org_id LEFT JOIN orgs i ON i.id = g.parent_id" \
	" LEFT JOIN teams t ON t.id = o.team_id"

/* Reads the current row of st (from ORDER_SELECT) into out. */
static void
order_read(sqlite3_stmt *st, struct order *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->code, sizeof(out->code), "%s", db_text(st, 1));
	snprintf(out->state, sizeof(out->state), "%s", db_text(st, 2));
	snprintf(out->service_code, sizeof(out->service_code), "%s", db_text(st, 3));
	snprintf(out->service_name, sizeof(out->service_name), "%s", db_text(st, 4));
	snprintf(out->platform_name, sizeof(out->platform_name), "%s", db_text(st, 5));
	out->org_id = sqlite3_column_int64(st, 6);
	snprintf(out->org_name, sizeof(out->org_name), "%s", db_text(st, 7));
	snprintf(out->institute_name, sizeof(out->institute_name), "%s", db_text(st, 8));
	snprintf(out->channel, sizeof(out->channel), "%s", db_text(st, 9));
	snprintf(out->reason, sizeof(out->reason), "%s", db_text(st, 10));
	out->created_at = sqlite3_column_int64(st, 11);
	out->updated_at = sqlite3_column_int64(st, 12);
	out->due_at = sqlite3_column_int64(st, 13);
	snprintf(out->team_name, sizeof(out->team_name), "%s", db_text(st, 14));
	out->public_version = sqlite3_column_int64(st, 15);
}

/* Runs a one-row ORDER_SELECT query whose ?1 is already bound. */
static enum model_err
order_one(sqlite3_stmt *st, struct order *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		order_read(st, out);
		sqlite3_reset(st);
		return MODEL_OK;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_NOT_FOUND : model_err_of(db_err_of(rc));
}

enum model_err
order_by_code(struct db *db, const char *code, struct order *out)
{
	static const char sql[] = ORDER_SELECT " WHERE o.code = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return order_one(st, out);
}

enum model_err
order_by_token(struct db *db, const unsigned char hash[32], struct order *out)
{
	static const char sql[] = ORDER_SELECT " WHERE o.token_hash = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return order_one(st, out);
}

enum model_err
order_each_event(struct db *db, int64_t order_id,
    void (*fn)(void *arg, const struct order_event *), void *arg)
{
	static const char sql[] =
	    "SELECT at, coalesce(from_state, ''), to_state, actor,"
	    " CASE WHEN note_public = 1 THEN note ELSE '' END"
	    " FROM order_events WHERE order_id = ?1 AND public = 1 ORDER BY at, id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct order_event ev = {
			.at = sqlite3_column_int64(st, 0),
			.from_state = db_text(st, 1),
			.to_state = db_text(st, 2),
			.actor = db_text(st, 3),
			.note = db_text(st, 4),
		};
		fn(arg, &ev);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}

enum model_err
order_cancel_by_resident(struct db *db, int64_t order_id, const char *reason)
{
	static const char get[] = "SELECT state FROM orders WHERE id = ?1";
	static const char set[] =
	    "UPDATE orders SET state = 'cancelled', reason = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND state = ?4";
	int64_t now = now_unix();
	char state[16] = "";
	sqlite3_stmt *st;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	/* Read the state inside the write transaction: nobody can move it now. */
	if ((st = db_stmt(db, get)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, order_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(state, sizeof(state), "%s", db_text(st, 0));
	sqlite3_reset(st);
	if (state[0] == '\0') {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	if (!order_move_ok(state, "cancelled", ACTOR_RESIDENT)) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	if ((st = db_stmt(db, set)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
	if ((e = step(st)) != DB_OK ||
	    (e = order_event_add(db, order_id, now, ACTOR_RESIDENT, 0, state, "cancelled",
	    reason, EVENT_PUBLIC)) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	return model_err_of(db_tx_commit(db));
fail:
	db_tx_rollback(db);
	return MODEL_ERROR;
}
