/*
 * stats_scan.h: the figures of every grouping and the total over requests
 * made at or after a time, from one pass (stats.c keeps what it returns).
 */
#ifndef SIDAN_MODEL_STATS_SCAN_H
#define SIDAN_MODEL_STATS_SCAN_H

#include "model/stats.h"
#include "lib/util.h"

/* Rows kept per grouping; a longer list is cut (teams past the 64th). */
#define STATS_MAX_ROWS	64

/* Each grouping's rows (index enum stats_group; STATS__MAX is the total,
 * one row named 合计), ordered as the figures list them: months newest
 * first, 所 and teams by requests then their sort order, platforms by
 * their sort order. A row's key points into keys. */
struct stats_scan {
	size_t			 n[STATS__MAX + 1];
	struct stats_row	 rows[STATS__MAX + 1][STATS_MAX_ROWS];
	char			 keys[STATS__MAX + 1][STATS_MAX_ROWS][128];
};

/* Fills out from one pass over the requests made at or after since.
 * Returns DB_OK, or the error (out is then not to be used). */
enum db_err	stats_scan(struct db *db, int64_t since, struct stats_scan *out);

#endif
