/*
 * stats_json.c: "/api/stats.json", the open data of the portal: the public
 * figures with no personal data, built as a cJSON tree and printed by
 * cJSON: totals of the last twelve calendar months and of this month, the
 * same by month, by 所 and by platform (stats_each), the tree's site counts,
 * approved volunteers, confirmed hours of this calendar year and the
 * five-star teams. Names in it are of places, platforms and teams, never of
 * people. Documented in the README ("Open data") and on /figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "http/app.h"
#include "model/org.h"
#include "model/portal.h"
#include "model/stats.h"
#include "page/part/page.h"
#include "api/open311.h"

/* The tree being built; failed is set when cJSON runs out of memory. */
struct out {
	int	failed;
};

/* Adds item under key (or to an array when key is NULL); returns item or
 * NULL, marking o failed. */
static cJSON *
put(struct out *o, cJSON *parent, const char *key, cJSON *item)
{
	if (item == NULL || parent == NULL ||
	    !(key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item))) {
		cJSON_Delete(item);
		o->failed = 1;
		return NULL;
	}
	return item;
}

static void
put_num(struct out *o, cJSON *obj, const char *key, double v)
{
	put(o, obj, key, cJSON_CreateNumber(v));
}

/* Adds an average in hours (one decimal), or null when there is none. */
static void
put_hours(struct out *o, cJSON *obj, const char *key, double seconds)
{
	if (seconds < 0)
		put(o, obj, key, cJSON_CreateNull());
	else
		put_num(o, obj, key, (double)(long long)(seconds / 360 + 0.5) / 10);
}

/* Writes one row of figures as an object; name_key names its key field. */
static cJSON *
row_object(struct out *o, const char *name_key, const struct stats_row *r)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj == NULL) {
		o->failed = 1;
		return NULL;
	}
	if (name_key)
		put(o, obj, name_key, cJSON_CreateString(r->key));
	put_num(o, obj, "requests", r->requests);
	put_num(o, obj, "done", r->done);
	put_num(o, obj, "open", r->open);
	put_num(o, obj, "rejected_or_cancelled", r->stopped);
	put_num(o, obj, "rated", r->rated);
	put_num(o, obj, "satisfied", r->satisfied);
	if (r->rated)
		put_num(o, obj, "satisfaction_percent",
		    (double)(long long)(1000.0 * r->satisfied / r->rated + 0.5) / 10);
	else
		put(o, obj, "satisfaction_percent", cJSON_CreateNull());
	put_hours(o, obj, "avg_hours_to_dispatch", r->to_dispatch);
	put_hours(o, obj, "avg_hours_dispatch_to_accept", r->to_accept);
	put_hours(o, obj, "avg_hours_to_done", r->to_done);
	return obj;
}

/* Collects the rows of one grouping into an array. */
struct rows {
	struct out	*o;
	cJSON		*arr;
	const char	*name_key;
};

static void
add_row(void *arg, const struct stats_row *r)
{
	struct rows *rs = arg;

	put(rs->o, rs->arr, NULL, row_object(rs->o, rs->name_key, r));
}

static void
add_star(void *arg, const char *team, int rated, int satisfied)
{
	struct rows *rs = arg;
	cJSON *obj = put(rs->o, rs->arr, NULL, cJSON_CreateObject());

	if (obj == NULL)
		return;
	put(rs->o, obj, "team", cJSON_CreateString(team));
	put_num(rs->o, obj, "rated", rated);
	put_num(rs->o, obj, "satisfied", satisfied);
}

int
page_stats_json(struct req *r)
{
	static const struct { enum stats_group g; const char *key, *name; } groups[] = {
		{ STATS_MONTH, "by_month", "month" },
		{ STATS_INSTITUTE, "by_institute", "institute" },
		{ STATS_PLATFORM, "by_platform", "platform" },
	};
	struct db *db = r->app->db;
	int64_t now = now_unix(), since = stats_window_start(now), minutes = 0;
	struct stats_row total, month;
	struct org_counts c;
	struct out o = { 0 };
	char when[OPEN311_TIME_LEN + 1], day[20];
	int vols = 0;
	cJSON *root, *obj;
	char *text;

	{
		/* The answer changes with the kept figures (computed_at is in
		 * it) and the count of sites. Open data: any site may read it
		 * (it is public and carries no cookie). */
		int64_t places;
		char what[80];

		if (org_places_version(db, &places) != DB_OK)
			return 500;
		snprintf(what, sizeof(what), "s%lld-%lld-%lld", (long long)stats_as_of(db, since),
		    (long long)stats_as_of(db, stats_month_start(now)), (long long)places);
		http_header(r, "Cache-Control", "no-cache");
		http_header(r, "Access-Control-Allow-Origin", "*");
		if (page_etag(r, what))
			return 0;
	}
	if (stats_total(db, since, &total) != DB_OK ||
	    stats_total(db, stats_month_start(now), &month) != DB_OK ||
	    org_counts(db, &c) != DB_OK || portal_volunteers(db, &vols) != DB_OK ||
	    portal_minutes_since(db, portal_year_start(now), &minutes) != DB_OK)
		return 500;
	if ((root = cJSON_CreateObject()) == NULL)
		return 500;
	open311_time_format(now, when);
	put(&o, root, "generated_at", cJSON_CreateString(when));
	/* When the figures were computed (a minute apart at most). */
	open311_time_format(stats_as_of(db, since), when);
	put(&o, root, "computed_at", cJSON_CreateString(when));
	put(&o, root, "description", cJSON_CreateString(
	    "朔城区新时代文明实践中心的公开服务数据，不含任何个人信息；每分钟更新。"));
	time_format_cst(since, day);
	day[10] = '\0';
	put(&o, root, "window_start", cJSON_CreateString(day));
	put(&o, root, "totals", row_object(&o, NULL, &total));
	put(&o, root, "this_month", row_object(&o, NULL, &month));
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		struct rows rs = { &o, put(&o, root, groups[i].key, cJSON_CreateArray()), groups[i].name };
		if (rs.arr && stats_each(db, groups[i].g, since, add_row, &rs) != DB_OK)
			goto fail;
	}
	if ((obj = put(&o, root, "sites", cJSON_CreateObject())) != NULL) {
		put_num(&o, obj, "centers", c.centers);
		put_num(&o, obj, "institutes", c.institutes);
		put_num(&o, obj, "stations", c.stations);
		put_num(&o, obj, "bases", c.bases);
		put_num(&o, obj, "demo_stations", c.stations_demo);
		put_num(&o, obj, "demo_bases", c.bases_demo);
	}
	put_num(&o, root, "volunteers", vols);
	if ((obj = put(&o, root, "hours", cJSON_CreateObject())) != NULL) {
		char y[20];

		time_format_cst(now, y);
		y[4] = '\0';
		put_num(&o, obj, "year", (double)atoi(y));
		put_num(&o, obj, "confirmed_hours", (double)(long long)(minutes * 10 / 60) / 10);
	}
	{
		struct rows rs = { &o, put(&o, root, "five_star_teams", cJSON_CreateArray()), NULL };
		if (rs.arr && stats_five_star(db, now, add_star, &rs) != DB_OK)
			goto fail;
	}
	if (o.failed || (text = cJSON_PrintUnformatted(root)) == NULL)
		goto fail;
	cJSON_Delete(root);
	http_header(r, "Content-Type", "application/json; charset=utf-8");
	http_body_str(r, text);
	cJSON_free(text);
	return 0;
fail:
	cJSON_Delete(root);
	return 500;
}
