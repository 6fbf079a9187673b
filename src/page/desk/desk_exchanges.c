/*
 * desk_exchanges.c: 积分兑换 on the desk, the exchanges at the places in
 * the staff member's scope. "/desk/exchanges" lists them newest first,
 * with a form to find a volunteer by their number (统一编号, scanned or
 * typed) or phone and list what they asked for, to hand it over; POST
 * ".../{id}/confirm" hands one over (the stock goes down by one; refused
 * when the stock is 0 or someone acted first), ".../{id}/cancel" cancels
 * one with a reason (the points come back; a handed-over one goes back
 * into stock). Exchanges at places out of scope do not exist here (404).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/util.h"
#include "lib/validate.h"
#include "model/exchange.h"
#include "model/scope.h"
#include "model/site.h"
#include "page/part/page.h"

/* How many exchanges the page lists. */
#define LIST_MAX	100

/* The Chinese label of an exchange's state. */
static const char *
state_label(const char *state)
{
	if (strcmp(state, "asked") == 0)
		return "待领取";
	if (strcmp(state, "done") == 0)
		return "已兑换";
	return "已取消";
}

/* The list being built. */
struct xlist {
	struct tmpl_dict	*d;
	const char		*section;
	const char		*csrf, *who;
	int64_t			 err_id;	/* the row whose reason is wrong */
	const char		*err, *typed;
	int			 n;
};

/* Adds one exchange row to the section. */
static void
add_exchange(void *arg, const struct exchange *x)
{
	struct xlist *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, l->section);
	char when[20];

	tmpl_set_int(d, "ID", x->id);
	tmpl_set(d, "CSRF", l->csrf);
	tmpl_set(d, "WHO", l->who ? l->who : "");
	tmpl_set(d, "VOLUNTEER", x->volunteer_name);
	tmpl_set(d, "NUMBER", x->number[0] ? x->number : "无编号");
	tmpl_set(d, "GOODS", x->goods_name);
	tmpl_set(d, "PLACE", x->org_name);
	tmpl_set_int(d, "POINTS", x->points);
	tmpl_set_int(d, "STOCK", x->stock);
	tmpl_set(d, "STATE", state_label(x->state));
	tmpl_set(d, "STATE_KEY", x->state);
	time_format_cst(x->asked_at, when);
	when[16] = '\0';
	tmpl_set(d, "ASKED", when);
	if (strcmp(x->state, "asked") == 0) {
		tmpl_show(d, "ASKED_STATE");
		tmpl_show(d, "CAN_CANCEL");
		if (x->stock <= 0)
			tmpl_show(d, "NO_STOCK");
	} else if (strcmp(x->state, "done") == 0) {
		time_format_cst(x->done_at, when);
		when[16] = '\0';
		tmpl_set(tmpl_add_section(d, "DONE"), "DONE_AT", when);
		tmpl_show(d, "CAN_CANCEL");
	} else {
		struct tmpl_dict *c = tmpl_add_section(d, "CANCELLED");
		time_format_cst(x->cancelled_at, when);
		when[16] = '\0';
		tmpl_set(c, "CANCELLED_AT", when);
		tmpl_set(c, "BY", x->by_volunteer ? "志愿者本人" : "工作人员");
		if (x->reason[0])
			tmpl_set(tmpl_add_section(c, "REASON"), "REASON", x->reason);
	}
	if (x->id == l->err_id) {
		tmpl_set(tmpl_add_section(d, "E_REASON"), "MSG", l->err);
		tmpl_show(d, "OPEN");
	}
	tmpl_set(d, "V_REASON", x->id == l->err_id && l->typed ? l->typed : "");
	l->n++;
}

/* Returns who (a number or phone as typed) if it is one to look up: 1 to
 * 20 letters and digits; else NULL. */
static const char *
who_ok(const char *who)
{
	size_t n;

	if (who == NULL || (n = strlen(who)) == 0 || n > 20)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)who[i]))
			return NULL;
	return who;
}

/* Renders the page with status; error (or NULL) is shown as an alert at the
 * top, or beside the reason of row err_id when that is not 0. */
