/*
 * desk_activities.c: the staff side of activities (每月有活动): "/desk/activities"
 * lists those of the signed-in person's place or team; "/desk/activities/new"
 * creates one (title, platform, project, site, start and end, capacity,
 * description, who may sign up); "/desk/activities/{id}" is the organiser's
 * page: the sign-ups with their sign-in and sign-out times and records of
 * service, the links to the sign-in and sign-out QR screens, cancelling,
 * and once it has ended its 活动风采: 发布活动风采 (desk_news.c), or a link
 * to the one written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/activity.h"
#include "model/catalog.h"
#include "model/news.h"
#include "model/org.h"
#include "model/team.h"
#include "http/session.h"
#include "lib/validate.h"
#include "view/qr.h"
#include "page/part/activity_view.h"
#include "page/part/page.h"

/* Returns the root of the sites the staff member may organise at (0: all). */
static int64_t
site_root(const struct req *r)
{
	const struct user *u = &r->signin->user;

	return u->role == ROLE_ADMIN || u->role == ROLE_DISPATCHER ? 0 : u->org_id;
}

/* Adds one activity to the ACTIVITY section of the list. */
struct rows {
	struct tmpl_dict	*d;
	int			 n;
};

static void
add_row(void *arg, const struct activity *a)
{
	struct rows *rows = arg;

	activity_fill(tmpl_add_section(rows->d, "ACTIVITY"), a);
	rows->n++;
}

int
page_desk_activities(struct req *r)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct page pg;
	struct rows rows = { 0 };

	rows.d = page_begin(r, &pg, "活动管理", "desk_activities.tpl", "desk");
	/* Those still to come, and those of the last 30 days (hours to confirm). */
	if (activity_each_in_scope(r->app->db, &sc, now_unix() - 30 * 86400, add_row,
	    &rows) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (rows.n == 0)
		tmpl_show(rows.d, "EMPTY");
	return page_finish_private(r, &pg, 200, NULL);
}

/* The create form as typed, and what is wrong with it. */
struct form {
	const struct kvlist	*in;
	struct tmpl_dict	*d;
	int64_t			 root;		/* sites offered: under this (0 all) */
	int			 leader;	/* open to the leader's own team only */
	/* validated values */
	int64_t			 platform_id, project_id, org_id, team_id;
	int			 nerrors;
};

/* Returns the typed value of field name, never NULL. */
static const char *
typed(const struct form *f, const char *name)
{
	const char *v = kv_get(f->in, name);

	return v ? v : "";
}

