/*
 * user.c: the accounts the command line manages. `sidan user
 * add|passwd|disable|enable|list` for staff: passwords come from
 * --password-file (its first line), else from the terminal with echo off
 * (asked twice), else from the first line of standard input. `sidan apikey
 * add|list|revoke` for the keys Open311 clients send: a new key is printed
 * once, alone on standard output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "lib/password.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "lib/validate.h"
#include "model/apikey.h"
#include "model/user.h"

static const char usage_user[] =
"usage: sidan user add --role ROLE --name NAME --login LOGIN [--org CODE] [--team TEAM]\n"
"                  [--password-file FILE] [--db PATH]\n"
"       sidan user passwd LOGIN [--password-file FILE] [--db PATH]\n"
"       sidan user disable LOGIN [--db PATH]\n"
"       sidan user enable LOGIN [--db PATH]\n"
"       sidan user list [--db PATH]\n"
"\n"
"Staff accounts. ROLE is one of:\n"
"  admin       the whole district; manages users, teams and the service menu (--org: the center)\n"
"  dispatcher  the whole district (--org: the center)\n"
"  institute   one 所 and its stations (--org: the 所's code)\n"
"  station     one 站 (--org: the 站's code)\n"
"  leader      one team's tasks (--team: the team's name)\n"
"The center's code is 140602000000. Passwords need at least 10 characters and\n"
"may not be one of the most common ones. The password is read from\n"
"--password-file (first line), or asked for on the terminal, or read from the\n"
"first line of standard input. A new password or disabling ends the account's\n"
"sessions.\n";

/* Reads one line from f into buf without its line end. Returns 0 or -1. */
static int
read_line(FILE *f, char *buf, size_t len)
{
	if (fgets(buf, (int)len, f) == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* Asks for a line on the terminal with echo off. Returns 0 or -1. */
static int
ask_hidden(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	int rc;

	fputs(prompt, stderr);
	if (tcgetattr(0, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(0, TCSAFLUSH, &quiet);
	rc = read_line(stdin, buf, len);
	tcsetattr(0, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* Gets a new password and checks it. Returns 0, or 1 after saying why not. */
static int
get_password(const char *file, char *pw, size_t len)
{
	const char *problem;

	if (file) {
		FILE *f = fopen(file, "r");
		int rc = f ? read_line(f, pw, len) : -1;
		if (f)
			fclose(f);
		if (rc != 0) {
			fprintf(stderr, "sidan: cannot read a password from %s\n", file);
			return 1;
		}
	} else if (isatty(0)) {
		char again[256];
		if (ask_hidden("新密码: ", pw, len) != 0 ||
		    ask_hidden("再输入一次: ", again, sizeof(again)) != 0)
			return 1;
		if (strcmp(pw, again) != 0) {
			fprintf(stderr, "sidan: the two passwords differ\n");
			return 1;
		}
	} else if (read_line(stdin, pw, len) != 0) {
		fprintf(stderr, "sidan: no password on standard input\n");
		return 1;
	}
	if (!utf8_valid(pw, strlen(pw))) {
		fprintf(stderr, "sidan: the password is not valid UTF-8\n");
		return 1;
	}
	if ((problem = password_problem(pw)) != NULL) {
		fprintf(stderr, "sidan: %s\n", problem);
		return 1;
	}
	return 0;
}

/* Prints one account for `user list`. */
static void
print_user(void *arg, const struct user *u)
{
	(void)arg;
	printf("%-20s %-10s %-8s %s%s%s\n", u->login, role_name(u->role),
	    u->disabled ? "disabled" : "active", u->name,
	    u->team_id ? "  team: " : "  at: ", u->team_id ? u->team_name : u->org_name);
}

/* Explains a user error on stderr; returns the exit status 1. */
static int
user_fail(enum model_err e)
{
	static const char *const msg[] = {
		[MODEL_OK] = "ok", [MODEL_EXISTS] = "that login name is taken",
		[MODEL_NOT_FOUND] = "no such account",
		[MODEL_BAD_ORG] = "no such site, or not the kind this role works at (see --help)",
		[MODEL_BAD_TEAM] = "a team leader needs --team with an existing team's name",
		[MODEL_BUSY] = "the database is busy; try again", [MODEL_ERROR] = "database error",
	};
	fprintf(stderr, "sidan: user: %s\n", (size_t)e < sizeof(msg) / sizeof(msg[0]) &&
	    msg[e] ? msg[e] : model_strerror(e));
	return 1;
}

int
cli_user(struct config *cfg, int argc, char **argv)
{
	const char *role_s = NULL, *name = NULL, *login = NULL, *org = NULL, *team = NULL,
	    *pwfile = NULL, *verb;
	const struct cli_opt opts[] = {
		{ "role", CLI_TEXT, &role_s, 0, 0 }, { "name", CLI_TEXT, &name, 0, 0 },
		{ "login", CLI_TEXT, &login, 0, 0 }, { "org", CLI_TEXT, &org, 0, 0 },
		{ "team", CLI_TEXT, &team, 0, 0 }, { "password-file", CLI_TEXT, &pwfile, 0, 0 },
		{ NULL, 0, NULL, 0, 0 },
	};
	char pw[256], hash[crypto_pwhash_STRBYTES];
	struct db *db;
	struct user u;
	enum role role;
	enum model_err e;
	enum cli_parsed p;
	int w, rc = 0;

	if ((p = cli_parse(cfg, argc, argv, usage_user, opts, &w)) != CLI_GO)
		return cli_exit(p);
	if (w >= argc) {
		fputs(usage_user, stderr);
		return 2;
	}
	verb = argv[w];
	if (strcmp(verb, "add") == 0) {
		if (w + 1 != argc || role_s == NULL || name == NULL || login == NULL ||
		    role_parse(role_s, &role) != 0) {
			fputs(usage_user, stderr);
			return 2;
		}
		if (valid_line(name, 20, 1) != VALID_OK || valid_line(login, 64, 1) != VALID_OK ||
		    strlen(login) < 3 || strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
		    strlen(login)) {
			fprintf(stderr, "sidan: user: --login needs 3 to 64 of a-z 0-9 . _ -, "
			    "--name 1 to 20 characters\n");
			return 2;
		}
		if (role == ROLE_ADMIN || role == ROLE_DISPATCHER)
			org = org ? org : "140602000000";
	} else if (strcmp(verb, "passwd") == 0 || strcmp(verb, "disable") == 0 ||
	    strcmp(verb, "enable") == 0) {
		if (w + 2 != argc) {
			fputs(usage_user, stderr);
			return 2;
		}
		login = argv[w + 1];
	} else if (strcmp(verb, "list") != 0 || w + 1 != argc) {
		fputs(usage_user, stderr);
		return 2;
	}
	if ((db = cli_open_current(cfg)) == NULL)
		return 1;
	if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
		if (strcmp(verb, "passwd") == 0 && (e = user_by_login(db, login, &u)) != MODEL_OK)
			rc = user_fail(e);
		else if ((rc = get_password(pwfile, pw, sizeof(pw))) == 0) {
			if (password_hash(pw, hash) != 0) {
				fprintf(stderr, "sidan: out of memory hashing the password\n");
				rc = 1;
			} else if (strcmp(verb, "add") == 0) {
				e = user_add(db, login, name, role, org, team, hash, NULL);
				rc = e == MODEL_OK ? 0 : user_fail(e);
				if (rc == 0)
					printf("sidan: added %s (%s)\n", login, role_label(role));
			} else {
				e = user_set_password(db, login, hash);
				rc = e == MODEL_OK ? 0 : user_fail(e);
				if (rc == 0)
					printf("sidan: new password for %s; its sessions ended\n", login);
			}
		}
		sodium_memzero(pw, sizeof(pw));
	} else if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0) {
		int off = strcmp(verb, "disable") == 0;
		if ((e = user_by_login(db, login, &u)) != MODEL_OK ||
		    (e = user_set_disabled(db, u.id, off)) != MODEL_OK)
			rc = user_fail(e);
		else
			printf("sidan: %s %s\n", login, off ? "disabled; its sessions ended" : "enabled");
	} else {
		e = user_each(db, print_user, NULL);
		rc = e == MODEL_OK ? 0 : user_fail(e);
	}
	db_close(db);
	return rc;
}

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
apikey_add_print(struct db *db, const char *name)
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
apikey_list_print(struct db *db)
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
apikey_revoke_print(struct db *db, const char *which)
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

int
cli_apikey(struct config *cfg, int argc, char **argv)
{
	enum cli_parsed p;
	const char *verb;
	struct db *db;
	int w, nargs, rc;

	if ((p = cli_parse(cfg, argc, argv, usage_apikey, NULL, &w)) != CLI_GO)
		return cli_exit(p);
	nargs = argc - w;
	verb = nargs > 0 ? argv[w] : "";
	if (!((strcmp(verb, "add") == 0 && nargs == 2) ||
	    (strcmp(verb, "list") == 0 && nargs == 1) ||
	    (strcmp(verb, "revoke") == 0 && nargs == 2))) {
		fputs(usage_apikey, stderr);
		return 2;
	}
	if (strcmp(verb, "add") == 0 && !apikey_name_valid(argv[w + 1])) {
		fprintf(stderr, "sidan: apikey add: %s\n",
		    apikey_strerror(MODEL_BAD_NAME));
		return 2;
	}
	if ((db = cli_open_current(cfg)) == NULL)
		return 1;
	if (strcmp(verb, "add") == 0)
		rc = apikey_add_print(db, argv[w + 1]);
	else if (strcmp(verb, "list") == 0)
		rc = apikey_list_print(db);
	else
		rc = apikey_revoke_print(db, argv[w + 1]);
	db_close(db);
	return rc;
}
