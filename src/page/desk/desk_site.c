/*
 * desk_site.c: a site's details on the desk. "/desk/sites" lists the sites
 * the signed-in staff member may edit (the centre's staff every site, a
 * 所's its own and those under it; a 站's staff go straight to their own)
 * with what each has on record; "/desk/sites/{id}" is the form for its
 * address, opening hours, office phone and position (纬度, 经度), checked by
 * the same rules as `sidan site import` (model/site_import.h), each problem
 * shown beside its field with what was typed kept. Every saved change is
 * recorded (who, when, from what to what) and listed under the form; the
 * public site page and the map show the new details at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/scope.h"
#include "model/site.h"
#include "model/site_import.h"
#include "model/user.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/desk/desk_site.h"
#include "page/part/page.h"

/* The fields of the form, in the order they appear. */
enum sfield { S_ADDRESS = 0, S_HOURS, S_PHONE, S_LAT, S_LON, S__MAX };

static const struct {
	const char	*name;		/* form field name */
	const char	*key;		/* template key: V_KEY, E_KEY */
	const char	*label;		/* for the error summary */
} sfields[S__MAX] = {
	[S_ADDRESS] = { "address", "ADDRESS", "地址" },
	[S_HOURS] = { "open_hours", "HOURS", "开放时间" },
	[S_PHONE] = { "office_phone", "PHONE", "办公电话" },
	[S_LAT] = { "lat", "LAT", "纬度" },
	[S_LON] = { "lon", "LON", "经度" },
};

/* The site being edited, copied out of its row. */
struct one_site {
	int64_t	id, parent_id;
	char	name[NAME_SIZE], parent_name[NAME_SIZE];
	char	kind[64];		/* its Chinese label */
	char	*value[S__MAX];		/* as on record, or as typed */
};

/* The form as typed (or as on record), and what is wrong with it. */
struct site_form {
	struct one_site	s;
	char		error[S__MAX][160];	/* "" when the field is fine */
	int		nerrors;
};

static void
form_free(struct site_form *f)
{
	for (int i = 0; i < S__MAX; i++)
		free(f->s.value[i]);
}

/* Sets field i's error message. */
static void
form_error(struct site_form *f, enum sfield i, const char *msg)
{
	if (f->error[i][0] == '\0')
		f->nerrors++;
	snprintf(f->error[i], sizeof(f->error[i]), "%s", msg);
}

/* Copies a site's row into the form (site_get's callback). */
static void
site_copy(void *arg, const struct site *s)
{
	struct one_site *o = arg;

	o->id = s->id;
	o->parent_id = s->parent_id;
	snprintf(o->name, sizeof(o->name), "%s", s->name);
	snprintf(o->parent_name, sizeof(o->parent_name), "%s", s->parent_name);
	snprintf(o->kind, sizeof(o->kind), "%s", site_kind_label(s->kind, s->base_kind));
	o->value[S_ADDRESS] = xstrdup(s->address);
	o->value[S_HOURS] = xstrdup(s->open_hours);
	o->value[S_PHONE] = xstrdup(s->office_phone);
	if (s->has_coords) {
		char a[32], b[32];
		site_degrees_format(s->lat, a, sizeof(a));
		site_degrees_format(s->lon, b, sizeof(b));
		o->value[S_LAT] = xstrdup(a);
		o->value[S_LON] = xstrdup(b);
	} else {
		o->value[S_LAT] = xstrdup("");
		o->value[S_LON] = xstrdup("");
	}
}

/* Finds the site of the path's {id} for the signed-in staff member. Returns
 * 0 with f->s filled, 404 if there is no such site or it is not theirs to
 * edit, or 500. */
static int
site_load(struct req *r, struct site_form *f)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	int found = 0;

	if (site_get(r->app->db, r->path_id, site_copy, &f->s, &found) != DB_OK)
		return 500;
	if (!found || !site_in_scope(&sc, f->s.id, f->s.parent_id))
		return 404;
	return 0;
}

/* Adds one recorded change to the page. */
static void
add_change(void *arg, const struct site_change *c)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "CHANGE");
	char when[20];

	time_format_cst(c->at, when);
	when[16] = '\0';	/* to the minute */
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "USER", c->user[0] ? c->user : c->login);
	tmpl_set(d, "FIELD", site_field_label(c->field));
	if (c->old_value[0])
		tmpl_set(tmpl_add_section(d, "OLD"), "OLD_VALUE", c->old_value);
	else
		tmpl_show(d, "NO_OLD");
	if (c->new_value[0])
		tmpl_set(tmpl_add_section(d, "NEW"), "NEW_VALUE", c->new_value);
	else
		tmpl_show(d, "NO_NEW");
}

