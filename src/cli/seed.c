/*
 * seed.c: `sidan seed [--demo [--orders N] [--volunteers M]]`: the
 * command's options and what it prints. The data itself, 朔城区's tree and
 * catalog, the demo rows and the bulk generator, is the model's
 * (model/seed.c, seed_activities.c, seed_bulk.c).
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "model/kept.h"
#include "model/seed.h"
#include "model/seed_bulk.h"
#include "lib/util.h"

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

int
cli_seed(struct config *cfg, int argc, char **argv)
{
	struct seed_opts o = { 0 };
	long orders = 0, volunteers = 0;
	const struct cli_opt opts[] = {
		{ "demo", CLI_FLAG, &o.demo, 0, 0 },
		{ "orders", CLI_LONG, &orders, 0, 10000000 },
		{ "volunteers", CLI_LONG, &volunteers, 0, 1000000 },
		{ NULL, 0, NULL, 0, 0 },
	};
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_seed, opts, NULL);
	char err[512];
	struct db *db;

	if (p != CLI_GO)
		return cli_exit(p);
	if ((db = cli_open_current(cfg)) == NULL)
		return 1;
	if ((orders || volunteers) && !o.demo) {
		fprintf(stderr, "sidan: seed: --orders and --volunteers make demo data: add --demo\n");
		db_close(db);
		return 2;
	}
	if (seed_run(db, &o, err, sizeof(err)) != 0 ||
	    ((orders || volunteers) && seed_bulk(db, orders, volunteers, isatty(2), err,
	    sizeof(err)) != 0)) {
		fprintf(stderr, "sidan: seed: %s\n", err);
		db_close(db);
		return 1;
	}
	/* The figures of what was added, so that the pages have them before
	 * the server's first housekeeping round (seconds at a million). */
	if (kept_refresh(db, now_unix()) != DB_OK) {
		fprintf(stderr, "sidan: seed: the figures could not be computed\n");
		db_close(db);
		return 1;
	}
	printf("sidan: seeded %s%s\n", cfg->db_path, o.demo ? " (with demo data)" : "");
	db_close(db);
	return 0;
}
