/*
 * service.c: the service menu: reading it, and the admin's changes.
 */
#include "model/service.h"

#define SERVICE_SELECT \
	"SELECT s.id, s.code, s.name, s.summary, s.due_hours, p.code, p.name," \
	" coalesce(j.name, ''), s.active, s.escalate_hours FROM services s" \
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
		.escalate_hours = sqlite3_column_int(st, 9),
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

enum db_err
service_each_all(struct db *db, void (*fn)(void *, const struct service *), void *arg)
{
	static const char sql[] = SERVICE_SELECT " ORDER BY s.active DESC, p.sort, s.sort, s.id";
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
service_save(struct db *db, int create, const char *code, const char *name,
    const char *platform, const char *summary, int due_hours, int escalate_hours, int active,
    const char **problem)
{
	static const char ins[] =
	    "INSERT INTO services(code, name, platform_id, summary, due_hours, active, sort,"
	    " escalate_hours)"
	    " SELECT ?1, ?2, p.id, ?4, ?5, ?6, (SELECT coalesce(max(sort), 0) + 1 FROM services),"
	    " CASE WHEN ?7 > 0 THEN ?7 ELSE 24 END"
	    " FROM platforms p WHERE p.code = ?3";
	static const char upd[] =
	    "UPDATE services SET name = ?2, platform_id = (SELECT id FROM platforms WHERE code = ?3),"
	    " summary = ?4, due_hours = ?5, active = ?6,"
	    " escalate_hours = CASE WHEN ?7 > 0 THEN ?7 ELSE escalate_hours END WHERE code = ?1"
	    " AND EXISTS (SELECT 1 FROM platforms WHERE code = ?3)";
	static const char has_platform[] = "SELECT 1 FROM platforms WHERE code = ?1";
	sqlite3_stmt *st;
	enum db_err e;
	int rc, ok;

	*problem = NULL;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, has_platform)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, platform, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!ok) {
		*problem = "platform";
		goto fail;
	}
	if ((st = db_stmt(db, create ? ins : upd)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, summary, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, due_hours);
	sqlite3_bind_int(st, 6, active ? 1 : 0);
	sqlite3_bind_int(st, 7, escalate_hours);
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || (rc == SQLITE_DONE &&
	    sqlite3_changes(db_handle(db)) != 1)) {
		*problem = "code";
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		return db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
	}
	return db_tx_commit(db);
fail:
	db_tx_rollback(db);
	return DB_ERROR;
}
