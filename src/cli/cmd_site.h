/*
 * cmd_site.h: `sidan site import FILE.csv`: sites from a CSV file.
 */
#ifndef SIDAN_CMD_SITE_H
#define SIDAN_CMD_SITE_H

#include "http/config.h"

/* Runs `sidan site VERB ...` with argv starting at "site"'s arguments (as
 * cmd_user does). Returns the exit status: 0, 1 on failure or bad rows,
 * 2 on a usage error. */
int	cmd_site(struct config *cfg, int argc, char **argv);

#endif