/* Renders the form with status (200, or 400/503 after a failed POST) and
 * notice (or NULL). */
static int
form_render(struct req *r, struct site_form *f, int status, const char *notice)
{
	struct page pg;
	struct tmpl_dict *d;
	char title[NAME_SIZE + 32], key[32];

	snprintf(title, sizeof(title), "站点信息：%s", f->s.name);
	d = page_begin(r, &pg, title, "desk_site.tpl", "desk");
	tmpl_set_int(d, "ID", f->s.id);
	tmpl_set(d, "NAME", f->s.name);
	tmpl_set(d, "KIND", f->s.kind);
	if (f->s.parent_id)
		tmpl_set(tmpl_add_section(d, "PARENT"), "PARENT_NAME", f->s.parent_name);
	if (r->signin->user.role != ROLE_STATION)
		tmpl_show(d, "HAS_LIST");
	tmpl_set(d, "CSRF", r->signin->sess.csrf);
	for (int i = 0; i < S__MAX; i++) {
		snprintf(key, sizeof(key), "V_%s", sfields[i].key);
		tmpl_set(d, key, f->s.value[i]);
		if (f->error[i][0]) {
			struct tmpl_dict *e;
			snprintf(key, sizeof(key), "E_%s", sfields[i].key);
			tmpl_set(tmpl_add_section(d, key), "MSG", f->error[i]);
			e = tmpl_add_section(d, "ERROR_ITEM");
			tmpl_set(e, "FIELD", sfields[i].name);
			tmpl_set(e, "LABEL", sfields[i].label);
			tmpl_set(e, "MSG", f->error[i]);
		}
	}
	if (f->nerrors) {
		tmpl_set_int(d, "NERRORS", f->nerrors);
		tmpl_show(d, "HAS_ERRORS");
	}
	if (site_each_change(r->app->db, f->s.id, 30, add_change, d) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish_private(r, &pg, status, notice);
}

int
page_desk_site(struct req *r)
{
	struct site_form f = { 0 };
	const char *saved = kv_get(&r->query, "saved");
	int rc;

	if ((rc = site_load(r, &f)) == 0)
		rc = form_render(r, &f, 200, saved == NULL ? NULL : strcmp(saved, "0") == 0 ?
		    "没有改动：填写的内容与原来的相同。" :
		    "已保存。公开的站点页面和地图已按新的信息显示，改动记录在本页下方。");
	form_free(&f);
	return rc;
}

/* Checks every field of f as typed; fills f's errors and, when all are
 * good, d. */
static void
form_check(struct site_form *f, struct site_details *d)
{
	char msg[160];
	const char *problem;
	enum valid v;

	for (int i = S_ADDRESS; i <= S_HOURS; i++) {
		if ((v = site_text_check(f->s.value[i])) != VALID_OK) {
			valid_message(v, SITE_TEXT_MAX, msg, sizeof(msg));
			form_error(f, i, msg);
		}
	}
	if (f->s.value[S_PHONE][0] &&
	    (problem = site_office_phone_problem(f->s.value[S_PHONE])) != NULL)
		form_error(f, S_PHONE, problem);
	*d = (struct site_details){ .address = f->s.value[S_ADDRESS],
	    .open_hours = f->s.value[S_HOURS], .office_phone = f->s.value[S_PHONE] };
	switch (site_position_parse(f->s.value[S_LAT], f->s.value[S_LON], &d->lat, &d->lon)) {
	case SITE_POS_OK:
		d->has_coords = 1;
		break;
	case SITE_POS_NONE:
		break;
	case SITE_POS_HALF:
		form_error(f, f->s.value[S_LAT][0] ? S_LON : S_LAT,
		    "纬度和经度要同时填写；都留空表示不登记位置");
		break;
	case SITE_POS_BAD_LAT:
		form_error(f, S_LAT, "纬度应是 -90 到 90 之间的数，用小数表示的度数，如 39.3325");
		break;
	case SITE_POS_BAD_LON:
		form_error(f, S_LON, "经度应是 -180 到 180 之间的数，用小数表示的度数，如 112.4286");
		break;
	}
}

int
page_desk_site_save(struct req *r)
{
	struct site_form f = { 0 };
	struct site_details d;
	char url[64];
	int rc, found = 0, changed = 0;
	enum db_err e;

	if ((rc = site_load(r, &f)) != 0)
		goto out;
	/* What was typed replaces what is on record. */
	for (int i = 0; i < S__MAX; i++) {
		const char *v = kv_get(&r->form, sfields[i].name);
		free(f.s.value[i]);
		f.s.value[i] = str_trim(v ? v : "");
	}
	form_check(&f, &d);
	if (f.nerrors) {
		rc = form_render(r, &f, 400, NULL);
		goto out;
	}
	e = site_details_set(r->app->db, f.s.id, r->signin->user.id, &d, &found, &changed);
	if (e == DB_BUSY || e == DB_FULL) {
		http_header(r, "Retry-After", "5");
		rc = form_render(r, &f, 503,
		    "系统正忙，还没有保存。您填写的内容都在下面，请稍等片刻再点一次“保存”。");
	} else if (e != DB_OK)
		rc = 500;
	else if (!found)
		rc = 404;
	else {
		snprintf(url, sizeof(url), "/desk/sites/%lld?saved=%d", (long long)f.s.id, changed);
		rc = page_redirect(r, url);
	}
out:
	form_free(&f);
	return rc;
}

/* The list of sites in scope being built. */
struct list {
	struct tmpl_dict	*d;
	struct place_scope	 sc;
	int			 missing;	/* only sites missing a detail */
	int			 n, shown, complete, located;
};

/* Marks detail key of row e as on record or not; returns 1 if it is. */
static int
mark(struct tmpl_dict *e, const char *key, int on_record)
{
	char name[32];

	snprintf(name, sizeof(name), "%s_%s", on_record ? "HAS" : "NO", key);
	tmpl_show(e, name);
	return on_record;
}

/* Adds one site to the list if it is the staff member's to edit. */
static void
add_site(void *arg, const struct site *s)
{
	struct list *l = arg;
	struct tmpl_dict *e;
	int all;

	if (!site_in_scope(&l->sc, s->id, s->parent_id))
		return;
	l->n++;
	l->located += s->has_coords;
	all = s->address[0] && s->open_hours[0] && s->office_phone[0] && s->has_coords;
	l->complete += all;
	if (l->missing && all)
		return;
	l->shown++;
	e = tmpl_add_section(l->d, "SITE");
	tmpl_set_int(e, "ID", s->id);
	tmpl_set(e, "NAME", s->name);
	tmpl_set(e, "KIND", site_kind_label(s->kind, s->base_kind));
	tmpl_set(e, "PARENT", s->parent_name[0] ? s->parent_name : "—");
	mark(e, "ADDRESS", s->address[0] != '\0');
	mark(e, "HOURS", s->open_hours[0] != '\0');
	mark(e, "PHONE", s->office_phone[0] != '\0');
	mark(e, "COORDS", s->has_coords);
	if (s->is_demo)
		tmpl_show(e, "DEMO");
}

int
page_desk_sites(struct req *r)
{
	const struct user *u = &r->signin->user;
	const char *missing = kv_get(&r->query, "missing");
	struct list l = { .sc = place_scope_of(u) };
	struct page pg;
	char url[64];

	if (u->role == ROLE_STATION) {
		/* One site is theirs: its form is the page. */
		snprintf(url, sizeof(url), "/desk/sites/%lld", (long long)u->org_id);
		return page_redirect(r, url);
	}
	if (u->role == ROLE_LEADER)
		return 403;	/* the route already refuses them */
	l.missing = missing && strcmp(missing, "1") == 0;
	l.d = page_begin(r, &pg, "站点信息", "desk_sites.tpl", "desk");
	tmpl_set(l.d, "SCOPE", u->role == ROLE_INSTITUTE ? u->org_name : "全区");
	if (site_each(r->app->db, add_site, &l) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	tmpl_set_int(l.d, "N", l.n);
	tmpl_set_int(l.d, "COMPLETE", l.complete);
	tmpl_set_int(l.d, "LOCATED", l.located);
	tmpl_show(l.d, l.missing ? "ONLY_MISSING" : "ALL");
	if (l.shown == 0)
		tmpl_show(l.d, "EMPTY");
	return page_finish_private(r, &pg, 200, NULL);
}
