/*
 * admin_teams.c: "/admin/teams": the admin adds volunteer teams and changes
 * their name, kind, area (the district or one 所) and platform specialties,
 * which the dispatch form uses to suggest teams; a team can be stood down
 * (inactive) without losing its history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/catalog.h"
#include "model/org.h"
#include "model/team.h"
#include "http/session.h"
#include "lib/id.h"
#include "lib/validate.h"
#include "page/part/page.h"

static const char *const kinds[] = { "corps", "branch", "professional", "social" };

/* A team form as typed; id 0 is the add form. */
struct team_form {
	int64_t		 id;
	const char	*name, *kind, *area, *active;
	const char	*platforms[8];
	size_t		 nplatforms;
	const char	*error;
};

struct ctx {
	struct db		*db;
	struct tmpl_dict	*d, *row;
	const struct team_form	*f;
	const char		*kind, *platforms;	/* of the row being filled */
	int64_t			 area;
	int			 mine, failed;
};

/* Returns the area id the form chose (lib/id.h), or 0 if it holds none. */
static int64_t
area_id(const char *s)
{
	int64_t id = 0;

	return id_parse(s, &id) == 0 ? id : 0;
}

/* Returns 1 if code is among the form's platforms (mine) or in the row's
 * comma-separated list. */
static int
has_platform(const struct ctx *c, const char *code)
{
	if (c->mine) {
		for (size_t i = 0; i < c->f->nplatforms; i++)
			if (strcmp(c->f->platforms[i], code) == 0)
				return 1;
		return 0;
	}
	for (const char *p = c->platforms; p && *p;) {
		size_t n = strcspn(p, ",");
		if (strlen(code) == n && strncmp(p, code, n) == 0)
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

static void
add_platform(void *arg, const struct platform *p)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->row, "PLATFORM_OPT");

	tmpl_set(d, "PCODE", p->code);
	tmpl_set(d, "PNAME", p->name);
	if (has_platform(c, p->code))
		tmpl_show(d, "CHECKED");
}

static void
add_area(void *arg, const struct org_institute *o)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->row, "AREA_OPT");

	tmpl_set_int(d, "AID", o->id);
	tmpl_set(d, "ANAME", o->name);
	if (o->id == c->area)
		tmpl_show(d, "SELECTED");
}

/* Fills the kind, area and platform choices of c->row. */
static void
fill_choices(struct ctx *c)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct tmpl_dict *k = tmpl_add_section(c->row, "KIND_OPT");
		tmpl_set(k, "KCODE", kinds[i]);
		tmpl_set(k, "KNAME", team_kind_label(kinds[i]));
		if (c->kind && strcmp(c->kind, kinds[i]) == 0)
			tmpl_show(k, "SELECTED");
	}
	tmpl_set_int(c->row, "CENTER_ID", org_center_id(c->db));
	if (c->area == org_center_id(c->db))
		tmpl_show(c->row, "CENTER_SELECTED");
	if (org_each_institute(c->db, add_area, c) != DB_OK ||
	    catalog_each_platform(c->db, add_platform, c) != DB_OK)
		c->failed = 1;
}

static void
add_row(void *arg, const struct team *t)
{
	struct ctx *c = arg;

	c->mine = c->f->id == t->id;
	c->row = tmpl_add_section(c->d, "TEAM");
	tmpl_set_int(c->row, "ID", t->id);
	tmpl_set(c->row, "NAME", c->mine ? c->f->name : t->name);
	tmpl_set(c->row, "KIND_LABEL", team_kind_label(t->kind));
	tmpl_set(c->row, "AREA_NAME", t->org_name);
	if (c->mine ? c->f->active != NULL : t->active)
		tmpl_show(c->row, "ACTIVE");
	if (!t->active)
		tmpl_show(c->row, "STOOD_DOWN");
	if (t->is_demo)
		tmpl_show(c->row, "DEMO");
	if (c->mine) {
		tmpl_set(c->row, "ROW_ERROR", c->f->error);
		tmpl_show(c->row, "HAS_ROW_ERROR");
		tmpl_show(c->row, "OPEN");
	}
	c->kind = c->mine ? c->f->kind : t->kind;
	c->area = c->mine ? area_id(c->f->area) : t->org_id;
	c->platforms = t->platforms;
	fill_choices(c);
}

static int
render(struct req *r, int status, const struct team_form *f, const char *notice)
{
	struct page pg;
	struct ctx c = { .db = r->app->db, .f = f };
	struct tmpl_dict *add;

	c.d = page_begin(r, &pg, "服务队管理", "admin_teams.tpl", "desk");
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	add = tmpl_add_section(c.d, "ADD");
	tmpl_set(add, "V_NAME", f->id == 0 && f->name ? f->name : "");
	if (f->id == 0 && f->error) {
		tmpl_set(add, "ERROR", f->error);
		tmpl_show(add, "HAS_ERROR");
	}
	c.row = add;
	c.mine = f->id == 0;
	c.kind = f->id == 0 && f->kind ? f->kind : "professional";
	c.area = f->id == 0 && f->area ? area_id(f->area) : org_center_id(c.db);
	fill_choices(&c);
	if (team_each(c.db, add_row, &c) != DB_OK || c.failed) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish_private(r, &pg, status, notice);
}

int
page_admin_teams(struct req *r)
{
	struct team_form f = { .id = -1 };
	const char *done = kv_get(&r->query, "done");

	return render(r, 200, &f, done && strcmp(done, "1") == 0 ? "已保存。" : NULL);
}

/* Reads, checks and saves a team form (id 0: a new team). */
static int
save(struct req *r, int64_t id)
{
	struct team_form f = { .id = id, .name = kv_get(&r->form, "name"),
		.kind = kv_get(&r->form, "kind"), .area = kv_get(&r->form, "area"),
		.active = id ? kv_get(&r->form, "active") : "1" };
	int64_t area, center = org_center_id(r->app->db), parent;
	int known = 0, taken = 0;
	enum db_err e;

	for (size_t i = 0; i < r->form.n && f.nplatforms < 8; i++)
		if (strcmp(r->form.v[i].key, "platform") == 0)
			f.platforms[f.nplatforms++] = r->form.v[i].val;
	for (size_t i = 0; f.kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		known |= strcmp(f.kind, kinds[i]) == 0;
	area = area_id(f.area);
	parent = area > 0 ? org_parent_id(r->app->db, area) : -1;
	if (f.name == NULL || valid_line(f.name, 40, 1) != VALID_OK)
		f.error = "请填写服务队名称（不超过40个字）";
	else if (!known)
		f.error = "请选择服务队类别";
	else if (area != center && parent != center)
		f.error = "服务范围请选择全区或一个实践所";
	if (f.error)
		return render(r, 400, &f, NULL);
	e = team_save(r->app->db, id, f.name, f.kind, area, f.platforms, f.nplatforms,
	    f.active != NULL, &taken);
	if (e == DB_OK)
		return page_redirect(r, "/admin/teams?done=1");
	if (taken) {
		f.error = "已经有同名的服务队";
		return render(r, 400, &f, NULL);
	}
	return model_status(model_err_of(e));
}

int
page_admin_team_add(struct req *r)
{
	return save(r, 0);
}

/* POST "/admin/teams/{id}": saves the team of the path's {id}. */
int
page_admin_team_edit(struct req *r)
{
	return save(r, r->path_id);
}
