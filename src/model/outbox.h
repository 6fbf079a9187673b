/*
 * outbox.h: messages waiting to be sent to volunteers (new tasks). The
 * notifier process (notify.c) hands each to the --notify-cmd, so an SMS or
 * WeChat gateway can be attached, and retries on failure.
 */
#ifndef SIDAN_MODEL_OUTBOX_H
#define SIDAN_MODEL_OUTBOX_H

#include <stdint.h>

#include "model/db.h"

/* Queues a "new task" message for every approved volunteer who may take
 * order_id now: the members of its team, or, when it is open for claiming,
 * the volunteers of its area who serve its platform. Call inside the write
 * transaction that dispatched or published it. Returns DB_OK or an error. */
enum db_err	outbox_new_task(struct db *db, int64_t order_id, int64_t now);

/* One message due for sending. */
struct outbox_msg {
	int64_t	id;
	char	recipient[16];
	char	body[512];
	int	attempts;
};

/* Fills up to max messages due at now into out; returns how many, or -1. */
int		outbox_due(struct db *db, int64_t now, struct outbox_msg *out, int max);
/* Records the outcome of one attempt: sent, or failed with why (and the
 * next attempt is scheduled with a growing delay). */
enum db_err	outbox_done(struct db *db, int64_t id, int ok, int attempts, const char *why,
		    int64_t now);

#endif
