/*
 * order_updates.c: the public events of all requests in a time range (see
 * order_updates.h). One statement, read through order_events_by_time
 * (schema version 15): a range of at, in the order it is listed, so the
 * limit stops the scan early however many events the store holds.
 */
#include "model/order_updates.h"

enum model_err
order_updates(struct db *db, int64_t from, int64_t to, int limit,
    void (*fn)(void *arg, const struct order_update *), void *arg)
{
	static const char sql[] =
	    "SELECT e.id, o.code, e.at, coalesce(e.from_state, ''), e.to_state,"
	    " CASE WHEN e.note_public = 1 THEN e.note ELSE '' END"
	    " FROM order_events e JOIN orders o ON o.id = e.order_id"
	    " WHERE e.at BETWEEN ?1 AND ?2 AND e.public = 1"
	    " ORDER BY e.at, e.id LIMIT ?3";
	sqlite3_stmt *st;
	int rc;

	if (limit < 1 || limit > ORDER_UPDATES_MAX)
		return MODEL_ERROR;
	if ((st = db_stmt(db, sql)) == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct order_update u = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_text(st, 1),
			.at = sqlite3_column_int64(st, 2),
			.from_state = db_text(st, 3),
			.to_state = db_text(st, 4),
			.note = db_text(st, 5),
		};
		fn(arg, &u);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}
