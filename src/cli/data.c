/*
 * data.c: the commands on the database as a whole: `sidan init` (create or
 * upgrade it, and make the server key), `sidan check` (integrity, foreign
 * keys, and the media store against the photos table), `sidan backup DEST`
 * (one consistent snapshot copied while sidan keeps serving, then checked,
 * with the photo files its rows name) and `sidan purge --older-than DAYS`
 * (residents' contact details and photos removed from requests closed long
 * ago, the anonymous record kept). The work is the model's (schema.c,
 * store.c, audit.c); this file reads options and prints.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "lib/secret.h"
#include "lib/util.h"
#include "model/audit.h"
#include "model/order.h"
#include "model/schema.h"
#include "model/store.h"
#include "model/text_index.h"

static const char usage_init[] =
"usage: sidan init [--db PATH]\n"
"\n"
"Creates the database from the built-in schema.sql, or upgrades an older one\n"
"to the current version (kept in PRAGMA user_version). Never removes data;\n"
"refuses a database whose schema is newer than this sidan. Also creates the\n"
"server key (DB.key). The database and the key are made readable by their\n"
"owner only (0600, whatever the umask); other users' access to an older\n"
"database, its -wal and -shm is taken away.\n";

static const char usage_check[] =
"usage: sidan check [--repair] [--db PATH]\n"
"\n"
"Runs PRAGMA integrity_check and foreign_key_check, the full-text index's own\n"
"check (the desk's search: it must hold exactly the requests' text), and counts\n"
"the media store\n"
"(the photos, SIDAN_MEDIA_DIR, default media/ beside the database; for a backup\n"
"made by 'sidan backup DEST', its DEST.media) against the photos table: a file\n"
"no photo names, a photo whose file is missing, and an unfinished upload older\n"
"than a day are each a problem, printed with what to do. Exit status 0 when\n"
"all is clean, 1 otherwise (each problem is printed).\n"
"The index's check (and --repair) holds the write lock while it reads every\n"
"request: about 8 s at a million requests (--repair: 25 s more), during which\n"
"a sidan that keeps serving makes writes wait, answering 503 after --busy-ms.\n"
"Run it when writes can wait, or with sidan stopped.\n"
"  --repair  first rebuild the full-text index from the requests (what to do\n"
"            when the check says it does not match them), and count again the\n"
"            requests out of time order (the desk's search reads common words by\n"
"            time while one is: after an import with old dates)\n";

static const char usage_backup[] =
"usage: sidan backup DEST [--db PATH]\n"
"\n"
"Copies the database, while sidan keeps serving, to the new file DEST with\n"
"SQLite's online backup (one consistent snapshot), then runs integrity_check\n"
"on the copy; and copies every photo file the copy's rows name from the media\n"
"store (SIDAN_MEDIA_DIR, default media/ beside the database) to the new\n"
"directory DEST.media, each file checked against its name. Both are written\n"
"under a temporary name beside DEST and put in place only when whole (DEST\n"
"last): a DEST that exists always has its DEST.media complete beside it. The\n"
"database copy is readable by its owner only (0600, whatever the umask);\n"
"DEST.media keeps the store's modes (0750, files 0640), so it can be put back\n"
"as it is. A copy that fails is removed.\n"
"To restore: stop sidan; put DEST in place of the database (removing any\n"
"DB-wal and DB-shm beside it); move the data directory's media/ aside and put\n"
"a copy of DEST.media in its place (cp -a DEST.media DATA/media, as the user\n"
"sidan runs as); run 'sidan check'; start sidan.\n"
"The server key (DB.key) is not in the copy: keep a copy of it apart.\n";

static const char usage_purge[] =
"usage: sidan purge [--older-than DAYS] [--db PATH]\n"
"\n"
"Removes the residents' names, phone numbers, emails and addresses from requests\n"
"closed (rated, unrated, rejected or cancelled) more than DAYS ago (default 180),\n"
"and the photos residents sent with those requests (their rows, and their files\n"
"in the media store), keeping the anonymous record: service, place, dates,\n"
"timeline, rating, and the volunteers' photos of the service.\n"
"Run it daily, e.g. from a systemd timer or cron.\n";

/* Prints "sidan: init: " and err; closes db (NULL accepted). Returns the
 * exit status 1. */
