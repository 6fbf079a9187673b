/*
 * honour.c: "/honour", the honour roll (光荣榜): volunteers by confirmed
 * hours of service, only those who agreed on /v/me and only by the display
 * name they chose there (never the real name, phone or number); and the
 * five-star teams of /figures. The page says how one gets on the roll.
 */
#include <stdio.h>

#include "http/app.h"
#include "model/honour.h"
#include "model/stats.h"
#include "page/part/page.h"

#define HONOUR_LIMIT 50

struct roll {
	struct tmpl_dict	*d;
	int			 n;
};

/* Adds one volunteer of the roll, with their rank. */
static void
add_volunteer(void *arg, const char *display_name, int64_t minutes)
{
	struct roll *ro = arg;
	struct tmpl_dict *d = tmpl_add_section(ro->d, "VOLUNTEER");
	char h[24];

	snprintf(h, sizeof(h), "%lld.%lld", (long long)(minutes / 60),
	    (long long)((minutes % 60) * 10 / 60));
	tmpl_set_int(d, "RANK", ++ro->n);
	tmpl_set(d, "DISPLAY_NAME", display_name);
	tmpl_set(d, "HOURS", h);
}

/* Adds one five-star team. */
static void
add_star(void *arg, const char *team, int rated, int satisfied)
{
	struct roll *ro = arg;
	struct tmpl_dict *d = tmpl_add_section(ro->d, "STAR");
	char pct[16];

	snprintf(pct, sizeof(pct), "%.1f%%", rated ? 100.0 * satisfied / rated : 0.0);
	tmpl_set(d, "TEAM", team);
	tmpl_set_int(d, "RATED", rated);
	tmpl_set(d, "SATISFACTION", pct);
	ro->n++;
}

int
page_honour(struct req *r)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "光荣榜", "honour.tpl", "honour");
	struct roll vols = { d, 0 }, stars = { d, 0 };

	if (honour_each(r->app->db, HONOUR_LIMIT, add_volunteer, &vols) != DB_OK ||
	    stats_five_star(r->app->db, now_unix(), add_star, &stars) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (vols.n == 0)
		tmpl_show(d, "NO_VOLUNTEER");
	else
		tmpl_show(d, "HAS_VOLUNTEER");
	if (stars.n == 0)
		tmpl_show(d, "NO_STAR");
	tmpl_set_int(d, "LIMIT", HONOUR_LIMIT);
	tmpl_set_int(d, "STAR_MIN_RATED", FIVE_STAR_MIN_RATED);
	tmpl_set_int(d, "STAR_MIN_PERCENT", FIVE_STAR_MIN_PERCENT);
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}
