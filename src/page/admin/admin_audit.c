/*
 * admin_audit.c: "/admin/audit": the admin reads who was shown which
 * resident's phone number, when and why (?login=NAME narrows it to one
 * person), and when `sidan purge` last cleared residents' contact details.
 */
#include <string.h>

#include "http/app.h"
#include "model/audit.h"
#include "model/code.h"
#include "page/part/page.h"

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
	tmpl_set(d, "REASON", v->reason[0] ? v->reason : "（未记录原因）");
}

/* Says when the last purge ran and what it cleared, or that none has. */
static int
purge_fill(struct db *db, struct tmpl_dict *d)
{
	int64_t at;
	long days;
	int cleared;
	char when[20];

	if (audit_last_purge(db, &at, &days, &cleared) != DB_OK)
		return -1;
	if (at == 0) {
		tmpl_show(d, "NO_PURGE");
		return 0;
	}
	time_format_cst(at, when);
	when[16] = '\0';
	tmpl_set(d, "PURGE_WHEN", when);
	tmpl_set_int(d, "PURGE_DAYS", days);
	tmpl_set_int(d, "PURGE_CLEARED", cleared);
	tmpl_show(d, "HAS_PURGE");
	return 0;
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
	if (audit_each(r->app->db, login, add_view, d) != DB_OK || purge_fill(r->app->db, d) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}
