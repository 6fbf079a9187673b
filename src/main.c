/*
 * main.c: the sidan command and its subcommands. Each subcommand parses its
 * own flags on top of the environment (config.c) and has -h/--help; every
 * one but init opens only an existing sidan database (db_open_existing).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cmd_data.h"
#include "cli/cmd_site.h"
#include "cli/cmd_user.h"
#include "http/config.h"
#include "model/db.h"
#include "model/apikey.h"
#include "model/schema.h"
#include "lib/secret.h"
#include "model/seed.h"
#include "model/seed_bulk.h"
#include "http/server.h"
#include "lib/util.h"
#include "version.h"

static const char usage_main[] =
"usage: sidan COMMAND [OPTIONS]\n"
"       sidan -h|--help | --version\n"
"\n"
"sidan serves 文明朔城, the 四单工作法 system of 朔城区's 新时代文明实践中心,\n"
"as a FastCGI program behind nginx.\n"
"\n"
"commands:\n"
"  serve   run the FastCGI server (master and pre-forked workers)\n"
"  init    create the database, or upgrade an older one\n"
"  seed    fill the database with 朔城区's tree and catalog (--demo: demo data)\n"
"  check   check the database's integrity and foreign keys\n"
"  user    add staff accounts, change passwords, disable accounts\n"
"  backup  copy the live database to a new file (SQLite's online backup) and check it\n"
"  purge   remove residents' contact details from requests closed long ago\n"
"  apikey  add, list or revoke the API keys of Open311 clients\n"
"  site    import sites (coordinates, address, hours, office phone) from a CSV file\n"
"\n"
"Each command takes -h or --help. Every command but init refuses a database\n"
"that 'sidan init' has not made (exit status 1). Settings common to all:\n"
"  --db PATH            database file (env SIDAN_DB, default var/sidan.db)\n"
"\n"
"  -h, --help           print this help\n"
"  --version            print sidan's version\n";

static const char usage_serve[] =
"usage: sidan serve [--listen PATH|HOST:PORT] [OPTIONS]\n"
"\n"
"Runs the FastCGI server. Without --listen (and SIDAN_LISTEN unset) it uses\n"
"fd 0, which must be a listening socket (spawn-fcgi, systemd StandardInput=socket).\n"
"SIGTERM or SIGINT: finish requests in flight, then stop.\n"
"SIGHUP: check the templates, then replace the workers one by one.\n"
"\n"
"  --listen PATH|HOST:PORT  unix socket path, or TCP address (env SIDAN_LISTEN)\n"
"  --socket-mode MODE   octal mode of a unix socket (env SIDAN_SOCKET_MODE, default 0660)\n"
"  --workers N          worker processes (env SIDAN_WORKERS, default: number of CPUs)\n"
"  --templates DIR      template directory (env SIDAN_TEMPLATES, default templates)\n"
"  --max-body BYTES     largest request body (env SIDAN_MAX_BODY, default 65536)\n"
"  --busy-ms MS         longest wait for the write lock (env SIDAN_BUSY_MS, default 5000)\n"
"  --db PATH            database file (env SIDAN_DB, default var/sidan.db)\n"
"  --notify-cmd CMD     send volunteers' messages by running CMD (through /bin/sh) once per\n"
"                       message, the text on its standard input and the phone number in\n"
"                       SIDAN_TO; exit 0 means sent, else retried later (env SIDAN_NOTIFY_CMD)\n"
"\n"
"Environment only:\n"
"  SIDAN_SECRET_FILE    server key made by 'sidan init' (default: the database path + .key)\n"
"  SIDAN_LIMIT_PHONE    requests per phone number per day (default 5; 0: no limit)\n"
"  SIDAN_LIMIT_CLIENT   requests per client address per day (default 50; 0: no limit)\n"
"  SIDAN_SYNCHRONOUS    full (default) or normal: sync the WAL at every commit, or only at\n"
"                       checkpoints (see README, Durability)\n"
"  SIDAN_BASE_URL       this site's address for links and QR codes, e.g. https://wm.example.cn\n"
"                       (required: serve refuses to start without it)\n"
"  SIDAN_DEV=1          a developer's server: without SIDAN_BASE_URL, links follow the\n"
"                       request's host and port\n";

static const char usage_init[] =
"usage: sidan init [--db PATH]\n"
"\n"
"Creates the database from the built-in schema.sql, or upgrades an older one\n"
"to the current version (kept in PRAGMA user_version). Never removes data;\n"
"refuses a database whose schema is newer than this sidan. Also creates the\n"
"server key (DB.key). The database and the key are made readable by their\n"
"owner only (0600, whatever the umask); other users' access to an older\n"
"database, its -wal and -shm is taken away.\n";

static const char usage_seed[] =
"usage: sidan seed [--demo [--orders N] [--volunteers M]] [--db PATH]\n"
"\n"
"Adds the center, the 14 institutes and the stations on record (from\n"
"deploy/data/shuocheng_sites.csv, built in), the five platforms, the 10 fixed\n"
"and 7 featured projects and the named teams. Rows already present are kept.\n"
"  --demo   also add demo stations up to the real scale (267), the 12 + 22\n"
"           bases and the unnamed professional teams, each named and flagged\n"
"           as demo data, demo accounts for every role, three demo volunteers\n"
"           and six demo activities over the coming weeks (one within the hour)\n"
"  --orders N       with --demo: N demo requests over the last three years, in\n"
"                   all states with their timelines and ratings (for benchmarks)\n"
"  --volunteers M   with --demo: M demo volunteers in the branch teams, with hours\n"
"All demo rows are flagged is_demo and named or marked 演示.\n";

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

static const char usage_check[] =
"usage: sidan check [--db PATH]\n"
"\n"
"Runs PRAGMA integrity_check and foreign_key_check. Exit status 0 when both\n"
"are clean, 1 otherwise (each problem is printed).\n";

static const char usage_apikey[] =
"usage: sidan apikey add NAME [--db PATH]\n"
"       sidan apikey list [--db PATH]\n"
"       sidan apikey revoke NAME|ID [--db PATH]\n"
"\n"
"Manages the keys Open311 clients send as api_key.\n"
"  add NAME        make a key named NAME (1 to 60 characters, not only digits)\n"
"                  and print it: it is shown this once, only its SHA-256 is stored.\n"
"                  The key alone goes to standard output, the rest to standard\n"
"                  error: KEY=$(sidan apikey add NAME) keeps just the key\n"
"  list            list the keys: id, state, when made and revoked, name\n"
"  revoke NAME|ID  revoke a key for good; clients using it are refused\n"
"  --db PATH       database file (env SIDAN_DB, default var/sidan.db)\n";

/* Options shared by the subcommands; not every one uses every option. */
enum { OPT_DB = 256, OPT_LISTEN, OPT_MODE, OPT_WORKERS, OPT_TEMPLATES,
	OPT_MAXBODY, OPT_BUSY, OPT_DEMO, OPT_HELP, OPT_NOTIFY, OPT_ORDERS, OPT_VOLUNTEERS,
	OPT_OLDER };

