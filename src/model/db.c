/*
 * db.c: the SQLite connection of one process, its statement cache and its
 * write transactions. See db.h for the rules this file enforces.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/db.h"
#include "model/text_index.h"
#include "lib/util.h"

#define DB_MAX_STMTS		512
#define DB_CHECKPOINT_PAGES	1000	/* checkpoint once the WAL holds this many */

struct stmt_slot {
	const char	*sql;		/* the literal, compared by address */
	sqlite3_stmt	*st;
};

struct db {
	sqlite3		*h;
	int		 lockfd;
	int		 busy_ms;
	int		 in_tx;
	int		 in_read;	/* db_read_begin's transaction is open */
	int		 wal_pages;	/* pages in the WAL after the last commit */
	size_t		 nstmts;
	struct stmt_slot stmts[DB_MAX_STMTS];
};

/* The synchronous level of connections opened from now on: see
 * db_set_synchronous. A process-wide setting, fixed before any fork. */
static enum db_sync db_sync_level = DB_SYNC_FULL;

void
db_set_synchronous(enum db_sync level)
{
	assert(level >= 0 && level < DB_SYNC__MAX);
	db_sync_level = level;
}

enum db_sync
db_synchronous(void)
{
	return db_sync_level;
}

/* Called by SQLite after each commit with the WAL's size in pages. */
static int
wal_hook(void *arg, sqlite3 *h, const char *name, int pages)
{
	struct db *db = arg;

	(void)h;
	(void)name;
	db->wal_pages = pages;
	return SQLITE_OK;
}

/* With SIDAN_SQL_PROFILE set: called by SQLite as each statement starts
 * and ends; logs how long it ran (SQLite's own figure is in whole ms) and
 * its first words, for a developer looking for a page's costly statement. */
static int
profile_hook(unsigned type, void *arg, void *p, void *x)
{
	static struct { void *st; struct timespec t0; } run[8];
	struct timespec now;
	size_t i;

	(void)arg;
	(void)x;
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < 8 && run[i].st != p && (type == SQLITE_TRACE_PROFILE || run[i].st); i++)
		;
	if (i == 8)
		return 0;
	if (type == SQLITE_TRACE_STMT) {
		if (run[i].st != p) {
			run[i].st = p;
			run[i].t0 = now;
		}
		return 0;
	}
	fprintf(stderr, "sql %8lld us  %.160s\n", (long long)((now.tv_sec - run[i].t0.tv_sec) * 1000000 +
	    (now.tv_nsec - run[i].t0.tv_nsec) / 1000), sqlite3_sql(p));
	run[i].st = NULL;
	return 0;
}

/*
 * Checks, before SQLite touches it, that path is a non-empty regular file
 * that starts with SQLite's header. Returns 0, or -1 with the reason in err.
 */
static int
db_probe(const char *path, char *err, size_t errlen)
{
	static const char magic[16] = "SQLite format 3";	/* and its NUL */
	char head[sizeof(magic)];
	struct stat sb;
	ssize_t n;
	int fd;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			snprintf(err, errlen, "%s: no such file: not a sidan database "
			    "('sidan init --db %s' creates one)", path, path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a file: not a sidan database", path);
		return -1;
	}
	if (sb.st_size == 0) {
		snprintf(err, errlen, "%s: an empty file: not a sidan database "
		    "('sidan init --db %s' makes it one)", path, path);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(magic)) != 0) {
		snprintf(err, errlen, "%s: not an SQLite file: not a sidan database", path);
		return -1;
	}
	return 0;
}

/*
 * Checks that the open connection h holds what 'sidan init' makes: a
 * user_version of 1 or more and the orders table. Reads only. Returns 0, or
 * -1 with the reason in err.
 */
static int
db_is_sidan(sqlite3 *h, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc, version = 0, orders = 0;

	rc = sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			version = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
		sqlite3_finalize(st);
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
		    " AND name = 'orders'", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(st);
			orders = rc == SQLITE_ROW;
			rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
			sqlite3_finalize(st);
		}
	}
	if ((rc & 0xff) == SQLITE_NOTADB) {
		snprintf(err, errlen, "%s: not an SQLite file: not a sidan database", path);
		return -1;
	}
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(h));
		return -1;
	}
	if (version < 1 || !orders) {
		snprintf(err, errlen, "%s: an SQLite file without sidan's tables: "
		    "not a sidan database", path);
		return -1;
	}
	return 0;
}

