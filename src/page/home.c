/*
 * home.c: the portal's home page "/": the tree's real counts, the 14
 * institutes, the five platforms and the service projects, read from the
 * database. A visitor who is not signed in is served the page a worker
 * built at most SIDAN_STATS_TTL seconds ago (the figures are kept that long
 * anyway); a signed-in page, whose header names the person, is never kept.
 */
#include <stdio.h>
#include <string.h>

#include "../app.h"
#include "../model/catalog.h"
#include "../model/org.h"
#include "../model/stats.h"
#include "page.h"

/* Adds one institute to the INSTITUTE section. Its names differ from the
 * page's: ctemplate looks a missing name up in the enclosing dictionary. */
static void
add_institute(void *arg, const struct org_institute *o)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "INSTITUTE");

	tmpl_set(d, "NAME", o->name);
	tmpl_set(d, "DIVISION", o->division);
	tmpl_set_int(d, "STATIONS", o->stations);
	if (o->stations_demo > 0) {
		tmpl_set_int(d, "INST_DEMO", o->stations_demo);
		tmpl_show(d, "INST_HAS_DEMO");
	}
}

/* Adds one platform to the PLATFORM section. */
static void
add_platform(void *arg, const struct platform *p)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "PLATFORM");

	tmpl_set(d, "NAME", p->name);
	tmpl_set(d, "SUMMARY", p->summary);
}

/* Adds one project to the section named by the project's kind. */
static void
add_project(void *arg, const struct project *p)
{
	struct tmpl_dict *d = tmpl_add_section(arg,
	    p->kind[0] == 'f' && p->kind[1] == 'i' ? "FIXED" : "FEATURED");

	tmpl_set(d, "NAME", p->name);
	tmpl_set(d, "PLATFORM", p->platform);
}

/* The page last built for visitors who are not signed in, per worker. */
static struct buf	home_kept;
static int64_t		home_kept_at;
static int		home_kept_ok;

/* Builds the home page into r's response. Returns 0 or an HTTP status. */
static int
home_build(struct req *r)
{
	struct db *db = r->app->db;
	struct org_counts c;
	struct page pg;
	struct tmpl_dict *d;

	d = page_begin(r, &pg, "首页", "home.tpl", "home");
	if (org_counts(db, &c) != DB_OK ||
	    org_each_institute(db, add_institute, d) != DB_OK ||
	    catalog_each_platform(db, add_platform, d) != DB_OK ||
	    catalog_each_project(db, "fixed", add_project, d) != DB_OK ||
	    catalog_each_project(db, "featured", add_project, d) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	{
		/* Live figures: this month's requests, and the last year's service. */
		struct stats_row month = { 0 }, year = { 0 };
		int64_t now = now_unix();
		char pct[16];

		if (stats_total(db, stats_month_start(now), &month) != DB_OK ||
		    stats_total(db, stats_window_start(now), &year) != DB_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
		tmpl_set_int(d, "MONTH_REQUESTS", month.requests);
		tmpl_set_int(d, "MONTH_DONE", month.done);
		if (year.rated)
			snprintf(pct, sizeof(pct), "%.1f%%", 100.0 * year.satisfied / year.rated);
		else
			snprintf(pct, sizeof(pct), "—");
		tmpl_set(d, "SATISFACTION", pct);	/* over the twelve months of /figures */
		tmpl_set_int(d, "YEAR_RATED", year.rated);
	}
	tmpl_set_int(d, "CENTERS", c.centers);
	tmpl_set_int(d, "INSTITUTES", c.institutes);
	tmpl_set_int(d, "STATIONS", c.stations);
	tmpl_set_int(d, "BASES", c.bases);
	tmpl_set_int(d, "SITES", c.centers + c.institutes + c.stations + c.bases);
	if (c.stations_demo + c.bases_demo > 0) {
		tmpl_set_int(d, "STATIONS_DEMO", c.stations_demo);
		tmpl_set_int(d, "BASES_DEMO", c.bases_demo);
		tmpl_show(d, "HAS_DEMO");
	}
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

int
page_home(struct req *r)
{
	int anonymous = r->signin == NULL && r->volunteer == NULL;
	int ttl = stats_ttl();
	int64_t now = now_unix();
	int rc;

	if (anonymous && ttl > 0 && home_kept_ok && now - home_kept_at < ttl) {
		http_header(r, "Cache-Control", "no-cache");
		http_body(r, home_kept.data, home_kept.len);
		return 0;
	}
	rc = home_build(r);
	if (rc == 0 && anonymous && ttl > 0 && r->method == METHOD_GET) {
		if (!home_kept_ok)
			buf_init(&home_kept);
		buf_reset(&home_kept);
		buf_append(&home_kept, r->resp.body.data, r->resp.body.len);
		home_kept_at = now;
		home_kept_ok = 1;
	}
	return rc;
}
