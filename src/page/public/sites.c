/*
 * sites.c: the sites directory "/sites" (the center, the institutes with
 * their stations and bases, the center's own bases) and a page per site
 * "/sites/{id}": kind, parent, address, opening hours, office phone (each
 * "暂未登记" when not on record, never made up), the sites under it, the
 * teams whose area it is, its coming activities, its latest 工作动态 (for
 * a 所, its 站s' too) and its requests. Sites are
 * addressed by id, because codes of stations without a statistical code
 * hold a '/' (`<institute code>/<name>`) that a path segment cannot carry.
 * Staff signed in who may edit a site's details (desk_site.c) get a link
 * to the form on its page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/form.h"
#include "http/session.h"
#include "model/activity.h"
#include "model/scope.h"
#include "model/site.h"
#include "model/stats.h"
#include "page/part/hotline.h"
#include "page/part/page.h"
#include "page/public/news.h"


/* Builds the directory: sections for the center, each institute (its
 * sites inside it) and the center's bases. */
struct dir {
	struct tmpl_dict	*d;
	struct tmpl_dict	*inst;		/* the institute being filled */
	int64_t			 inst_id;
	int64_t			 center_id;
	int			 institutes, stations, bases, demo, inst_kids;
	int			 cbase_f, cbase_v;	/* bases of the center, by kind */
};

/* Closes the institute being filled: how many sites it holds. */
static void
dir_close_institute(struct dir *x)
{
	if (x->inst)
		tmpl_set_int(x->inst, "KIDS", x->inst_kids);
	x->inst = NULL;
	x->inst_kids = 0;
}

/* Adds one site of the tree to the directory. */
static void
dir_add(void *arg, const struct site *s)
{
	struct dir *x = arg;
	struct tmpl_dict *e;

	x->demo += s->is_demo;
	if (strcmp(s->kind, "center") == 0) {
		x->center_id = s->id;
		e = tmpl_add_section(x->d, "CENTER");
	} else if (strcmp(s->kind, "institute") == 0) {
		dir_close_institute(x);
		x->institutes++;
		x->inst = e = tmpl_add_section(x->d, "INSTITUTE");
		x->inst_id = s->id;
		tmpl_set(e, "DIVISION", s->division);
	} else {
		if (s->kind[0] == 's')
			x->stations++;
		else
			x->bases++;
		if (x->inst && s->parent_id == x->inst_id) {
			e = tmpl_add_section(x->inst, "CHILD");
			x->inst_kids++;
		} else {
			int feature = strcmp(s->base_kind, "feature") == 0;
			dir_close_institute(x);
			e = tmpl_add_section(x->d, feature ? "CBASE_F" : "CBASE_V");
			if (feature)
				x->cbase_f++;
			else
				x->cbase_v++;
		}
		if (s->kind[0] == 'b') {
			tmpl_set(e, "KIND", site_kind_label(s->kind, s->base_kind));
			tmpl_show(e, "BASE");
		}
	}
	tmpl_set_int(e, "ID", s->id);
	tmpl_set(e, "NAME", s->name);
	if (s->is_demo)
		tmpl_show(e, "DEMO");
}

