/*
 * admin_audit.c: "/admin/audit": the admin reads who was shown which
 * resident's phone number and when (?login=NAME narrows it to one person).
 */
#include <string.h>

#include "../app.h"
#include "../model/audit.h"
#include "../model/code.h"
#include "page.h"

static void
add_view(void *arg, const struct contact_view *v)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "VIEW");
	char when[20], fmt[CODE_LEN + 3];

	time_format_cst(v->at, when);
	code_format(v->code, fmt);
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "USER", v->user);
	tmpl_set(d, "LOGIN", v->login);
	tmpl_set(d, "CODE", v->code);
	tmpl_set(d, "CODE_FMT", fmt);
	tmpl_set(d, "WHAT", strcmp(v->what, "export") == 0 ? "导出" : "查看申请");
}

int
page_admin_audit(struct req *r)
{
	const char *login = kv_get(&r->query, "login");
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "联系电话查看记录", "admin_audit.tpl", "desk");

	if (login && *login == '\0')
		login = NULL;
	tmpl_set(d, "LOGIN", login ? login : "");
	if (audit_each(r->app->db, login, add_view, d) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}
