/*
 * admin_services.c: "/admin/services": the admin edits the service menu:
 * adds items, changes their name, platform, description, due time and 督办
 * time (督办时限: hours a dispatched or published request may wait for a
 * volunteer before its 所, then the centre, are told), and retires or
 * restores them. Open311's service list follows at once, since it reads the
 * same table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/catalog.h"
#include "model/service.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/page.h"

/* A service form as typed; create 0 means the row named by code was edited.
 * error is shown above the form, esc_error beside the 督办时限 field. */
struct svc_form {
	const char	*code, *name, *platform, *summary, *due, *escalate, *active;
	int		 create;
	const char	*error;
	const char	*esc_error;
};

/* The 督办时限 a service may have, in hours (schema: services.escalate_hours). */
#define ESC_MIN	1
#define ESC_MAX	720

struct ctx {
	struct db		*db;
	struct tmpl_dict	*d;
	struct tmpl_dict	*row;		/* where platform options go */
	const struct svc_form	*f;
	const char		*selected;	/* the platform to mark */
	int			 failed;
};

static void
add_platform(void *arg, const struct platform *p)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->row, "PLATFORM_OPT");

	tmpl_set(d, "CODE", p->code);
	tmpl_set(d, "NAME", p->name);
	if (c->selected && strcmp(c->selected, p->code) == 0)
		tmpl_show(d, "SELECTED");
}

static void
add_row(void *arg, const struct service *s)
{
	struct ctx *c = arg;
	const struct svc_form *f = c->f;
	int mine = !f->create && f->code && strcmp(f->code, s->code) == 0;
	char due[16], esc[16];

	c->row = tmpl_add_section(c->d, "SERVICE");
	tmpl_set(c->row, "CODE", s->code);
	tmpl_set(c->row, "NAME", mine ? f->name : s->name);
	tmpl_set(c->row, "SUMMARY", mine ? f->summary : s->summary);
	snprintf(due, sizeof(due), "%d", s->due_hours);
	tmpl_set(c->row, "DUE", mine ? f->due : due);
	snprintf(esc, sizeof(esc), "%d", s->escalate_hours);
	tmpl_set(c->row, "ESC_NOW", esc);
	tmpl_set(c->row, "ESC", mine && f->escalate ? f->escalate : esc);
	if (mine && f->esc_error) {
		tmpl_set(tmpl_add_section(c->row, "E_ESC"), "MSG", f->esc_error);
		tmpl_show(c->row, "OPEN");
	}
	tmpl_set(c->row, "PLATFORM_NAME", s->platform_name);
	if (mine ? f->active != NULL : s->active)
		tmpl_show(c->row, "ACTIVE");
	if (!s->active)
		tmpl_show(c->row, "RETIRED");
	if (mine && f->error) {
		tmpl_set(c->row, "ROW_ERROR", f->error);
		tmpl_show(c->row, "HAS_ROW_ERROR");
		tmpl_show(c->row, "OPEN");
	}
	c->selected = mine ? f->platform : s->platform_code;
	/* A second statement may step while the first is between rows. */
	if (catalog_each_platform(c->db, add_platform, c) != DB_OK)
		c->failed = 1;
}

/* Renders the page with status; f holds what was typed in one form. */
static int
render(struct req *r, int status, const struct svc_form *f, const char *notice)
{
	struct page pg;
	struct ctx c = { .db = r->app->db, .f = f };
	struct tmpl_dict *add;

	c.d = page_begin(r, &pg, "服务菜单管理", "admin_services.tpl", "desk");
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	add = tmpl_add_section(c.d, "ADD");
	tmpl_set(add, "V_CODE", f->create && f->code ? f->code : "");
	tmpl_set(add, "V_NAME", f->create && f->name ? f->name : "");
	tmpl_set(add, "V_SUMMARY", f->create && f->summary ? f->summary : "");
	tmpl_set(add, "V_DUE", f->create && f->due ? f->due : "168");
	tmpl_set(add, "V_ESC", f->create && f->escalate ? f->escalate : "24");
	if (f->create && f->error) {
		tmpl_set(add, "ERROR", f->error);
		tmpl_show(add, "HAS_ERROR");
	}
	if (f->create && f->esc_error)
		tmpl_set(tmpl_add_section(add, "E_ESC"), "MSG", f->esc_error);
	c.row = add;
	c.selected = f->create ? f->platform : NULL;
	if (catalog_each_platform(c.db, add_platform, &c) != DB_OK ||
	    service_each_all(c.db, add_row, &c) != DB_OK || c.failed) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish_private(r, &pg, status, notice);
}