int
page_sites(struct req *r)
{
	struct page pg;
	struct dir x = { 0 };
	int rc;

	if ((rc = page_etag_counts(r, "ss", 0, 0)) != 0)
		return rc == 1 ? 0 : rc;
	x.d = page_begin(r, &pg, "文明实践阵地", "sites.tpl", "sites");
	if (site_each(r->app->db, dir_add, &x) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	dir_close_institute(&x);
	if (x.cbase_f == 0)
		tmpl_show(x.d, "NO_CBASE_F");
	if (x.cbase_v == 0)
		tmpl_show(x.d, "NO_CBASE_V");
	tmpl_set_int(x.d, "INSTITUTES", x.institutes);
	tmpl_set_int(x.d, "STATIONS", x.stations);
	tmpl_set_int(x.d, "BASES", x.bases);
	tmpl_set_int(x.d, "SITES", 1 + x.institutes + x.stations + x.bases);
	if (x.demo) {
		tmpl_set_int(x.d, "DEMO_N", x.demo);
		tmpl_show(x.d, "HAS_DEMO");
	}
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

/* What one site's page needs from the model, copied out of its row. */
struct one {
	struct tmpl_dict	*d;
	char			 kind[12];
	char			 code[128];
	char			 name[NAME_SIZE];
	char			 parent_kind[12];
	int64_t			 parent_id;
	int			 children;
	int			 activities;
	int			 teams;
};

/* Sets KEY to value, or shows KEY_NONE ("暂未登记") when value is empty. */
static void
set_or_none(struct tmpl_dict *d, const char *key, const char *value)
{
	char none[40];

	if (value[0]) {
		tmpl_set(d, key, value);
		snprintf(none, sizeof(none), "HAS_%s", key);
	} else
		snprintf(none, sizeof(none), "NO_%s", key);
	tmpl_show(d, none);
}

/* Fills the site's own facts. */
static void
one_fill(void *arg, const struct site *s)
{
	struct one *o = arg;
	struct tmpl_dict *d = o->d;

	snprintf(o->kind, sizeof(o->kind), "%s", s->kind);
	snprintf(o->code, sizeof(o->code), "%s", s->code);
	snprintf(o->name, sizeof(o->name), "%s", s->name);
	snprintf(o->parent_kind, sizeof(o->parent_kind), "%s", s->parent_kind);
	o->parent_id = s->parent_id;
	o->children = s->children;
	tmpl_set_int(d, "ID", s->id);
	tmpl_set(d, "NAME", s->name);
	tmpl_set(d, "CODE", s->code);
	tmpl_set(d, "KIND", site_kind_label(s->kind, s->base_kind));
	if (s->division[0]) {
		tmpl_set(d, "DIVISION", s->division);
		tmpl_show(d, "HAS_DIVISION");
	}
	if (s->parent_id) {
		struct tmpl_dict *p = tmpl_add_section(d, "PARENT");
		tmpl_set_int(p, "PARENT_ID", s->parent_id);
		tmpl_set(p, "PARENT_NAME", s->parent_name);
	} else
		tmpl_show(d, "NO_PARENT");
	set_or_none(d, "ADDRESS", s->address);
	set_or_none(d, "HOURS", s->open_hours);
	set_or_none(d, "PHONE", s->office_phone);
	set_or_none(d, "SOURCE", s->source);
	if (s->has_coords) {
		char c[64];
		snprintf(c, sizeof(c), "%s %.5f°，%s %.5f°", s->lat >= 0 ? "北纬" : "南纬",
		    s->lat >= 0 ? s->lat : -s->lat, s->lon >= 0 ? "东经" : "西经",
		    s->lon >= 0 ? s->lon : -s->lon);
		tmpl_set(d, "COORDS", c);
		tmpl_show(d, "HAS_COORDS");
	} else
		tmpl_show(d, "NO_COORDS");
	if (s->is_demo)
		tmpl_show(d, "DEMO");
}

/* Adds one site under this one. */
static void
one_child(void *arg, const struct site *s)
{
	struct tmpl_dict *e = tmpl_add_section(arg, "CHILD");

	tmpl_set_int(e, "ID", s->id);
	tmpl_set(e, "NAME", s->name);
	if (s->kind[0] == 'b') {
		tmpl_set(e, "KIND", site_kind_label(s->kind, s->base_kind));
		tmpl_show(e, "BASE");
	}
	if (s->is_demo)
		tmpl_show(e, "DEMO");
}

/* Adds one team whose area is this site. */
static void
one_team(void *arg, const struct site_team *t)
{
	struct one *o = arg;
	struct tmpl_dict *e = tmpl_add_section(o->d, "TEAM");

	o->teams++;
	tmpl_set(e, "TEAM_NAME", t->name);
	if (t->is_demo)
		tmpl_show(e, "DEMO");
}

/* Adds one coming activity (its page is /activities/{id}). */
static void
one_activity(void *arg, const struct activity *a)
{
	struct one *o = arg;
	struct tmpl_dict *e = tmpl_add_section(o->d, "ACTIVITY");
	char when[20];

	o->activities++;
	time_format_cst(a->starts_at, when);
	when[16] = '\0';	/* to the minute */
	tmpl_set_int(e, "ACT_ID", a->id);
	tmpl_set(e, "TITLE", a->title);
	tmpl_set(e, "WHEN", when);
	tmpl_set(e, "PLATFORM", a->platform);
	tmpl_set(e, "ORG", a->org_name);
	if (a->is_demo)
		tmpl_show(e, "DEMO");
}

/* Returns the order form's address for a site: "/order/new?site=CODE",
 * the code %-encoded. */
static void
order_link(const char *code, struct buf *b)
{
	buf_puts(b, "/order/new?site=");
	url_encode(b, code);
}

int
page_site(struct req *r)
{
	struct db *db = r->app->db;
	int64_t id = r->path_id, now = now_unix();
	struct activity_filter af = { 0 };
	struct site_figures fig;
	struct page pg;
	struct one o = { 0 };
	struct buf link;
	int found = 0;

	o.d = page_begin(r, &pg, "站点", "site.tpl", "sites");
	if (site_get(db, id, one_fill, &o, &found) != DB_OK)
		goto fail;
	if (!found) {
		tmpl_dict_free(pg.layout);
		return 404;
	}
	/* The page's title is the site's name. */
	tmpl_set(pg.layout, "TITLE", o.name);
	if (site_each_child(db, id, one_child, o.d) != DB_OK ||
	    site_each_team(db, id, one_team, &o) != DB_OK || hotline_fill(r, o.d, 0) != 0)
		goto fail;
	if (o.teams == 0)
		tmpl_show(o.d, "NO_TEAM");
	if (o.children) {
		tmpl_set_int(o.d, "CHILDREN", o.children);
		tmpl_show(o.d, "HAS_CHILDREN");
	}
	af.org_id = id;
	af.from = now;
	af.limit = 10;
	if (activity_each(db, &af, one_activity, &o) != DB_OK)
		goto fail;
	if (o.activities == 0)
		tmpl_show(o.d, "NO_ACTIVITY");
	{
		/* The latest articles about it (a 所: about its 站s too). */
		struct news_filter nf = { .org_id = id, .limit = 3,
		    .with_children = o.kind[0] == 'i' };
		if (news_add_latest(r, o.d, &nf, 1, NULL) < 0)
			goto fail;
	}
	if (site_figures(db, id, stats_month_start(now), &fig) != DB_OK)
		goto fail;
	tmpl_set_int(o.d, "MONTH", fig.month);
	tmpl_set_int(o.d, "ALL", fig.all);
	tmpl_set(o.d, "SCOPE", o.kind[0] == 'c' ? "全区（中心及各所、站、基地）" :
	    o.kind[0] == 'i' ? "本所及所属各站点、基地" : "本站点");
	buf_init(&link);
	order_link(o.code, &link);
	tmpl_set(o.d, "ORDER_HREF", link.data);
	buf_free(&link);
	/* The order form can choose a station, an institute, or the institute
	 * of a base under one; the center and its own bases it cannot. */
	tmpl_show(o.d, site_order_preset(o.kind, o.parent_kind) ? "PRESET" : "NO_PRESET");
	if (r->signin) {
		/* Staff who may edit the site's details are offered the form;
		 * the page is then theirs alone. */
		struct place_scope sc = place_scope_of(&r->signin->user);
		if (site_in_scope(&sc, id, o.parent_id))
			tmpl_show(o.d, "CAN_EDIT");
		http_header(r, "Cache-Control", "private, no-cache");
	} else
		http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
fail:
	tmpl_dict_free(pg.layout);
	return 500;
}
