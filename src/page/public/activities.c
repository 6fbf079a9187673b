/*
 * activities.c: the public activity pages (每月有活动、文明实践365):
 * "/activities" is a month as a calendar and a list (?month=YYYY-MM);
 * "/activities/{id}" is one activity, where a signed-in volunteer signs up
 * or withdraws (POST), and anyone else is told how to take part; once its
 * organisers have published its 活动风采 (news.h), the page shows it, text
 * and photos.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/activity.h"
#include "http/session.h"
#include "page/part/activity_view.h"
#include "page/part/page.h"
#include "page/public/news.h"

/* A month being drawn: its first moment, the next month's, and the number
 * of activities on each day (1..31). */
struct month {
	int	year, month, days;
	int64_t	from, until;
	int	count[32];
	struct tmpl_dict *d;
	struct tmpl_dict *day;	/* the DAY section being filled */
	int	last_day;
};

/* Reads ?month=YYYY-MM into m, or this month (Beijing time). Returns 0, or
 * -1 if it names no month between 2000 and 2100. */
static int
month_read(const char *q, struct month *m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char now[20], tail;

	memset(m, 0, sizeof(*m));
	if (q == NULL || *q == '\0') {
		time_format_cst(now_unix(), now);
		sscanf(now, "%4d-%2d", &m->year, &m->month);
	} else if (sscanf(q, "%4d-%2d%c", &m->year, &m->month, &tail) != 2 ||
	    strlen(q) != 7 || m->year < 2000 || m->year > 2100 || m->month < 1 || m->month > 12)
		return -1;
	m->days = mdays[m->month - 1] + (m->month == 2 && ((m->year % 4 == 0 &&
	    m->year % 100 != 0) || m->year % 400 == 0));
	m->from = time_from_cst(m->year, m->month, 1, 0, 0);
	m->until = m->month == 12 ? time_from_cst(m->year + 1, 1, 1, 0, 0) :
	    time_from_cst(m->year, m->month + 1, 1, 0, 0);
	return 0;
}

/* Adds one activity of the month to the list, under a heading per day. */
static void
add_listed(void *arg, const struct activity *a)
{
	struct month *m = arg;
	struct tmpl_dict *d;
	char t[20];
	int day;

	time_format_cst(a->starts_at, t);
	day = atoi(t + 8);
	if (day < 1 || day > 31)
		return;
	m->count[day]++;
	if (day != m->last_day) {
		char words[64];
		m->day = tmpl_add_section(m->d, "DAY");
		t[10] = '\0';
		tmpl_set(m->day, "DAY_ID", t);
		activity_date_words(a->starts_at, words, sizeof(words));
		tmpl_set(m->day, "DAY_DATE", words);
		m->last_day = day;
	}
	d = tmpl_add_section(m->day, "ACTIVITY");
	activity_fill(d, a);
}

/* Adds the weeks of the calendar (Monday first) to m->d. */
static void
add_weeks(struct month *m)
{
	int64_t days = (m->from + 8 * 3600) / 86400;	/* 1970-01-01 was a Thursday */
	int lead = (int)((days + 3) % 7), cell = 0;
	struct tmpl_dict *week = NULL, *c;

	for (int i = 0; i < lead + m->days || cell % 7 != 0; i++, cell++) {
		int day = i - lead + 1;
		if (cell % 7 == 0)
			week = tmpl_add_section(m->d, "WEEK");
		c = tmpl_add_section(week, "CELL");
		if (day < 1 || day > m->days) {
			tmpl_show(c, "BLANK");
			continue;
		}
		tmpl_set_int(c, "D", day);
		if (m->count[day] > 0) {
			char id[40];
			snprintf(id, sizeof(id), "%04d-%02d-%02d", m->year, m->month, day);
			tmpl_set(c, "DAY_ID", id);
			tmpl_set_int(c, "N", m->count[day]);
			tmpl_show(c, "HAS");
		} else
			tmpl_show(c, "NONE");
	}
}

static void
add_mine(void *arg, const struct activity *a)
{
	activity_fill(tmpl_add_section(arg, "MINE"), a);
}

