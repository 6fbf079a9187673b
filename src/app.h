/*
 * app.h: what one worker process holds for the life of the process: its
 * settings and its database connection. Handlers reach it as req->app.
 */
#ifndef SIDAN_APP_H
#define SIDAN_APP_H

#include "config.h"
#include "db.h"

struct app {
	const struct config	*cfg;
	struct db		*db;
};

#endif
