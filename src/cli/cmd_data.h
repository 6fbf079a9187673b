/*
 * cmd_data.h: `sidan backup` (a consistent copy of a live database) and
 * `sidan purge` (removing residents' contact details after the retention
 * period).
 */
#ifndef SIDAN_CMD_DATA_H
#define SIDAN_CMD_DATA_H

#include "http/config.h"

/* Copies the database to dest with SQLite's online backup and checks the
 * copy. Returns the exit status. */
int	cmd_backup(const struct config *cfg, const char *dest);
/* Blanks name, phone, email and address of requests closed more than days
 * ago. Returns the exit status. */
int	cmd_purge(const struct config *cfg, long days);

#endif
