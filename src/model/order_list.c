/*
 * order_list.c: the public list of requests (see order_list.h). Each shape
 * of filter has its own statement, so that SQLite can use the index made for
 * it: orders_by_time, orders_by_state_time or orders_by_service_time, and
 * the unique code for a list of codes. Sets of codes and of states are bound
 * as one JSON array and read with json_each, so every statement is a fixed
 * string. All statements number their parameters alike:
 * ?1 from, ?2 to, ?3 states (JSON), ?4 service code, ?5 codes (JSON), ?6 limit,
 * ?7 offset. The same rows' ids and versions alone make a list's validator.
 */
#include <assert.h>
#include <string.h>

#include <cJSON.h>

#include "model/order_list.h"
#include "model/order_state.h"

/* The columns struct order_public is read from. The reason is read only
 * for a rejected request; contact data, address detail and need never. */
#define PUBLIC_SELECT \
	"SELECT o.code, o.state," \
	" CASE WHEN o.state = 'rejected' THEN o.reason ELSE '' END," \
	" s.code, s.name, g.code, g.name," \
	" coalesce(CASE WHEN g.kind = 'station' THEN i.name END, '')," \
	" o.lat IS NOT NULL AND o.lon IS NOT NULL, o.lat, o.lon," \
	" o.created_at, o.updated_at, o.due_at" \
	" FROM orders o JOIN services s ON s.id = o.service_id" \
	" JOIN orgs g ON g.id = o.org_id LEFT JOIN orgs i ON i.id = g.parent_id"
#define PUBLIC_RANGE	" o.created_at BETWEEN ?1 AND ?2"
#define PUBLIC_ORDER	" ORDER BY o.created_at DESC, o.id DESC LIMIT ?6 OFFSET ?7"
/* What each shape of filter selects. */
#define WHERE_CODES	" WHERE o.code IN (SELECT value FROM json_each(?5))"
#define WHERE_TIME	" WHERE" PUBLIC_RANGE
#define WHERE_STATE	" WHERE o.state IN (SELECT value FROM json_each(?3)) AND" PUBLIC_RANGE
#define WHERE_SERVICE	" WHERE o.service_id IN (SELECT id FROM services WHERE code = ?4) AND" \
	PUBLIC_RANGE " AND (?3 IS NULL OR o.state IN (SELECT value FROM json_each(?3)))"
/* The validator's columns: the same rows, their ids and public versions. */
#define VERSION_SELECT	"SELECT o.id, o.public_version FROM orders o"

static const char *const sql_list[] = {
	PUBLIC_SELECT WHERE_CODES PUBLIC_ORDER, PUBLIC_SELECT WHERE_TIME PUBLIC_ORDER,
	PUBLIC_SELECT WHERE_STATE PUBLIC_ORDER, PUBLIC_SELECT WHERE_SERVICE PUBLIC_ORDER,
};
static const char *const sql_versions[] = {
	VERSION_SELECT WHERE_CODES PUBLIC_ORDER, VERSION_SELECT WHERE_TIME PUBLIC_ORDER,
	VERSION_SELECT WHERE_STATE PUBLIC_ORDER, VERSION_SELECT WHERE_SERVICE PUBLIC_ORDER,
};
enum { SHAPE_CODES, SHAPE_TIME, SHAPE_STATE, SHAPE_SERVICE };

/* Every state an order can be in (the CHECK on orders.state). */
static const char *const all_states[] = {
	"submitted", "dispatched", "published", "accepted",
	"completed", "rated", "unrated", "rejected", "cancelled",
};

/*
 * Returns a new JSON array (to free) of the states whose Open311 status is
 * in bits, as order_state.c maps them, or NULL if out of memory.
 */
static char *
states_json(unsigned bits)
{
	cJSON *a = cJSON_CreateArray();
	char *out;

	for (size_t i = 0; a && i < sizeof(all_states) / sizeof(all_states[0]); i++) {
		const char *s = all_states[i];
		unsigned bit = strcmp(order_state_open311(s), "open") == 0 ?
		    ORDER_STATUS_OPEN : ORDER_STATUS_CLOSED;

		assert(order_state_known(s));
		if ((bits & bit) && !cJSON_AddItemToArray(a, cJSON_CreateString(s))) {
			cJSON_Delete(a);
			return NULL;
		}
	}
	out = a ? cJSON_PrintUnformatted(a) : NULL;
	cJSON_Delete(a);
	return out;
}

