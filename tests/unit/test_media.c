/*
 * test_media.c: the media store (model/media.c) and what the operator's
 * commands do with it (store.c, audit.c), against a real database and a
 * real directory: staging names the file by its SHA-256 and the staged
 * name reads back only when exactly right; publishing twice keeps one
 * file, and settling after the transaction drops the staged name (commit)
 * or the unnamed store file (rollback); media_check counts files no row
 * names, rows whose file is gone and
 * leftover staging, and recovery removes the first and the last; the
 * backup copies exactly the files its rows name (all or nothing, never
 * over an existing copy); the purge takes a resident's photos with their
 * contact details and leaves the rest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <sys/time.h>
#include <time.h>

#include <sodium.h>

#include "model_fixture.h"
#include "model/audit.h"
#include "model/media.h"
#include "model/photo.h"
#include "model/store.h"

/* A test's world: the fixture's database and a media store beside it. */
struct mt {
	struct fx	*f;
	char		 dir[128];	/* the media store */
};

/* nftw's callback for rm_tree. */
static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes path and everything under it. */
static void
rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes the n bytes of data to path (a new file). */
static void
write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
}

/* Returns 1 if path exists (anything), else 0. */
static int
exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* The SHA-256 of s, in lowercase hex, into hex. */
static void
sha256_hex(const char *s, char hex[MEDIA_HASH_LEN + 1])
{
	unsigned char sum[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(sum, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(hex, MEDIA_HASH_LEN + 1, sum, sizeof(sum));
}

/* Writes content to a new file in the store's tmp, as sidan-image's
 * output would be, and stages it as a WxH picture into *out. */
static void
stage(struct mt *m, const char *content, int w, int h, struct media_file *out)
{
	char tmp[600], path[700];
	int fd;

	snprintf(path, sizeof(path), "%s/conv-XXXXXX", media_tmpdir(m->dir, tmp, sizeof(tmp)));
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
	assert_int_equal(media_stage(m->dir, path, w, h, out), 0);
	assert_false(exists(path));
}

/* The path of a store file by its hash. */
static const char *
store_path(struct mt *m, const char *hash, char *buf, size_t len)
{
	assert_non_null(media_path(m->dir, hash, buf, len));
	return buf;
}

/* The path of a staged file. */
static const char *
staged_path(struct mt *m, const struct media_file *f, char *buf, size_t len)
{
	char tmp[600], name[100];

	snprintf(buf, len, "%s/%s.jpg", media_tmpdir(m->dir, tmp, sizeof(tmp)),
	    media_staged_name(f, name, sizeof(name)));
	return buf;
}

/* Adds a photo of kind to order (two staged files made from the texts),
 * in its own transaction, settled after it, as a page's model call would.
 * Returns its id and fills *p. */
static int64_t
add_photo(struct mt *m, enum photo_kind kind, int64_t order, const char *file,
    const char *thumb, struct photo *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->order_id = order;
	stage(m, file, 640, 480, &p->m.file);
	stage(m, thumb, 320, 240, &p->m.thumb);
	assert_int_equal(db_tx_begin(m->f->db), DB_OK);
	assert_int_equal(photo_add(m->f->db, m->dir, p), DB_OK);
	assert_int_equal(db_tx_commit(m->f->db), DB_OK);
	photo_settle(m->f->db, m->dir, &p->m, 1, 1);
	return p->id;
}

/* Sets the modification time of path to secs seconds ago. */
static void
age_file(const char *path, int64_t secs)
{
	struct timeval tv[2];

	tv[0].tv_sec = tv[1].tv_sec = (time_t)(time(NULL) - secs);
	tv[0].tv_usec = tv[1].tv_usec = 0;
	assert_int_equal(utimes(path, tv), 0);
}

/* cmocka setup: the fixture's database and an empty store beside it. */
static int
mt_setup(void **state)
{
	struct mt *m = calloc(1, sizeof(*m));
	void *fs = NULL;

	if (m == NULL || fx_setup(&fs) != 0)
		return -1;
	m->f = fs;
	snprintf(m->dir, sizeof(m->dir), "%s/media", m->f->dir);
	if (media_init(m->dir) != 0)
		return -1;
	*state = m;
	return 0;
}

/* cmocka teardown: closes the database and removes the directory. */
static int
mt_teardown(void **state)
{
	struct mt *m = *state;
	char dir[64];
	void *fs = m->f;

	snprintf(dir, sizeof(dir), "%s", m->f->dir);
	fx_teardown(&fs);
	rm_tree(dir);
	free(m);
	return 0;
}

static void
test_init_and_names(void **state)
{
	struct mt *m = *state;
	static const char good[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	static const char *const bad[] = {
		"", "0123", "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
		"../3456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd/f",
	};
	char buf[700], tmp[600];
	struct stat sb;

	assert_int_equal(stat(m->dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0750);
	assert_int_equal(stat(media_tmpdir(m->dir, tmp, sizeof(tmp)), &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(media_init(m->dir), 0);	/* again: fine */
	assert_true(media_hash_ok(good));
	snprintf(tmp, sizeof(tmp), "%s/01/%s.jpg", m->dir, good);
	assert_string_equal(media_path(m->dir, good, buf, sizeof(buf)), tmp);
	snprintf(tmp, sizeof(tmp), "/_media/01/%s.jpg", good);
	assert_string_equal(media_uri(good, buf, sizeof(buf)), tmp);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(media_hash_ok(bad[i]));
		assert_null(media_path(m->dir, bad[i], buf, sizeof(buf)));
		assert_null(media_uri(bad[i], buf, sizeof(buf)));
	}
}

static void
test_stage(void **state)
{
	struct mt *m = *state;
	struct media_file f, again;
	char hex[MEDIA_HASH_LEN + 1], path[700], name[100];
	struct stat sb;

	stage(m, "a picture's bytes", 640, 480, &f);
	sha256_hex("a picture's bytes", hex);
	assert_string_equal(f.hash, hex);
	assert_int_equal(f.bytes, strlen("a picture's bytes"));
	assert_int_equal(f.width, 640);
	assert_int_equal(f.height, 480);
	/* Staged as HASH-WxH.jpg in tmp, readable by the group (nginx). */
	assert_int_equal(stat(staged_path(m, &f, path, sizeof(path)), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	snprintf(path, sizeof(path), "%s-640x480", hex);
	assert_string_equal(media_staged_name(&f, name, sizeof(name)), path);
	/* Read back by the name a form carries. */
	assert_int_equal(media_staged(m->dir, name, &again), 0);
	assert_string_equal(again.hash, f.hash);
	assert_int_equal(again.width, 640);
	assert_int_equal(again.height, 480);
	assert_int_equal(again.bytes, f.bytes);
	/* A file that is not there cannot be staged. */
	snprintf(path, sizeof(path), "%s/tmp/conv-none", m->dir);
	errno = 0;
	assert_int_equal(media_stage(m->dir, path, 1, 1, &again), -1);
	assert_int_equal(errno, ENOENT);
}

static void
test_staged_name_malformed(void **state)
{
	struct mt *m = *state;
	struct media_file f, out;
	char name[100], bad[200], path[700];
	size_t i;

	stage(m, "staged", 640, 480, &f);
	media_staged_name(&f, name, sizeof(name));
	assert_int_equal(media_staged(m->dir, name, &out), 0);
	/* Every way of spelling it other than media_stage's is refused. */
	{
		static const char *const tails[] = {
			"", "-", "-640", "-640x", "-x480", "-640x480x", "-640X480", "-640x480 ",
			"- 640x480", "-+640x480", "-0640x480", "-640x0480", "-0x480", "-640x0",
			"--640x480", "-640x-480", "-99999x480", "-640x480.jpg", "-640x480/",
			"_640x480", "-640x480\n", "-6.4x480",
		};
		for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
			snprintf(bad, sizeof(bad), "%s%s", f.hash, tails[i]);
			assert_int_equal(media_staged(m->dir, bad, &out), -1);
		}
	}
	/* A hash that is not 64 lowercase hex digits. */
	snprintf(bad, sizeof(bad), "%s", name);
	bad[0] = (char)(bad[0] == 'a' ? 'A' : 'G');
	assert_int_equal(media_staged(m->dir, bad, &out), -1);
	assert_int_equal(media_staged(m->dir, name + 1, &out), -1);
	snprintf(bad, sizeof(bad), "0%s", name);
	assert_int_equal(media_staged(m->dir, bad, &out), -1);
	assert_int_equal(media_staged(m->dir, "", &out), -1);
	assert_int_equal(media_staged(m->dir, "../../etc/passwd-1x1", &out), -1);
	snprintf(bad, sizeof(bad), "../tmp/%s", name);
	assert_int_equal(media_staged(m->dir, bad, &out), -1);
	/* Well formed, but nothing staged under it (other sizes, other bytes). */
	snprintf(bad, sizeof(bad), "%s-641x480", f.hash);
	assert_int_equal(media_staged(m->dir, bad, &out), -1);
	snprintf(bad, sizeof(bad), "%064d-640x480", 0);
	assert_int_equal(media_staged(m->dir, bad, &out), -1);
	/* A directory under a staged name is not a staged file. */
	snprintf(bad, sizeof(bad), "%064d-1x1", 0);
	snprintf(path, sizeof(path), "%s/tmp/%s.jpg", m->dir, bad);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(media_staged(m->dir, bad, &out), -1);
}

static void
test_publish_twice(void **state)
{
	struct mt *m = *state;
	struct media_file a, b, none;
	char path[700], sp[700];
	struct stat sb;

	/* The same picture sent twice is staged twice under one name. */
	stage(m, "the same bytes", 320, 240, &a);
	stage(m, "the same bytes", 320, 240, &b);
	assert_string_equal(a.hash, b.hash);
	assert_int_equal(media_publish(m->dir, &a), 0);
	store_path(m, a.hash, path, sizeof(path));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, strlen("the same bytes"));
	/* The staged name stays until the transaction is settled. */
	assert_true(exists(staged_path(m, &a, sp, sizeof(sp))));
	/* Published again (already in the store): still one file. */
	assert_int_equal(media_publish(m->dir, &b), 0);
	media_unstage(m->dir, &a);
	assert_false(exists(staged_path(m, &a, sp, sizeof(sp))));
	assert_true(exists(path));
	media_unstage(m->dir, &a);	/* again: nothing to do */
	{
		struct media_check c;
		assert_int_equal(media_check(m->f->db, m->dir, 0, &c), DB_OK);
		assert_int_equal(c.files, 1);
		assert_int_equal(c.staging, 0);
	}
	/* Neither staged nor in the store: nothing to publish. */
	memset(&none, 0, sizeof(none));
	sha256_hex("never staged", none.hash);
	none.width = none.height = 1;
	assert_int_equal(media_publish(m->dir, &none), -1);
	assert_false(exists(store_path(m, none.hash, path, sizeof(path))));
	snprintf(none.hash, sizeof(none.hash), "not a hash");
	errno = 0;
	assert_int_equal(media_publish(m->dir, &none), -1);
	assert_int_equal(errno, EINVAL);
}

static void
test_settle(void **state)
{
	struct mt *m = *state;
	struct photo p, q;
	char path[700], sp[700];
	int64_t order = fx_order(m->f);

	/* Rolled back: the store file no row names goes, the staged names
	 * stay for the same form to be sent again. */
	memset(&p, 0, sizeof(p));
	p.kind = PHOTO_REQUEST;
	p.order_id = order;
	stage(m, "sent once", 640, 480, &p.m.file);
	stage(m, "sent once, small", 320, 240, &p.m.thumb);
	assert_int_equal(db_tx_begin(m->f->db), DB_OK);
	assert_int_equal(photo_add(m->f->db, m->dir, &p), DB_OK);
	assert_true(exists(store_path(m, p.m.file.hash, path, sizeof(path))));
	db_tx_rollback(m->f->db);
	photo_settle(m->f->db, m->dir, &p.m, 1, 0);
	assert_false(exists(store_path(m, p.m.file.hash, path, sizeof(path))));
	assert_false(exists(store_path(m, p.m.thumb.hash, path, sizeof(path))));
	assert_true(exists(staged_path(m, &p.m.file, sp, sizeof(sp))));
	assert_true(exists(staged_path(m, &p.m.thumb, sp, sizeof(sp))));
	/* Sent again and committed: in the store, nothing staged. */
	assert_int_equal(db_tx_begin(m->f->db), DB_OK);
	assert_int_equal(photo_add(m->f->db, m->dir, &p), DB_OK);
	assert_int_equal(db_tx_commit(m->f->db), DB_OK);
	photo_settle(m->f->db, m->dir, &p.m, 1, 1);
	assert_true(exists(store_path(m, p.m.file.hash, path, sizeof(path))));
	assert_false(exists(staged_path(m, &p.m.file, sp, sizeof(sp))));
	/* A rollback of another row with the same picture keeps the file
	 * the first row names. */
	q = p;
	q.id = 0;
	stage(m, "sent once", 640, 480, &q.m.file);
	stage(m, "sent once, small", 320, 240, &q.m.thumb);
	assert_int_equal(db_tx_begin(m->f->db), DB_OK);
	assert_int_equal(photo_add(m->f->db, m->dir, &q), DB_OK);
	db_tx_rollback(m->f->db);
	photo_settle(m->f->db, m->dir, &q.m, 1, 0);
	assert_true(exists(store_path(m, p.m.file.hash, path, sizeof(path))));
	assert_true(exists(store_path(m, p.m.thumb.hash, path, sizeof(path))));
	media_unstage(m->dir, &q.m.file);
	media_unstage(m->dir, &q.m.thumb);
	{
		struct media_check c;
		assert_int_equal(media_check(m->f->db, m->dir, 0, &c), DB_OK);
		assert_int_equal(c.files, 2);
		assert_int_equal(c.orphans + c.missing + c.staging, 0);
	}
}

static void
test_check_and_recover(void **state)
{
	struct mt *m = *state;
	struct media_check c;
	struct store_media sm;
	struct media_file orphan, left, young;
	struct photo p;
	char path[700], junk[700], other[700], sp[700];
	int64_t order = fx_order(m->f);

	add_photo(m, PHOTO_REQUEST, order, "the door", "the door, small", &p);
	/* Clean: two files, both named. */
	assert_int_equal(media_check(m->f->db, m->dir, 0, &c), DB_OK);
	assert_int_equal(c.files, 2);
	assert_int_equal(c.bytes, strlen("the door") + strlen("the door, small"));
	assert_int_equal(c.orphans + c.missing + c.staging, 0);
	/* A published file no row names (a crash before the commit), a file
	 * under a name of no hash, a directory that is not the store's, a
	 * staged file left a week ago and one staged now, and a row's file
	 * gone. */
	stage(m, "orphan", 10, 10, &orphan);
	assert_int_equal(media_publish(m->dir, &orphan), 0);
	media_unstage(m->dir, &orphan);
	snprintf(junk, sizeof(junk), "%s/%.2s/notes.txt", m->dir, p.m.file.hash);
	write_file(junk, "x", 1);
	snprintf(other, sizeof(other), "%s/zz", m->dir);
	assert_int_equal(mkdir(other, 0700), 0);
	snprintf(other, sizeof(other), "%s/zz/keep.jpg", m->dir);
	write_file(other, "x", 1);
	stage(m, "left over", 10, 10, &left);
	age_file(staged_path(m, &left, sp, sizeof(sp)), 7 * 86400);
	stage(m, "in a form", 10, 10, &young);
	assert_int_equal(unlink(store_path(m, p.m.thumb.hash, path, sizeof(path))), 0);
	assert_int_equal(media_check(m->f->db, m->dir, 0, &c), DB_OK);
	assert_int_equal(c.files, 3);
	assert_int_equal(c.orphans, 2);
	assert_int_equal(c.missing, 1);
	assert_int_equal(c.staging, 2);
	/* sidan check's view: only the old staged file is left over. */
	assert_int_equal(store_media_check(m->f->db, m->dir, (int64_t)time(NULL), &sm), DB_OK);
	assert_true(sm.checked);
	assert_int_equal(sm.c.orphans, 2);
	assert_int_equal(sm.stale, 1);
	/* The check changed nothing. */
	assert_true(exists(junk));
	assert_true(exists(staged_path(m, &left, sp, sizeof(sp))));
	/* Recovery (serve's start) removes orphans and all staging. */
	assert_int_equal(media_recover(m->f->db, m->dir, &c), DB_OK);
	assert_int_equal(c.orphans, 2);
	assert_int_equal(c.staging, 2);
	assert_int_equal(media_check(m->f->db, m->dir, 0, &c), DB_OK);
	assert_int_equal(c.files, 1);
	assert_int_equal(c.orphans + c.staging, 0);
	assert_int_equal(c.missing, 1);
	assert_false(exists(junk));
	assert_false(exists(store_path(m, orphan.hash, path, sizeof(path))));
	assert_true(exists(store_path(m, p.m.file.hash, path, sizeof(path))));
	assert_true(exists(other));	/* not the store's: left alone */
	/* The file put back: clean. */
	write_file(store_path(m, p.m.thumb.hash, path, sizeof(path)), "the door, small",
	    strlen("the door, small"));
	assert_int_equal(store_media_check(m->f->db, m->dir, (int64_t)time(NULL), &sm), DB_OK);
	assert_int_equal(sm.c.orphans + sm.c.missing + sm.c.staging + sm.stale, 0);
}

static void
test_check_without_store(void **state)
{
	struct mt *m = *state;
	struct media_check c;
	struct store_media sm;
	struct photo p;
	char gone[200];

	/* No store directory at all: rows' files are missing, nothing else. */
	add_photo(m, PHOTO_REQUEST, fx_order(m->f), "a", "b", &p);
	snprintf(gone, sizeof(gone), "%s/none", m->f->dir);
	assert_int_equal(media_check(m->f->db, gone, 0, &c), DB_OK);
	assert_int_equal(c.files + c.orphans + c.staging, 0);
	assert_int_equal(c.missing, 2);
	assert_false(exists(gone));
	/* A database from before photos is not checked. */
	fx_exec(m->f->db, "DROP TABLE photos");
	assert_int_equal(store_media_check(m->f->db, m->dir, (int64_t)time(NULL), &sm), DB_OK);
	assert_false(sm.checked);
}

static void
test_forget_and_sweep(void **state)
{
	struct mt *m = *state;
	struct media_file loose, old, fresh;
	struct photo p;
	char path[700], sp[700];

	add_photo(m, PHOTO_REQUEST, fx_order(m->f), "kept", "kept small", &p);
	stage(m, "loose", 1, 1, &loose);
	assert_int_equal(media_publish(m->dir, &loose), 0);
	media_unstage(m->dir, &loose);
	/* A file a row names stays; one no row names goes; a gone one is fine. */
	assert_int_equal(media_forget(m->f->db, m->dir, p.m.file.hash), 0);
	assert_true(exists(store_path(m, p.m.file.hash, path, sizeof(path))));
	assert_int_equal(media_forget(m->f->db, m->dir, loose.hash), 0);
	assert_false(exists(store_path(m, loose.hash, path, sizeof(path))));
	assert_int_equal(media_forget(m->f->db, m->dir, loose.hash), 0);
	assert_int_equal(media_forget(m->f->db, m->dir, "bad"), -1);
	/* The housekeeping sweep takes staged files older than the age only. */
	stage(m, "old", 1, 1, &old);
	stage(m, "fresh", 1, 1, &fresh);
	age_file(staged_path(m, &old, sp, sizeof(sp)), 2 * 86400);
	assert_int_equal(media_sweep_staging(m->dir, 86400, (int64_t)time(NULL)), 1);
	assert_false(exists(staged_path(m, &old, sp, sizeof(sp))));
	assert_true(exists(staged_path(m, &fresh, sp, sizeof(sp))));
	snprintf(path, sizeof(path), "%s/none", m->f->dir);
	assert_int_equal(media_sweep_staging(path, 86400, (int64_t)time(NULL)), 0);
}

/* Returns how many entries of dir begin with prefix. */
static int
count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void
test_backup_all(void **state)
{
	struct mt *m = *state;
	struct store_media_copy mc;
	struct photo p1, p2;
	char dest[200], mdest[300], path[700], err[512], got[64];
	struct stat sb;
	int fd;
	ssize_t n;

	add_photo(m, PHOTO_REQUEST, fx_order(m->f), "photo one", "one small", &p1);
	add_photo(m, PHOTO_REQUEST, fx_order(m->f), "photo two", "two small", &p2);
	snprintf(dest, sizeof(dest), "%s/copy.db", m->f->dir);
	assert_non_null(store_media_copy_path(dest, mdest, sizeof(mdest)));
	assert_int_equal(store_backup_all(m->f->db, m->dir, dest, &mc, err, sizeof(err)),
	    STORE_BACKUP_OK);
	assert_int_equal(mc.files, 4);
	assert_int_equal(mc.bytes, strlen("photo one") + strlen("one small") +
	    strlen("photo two") + strlen("two small"));
	assert_int_equal(mc.missing + mc.damaged, 0);
	assert_int_equal(stat(dest, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(mdest, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0750);
	/* Each file under its store name with its bytes, modes as the store's. */
	snprintf(path, sizeof(path), "%s/%.2s/%s.jpg", mdest, p2.m.file.hash, p2.m.file.hash);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_true((fd = open(path, O_RDONLY)) >= 0);
	n = read(fd, got, sizeof(got));
	close(fd);
	assert_int_equal(n, strlen("photo two"));
	assert_memory_equal(got, "photo two", (size_t)n);
	assert_int_equal(count_prefix(m->f->dir, "copy.db.tmp-"), 0);
	/* Never over an existing copy, nor over its photos alone. */
	assert_int_equal(store_backup_all(m->f->db, m->dir, dest, &mc, err, sizeof(err)),
	    STORE_BACKUP_EXISTS);
	assert_int_equal(unlink(dest), 0);
	assert_int_equal(store_backup_all(m->f->db, m->dir, dest, &mc, err, sizeof(err)),
	    STORE_BACKUP_EXISTS);
	assert_false(exists(dest));
	assert_int_equal(count_prefix(m->f->dir, "copy.db.tmp-"), 0);
	/* A file gone from the store and one whose bytes changed: both left
	 * out and counted, the rest copied. */
	assert_int_equal(unlink(store_path(m, p1.m.thumb.hash, path, sizeof(path))), 0);
	write_file(store_path(m, p2.m.thumb.hash, path, sizeof(path)), "changed", 7);
	snprintf(dest, sizeof(dest), "%s/second.db", m->f->dir);
	assert_int_equal(store_backup_all(m->f->db, m->dir, dest, &mc, err, sizeof(err)),
	    STORE_BACKUP_OK);
	assert_int_equal(mc.files, 2);
	assert_int_equal(mc.missing, 1);
	assert_int_equal(mc.damaged, 1);
	store_media_copy_path(dest, mdest, sizeof(mdest));
	snprintf(path, sizeof(path), "%s/%.2s/%s.jpg", mdest, p2.m.thumb.hash, p2.m.thumb.hash);
	assert_false(exists(path));
	/* Nowhere to write: nothing is left behind. */
	assert_int_equal(store_backup_all(m->f->db, m->dir, "/nonexistent/dir/x.db", &mc,
	    err, sizeof(err)), STORE_BACKUP_FAILED);
	assert_false(exists("/nonexistent/dir/x.db.media"));
}

static void
test_purge_photos(void **state)
{
	struct mt *m = *state;
	struct photo old_req, old_done, open_req, shared;
	int64_t old = fx_order(m->f), open = fx_order(m->f), now = now_unix();
	char path[700], sql[200];
	int removed = -1;

	add_photo(m, PHOTO_REQUEST, old, "old request", "old request small", &old_req);
	add_photo(m, PHOTO_COMPLETION, old, "served", "served small", &old_done);
	add_photo(m, PHOTO_REQUEST, open, "open request", "open small", &open_req);
	/* The same picture sent with both requests: one file, two rows. */
	add_photo(m, PHOTO_REQUEST, old, "same picture", "same small", &shared);
	add_photo(m, PHOTO_REQUEST, open, "same picture", "same small", &shared);
	snprintf(sql, sizeof(sql), "UPDATE orders SET state = 'rated', updated_at = %lld"
	    " WHERE id = %lld", (long long)(now - 200 * 86400), (long long)old);
	fx_exec(m->f->db, sql);
	/* Not old enough for a purge of 365 days. */
	assert_int_equal(audit_purge_photos(m->f->db, m->dir, now, 365, &removed), DB_OK);
	assert_int_equal(removed, 0);
	assert_int_equal(audit_purge_photos(m->f->db, m->dir, now, 180, &removed), DB_OK);
	assert_int_equal(removed, 2);
	assert_int_equal(fx_int(m->f->db, "SELECT count(*) FROM photos WHERE order_id = ?1"
	    " AND kind = 'request'", old), 0);
	assert_int_equal(fx_int(m->f->db, "SELECT count(*) FROM photos WHERE order_id = ?1"
	    " AND kind = 'completion'", old), 1);
	assert_int_equal(fx_int(m->f->db, "SELECT count(*) FROM photos WHERE order_id = ?1",
	    open), 2);
	assert_false(exists(store_path(m, old_req.m.file.hash, path, sizeof(path))));
	assert_false(exists(store_path(m, old_req.m.thumb.hash, path, sizeof(path))));
	assert_true(exists(store_path(m, old_done.m.file.hash, path, sizeof(path))));
	assert_true(exists(store_path(m, open_req.m.file.hash, path, sizeof(path))));
	assert_true(exists(store_path(m, shared.m.file.hash, path, sizeof(path))));
	assert_int_equal(audit_purge_before(now, 180), now - 180 * 86400);
	{
		struct media_check c;
		assert_int_equal(media_check(m->f->db, m->dir, 0, &c), DB_OK);
		assert_int_equal(c.orphans + c.missing + c.staging, 0);
	}
}

#define MT_TEST(fn)	cmocka_unit_test_setup_teardown(fn, mt_setup, mt_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		MT_TEST(test_init_and_names),
		MT_TEST(test_stage),
		MT_TEST(test_staged_name_malformed),
		MT_TEST(test_publish_twice),
		MT_TEST(test_settle),
		MT_TEST(test_check_and_recover),
		MT_TEST(test_check_without_store),
		MT_TEST(test_forget_and_sweep),
		MT_TEST(test_backup_all),
		MT_TEST(test_purge_photos),
	};

	if (sodium_init() < 0)
		return 1;
	return fx_run("media", tests);
}
