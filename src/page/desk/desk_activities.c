/*
 * desk_activities.c: the staff side of activities (每月有活动): "/desk/activities"
 * lists those of the signed-in person's place or team; "/desk/activities/new"
 * creates one (title, platform, project, site, start and end, capacity,
 * description, who may sign up). The organiser's page of one activity, its
 * cancelling and its QR screens are desk_activity_organise.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/activity.h"
#include "model/catalog.h"
#include "model/org.h"
#include "model/team.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/activity_view.h"
#include "page/part/page.h"

/* Returns the root of the sites the staff member may organise at (0: all). */
static int64_t
site_root(const struct req *r)
{
	const struct user *u = &r->signin->user;

	return u->role == ROLE_ADMIN || u->role == ROLE_DISPATCHER ? 0 : u->org_id;
}

/* The list being built: its dictionary and how many rows it has. */
struct rows {
	struct tmpl_dict	*d;
	int			 n;
};

/* Adds one activity to the ACTIVITY section of the list. */
static void
add_row(void *arg, const struct activity *a)
{
	struct rows *rows = arg;

	activity_fill(tmpl_add_section(rows->d, "ACTIVITY"), a);
	rows->n++;
}

/* GET "/desk/activities": the activities of the staff member's place or
 * team, those to come and those of the last 30 days. Returns 0 or an HTTP
 * status. */
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

/* Adds one platform to its picker of the form, chosen if it was typed. */
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

/* Adds one project to its picker of the form, chosen if it was typed. */
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

/* Adds one site to its picker of the form, chosen if it was typed. */
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

/* Adds one active team to its picker of the form, chosen if it was typed. */
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

/* GET "/desk/activities/new": the empty create form. Returns 0 or an HTTP
 * status. */
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

/* POST "/desk/activities/new": creates the activity and goes to its
 * organiser's page, or shows the form again with what is wrong beside each
 * field. Returns 0 or an HTTP status. */
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
