/*
 * admin_users.c: "/admin/users": the admin lists staff accounts, adds one
 * (with a first password the person should change with `sidan user passwd`
 * or by asking the admin), and disables or enables accounts. Disabling ends
 * the account's sessions at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/org.h"
#include "model/team.h"
#include "model/user.h"
#include "lib/password.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/page.h"

/* What the add form holds and what is wrong with it. */
struct add_form {
	const char	*login, *name, *role, *org, *team;
	const char	*error;		/* one message for the form, or NULL */
};

struct ctx {
	struct tmpl_dict	*d;
	const struct add_form	*f;
};

static void
add_row(void *arg, const struct user *u)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "USER");

	tmpl_set_int(d, "ID", u->id);
	tmpl_set(d, "LOGIN", u->login);
	tmpl_set(d, "NAME", u->name);
	tmpl_set(d, "ROLE", role_label(u->role));
	tmpl_set(d, "PLACE", u->team_id ? u->team_name : u->org_name);
	tmpl_show(d, u->disabled ? "DISABLED" : "ACTIVE");
}

static void
add_place(void *arg, const struct org_institute *o)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "PLACE_OPT");

	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "NAME", o->name);
	if (c->f->org && strcmp(c->f->org, o->code) == 0)
		tmpl_show(d, "SELECTED");
}

static void
add_station(void *arg, const struct org_station *o)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "STATION_OPT");

	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "NAME", o->name);
	tmpl_set(d, "GROUP", o->institute_name);
	if (c->f->org && strcmp(c->f->org, o->code) == 0)
		tmpl_show(d, "SELECTED");
}

static void
add_team(void *arg, const struct team *t)
{
	struct ctx *c = arg;
	struct tmpl_dict *d;

	if (!t->active)
		return;
	d = tmpl_add_section(c->d, "TEAM_OPT");
	tmpl_set(d, "NAME", t->name);
	if (c->f->team && strcmp(c->f->team, t->name) == 0)
		tmpl_show(d, "SELECTED");
}

/* Renders the page with status and the add form as f holds it. */
static int
render(struct req *r, int status, const struct add_form *f, const char *notice)
{
	static const char *const roles[] = { "admin", "dispatcher", "institute", "station", "leader" };
	struct db *db = r->app->db;
	struct page pg;
	struct ctx c;

	c.d = page_begin(r, &pg, "工作人员账号", "admin_users.tpl", "desk");
	c.f = f;
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	if (user_each(db, add_row, &c) != MODEL_OK || org_each_institute(db, add_place, &c) != DB_OK ||
	    org_each_station(db, add_station, &c) != DB_OK || team_each(db, add_team, &c) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		struct tmpl_dict *o = tmpl_add_section(c.d, "ROLE_OPT");
		enum role ro;
		role_parse(roles[i], &ro);
		tmpl_set(o, "CODE", roles[i]);
		tmpl_set(o, "LABEL", role_label(ro));
		if (f->role && strcmp(f->role, roles[i]) == 0)
			tmpl_show(o, "SELECTED");
	}
	tmpl_set(c.d, "V_LOGIN", f->login ? f->login : "");
	tmpl_set(c.d, "V_NAME", f->name ? f->name : "");
	if (f->error) {
		tmpl_set(c.d, "ERROR", f->error);
		tmpl_show(c.d, "HAS_ERROR");
	}
	return page_finish_private(r, &pg, status, notice);
}

int
page_admin_users(struct req *r)
{
	struct add_form f = { 0 };
	const char *done = kv_get(&r->query, "done");

	return render(r, 200, &f, done && strcmp(done, "1") == 0 ? "已保存。" : NULL);
}

int
page_admin_user_add(struct req *r)
{
	struct add_form f = {
		.login = kv_get(&r->form, "login"), .name = kv_get(&r->form, "name"),
		.role = kv_get(&r->form, "role"), .team = kv_get(&r->form, "team"),
	};
	const char *pw = kv_get(&r->form, "password"), *problem;
	const char *org_inst = kv_get(&r->form, "org_institute");
	const char *org_station = kv_get(&r->form, "org_station");
	char hash[crypto_pwhash_STRBYTES];
	enum role role;
	enum model_err e;

	f.org = f.role && strcmp(f.role, "station") == 0 ? org_station :
	    f.role && strcmp(f.role, "institute") == 0 ? org_inst : "140602000000";
	if (f.login == NULL || strlen(f.login) < 3 || strlen(f.login) > 64 ||
	    strspn(f.login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(f.login))
		f.error = "账号需要3到64个字符，只能用小写字母、数字和 . _ -";
	else if (f.name == NULL || valid_line(f.name, 20, 1) != VALID_OK)
		f.error = "请填写姓名（不超过20个字）";
	else if (f.role == NULL || role_parse(f.role, &role) != 0)
		f.error = "请选择角色";
	else if (pw == NULL || (problem = password_problem(pw)) != NULL)
		f.error = pw == NULL ? "请设置初始密码" : problem;
	if (f.error)
		return render(r, 400, &f, NULL);
	if (password_hash(pw, hash) != 0)
		return 500;
	e = user_add(r->app->db, f.login, f.name, role, f.org,
	    role == ROLE_LEADER ? f.team : NULL, hash, NULL);
	switch (e) {
	case MODEL_OK:
		return page_redirect(r, "/admin/users?done=1");
	case MODEL_EXISTS:
		f.error = "这个账号已经有人使用，请换一个";
		return render(r, 400, &f, NULL);
	case MODEL_BAD_ORG:
		f.error = role == ROLE_STATION ? "请选择所在的实践站" : "请选择所在的实践所";
		return render(r, 400, &f, NULL);
	case MODEL_BAD_TEAM:
		f.error = "队长需要选择所在的服务队";
		return render(r, 400, &f, NULL);
	case MODEL_BUSY:
	case MODEL_FULL:
		return 503;
	default:
		return 500;
	}
}

/* Disables (off 1) or enables the account of the path's {id}; an admin
 * cannot disable the account they are using. Returns 0 or a status. */
static int
user_set(struct req *r, int off)
{
	int64_t id = r->path_id;
	struct add_form f = { 0 };
	struct user u;
	enum model_err e;

	if (user_by_id(r->app->db, id, &u) != MODEL_OK)
		return 404;
	if (off && id == r->signin->user.id)
		return render(r, 409, &f, "不能停用自己正在使用的账号。");
	e = user_set_disabled(r->app->db, id, off);
	if (e != MODEL_OK)
		return model_status(e);
	return page_redirect(r, "/admin/users?done=1");
}

/* POST "/admin/users/{id}/disable": the account can no longer sign in. */
int
page_admin_user_disable(struct req *r)
{
	return user_set(r, 1);
}

/* POST "/admin/users/{id}/enable": the account can sign in again. */
int
page_admin_user_enable(struct req *r)
{
	return user_set(r, 0);
}
