/*
 * db.h: the store. One SQLite connection per process, opened after fork,
 * in WAL mode with foreign keys on. Statements are prepared once per
 * connection and kept (db_stmt). Every write transaction runs under one
 * cross-process write lock (flock on "<db>.lock") and BEGIN IMMEDIATE; WAL
 * checkpoints are taken only while that lock is held, and auto-checkpoint is
 * off, because Debian 12's SQLite 3.40.1 has the WAL-reset race.
 */
#ifndef SIDAN_DB_H
#define SIDAN_DB_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

enum db_err {
	DB_OK = 0,
	DB_BUSY,		/* the write lock or database stayed busy: 503 */
	DB_FULL,		/* the disk is full: 503 */
	DB_ERROR		/* anything else: 500 */
};

/* The bytes a site's or team's name may take: the schema allows 100
 * characters, UTF-8 takes up to 4 bytes each, and the NUL. Buffers that
 * copy such names are this size, so a name is never cut mid-character. */
#define NAME_SIZE	404

struct db;

/* PRAGMA synchronous of every connection: what a commit waits for. */
enum db_sync {
	DB_SYNC_NORMAL = 0,	/* WAL synced at checkpoints only */
	DB_SYNC_FULL,		/* WAL synced at every commit (the default) */
	DB_SYNC__MAX
};

/* Sets the synchronous level of the connections this process opens from
 * now on (config_from_env calls it with SIDAN_SYNCHRONOUS); workers inherit
 * it across fork. */
void		 db_set_synchronous(enum db_sync level);
/* Returns the level connections are opened with. */
enum db_sync	 db_synchronous(void);

/* Opens (creating if need be) the database at path. busy_ms bounds every
 * wait for a lock; PRAGMA synchronous is db_synchronous()'s level. Returns the handle, or NULL with a message in err. */
struct db	*db_open(const char *path, int busy_ms, char *err, size_t errlen);
/* Opens the sidan database at path as db_open does, but never creates
 * anything: refuses (NULL, with the reason in err, naming path) a missing
 * path, anything but a regular file, an empty file, a file that is not
 * SQLite, and an SQLite file that 'sidan init' did not make (user_version 0
 * or no orders table). Every command but init opens the store this way. */
struct db	*db_open_existing(const char *path, int busy_ms, char *err, size_t errlen);
/* Creates path as an empty file only its owner may read or write (0600,
 * whatever the umask). With exist_ok an existing path is left as it is.
 * Returns 0, 1 if it existed (exist_ok only), or -1 with a message in err
 * (errno kept: EEXIST when it existed without exist_ok). */
int		 db_file_create(const char *path, int exist_ok, char *err, size_t errlen);
/* Takes other users' access (o-rwx) away from the database at path and its
 * -wal and -shm, keeping the owner's and the group's (a directory's group
 * policy). Returns how many files it changed, or -1 with a message in err. */
int		 db_files_private(const char *path, char *err, size_t errlen);
/* Finalizes every kept statement and closes; accepts NULL. */
void		 db_close(struct db *db);
/* Returns the raw connection, for the few callers that need it. */
sqlite3		*db_handle(struct db *db);

/*
 * Returns the prepared statement for sql, preparing it the first time and
 * keeping it for the life of the connection; it comes back reset with its
 * bindings cleared. sql must be a string literal (kept by pointer).
 * Returns NULL (and logs why) if it does not prepare.
 */
sqlite3_stmt	*db_stmt(struct db *db, const char *sql);

/*
 * Begins a read transaction: the statements until db_read_end see one
 * snapshot and take the WAL's read lock once, not once each (a page that
 * only reads saves a few microseconds a statement). db_tx_begin ends it
 * first, so a page may still write. Returns DB_OK or an error (the page
 * then reads statement by statement, as without it).
 */
enum db_err	 db_read_begin(struct db *db);
/* Ends the read transaction, if one is open. */
void		 db_read_end(struct db *db);
/* Takes the write lock and begins an IMMEDIATE transaction (ending a read
 * transaction first). Returns DB_OK, DB_BUSY or DB_ERROR. */
enum db_err	 db_tx_begin(struct db *db);
/* Commits and releases the lock.
 * Returns DB_OK, or an error after rolling back. */
enum db_err	 db_tx_commit(struct db *db);
/* Copies the WAL back into the database (a passive checkpoint) if this
 * connection's last commit left it at DB_CHECKPOINT_PAGES pages or more.
 * Workers call it after the answer has gone out; db_close calls it too. */
void		 db_checkpoint_if_due(struct db *db);
/* Rolls back (if a transaction is open) and releases the lock. */
void		 db_tx_rollback(struct db *db);

/* Runs a script of SQL statements with no parameters (schema, pragmas).
 * Returns DB_OK, or an error with SQLite's message in err. */
enum db_err	 db_exec(struct db *db, const char *sql, char *err, size_t errlen);
/* Maps an SQLite result code to enum db_err. */
enum db_err	 db_err_of(int rc);
/* Returns PRAGMA user_version, or -1 on error. */
int		 db_user_version(struct db *db);

/* Runs sql (a string literal, kept like db_stmt's) with args bound to ?1..?n
 * as integers. Returns 1 if it yields a row, 0 if not, -1 on error. */
int		 db_exists(struct db *db, const char *sql, const int64_t *args, int n);

/* Text of column i of st, never NULL. */
const char	*db_text(sqlite3_stmt *st, int i);

/* Returns the most memory SQLite has held at once in this process since
 * the last reset, in bytes; with reset, starts a new count from now. */
int64_t		 db_memory_highwater(int reset);

#endif
