/*
 * order_updates.h: the public events of every request in a time range, for
 * the mySociety Open311 extension GET servicerequestupdates (what FixMyStreet
 * polls as GetUpdates). An event is listed only where the public timeline of
 * the tracking page shows it, and its note only where the field it was typed
 * in was labelled 群众可以看到 (order_events.note_public): the same rule as
 * order_each_event, so a resident's or staff's private words never appear.
 */
#ifndef SIDAN_MODEL_ORDER_UPDATES_H
#define SIDAN_MODEL_ORDER_UPDATES_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"

#define ORDER_UPDATES_MAX	1000	/* events in one answer at most */

/* One public event of a request. Strings live while the callback runs. */
struct order_update {
	int64_t		 id;		/* order_events.id: stable and unique */
	const char	*code;		/* the request's tracking code */
	int64_t		 at;
	const char	*from_state;	/* "" for the first event */
	const char	*to_state;
	const char	*note;		/* a public note, or "" */
};

/*
 * Calls fn for each public event with from <= at <= to (unix times), oldest
 * first (by time, then id), at most limit of them. Returns MODEL_OK,
 * MODEL_BUSY, or MODEL_ERROR (also for a limit outside 1..ORDER_UPDATES_MAX).
 */
enum model_err	order_updates(struct db *db, int64_t from, int64_t to, int limit,
		    void (*fn)(void *arg, const struct order_update *), void *arg);

#endif
