/*
 * desk_ledger.c: 台账 of a place for a range of days. "/desk/ledger" is a GET
 * form (place, month or from/to) with the totals of the chosen ledger and
 * links to the workbook and the printable page; "/desk/ledger/print" is the
 * A4 page. The workbook, "/desk/ledger.xlsx" (sheets 群众点单, 活动, 志愿者),
 * is written in desk_ledger_xlsx.c from the form and rows read here. The place is a site in the staff
 * member's scope (404 otherwise); the centre's staff may choose the centre
 * (every site). A range is at most LEDGER_MAX_DAYS days, so a workbook
 * (built in memory before it is sent) stays a few megabytes at most. Bad
 * input shows the form again (400) with the reason beside the field.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "model/ledger.h"
#include "model/order_state.h"
#include "model/rating.h"
#include "model/scope.h"
#include "model/site.h"
#include "page/desk/desk_ledger.h"
#include "page/part/page.h"

#define LEDGER_MAX_DAYS	366
/* The most requests a printed ledger holds (some 200 A4 pages). */
#define LEDGER_MAX_PRINT 5000
#define BJ_OFFSET	(8 * 3600)

/* The sites of the scope, read once: the chosen one and the centre. */
struct sites {
	struct place_scope	 sc;
	struct tmpl_dict	*d;		/* adds PLACE options when not NULL */
	int64_t			 want;		/* the chosen site, 0 for the centre */
	int			 found;
	char			 name[NAME_SIZE], code[64];
	int			 is_centre;
};

/* Copies query value name, trimmed, into out (cut between characters to
 * fit). */
static void
get(struct req *r, const char *name, char *out, size_t len)
{
	const char *v = kv_get(&r->query, name);
	size_t n;

	while (v && isspace((unsigned char)*v))
		v++;
	if (v == NULL)
		v = "";
	snprintf(out, len, "%.*s", utf8_prefix(v, len - 1), v);
	n = strlen(out);
	while (n > 0 && isspace((unsigned char)out[n - 1]))
		out[--n] = '\0';
}

/* Sets one field's error (the first one stays). */
static void
ferr(struct lform *f, char *field, size_t len, const char *msg)
{
	if (field[0] == '\0')
		f->nerrors++;
	snprintf(field, len, "%s", msg);
}

/* Reads "YYYY-MM-DD" as the Beijing midnight that starts it. Returns it,
 * or -1. */
static int64_t
parse_day(const char *s)
{
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 2000 || y > 2100)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	return time_from_cst(y, m, d, 0, 0);
}