static int
init_fail(struct db *db, const char *err)
{
	fprintf(stderr, "sidan: init: %s\n", err);
	db_close(db);
	return 1;
}

int
cli_init(struct config *cfg, int argc, char **argv)
{
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_init, NULL, NULL);
	char err[512], kp[4096];
	struct db *db;
	int n;

	if (p != CLI_GO)
		return cli_exit(p);
	/* The one command that may create the database: 0600 from the start,
	 * so its -wal and -shm (SQLite copies the mode) are private too. */
	if (db_file_create(cfg->db_path, 1, err, sizeof(err)) < 0 ||
	    (db = db_open(cfg->db_path, cfg->busy_ms, err, sizeof(err))) == NULL)
		return init_fail(NULL, err);
	if ((n = db_files_private(cfg->db_path, err, sizeof(err))) < 0)
		return init_fail(db, err);
	if (n > 0)
		fprintf(stderr, "sidan: init: %s was readable by other users: no longer\n",
		    cfg->db_path);
	if (secret_create(config_secret_path(cfg, kp, sizeof(kp)), err, sizeof(err)) != 0)
		return init_fail(db, err);
	if ((n = schema_upgrade(db, err, sizeof(err))) < 0)
		return init_fail(db, err);
	if (n == 0)
		printf("sidan: %s is up to date (schema version %d)\n",
		    cfg->db_path, schema_latest());
	else
		printf("sidan: %s now at schema version %d\n", cfg->db_path,
		    schema_latest());
	db_close(db);
	return 0;
}

/* Prints one problem store_check found, on stdout. */
static void
print_problem(void *arg, const struct store_problem *p)
{
	(void)arg;
	if (p->kind == STORE_INTEGRITY)
		printf("integrity: %s\n", p->text);
	else
		printf("foreign key: table %s row %lld refers to missing %s\n",
		    p->table, (long long)p->rowid, p->parent);
}

/* Writes n bytes as "12.3 MB" (or KB, or bytes) into buf. Returns buf. */
static const char *
size_text(int64_t n, char *buf, size_t len)
{
	if (n >= 1024 * 1024)
		snprintf(buf, len, "%.1f MB", (double)n / (1024 * 1024));
	else if (n >= 1024)
		snprintf(buf, len, "%.1f KB", (double)n / 1024);
	else
		snprintf(buf, len, "%lld bytes", (long long)n);
	return buf;
}

/*
 * Writes the media store check reads into buf: SIDAN_MEDIA_DIR; else, for
 * a backup (a DB.media directory beside it, as sidan backup makes), that
 * copy; else media/ beside the database. Returns buf.
 */
static const char *
check_media_dir(const struct config *cfg, char *buf, size_t len)
{
	struct stat sb;

	if (cfg->media_dir == NULL &&
	    store_media_copy_path(cfg->db_path, buf, len) != NULL &&
	    stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode))
		return buf;
	return config_media_dir(cfg, buf, len);
}

/*
 * Counts the media store against the photos table and prints each kind of
 * problem with its count and what to do, and what is in the store.
 * Returns the number of problems.
 */
static int
check_media(const struct config *cfg, struct db *db)
{
	char dir[4096], size[32];
	struct store_media m;
	int64_t young;

	check_media_dir(cfg, dir, sizeof(dir));
	if (store_media_check(db, dir, (int64_t)time(NULL), &m) != DB_OK) {
		printf("media: cannot count %s against the photos table\n", dir);
		return 1;
	}
	if (!m.checked) {
		printf("media: not checked: the database has no photos yet "
		    "(schema before photos: run 'sidan init')\n");
		return 0;
	}
	printf("media: %lld file(s), %s in %s\n", (long long)m.c.files,
	    size_text(m.c.bytes, size, sizeof(size)), dir);
	if (m.c.orphans)
		printf("media: %lld file(s) in %s that no photo names: sidan serve removes "
		    "them when it next starts (a photo being saved at this moment is one "
		    "too: run 'sidan check' again)\n", (long long)m.c.orphans, dir);
	if (m.c.missing)
		printf("media: %lld photo file(s) named in the database are missing from %s: "
		    "copy them back from the newest backup's DEST.media (same names, "
		    "ab/HASH.jpg); until then those photos show as broken\n",
		    (long long)m.c.missing, dir);
	if (m.stale)
		printf("media: %lld unfinished upload(s) older than a day in %s/tmp: sidan "
		    "serve removes them when it next starts (so does its housekeeping while "
		    "it runs)\n", (long long)m.stale, dir);
	young = m.c.staging - m.stale;
	if (young > 0)
		printf("media: %lld upload(s) in progress in %s/tmp (forms not sent on yet; "
		    "not a problem: removed after a day, or when sidan serve starts)\n",
		    (long long)young, dir);
	return (int)(m.c.orphans + m.c.missing + m.stale);
}

