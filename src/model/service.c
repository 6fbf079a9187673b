/*
 * service.c: read queries over the service menu.
 */
#include "service.h"

#define SERVICE_SELECT \
	"SELECT s.id, s.code, s.name, s.summary, s.due_hours, p.code, p.name," \
	" coalesce(j.name, ''), s.active FROM services s" \
	" JOIN platforms p ON p.id = s.platform_id" \
	" LEFT JOIN projects j ON j.id = s.project_id"

/* Hands the current row of st to fn. */
static void
service_row(sqlite3_stmt *st, void (*fn)(void *, const struct service *),
    void *arg)
{
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

enum db_err
service_each(struct db *db, void (*fn)(void *, const struct service *), void *arg)
{
	static const char sql[] = SERVICE_SELECT
	    " WHERE s.active = 1 ORDER BY p.sort, s.sort, s.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		service_row(st, fn, arg);
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
service_find(struct db *db, const char *code,
    void (*fn)(void *, const struct service *), void *arg)
{
	static const char sql[] = SERVICE_SELECT " WHERE s.code = ?1 AND s.active = 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		service_row(st, fn, arg);
	sqlite3_reset(st);
	return db_err_of(rc);
}

int64_t
service_id_of(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM services WHERE code = ?1 AND active = 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t id = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		id = -1;
	sqlite3_reset(st);
	return id;
}
