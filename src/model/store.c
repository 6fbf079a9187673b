/*
 * store.c: checking the whole database and copying it while it is live.
 * Both work on the file rather than on sidan's rows: PRAGMA integrity_check
 * and foreign_key_check for `sidan check`, SQLite's online backup API for
 * `sidan backup`. The command line (cli/data.c) only prints what they find.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "model/store.h"

int
store_check(struct db *db, void (*fn)(void *arg, const struct store_problem *p),
    void *arg)
{
	struct store_problem p;
	sqlite3_stmt *st;
	int problems = 0;

	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA integrity_check", -1, &st,
	    NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *t = db_text(st, 0);
			if (strcmp(t, "ok") != 0) {
				p = (struct store_problem){ .kind = STORE_INTEGRITY, .text = t };
				fn(arg, &p);
				problems++;
			}
		}
		sqlite3_finalize(st);
	} else
		problems++;
	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA foreign_key_check", -1, &st,
	    NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			p = (struct store_problem){ .kind = STORE_FOREIGN_KEY,
			    .table = db_text(st, 0), .rowid = sqlite3_column_int64(st, 1),
			    .parent = db_text(st, 2) };
			fn(arg, &p);
			problems++;
		}
		sqlite3_finalize(st);
	} else
		problems++;
	return problems;
}

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

/* Returns 1 if PRAGMA integrity_check on the connection to answers "ok"
 * alone, else 0. */
static int
copy_intact(sqlite3 *to)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(to, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW &&
		    strcmp(db_text(st, 0), "ok") == 0;
		sqlite3_finalize(st);
	}
	return ok;
}

enum store_backup_result
store_backup(struct db *db, const char *dest, char *err, size_t errlen)
{
	enum store_backup_result res = STORE_BACKUP_FAILED;
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	int rc;

	/* The copy holds residents' data: made 0600 before a byte goes in
	 * (SQLite gives its journal the same mode), and never over a file. */
	if (db_file_create(dest, 0, err, errlen) != 0)
		return errno == EEXIST ? STORE_BACKUP_EXISTS : STORE_BACKUP_FAILED;
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", dest, sqlite3_errmsg(to));
		goto out;
	}
	b = sqlite3_backup_init(to, "main", db_handle(db), "main");
	if (b == NULL) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(to));
		goto out;
	}
	/* All pages in one step: one read snapshot, never restarted by writers. */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errstr(rc));
		goto out;
	}
	res = copy_intact(to) ? STORE_BACKUP_OK : STORE_BACKUP_CORRUPT;
	if (res == STORE_BACKUP_CORRUPT)
		snprintf(err, errlen, "the copy %s fails integrity_check", dest);
out:
	sqlite3_close(to);
	/* A failed copy is not left behind to be mistaken for a backup. */
	if (res != STORE_BACKUP_OK)
		remove_copy(dest);
	return res;
}
