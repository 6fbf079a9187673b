/*
 * upcoming.c: the list of upcoming activities that the home page and the
 * platform and project pages show (the activity pages themselves live in
 * activities.c): each with its time, title and site, linked to its page,
 * written by templates/upcoming.tpl where the page's template says
 * {{>UPCOMING}}.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/activity.h"
#include "page/part/page.h"

struct upcoming {
	struct tmpl_dict	*d;
	int			 n;
};

/* Adds one activity to the ACTIVITY section of the list. */
static void
add_activity(void *arg, const struct activity *a)
{
	struct upcoming *u = arg;
	struct tmpl_dict *d = tmpl_add_section(u->d, "ACTIVITY");
	char when[20], day[32], href[48];
	int y, m, dd, hh, mi;

	time_format_cst(a->starts_at, when);
	if (sscanf(when, "%d-%d-%d %d:%d", &y, &m, &dd, &hh, &mi) == 5)
		snprintf(day, sizeof(day), "%d月%d日 %02d:%02d", m, dd, hh, mi);
	else
		snprintf(day, sizeof(day), "%s", when);
	when[10] = '\0';
	snprintf(href, sizeof(href), "/activities/%lld", (long long)a->id);
	tmpl_set(d, "ACT_HREF", href);
	tmpl_set(d, "ACT_TITLE", a->title);
	tmpl_set(d, "ACT_DATE", when);
	tmpl_set(d, "ACT_WHEN", day);
	tmpl_set(d, "ACT_SITE", a->org_name);
	tmpl_set(d, "ACT_PLATFORM", a->platform);
	if (a->is_demo)
		tmpl_show(d, "ACT_DEMO");
	u->n++;
}

int
page_add_upcoming(struct req *r, struct tmpl_dict *d, int64_t platform_id,
    int64_t project_id, int limit)
{
	struct activity_filter f = {
		.from = now_unix(), .platform_id = platform_id,
		.project_id = project_id, .limit = limit,
	};
	struct upcoming u = { tmpl_add_include(d, "UPCOMING", "upcoming.tpl"), 0 };

	if (activity_each(r->app->db, &f, add_activity, &u) != DB_OK)
		return -1;
	if (u.n == 0)
		tmpl_show(u.d, "NO_ACTIVITY");
	return u.n;
}
