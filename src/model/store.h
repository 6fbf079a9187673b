/*
 * store.h: the operator's work on the database file as a whole: checking
 * its integrity and foreign keys (`sidan check`) and copying it while it
 * is live (`sidan backup`). The command line prints; the SQL is here.
 */
#ifndef SIDAN_STORE_H
#define SIDAN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"

/* What kind of problem store_check found. */
enum store_problem_kind {
	STORE_INTEGRITY = 0,	/* a line of PRAGMA integrity_check other than "ok" */
	STORE_FOREIGN_KEY,	/* a row of PRAGMA foreign_key_check */
	STORE_PROBLEM__MAX
};

/* One problem, valid only during the callback. */
struct store_problem {
	enum store_problem_kind	 kind;
	const char		*text;		/* STORE_INTEGRITY: SQLite's words */
	const char		*table;		/* STORE_FOREIGN_KEY: the referring table */
	int64_t			 rowid;		/* ... its row (0 for a table without rowid) */
	const char		*parent;	/* ... the table it refers to */
};

/*
 * Runs PRAGMA integrity_check, then PRAGMA foreign_key_check, calling fn
 * once per problem found. Returns the number of problems: those reported,
 * plus one for each check that could not run (reported to no one).
 */
int	store_check(struct db *db,
	    void (*fn)(void *arg, const struct store_problem *p), void *arg);

/* What store_backup did. */
enum store_backup_result {
	STORE_BACKUP_OK = 0,	/* dest is a checked copy */
	STORE_BACKUP_EXISTS,	/* dest exists: nothing was written */
	STORE_BACKUP_FAILED,	/* could not copy (why in err); no copy is left */
	STORE_BACKUP_CORRUPT	/* the copy failed integrity_check and was removed */
};

/*
 * Copies db to the new file dest with SQLite's online backup, in one step
 * (one read snapshot, never restarted by writers, so sidan may keep
 * serving), then runs integrity_check on the copy. dest is created 0600
 * before a byte goes in, never over an existing file; a copy that fails is
 * removed with any journal beside it.
 */
enum store_backup_result store_backup(struct db *db, const char *dest, char *err,
	    size_t errlen);

#endif
