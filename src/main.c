/*
 * main.c: the sidan command. A table of subcommands, as cgit's cmds[] is:
 * one row per command {name, handler, its line in `sidan -h`}, looked up
 * by name. Each handler (cli/) parses its own options on top of the
 * environment's settings (http/config.c) and answers -h/--help; every one
 * but init opens only an existing sidan database.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/commands.h"
#include "http/config.h"
#include "version.h"

/* One subcommand: its name, the function that runs it (cli/commands.h),
 * and its line in `sidan -h`. */
struct cmd {
	const char	*name;
	int		(*run)(struct config *cfg, int argc, char **argv);
	const char	*help;
};

static const struct cmd cmds[] = {
	{ "serve", cli_serve, "run the FastCGI server (master and pre-forked workers)" },
	{ "init", cli_init, "create the database, or upgrade an older one" },
	{ "seed", cli_seed, "fill the database with 朔城区's tree and catalog (--demo: demo data)" },
	{ "check", cli_check, "check the database's integrity and foreign keys" },
	{ "user", cli_user, "add staff accounts, change passwords, disable accounts" },
	{ "backup", cli_backup,
	  "copy the live database to a new file (SQLite's online backup) and check it" },
	{ "figures", cli_figures, "compute the public figures now (the server does it every minute)" },
	{ "purge", cli_purge, "remove residents' contact details from requests closed long ago" },
	{ "apikey", cli_apikey, "add, list or revoke the API keys of Open311 clients" },
	{ "site", cli_site,
	  "import sites (coordinates, address, hours, office phone) from a CSV file" },
};

/* Prints `sidan -h`, with one line per row of cmds[], to f. */
static void
usage(FILE *f)
{
	fputs("usage: sidan COMMAND [OPTIONS]\n"
	    "       sidan -h|--help | --version\n"
	    "\n"
	    "sidan serves 文明朔城, the 四单工作法 system of 朔城区's 新时代文明实践中心,\n"
	    "as a FastCGI program behind nginx.\n"
	    "\n"
	    "commands:\n", f);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s%s\n", cmds[i].name, cmds[i].help);
	fputs("\n"
	    "Each command takes -h or --help. Every command but init refuses a database\n"
	    "that 'sidan init' has not made (exit status 1). Settings common to all:\n"
	    "  --db PATH            database file (env SIDAN_DB, default var/sidan.db)\n"
	    "\n"
	    "  -h, --help           print this help\n"
	    "  --version            print sidan's version\n", f);
}

/* Returns the row of cmds[] named name, or NULL. */
static const struct cmd *
cmd_find(const char *name)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	const struct cmd *c;
	struct config cfg;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
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
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "sidan: unknown command '%s'\n\n", argv[1]);
		usage(stderr);
		return 2;
	}
	return c->run(&cfg, argc - 1, argv + 1);
}
