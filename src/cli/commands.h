/*
 * commands.h: the subcommands main.c's table lists, one group per file
 * under cli/. Each takes argv from its own name on (argv[0] is "serve",
 * ...), with cfg already filled from the environment, and returns the exit
 * status: 0, 1 on failure, 2 on a usage error (0 after -h or --help).
 */
#ifndef SIDAN_CLI_COMMANDS_H
#define SIDAN_CLI_COMMANDS_H

#include "http/config.h"

/* cli/serve.c: `sidan serve`, the FastCGI server. */
int	cli_serve(struct config *cfg, int argc, char **argv);
/* cli/data.c: `sidan init`, creating or upgrading the database. */
int	cli_init(struct config *cfg, int argc, char **argv);
/* cli/seed.c: `sidan seed`, 朔城区's tree and catalog, and demo data. */
int	cli_seed(struct config *cfg, int argc, char **argv);
/* cli/data.c: `sidan check`, integrity and foreign keys. */
int	cli_check(struct config *cfg, int argc, char **argv);
/* cli/user.c: `sidan user`, staff accounts. */
int	cli_user(struct config *cfg, int argc, char **argv);
/* cli/data.c: `sidan backup DEST`, a checked copy of the live database. */
int	cli_backup(struct config *cfg, int argc, char **argv);
/* cli/data.c: `sidan purge`, residents' contact details after retention. */
int	cli_purge(struct config *cfg, int argc, char **argv);
/* cli/user.c: `sidan apikey`, the keys of Open311 clients. */
int	cli_apikey(struct config *cfg, int argc, char **argv);
/* cli/figures.c: `sidan figures`, the kept figures computed now. */
int	cli_figures(struct config *cfg, int argc, char **argv);
/* cli/site.c: `sidan site import FILE.csv`. */
int	cli_site(struct config *cfg, int argc, char **argv);

#endif
