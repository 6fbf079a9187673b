/*
 * figures.c: `sidan figures`: computes the kept figures now (kept.h), what
 * the housekeeping process does every SIDAN_STATS_TTL seconds while sidan
 * serves. For an operator who wants a change on the pages at once, and for
 * a database made or restored while sidan was stopped.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "model/kept.h"
#include "lib/util.h"

static const char usage_figures[] =
"usage: sidan figures [--db PATH]\n"
"\n"
"Computes the public figures now (the figures of the twelve months and of\n"
"this month, the five-star teams, the honour roll, the year's hours, today's\n"
"figures and the queue) and stores them for the pages to read, as sidan's\n"
"housekeeping process does every SIDAN_STATS_TTL seconds (60) while serving.\n";

int
cli_figures(struct config *cfg, int argc, char **argv)
{
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_figures, NULL, NULL);
	struct db *db;
	enum db_err e;

	if (p != CLI_GO)
		return cli_exit(p);
	if ((db = cli_open_current(cfg)) == NULL)
		return 1;
	if ((e = kept_refresh(db, now_unix())) != DB_OK) {
		fprintf(stderr, e == DB_BUSY ? "sidan: figures: the database is busy; try again\n" :
		    "sidan: figures: failed\n");
		db_close(db);
		return 1;
	}
	printf("sidan: figures: computed and stored\n");
	db_close(db);
	return 0;
}
