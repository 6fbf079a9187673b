/*
 * kept.c: the rows of kept_figures (see kept.h): one named row of JSON per
 * kept figure, written by the housekeeping process and read by workers.
 */
#include <stdlib.h>

#include "model/kept.h"
#include "model/honour.h"
#include "model/portal.h"
#include "model/site.h"
#include "model/stats.h"

enum db_err
kept_put(struct db *db, const char *name, int64_t since, int64_t made_at, const cJSON *body)
{
	static const char sql[] =
	    "INSERT INTO kept_figures(name, since, made_at, body) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT(name) DO UPDATE SET since = excluded.since, made_at = excluded.made_at,"
	    " body = excluded.body";
	char *text = cJSON_PrintUnformatted(body);
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	if (text == NULL)
		return DB_ERROR;
	if ((e = db_tx_begin(db)) != DB_OK) {
		free(text);
		return e;
	}
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		free(text);
		return DB_ERROR;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, made_at);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(text);
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		return db_err_of(rc);
	}
	return db_tx_commit(db);
}

int
kept_get(struct db *db, const char *name, int64_t *since, int64_t *made_at, cJSON **body)
{
	static const char sql[] = "SELECT since, made_at, body FROM kept_figures WHERE name = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc, found = 0;

	*body = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*since = sqlite3_column_int64(st, 0);
		*made_at = sqlite3_column_int64(st, 1);
		*body = cJSON_Parse(db_text(st, 2));
		found = *body != NULL;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return found;
}

int64_t
kept_made_at(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT made_at FROM kept_figures WHERE name = ?1");
	int64_t at = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? at : -1;
}

int
kept_on(void)
{
	return stats_ttl() > 0;
}

int
kept_stale(int64_t read_at, int64_t now)
{
	return !kept_on() || now - read_at >= KEPT_RECHECK || now < read_at;
}

enum db_err
kept_refresh(struct db *db, int64_t now)
{
	enum db_err e;

	if ((e = stats_keep(db, now)) != DB_OK)
		return e;
	if ((e = honour_keep(db, now)) != DB_OK)
		return e;
	if ((e = site_keep(db, stats_month_start(now), now)) != DB_OK)
		return e;
	return portal_keep(db, now);
}