/* `sidan seed --orders N --volunteers M`, as parsed. */
static long seed_orders, seed_volunteers;
/* `sidan purge --older-than DAYS`. */
static long purge_days = 180;

static const struct option long_opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "socket-mode", required_argument, NULL, OPT_MODE },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "max-body", required_argument, NULL, OPT_MAXBODY },
	{ "busy-ms", required_argument, NULL, OPT_BUSY },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "notify-cmd", required_argument, NULL, OPT_NOTIFY },
	{ "orders", required_argument, NULL, OPT_ORDERS },
	{ "volunteers", required_argument, NULL, OPT_VOLUNTEERS },
	{ "older-than", required_argument, NULL, OPT_OLDER },
	{ NULL, 0, NULL, 0 },
};

/* Parses s as a whole number in [lo, hi] in base. Returns 0 or -1. */
static int
parse_num(const char *s, int base, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, base);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/*
 * Parses argv for subcommand cmd into cfg. allowed lists the options cmd
 * takes. With pos NULL, cmd takes no other arguments; else they are left,
 * in order, from argv[*pos] on. Returns 0 to go on, 1 after printing help,
 * 2 on a usage error.
 */
static int
parse_opts(int argc, char **argv, const char *usage, const int *allowed,
    struct config *cfg, int *demo, int *pos)
{
	int c;
	long v;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		int ok = c == OPT_HELP || c == 'h';
		for (const int *a = allowed; *a && !ok; a++)
			ok = *a == c;
		if (!ok) {
			fputs(usage, stderr);
			return 2;
		}
		switch (c) {
		case OPT_HELP:
		case 'h':
			fputs(usage, stdout);
			return 1;
		case OPT_DB: cfg->db_path = optarg; break;
		case OPT_LISTEN: cfg->listen = optarg; break;
		case OPT_TEMPLATES: cfg->templates = optarg; break;
		case OPT_NOTIFY: cfg->notify_cmd = optarg; break;
		case OPT_ORDERS:
			if (parse_num(optarg, 10, 0, 10000000, &seed_orders))
				goto bad;
			break;
		case OPT_OLDER:
			if (parse_num(optarg, 10, 1, 36500, &purge_days))
				goto bad;
			break;
		case OPT_VOLUNTEERS:
			if (parse_num(optarg, 10, 0, 1000000, &seed_volunteers))
				goto bad;
			break;
		case OPT_DEMO: *demo = 1; break;
		case OPT_MODE:
			if (parse_num(optarg, 8, 0, 0777, &v))
				goto bad;
			cfg->socket_mode = (unsigned)v;
			break;
		case OPT_WORKERS:
			if (parse_num(optarg, 10, 1, 256, &v))
				goto bad;
			cfg->workers = (int)v;
			break;
		case OPT_MAXBODY:
			if (parse_num(optarg, 10, 1024, 16 * 1024 * 1024, &v))
				goto bad;
			cfg->max_body = (size_t)v;
			break;
		case OPT_BUSY:
			if (parse_num(optarg, 10, 0, 600000, &v))
				goto bad;
			cfg->busy_ms = (int)v;
			break;
		}
	}
	if (pos != NULL)
		*pos = optind;
	else if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	return 0;