/*
 * Opens path: creating it if create, else checking first that it is a sidan
 * database (db_probe, db_is_sidan). Returns the handle, or NULL with a
 * message in err.
 */
static struct db *
db_connect(const char *path, int busy_ms, int create, char *err, size_t errlen)
{
	struct db *db;
	char lockpath[4096];
	char msg[256];
	int rc;

	if (!create && db_probe(path, err, errlen) != 0)
		return NULL;
	db = xcalloc(1, sizeof(*db));
	db->lockfd = -1;
	db->busy_ms = busy_ms;
	if ((size_t)snprintf(lockpath, sizeof(lockpath), "%s.lock", path) >=
	    sizeof(lockpath)) {
		snprintf(err, errlen, "database path too long");
		goto fail;
	}
	rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, busy_ms);
	/* Closing the last connection would checkpoint outside our lock. */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	/* Before the lock file is made and before the pragmas below
	 * (journal_mode=WAL would write to the file). */
	if (!create && db_is_sidan(db->h, path, err, errlen) != 0)
		goto fail;
	db->lockfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (db->lockfd < 0) {
		snprintf(err, errlen, "%s: %s", lockpath, strerror(errno));
		goto fail;
	}
	/*
	 * synchronous: FULL syncs the WAL at every commit, so a request
	 * acknowledged after its commit survives a power cut or OS crash.
	 * NORMAL syncs the WAL only when a checkpoint copies it back: the last
	 * commits before such a crash may roll back (never corruption). The
	 * measurement behind the choice: README, Reliability (make load).
	 */
	if (db_exec(db, db_sync_level == DB_SYNC_FULL ?
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA wal_autocheckpoint=0;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA temp_store=MEMORY;" :
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA wal_autocheckpoint=0;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA synchronous=NORMAL;"
	    "PRAGMA temp_store=MEMORY;", msg, sizeof(msg)) != DB_OK) {
		snprintf(err, errlen, "%s: %s", path, msg);
		goto fail;
	}
	sqlite3_wal_hook(db->h, wal_hook, db);
	if (getenv("SIDAN_SQL_PROFILE") != NULL)
		sqlite3_trace_v2(db->h, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE, profile_hook, NULL);
	/* The full-text index's tokenizer, and the triggers that keep it. */
	if ((rc = text_index_register(db->h)) != SQLITE_OK) {
		snprintf(err, errlen, "%s: the text index: %s", path, sqlite3_errstr(rc));
		goto fail;
	}
	return db;
fail:
	db_close(db);
	return NULL;
}

struct db *
db_open(const char *path, int busy_ms, char *err, size_t errlen)
{
	return db_connect(path, busy_ms, 1, err, errlen);
}

struct db *
db_open_existing(const char *path, int busy_ms, char *err, size_t errlen)
{
	return db_connect(path, busy_ms, 0, err, errlen);
}

