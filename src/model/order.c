/*
 * order.c: finding orders and cancelling them (creating them is
 * order_create.c's), the nonce lookup and the event row both use. Every
 * change runs in one write transaction together with the event that
 * records it.
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
