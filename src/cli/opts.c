/*
 * opts.c: option parsing for every subcommand, written once. A command
 * passes a table of the options it takes; this turns it into getopt_long's
 * table, adds --db and -h/--help, and parses and range-checks each value
 * into its typed destination. Also the two ways a command opens the
 * database.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"
#include "model/schema.h"

/* The most options one command may declare (besides --db and --help). */
#define CLI_OPTS_MAX	16

/* getopt_long's codes for --db, --help and opts[i] (OPT_BASE + i). */
enum { OPT_DB = 256, OPT_HELP, OPT_BASE };

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

/* Stores arg into o's destination by o's type. Returns 0, or -1 if arg is
 * not a number in o's range. */
static int
opt_store(const struct cli_opt *o, const char *arg)
{
	long v;

	switch (o->type) {
	case CLI_FLAG:
		*(int *)o->dest = 1;
		return 0;
	case CLI_TEXT:
		*(const char **)o->dest = arg;
		return 0;
	default:
		break;
	}
	if (parse_num(arg, o->type == CLI_OCTAL ? 8 : 10, o->lo, o->hi, &v) != 0)
		return -1;
	switch (o->type) {
	case CLI_INT: *(int *)o->dest = (int)v; break;
	case CLI_LONG: *(long *)o->dest = v; break;
	case CLI_SIZE: *(size_t *)o->dest = (size_t)v; break;
	case CLI_OCTAL: *(unsigned *)o->dest = (unsigned)v; break;
	default: break;
	}
	return 0;
}

enum cli_parsed
cli_parse(struct config *cfg, int argc, char **argv, const char *usage,
    const struct cli_opt *opts, int *words)
{
	struct option lo[CLI_OPTS_MAX + 3] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "help", no_argument, NULL, OPT_HELP },
	};
	size_t n = 0;
	int c;

	for (; opts != NULL && opts[n].name != NULL; n++) {
		if (n >= CLI_OPTS_MAX)
			abort();	/* a command declares more than the table holds */
		lo[2 + n] = (struct option){ opts[n].name,
		    opts[n].type == CLI_FLAG ? no_argument : required_argument, NULL,
		    OPT_BASE + (int)n };
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			fputs(usage, stdout);
			return CLI_HELP;
		}
		if (c == OPT_DB)
			cfg->db_path = optarg;
		else if (c >= OPT_BASE && c < OPT_BASE + (int)n) {
			const struct cli_opt *o = &opts[c - OPT_BASE];
			if (opt_store(o, optarg) != 0) {
				fprintf(stderr, "sidan: bad value for --%s: %s\n", o->name, optarg);
				return CLI_USAGE;
			}
		} else {
			fputs(usage, stderr);
			return CLI_USAGE;
		}
	}
	if (words != NULL)
		*words = optind;
	else if (optind != argc) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	return CLI_GO;
}

int
cli_exit(enum cli_parsed p)
{
	return p == CLI_USAGE ? 2 : 0;
}

struct db *
cli_open(const struct config *cfg)
{
	char err[512];
	struct db *db = db_open_existing(cfg->db_path, cfg->busy_ms, err, sizeof(err));

	if (db == NULL)
		fprintf(stderr, "sidan: %s\n", err);
	return db;
}

struct db *
cli_open_current(const struct config *cfg)
{
	struct db *db = cli_open(cfg);
	int v;

	if (db != NULL && (v = db_user_version(db)) != schema_latest()) {
		fprintf(stderr, "sidan: %s is at schema version %d, not %d: "
		    "run 'sidan init' first\n", cfg->db_path, v, schema_latest());
		db_close(db);
		return NULL;
	}
	return db;
}
