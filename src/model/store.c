/*
 * store.c: checking the whole database and copying it while it is live.
 * Both work on the file rather than on sidan's rows: PRAGMA integrity_check
 * and foreign_key_check for `sidan check`, SQLite's online backup API for
 * `sidan backup`. The media store is checked and copied beside it: the
 * photo files are copied from the database copy's own list of names, so
 * the photos of a backup are exactly those its rows name. The command line
 * (cli/data.c) only prints what they find.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/util.h"
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

/* Returns 1 if the database has a photos table, 0 if not, -1 on error. */
static int
has_photos(sqlite3 *h)
{
	static const char sql[] =
	    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'photos'";
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum db_err
store_media_check(struct db *db, const char *dir, int64_t now, struct store_media *out)
{
	char tmp[512], file[1024];
	enum db_err e;
	struct dirent *ent;
	DIR *d;
	int has;

	memset(out, 0, sizeof(*out));
	if ((has = has_photos(db_handle(db))) <= 0)
		return has == 0 ? DB_OK : DB_ERROR;
	out->checked = 1;
	if ((e = media_check(db, dir, 0, &out->c)) != DB_OK)
		return e;
	/* Which of the staged files a form could still carry on. */
	if ((d = opendir(media_tmpdir(dir, tmp, sizeof(tmp)))) == NULL)
		return DB_OK;
	while ((ent = readdir(d)) != NULL) {
		struct stat sb;
		if (ent->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", tmp, ent->d_name);
		if (lstat(file, &sb) != 0 || (int64_t)sb.st_mtime + MEDIA_STAGING_SECONDS < now)
			out->stale++;
	}
	closedir(d);
	return DB_OK;
}

const char *
store_media_copy_path(const char *dest, char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s.media", dest) >= len)
		return NULL;
	return buf;
}

/* nftw's callback for remove_tree: removes one entry, deepest first. */
static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes the directory path and everything under it (ours only: a
 * backup's temporary directory, or a half-placed copy). */
static void
remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Syncs the directory that holds path. Returns 0 or -1. */
static int
sync_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return dir_sync(".");
	if (slash == path)
		return dir_sync("/");
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	return dir_sync(dir);
}

/* Makes path a directory of mode 0750 (the store's, whatever the umask).
 * Returns 0, or -1 (EEXIST included). */
static int
mkdir_store(const char *path)
{
	if (mkdir(path, 0750) != 0)
		return -1;
	return chmod(path, 0750);
}

/* Renames from to to, never over an existing to (EEXIST). Returns 0 or -1. */
static int
rename_new(const char *from, const char *to)
{
	struct stat sb;

	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* A file system without RENAME_NOREPLACE: look, then rename. */
	if (lstat(to, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* Writes the n bytes of p to fd. Returns 0 or -1. */
static int
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Copies the store file from to the new file to (0640, synced), hashing
 * it on the way. Adds its size to *bytes. Returns 0 when copied, 1 when
 * from does not exist, 2 when its bytes do not hash to hash (nothing
 * kept), -1 on error (errno set; nothing kept).
 */
static int
copy_file(const char *from, const char *to, const char *hash, int64_t *bytes)
{
	crypto_hash_sha256_state st;
	unsigned char chunk[65536], sum[crypto_hash_sha256_BYTES];
	char hex[MEDIA_HASH_LEN + 1];
	int in, out, saved;
	int64_t n_total = 0;
	ssize_t n;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 1 : -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) < 0) {
		saved = errno;
		close(in);
		errno = saved;
		return -1;
	}
	crypto_hash_sha256_init(&st);
	while ((n = read(in, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out, chunk, (size_t)n) != 0)
			goto fail;
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
		n_total += n;
	}
	if (fchmod(out, 0640) != 0 || fsync(out) != 0)
		goto fail;
	close(in);
	if (close(out) != 0) {
		saved = errno;
		unlink(to);
		errno = saved;
		return -1;
	}
	crypto_hash_sha256_final(&st, sum);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	if (strcmp(hex, hash) != 0) {
		unlink(to);
		return 2;
	}
	*bytes += n_total;
	return 0;
fail:
	saved = errno;
	close(in);
	close(out);
	unlink(to);
	errno = saved;
	return -1;
}

/*
 * Copies into the directory to (made here) every file of media_dir that a
 * photo row of the database at copy names. Fills *mc. Returns 0, or -1
 * with err set.
 */
static int
copy_media(const char *copy, const char *media_dir, const char *to,
    struct store_media_copy *mc, char *err, size_t errlen)
{
	static const char sql[] = "SELECT file FROM photos UNION SELECT thumb FROM photos";
	char made[256] = "";	/* which ab/ subdirectories exist: one flag each */
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1, has, step = SQLITE_DONE;

	if (mkdir_store(to) != 0) {
		snprintf(err, errlen, "%s: %s", to, strerror(errno));
		return -1;
	}
	if (sqlite3_open_v2(copy, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    (has = has_photos(h)) < 0) {
		snprintf(err, errlen, "%s: %s", copy, sqlite3_errmsg(h));
		goto out;
	}
	if (has && sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", copy, sqlite3_errmsg(h));
		goto out;
	}
	while (st != NULL && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *hash = db_text(st, 0);
		char from[1024], dest[4400], sub[4300];
		unsigned idx;

		if (media_path(media_dir, hash, from, sizeof(from)) == NULL) {
			mc->missing++;
			continue;
		}
		/* The two hex digits name the subdirectory. */
		idx = (unsigned)strtoul((char[3]){ hash[0], hash[1], '\0' }, NULL, 16);
		snprintf(sub, sizeof(sub), "%s/%.2s", to, hash);
		if (!made[idx]) {
			if (mkdir_store(sub) != 0) {
				snprintf(err, errlen, "%s: %s", sub, strerror(errno));
				goto out;
			}
			made[idx] = 1;
		}
		snprintf(dest, sizeof(dest), "%s/%s.jpg", sub, hash);
		switch (copy_file(from, dest, hash, &mc->bytes)) {
		case 0:
			mc->files++;
			break;
		case 1:
			mc->missing++;
			break;
		case 2:
			mc->damaged++;
			break;
		default:
			snprintf(err, errlen, "%s: %s", dest, strerror(errno));
			goto out;
		}
	}
	if (st != NULL && step != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", copy, sqlite3_errmsg(h));
		goto out;
	}
	/* Every subdirectory, then the copy itself, on disk before the rename. */
	for (unsigned i = 0; i < sizeof(made); i++) {
		char sub[4300];
		snprintf(sub, sizeof(sub), "%s/%02x", to, i);
		/* One whose files were all missing or damaged goes. */
		if (made[i] && rmdir(sub) != 0 && dir_sync(sub) != 0) {
			snprintf(err, errlen, "%s: %s", sub, strerror(errno));
			goto out;
		}
	}
	if (dir_sync(to) != 0) {
		snprintf(err, errlen, "%s: %s", to, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

enum store_backup_result
store_backup_all(struct db *db, const char *media_dir, const char *dest,
    struct store_media_copy *mc, char *err, size_t errlen)
{
	char mdest[4096], tmp[4096], tdb[4200], tmedia[4200];
	enum store_backup_result res;
	struct stat sb;

	memset(mc, 0, sizeof(*mc));
	if (store_media_copy_path(dest, mdest, sizeof(mdest)) == NULL ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dest) >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: name too long", dest);
		return STORE_BACKUP_FAILED;
	}
	if (lstat(dest, &sb) == 0 || lstat(mdest, &sb) == 0) {
		snprintf(err, errlen, "%s exists", lstat(dest, &sb) == 0 ? dest : mdest);
		return STORE_BACKUP_EXISTS;
	}
	/* Everything is made in a private directory beside dest (so on the
	 * same file system: the renames below are atomic). */
	if (mkdtemp(tmp) == NULL) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return STORE_BACKUP_FAILED;
	}
	snprintf(tdb, sizeof(tdb), "%s/db", tmp);
	snprintf(tmedia, sizeof(tmedia), "%s/media", tmp);
	if ((res = store_backup(db, tdb, err, errlen)) != STORE_BACKUP_OK) {
		if (res == STORE_BACKUP_EXISTS)
			res = STORE_BACKUP_FAILED;
		goto fail;
	}
	res = STORE_BACKUP_FAILED;
	if (copy_media(tdb, media_dir, tmedia, mc, err, errlen) != 0)
		goto fail;
	/* The photos first, the database last: dest is the sign that the
	 * whole backup is there. */
	if (rename_new(tmedia, mdest) != 0) {
		res = errno == EEXIST || errno == ENOTEMPTY ? STORE_BACKUP_EXISTS :
		    STORE_BACKUP_FAILED;
		snprintf(err, errlen, "%s: %s", mdest, strerror(errno));
		goto fail;
	}
	if (sync_parent(mdest) != 0 || rename_new(tdb, dest) != 0) {
		res = errno == EEXIST ? STORE_BACKUP_EXISTS : STORE_BACKUP_FAILED;
		snprintf(err, errlen, "%s: %s", dest, strerror(errno));
		remove_tree(mdest);
		goto fail;
	}
	if (sync_parent(dest) != 0) {
		snprintf(err, errlen, "%s: %s", dest, strerror(errno));
		unlink(dest);
		remove_tree(mdest);
		goto fail;
	}
	rmdir(tmp);
	return STORE_BACKUP_OK;
fail:
	remove_tree(tmp);
	return res;
}
