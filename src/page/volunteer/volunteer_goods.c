/*
 * volunteer_goods.c: 积分兑换, the volunteer's side. "/v/goods" shows their
 * balance and what it can buy at their 站, its 所 and the centre (goods on
 * the shelf with stock, the price, whether they can afford it); POST
 * "/v/goods/{id}/ask" asks for one, holding its points (refused, with
 * nothing changed, when the balance is short or the stock is gone);
 * "/v/me/points" is their points ledger (earned from confirmed hours, each
 * exchange with its state and place, the balance); POST
 * "/v/exchanges/{id}/cancel" cancels one of their own not yet handed over,
 * giving the points back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/util.h"
#include "model/exchange.h"
#include "page/part/page.h"

/* Writes minutes as hours with one decimal ("12.5") into out. */
static void
hours_text(int64_t minutes, char out[24])
{
	snprintf(out, 24, "%lld.%lld", (long long)(minutes / 60),
	    (long long)((minutes % 60) * 10 / 60));
}

/* The goods list being built. */
struct glist {
	struct tmpl_dict	*d;
	const char		*csrf;
	int64_t			 balance;
	int			 n;
};

static void
add_goods(void *arg, const struct goods *g)
{
	struct glist *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "GOODS");

	tmpl_set_int(d, "ID", g->id);
	tmpl_set(d, "NAME", g->name);
	tmpl_set(d, "PLACE", g->org_name);
	tmpl_set_int(d, "POINTS", g->points);
	tmpl_set_int(d, "STOCK", g->stock);
	tmpl_set(d, "CSRF", l->csrf);
	if (g->note[0])
		tmpl_set(tmpl_add_section(d, "NOTE"), "NOTE", g->note);
	if (l->balance >= g->points)
		tmpl_show(d, "AFFORD");
	else
		tmpl_set_int(tmpl_add_section(d, "SHORT"), "NEED", g->points - l->balance);
	l->n++;
}

/* Sets the figures of p into d. */
static void
set_points(struct req *r, struct tmpl_dict *d, const struct points *p)
{
	char h[24];

	hours_text(p->minutes, h);
	tmpl_set(d, "HOURS", h);
	tmpl_set_int(d, "EARNED", p->earned);
	tmpl_set_int(d, "HELD", p->held);
	tmpl_set_int(d, "BALANCE", p->balance);
	tmpl_set_int(d, "PER_HOUR", r->app->cfg->points_per_hour);
}

/* Renders "/v/goods" with status; error (or NULL) shown as an alert. */
static int
goods_render(struct req *r, int status, const char *error)
{
	const struct volunteer *v = &r->volunteer->v;
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "积分兑换", "vgoods.tpl", "vme");
	struct points p;
	struct glist l = { .d = d, .csrf = r->volunteer->sess.csrf };
	enum model_err e;

	if ((e = exchange_points(r->app->db, v->id, r->app->cfg->points_per_hour, &p)) == MODEL_OK) {
		l.balance = p.balance;
		e = goods_each_for_volunteer(r->app->db, v->id, add_goods, &l);
	}
	if (e != MODEL_OK) {
		tmpl_dict_free(pg.layout);
		return model_status(e);
	}
	set_points(r, d, &p);
	tmpl_set(d, "ORG", v->org_name);
	if (error)
		tmpl_set(tmpl_add_section(d, "ERROR"), "MSG", error);
	if (l.n == 0)
		tmpl_show(d, "EMPTY");
	return page_finish_private(r, &pg, status, NULL);
}

int
page_vgoods(struct req *r)
{
	return goods_render(r, 200, NULL);
}

