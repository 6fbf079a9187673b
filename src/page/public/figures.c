/*
 * figures.c: "/figures", the figures of the last twelve months, public
 * (aggregates only, no personal data) and linked from the staff desk:
 * totals, satisfaction, the times from request to dispatch, acceptance and
 * completion, by month, 所, platform and team; the five-star teams and the
 * rule that makes them; and the charts at "/charts/{name}.svg", each with a
 * table of the same numbers on the page.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/org.h"
#include "model/stats.h"
#include "view/chart.h"
#include "page/part/page.h"

/* Writes satisfied/rated as a percentage, or "—" when nothing was rated. */
static void
pct(int satisfied, int rated, char out[16])
{
	if (rated == 0)
		snprintf(out, 16, "—");
	else
		snprintf(out, 16, "%.1f%%", 100.0 * satisfied / rated);
}

/* Writes a duration in hours or days, or "—". */
static void
dur(double seconds, char out[24])
{
	if (seconds < 0)
		snprintf(out, 24, "—");
	else if (seconds < 2 * 86400)
		snprintf(out, 24, "%.1f 小时", seconds / 3600);
	else
		snprintf(out, 24, "%.1f 天", seconds / 86400);
}

/* Fills one table row's values into d. */
static void
row_fill(struct tmpl_dict *d, const struct stats_row *r)
{
	char p[16], a[24], b[24], c[24];

	pct(r->satisfied, r->rated, p);
	dur(r->to_dispatch, a);
	dur(r->to_accept, b);
	dur(r->to_done, c);
	tmpl_set(d, "KEY", r->key);
	tmpl_set_int(d, "REQUESTS", r->requests);
	tmpl_set_int(d, "DONE", r->done);
	tmpl_set_int(d, "OPEN", r->open);
	tmpl_set_int(d, "STOPPED", r->stopped);
	tmpl_set_int(d, "RATED", r->rated);
	tmpl_set(d, "SATISFACTION", p);
	tmpl_set(d, "TO_DISPATCH", a);
	tmpl_set(d, "TO_ACCEPT", b);
	tmpl_set(d, "TO_DONE", c);
}

struct table {
	struct tmpl_dict	*d;
	const char		*section;
};

static void
add_row(void *arg, const struct stats_row *r)
{
	struct table *t = arg;

	row_fill(tmpl_add_section(t->d, t->section), r);
}

static void
add_star(void *arg, const char *team, int rated, int satisfied)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "STAR");
	char p[16];

	pct(satisfied, rated, p);
	tmpl_set(d, "TEAM", team);
	tmpl_set_int(d, "RATED", rated);
	tmpl_set(d, "SATISFACTION", p);
}

int
page_figures(struct req *r)
{
	static const struct { enum stats_group g; const char *section; } tables[] = {
		{ STATS_MONTH, "BY_MONTH" }, { STATS_INSTITUTE, "BY_INSTITUTE" },
		{ STATS_PLATFORM, "BY_PLATFORM" }, { STATS_TEAM, "BY_TEAM" },
	};
	struct db *db = r->app->db;
	int64_t now = now_unix();
	struct stats_row total = { 0 };

	struct page pg;
	struct tmpl_dict *d;
	int64_t since = stats_window_start(now_unix()), places;
	char what[64];

	/* What the page shows changes with the kept figures (their time is on
	 * it) and the names of places. */
	if (org_places_version(db, &places) != DB_OK)
		return 500;
	snprintf(what, sizeof(what), "f%lld-%lld", (long long)stats_as_of(db, since), (long long)places);
	http_header(r, "Cache-Control", "no-cache");
	if (page_etag(r, what))
		return 0;
	d = page_begin(r, &pg, "服务数据", "figures.tpl", "figures");
	if (stats_total(db, since, &total) != DB_OK)
		goto fail;
	row_fill(tmpl_add_section(d, "TOTAL"), &total);
	{
		char as_of[20];
		time_format_cst(stats_as_of(db, since), as_of);
		tmpl_set(d, "AS_OF", as_of);
	}
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		struct table t = { d, tables[i].section };
		if (stats_each(db, tables[i].g, since, add_row, &t) != DB_OK)
			goto fail;
	}
	if (stats_five_star(db, now, add_star, d) != DB_OK)
		goto fail;
	tmpl_set_int(d, "STAR_MIN_RATED", FIVE_STAR_MIN_RATED);
	tmpl_set_int(d, "STAR_MIN_PERCENT", FIVE_STAR_MIN_PERCENT);
	return page_finish(r, &pg);
