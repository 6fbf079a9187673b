/*
 * cmd_data.c: `sidan backup DEST` and `sidan purge --older-than DAYS`.
 * The backup reads one consistent snapshot while sidan keeps serving
 * (WAL readers do not block writers), then runs integrity_check on the copy.
 * The purge runs in one write transaction under the write lock and keeps
 * the anonymous record of each request: service, place, dates, states,
 * timeline, rating.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_data.h"
#include "model/db.h"
#include "model/audit.h"
#include "model/schema.h"
#include "lib/util.h"

/* Removes the copy dest and the journal files SQLite may have left beside
 * it. */
static void
remove_copy(const char *dest)
{
	static const char *const suffix[] = { "-journal", "-wal", "-shm" };
	char p[4096];

	unlink(dest);
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++)
		if ((size_t)snprintf(p, sizeof(p), "%s%s", dest, suffix[i]) < sizeof(p))
			unlink(p);
}

int
cmd_backup(const struct config *cfg, const char *dest)
{
	char err[512];
	struct db *db;
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	sqlite3_stmt *st;
	int rc, ok = 0;

	if (access(dest, F_OK) == 0) {
		fprintf(stderr, "sidan: backup: %s exists; choose a new file\n", dest);
		return 2;
	}
	if ((db = db_open_existing(cfg->db_path, cfg->busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sidan: %s\n", err);
		return 1;
	}
	/* The copy holds residents' data: made 0600 before a byte goes in
	 * (SQLite gives its journal the same mode), and never over a file. */
	if (db_file_create(dest, 0, err, sizeof(err)) != 0) {
		int exists = errno == EEXIST;
		if (exists)
			fprintf(stderr, "sidan: backup: %s exists; choose a new file\n", dest);
		else
			fprintf(stderr, "sidan: backup: %s\n", err);
		db_close(db);
		return exists ? 2 : 1;
	}
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "sidan: backup: %s: %s\n", dest, sqlite3_errmsg(to));
		goto out;
	}
	b = sqlite3_backup_init(to, "main", db_handle(db), "main");
	if (b == NULL) {
		fprintf(stderr, "sidan: backup: %s\n", sqlite3_errmsg(to));
		goto out;
	}
	/* All pages in one step: one read snapshot, never restarted by writers. */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "sidan: backup: %s\n", sqlite3_errstr(rc));
		goto out;
	}
	if (sqlite3_prepare_v2(to, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
		sqlite3_finalize(st);
	}
	if (!ok)
		fprintf(stderr, "sidan: backup: the copy %s fails integrity_check: removed\n",
		    dest);
	else
		printf("sidan: backed up %s to %s (integrity ok). The server key %s.key is "
		    "not in it: keep a copy of that file apart.\n", cfg->db_path, dest, cfg->db_path);
out:
	if (to)
		sqlite3_close(to);
	db_close(db);
	/* A failed copy is not left behind to be mistaken for a backup. */
	if (!ok)
		remove_copy(dest);
	return ok ? 0 : 1;
}

int
cmd_purge(const struct config *cfg, long days)
{
	char err[512];
	struct db *db;
	enum db_err e;
	int n;

	if ((db = db_open_existing(cfg->db_path, cfg->busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sidan: %s\n", err);
		return 1;
	}
	/* The purge names columns of the current schema: an older database is
	 * told to run init, not shown SQLite's complaint. */
	if (db_user_version(db) != schema_latest()) {
		fprintf(stderr, "sidan: %s is at schema version %d, not %d: run 'sidan init' first\n",
		    cfg->db_path, db_user_version(db), schema_latest());
		db_close(db);
		return 1;
	}
	if ((e = audit_purge(db, now_unix(), days, &n)) != DB_OK) {
		fprintf(stderr, e == DB_BUSY ? "sidan: purge: the database is busy; try again\n" :
		    "sidan: purge: failed\n");
		db_close(db);
		return 1;
	}
	printf("sidan: purge: removed the contact details of %d request(s) closed more than "
	    "%ld days ago\n", n, days);
	db_close(db);
	return 0;
}
