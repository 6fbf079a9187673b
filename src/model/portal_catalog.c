/*
 * portal_catalog.c: the active services of a platform or a project, as
 * their pages list them (see portal.h).
 */
#include "model/portal.h"

enum db_err
portal_each_service(struct db *db, int64_t platform_id, int64_t project_id,
    void (*fn)(void *arg, const struct service *), void *arg)
{
	static const char sql[] =
	    "SELECT s.id, s.code, s.name, s.summary, s.due_hours, p.code, p.name,"
	    " coalesce(j.name, ''), s.active FROM services s"
	    " JOIN platforms p ON p.id = s.platform_id LEFT JOIN projects j ON j.id = s.project_id"
	    " WHERE s.active = 1 AND (?1 = 0 OR s.platform_id = ?1) AND (?2 = 0 OR s.project_id = ?2)"
	    " ORDER BY p.sort, s.sort, s.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, platform_id);
	sqlite3_bind_int64(st, 2, project_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct service s = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_text(st, 1),
			.name = db_text(st, 2),
			.summary = db_text(st, 3),
			.due_hours = sqlite3_column_int(st, 4),
			.platform_code = db_text(st, 5),
			.platform_name = db_text(st, 6),
			.project_name = db_text(st, 7),
			.active = sqlite3_column_int(st, 8),
		};
		fn(arg, &s);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}
