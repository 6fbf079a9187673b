/*
 * store.h: the operator's work on the database file as a whole: checking
 * its integrity and foreign keys (`sidan check`) and copying it while it
 * is live (`sidan backup`), and the same for the media store beside it
 * (media.h): its files counted against the photos table, and copied with
 * the database. The command line prints; the SQL is here.
 */
#ifndef SIDAN_STORE_H
#define SIDAN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"
#include "model/media.h"

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

/* What store_media_check found. */
struct store_media {
	int			checked;	/* 0: no photos table (a schema before photos) */
	struct media_check	c;		/* files, orphans, missing, staging */
	int64_t			stale;		/* of c.staging: older than MEDIA_STAGING_SECONDS */
};

/*
 * Counts the media store dir against the photos table (media_check,
 * changing nothing), and which staged files are stale at now (time(NULL),
 * the files' clock). A database without a photos table is not checked
 * (out->checked 0). Returns DB_OK or an error.
 */
enum db_err	store_media_check(struct db *db, const char *dir, int64_t now,
	    struct store_media *out);

/* What store_backup_all copied of the media store. */
struct store_media_copy {
	int64_t	files;		/* copied */
	int64_t	bytes;
	int64_t	missing;	/* named by the copy's rows, not in the store */
	int64_t	damaged;	/* in the store with bytes that do not match the name: left out */
};

/* Writes where store_backup_all puts the photos of a backup dest,
 * "<dest>.media", into buf. Returns buf, or NULL if it does not fit. */
const char *store_media_copy_path(const char *dest, char *buf, size_t len);

/*
 * The whole backup: the database copied as store_backup does to dest, and
 * every file of media_dir that a photo row of that copy names, to the
 * directory dest.media (the store's layout and modes, ab/HASH.jpg, each
 * file's bytes checked against its name). Both are written into a
 * temporary directory beside dest and renamed into place only when whole,
 * dest.media first and dest last: a dest that exists always has its
 * dest.media complete beside it, and a failed backup leaves neither.
 * Never over an existing dest or dest.media (STORE_BACKUP_EXISTS). Fills
 * *mc; missing and damaged files do not fail the backup.
 */
enum store_backup_result store_backup_all(struct db *db, const char *media_dir,
	    const char *dest, struct store_media_copy *mc, char *err, size_t errlen);

#endif