fail:
	tmpl_dict_free(pg.layout);
	return 500;
}

/* Collects monthly rows into a chart (the newest first; reversed later). */
struct collect {
	struct chart	*c;
	int		 which;		/* 0 monthly by state, 1 satisfaction, 2 platforms */
	char		 labels[CHART_MAX_BARS][48];
};

static void
collect_row(void *arg, const struct stats_row *r)
{
	struct collect *k = arg;
	struct chart *c = k->c;
	size_t i = c->nbars;

	if (i == CHART_MAX_BARS || (k->which != 2 && i == 12))
		return;
	if (k->which == 1 && r->rated == 0)
		return;		/* no ratings that month: no bar, not 0% */
	snprintf(k->labels[i], sizeof(k->labels[i]), "%s",
	    k->which == 2 ? r->key : r->key + 5);	/* "MM" of "YYYY-MM" */
	c->labels[i] = k->labels[i];
	if (k->which == 0) {
		c->values[0][i] = r->done;
		c->values[1][i] = r->open;
		c->values[2][i] = r->stopped;
	} else if (k->which == 1)
		c->values[0][i] = r->rated ? 100.0 * r->satisfied / r->rated : 0;
	else
		c->values[0][i] = r->requests;
	c->nbars++;
}

/* Reverses the bars so months run oldest to newest. */
static void
reverse(struct chart *c)
{
	for (size_t i = 0, j = c->nbars ? c->nbars - 1 : 0; i < j; i++, j--) {
		const char *l = c->labels[i];
		c->labels[i] = c->labels[j];
		c->labels[j] = l;
		for (size_t k = 0; k < c->nseries; k++) {
			double v = c->values[k][i];
			c->values[k][i] = c->values[k][j];
			c->values[k][j] = v;
		}
	}
}

int
page_chart(struct req *r)
{
	struct collect k;	/* the labels live here until the SVG is built */
	struct chart c;
	struct buf svg;
	const char *name = r->params[0];

	memset(&c, 0, sizeof(c));
	memset(&k, 0, sizeof(k));
	k.c = &c;
	if (strcmp(name, "monthly.svg") == 0) {
		c.title = "近12个月群众点单（件）";
		c.unit = "件";
		c.nseries = 3;
		c.series[0] = "已办结";
		c.series[1] = "办理中";
		c.series[2] = "未受理或取消";
		k.which = 0;
	} else if (strcmp(name, "satisfaction.svg") == 0) {
		c.title = "满意率（%，满意及以上占已评价）";
		c.unit = "%";
		c.nseries = 1;
		c.series[0] = "满意率";
		c.max = 100;
		k.which = 1;
	} else if (strcmp(name, "platforms.svg") == 0) {
		c.title = "各平台群众点单（件）";
		c.unit = "件";
		c.nseries = 1;
		c.series[0] = "点单";
		k.which = 2;
	} else
		return 404;
	if (stats_each(r->app->db, k.which == 2 ? STATS_PLATFORM : STATS_MONTH,
	    stats_window_start(now_unix()), collect_row, &k) != DB_OK)
		return 500;
	if (k.which != 2)
		reverse(&c);
	buf_init(&svg);
	chart_svg(&c, &svg);
	http_header(r, "Content-Type", "image/svg+xml; charset=utf-8");
	http_header(r, "Cache-Control", "no-cache");	/* always as fresh as its table */
	http_body(r, svg.data, svg.len);
	buf_free(&svg);
	return 0;
}
