/*
 * media.c: the media store's files (see media.h): staging, publishing by
 * rename, the check of files against rows, and recovery after a crash.
 * Every file is synced before its rename and every rename is followed by a
 * sync of its directory, so after a crash or a full disk a store name is
 * either absent or a whole file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/util.h"
#include "model/media.h"

int
media_hash_ok(const char *hash)
{
	size_t i;

	for (i = 0; hash[i]; i++)
		if (!((hash[i] >= '0' && hash[i] <= '9') || (hash[i] >= 'a' && hash[i] <= 'f')))
			return 0;
	return i == MEDIA_HASH_LEN;
}

/* Creates path as a directory if missing, readable by its group (nginx's
 * workers read the store through it: the package puts www-data in sidan's
 * group), whatever the umask. Returns 0 or -1. */
static int
mkdir_once(const char *path)
{
	if (mkdir(path, 0750) == 0)
		return chmod(path, 0750);
	return errno == EEXIST ? 0 : -1;
}

int
media_init(const char *dir)
{
	char tmp[512];

	if (mkdir_once(dir) != 0)
		return -1;
	return mkdir_once(media_tmpdir(dir, tmp, sizeof(tmp)));
}

const char *
media_tmpdir(const char *dir, char *buf, size_t len)
{
	snprintf(buf, len, "%s/tmp", dir);
	return buf;
}

/* Hashes the file at fd (SHA-256, lowercase hex into hex) and counts its
 * bytes. Returns 0 or -1. */
static int
hash_fd(int fd, char hex[MEDIA_HASH_LEN + 1], int64_t *bytes)
{
	crypto_hash_sha256_state st;
	unsigned char chunk[65536], sum[crypto_hash_sha256_BYTES];
	ssize_t n;

	*bytes = 0;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
		*bytes += n;
	}
	crypto_hash_sha256_final(&st, sum);
	sodium_bin2hex(hex, MEDIA_HASH_LEN + 1, sum, sizeof(sum));
	return 0;
}

const char *
media_staged_name(const struct media_file *f, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%dx%d", f->hash, f->width, f->height);
	return buf;
}

int
media_stage(const char *dir, const char *path, int width, int height,
    struct media_file *out)
{
	char tmp[512], dest[640], name[100];
	int fd, saved;

	memset(out, 0, sizeof(*out));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		goto fail;
	/* Readable by the group (nginx), whatever mode the file was made with. */
	if (hash_fd(fd, out->hash, &out->bytes) != 0 || fchmod(fd, 0640) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		goto fail;
	}
	close(fd);
	out->width = width;
	out->height = height;
	media_tmpdir(dir, tmp, sizeof(tmp));
	snprintf(dest, sizeof(dest), "%s/%s.jpg", tmp,
	    media_staged_name(out, name, sizeof(name)));
	if (rename(path, dest) != 0)
		goto fail;
	return dir_sync(tmp);
fail:
	saved = errno;
	unlink(path);
	errno = saved;
	return -1;
}

