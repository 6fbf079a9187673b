/*
 * order_state.c: the states of an order, their labels, and the moves
 * between them (群众点单 → 中心派单 → 志愿者接单 → 群众评单).
 */
#include <string.h>

#include "model/order_state.h"

static const struct {
	const char *state, *label, *open311;
} states[] = {
	{ "submitted",  "待审核", "open" },
	{ "dispatched", "已派单", "open" },
	{ "published",  "待接单", "open" },	/* open for volunteers to claim (抢单) */
	{ "accepted",   "已接单", "open" },
	{ "completed",  "已完成", "closed" },
	{ "rated",      "已评价", "closed" },
	{ "unrated",    "未评价", "closed" },
	{ "rejected",   "不予受理", "closed" },
	{ "cancelled",  "已取消", "closed" },
};

#define R (1u << ACTOR_RESIDENT)
#define S (1u << ACTOR_STAFF)
#define V (1u << ACTOR_VOLUNTEER)
#define Y (1u << ACTOR_SYSTEM)

/* Every allowed move: from, to, who. Anything else is refused. */
static const struct {
	const char *from, *to;
	unsigned who;
} moves[] = {
	{ "submitted",  "dispatched", S },
	{ "submitted",  "published",  S },
	{ "submitted",  "rejected",   S },
	{ "submitted",  "cancelled",  R | S },
	{ "dispatched", "dispatched", S },	/* re-dispatch */
	{ "dispatched", "published",  S },
	{ "dispatched", "accepted",   V },
	{ "dispatched", "cancelled",  R | S },
	{ "published",  "dispatched", S },
	{ "published",  "accepted",   V },
	{ "published",  "cancelled",  R | S },
	{ "accepted",   "dispatched", S | V },	/* re-dispatch, or given back */
	{ "accepted",   "published",  V },	/* given back to the pool */
	{ "accepted",   "completed",  V | S },
	{ "accepted",   "cancelled",  S },
	{ "completed",  "rated",      R },
	{ "completed",  "unrated",    Y },
	{ "completed",  "submitted",  S },	/* reopened: back to dispatch */
	{ "rated",      "submitted",  S },	/* reopened after a poor rating */
	{ "unrated",    "submitted",  S },
};

int
order_move_ok(const char *from, const char *to, enum actor actor)
{
	if ((unsigned)actor >= ACTOR__MAX)
		return 0;
	for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
		if (strcmp(moves[i].from, from) == 0 && strcmp(moves[i].to, to) == 0)
			return (moves[i].who & (1u << actor)) != 0;
	return 0;
}

const char *
order_state_label(const char *state)
{
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(states[i].state, state) == 0)
			return states[i].label;
	return "";
}

int
order_state_known(const char *state)
{
	return order_state_label(state)[0] != '\0';
}

const char *
order_state_open311(const char *state)
{
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(states[i].state, state) == 0)
			return states[i].open311;
	return "closed";
}

const char *
actor_name(enum actor a)
{
	static const char *const names[ACTOR__MAX] = {
		[ACTOR_RESIDENT] = "resident", [ACTOR_STAFF] = "staff",
		[ACTOR_VOLUNTEER] = "volunteer", [ACTOR_SYSTEM] = "system",
		[ACTOR_API] = "api",
	};
	return (unsigned)a < ACTOR__MAX ? names[a] : "system";
}

const char *
order_cancel_refusal(const char *state)
{
	if (order_move_ok(state, "cancelled", ACTOR_RESIDENT))
		return NULL;
	if (strcmp(state, "accepted") == 0)
		return "志愿者已经接单并在准备服务，无法在线取消。如需取消，请联系文明实践中心。";
	if (strcmp(state, "cancelled") == 0)
		return "此申请已经取消。";
	if (strcmp(state, "rejected") == 0)
		return "中心对此申请不予受理，无需取消。";
	return "此申请的服务已经完成，无法取消。";
}

const char *
order_event_label(const char *from, const char *to)
{
	if (from[0] == '\0')
		return "提交申请";
	if (strcmp(from, to) == 0 && strcmp(to, "dispatched") == 0)
		return "重新派单";
	if (strcmp(to, "submitted") == 0)
		return "重新办理";
	return order_state_label(to);
}
