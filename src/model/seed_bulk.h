/*
 * seed_bulk.h: `sidan seed --demo --orders N --volunteers M`: requests spread
 * over three years across all stations and services, in plausible states
 * with their timelines and ratings, and volunteers in teams with hours —
 * every row flagged as demo data. For demonstrations and the benchmark.
 */
#ifndef SIDAN_SEED_BULK_H
#define SIDAN_SEED_BULK_H

#include <stddef.h>

#include "model/db.h"

/* Adds orders requests and volunteers volunteers. progress: print a bar on
 * stderr. Returns 0, or -1 with a message in err. */
int	seed_bulk(struct db *db, long orders, long volunteers, int progress,
	    char *err, size_t errlen);

#endif
