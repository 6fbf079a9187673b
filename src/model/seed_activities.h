/*
 * seed_activities.h: the demo activities of `sidan seed --demo` (called by
 * seed_run inside its transaction).
 */
#ifndef SIDAN_SEED_ACTIVITIES_H
#define SIDAN_SEED_ACTIVITIES_H

#include <stddef.h>

#include "model/db.h"

/* Adds the demo activities unless the database has some. Returns 0, or -1
 * with a message in err. */
int	seed_demo_activities(struct db *db, char *err, size_t errlen);

#endif
