/*
 * kept.h: figures computed off the request path (issue 18). The
 * housekeeping process computes what scans a year of requests (stats.h,
 * honour.h, portal.h each say what they keep) and writes it, as JSON, in a
 * row of kept_figures named for what it is; workers read that ready row (a
 * lookup by its name) and never run the scan themselves.
 */
#ifndef SIDAN_MODEL_KEPT_H
#define SIDAN_MODEL_KEPT_H

#include <stdint.h>
#include <cJSON.h>

#include "model/db.h"

/* A worker reads a kept row again at most this often (seconds), so the
 * figures it shows are at most SIDAN_STATS_TTL plus this old. */
#define KEPT_RECHECK	5

/* Writes body as the row name (covering the period from since, computed
 * at made_at), replacing the one before, in its own short transaction.
 * Returns DB_OK or the error. */
enum db_err	kept_put(struct db *db, const char *name, int64_t since, int64_t made_at,
		    const cJSON *body);
/* Reads the row name: its body parsed into *body (the caller deletes it
 * with cJSON_Delete), since and made_at. Returns 1 when read, 0 when there
 * is no such row (or its body is not JSON), -1 on a database error. */
int		kept_get(struct db *db, const char *name, int64_t *since, int64_t *made_at,
		    cJSON **body);
/* Returns when the row name was computed (made_at), 0 when there is none,
 * -1 on a database error. */
int64_t		kept_made_at(struct db *db, const char *name);
/* 1 if a worker that read a kept row at `read_at` should read it again at
 * now (KEPT_RECHECK seconds, or at once when SIDAN_STATS_TTL is 0). */
int		kept_stale(int64_t read_at, int64_t now);
/* 1 when figures are kept (SIDAN_STATS_TTL above 0): workers then read the
 * kept rows; with 0 (the tests' setting) they compute everything at once. */
int		kept_on(void);
/* Computes and writes every kept row: the figures, the five-star teams,
 * the honour roll and the portal's sums (model/kept.c calls each module's
 * keeper). Run by the housekeeping process every SIDAN_STATS_TTL seconds,
 * by `sidan seed` at its end and by `sidan figures`. Returns DB_OK or the
 * first error (the rows written before it stay). */
enum db_err	kept_refresh(struct db *db, int64_t now);

#endif
