/*
 * order_state.h: the four orders as a state machine. Every move an order can
 * make, and who may make it, is one row of the table in order_state.c.
 */
#ifndef SIDAN_MODEL_ORDER_STATE_H
#define SIDAN_MODEL_ORDER_STATE_H

/* Who acts on an order. */
enum actor {
	ACTOR_RESIDENT = 0,
	ACTOR_STAFF,
	ACTOR_VOLUNTEER,
	ACTOR_SYSTEM,
	ACTOR_API,
	ACTOR__MAX
};

/* Returns 1 if actor may move an order from state `from` to `to`. */
int		 order_move_ok(const char *from, const char *to, enum actor actor);
/* Returns the state's label in plain Chinese (e.g. 待审核), or "" if unknown. */
const char	*order_state_label(const char *state);
/* What the public timeline calls a move from `from` ("" for the first) to
 * `to`: 提交申请, 重新派单, 重新办理, or the label of the state reached. The one
 * wording for the tracking page and Open311's updates. */
const char	*order_event_label(const char *from, const char *to);
/* Returns 1 if the state is a known one. */
int		 order_state_known(const char *state);
/* Returns "open" or "closed", the Open311 status of a state. */
const char	*order_state_open311(const char *state);
/* Returns the actor's name as stored in order_events.actor. */
const char	*actor_name(enum actor a);
/* Returns why a resident cannot cancel in this state (Chinese), or NULL. */
const char	*order_cancel_refusal(const char *state);

#endif
