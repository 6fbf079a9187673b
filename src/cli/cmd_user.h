/*
 * cmd_user.h: `sidan user`: staff accounts from the command line.
 */
#ifndef SIDAN_CMD_USER_H
#define SIDAN_CMD_USER_H

#include "http/config.h"

/* Runs `sidan user VERB ...` with argv starting at VERB. Returns the exit
 * status: 0, 1 on failure, 2 on a usage error. */
int	cmd_user(struct config *cfg, int argc, char **argv);

#endif
