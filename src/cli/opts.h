/*
 * opts.h: what every subcommand shares. Each declares the options it takes
 * in a table (kcgi's way: name, type, where the value goes, its range);
 * cli_parse reads them, always with --db PATH and -h/--help, and checks
 * every value before the command runs. cli_open and cli_open_current open
 * the existing sidan database the way every command but init does.
 */
#ifndef SIDAN_CLI_OPTS_H
#define SIDAN_CLI_OPTS_H

#include <stddef.h>

#include "http/config.h"
#include "model/db.h"

/* The type of an option's value, and so of what dest points to. */
enum cli_type {
	CLI_FLAG = 0,	/* no value; int *dest set to 1 */
	CLI_TEXT,	/* const char **dest, the argument as given */
	CLI_INT,	/* int *dest, decimal in [lo, hi] */
	CLI_LONG,	/* long *dest, decimal in [lo, hi] */
	CLI_SIZE,	/* size_t *dest, decimal in [lo, hi] */
	CLI_OCTAL,	/* unsigned *dest, octal in [lo, hi] */
	CLI_TYPE__MAX
};

/* One option a command takes: --name, its type, where it goes, its range.
 * A command's table ends with a row whose name is NULL. */
struct cli_opt {
	const char	*name;
	enum cli_type	 type;
	void		*dest;
	long		 lo, hi;
};

/* What cli_parse found. */
enum cli_parsed {
	CLI_GO = 0,	/* options read: run the command */
	CLI_HELP,	/* -h or --help: usage printed on stdout, exit 0 */
	CLI_USAGE	/* a usage error, said on stderr: exit 2 */
};

/*
 * Reads the options of argv (argv[0] the command's name): --db PATH into
 * cfg->db_path, -h/--help, and those of opts (NULL for none). With words
 * NULL the command takes nothing else; else *words is set to the index in
 * argv of the first other word (GNU getopt moves them all to the end).
 * An unknown option, a missing or bad value, or a stray word prints usage
 * (or which value is bad) on stderr.
 */
enum cli_parsed	 cli_parse(struct config *cfg, int argc, char **argv, const char *usage,
		    const struct cli_opt *opts, int *words);
/* The exit status for a cli_parse result other than CLI_GO. */
int		 cli_exit(enum cli_parsed p);

/* Opens the existing sidan database at cfg->db_path (never creating one).
 * Returns it, or NULL after printing why not. */
struct db	*cli_open(const struct config *cfg);
/* As cli_open, and refuses (NULL, after telling the operator to run
 * 'sidan init') a database whose schema version is not this sidan's. */
struct db	*cli_open_current(const struct config *cfg);

#endif