/* Marks field name wrong with message msg, for the field and the summary. */
static void
form_error(struct form *f, const char *name, const char *label, const char *msg)
{
	struct tmpl_dict *e = tmpl_add_section(f->d, "ERROR_ITEM");
	char key[32];
	struct tmpl_dict *s;

	tmpl_set(e, "FIELD", name);
	tmpl_set(e, "LABEL", label);
	tmpl_set(e, "MSG", msg);
	snprintf(key, sizeof(key), "E_%s", name);
	for (char *p = key; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	s = tmpl_add_section(f->d, key);
	tmpl_set(s, "MSG", msg);
	f->nerrors++;
}

static void
add_platform_opt(void *arg, const struct platform *p)
{
	struct form *f = arg;
	struct tmpl_dict *o = tmpl_add_section(f->d, "PLATFORM_OPT");

	tmpl_set(o, "CODE", p->code);
	tmpl_set(o, "NAME", p->name);
	if (strcmp(typed(f, "platform"), p->code) == 0) {
		tmpl_show(o, "SELECTED");
		f->platform_id = p->id;
	}
}

static void
add_project_opt(void *arg, const struct project *p)
{
	struct form *f = arg;
	struct tmpl_dict *o = tmpl_add_section(f->d,
	    strcmp(p->kind, "fixed") == 0 ? "FIXED_OPT" : "FEATURED_OPT");

	tmpl_set(o, "CODE", p->code);
	tmpl_set(o, "NAME", p->name);
	if (strcmp(typed(f, "project"), p->code) == 0) {
		tmpl_show(o, "SELECTED");
		f->project_id = p->id;
	}
}

static void
add_site_opt(void *arg, const struct org_site *s)
{
	struct form *f = arg;
	struct tmpl_dict *o = tmpl_add_section(f->d, "SITE_OPT");
	char id[24], label[300];

	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	if (strcmp(s->kind, "station") == 0 || strcmp(s->kind, "base") == 0)
		snprintf(label, sizeof(label), "%s · %s%s", s->parent_name, s->name,
		    s->is_demo ? "（演示）" : "");
	else
		snprintf(label, sizeof(label), "%s", s->name);
	tmpl_set(o, "ID", id);
	tmpl_set(o, "NAME", label);
	if (strcmp(typed(f, "site"), id) == 0) {
		tmpl_show(o, "SELECTED");
		f->org_id = s->id;
	}
}

static void
add_team_opt(void *arg, const struct team *t)
{
	struct form *f = arg;
	struct tmpl_dict *o;
	char id[24];

	if (!t->active)
		return;
	o = tmpl_add_section(f->d, "TEAM_OPT");
	snprintf(id, sizeof(id), "%lld", (long long)t->id);
	tmpl_set(o, "ID", id);
	tmpl_set(o, "NAME", t->name);
	if (strcmp(typed(f, "team"), id) == 0) {
		tmpl_show(o, "SELECTED");
		f->team_id = t->id;
	}
}

/* Fills the pickers and the typed text of the form into f->d, noting the
 * ids of the chosen options. Returns DB_OK or an error. */
static enum db_err
form_fill(struct req *r, struct form *f)
{
	static const char *const fields[] = { "title", "place", "start", "end",
	    "capacity", "summary" };
	struct db *db = r->app->db;
	const char *open_to = typed(f, "open_to");
	enum db_err e;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char key[16];
		snprintf(key, sizeof(key), "V_%s", fields[i]);
		for (char *p = key; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		tmpl_set(f->d, key, typed(f, fields[i]));
	}
	if (f->leader) {
		tmpl_set(f->d, "LEADER_TEAM", r->signin->user.team_name);
		tmpl_show(f->d, "LEADER");
	} else {
		tmpl_show(f->d, "CHOOSE_OPEN_TO");
		tmpl_show(f->d, strcmp(open_to, "area") == 0 ? "OPEN_AREA" :
		    strcmp(open_to, "team") == 0 ? "OPEN_TEAM" : "OPEN_ALL");
	}
	if ((e = catalog_each_platform(db, add_platform_opt, f)) != DB_OK ||
	    (e = catalog_each_project(db, "fixed", add_project_opt, f)) != DB_OK ||
	    (e = catalog_each_project(db, "featured", add_project_opt, f)) != DB_OK ||
	    (e = org_each_within(db, f->root, add_site_opt, f)) != DB_OK)
		return e;
	if (!f->leader && (e = team_each(db, add_team_opt, f)) != DB_OK)
		return e;
	tmpl_set(f->d, "CSRF", r->signin->sess.csrf);
	return DB_OK;
}

/* Starts the form page for r; fills f. Returns 0 or an HTTP status. */
static int
form_begin(struct req *r, struct page *pg, struct form *f, const struct kvlist *in)
{
	const struct user *u = &r->signin->user;

	memset(f, 0, sizeof(*f));
	f->in = in;
	f->root = site_root(r);
	f->leader = u->role == ROLE_LEADER;
	f->d = page_begin(r, pg, "新建活动", "desk_activity_form.tpl", "desk");
	if (form_fill(r, f) != DB_OK) {
		tmpl_dict_free(pg->layout);
		return 500;
	}
	return 0;
}

int
page_desk_activity_new_form(struct req *r)
{
	struct page pg;
	struct form f;
	int rc;

	if ((rc = form_begin(r, &pg, &f, &r->query)) != 0)
		return rc;
	if (kv_get(&r->query, "capacity") == NULL)
		tmpl_set(f.d, "V_CAPACITY", "30");
	return page_finish_private(r, &pg, 200, NULL);
}

/* Checks a one-line or multi-line text field; adds the error. Returns the
 * trimmed value (the caller frees it). */
static char *
check_text(struct form *f, const char *name, const char *label, size_t max, int required,
    int one_line)
{
	char *v = str_trim(typed(f, name)), msg[160];
	enum valid e = one_line ? valid_line(v, max, required) : valid_text(v, max, required);

	if (e != VALID_OK) {
		valid_message(e, max, msg, sizeof(msg));
		form_error(f, name, label, msg);
	}
	return v;
}

int
page_desk_activity_new(struct req *r)
{
	struct page pg;
	struct form f;
	struct activity_new n = { 0 };
	const char *open_to = kv_get(&r->form, "open_to"), *cap = kv_get(&r->form, "capacity");
	char *title, *place, *summary, *end = NULL;
	int64_t now = now_unix(), id = 0;
	long capacity;
	enum model_err e;
	int rc;

	if ((rc = form_begin(r, &pg, &f, &r->form)) != 0)
		return rc;
	title = check_text(&f, "title", "活动名称", 60, 1, 1);
	if (f.platform_id == 0)
		form_error(&f, "platform", "服务平台", "请选择活动所属的服务平台");
	if (typed(&f, "project")[0] && f.project_id == 0)
		form_error(&f, "project", "服务项目", "请从列表中选择服务项目，或选“不属于具体项目”");
	if (f.org_id == 0)
		form_error(&f, "site", "举办站点", "请从列表中选择举办活动的站点");
	place = check_text(&f, "place", "具体地点", 100, 0, 1);
	n.starts_at = time_parse_local(kv_get(&r->form, "start"));
	n.ends_at = time_parse_local(kv_get(&r->form, "end"));
	if (n.starts_at < 0)
		form_error(&f, "start", "开始时间", "请填写开始的日期和时间");
	else if (n.starts_at < now - 86400)
		form_error(&f, "start", "开始时间", "开始时间已过去一天以上，请填写将要举办的时间");
	if (n.ends_at < 0)
		form_error(&f, "end", "结束时间", "请填写结束的日期和时间");
	else if (n.starts_at >= 0 && n.ends_at <= n.starts_at)
		form_error(&f, "end", "结束时间", "结束时间要晚于开始时间");
	else if (n.starts_at >= 0 && n.ends_at - n.starts_at > 86400)
		form_error(&f, "end", "结束时间", "一次活动不超过24小时；连续几天的活动请按天分别发布");
	capacity = cap && *cap ? strtol(cap, &end, 10) : 0;
	if (cap == NULL || *cap == '\0' || *end != '\0' || capacity < 1 || capacity > 1000)
		form_error(&f, "capacity", "人数上限", "请填写1到1000之间的人数");
	summary = check_text(&f, "summary", "活动内容", 1000, 1, 0);
	if (f.leader) {
		n.open_to = "team";
		n.team_id = r->signin->user.team_id;
	} else if (open_to && (strcmp(open_to, "all") == 0 || strcmp(open_to, "area") == 0)) {
		n.open_to = open_to;
	} else if (open_to && strcmp(open_to, "team") == 0) {
		n.open_to = "team";
		if ((n.team_id = f.team_id) == 0)
			form_error(&f, "team", "服务队", "只限一支服务队报名时，请选择是哪支服务队");
	} else
		form_error(&f, "open_to", "报名范围", "请选择哪些志愿者可以报名");
	if (f.nerrors == 0) {
		n.title = title;
		n.place = place;
		n.summary = summary;
		n.platform_id = f.platform_id;
		n.project_id = f.project_id;
		n.org_id = f.org_id;
		n.capacity = (int)capacity;
		n.created_by = r->signin->user.id;
		e = activity_create(r->app->db, &n, &id);
		if (e == MODEL_OK) {
			char url[64];
			free(title), free(place), free(summary);
			tmpl_dict_free(pg.layout);
			snprintf(url, sizeof(url), "/desk/activities/%lld?new=1", (long long)id);
			return page_redirect(r, url);
		}
		free(title), free(place), free(summary);
		if (e == MODEL_BUSY)
			return page_finish_private(r, &pg, 503,
			    "系统正忙，活动还没有保存。您填写的内容都在下面，请稍后再提交一次。");
		tmpl_dict_free(pg.layout);
		return 500;
	}
	free(title), free(place), free(summary);
	tmpl_set_int(f.d, "NERRORS", f.nerrors);
	tmpl_show(f.d, "HAS_ERRORS");
	return page_finish_private(r, &pg, 400, NULL);
}

/* What the organiser's page collects. */
struct organiser {
	struct tmpl_dict	*d;
	int64_t			 starts_at, ends_at;
	int			 open;
	int			 n, in, out;
};

static void
fill_activity(void *arg, const struct activity *a)
{
	struct organiser *o = arg;

	activity_fill(o->d, a);
	o->starts_at = a->starts_at;
	o->ends_at = a->ends_at;
	o->open = strcmp(a->status, "open") == 0;
}

static void
add_signup(void *arg, const struct activity_signup *s)
{
	struct organiser *o = arg;
	struct tmpl_dict *d = tmpl_add_section(o->d, "SIGNUP");
	char t[20];

	tmpl_set(d, "NAME", s->name);
	tmpl_set(d, "NUMBER", s->number);
	if (strcmp(s->state, "withdrawn") == 0) {
		tmpl_set(d, "STATE", "已取消报名");
		return;
	}
	tmpl_set(d, "STATE", "已报名");
	o->n++;
	if (s->checkin_at) {
		time_format_cst(s->checkin_at, t);
		t[16] = '\0';
		tmpl_set(d, "IN", t + 11);
		o->in++;
	} else
		tmpl_set(d, "IN", "—");
	if (s->checkout_at) {
		time_format_cst(s->checkout_at, t);
		t[16] = '\0';
		tmpl_set(d, "OUT", t + 11);
		o->out++;
	} else
		tmpl_set(d, "OUT", "—");
	if (s->hour_id) {
		tmpl_set_int(d, "MINUTES", s->minutes);
		tmpl_set(d, "HOUR_STATUS", strcmp(s->hour_status, "confirmed") == 0 ?
		    "已确认" : "待确认");
		tmpl_show(d, "HAS_HOURS");
		if (strcmp(s->hour_status, "pending") == 0) {
			tmpl_set_int(d, "HOUR_ID", s->hour_id);
			tmpl_show(d, "CAN_CONFIRM");
		}
	}
}

/* Reads the activity of the path's {id} if it is in the staff member's
 * scope. Returns the id, 0 if not found or not theirs (404), -1 on error. */
static int64_t
path_activity(struct req *r)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	int in;

	if ((in = activity_in_scope(r->app->db, &sc, r->path_id)) <= 0)
		return in;
	return r->path_id;
}

