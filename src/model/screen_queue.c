/*
 * screen_queue.c: the list of what waits on the wall screen: open requests
 * by due time, read through the index on (state, due_at), the first `limit`
 * of each open state, merged. Only the code, the service, the place, the
 * state and two times are read: nothing here may name or locate a person.
 */
#include <sqlite3.h>

#include "model/screen_queue.h"

enum db_err
screen_queue_each(struct db *db, int limit,
    void (*fn)(void *arg, const struct screen_wait *), void *arg)
{
#define DUE_OF(s) "SELECT * FROM (SELECT id, due_at, created_at FROM orders WHERE state = '" s \
	"' ORDER BY due_at, created_at, id LIMIT ?1)"
	static const char sql[] =
	    "SELECT o.code, s.name, g.name, coalesce(CASE g.kind WHEN 'station' THEN i.name END, ''),"
	    " o.state, o.created_at, o.due_at FROM (" DUE_OF("submitted") " UNION ALL "
	    DUE_OF("dispatched") " UNION ALL " DUE_OF("published") " UNION ALL " DUE_OF("accepted")
	    ") q JOIN orders o ON o.id = q.id JOIN services s ON s.id = o.service_id"
	    " JOIN orgs g ON g.id = o.org_id LEFT JOIN orgs i ON i.id = g.parent_id"
	    " ORDER BY q.due_at, q.created_at, q.id LIMIT ?1";
#undef DUE_OF
	sqlite3_stmt *st;
	int rc;

	if (limit <= 0)
		return DB_OK;
	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int(st, 1, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct screen_wait w = {
			.code = db_text(st, 0),
			.service = db_text(st, 1),
			.site = db_text(st, 2),
			.institute = db_text(st, 3),
			.state = db_text(st, 4),
			.created_at = sqlite3_column_int64(st, 5),
			.due_at = sqlite3_column_int64(st, 6),
		};
		fn(arg, &w);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}