/* Returns a new JSON array (to free) of the n codes, or NULL if out of memory. */
static char *
codes_json(const char *const *codes, size_t n)
{
	cJSON *a = n > 0 ? cJSON_CreateStringArray(codes, (int)n) : NULL;
	char *out = a ? cJSON_PrintUnformatted(a) : NULL;

	cJSON_Delete(a);
	return out;
}

/* Prepares the statement of q's shape from sqls (sql_list or
 * sql_versions) and binds q; *states and *codes hold bound JSON the caller
 * frees after the statement is reset. Returns the statement, or NULL (a
 * query out of bounds, or out of memory). */
static sqlite3_stmt *
list_prepare(struct db *db, const struct order_query *q, const char *const *sqls,
    char **states, char **codes)
{
	unsigned status = q->status & (ORDER_STATUS_OPEN | ORDER_STATUS_CLOSED);
	sqlite3_stmt *st;
	int shape;

	*states = *codes = NULL;
	if (q->limit < 1 || q->limit > ORDER_LIST_MAX || q->offset < 0 ||
	    q->ncodes > ORDER_LIST_CODES_MAX)
		return NULL;
	if (status == (ORDER_STATUS_OPEN | ORDER_STATUS_CLOSED))
		status = 0;	/* both: no filter */
	if (q->ncodes > 0)
		shape = SHAPE_CODES;
	else if (q->service_code)
		shape = SHAPE_SERVICE;
	else if (status)
		shape = SHAPE_STATE;
	else
		shape = SHAPE_TIME;
	if ((q->ncodes > 0 && (*codes = codes_json(q->codes, q->ncodes)) == NULL) ||
	    (status && (*states = states_json(status)) == NULL))
		return NULL;
	if ((st = db_stmt(db, sqls[shape])) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, q->from);
	sqlite3_bind_int64(st, 2, q->to);
	if (*states)
		sqlite3_bind_text(st, 3, *states, -1, SQLITE_STATIC);
	if (q->service_code)
		sqlite3_bind_text(st, 4, q->service_code, -1, SQLITE_STATIC);
	if (*codes)
		sqlite3_bind_text(st, 5, *codes, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, q->limit);
	sqlite3_bind_int64(st, 7, q->offset);
	return st;
}

/* Resets st (keeping no pointer to the JSON), frees the JSON and returns
 * the outcome of its last step rc. */
static enum model_err
list_done(sqlite3_stmt *st, int rc, char *states, char *codes)
{
	enum model_err err;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);	/* states and codes are freed below */
	err = rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
	if (err == MODEL_OK && rc != SQLITE_DONE)
		err = MODEL_ERROR;
	cJSON_free(states);
	cJSON_free(codes);
	return err;
}

enum model_err
order_list(struct db *db, const struct order_query *q,
    void (*fn)(void *arg, const struct order_public *), void *arg)
{
	char *states, *codes;
	sqlite3_stmt *st = list_prepare(db, q, sql_list, &states, &codes);
	int rc;

	if (st == NULL) {
		cJSON_free(states);
		cJSON_free(codes);
		return MODEL_ERROR;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct order_public o = {
			.code = db_text(st, 0),
			.state = db_text(st, 1),
			.reason = db_text(st, 2),
			.service_code = db_text(st, 3),
			.service_name = db_text(st, 4),
			.org_code = db_text(st, 5),
			.org_name = db_text(st, 6),
			.institute_name = db_text(st, 7),
			.has_geo = sqlite3_column_int(st, 8),
			.lat = sqlite3_column_double(st, 9),
			.lon = sqlite3_column_double(st, 10),
			.created_at = sqlite3_column_int64(st, 11),
			.updated_at = sqlite3_column_int64(st, 12),
			.due_at = sqlite3_column_int64(st, 13),
		};
		fn(arg, &o);
	}
	return list_done(st, rc, states, codes);
}

enum model_err
order_list_versions(struct db *db, const struct order_query *q,
    void (*fn)(void *arg, int64_t id, int64_t version), void *arg)
{
	char *states, *codes;
	sqlite3_stmt *st = list_prepare(db, q, sql_versions, &states, &codes);
	int rc;

	if (st == NULL) {
		cJSON_free(states);
		cJSON_free(codes);
		return MODEL_ERROR;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
	return list_done(st, rc, states, codes);
}