/*
 * Rebuilds the full-text index when repair, then runs its check and prints
 * what it found. Returns the number of problems (0 or 1), or -1 when the
 * rebuild failed.
 */
static int
check_text_index(struct db *db, int repair)
{
	char err[256] = "";
	enum db_err e;
	int stale;

	if (db_user_version(db) < 20) {
		printf("search index: not checked: the database is older than the index "
		    "(run 'sidan init')\n");
		return 0;
	}
	if (repair) {
		/* With the index, the count of requests out of time order
		 * (schema 23): the desk reads a common word's newest matches from
		 * the index only while it is 0, and an import with old dates, once
		 * removed, leaves it raised until counted again. */
		int counts = db_user_version(db) >= 23;
		int64_t out_of_order = 0;

		if ((e = db_tx_begin(db)) == DB_OK && (e = text_index_rebuild(db)) == DB_OK &&
		    (!counts || (e = order_disorder_recount(db, &out_of_order)) == DB_OK))
			e = db_tx_commit(db);
		else
			db_tx_rollback(db);
		if (e != DB_OK) {
			fprintf(stderr, "sidan: check: %s\n", e == DB_BUSY ?
			    "the database is busy: the search index was not rebuilt; try again" :
			    "the search index could not be rebuilt");
			return -1;
		}
		printf("search index: rebuilt from the requests\n");
		if (counts && out_of_order > 0)
			printf("search index: %lld request(s) are older than one entered before them "
			    "(imported or changed): the desk searches common words by time (slower)\n",
			    (long long)out_of_order);
		else if (counts)
			printf("search index: the requests' ids follow their times\n");
	}
	e = text_index_check(db, &stale, err, sizeof(err));
	if (e == DB_BUSY) {
		printf("search index: not checked: the database is busy; try again\n");
		return 1;
	}
	if (e != DB_OK) {
		printf("search index: does not match the requests (%s): the desk's search may "
		    "miss or mistake some; run 'sidan check --repair'\n", err);
		return 1;
	}
	if (stale > 0)
		printf("search index: %d request(s) written since wait to be indexed (sidan's "
		    "housekeeping process does it within seconds while it serves); the desk finds "
		    "them meanwhile; 'sidan check --repair' indexes them now\n", stale);
	return 0;
}

int
cli_check(struct config *cfg, int argc, char **argv)
{
	int repair = 0;
	const struct cli_opt opts[] = {
		{ "repair", CLI_FLAG, &repair, 0, 0 },
		{ NULL, 0, NULL, 0, 0 },
	};
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_check, opts, NULL);
	struct db *db;
	int problems, ti;

	if (p != CLI_GO)
		return cli_exit(p);
	if ((db = cli_open(cfg)) == NULL)
		return 1;
	if ((ti = check_text_index(db, repair)) < 0) {
		db_close(db);
		return 1;
	}
	problems = ti + store_check(db, print_problem, NULL);
	problems += check_media(cfg, db);
	db_close(db);
	if (problems) {
		printf("sidan: check: %d problem(s) in %s\n", problems, cfg->db_path);
		return 1;
	}
	printf("sidan: check: %s is clean\n", cfg->db_path);
	return 0;
}