/* Notes the activity's 活动风采 on the organiser's page. */
static void
got_fengcai(void *arg, const struct news *n)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "FENGCAI_EDIT");

	tmpl_set_int(d, "NEWS_ID", n->id);
	tmpl_set(d, "NEWS_TITLE", n->title);
	tmpl_show(d, n->published ? "F_PUBLISHED" : "F_DRAFT");
}

/* Adds what the organiser's page offers of the activity's 活动风采 to d:
 * for staff of places (team leaders write no articles), once the activity
 * has ended, the link to write it or to the one written; before, a note.
 * Returns 0, or -1 on a database error. */
static int
fengcai_offer(struct req *r, struct tmpl_dict *d, int64_t id, const struct organiser *o,
    int64_t now)
{
	int found = 0;

	if (r->signin->user.role == ROLE_LEADER || !o->open)
		return 0;
	if (now < o->ends_at) {
		tmpl_show(d, "FENGCAI_LATER");
		return 0;
	}
	if (news_of_activity(r->app->db, id, 0, got_fengcai, d, &found) != DB_OK)
		return -1;
	if (!found)
		tmpl_show(d, "FENGCAI_NEW");
	return 0;
}

/* Renders the organiser's page of activity id with status and notice. */
static int
organiser_render(struct req *r, int64_t id, int status, const char *notice)
{
	struct organiser o = { 0 };
	struct page pg;
	int found, rc, one = 1;
	int64_t now = now_unix();

	o.d = page_begin(r, &pg, "活动组织", "desk_activity.tpl", "desk");
	rc = activity_find_status(activity_find(r->app->db, id, fill_activity, &o, &found), &found);
	if (rc == 0)
		rc = activity_find_status(activity_each_signup(r->app->db, id, add_signup, &o), &one);
	if (rc != 0) {
		tmpl_dict_free(pg.layout);
		return rc;
	}
	tmpl_set(o.d, "CSRF", r->signin->sess.csrf);
	tmpl_set_int(o.d, "N_SIGNED", o.n);
	tmpl_set_int(o.d, "N_IN", o.in);
	tmpl_set_int(o.d, "N_OUT", o.out);
	if (o.n == 0)
		tmpl_show(o.d, "NO_SIGNUPS");
	if (o.open && now <= o.ends_at + ACTIVITY_CHECKOUT_LATE)
		tmpl_show(o.d, "CAN_SHOW_QR");
	if (o.open && now < o.ends_at)
		tmpl_show(o.d, "CAN_CANCEL");
	if (fengcai_offer(r, o.d, id, &o, now) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish_private(r, &pg, status, notice);
}

int
page_desk_activity(struct req *r)
{
	int64_t id = path_activity(r);
	const char *q = kv_get(&r->query, "new");

	if (id <= 0)
		return id == 0 ? 404 : 500;
	return organiser_render(r, id, 200, q && strcmp(q, "1") == 0 ?
	    "活动已发布，志愿者现在可以在活动页面报名。" : NULL);
}

int
page_desk_activity_cancel(struct req *r)
{
	int64_t id = path_activity(r);
	enum model_err e;

	if (id <= 0)
		return id == 0 ? 404 : 500;
	e = activity_cancel(r->app->db, id);
	if (e == MODEL_CLOSED)
		return organiser_render(r, id, 409, "这个活动已经取消过了。");
	if (e != MODEL_OK)
		return model_status(e);
	return organiser_render(r, id, 200, "活动已取消，活动页面会告诉已报名的志愿者。");
}

/* Writes the link a scanned code opens into url. Returns 0, or -1. */
static int
qr_link(struct req *r, int64_t id, enum activity_check what, char *url, size_t len)
{
	char token[ACTIVITY_TOKEN_LEN + 1], base[256];

	if (activity_qr_token(r->app->db, id, what, now_unix(), token) != 0)
		return -1;
	snprintf(url, len, "%s/a/%lld/%s/%s", page_base_url(r, base, sizeof(base)),
	    (long long)id, what == CHECK_IN ? "in" : "out", token);
	return 0;
}

/* The organiser's screen of the sign-in (what CHECK_IN) or sign-out code:
 * the page (svg 0) or the image (svg 1). Returns 0 or an HTTP status. */
static int
qr_show(struct req *r, enum activity_check what, int svg)
{
	struct organiser o = { 0 };
	int64_t id = path_activity(r);
	char url[400];
	struct page pg;
	int found, rc;

	if (id <= 0)
		return id == 0 ? 404 : 500;
	if (qr_link(r, id, what, url, sizeof(url)) != 0)
		return 404;
	if (svg) {
		struct buf b;
		buf_init(&b);
		if (qr_svg(url, what == CHECK_IN ? "活动签到二维码" : "活动签退二维码", &b) != 0) {
			buf_free(&b);
			return 500;
		}
		http_header(r, "Content-Type", "image/svg+xml; charset=utf-8");
		http_header(r, "Cache-Control", "no-store");
		http_body(r, b.data, b.len);
		buf_free(&b);
		return 0;
	}
	o.d = page_begin(r, &pg, what == CHECK_IN ? "签到码" : "签退码", "activity_qr.tpl", "desk");
	if ((rc = activity_find_status(activity_find(r->app->db, id, fill_activity, &o, &found),
	    &found)) != 0) {
		tmpl_dict_free(pg.layout);
		return rc;
	}
	if (!o.open) {
		tmpl_dict_free(pg.layout);
		return 404;
	}
	tmpl_set(o.d, "WHAT", what == CHECK_IN ? "签到" : "签退");
	tmpl_set(o.d, "WHAT_PATH", what == CHECK_IN ? "in" : "out");
	tmpl_set(o.d, "OTHER_PATH", what == CHECK_IN ? "out" : "in");
	tmpl_set(o.d, "OTHER", what == CHECK_IN ? "签退" : "签到");
	tmpl_set(o.d, "LINK", url);
	tmpl_set_int(o.d, "STEP", now_unix() / ACTIVITY_QR_STEP);
	return page_finish_private(r, &pg, 200, NULL);
}

/* GET "/desk/activities/{id}/qr/in": the current sign-in code, large
 * (static/qr-screen.js reloads it every minute). */
int
page_desk_activity_qr_in(struct req *r)
{
	return qr_show(r, CHECK_IN, 0);
}

/* GET "/desk/activities/{id}/qr/out": the current sign-out code, large. */
int
page_desk_activity_qr_out(struct req *r)
{
	return qr_show(r, CHECK_OUT, 0);
}

/* GET "/desk/activities/{id}/qr/in.svg": the sign-in code's image. */
int
page_desk_activity_qr_in_svg(struct req *r)
{
	return qr_show(r, CHECK_IN, 1);
}

/* GET "/desk/activities/{id}/qr/out.svg": the sign-out code's image. */
int
page_desk_activity_qr_out_svg(struct req *r)
{
	return qr_show(r, CHECK_OUT, 1);
}