int
page_activities(struct req *r)
{
	struct activity_filter f = { 0 };
	struct month m;
	struct page pg;
	char title[64], link[32];

	if (month_read(kv_get(&r->query, "month"), &m) != 0)
		return 404;
	snprintf(title, sizeof(title), "%d年%d月的活动", m.year, m.month);
	m.d = page_begin(r, &pg, title, "activities.tpl", "activities");
	tmpl_set(m.d, "HEADING", title);
	f.from = m.from;
	f.until = m.until;
	f.limit = 500;
	if (activity_each(r->app->db, &f, add_listed, &m) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (m.last_day == 0)
		tmpl_show(m.d, "EMPTY");
	add_weeks(&m);
	snprintf(link, sizeof(link), "%04d-%02d", m.month == 1 ? m.year - 1 : m.year,
	    m.month == 1 ? 12 : m.month - 1);
	tmpl_set(m.d, "PREV", link);
	snprintf(link, sizeof(link), "%04d-%02d", m.month == 12 ? m.year + 1 : m.year,
	    m.month == 12 ? 1 : m.month + 1);
	tmpl_set(m.d, "NEXT", link);
	if (r->volunteer) {
		struct tmpl_dict *v = tmpl_add_section(m.d, "VOLUNTEER");
		if (activity_each_of(r->app->db, r->volunteer->v.id, now_unix(), add_mine, v) != DB_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
		return page_finish_private(r, &pg, 200, NULL);
	}
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

/* What the activity page needs to decide what to offer. */
struct one {
	struct tmpl_dict	*d;
	int64_t			 starts_at, ends_at;
	int			 open, full;
};

static void
fill_one(void *arg, const struct activity *a)
{
	struct one *o = arg;

	activity_fill(o->d, a);
	o->starts_at = a->starts_at;
	o->ends_at = a->ends_at;
	o->open = strcmp(a->status, "open") == 0;
	o->full = a->signed_up >= a->capacity;
}


/* Fills the FENGCAI section of the activity page with its published
 * 活动风采 (news_of_activity's callback); notes the article's id. */
struct fengcai {
	struct tmpl_dict	*d;
	int64_t			 id;
};

static void
fill_fengcai(void *arg, const struct news *n)
{
	struct fengcai *fc = arg;
	struct tmpl_dict *s = tmpl_add_section(fc->d, "FENGCAI");

	news_fill(s, n);
	news_paragraphs(s, "PARA", n->body);
	fc->d = s;
	fc->id = n->id;
}

/* Adds activity id's published 活动风采, if it has one, to d. Returns 0,
 * or -1 on a database error. */
static int
add_fengcai(struct req *r, struct tmpl_dict *d, int64_t id)
{
	struct fengcai fc = { d, 0 };
	int found = 0, n;

	if (news_of_activity(r->app->db, id, 1, fill_fengcai, &fc, &found) != DB_OK)
		return -1;
	if (!found)
		return 0;
	if ((n = news_photos(r, fc.d, "PHOTO", fc.id)) < 0)
		return -1;
	if (n > 0)
		tmpl_show(fc.d, "HAS_PHOTOS");
	return 0;
}

/* Renders activity id's page with status and a notice (or NULL). */
static int
activity_render(struct req *r, int64_t id, int status, const char *notice)
{
	struct one o = { 0 };
	struct page pg;
	int64_t now = now_unix();
	int found, rc;

	o.d = page_begin(r, &pg, "活动", "activity.tpl", "activities");
	if ((rc = activity_find_status(activity_find(r->app->db, id, fill_one, &o, &found),
	    &found)) != 0) {
		tmpl_dict_free(pg.layout);
		return rc;
	}
	if (add_fengcai(r, o.d, id) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (o.open && now >= o.ends_at)
		tmpl_show(o.d, "ENDED");
	else if (o.open && now >= o.starts_at)
		tmpl_show(o.d, "UNDERWAY");
	if (r->volunteer) {
		struct activity_mine mine;
		struct tmpl_dict *v = tmpl_add_section(o.d, "VOLUNTEER");
		char t[20];
		if (activity_mine(r->app->db, id, r->volunteer->v.id, &mine) != DB_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
		tmpl_set(v, "CSRF", r->volunteer->sess.csrf);
		if (strcmp(mine.state, "signed") == 0) {
			tmpl_show(v, "SIGNED");
			if (mine.checkin_at) {
				time_format_cst(mine.checkin_at, t);
				t[16] = '\0';
				tmpl_set(v, "CHECKIN", t + 11);
				tmpl_show(v, "CHECKED_IN");
			} else
				tmpl_show(v, "NOT_CHECKED_IN");
			if (mine.checkout_at) {
				time_format_cst(mine.checkout_at, t);
				t[16] = '\0';
				tmpl_set(v, "CHECKOUT", t + 11);
				tmpl_set_int(v, "MINUTES", mine.minutes);
				tmpl_set(v, "HOUR_STATUS", strcmp(mine.hour_status, "confirmed") == 0 ?
				    "已确认，计入服务记录" : "等待组织方确认");
				tmpl_show(v, "CHECKED_OUT");
			}
			if (o.open && now < o.starts_at && !mine.checkin_at)
				tmpl_show(v, "CAN_WITHDRAW");
		} else {
			enum model_err j = activity_can_join(r->app->db, id, r->volunteer->v.id, now);
			if (j == MODEL_OK)
				tmpl_show(v, "CAN_SIGN_UP");
			else if (j == MODEL_NOT_OPEN_TO)
				tmpl_show(v, "NOT_OPEN_TO");
			else if (j == MODEL_ERROR || j == MODEL_BUSY) {
				tmpl_dict_free(pg.layout);
				return model_status(j);
			}
		}
		tmpl_show(o.d, "SIGNED_IN_VOLUNTEER");
		return page_finish_private(r, &pg, status, notice);
	}
	if (o.open && now < o.starts_at && !o.full)
		tmpl_show(o.d, "INVITE");
	http_header(r, "Cache-Control", "no-cache");
	http_status(r, status);
	return page_finish(r, &pg);
}

int
page_activity(struct req *r)
{
	return activity_render(r, r->path_id, 200, NULL);
}

/* The sentence a volunteer reads when sign-up or withdrawal was refused. */
static const char *
refusal(enum model_err e)
{
	switch (e) {
	case MODEL_NO_PLACE:		return "名额已满，没能报上名。可以看看其他活动。";
	case MODEL_CLOSED:	return "报名已经截止（活动已开始或已取消），没有变动。";
	case MODEL_NOT_OPEN_TO:	return "这个活动只接受报名范围内的志愿者报名，您不在范围内。";
	case MODEL_ALREADY:	return "您已经报过名了，不用重复报名。";
	case MODEL_NOT_SIGNED:	return "您没有报名这个活动，无需取消。";
	default:		return "没有完成，请稍后再试。";
	}
}

/* Runs sign-up or withdrawal (signup 1/0) of the activity of the path's
 * {id} for the signed-in volunteer and shows the activity with the outcome. */
static int
signup_act(struct req *r, int signup)
{
	int64_t id = r->path_id, vid = r->volunteer->v.id, now = now_unix();
	enum model_err e;

	e = signup ? activity_signup(r->app->db, id, vid, now) :
	    activity_withdraw(r->app->db, id, vid, now);
	switch (e) {
	case MODEL_OK:
		return activity_render(r, id, 200, signup ?
		    "报名成功。活动当天请到现场扫组织人出示的签到码签到。" :
		    "已取消报名，名额留给其他志愿者。");
	case MODEL_NOT_FOUND:
		return 404;
	case MODEL_BUSY:
	case MODEL_FULL:
		return 503;
	case MODEL_ERROR:
		return 500;
	case MODEL_ALREADY:
	case MODEL_NOT_SIGNED:
		/* A second tap, or a page left open: information, not an error. */
		return activity_render(r, id, 200, refusal(e));
	default:
		return activity_render(r, id, e == MODEL_NOT_OPEN_TO ? 403 : 409, refusal(e));
	}
}

int
page_activity_signup(struct req *r)
{
	return signup_act(r, 1);
}

int
page_activity_withdraw(struct req *r)
{
	return signup_act(r, 0);
}
