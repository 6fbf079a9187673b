/*
 * home.c: the portal's home page "/": live figures (this month's requests
 * and completions, satisfaction, approved volunteers, confirmed hours of the
 * calendar year), the 一码可查 box, the charts of /figures, upcoming
 * activities, the latest three 工作动态 (with the feed announced in the
 * head), recently completed services (service, place and date only: no
 * person), the tree's real counts, the 14 institutes, the five platforms
 * and the service projects, each linked to its page.
 * A visitor who is not signed in is served the page a worker built at most
 * SIDAN_STATS_TTL seconds ago (the figures are kept that long anyway), one
 * kept page per display mode (standard, 长辈模式); a signed-in page, whose
 * header names the person, is never kept.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/catalog.h"
#include "model/org.h"
#include "model/portal.h"
#include "model/stats.h"
#include "page/part/page.h"
#include "page/public/news.h"

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

	char href[80];

	snprintf(href, sizeof(href), "/platforms/%s", p->code);
	tmpl_set(d, "NAME", p->name);
	tmpl_set(d, "SUMMARY", p->summary);
	tmpl_set(d, "HREF", href);
}

/* Adds one project to the section named by the project's kind. */
static void
add_project(void *arg, const struct project *p)
{
	struct tmpl_dict *d = tmpl_add_section(arg,
	    p->kind[0] == 'f' && p->kind[1] == 'i' ? "FIXED" : "FEATURED");

	char href[80];

	snprintf(href, sizeof(href), "/projects/%s", p->code);
	tmpl_set(d, "NAME", p->name);
	tmpl_set(d, "PLATFORM", p->platform);
	tmpl_set(d, "HREF", href);
}

/* The list of recently completed requests being filled, and its length. */
struct done_list {
	struct tmpl_dict	*d;
	int			 n;
};

/* Adds one completed request to the DONE section: what and where only. */
static void
add_done(void *arg, const struct portal_done *o)
{
	struct done_list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "DONE");
	char when[20];

	time_format_cst(o->completed_at, when);
	when[10] = '\0';
	tmpl_set(d, "SERVICE", o->service);
	tmpl_set(d, "PLATFORM", o->platform);
	tmpl_set(d, "SITE", o->site);
	if (o->institute[0]) {
		tmpl_set(d, "INSTITUTE", o->institute);
		tmpl_show(d, "HAS_INSTITUTE");
	}
	tmpl_set(d, "DATE", when);
	if (o->is_demo)
		tmpl_show(d, "DONE_DEMO");
	l->n++;
}

/* Writes minutes as whole hours into out. */
static void
hours_round(int64_t minutes, char out[24])
{
	snprintf(out, 24, "%lld", (long long)((minutes + 30) / 60));
}

/* The pages last built for visitors who are not signed in, per worker:
 * [0] standard, [1] 长辈模式. */
static struct buf	home_kept[2];
static int64_t		home_kept_at[2];
static int		home_kept_ok[2];
static char		home_kept_tag[2][17];	/* its hash, the validator */

/* Builds the home page into r's response. Returns 0 or an HTTP status. */
static int
home_build(struct req *r)
{
	struct db *db = r->app->db;
	struct org_counts c;
	struct page pg;
	struct tmpl_dict *d;
	struct done_list done;
	struct news_filter latest = { .limit = 3 };

	d = page_begin(r, &pg, "首页", "home.tpl", "home");
	tmpl_show(pg.layout, "FEED");
	done.d = d;
	done.n = 0;
	if (org_counts(db, &c) != DB_OK ||
	    org_each_institute(db, add_institute, d) != DB_OK ||
	    catalog_each_platform(db, add_platform, d) != DB_OK ||
	    catalog_each_project(db, "fixed", add_project, d) != DB_OK ||
	    catalog_each_project(db, "featured", add_project, d) != DB_OK ||
	    portal_each_done(db, 6, add_done, &done) != DB_OK ||
	    page_add_upcoming(r, d, 0, 0, 5) < 0 ||
	    news_add_latest(r, d, &latest, 1, NULL) < 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	{
		/* Live figures: this month's requests, and the last year's service. */
		struct stats_row month = { 0 }, year = { 0 };
		int64_t now = now_unix();
		char pct[16];

		if (stats_counts(db, stats_month_start(now), &month) != DB_OK ||
		    stats_counts(db, stats_window_start(now), &year) != DB_OK) {
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
	{
		/* Volunteers now, and the hours they served this calendar year. */
		int64_t minutes = 0;
		int vols = 0;
		char h[24], y[20];

		if (portal_volunteers(db, &vols) != DB_OK ||
		    portal_minutes_since(db, portal_year_start(now_unix()), &minutes) != DB_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
		hours_round(minutes, h);
		time_format_cst(now_unix(), y);	/* "YYYY-..." */
		y[4] = '\0';
		tmpl_set_int(d, "VOLUNTEERS", vols);
		tmpl_set(d, "YEAR_HOURS", h);
		tmpl_set(d, "YEAR", y);
	}
	if (done.n == 0)
		tmpl_show(d, "NO_DONE");
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
	int m = page_elder(r) ? 1 : 0;	/* the kept page of this visitor's mode */
	int rc;

	if (anonymous && home_kept_ok[m] && stats_fresh(home_kept_at[m], now)) {
		http_header(r, "Cache-Control", "no-cache");
		if (page_etag(r, home_kept_tag[m]))
			return 0;
		http_body(r, home_kept[m].data, home_kept[m].len);
		return 0;
	}
	rc = home_build(r);
	if (rc == 0 && anonymous && ttl > 0 && r->method == METHOD_GET) {
		if (!home_kept_ok[m])
			buf_init(&home_kept[m]);
		buf_reset(&home_kept[m]);
		buf_append(&home_kept[m], r->resp.body.data, r->resp.body.len);
		page_etag_hash(home_kept[m].data, home_kept[m].len, home_kept_tag[m]);
		home_kept_at[m] = now;
		home_kept_ok[m] = 1;
	}
	return rc;
}
