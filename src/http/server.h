/*
 * server.h: `sidan serve`: the FastCGI listener, the pre-forked workers and
 * the master that supervises them.
 */
#ifndef SIDAN_SERVER_H
#define SIDAN_SERVER_H

#include "http/config.h"

/* Runs until SIGTERM or SIGINT. Returns the process exit status. */
int	server_run(const struct config *cfg);

/* Sets the signals of a helper process the master forks (sidan-house,
 * sidan-writer): TERM and INT call on_stop (without restarting the call
 * they interrupt, so a wait returns), HUP and PIPE are ignored, CHLD is
 * the default, and nothing stays blocked. */
void	server_helper_signals(void (*on_stop)(int));

#endif