int
media_staged(const char *dir, const char *name, struct media_file *out)
{
	char tmp[512], path[640], again[100];
	struct stat sb;
	int w, h, used = 0;

	memset(out, 0, sizeof(*out));
	if (strlen(name) < MEDIA_HASH_LEN + 4 || name[MEDIA_HASH_LEN] != '-')
		return -1;
	memcpy(out->hash, name, MEDIA_HASH_LEN);
	out->hash[MEDIA_HASH_LEN] = '\0';
	if (!media_hash_ok(out->hash) ||
	    sscanf(name + MEDIA_HASH_LEN + 1, "%4dx%4d%n", &w, &h, &used) != 2 ||
	    name[MEDIA_HASH_LEN + 1 + used] != '\0' || w < 1 || h < 1)
		return -1;
	out->width = w;
	out->height = h;
	/* The name must be exactly as media_stage writes it. */
	if (strcmp(media_staged_name(out, again, sizeof(again)), name) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.jpg", media_tmpdir(dir, tmp, sizeof(tmp)), name);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return -1;
	out->bytes = (int64_t)sb.st_size;
	return 0;
}

const char *
media_path(const char *dir, const char *hash, char *buf, size_t len)
{
	if (!media_hash_ok(hash))
		return NULL;
	snprintf(buf, len, "%s/%.2s/%s.jpg", dir, hash, hash);
	return buf;
}

const char *
media_uri(const char *hash, char *buf, size_t len)
{
	if (!media_hash_ok(hash))
		return NULL;
	snprintf(buf, len, "/_media/%.2s/%s.jpg", hash, hash);
	return buf;
}

int
media_publish(const char *dir, const struct media_file *f)
{
	char tmp[512], from[640], to[640], sub[520], name[100];

	if (media_path(dir, f->hash, to, sizeof(to)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	snprintf(from, sizeof(from), "%s/%s.jpg", media_tmpdir(dir, tmp, sizeof(tmp)),
	    media_staged_name(f, name, sizeof(name)));
	snprintf(sub, sizeof(sub), "%s/%.2s", dir, f->hash);
	if (mkdir_once(sub) != 0)
		return -1;
	/* A second name for the same bytes: the staged one stays until the
	 * transaction is settled (media_unstage), so a rolled-back form can be
	 * sent again. An existing store file has the same bytes already. */
	if (link(from, to) != 0 && errno != EEXIST &&
	    /* Another form staged the same picture (one staging name for the
	     * same bytes) and settled first: its copy is in the store. */
	    !(errno == ENOENT && access(to, F_OK) == 0))
		return -1;
	return dir_sync(sub);
}

void
media_unstage(const char *dir, const struct media_file *f)
{
	char tmp[512], path[640], name[100];

	snprintf(path, sizeof(path), "%s/%s.jpg", media_tmpdir(dir, tmp, sizeof(tmp)),
	    media_staged_name(f, name, sizeof(name)));
	unlink(path);
}

/* Returns 1 if a photo row names hash, 0 if not, -1 on error. */
static int
hash_named(struct db *db, const char *hash)
{
	static const char sql[] =
	    "SELECT EXISTS (SELECT 1 FROM photos WHERE file = ?1)"
	    " OR EXISTS (SELECT 1 FROM photos WHERE thumb = ?1)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int named;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	named = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return named;
}

int
media_forget(struct db *db, const char *dir, const char *hash)
{
	char path[640];
	int named;

	if (media_path(dir, hash, path, sizeof(path)) == NULL ||
	    (named = hash_named(db, hash)) < 0)
		return -1;
	if (named)
		return 0;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Walks one two-hex-digit directory of the store. Returns 0 or -1. */
static int
check_subdir(struct db *db, const char *path, int fix, struct media_check *out)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char hash[MEDIA_HASH_LEN + 1], file[1200];
		struct stat sb;
		int named;

		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
		if (stat(file, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		out->files++;
		out->bytes += (int64_t)sb.st_size;
		/* A name that is not HASH.jpg is nothing of ours: an orphan. */
		named = 0;
		if (strlen(e->d_name) == MEDIA_HASH_LEN + 4 &&
		    strcmp(e->d_name + MEDIA_HASH_LEN, ".jpg") == 0) {
			memcpy(hash, e->d_name, MEDIA_HASH_LEN);
			hash[MEDIA_HASH_LEN] = '\0';
			if (media_hash_ok(hash) && (named = hash_named(db, hash)) < 0) {
				closedir(d);
				return -1;
			}
		}
		if (!named) {
			out->orphans++;
			if (fix)
				unlink(file);
		}
	}
	closedir(d);
	return 0;
}

/* Counts (and with fix removes) the files left in staging. */
static void
check_staging(const char *dir, int fix, struct media_check *out)
{
	char tmp[512], file[800];
	DIR *d = opendir(media_tmpdir(dir, tmp, sizeof(tmp)));
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		out->staging++;
		if (fix) {
			snprintf(file, sizeof(file), "%s/%s", tmp, e->d_name);
			unlink(file);
		}
	}
	closedir(d);
}

/* Counts the names rows hold that have no file. Returns DB_OK or an error. */
static enum db_err
check_missing(struct db *db, const char *dir, struct media_check *out)
{
	static const char sql[] = "SELECT file FROM photos UNION SELECT thumb FROM photos";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char path[640];
		struct stat sb;
		const char *h = (const char *)sqlite3_column_text(st, 0);
		if (h == NULL || media_path(dir, h, path, sizeof(path)) == NULL ||
		    stat(path, &sb) != 0)
			out->missing++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

enum db_err
media_check(struct db *db, const char *dir, int fix, struct media_check *out)
{
	DIR *d;
	struct dirent *e;

	memset(out, 0, sizeof(*out));
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char sub[900];
			const char *n = e->d_name;
			if (strlen(n) != 2 ||
			    !((n[0] >= '0' && n[0] <= '9') || (n[0] >= 'a' && n[0] <= 'f')) ||
			    !((n[1] >= '0' && n[1] <= '9') || (n[1] >= 'a' && n[1] <= 'f')))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", dir, n);
			if (check_subdir(db, sub, fix, out) != 0) {
				closedir(d);
				return DB_ERROR;
			}
		}
		closedir(d);
	}
	check_staging(dir, fix, out);
	return check_missing(db, dir, out);
}

enum db_err
media_recover(struct db *db, const char *dir, struct media_check *out)
{
	return media_check(db, dir, 1, out);
}

int
media_sweep_staging(const char *dir, int64_t age, int64_t now)
{
	char tmp[512], file[800];
	DIR *d = opendir(media_tmpdir(dir, tmp, sizeof(tmp)));
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", tmp, e->d_name);
		if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (int64_t)sb.st_mtime + age < now && unlink(file) == 0)
			n++;
	}
	closedir(d);
	return n;
}
