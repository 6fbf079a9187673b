/*
 * open311_updates.c: GET servicerequestupdates.{json,xml} (see
 * open311_updates.h), mySociety's extension to Open311 GeoReport v2. Each
 * public event on a request's timeline is one <request_update> with
 * update_id (the event's id), service_request_id (the tracking code),
 * status (below), description (what the tracking page shows for the event:
 * its label and, only where the field it was typed in was public, its
 * note), updated_datetime and an empty media_url. external_status_code is
 * sidan's own state, for clients that keep it.
 *
 * status, in FixMyStreet's extended statuses (a client without them reads
 * open as open and anything else as closed):
 *   submitted (提交申请, 重新办理)            open
 *   dispatched, published (已派单, 待接单)    action_scheduled
 *   accepted (已接单)                         in_progress
 *   completed, rated, unrated                 fixed
 *   rejected (不予受理)                       not_councils_responsibility
 *   cancelled (已取消)                        closed
 *
 * The window: start_date and end_date as for GET requests (ISO 8601); by
 * default the last day; with start_date only, up to 90 days from it; with
 * end_date only, the day before it; at most 90 days. At most
 * ORDER_UPDATES_MAX updates, oldest first: a client given that many asks
 * again from the last updated_datetime (update_id tells the repeats).
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "http/app.h"
#include "model/order_state.h"
#include "model/order_updates.h"
#include "api/open311.h"
#include "api/open311_out.h"
#include "api/open311_updates.h"

#define DAY	86400

/* Returns the FixMyStreet status for sidan's state (see the top). */
static const char *
update_status(const char *state)
{
	static const struct { const char *state, *status; } map[] = {
		{ "submitted",  "open" },
		{ "dispatched", "action_scheduled" },
		{ "published",  "action_scheduled" },
		{ "accepted",   "in_progress" },
		{ "completed",  "fixed" },
		{ "rated",      "fixed" },
		{ "unrated",    "fixed" },
		{ "rejected",   "not_councils_responsibility" },
		{ "cancelled",  "closed" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].state, state) == 0)
			return map[i].status;
	return order_state_open311(state);
}

/* Returns what the tracking page's timeline calls the event. */
static const char *
update_what(const struct order_update *u)
{
	return order_event_label(u->from_state, u->to_state);
}

/* Adds one update to the list (order_updates callback). */
static void
add_update(void *arg, const struct order_update *u)
{
	struct tree *t = arg;
	cJSON *x = o311_put(t, t->root, NULL, cJSON_CreateObject());
	char id[24], text[2100];

	snprintf(id, sizeof(id), "%lld", (long long)u->id);
	snprintf(text, sizeof(text), "%s%s%s", update_what(u), u->note[0] ? "：" : "",
	    u->note);
	o311_put_str(t, x, "update_id", id);
	o311_put_str(t, x, "service_request_id", u->code);
	o311_put_str(t, x, "status", update_status(u->to_state));
	o311_put_str(t, x, "external_status_code", u->to_state);
	o311_put_str(t, x, "description", text);
	o311_put_time(t, x, "updated_datetime", u->at);
	o311_put_str(t, x, "media_url", "");
}

/* Returns the value of the query field name, or NULL when absent or empty. */
static const char *
query_get(struct req *r, const char *name)
{
	const char *v = kv_get(&r->query, name);

	return v && *v ? v : NULL;
}

int
open311_get_updates(struct req *r)
{
	const char *file = strrchr(r->path, '/');
	const char *sd = query_get(r, "start_date"), *ed = query_get(r, "end_date");
	struct tree errs = { cJSON_CreateArray(), 0 };
	struct tree t;
	int64_t start = 0, end = 0, now = now_unix();
	enum model_err e;
	enum fmt f;
	char name[32];
	int bad = 0;

	f = o311_fmt_split(file ? file + 1 : "", name, sizeof(name));
	if (f == FMT_NONE) {
		cJSON_Delete(errs.root);
		return o311_send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	}
	/* jurisdiction_id is accepted and ignored, as by the other endpoints:
	 * this server has one jurisdiction. */
	if (o311_date_range(&errs, sd, ed, &start, &end) != 0)
		bad = 1;
	if (bad)
		return o311_send_errors(r, f, 400, &errs);
	cJSON_Delete(errs.root);
	if (!ed)
		end = sd ? start + DAYS_90 : now;
	if (!sd)
		start = end - DAY;
	t.root = cJSON_CreateArray();
	t.failed = 0;
	e = order_updates(r->app->db, start, end, ORDER_UPDATES_MAX, add_update, &t);
	if (e != MODEL_OK) {
		cJSON_Delete(t.root);
		return o311_send_db_error(r, f, e == MODEL_BUSY || e == MODEL_FULL);
	}
	http_header(r, "Cache-Control", "no-cache");
	return o311_send_tree(r, f, 200, &t, "service_request_updates", "request_update");
}
