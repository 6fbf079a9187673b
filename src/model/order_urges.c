/*
 * order_urges.c: the 催办 and 督办 of a request (see order_urges.h), read
 * through order_events_by_order: a request has few events, so the kind is
 * filtered on those rows.
 */
#include "model/order_urges.h"

enum model_err
order_each_urge(struct db *db, int64_t order_id,
    void (*fn)(void *arg, const struct order_urge *), void *arg)
{
	static const char sql[] =
	    "SELECT e.at, e.kind, e.actor,"
	    " CASE WHEN e.actor = 'staff' THEN coalesce(u.name, '') ELSE '' END, e.note"
	    " FROM order_events e LEFT JOIN users u ON u.id = e.actor_id"
	    " WHERE e.order_id = ?1 AND e.kind IN ('urge', 'escalate')"
	    " ORDER BY e.at, e.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct order_urge u = {
			.at = sqlite3_column_int64(st, 0),
			.kind = db_text(st, 1),
			.actor = db_text(st, 2),
			.who = db_text(st, 3),
			.note = db_text(st, 4),
		};
		fn(arg, &u);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}
