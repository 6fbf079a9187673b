/*
 * order_urges.h: the 催办 and 督办 of a request, for the desk's page. Both
 * are order_events rows (schema version 16) of kind 'urge' (staff pressed
 * 催办: the team was messaged again) or 'escalate' (督办: not accepted in
 * time, or overdue, and the 所 or the centre was told). Neither moves the
 * request and neither is public: only staff in scope read them.
 */
#ifndef SIDAN_MODEL_ORDER_URGES_H
#define SIDAN_MODEL_ORDER_URGES_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"

/* One 催办 or 督办. Strings live while the callback runs. */
struct order_urge {
	int64_t		 at;
	const char	*kind;		/* "urge" or "escalate" */
	const char	*actor;		/* order_events.actor: "staff", "system" ... */
	const char	*who;		/* the staff member's name, "" when not staff */
	const char	*note;		/* as recorded, or "" */
};

/* Calls fn for each 催办 and 督办 of the request, oldest first. Returns
 * MODEL_OK, MODEL_BUSY or MODEL_ERROR. */
enum model_err	order_each_urge(struct db *db, int64_t order_id,
		    void (*fn)(void *arg, const struct order_urge *), void *arg);

#endif