bad:
	fprintf(stderr, "sidan: bad value for --%s: %s\n",
	    long_opts[c - OPT_DB].name, optarg);
	return 2;
}

/* Opens the existing sidan database for a command-line subcommand (never
 * creating one), or prints why not and returns NULL. */
static struct db *
open_db(const struct config *cfg)
{
	char err[512];
	struct db *db = db_open_existing(cfg->db_path, cfg->busy_ms, err, sizeof(err));

	if (db == NULL)
		fprintf(stderr, "sidan: %s\n", err);
	return db;
}

/* Creates or upgrades the database and makes the server key. Returns the
 * exit status. */
static int
cmd_init(const struct config *cfg)
{
	char err[512];
	struct db *db;
	int n;

	/* The one command that may create the database: 0600 from the start,
	 * so its -wal and -shm (SQLite copies the mode) are private too. */
	if (db_file_create(cfg->db_path, 1, err, sizeof(err)) < 0 ||
	    (db = db_open(cfg->db_path, cfg->busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sidan: init: %s\n", err);
		return 1;
	}
	if ((n = db_files_private(cfg->db_path, err, sizeof(err))) < 0) {
		fprintf(stderr, "sidan: init: %s\n", err);
		db_close(db);
		return 1;
	}
	if (n > 0)
		fprintf(stderr, "sidan: init: %s was readable by other users: no longer\n",
		    cfg->db_path);
	{
		char kp[4096];
		if (secret_create(config_secret_path(cfg, kp, sizeof(kp)), err,
		    sizeof(err)) != 0) {
			fprintf(stderr, "sidan: init: %s\n", err);
			db_close(db);
			return 1;
		}
	}
	n = schema_upgrade(db, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "sidan: init: %s\n", err);
		db_close(db);
		return 1;
	}
	if (n == 0)
		printf("sidan: %s is up to date (schema version %d)\n",
		    cfg->db_path, schema_latest());
	else
		printf("sidan: %s now at schema version %d\n", cfg->db_path,
		    schema_latest());
	db_close(db);
	return 0;
}

/* Refuses to work on a database that init has not brought up to date. */
static int
require_current(struct db *db, const struct config *cfg)
{
	int v = db_user_version(db);

	if (v != schema_latest()) {
		fprintf(stderr, "sidan: %s is at schema version %d, not %d: "
		    "run 'sidan init' first\n", cfg->db_path, v, schema_latest());
		return -1;
	}
	return 0;
}

static int
cmd_seed(const struct config *cfg, int demo)
{
	struct seed_opts o = { .demo = demo };
	char err[512];
	struct db *db = open_db(cfg);

	if (db == NULL)
		return 1;
	if (require_current(db, cfg) != 0) {
		db_close(db);
		return 1;
	}
	if ((seed_orders || seed_volunteers) && !demo) {
		fprintf(stderr, "sidan: seed: --orders and --volunteers make demo data: add --demo\n");
		db_close(db);
		return 2;
	}
	if (seed_run(db, &o, err, sizeof(err)) != 0 ||
	    ((seed_orders || seed_volunteers) && seed_bulk(db, seed_orders, seed_volunteers,
	    isatty(2), err, sizeof(err)) != 0)) {
		fprintf(stderr, "sidan: seed: %s\n", err);
		db_close(db);
		return 1;
	}
	printf("sidan: seeded %s%s\n", cfg->db_path, demo ? " (with demo data)" : "");
	db_close(db);
	return 0;
}

static int
cmd_check(const struct config *cfg)
{
	struct db *db = open_db(cfg);
	sqlite3_stmt *st;
	int problems = 0;

	if (db == NULL)
		return 1;
	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA integrity_check", -1, &st,
	    NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *t = db_text(st, 0);
			if (strcmp(t, "ok") != 0) {
				printf("integrity: %s\n", t);
				problems++;
			}
		}
		sqlite3_finalize(st);
	} else
		problems++;
	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA foreign_key_check", -1, &st,
	    NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			printf("foreign key: table %s row %lld refers to missing %s\n",
			    db_text(st, 0), (long long)sqlite3_column_int64(st, 1),
			    db_text(st, 2));
			problems++;
		}
		sqlite3_finalize(st);
	} else
		problems++;
	db_close(db);
	if (problems) {
		printf("sidan: check: %d problem(s) in %s\n", problems, cfg->db_path);
		return 1;
	}
	printf("sidan: check: %s is clean\n", cfg->db_path);
	return 0;
}

