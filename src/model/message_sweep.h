/*
 * message_sweep.h: the messages that time writes (issue 15), as opposed to
 * those an event causes: 督办 of requests nobody accepted in time and of
 * requests past their due time (the 所 first, then the centre), the
 * resident's one reminder to rate, the volunteer's reminder the day
 * before an activity, and the staff's digest of new requests. The
 * housekeeping process calls message_sweep() about once a minute.
 */
#ifndef SIDAN_MODEL_MESSAGE_SWEEP_H
#define SIDAN_MODEL_MESSAGE_SWEEP_H

#include <stdint.h>

#include "model/db.h"
#include "model/message.h"

/* The most rows one part of a sweep handles in one run; the rest wait for
 * the next run. */
#define SWEEP_MAX	200

/*
 * Writes, as of now, every message time has made due: each part in its
 * own write transaction (the digest counts before it, in a read
 * transaction), at most SWEEP_MAX rows each. rate_days is the
 * rating window (SIDAN_RATE_DAYS); digest_seconds the least time between
 * two digests to staff (SIDAN_DIGEST_SECONDS). Returns how many messages
 * it wrote, or -1 if a part failed (the other parts still ran).
 */
int	message_sweep(struct db *db, const struct message_opts *o, int rate_days,
	    int digest_seconds, int64_t now);

/* The parts, for tests and for callers that want one: each returns how
 * many messages it wrote, or -1 (nothing of its run kept). */
int	sweep_unaccepted(struct db *db, const struct message_opts *o, int64_t now);
int	sweep_overdue(struct db *db, const struct message_opts *o, int64_t now);
int	sweep_rate_reminders(struct db *db, const struct message_opts *o, int rate_days,
	    int64_t now);
int	sweep_activity_reminders(struct db *db, const struct message_opts *o, int64_t now);
int	sweep_digest(struct db *db, const struct message_opts *o, int digest_seconds,
	    int64_t now);

#endif
