/*
 * order_list.c: the public list of requests (see order_list.h). Each shape
 * of filter has its own statement, so that SQLite can use the index made for
 * it: orders_by_time, orders_by_state_time or orders_by_service_time, and
 * the unique code for a list of codes. Sets of codes and of states are bound
 * as one JSON array and read with json_each, so every statement is a fixed
 * string. All statements number their parameters alike:
 * ?1 from, ?2 to, ?3 states (JSON), ?4 service code, ?5 codes (JSON), ?6 limit.
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
#define PUBLIC_ORDER	" ORDER BY o.created_at DESC, o.id DESC LIMIT ?6"

static const char sql_codes[] = PUBLIC_SELECT
    " WHERE o.code IN (SELECT value FROM json_each(?5))" PUBLIC_ORDER;
static const char sql_time[] = PUBLIC_SELECT
    " WHERE" PUBLIC_RANGE PUBLIC_ORDER;
static const char sql_state[] = PUBLIC_SELECT
    " WHERE o.state IN (SELECT value FROM json_each(?3)) AND" PUBLIC_RANGE
    PUBLIC_ORDER;
static const char sql_service[] = PUBLIC_SELECT
    " WHERE o.service_id IN (SELECT id FROM services WHERE code = ?4) AND"
    PUBLIC_RANGE " AND (?3 IS NULL OR o.state IN (SELECT value FROM json_each(?3)))"
    PUBLIC_ORDER;

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

enum model_err
order_list(struct db *db, const struct order_query *q,
    void (*fn)(void *arg, const struct order_public *), void *arg)
{
	unsigned status = q->status & (ORDER_STATUS_OPEN | ORDER_STATUS_CLOSED);
	char *states = NULL, *codes = NULL;
	const char *sql;
	sqlite3_stmt *st;
	enum model_err err = MODEL_ERROR;
	int rc;

	if (q->limit < 1 || q->limit > ORDER_LIST_MAX ||
	    q->ncodes > ORDER_LIST_CODES_MAX)
		return MODEL_ERROR;
	if (status == (ORDER_STATUS_OPEN | ORDER_STATUS_CLOSED))
		status = 0;	/* both: no filter */
	if (q->ncodes > 0)
		sql = sql_codes;
	else if (q->service_code)
		sql = sql_service;
	else if (status)
		sql = sql_state;
	else
		sql = sql_time;
	if ((q->ncodes > 0 && (codes = codes_json(q->codes, q->ncodes)) == NULL) ||
	    (status && (states = states_json(status)) == NULL))
		goto out;
	if ((st = db_stmt(db, sql)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, q->from);
	sqlite3_bind_int64(st, 2, q->to);
	if (states)
		sqlite3_bind_text(st, 3, states, -1, SQLITE_STATIC);
	if (q->service_code)
		sqlite3_bind_text(st, 4, q->service_code, -1, SQLITE_STATIC);
	if (codes)
		sqlite3_bind_text(st, 5, codes, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, q->limit);
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
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);	/* states and codes are freed below */
	err = rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
	if (err == MODEL_OK && rc != SQLITE_DONE)
		err = MODEL_ERROR;
out:
	cJSON_free(states);
	cJSON_free(codes);
	return err;
}