int
page_admin_services(struct req *r)
{
	struct svc_form f = { 0 };
	const char *done = kv_get(&r->query, "done");

	return render(r, 200, &f, done && strcmp(done, "1") == 0 ? "已保存。服务菜单和 Open311 服务列表已更新。" : NULL);
}

/*
 * Reads the 督办时限 as typed into *hours: a whole number of hours from
 * ESC_MIN to ESC_MAX (spaces around are ignored). A form without the field
 * (an older page) leaves it as it is (*hours 0). Returns NULL, or the
 * message to show beside the field.
 */
static const char *
escalate_read(const char *typed, int *hours)
{
	char *t, *end;
	long v;
	int ok;

	*hours = 0;
	if (typed == NULL)
		return NULL;
	t = str_trim(typed);
	if (*t == '\0') {
		free(t);
		return "请填写督办时限：派单后多少小时无人接单就督办（1到720）";
	}
	v = strtol(t, &end, 10);
	ok = strspn(t, "0123456789") == strlen(t) && strlen(t) <= 4 && *end == '\0';
	free(t);
	if (!ok)
		return "督办时限请填写整数小时，例如 24";
	if (v < ESC_MIN || v > ESC_MAX)
		return "督办时限要在1到720小时之间（720小时是30天）";
	*hours = (int)v;
	return NULL;
}

/* Checks and saves f. Returns the response status handling. */
static int
save(struct req *r, struct svc_form *f)
{
	char *end;
	long due;
	int esc;
	const char *problem = NULL;
	enum db_err e;

	f->esc_error = escalate_read(f->escalate, &esc);
	due = f->due ? strtol(f->due, &end, 10) : 0;
	if (f->create && (f->code == NULL || strlen(f->code) < 2 || strlen(f->code) > 40 ||
	    f->code[0] < 'a' || f->code[0] > 'z' ||
	    strspn(f->code, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(f->code)))
		f->error = "代码需要2到40个字符：小写字母开头，只用小写字母、数字和 -（它也是 Open311 的 service_code）";
	else if (f->name == NULL || valid_line(f->name, 60, 1) != VALID_OK)
		f->error = "请填写名称（不超过60个字）";
	else if (f->summary && valid_text(f->summary, 200, 0) != VALID_OK)
		f->error = "说明不能超过200个字";
	else if (f->due == NULL || *end != '\0' || due < 1 || due > 2160)
		f->error = "办理期限请填写1到2160之间的小时数";
	if (f->error || f->esc_error)
		return render(r, 400, f, NULL);
	e = service_save(r->app->db, f->create, f->code, f->name, f->platform ? f->platform : "",
	    f->summary ? f->summary : "", (int)due, esc, f->create ? 1 : f->active != NULL,
	    &problem);
	if (e == DB_OK)
		return page_redirect(r, "/admin/services?done=1");
	if (problem) {
		f->error = strcmp(problem, "platform") == 0 ? "请选择平台" :
		    f->create ? "这个代码已经有服务在用，请换一个" : "没有这个服务";
		return render(r, 400, f, NULL);
	}
	return model_status(model_err_of(e));
}

int
page_admin_service_add(struct req *r)
{
	struct svc_form f = {
		.create = 1, .code = kv_get(&r->form, "code"), .name = kv_get(&r->form, "name"),
		.platform = kv_get(&r->form, "platform"), .summary = kv_get(&r->form, "summary"),
		.due = kv_get(&r->form, "due"), .escalate = kv_get(&r->form, "escalate"),
	};
	return save(r, &f);
}

int
page_admin_service_edit(struct req *r)
{
	struct svc_form f = {
		.create = 0, .code = r->params[0], .name = kv_get(&r->form, "name"),
		.platform = kv_get(&r->form, "platform"), .summary = kv_get(&r->form, "summary"),
		.due = kv_get(&r->form, "due"), .escalate = kv_get(&r->form, "escalate"),
		.active = kv_get(&r->form, "active"),
	};
	return save(r, &f);
}