/* Returns 1 if s is a month "YYYY-MM" of the years 2000..2100, else 0. */
static int
month_ok(const char *s)
{
	int y, m;
	char tail;

	for (int i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	return s[7] == '\0' && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 &&
	    y >= 2000 && y <= 2100 && m >= 1 && m <= 12;
}

/* Writes the Beijing date of t as "YYYY-MM-DD" into out. */
static void
day_of(int64_t t, char out[11])
{
	char when[20];

	time_format_cst(t, when);
	memcpy(out, when, 10);
	out[10] = '\0';
}

/* Notes a site of the scope (site_each's callback). */
static void
site_seen(void *arg, const struct site *s)
{
	struct sites *x = arg;

	/* The centre comes first: the default of the centre's staff. */
	if (strcmp(s->kind, "center") == 0 && x->want == 0)
		x->want = s->id;
	if (!site_in_scope(&x->sc, s->id, s->parent_id))
		return;
	if (s->id == x->want) {
		x->found = 1;
		x->is_centre = strcmp(s->kind, "center") == 0;
		snprintf(x->name, sizeof(x->name), "%s", s->name);
		snprintf(x->code, sizeof(x->code), "%s", s->code);
	}
	if (x->d) {
		struct tmpl_dict *o = tmpl_add_section(x->d, "PLACE");
		char label[NAME_SIZE + 64];

		snprintf(label, sizeof(label), "%s%s（%s）", s->parent_id && s->parent_kind[0] &&
		    strcmp(s->parent_kind, "center") != 0 ? "　" : "", s->name,
		    strcmp(s->kind, "center") == 0 ? "全区" : site_kind_label(s->kind, s->base_kind));
		tmpl_set_int(o, "ID", s->id);
		tmpl_set(o, "LABEL", label);
		if (s->id == x->want)
			tmpl_show(o, "SELECTED");
	}
}

/* Reads the query into f and, when it is good, f->rg. d (or NULL) gets the
 * place options. Returns 0 (f->nerrors says whether the input was good),
 * 404 for a place that is not the staff member's, or 500. */
int
lform_read(struct req *r, struct lform *f, struct tmpl_dict *d)
{
	const struct user *u = &r->signin->user;
	struct sites x = { .sc = place_scope_of(u), .d = d };
	int64_t from = -1, to = -1;
	char *end;

	memset(f, 0, sizeof(*f));
	get(r, "place", f->place, sizeof(f->place));
	get(r, "month", f->month, sizeof(f->month));
	get(r, "from", f->from, sizeof(f->from));
	get(r, "to", f->to, sizeof(f->to));

	/* The place: a site id, by default the staff member's own. */
	if (f->place[0] == '\0')
		x.want = -1;	/* filled below */
	else {
		long long id = strtoll(f->place, &end, 10);
		if (!isdigit((unsigned char)f->place[0]) || *end != '\0' || id <= 0) {
			char msg[200];
			snprintf(msg, sizeof(msg), "请从列表中选择地点（收到的是“%s”）", f->place);
			ferr(f, f->e_place, sizeof(f->e_place), msg);
		} else
			x.want = id;
	}
	if (x.want == -1)
		x.want = u->role == ROLE_ADMIN || u->role == ROLE_DISPATCHER ? 0 : u->org_id;
	if (site_each(r->app->db, site_seen, &x) != DB_OK)
		return 500;
	if (f->e_place[0] == '\0' && !x.found)
		return 404;
	if (x.is_centre)	/* the centre's ledger: every site */
		snprintf(x.code, sizeof(x.code), "all");
	f->rg.org_id = x.want;
	f->rg.all = x.is_centre;
	snprintf(f->place_name, sizeof(f->place_name), "%s", x.is_centre ? "全区（朔城区新时代文明实践中心）" : x.name);
	/* Only letters, digits and '-' in the file name. */
	for (size_t i = 0, j = 0; x.code[i] && j + 1 < sizeof(f->place_code); i++)
		if (isalnum((unsigned char)x.code[i]) || x.code[i] == '-')
			f->place_code[j++] = x.code[i], f->place_code[j] = '\0';
	if (f->place_code[0] == '\0')
		snprintf(f->place_code, sizeof(f->place_code), "%lld", (long long)x.want);

	/* The range: from and to, else the month, else this month. */
	if (f->from[0] || f->to[0]) {
		if (f->from[0] == '\0')
			ferr(f, f->e_from, sizeof(f->e_from), "请填写开始日期，或清空两个日期改选月份");
		else if ((from = parse_day(f->from)) < 0)
			ferr(f, f->e_from, sizeof(f->e_from), "开始日期应是实际存在的日期，写成 2026-06-01 这样");
		if (f->to[0] == '\0')
			ferr(f, f->e_to, sizeof(f->e_to), "请填写结束日期，或清空两个日期改选月份");
		else if ((to = parse_day(f->to)) < 0)
			ferr(f, f->e_to, sizeof(f->e_to), "结束日期应是实际存在的日期，写成 2026-06-30 这样");
		if (from >= 0 && to >= 0) {
			if (to < from)
				ferr(f, f->e_to, sizeof(f->e_to), "结束日期不能早于开始日期");
			else if ((to - from) / 86400 + 1 > LEDGER_MAX_DAYS)
				ferr(f, f->e_to, sizeof(f->e_to), "一次最多366天（一年），请缩短日期范围");
		}
		if (f->nerrors)
			return 0;
		f->rg.from = from;
		f->rg.to = to + 86400;
		snprintf(f->label, sizeof(f->label), "%s_%s", f->from, f->to);
	} else {
		int y, m;

		if (f->month[0]) {
			if (!month_ok(f->month)) {
				ferr(f, f->e_month, sizeof(f->e_month), "月份应写成 2026-06 这样（年-月）");
				return 0;
			}
			sscanf(f->month, "%4d-%2d", &y, &m);
		} else {
			char now[20];
			time_format_cst(now_unix(), now);
			sscanf(now, "%4d-%2d", &y, &m);
		}
		if (f->nerrors)
			return 0;
		f->rg.from = time_from_cst(y, m, 1, 0, 0);
		f->rg.to = m == 12 ? time_from_cst(y + 1, 1, 1, 0, 0) : time_from_cst(y, m + 1, 1, 0, 0);
		snprintf(f->label, sizeof(f->label), "%04d-%02d", y, m);
		if (f->month[0] == '\0')
			snprintf(f->month, sizeof(f->month), "%04d-%02d", y, m);
	}
	if (f->nerrors)
		return 0;
	day_of(f->rg.from, f->day_from);
	day_of(f->rg.to - 86400, f->day_to);
	return 0;
}

/* Writes minutes as hours, as few decimals as need be (1.5, 2, 0.42). */
static void
hours_text(int64_t minutes, char *out, size_t len)
{
	size_t n;

	snprintf(out, len, "%.2f", (double)minutes / 60.0);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

/* Sets key of d to minutes as hours. */
static void
set_hours(struct tmpl_dict *d, const char *key, int64_t minutes)
{
	char h[32];

	hours_text(minutes, h, sizeof(h));
	tmpl_set(d, key, h);
}

/* Sets key of d to t's Beijing date and time to the minute, or "—". */
static void
set_time(struct tmpl_dict *d, const char *key, int64_t t)
{
	char when[20];

	if (t == 0) {
		tmpl_set(d, key, "—");
		return;
	}
	time_format_cst(t, when);
	when[16] = '\0';
	tmpl_set(d, key, when);
}

/* The rating as the ledger shows it: "5星·非常满意", or "". */
static void
rating_text(int level, char *out, size_t len)
{
	if (level >= 1 && level <= 5)
		snprintf(out, len, "%d星·%s", level, rating_label(level));
	else
		snprintf(out, len, "%s", "");
}

/* Writes t (Beijing) as an Excel date in cell (row, col), or leaves it empty. */
static void
xl_time(struct sink *k, int col, int64_t t)
{
	if (t)
		worksheet_write_unixtime(k->ws, k->row, col, t + BJ_OFFSET, k->fdate);
}

/* One request (ledger_orders' callback). */
void
sink_add_order(void *arg, const struct ledger_order *o)
{
	struct sink *k = arg;
	char rating[64];
	int done = strcmp(o->state, "completed") == 0 || strcmp(o->state, "rated") == 0 ||
	    strcmp(o->state, "unrated") == 0;

	k->orders++;
	k->done += done;
	k->rated += o->rating > 0;
	k->satisfied += o->rating >= 4;
	k->order_minutes += o->minutes;
	rating_text(o->rating, rating, sizeof(rating));
	if (k->d) {
		struct tmpl_dict *e = tmpl_add_section(k->d, "ORDER");
		tmpl_set(e, "CODE", o->code);
		tmpl_set(e, "SERVICE", o->service);
		tmpl_set(e, "PLACE", o->place);
		tmpl_set(e, "CHANNEL", ledger_channel_label(o->channel));
		tmpl_set(e, "STATE", order_state_label(o->state));
		tmpl_set(e, "TEAM", o->team[0] ? o->team : "—");
		tmpl_set(e, "VOLUNTEERS", o->volunteers[0] ? o->volunteers : "—");
		set_hours(e, "HOURS", o->minutes);
		set_time(e, "CREATED", o->created_at);
		set_time(e, "DISPATCHED", o->dispatched_at);
		set_time(e, "ACCEPTED", o->accepted_at);
		set_time(e, "COMPLETED", o->completed_at);
		tmpl_set(e, "RATING", rating[0] ? rating : "未评价");
	}
	if (k->ws) {
		k->row++;
		worksheet_write_string(k->ws, k->row, 0, o->code, NULL);
		worksheet_write_string(k->ws, k->row, 1, o->service, NULL);
		worksheet_write_string(k->ws, k->row, 2, o->place, NULL);
		worksheet_write_string(k->ws, k->row, 3, ledger_channel_label(o->channel), NULL);
		worksheet_write_string(k->ws, k->row, 4, order_state_label(o->state), NULL);
		worksheet_write_string(k->ws, k->row, 5, o->team, NULL);
		worksheet_write_string(k->ws, k->row, 6, o->volunteers, NULL);
		worksheet_write_number(k->ws, k->row, 7, (double)o->minutes / 60.0, k->fhours);
		xl_time(k, 8, o->created_at);
		xl_time(k, 9, o->dispatched_at);
		xl_time(k, 10, o->accepted_at);
		xl_time(k, 11, o->completed_at);
		if (o->rating)
			worksheet_write_number(k->ws, k->row, 12, o->rating, NULL);
		worksheet_write_string(k->ws, k->row, 13, rating_label(o->rating), NULL);
	}
}

/* One activity (ledger_activities' callback). */
void
sink_add_activity(void *arg, const struct ledger_activity *a)
{
	struct sink *k = arg;

	k->activities++;
	k->signups += a->signups;
	k->signed_in += a->signed_in;
	k->signed_out += a->signed_out;
	k->activity_minutes += a->minutes;
	if (k->d) {
		struct tmpl_dict *e = tmpl_add_section(k->d, "ACTIVITY");
		tmpl_set(e, "TITLE", a->title);
		tmpl_set(e, "ORGANISER", a->organiser);
		tmpl_set(e, "PLACE", a->place[0] ? a->place : "—");
		set_time(e, "STARTS", a->starts_at);
		tmpl_set_int(e, "SIGNUPS", a->signups);
		tmpl_set_int(e, "SIGNED_IN", a->signed_in);
		tmpl_set_int(e, "SIGNED_OUT", a->signed_out);
		set_hours(e, "HOURS", a->minutes);
	}
	if (k->ws) {
		k->row++;
		worksheet_write_string(k->ws, k->row, 0, a->title, NULL);
		worksheet_write_string(k->ws, k->row, 1, a->organiser, NULL);
		worksheet_write_string(k->ws, k->row, 2, a->place, NULL);
		xl_time(k, 3, a->starts_at);
		worksheet_write_number(k->ws, k->row, 4, a->signups, NULL);
		worksheet_write_number(k->ws, k->row, 5, a->signed_in, NULL);
		worksheet_write_number(k->ws, k->row, 6, a->signed_out, NULL);
		worksheet_write_number(k->ws, k->row, 7, (double)a->minutes / 60.0, k->fhours);
	}
}

/* One volunteer (ledger_volunteers' callback). */
void
sink_add_volunteer(void *arg, const struct ledger_volunteer *v)
{
	struct sink *k = arg;
	int64_t points = v->minutes * k->pph / 60;

	k->volunteers++;
	k->volunteer_minutes += v->minutes;
	k->points += points;
	if (k->d) {
		struct tmpl_dict *e = tmpl_add_section(k->d, "VOLUNTEER");
		tmpl_set(e, "NUMBER", v->number[0] ? v->number : "—");
		tmpl_set(e, "NAME", v->name);
		tmpl_set(e, "TEAMS", v->teams[0] ? v->teams : "—");
		set_hours(e, "HOURS", v->minutes);
		tmpl_set_int(e, "POINTS", points);
	}
	if (k->ws) {
		k->row++;
		worksheet_write_string(k->ws, k->row, 0, v->number, NULL);
		worksheet_write_string(k->ws, k->row, 1, v->name, NULL);
		worksheet_write_string(k->ws, k->row, 2, v->teams, NULL);
		worksheet_write_number(k->ws, k->row, 3, (double)v->minutes / 60.0, k->fhours);
		worksheet_write_number(k->ws, k->row, 4, (double)points, NULL);
	}
}

/* Sets the totals of k in d. */
static void
set_totals(struct tmpl_dict *d, const struct sink *k)
{
	tmpl_set_int(d, "T_ORDERS", k->orders);
	tmpl_set_int(d, "T_DONE", k->done);
	tmpl_set_int(d, "T_RATED", k->rated);
	tmpl_set_int(d, "T_SATISFIED", k->satisfied);
	set_hours(d, "T_ORDER_HOURS", k->order_minutes);
	tmpl_set_int(d, "T_ACTIVITIES", k->activities);
	tmpl_set_int(d, "T_SIGNUPS", k->signups);
	tmpl_set_int(d, "T_SIGNED_IN", k->signed_in);
	tmpl_set_int(d, "T_SIGNED_OUT", k->signed_out);
	set_hours(d, "T_ACTIVITY_HOURS", k->activity_minutes);
	tmpl_set_int(d, "T_VOLUNTEERS", k->volunteers);
	set_hours(d, "T_VOLUNTEER_HOURS", k->volunteer_minutes);
	tmpl_set_int(d, "T_POINTS", k->points);
}

/* Reads the three parts of f's ledger into k. Returns DB_OK or an error. */
static enum db_err
ledger_read_all(struct req *r, const struct lform *f, struct sink *k)
{
	enum db_err e;

	if ((e = ledger_orders(r->app->db, &f->rg, sink_add_order, k)) != DB_OK ||
	    (e = ledger_activities(r->app->db, &f->rg, sink_add_activity, k)) != DB_OK)
		return e;
	return ledger_volunteers(r->app->db, &f->rg, sink_add_volunteer, k);
}

/* Sets the form's values and errors in d. */
static void
form_show(struct tmpl_dict *d, const struct lform *f)
{
	static const struct { const char *key, *field, *label; size_t off; } errs[] = {
		{ "PLACE", "place", "地点", offsetof(struct lform, e_place) },
		{ "MONTH", "month", "月份", offsetof(struct lform, e_month) },
		{ "FROM", "from", "开始日期", offsetof(struct lform, e_from) },
		{ "TO", "to", "结束日期", offsetof(struct lform, e_to) },
	};
	char key[16];

	tmpl_set(d, "V_MONTH", f->month);
	/* A month field holds a month only: anything else typed is kept in a
	 * text field. */
	tmpl_set(d, "MONTH_TYPE", f->month[0] == '\0' || month_ok(f->month) ? "month" : "text");
	tmpl_set(d, "V_FROM", f->from);
	tmpl_set(d, "V_TO", f->to);
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const char *msg = (const char *)f + errs[i].off;
		if (msg[0] == '\0')
			continue;
		snprintf(key, sizeof(key), "E_%s", errs[i].key);
		tmpl_set(tmpl_add_section(d, key), "MSG", msg);
		struct tmpl_dict *e = tmpl_add_section(d, "ERROR_ITEM");
		tmpl_set(e, "FIELD", errs[i].field);
		tmpl_set(e, "LABEL", errs[i].label);
		tmpl_set(e, "MSG", msg);
	}
	if (f->nerrors) {
		tmpl_set_int(d, "NERRORS", f->nerrors);
		tmpl_show(d, "HAS_ERRORS");
	}
}

/* Sets the query string of f's ledger (for the links) in d as QS. */
static void
set_query(struct tmpl_dict *d, const struct lform *f)
{
	char qs[128];

	snprintf(qs, sizeof(qs), "place=%lld&from=%s&to=%s", (long long)f->rg.org_id,
	    f->day_from, f->day_to);
	tmpl_set(d, "QS", qs);
}

/* Checks that f's ledger holds at most max requests. Returns 0 if so; else
 * 1 with *rc the answer: the form with the reason beside the range (400;
 * *rc 0), or 500. */
int
lform_too_big(struct req *r, const struct lform *f, int64_t max, const char *what, int *rc)
{
	char msg[300];
	int64_t n;

	if (ledger_count(r->app->db, &f->rg, &n) != DB_OK) {
		*rc = 500;
		return 1;
	}
	if (n <= max)
		return 0;
	snprintf(msg, sizeof(msg), "%s 至 %s 有 %lld 件群众点单，%s最多 %lld 件：请缩短日期范围，"
	    "或选择一个所、站", f->day_from, f->day_to, (long long)n, what, (long long)max);
	*rc = lform_page(r, msg);
	return 1;
}

/* Renders the form page: with the ledger's totals when the input is good
 * (200), else with the errors (400); big (or NULL) is the reason the
 * range cannot be downloaded or printed, shown beside it (400). */
int
lform_page(struct req *r, const char *big)
{
	struct page pg;
	struct lform f;
	struct tmpl_dict *d;
	struct sink k = { .pph = r->app->cfg->points_per_hour };
	int rc;

	d = page_begin(r, &pg, "台账", "desk_ledger.tpl", "desk");
	if ((rc = lform_read(r, &f, d)) != 0) {
		tmpl_dict_free(pg.layout);
		return rc;
	}
	if (big)
		ferr(&f, f.from[0] ? f.e_to : f.e_month, sizeof(f.e_to), big);
	form_show(d, &f);
	if (f.nerrors)
		return page_finish_private(r, &pg, 400, NULL);
	if (ledger_read_all(r, &f, &k) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	struct tmpl_dict *s = tmpl_add_section(d, "LEDGER");
	tmpl_set(s, "PLACE_NAME", f.place_name);
	tmpl_set(s, "FROM", f.day_from);
	tmpl_set(s, "TO", f.day_to);
	set_query(s, &f);
	tmpl_set_int(s, "PER_HOUR", k.pph);
	set_totals(s, &k);
	return page_finish_private(r, &pg, 200, NULL);
}

/* GET /desk/ledger: the form, with the chosen ledger's totals. */
int
page_desk_ledger(struct req *r)
{
	return lform_page(r, NULL);
}

/* GET /desk/ledger/print: the chosen ledger on A4 pages, or the form with
 * the reason it cannot be printed. Returns 0 or the status. */
int
page_desk_ledger_print(struct req *r)
{
	struct page pg;
	struct lform f;
	struct tmpl_dict *d;
	struct sink k = { .pph = r->app->cfg->points_per_hour };
	char title[NAME_SIZE + 64];
	int rc;

	if ((rc = lform_read(r, &f, NULL)) != 0)
		return rc;
	if (f.nerrors)
		return lform_page(r, NULL);
	if (lform_too_big(r, &f, LEDGER_MAX_PRINT, "打印的台账", &rc))
		return rc;
	snprintf(title, sizeof(title), "台账：%s", f.place_name);
	d = page_begin(r, &pg, title, "desk_ledger_print.tpl", "desk");
	tmpl_show(pg.layout, "PRINT_CSS");
	k.d = d;
	if (ledger_read_all(r, &f, &k) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	tmpl_set(d, "PLACE_NAME", f.place_name);
	tmpl_set(d, "FROM", f.day_from);
	tmpl_set(d, "TO", f.day_to);
	tmpl_set_int(d, "PER_HOUR", k.pph);
	set_query(d, &f);
	set_totals(d, &k);
	set_time(d, "MADE", now_unix());
	if (k.orders == 0)
		tmpl_show(d, "NO_ORDERS");
	if (k.activities == 0)
		tmpl_show(d, "NO_ACTIVITIES");
	if (k.volunteers == 0)
		tmpl_show(d, "NO_VOLUNTEERS");
	return page_finish_private(r, &pg, 200, NULL);
}

