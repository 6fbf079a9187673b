/*
 * server.h: `sidan serve`: the FastCGI listener, the pre-forked workers and
 * the master that supervises them.
 */
#ifndef SIDAN_SERVER_H
#define SIDAN_SERVER_H

#include "http/config.h"

/* Runs until SIGTERM or SIGINT. Returns the process exit status. */
int	server_run(const struct config *cfg);

#endif
