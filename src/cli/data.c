/*
 * data.c: the commands on the database as a whole: `sidan init` (create or
 * upgrade it, and make the server key), `sidan check` (integrity and
 * foreign keys), `sidan backup DEST` (one consistent snapshot copied while
 * sidan keeps serving, then checked) and `sidan purge --older-than DAYS`
 * (residents' contact details removed from requests closed long ago, the
 * anonymous record kept). The work is the model's (schema.c, store.c,
 * audit.c); this file reads options and prints.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "lib/secret.h"
#include "lib/util.h"
#include "model/audit.h"
#include "model/schema.h"
#include "model/store.h"

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
"usage: sidan check [--db PATH]\n"
"\n"
"Runs PRAGMA integrity_check and foreign_key_check. Exit status 0 when both\n"
"are clean, 1 otherwise (each problem is printed).\n";

static const char usage_backup[] =
"usage: sidan backup DEST [--db PATH]\n"
"\n"
"Copies the database, while sidan keeps serving, to the new file DEST with\n"
"SQLite's online backup (one consistent snapshot), then runs integrity_check\n"
"on the copy. The copy is readable by its owner only (0600, whatever the\n"
"umask); a copy that fails the check is removed. To restore: stop sidan, put\n"
"the copy in place of the database (removing any DB-wal and DB-shm beside it),\n"
"run 'sidan check', start sidan.\n"
"The server key (DB.key) is not in the copy: keep a copy of it apart.\n";

static const char usage_purge[] =
"usage: sidan purge [--older-than DAYS] [--db PATH]\n"
"\n"
"Removes the residents' names, phone numbers, emails and addresses from requests\n"
"closed (rated, unrated, rejected or cancelled) more than DAYS ago (default 180),\n"
"keeping the anonymous record: service, place, dates, timeline and rating.\n"
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

int
cli_check(struct config *cfg, int argc, char **argv)
{
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_check, NULL, NULL);
	struct db *db;
	int problems;

	if (p != CLI_GO)
		return cli_exit(p);
	if ((db = cli_open(cfg)) == NULL)
		return 1;
	problems = store_check(db, print_problem, NULL);
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
	char err[512];
	struct db *db;
	enum store_backup_result res;

	if (p != CLI_GO)
		return cli_exit(p);
	if (argc - w != 1) {
		fputs(usage_backup, stderr);
		return 2;
	}
	dest = argv[w];
	if (access(dest, F_OK) == 0) {
		fprintf(stderr, "sidan: backup: %s exists; choose a new file\n", dest);
		return 2;
	}
	if ((db = cli_open(cfg)) == NULL)
		return 1;
	res = store_backup(db, dest, err, sizeof(err));
	db_close(db);
	switch (res) {
	case STORE_BACKUP_OK:
		printf("sidan: backed up %s to %s (integrity ok). The server key %s.key is "
		    "not in it: keep a copy of that file apart.\n", cfg->db_path, dest,
		    cfg->db_path);
		return 0;
	case STORE_BACKUP_EXISTS:
		fprintf(stderr, "sidan: backup: %s exists; choose a new file\n", dest);
		return 2;
	case STORE_BACKUP_CORRUPT:
		fprintf(stderr, "sidan: backup: %s: removed\n", err);
		return 1;
	case STORE_BACKUP_FAILED:
	default:
		fprintf(stderr, "sidan: backup: %s\n", err);
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
	int n;

	if (p != CLI_GO)
		return cli_exit(p);
	/* The purge names columns of the current schema: an older database is
	 * told to run init, not shown SQLite's complaint. */
	if ((db = cli_open_current(cfg)) == NULL)
		return 1;
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
