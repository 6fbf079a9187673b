/*
 * catalog.c: read queries over platforms and projects.
 */
#include "model/catalog.h"

/* Hands the platform in st's row (id, code, name, summary) to fn. */
static void
platform_row(sqlite3_stmt *st, void (*fn)(void *arg, const struct platform *), void *arg)
{
	struct platform p = {
		.id = sqlite3_column_int64(st, 0),
		.code = db_text(st, 1),
		.name = db_text(st, 2),
		.summary = db_text(st, 3),
	};
	fn(arg, &p);
}

/* Hands the project in st's row (id, code, name, kind, platform name,
 * summary) to fn. */
static void
project_row(sqlite3_stmt *st, void (*fn)(void *arg, const struct project *), void *arg)
{
	struct project p = {
		.id = sqlite3_column_int64(st, 0),
		.code = db_text(st, 1),
		.name = db_text(st, 2),
		.kind = db_text(st, 3),
		.platform = db_text(st, 4),
		.summary = db_text(st, 5),
	};
	fn(arg, &p);
}

enum db_err
catalog_each_platform(struct db *db,
    void (*fn)(void *arg, const struct platform *), void *arg)
{
	static const char sql[] =
	    "SELECT id, code, name, summary FROM platforms ORDER BY sort, id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		platform_row(st, fn, arg);
	return db_err_of(rc);
}

enum db_err
catalog_each_project(struct db *db, const char *kind,
    void (*fn)(void *arg, const struct project *), void *arg)
{
	static const char sql[] =
	    "SELECT p.id, p.code, p.name, p.kind, coalesce(f.name, ''), p.summary"
	    " FROM projects p LEFT JOIN platforms f ON f.id = p.platform_id"
	    " WHERE p.kind = ?1 ORDER BY p.sort, p.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		project_row(st, fn, arg);
	return db_err_of(rc);
}

enum db_err
catalog_find_platform(struct db *db, const char *code,
    void (*fn)(void *arg, const struct platform *), void *arg)
{
	static const char sql[] = "SELECT id, code, name, summary FROM platforms WHERE code = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		platform_row(st, fn, arg);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

enum db_err
catalog_find_project(struct db *db, const char *code,
    void (*fn)(void *arg, const struct project *), void *arg)
{
	static const char sql[] =
	    "SELECT p.id, p.code, p.name, p.kind, coalesce(f.name, ''), p.summary"
	    " FROM projects p LEFT JOIN platforms f ON f.id = p.platform_id WHERE p.code = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		project_row(st, fn, arg);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}