/* Prints key k as one row of `sidan apikey list`; arg counts the rows. */
static void
print_apikey(void *arg, const struct apikey *k)
{
	char created[20], revoked[20];
	int *rows = arg;

	time_format_cst(k->created_at, created);
	if (k->revoked_at)
		time_format_cst(k->revoked_at, revoked);
	else
		snprintf(revoked, sizeof(revoked), "-");
	printf("%6lld  %-7s  %-19s  %-19s  %s\n", (long long)k->id,
	    k->revoked_at ? "revoked" : "active", created, revoked, k->name);
	(*rows)++;
}

/* Adds the key name and prints it once. Returns the exit status. */
static int
apikey_cmd_add(struct db *db, const char *name)
{
	char key[APIKEY_LEN + 1];
	enum model_err e = apikey_add(db, name, key);

	if (e != MODEL_OK) {
		fprintf(stderr, "sidan: apikey add: '%s': %s\n", name,
		    apikey_strerror(e));
		return 1;
	}
	/* The key alone on stdout, so KEY=$(sidan apikey add NAME) works. */
	fprintf(stderr, "sidan: API key '%s' made; it is the line on standard output.\n"
	    "Copy it now: it will not be shown again. Only its SHA-256 hash is stored,\n"
	    "so a lost key cannot be recovered: revoke it and add another.\n", name);
	printf("%s\n", key);
	sodium_memzero(key, sizeof(key));
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sidan: apikey add: could not print the key: run"
		    " 'sidan apikey revoke %s' and add another\n", name);
		return 1;
	}
	return 0;
}

/* Lists every key. Returns the exit status. */
static int
apikey_cmd_list(struct db *db)
{
	enum model_err e;
	int rows = 0;

	printf("%6s  %-7s  %-19s  %-19s  %s\n", "ID", "STATE",
	    "CREATED (UTC+8)", "REVOKED (UTC+8)", "NAME");
	if ((e = apikey_each(db, print_apikey, &rows)) != MODEL_OK) {
		fprintf(stderr, "sidan: apikey list: %s\n", apikey_strerror(e));
		return 1;
	}
	if (rows == 0)
		printf("(no API keys)\n");
	return 0;
}

/* Revokes the key named (or numbered) which. Returns the exit status. */
static int
apikey_cmd_revoke(struct db *db, const char *which)
{
	enum model_err e = apikey_revoke(db, which);

	if (e != MODEL_OK) {
		fprintf(stderr, "sidan: apikey revoke: '%s': %s\n", which,
		    apikey_strerror(e));
		return 1;
	}
	printf("sidan: API key '%s' revoked\n", which);
	return 0;
}

/*
 * Runs `sidan apikey VERB ...`; args[0..nargs) are the words after the
 * options. Returns the exit status: 0, 1 on failure, 2 on a usage error.
 */