static int
render(struct req *r, int status, const char *notice, const char *error, int64_t err_id)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "积分兑换记录", "desk_exchanges.tpl", "desk");
	const char *typed_who = kv_get(&r->query, "who");
	const char *who;
	struct xlist l = { .d = d, .csrf = r->signin->sess.csrf, .err_id = err_id, .err = error,
	    .typed = kv_get(&r->form, "reason") };
	char *trimmed;
	enum model_err e = MODEL_OK;

	if (typed_who == NULL)
		typed_who = kv_get(&r->form, "who");
	trimmed = str_trim(typed_who ? typed_who : "");
	/* The number as printed (SC2026 000123) may carry spaces: drop them. */
	{
		char *o = trimmed;
		for (char *p = trimmed; *p; p++)
			if (*p != ' ')
				*o++ = (char)toupper((unsigned char)*p);
		*o = '\0';
	}
	who = who_ok(trimmed);
	l.who = who;
	tmpl_set(d, "CSRF", l.csrf);
	tmpl_set(d, "V_WHO", typed_who ? typed_who : "");
	if (error && err_id == 0)
		tmpl_set(tmpl_add_section(d, "ERROR"), "MSG", error);
	if (trimmed[0] && who == NULL)
		tmpl_set(tmpl_add_section(d, "E_WHO"), "MSG",
		    "请填写志愿者编号（如 SC2026000123）或11位手机号码");
	else if (who) {
		struct tmpl_dict *f = tmpl_add_section(d, "FOUND");
		tmpl_set(f, "WHO", who);
		l.d = f;
		l.section = "MINE";
		e = exchange_each_in_scope(r->app->db, &sc, who, LIST_MAX, add_exchange, &l);
		if (l.n == 0)
			tmpl_show(f, "NONE");
		l.d = d;
		l.n = 0;
	}
	if (e == MODEL_OK) {
		l.section = "ROW";
		e = exchange_each_in_scope(r->app->db, &sc, NULL, LIST_MAX, add_exchange, &l);
	}
	free(trimmed);
	if (e != MODEL_OK) {
		tmpl_dict_free(pg.layout);
		return model_status(e);
	}
	if (l.n == 0)
		tmpl_show(d, "EMPTY");
	return page_finish_private(r, &pg, status, notice);
}

int
page_desk_exchanges(struct req *r)
{
	const char *done = kv_get(&r->query, "done");
	const char *notice = NULL;

	if (done && strcmp(done, "confirmed") == 0)
		notice = "已交付，库存减少1件。";
	else if (done && strcmp(done, "cancelled") == 0)
		notice = "已取消这次兑换，积分已退回志愿者。";
	return render(r, 200, notice, NULL, 0);
}

/* Finds the exchange of the path's {id} in the staff member's scope.
 * Returns 0, 404 or another status. */
static int
exchange_find(struct req *r)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	int64_t org = 0, parent = 0, vid = 0;
	enum model_err e = exchange_place(r->app->db, r->path_id, &org, &parent, &vid);

	if (e == MODEL_NOT_FOUND)
		return 404;
	if (e != MODEL_OK)
		return model_status(e);
	return site_in_scope(&sc, org, parent) ? 0 : 404;
}

/* Redirects back to the list after action done, keeping the volunteer
 * looked up. */
static int
back(struct req *r, const char *done)
{
	const char *who = who_ok(kv_get(&r->form, "who"));
	char url[96];

	if (who)
		snprintf(url, sizeof(url), "/desk/exchanges?done=%s&who=%s", done, who);
	else
		snprintf(url, sizeof(url), "/desk/exchanges?done=%s", done);
	return page_redirect(r, url);
}

/* Answers a store outcome: busy or full with the page again. */
static int
busy(struct req *r, enum model_err e)
{
	if (e == MODEL_BUSY || e == MODEL_FULL) {
		http_header(r, "Retry-After", "5");
		return render(r, 503, NULL, "系统正忙，还没有办理。请稍等片刻再点一次。", 0);
	}
	return model_status(e);
}

int
page_desk_exchange_confirm(struct req *r)
{
	enum model_err e;
	int rc;

	if ((rc = exchange_find(r)) != 0)
		return rc;
	switch ((e = exchange_confirm(r->app->db, r->path_id, r->signin->user.id))) {
	case MODEL_OK:
		return back(r, "confirmed");
	case MODEL_NOT_FOUND:
		return 404;
	case MODEL_NO_PLACE:
		return render(r, 409, NULL, "这件物品库存为0，不能交付。请先在“兑换物品”里补充库存，"
		    "或取消这次兑换把积分退回志愿者。", 0);
	case MODEL_BAD_STATE:
		return render(r, 409, NULL, "这次兑换刚刚已被交付或取消，没有再办理。请看下面的最新状态。", 0);
	default:
		return busy(r, e);
	}
}

int
page_desk_exchange_cancel(struct req *r)
{
	const char *typed = kv_get(&r->form, "reason");
	char *reason;
	enum model_err e;
	int rc;

	if ((rc = exchange_find(r)) != 0)
		return rc;
	reason = str_trim(typed ? typed : "");
	if (valid_text(reason, EXCHANGE_REASON_MAX, 1) != VALID_OK) {
		free(reason);
		return render(r, 400, NULL, "请写明取消的原因（不超过200字），志愿者能看到", r->path_id);
	}
	e = exchange_cancel(r->app->db, r->path_id, r->signin->user.id, 0, reason);
	free(reason);
	switch (e) {
	case MODEL_OK:
		return back(r, "cancelled");
	case MODEL_NOT_FOUND:
		return 404;
	case MODEL_BAD_STATE:
		return render(r, 409, NULL, "这次兑换已经取消过了，积分已退回。", 0);
	default:
		return busy(r, e);
	}
}
