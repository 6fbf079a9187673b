/*
 * stats.h: the figures of 四单工作法, computed from the requests, their
 * events and ratings: how many, how satisfied (满意 or better, over rated
 * requests), and how long from request to dispatch, from dispatch to
 * acceptance, and from request to completion; by team, by 所, by platform
 * and by month; and the five-star teams (五星服务队).
 */
#ifndef SIDAN_MODEL_STATS_H
#define SIDAN_MODEL_STATS_H

#include <stdint.h>

#include "model/db.h"

/* The rule for 五星服务队, written on the figures page. */
#define FIVE_STAR_MIN_RATED	20
#define FIVE_STAR_MIN_PERCENT	95

enum stats_group {
	STATS_MONTH = 0,
	STATS_INSTITUTE,
	STATS_PLATFORM,
	STATS_TEAM,
	STATS__MAX
};

/* One row of figures. Averages are -1 when there is nothing to average. */
struct stats_row {
	const char	*key;		/* month "YYYY-MM", or a name */
	int		 requests;
	int		 done;		/* completed, rated or closed unrated */
	int		 open;		/* still being handled */
	int		 stopped;	/* rejected or cancelled */
	int		 rated;
	int		 satisfied;	/* rated 满意 or better */
	double		 to_dispatch;	/* seconds, averaged */
	double		 to_accept;
	double		 to_done;
};

/* Calls fn for each group's row over requests made at or after since,
 * months newest first, others by requests. For the twelve months of the
 * figures (stats_window_start) and this month (stats_month_start) the rows
 * are read from what the housekeeping process kept (stats_keep); any other
 * since is computed at each call (seconds at a million requests). */
enum db_err	stats_each(struct db *db, enum stats_group g, int64_t since,
		    void (*fn)(void *arg, const struct stats_row *), void *arg);
/* Seconds a worker keeps figures (and the home page built from them):
 * SIDAN_STATS_TTL, default 60; 0 keeps nothing. */
int		stats_ttl(void);
/* 1 if what a worker computed at `at` may still be shown at now (it is less
 * than SIDAN_STATS_TTL seconds old): the one rule for every kept figure. */
int		stats_fresh(int64_t at, int64_t now);
/* The totals over requests made at or after since. */
enum db_err	stats_total(struct db *db, int64_t since, struct stats_row *out);
/* The same counts without the average times (to_dispatch, to_accept,
 * to_done are -1): a scan of the requests and their ratings only, for
 * pages that show no times (the home page). */
enum db_err	stats_counts(struct db *db, int64_t since, struct stats_row *out);
/* The start of the twelve calendar months the figures cover: the first day
 * of the month eleven months before now's (Beijing time). */
int64_t		stats_window_start(int64_t now);
/* The start of now's month (Beijing time). */
int64_t		stats_month_start(int64_t now);
/* Calls fn for each five-star team (rated in the 12 months before now),
 * as the housekeeping process last kept them. */
enum db_err	stats_five_star(struct db *db, int64_t now,
		    void (*fn)(void *arg, const char *team, int rated, int satisfied), void *arg);
/* When the figures over since were computed (the kept row's time; now
 * when they were computed for this call). */
int64_t		stats_as_of(struct db *db, int64_t since);
/* Computes the figures of the twelve months and of this month and the
 * five-star teams, and writes them as kept rows (kept.h). For the
 * housekeeping process (kept_refresh). Returns DB_OK or the error. */
enum db_err	stats_keep(struct db *db, int64_t now);

#endif
