/*
 * desk_goods.c: 积分兑换 on the desk, the goods of the places in the staff
 * member's scope. "/desk/goods" lists them (name, price in points, stock,
 * 上架 or not); "/desk/goods/new" adds goods at the staff member's own
 * place; "/desk/goods/{id}" is the form to change one, POSTed to
 * ".../edit". Each problem is shown beside its field with what was typed
 * kept. Goods whose place is not in scope do not exist here (404). The
 * exchanges themselves are desk_exchanges.c's.
 */
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

enum gfield { G_NAME = 0, G_NOTE, G_POINTS, G_STOCK, G__MAX };

static const struct {
	const char	*name;		/* form field name */
	const char	*key;		/* template key: V_KEY, E_KEY */
	const char	*label;
} gfields[G__MAX] = {
	[G_NAME] = { "name", "NAME", "名称" },
	[G_NOTE] = { "note", "NOTE", "说明" },
	[G_POINTS] = { "points", "POINTS", "所需积分" },
	[G_STOCK] = { "stock", "STOCK", "库存" },
};

/* The goods form: as on record or as typed, and what is wrong with it. */
struct gform {
	int64_t	id;			/* 0 for new goods */
	char	place[NAME_SIZE];
	int64_t	org_id, parent_id;
	char	*value[G__MAX];
	int	active;
	char	error[G__MAX][160];
	int	nerrors;
};

static void
gform_free(struct gform *f)
{
	for (int i = 0; i < G__MAX; i++)
		free(f->value[i]);
}

/* Copies a goods row into the form (goods_get's callback). */
static void
got_goods(void *arg, const struct goods *g)
{
	struct gform *f = arg;
	char n[24];

	f->id = g->id;
	f->org_id = g->org_id;
	f->parent_id = g->org_parent_id;
	snprintf(f->place, sizeof(f->place), "%s", g->org_name);
	f->value[G_NAME] = xstrdup(g->name);
	f->value[G_NOTE] = xstrdup(g->note);
	snprintf(n, sizeof(n), "%d", g->points);
	f->value[G_POINTS] = xstrdup(n);
	snprintf(n, sizeof(n), "%d", g->stock);
	f->value[G_STOCK] = xstrdup(n);
	f->active = g->active;
}

/* Reads the goods of the path's {id} if its place is in scope. Returns 0,
 * 404 or another status. */
static int
goods_load(struct req *r, struct gform *f)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	enum model_err e = goods_get(r->app->db, r->path_id, got_goods, f);

	if (e == MODEL_NOT_FOUND)
		return 404;
	if (e != MODEL_OK)
		return model_status(e);
	return site_in_scope(&sc, f->org_id, f->parent_id) ? 0 : 404;
}

/* Renders the form with status and notice (or NULL). */
static int
gform_render(struct req *r, struct gform *f, int status, const char *notice)
{
	struct page pg;
	struct tmpl_dict *d;
	char key[32];

	d = page_begin(r, &pg, f->id ? "修改兑换物品" : "添加兑换物品", "desk_goods_form.tpl", "desk");
	tmpl_set(d, "CSRF", r->signin->sess.csrf);
	tmpl_set(d, "PLACE", f->place);
	if (f->id) {
		char action[64];
		snprintf(action, sizeof(action), "/desk/goods/%lld/edit", (long long)f->id);
		tmpl_set(d, "ACTION", action);
		tmpl_show(d, "EDIT");
	} else {
		tmpl_set(d, "ACTION", "/desk/goods/new");
		tmpl_show(d, "NEW");
	}
	if (f->active)
		tmpl_show(d, "ACTIVE");
	for (int i = 0; i < G__MAX; i++) {
		snprintf(key, sizeof(key), "V_%s", gfields[i].key);
		tmpl_set(d, key, f->value[i] ? f->value[i] : "");
		if (f->error[i][0]) {
			struct tmpl_dict *e;
			snprintf(key, sizeof(key), "E_%s", gfields[i].key);
			tmpl_set(tmpl_add_section(d, key), "MSG", f->error[i]);
			e = tmpl_add_section(d, "ERROR_ITEM");
			tmpl_set(e, "FIELD", gfields[i].name);
			tmpl_set(e, "LABEL", gfields[i].label);
			tmpl_set(e, "MSG", f->error[i]);
		}
	}
	if (f->nerrors) {
		tmpl_set_int(d, "NERRORS", f->nerrors);
		tmpl_show(d, "HAS_ERRORS");
	}
	return page_finish_private(r, &pg, status, notice);
}

static void
gform_error(struct gform *f, enum gfield i, const char *msg)
{
	if (f->error[i][0] == '\0')
		f->nerrors++;
	snprintf(f->error[i], sizeof(f->error[i]), "%s", msg);
}