int
db_file_create(const char *path, int exist_ok, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		int e = errno;
		if (e == EEXIST && exist_ok)
			return 1;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	/* The umask may only take bits away from 0600; fchmod makes it exact. */
	if (fchmod(fd, 0600) != 0) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		close(fd);
		unlink(path);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

int
db_files_private(const char *path, char *err, size_t errlen)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[4096];
	struct stat sb;
	int changed = 0;

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		if ((size_t)snprintf(p, sizeof(p), "%s%s", path, suffix[i]) >= sizeof(p)) {
			snprintf(err, errlen, "database path too long");
			return -1;
		}
		if (lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode) || (sb.st_mode & 0007) == 0)
			continue;
		if (chmod(p, sb.st_mode & 0770) != 0) {
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
			return -1;
		}
		changed++;
	}
	return changed;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->in_tx)
		db_tx_rollback(db);
	db_read_end(db);
	db_checkpoint_if_due(db);
	for (size_t i = 0; i < db->nstmts; i++)
		sqlite3_finalize(db->stmts[i].st);
	if (db->h)
		sqlite3_close(db->h);
	if (db->lockfd >= 0)
		close(db->lockfd);
	free(db);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < db->nstmts; i++) {
		if (db->stmts[i].sql == sql) {
			st = db->stmts[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "sidan: db: cannot prepare: %s: %s\n",
		    sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	/* Only literals reach here, so the table cannot overflow at run time
	 * unless the code grows past it: that is a programming error. */
	assert(db->nstmts < DB_MAX_STMTS);
	if (db->nstmts == DB_MAX_STMTS) {
		sqlite3_finalize(st);
		return NULL;
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts].st = st;
	db->nstmts++;
	return st;
}

enum db_err
db_err_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return DB_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	case SQLITE_FULL:
		return DB_FULL;
	case SQLITE_IOERR:
		/* A full disk often shows as a write error. */
		return (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC) ?
		    DB_FULL : DB_ERROR;
	default:
		return DB_ERROR;
	}
}

/* Takes the cross-process write lock, waiting at most busy_ms.
 * Returns 0, or -1 if it stayed taken. */
static int
lock_take(struct db *db)
{
	int64_t deadline = now_ms_mono() + db->busy_ms;
	/* 1 ms, then 2 ms: a writer that slept longer woke late after the lock
	 * was free (POST at 1M, 32 connections: p99 113 ms with waits doubling
	 * to 16 ms, 68 ms with 2 ms; a constant 1 ms cost more CPU). */
	struct timespec ts = { 0, 1000000 };

	for (;;) {
		if (flock(db->lockfd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (now_ms_mono() >= deadline)
			return -1;
		nanosleep(&ts, NULL);
		ts.tv_nsec = 2000000;
	}
}

static void
lock_release(struct db *db)
{
	flock(db->lockfd, LOCK_UN);
}

enum db_err
db_read_begin(struct db *db)
{
	static const char sql[] = "BEGIN";
	sqlite3_stmt *st;
	int rc;

	assert(!db->in_tx && !db->in_read);
	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
	db->in_read = 1;
	return DB_OK;
}

void
db_read_end(struct db *db)
{
	static const char sql[] = "COMMIT";
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	if (!db->in_read)
		return;
	db->in_read = 0;
	/* Every write takes the write lock first (db_tx_begin). */
	assert(sqlite3_txn_state(db->h, NULL) != SQLITE_TXN_WRITE);
	/* Only reads ran (writes end it first), so this only lets go of the
	 * snapshot; should it fail, a rollback does the same. */
	if ((st = db_stmt(db, sql)) != NULL) {
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

enum db_err
db_tx_begin(struct db *db)
{
	int rc;

	assert(!db->in_tx);
	db_read_end(db);
	if (lock_take(db) != 0)
		return DB_BUSY;
	rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		lock_release(db);
		return db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
	}
	db->in_tx = 1;
	return DB_OK;
}

enum db_err
db_tx_commit(struct db *db)
{
	int rc;

	assert(db->in_tx);
	rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum db_err e = db_err_of(rc);
		db_tx_rollback(db);
		return e == DB_OK ? DB_ERROR : e;
	}
	db->in_tx = 0;
	lock_release(db);
	return DB_OK;
}

void
db_checkpoint_if_due(struct db *db)
{
	/* Only under the write lock, so no commit overlaps the checkpoint:
	 * SQLite 3.40.1 has the WAL-reset race (db.h). Writers queued for the
	 * lock wait for it; the request that grew the WAL has had its answer. */
	if (db == NULL || db->in_tx || db->wal_pages < DB_CHECKPOINT_PAGES || lock_take(db) != 0)
		return;
	sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	db->wal_pages = 0;
	lock_release(db);
}

void
db_tx_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	lock_release(db);
}

enum db_err
db_exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
	}
	return DB_OK;
}

int
db_user_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *
db_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

int64_t
db_memory_highwater(int reset)
{
	return (int64_t)sqlite3_memory_highwater(reset);
}

int
db_exists(struct db *db, const char *sql, const int64_t *args, int n)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(st, i + 1, args[i]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