static int
cmd_apikey(const struct config *cfg, char **args, int nargs)
{
	const char *verb = nargs > 0 ? args[0] : "";
	struct db *db;
	int rc;

	if (!((strcmp(verb, "add") == 0 && nargs == 2) ||
	    (strcmp(verb, "list") == 0 && nargs == 1) ||
	    (strcmp(verb, "revoke") == 0 && nargs == 2))) {
		fputs(usage_apikey, stderr);
		return 2;
	}
	if (strcmp(verb, "add") == 0 && !apikey_name_valid(args[1])) {
		fprintf(stderr, "sidan: apikey add: %s\n",
		    apikey_strerror(MODEL_BAD_NAME));
		return 2;
	}
	if ((db = open_db(cfg)) == NULL)
		return 1;
	if (require_current(db, cfg) != 0) {
		db_close(db);
		return 1;
	}
	if (strcmp(verb, "add") == 0)
		rc = apikey_cmd_add(db, args[1]);
	else if (strcmp(verb, "list") == 0)
		rc = apikey_cmd_list(db);
	else
		rc = apikey_cmd_revoke(db, args[1]);
	db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	static const int serve_opts[] = { OPT_DB, OPT_LISTEN, OPT_MODE, OPT_WORKERS,
		OPT_TEMPLATES, OPT_MAXBODY, OPT_BUSY, OPT_NOTIFY, 0 };
	static const int db_opts[] = { OPT_DB, 0 };
	static const int seed_opts[] = { OPT_DB, OPT_DEMO, OPT_ORDERS, OPT_VOLUNTEERS, 0 };
	static const int purge_opts[] = { OPT_DB, OPT_OLDER, 0 };
	struct config cfg;
	struct db *db;
	const char *cmd;
	int demo = 0, pos = 0, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("sidan %s\n", SIDAN_VERSION);
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "sidan: libsodium failed to initialise\n");
		return 1;
	}
	if (config_from_env(&cfg) != 0)
		return 2;
	cmd = argv[1];
	argc--;
	argv++;
	if (strcmp(cmd, "serve") == 0) {
		if ((rc = parse_opts(argc, argv, usage_serve, serve_opts, &cfg, &demo, NULL)))
			return rc == 1 ? 0 : rc;
		/* Checked, then closed before any fork: the workers open their own. */
		if ((db = open_db(&cfg)) == NULL)
			return 1;
		db_close(db);
		return server_run(&cfg);
	}
	if (strcmp(cmd, "init") == 0) {
		if ((rc = parse_opts(argc, argv, usage_init, db_opts, &cfg, &demo, NULL)))
			return rc == 1 ? 0 : rc;
		return cmd_init(&cfg);
	}
	if (strcmp(cmd, "seed") == 0) {
		if ((rc = parse_opts(argc, argv, usage_seed, seed_opts, &cfg, &demo, NULL)))
			return rc == 1 ? 0 : rc;
		return cmd_seed(&cfg, demo);
	}
	if (strcmp(cmd, "check") == 0) {
		if ((rc = parse_opts(argc, argv, usage_check, db_opts, &cfg, &demo, NULL)))
			return rc == 1 ? 0 : rc;
		return cmd_check(&cfg);
	}
	if (strcmp(cmd, "apikey") == 0) {
		if ((rc = parse_opts(argc, argv, usage_apikey, db_opts, &cfg, &demo,
		    &pos)))
			return rc == 1 ? 0 : rc;
		return cmd_apikey(&cfg, argv + pos, argc - pos);
	}
	if (strcmp(cmd, "user") == 0)
		return cmd_user(&cfg, argc, argv);
	if (strcmp(cmd, "site") == 0)
		return cmd_site(&cfg, argc, argv);
	if (strcmp(cmd, "backup") == 0) {
		if ((rc = parse_opts(argc, argv, usage_backup, db_opts, &cfg, &demo, &pos)))
			return rc == 1 ? 0 : rc;
		if (argc - pos != 1) {
			fputs(usage_backup, stderr);
			return 2;
		}
		return cmd_backup(&cfg, argv[pos]);
	}
	if (strcmp(cmd, "purge") == 0) {
		if ((rc = parse_opts(argc, argv, usage_purge, purge_opts, &cfg, &demo, NULL)))
			return rc == 1 ? 0 : rc;
		return cmd_purge(&cfg, purge_days);
	}
	fprintf(stderr, "sidan: unknown command '%s'\n\n%s", cmd, usage_main);
	return 2;
}
