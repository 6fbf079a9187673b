/*
 * seed.h: `sidan seed`: fills a database with 朔城区's real tree and catalog,
 * and with --demo, demo data plainly marked as such.
 */
#ifndef SIDAN_SEED_H
#define SIDAN_SEED_H

#include <stddef.h>

#include "model/db.h"

/* The password of every demo account (`sidan seed --demo`). Demo only:
 * `make run` prints it; a real deployment adds accounts with `sidan user`. */
#define DEMO_PASSWORD "wenming-demo-2026"

struct seed_opts {
	int	demo;		/* add demo stations, bases and teams */
};

/* Seeds db in one write transaction; rows already there are left as they
 * are. Returns 0, or -1 with a message in err. */
int	seed_run(struct db *db, const struct seed_opts *o, char *err, size_t errlen);

#endif
