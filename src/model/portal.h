/*
 * portal.h: the public figures of the portal beyond those of stats.h, all
 * aggregates with no personal data: approved volunteers, confirmed hours of
 * the calendar year, recently completed services (service and place only),
 * today's figures and the state of the queue for the wall screen; and the
 * services of a platform or project (one of those by code: catalog.h).
 */
#ifndef SIDAN_MODEL_PORTAL_H
#define SIDAN_MODEL_PORTAL_H

#include <stdint.h>

#include "model/db.h"
#include "model/catalog.h"
#include "model/service.h"

/* A completed request as the public may see it: what and where, never who. */
struct portal_done {
	const char	*service;	/* the service's name */
	const char	*platform;	/* its platform's name */
	const char	*site;		/* the 站, 所 or centre it went to */
	const char	*institute;	/* the 所 above a 站, "" otherwise */
	int64_t		 completed_at;
	int		 is_demo;
};

/* Today's figures (Beijing day). */
struct portal_today {
	int	requests;	/* made today */
	int	dispatched;	/* dispatched or published today */
	int	accepted;	/* accepted by a volunteer today */
	int	completed;	/* completed today */
	int	rated;		/* rated today */
	int	satisfied;	/* of those, 满意 or better */
};

/* The queue now: requests in each open state, and the overdue among them. */
struct portal_queue {
	int	submitted;	/* 待审核 */
	int	dispatched;	/* 已派单 */
	int	published;	/* 待接单 */
	int	accepted;	/* 已接单 */
	int	overdue;	/* open and past their due time */
};

/* The start of now's day and of now's calendar year (Beijing time). */
int64_t		portal_day_start(int64_t now);
int64_t		portal_year_start(int64_t now);

/* Approved volunteers (registered and not stood down). */
enum db_err	portal_volunteers(struct db *db, int *n);
/* Confirmed minutes of service that started at or after since: for the
 * start of now's year, as the housekeeping process last kept them. */
enum db_err	portal_minutes_since(struct db *db, int64_t since, int64_t *minutes);
/* Calls fn for each of the latest `limit` completed requests, newest first. */
enum db_err	portal_each_done(struct db *db, int limit,
		    void (*fn)(void *arg, const struct portal_done *), void *arg);
/* Today's figures, as the housekeeping process last kept them. */
enum db_err	portal_today(struct db *db, int64_t now, struct portal_today *out);
/* The queue now, from the per-place counts; kept like portal_today. */
enum db_err	portal_queue(struct db *db, int64_t now, struct portal_queue *out);
/* Computes the approved volunteers, the confirmed minutes of now's year,
 * today's figures and the queue, and writes them as the kept row "portal"
 * (kept.h). Returns DB_OK or the error. */
enum db_err	portal_keep(struct db *db, int64_t now);

/* Calls fn for each active service of a platform (project_id 0) or of a
 * project (platform_id 0), in menu order. */
enum db_err	portal_each_service(struct db *db, int64_t platform_id, int64_t project_id,
		    void (*fn)(void *arg, const struct service *), void *arg);

#endif