int
cli_backup(struct config *cfg, int argc, char **argv)
{
	int w;
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_backup, NULL, &w);
	const char *dest;
	char err[512], media[512], mdest[4096], size[32];
	struct db *db;
	struct store_media_copy mc;
	enum store_backup_result res;

	if (p != CLI_GO)
		return cli_exit(p);
	if (argc - w != 1) {
		fputs(usage_backup, stderr);
		return 2;
	}
	dest = argv[w];
	if (store_media_copy_path(dest, mdest, sizeof(mdest)) == NULL) {
		fprintf(stderr, "sidan: backup: %s: name too long\n", dest);
		return 2;
	}
	if (access(dest, F_OK) == 0 || access(mdest, F_OK) == 0) {
		fprintf(stderr, "sidan: backup: %s exists; choose a new file\n",
		    access(dest, F_OK) == 0 ? dest : mdest);
		return 2;
	}
	if ((db = cli_open(cfg)) == NULL)
		return 1;
	config_media_dir(cfg, media, sizeof(media));
	res = store_backup_all(db, media, dest, &mc, err, sizeof(err));
	db_close(db);
	switch (res) {
	case STORE_BACKUP_OK:
		printf("sidan: backed up %s to %s (integrity ok), and its %lld photo file(s) "
		    "(%s) from %s to %s. The server key %s.key is not in it: keep a copy of "
		    "that file apart.\n", cfg->db_path, dest, (long long)mc.files,
		    size_text(mc.bytes, size, sizeof(size)), media, mdest, cfg->db_path);
		printf("To restore: stop sidan; put %s in place of %s (removing any -wal and "
		    "-shm beside it); move %s aside and put a copy of %s in its place "
		    "(cp -a %s %s, as the user sidan runs as); run 'sidan check'; start "
		    "sidan.\n", dest, cfg->db_path, media, mdest, mdest, media);
		if (mc.missing)
			fprintf(stderr, "sidan: backup: %lld photo file(s) the database names "
			    "were not in %s and are not in the copy (see 'sidan check')\n",
			    (long long)mc.missing, media);
		if (mc.damaged)
			fprintf(stderr, "sidan: backup: %lld photo file(s) in %s do not match "
			    "their names (damaged on disk) and are not in the copy\n",
			    (long long)mc.damaged, media);
		return 0;
	case STORE_BACKUP_EXISTS:
		fprintf(stderr, "sidan: backup: %s; choose a new file\n", err);
		return 2;
	case STORE_BACKUP_CORRUPT:
		fprintf(stderr, "sidan: backup: %s: removed\n", err);
		return 1;
	case STORE_BACKUP_FAILED:
	default:
		fprintf(stderr, "sidan: backup: %s (nothing was kept)\n", err);
		return 1;
	}
}

int
cli_purge(struct config *cfg, int argc, char **argv)
{
	long days = 180;
	const struct cli_opt opts[] = {
		{ "older-than", CLI_LONG, &days, 1, 36500 },
		{ NULL, 0, NULL, 0, 0 },
	};
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_purge, opts, NULL);
	struct db *db;
	enum db_err e;
	int64_t now = now_unix();
	char media[512];
	int n, photos;

	if (p != CLI_GO)
		return cli_exit(p);
	/* The purge names columns of the current schema: an older database is
	 * told to run init, not shown SQLite's complaint. */
	if ((db = cli_open_current(cfg)) == NULL)
		return 1;
	if ((e = audit_purge(db, now, days, &n)) != DB_OK) {
		fprintf(stderr, e == DB_BUSY ? "sidan: purge: the database is busy; try again\n" :
		    "sidan: purge: failed\n");
		db_close(db);
		return 1;
	}
	printf("sidan: purge: removed the contact details of %d request(s) closed more than "
	    "%ld days ago\n", n, days);
	/* Their photos, with the same cut-off (a run that stops here is
	 * finished by the next one). */
	config_media_dir(cfg, media, sizeof(media));
	if ((e = audit_purge_photos(db, media, now, days, &photos)) != DB_OK) {
		fprintf(stderr, e == DB_BUSY ? "sidan: purge: the database is busy; the photos "
		    "were not removed: try again\n" : "sidan: purge: the photos could not be "
		    "removed\n");
		db_close(db);
		return 1;
	}
	printf("sidan: purge: removed %d photo(s) residents sent with requests closed more "
	    "than %ld days ago\n", photos, days);
	db_close(db);
	return 0;
}