/* Reads a whole number from s in lo..hi. Returns 0 and sets *out, or -1. */
static int
read_int(const char *s, long lo, long hi, int *out)
{
	char *end = NULL;
	long v;

	if (s == NULL || *s == '\0' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* Reads and checks the typed form into f and g. */
static void
gform_read(struct req *r, struct gform *f, struct goods_fields *g)
{
	char msg[160];
	enum valid v;

	for (int i = 0; i < G__MAX; i++) {
		const char *s = kv_get(&r->form, gfields[i].name);
		free(f->value[i]);
		f->value[i] = str_trim(s ? s : "");
	}
	f->active = kv_get(&r->form, "active") != NULL;
	*g = (struct goods_fields){ .name = f->value[G_NAME], .note = f->value[G_NOTE],
	    .active = f->active };
	if ((v = valid_line(f->value[G_NAME], GOODS_NAME_MAX, 1)) != VALID_OK) {
		if (v == VALID_REQUIRED)
			gform_error(f, G_NAME, "请填写名称，如：洗衣液一瓶、理发一次");
		else {
			valid_message(v, GOODS_NAME_MAX, msg, sizeof(msg));
			gform_error(f, G_NAME, msg);
		}
	}
	if ((v = valid_text(f->value[G_NOTE], GOODS_NOTE_MAX, 0)) != VALID_OK) {
		valid_message(v, GOODS_NOTE_MAX, msg, sizeof(msg));
		gform_error(f, G_NOTE, msg);
	}
	if (read_int(f->value[G_POINTS], 1, GOODS_POINTS_MAX, &g->points) != 0)
		gform_error(f, G_POINTS, "所需积分请填写1到100000之间的整数");
	if (read_int(f->value[G_STOCK], 0, 1000000, &g->stock) != 0)
		gform_error(f, G_STOCK, "库存请填写0或正整数（最多1000000）");
}

/* The notice after each action (?done=). */
static const char *
done_notice(const char *done)
{
	if (done == NULL)
		return NULL;
	if (strcmp(done, "created") == 0)
		return "已添加。志愿者现在可以在“积分兑换”里看到它（上架且有库存时）。";
	if (strcmp(done, "saved") == 0)
		return "修改已保存。";
	return NULL;
}

/* Adds one goods row to the list. */
static void
add_goods(void *arg, const struct goods *g)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "GOODS");

	tmpl_set_int(d, "ID", g->id);
	tmpl_set(d, "NAME", g->name);
	tmpl_set(d, "PLACE", g->org_name);
	tmpl_set_int(d, "POINTS", g->points);
	tmpl_set_int(d, "STOCK", g->stock);
	tmpl_show(d, g->active ? "ACTIVE" : "INACTIVE");
	if (g->stock == 0)
		tmpl_show(d, "NO_STOCK");
}

int
page_desk_goods(struct req *r)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "积分兑换物品", "desk_goods.tpl", "desk");
	enum model_err e;

	if (sc.team_id)
		tmpl_show(d, "LEADER");
	else
		tmpl_show(d, "CAN_ADD");
	if ((e = goods_each_in_scope(r->app->db, &sc, add_goods, d)) != MODEL_OK) {
		tmpl_dict_free(pg.layout);
		return model_status(e);
	}
	return page_finish_private(r, &pg, 200, done_notice(kv_get(&r->query, "done")));
}

/* Starts a new-goods form at the staff member's own place. Returns 0, or
 * 403 for a team leader (who has no place). */
static int
gform_new(struct req *r, struct gform *f)
{
	const struct user *u = &r->signin->user;

	if (u->role == ROLE_LEADER || u->org_id == 0)
		return 403;
	f->org_id = u->org_id;
	snprintf(f->place, sizeof(f->place), "%s", u->org_name);
	f->active = 1;
	return 0;
}

int
page_desk_goods_new_form(struct req *r)
{
	struct gform f = { 0 };
	int rc;

	if ((rc = gform_new(r, &f)) == 0) {
		f.value[G_STOCK] = xstrdup("1");
		rc = gform_render(r, &f, 200, NULL);
	}
	gform_free(&f);
	return rc;
}

/* Answers a failed save of f: busy or full with the form again, else the
 * status. */
static int
save_failed(struct req *r, struct gform *f, enum model_err e)
{
	if (e == MODEL_BUSY || e == MODEL_FULL) {
		http_header(r, "Retry-After", "5");
		return gform_render(r, f, 503,
		    "系统正忙，还没有保存。您填写的内容都在下面，请稍等片刻再点一次“保存”。");
	}
	return model_status(e);
}

int
page_desk_goods_create(struct req *r)
{
	struct gform f = { 0 };
	struct goods_fields g;
	enum model_err e;
	int64_t id = 0;
	int rc;

	if ((rc = gform_new(r, &f)) != 0)
		goto out;
	gform_read(r, &f, &g);
	if (f.nerrors) {
		rc = gform_render(r, &f, 400, NULL);
		goto out;
	}
	if ((e = goods_create(r->app->db, f.org_id, r->signin->user.id, &g, &id)) == MODEL_OK)
		rc = page_redirect(r, "/desk/goods?done=created");
	else
		rc = save_failed(r, &f, e);
out:
	gform_free(&f);
	return rc;
}

int
page_desk_goods_edit_form(struct req *r)
{
	struct gform f = { 0 };
	int rc;

	if ((rc = goods_load(r, &f)) == 0)
		rc = gform_render(r, &f, 200, done_notice(kv_get(&r->query, "done")));
	gform_free(&f);
	return rc;
}

int
page_desk_goods_save(struct req *r)
{
	struct gform f = { 0 };
	struct goods_fields g;
	enum model_err e;
	int rc;

	if ((rc = goods_load(r, &f)) != 0)
		goto out;
	gform_read(r, &f, &g);
	if (f.nerrors) {
		rc = gform_render(r, &f, 400, NULL);
		goto out;
	}
	if ((e = goods_update(r->app->db, f.id, &g)) == MODEL_OK)
		rc = page_redirect(r, "/desk/goods?done=saved");
	else
		rc = e == MODEL_NOT_FOUND ? 404 : save_failed(r, &f, e);
out:
	gform_free(&f);
	return rc;
}
