/*
 * screen_queue.h: what waits, for the centre's wall screen (/screen): the
 * open requests (待审核, 已派单, 待接单, 已接单), the most urgent first, each
 * with only what the public may see: its code, the service and the place.
 * Never a name, a phone, an address or the words of the need.
 */
#ifndef SIDAN_MODEL_SCREEN_QUEUE_H
#define SIDAN_MODEL_SCREEN_QUEUE_H

#include <stdint.h>

#include "model/db.h"

/* An open request as the wall screen shows it. */
struct screen_wait {
	const char	*code;		/* the tracking code, 9 characters */
	const char	*service;	/* the service's name */
	const char	*site;		/* the 站, 所 or centre it is for */
	const char	*institute;	/* the 所 above a 站, "" otherwise */
	const char	*state;		/* submitted, dispatched, published or accepted */
	int64_t		 created_at;	/* when it was made: how long it has waited */
	int64_t		 due_at;	/* when it should be done by */
};

/* Calls fn for each of the `limit` open requests due first (so the
 * overdue come first, the longest overdue at the top), ties by age.
 * Returns DB_OK or the error that stopped it. */
enum db_err	screen_queue_each(struct db *db, int limit,
		    void (*fn)(void *arg, const struct screen_wait *), void *arg);

#endif
