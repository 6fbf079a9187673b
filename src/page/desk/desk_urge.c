/*
 * desk_urge.c: POST "/desk/order/{code}/urge": 催办. Staff in scope press it
 * on a request that waits for a volunteer (dispatched to a team, or
 * published for 抢单); the volunteers who were told of it are messaged
 * again and the press is kept on the request's timeline (model/urge.c),
 * at most once an hour per request. Then back to the request's page with
 * ?urged=1, which says so. The form's token is checked by the request
 * core, like every POST's; a request outside the person's scope is 404.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "model/message.h"
#include "model/order.h"
#include "model/order_state.h"
#include "model/urge.h"
#include "page/desk/desk_filter.h"
#include "page/part/page.h"
#include "lib/util.h"

int
page_desk_urge(struct req *r)
{
	struct db *db = r->app->db;
	struct scope sc = desk_scope(r);
	struct message_opts mo = config_message_opts(r->app->cfg);
	struct urge_result res;
	struct order o;
	char msg[400], url[64], last[20], next[20];
	enum model_err e;
	int in;

	if ((e = order_by_code(db, r->path_code, &o)) != MODEL_OK)
		return model_status(e);
	if ((in = desk_in_scope(db, &sc, o.id)) != 1)
		return in == 0 ? 404 : 500;
	e = urge_order(db, &mo, o.id, r->signin->user.id, now_unix(), &res);
	switch (e) {
	case MODEL_OK:
		snprintf(url, sizeof(url), "/desk/order/%s?urged=1", o.code);
		return page_redirect(r, url);
	case MODEL_BAD_STATE:
		snprintf(msg, sizeof(msg), "这个申请现在的状态是“%s”，不能催办。只有已派单给服务队、"
		    "或已发布等待志愿者抢单、还没有人接单的申请才能催办。",
		    order_state_label(res.state));
		page_error_advice(r, 409, msg);
		return 0;
	case MODEL_TOO_EARLY:
		time_format_cst(res.last_at, last);
		time_format_cst(res.last_at + URGE_EVERY, next);
		last[16] = next[16] = '\0';
		snprintf(msg, sizeof(msg), "这个申请在 %s 已经催办过。为免反复打扰志愿者，"
		    "每个申请一小时内只能催办一次，请在 %s 以后再催办。", last + 11,
		    strncmp(last, next, 10) == 0 ? next + 11 : next + 5);
		page_error_advice(r, 429, msg);
		return 0;
	default:
		/* 503 (busy, disk full: the error page asks to retry), 500. */
		return model_status(e);
	}
}
