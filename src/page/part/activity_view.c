/*
 * activity_view.c: writes an activity into a template dictionary (see
 * activity_view.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "page/part/activity_view.h"

int
activity_find_status(enum db_err e, const int *found)
{
	if (e == DB_BUSY || e == DB_FULL)
		return 503;
	if (e != DB_OK)
		return 500;
	return *found ? 0 : 404;
}

void
activity_date_words(int64_t t, char *buf, size_t len)
{
	static const char *const week[7] = { "周四", "周五", "周六", "周日", "周一", "周二", "周三" };
	int64_t days = (t + 8 * 3600) / 86400;	/* Beijing days since 1970-01-01, a Thursday */
	char s[20];
	int month = 0, day = 0;

	time_format_cst(t, s);
	sscanf(s + 5, "%2d-%2d", &month, &day);
	snprintf(buf, len, "%d月%d日 %s", month, day, week[((days % 7) + 7) % 7]);
}

void
activity_fill(struct tmpl_dict *d, const struct activity *a)
{
	char s[20], e[20], buf[160];

	tmpl_set_int(d, "ID", a->id);
	tmpl_set(d, "TITLE", a->title);
	tmpl_set(d, "PLATFORM", a->platform);
	tmpl_set(d, "PLATFORM_CODE", a->platform_code);
	if (a->project[0]) {
		tmpl_set(d, "PROJECT", a->project);
		tmpl_set(d, "PROJECT_CODE", a->project_code);
		tmpl_show(d, "HAS_PROJECT");
	}
	tmpl_set(d, "SITE", a->org_name);
	tmpl_set(d, "SITE_CODE", a->org_code);
	tmpl_set_int(d, "SITE_ID", a->org_id);
	tmpl_set(d, "PLACE", a->place[0] ? a->place : a->org_name);
	if (a->place[0])
		tmpl_show(d, "HAS_PLACE");	/* a place besides the site's name */
	time_format_cst(a->starts_at, s);
	time_format_cst(a->ends_at, e);
	activity_date_words(a->starts_at, buf, sizeof(buf));
	tmpl_set(d, "DATE", buf);
	s[10] = '\0';
	tmpl_set(d, "DAY", s);
	s[16] = e[16] = '\0';
	if (strncmp(s, e, 10) == 0)
		snprintf(buf, sizeof(buf), "%s–%s", s + 11, e + 11);
	else
		snprintf(buf, sizeof(buf), "%s – 次日 %s", s + 11, e + 11);
	tmpl_set(d, "TIME", buf);
	tmpl_set_int(d, "CAPACITY", a->capacity);
	tmpl_set_int(d, "SIGNED_UP", a->signed_up);
	tmpl_set_int(d, "LEFT", a->capacity > a->signed_up ? a->capacity - a->signed_up : 0);
	tmpl_show(d, a->signed_up >= a->capacity ? "FULL" : "NOT_FULL");
	tmpl_set(d, "SUMMARY", a->summary);
	if (strcmp(a->open_to, "team") == 0)
		snprintf(buf, sizeof(buf), "%s的队员", a->team);
	else if (strcmp(a->open_to, "area") == 0)
		snprintf(buf, sizeof(buf), "住在%s及所辖站点的志愿者", a->org_name);
	else
		snprintf(buf, sizeof(buf), "所有注册志愿者");
	tmpl_set(d, "OPEN_TO", buf);
	if (strcmp(a->status, "cancelled") == 0)
		tmpl_show(d, "CANCELLED");
	if (a->is_demo)
		tmpl_show(d, "DEMO");
}
