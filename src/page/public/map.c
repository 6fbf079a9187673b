/*
 * map.c: 一图可视, "/map": the whole network of sites in one picture, drawn
 * on the server as inline SVG (no script needed), each node a link to its
 * site page, coloured by this month's requests and sized by this month's
 * activities, with a legend. "/map?view=geo" places the sites that have
 * coordinates by their latitude and longitude and lists those that have
 * none; a site without coordinates is never put anywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/form.h"
#include "model/activity.h"
#include "model/site.h"
#include "model/stats.h"
#include "view/netmap.h"
#include "page/part/page.h"

/* The nodes, in tree order, and an index of them by id. */
struct nodes {
	struct netmap_node	*n;
	size_t			 len, cap;
	size_t			*by_id;		/* indexes into n, sorted by id */
	int			 institutes, stations, bases, demo;
};

/* Adds one site as a node. */
static void
nodes_add(void *arg, const struct site *s)
{
	struct nodes *x = arg;
	struct netmap_node *p;

	if (x->len == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 512;
		x->n = xrealloc(x->n, x->cap * sizeof(*x->n));
	}
	p = &x->n[x->len++];
	memset(p, 0, sizeof(*p));
	p->id = s->id;
	p->parent_id = s->parent_id;
	p->kind = s->kind[0];
	p->sub = s->kind[0] == 'b' ? s->base_kind[0] : 0;
	p->is_demo = s->is_demo;
	p->has_coords = s->has_coords;
	p->lat = s->lat;
	p->lon = s->lon;
	p->name = xstrdup(s->name);
	x->institutes += p->kind == 'i';
	x->stations += p->kind == 's';
	x->bases += p->kind == 'b';
	x->demo += s->is_demo;
}

static const struct nodes *sort_nodes;	/* for by_id_cmp: qsort has no argument */

/* Orders node indexes by the nodes' ids. */
static int
by_id_cmp(const void *a, const void *b)
{
	int64_t x = sort_nodes->n[*(const size_t *)a].id, y = sort_nodes->n[*(const size_t *)b].id;

	return (x > y) - (x < y);
}

/* Returns the node of site id, or NULL. */
static struct netmap_node *
nodes_find(struct nodes *x, int64_t id)
{
	size_t lo = 0, hi = x->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t v = x->n[x->by_id[mid]].id;
		if (v == id)
			return &x->n[x->by_id[mid]];
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Sets a site's requests this month. */
static void
set_requests(void *arg, int64_t org_id, int n)
{
	struct netmap_node *p = nodes_find(arg, org_id);

	if (p)
		p->requests = n;
}

/* Sets a site's activities this month. */
static void
set_activities(void *arg, int64_t org_id, int n)
{
	struct netmap_node *p = nodes_find(arg, org_id);

	if (p)
		p->activities = n;
}

/* Frees the nodes; accepts an empty set. */
static void
nodes_free(struct nodes *x)
{
	for (size_t i = 0; i < x->len; i++)
		free(x->n[i].name);
	free(x->n);
	free(x->by_id);
}

/* Reads every site with this month's figures into x. Returns DB_OK or an
 * error. */
static enum db_err
nodes_load(struct db *db, int64_t now, struct nodes *x)
{
	int64_t from = stats_month_start(now), until = stats_month_start(from + 40 * 86400);
	enum db_err e;

	if ((e = site_each(db, nodes_add, x)) != DB_OK)
		return e;
	x->by_id = xcalloc(x->len ? x->len : 1, sizeof(*x->by_id));
	for (size_t i = 0; i < x->len; i++)
		x->by_id[i] = i;
	sort_nodes = x;
	qsort(x->by_id, x->len, sizeof(*x->by_id), by_id_cmp);
	if ((e = site_requests_by_org(db, from, set_requests, x)) != DB_OK)
		return e;
	return activity_count_by_org(db, from, until, set_activities, x);
}

int
page_map(struct req *r)
{
	const char *view = kv_get(&r->query, "view");
	int geo = view && strcmp(view, "geo") == 0;
	int64_t now = now_unix();
	struct nodes x = { 0 };
	struct page pg;
	struct tmpl_dict *d;
	struct buf svg;
	char month[20], label[40];

	d = page_begin(r, &pg, geo ? "一图可视：按坐标分布" : "一图可视", "map.tpl", "map");
	if (nodes_load(r->app->db, now, &x) != DB_OK) {
		nodes_free(&x);
		tmpl_dict_free(pg.layout);
		return 500;
	}
	buf_init(&svg);
	if (geo) {
		size_t placed = netmap_geo_svg(x.n, x.len,
		    "按经纬度绘制的站点分布图（只含登记了坐标的站点）", &svg);
		tmpl_show(d, "GEO");
		tmpl_set_int(d, "PLACED", (long long)placed);
		tmpl_set_int(d, "MISSING", (long long)(x.len - placed));
		if (placed < x.len)
			tmpl_show(d, "HAS_MISSING");
		for (size_t i = 0; i < x.len; i++) {
			struct tmpl_dict *e;
			if (x.n[i].has_coords)
				continue;
			e = tmpl_add_section(d, "NOCOORD");
			tmpl_set_int(e, "ID", x.n[i].id);
			tmpl_set(e, "NAME", x.n[i].name);
		}
	} else {
		netmap_tree_svg(x.n, x.len, "全区新时代文明实践阵地网络示意图"
		    "（表示隶属关系，不是地理位置）", &svg);
		tmpl_show(d, "TREE");
	}
	/* The SVG is built by netmap.c, which escapes every name it writes. */
	tmpl_set(d, "SVG", svg.data);
	buf_free(&svg);
	tmpl_set_int(d, "INSTITUTES", x.institutes);
	tmpl_set_int(d, "STATIONS", x.stations);
	tmpl_set_int(d, "BASES", x.bases);
	tmpl_set_int(d, "SITES", (long long)x.len);
	if (x.demo) {
		tmpl_set_int(d, "DEMO_N", x.demo);
		tmpl_show(d, "HAS_DEMO");
	}
	time_format_cst(stats_month_start(now), month);	/* YYYY-MM-01 ... */
	snprintf(label, sizeof(label), "%.4s年%d月", month, atoi(month + 5));
	tmpl_set(d, "MONTH", label);
	nodes_free(&x);
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}
