/*
 * urge.h: 催办: staff press it on a request that waits for a volunteer
 * (dispatched to a team, or published for 抢单), and the volunteers who
 * were told of it are messaged again; the press is kept on the request's
 * timeline (an order_events row of kind 'urge', for staff only). Also the
 * one writer of the timeline rows that move nothing (kinds 'urge' and
 * 'escalate'), which the sweeps of message_sweep.c use for 督办.
 */
#ifndef SIDAN_MODEL_URGE_H
#define SIDAN_MODEL_URGE_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"
#include "model/message.h"

/* The least time between two 催办 of one request. */
#define URGE_EVERY	3600

/*
 * Records, inside the caller's write transaction, an event of order_id
 * that moves nothing: kind "urge" or "escalate", by actor ("staff",
 * "system") with actor_id (0: none), in state (from = to), with note, for
 * staff only (public 0). Returns DB_OK or an error.
 */
enum db_err	urge_event_add(struct db *db, int64_t order_id, int64_t at, const char *kind,
		    const char *actor, int64_t actor_id, const char *state, const char *note);

/* What a 催办 did. */
struct urge_result {
	int	sent;		/* volunteers messaged */
	int64_t	last_at;	/* MODEL_TOO_EARLY: when it was last urged */
	char	state[16];	/* MODEL_BAD_STATE: the request's state now */
};

/*
 * 催办 of order_id by staff member user_id at now, in one transaction: a
 * kind 'urge' event (note 催办) and a task_urge message (link /k/<code>) to
 * each approved member of the team it is dispatched to, or, for a request
 * published for 抢单, to each volunteer its broadcast has reached (messages
 * of kind task_open about it) who still takes broadcasts; never to a
 * volunteer who gave this request back. Returns MODEL_OK (res->sent set),
 * MODEL_NOT_FOUND, MODEL_BAD_STATE (not dispatched nor published:
 * res->state), MODEL_TOO_EARLY (urged less than URGE_EVERY ago:
 * res->last_at), or an error.
 */
enum model_err	urge_order(struct db *db, const struct message_opts *o, int64_t order_id,
		    int64_t user_id, int64_t now, struct urge_result *res);

#endif