int
page_vgoods_ask(struct req *r)
{
	char msg[200];
	int64_t id = 0, balance = 0;
	enum model_err e;

	e = exchange_ask(r->app->db, r->volunteer->v.id, r->path_id,
	    r->app->cfg->points_per_hour, &id, &balance);
	switch (e) {
	case MODEL_OK:
		return page_redirect(r, "/v/me/points?done=asked");
	case MODEL_NOT_FOUND:
		return 404;
	case MODEL_NO_PLACE:
		return goods_render(r, 409, "这件物品刚刚兑完了，没有扣您的积分。请看看其他物品。");
	case MODEL_NOT_READY:
		snprintf(msg, sizeof(msg), "积分不够：您现在可用 %lld 分，不够兑换这件物品，"
		    "没有扣您的积分。参加志愿服务、时长确认后会得到更多积分。", (long long)balance);
		return goods_render(r, 409, msg);
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		return goods_render(r, 503, "系统正忙，还没有兑换。请稍等片刻再点一次。");
	default:
		return model_status(e);
	}
}

/* The Chinese label of an exchange's state, as the volunteer reads it. */
static const char *
state_label(const char *state)
{
	if (strcmp(state, "asked") == 0)
		return "待领取";
	if (strcmp(state, "done") == 0)
		return "已领取";
	return "已取消，积分已退回";
}

struct xctx {
	struct tmpl_dict	*d;
	const char		*csrf;
	int			 n;
};

static void
add_exchange(void *arg, const struct exchange *x)
{
	struct xctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "EXCHANGE");
	char when[20];

	tmpl_set_int(d, "ID", x->id);
	tmpl_set(d, "CSRF", c->csrf);
	tmpl_set(d, "GOODS", x->goods_name);
	tmpl_set(d, "PLACE", x->org_name);
	tmpl_set_int(d, "POINTS", x->points);
	tmpl_set(d, "STATE", state_label(x->state));
	tmpl_set(d, "STATE_KEY", x->state);
	time_format_cst(x->asked_at, when);
	when[16] = '\0';
	tmpl_set(d, "ASKED", when);
	if (strcmp(x->state, "asked") == 0)
		tmpl_show(d, "CAN_CANCEL");
	else if (strcmp(x->state, "cancelled") == 0) {
		tmpl_show(d, "REFUNDED");
		if (x->reason[0])
			tmpl_set(tmpl_add_section(d, "REASON"), "REASON", x->reason);
	} else
		tmpl_show(d, "SPENT");
	c->n++;
}

/* Renders "/v/me/points" with status, notice and error (each or NULL). */
static int
points_render(struct req *r, int status, const char *notice, const char *error)
{
	const struct volunteer *v = &r->volunteer->v;
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "我的积分", "vpoints.tpl", "vme");
	struct xctx c = { .d = d, .csrf = r->volunteer->sess.csrf };
	struct points p;
	enum model_err e;

	if ((e = exchange_points(r->app->db, v->id, r->app->cfg->points_per_hour, &p)) == MODEL_OK)
		e = exchange_each_of_volunteer(r->app->db, v->id, add_exchange, &c);
	if (e != MODEL_OK) {
		tmpl_dict_free(pg.layout);
		return model_status(e);
	}
	set_points(r, d, &p);
	if (error)
		tmpl_set(tmpl_add_section(d, "ERROR"), "MSG", error);
	if (c.n == 0)
		tmpl_show(d, "EMPTY");
	return page_finish_private(r, &pg, status, notice);
}

int
page_vme_points(struct req *r)
{
	const char *done = kv_get(&r->query, "done");
	const char *notice = NULL;

	if (done && strcmp(done, "asked") == 0)
		notice = "已申请兑换，积分已预扣。请到物品所在的阵地，出示志愿者编号领取。";
	else if (done && strcmp(done, "cancelled") == 0)
		notice = "已取消这次兑换，积分已退回。";
	return points_render(r, 200, notice, NULL);
}

int
page_vexchange_cancel(struct req *r)
{
	enum model_err e = exchange_cancel(r->app->db, r->path_id, 0, r->volunteer->v.id, "");

	switch (e) {
	case MODEL_OK:
		return page_redirect(r, "/v/me/points?done=cancelled");
	case MODEL_NOT_FOUND:
		return 404;
	case MODEL_BAD_STATE:
		return points_render(r, 409, NULL, "这次兑换已经领取或已取消，不能再取消。"
		    "已领取的物品如需退回，请联系阵地的工作人员。");
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		return points_render(r, 503, NULL, "系统正忙，还没有取消。请稍等片刻再点一次。");
	default:
		return model_status(e);
	}
}
