/*
 * services.c: the service menu page "/services": every active service, in
 * the menu's order, each with a link to the 点单 form with it chosen. The
 * platforms are not shown: they sort the centre's work, and a resident
 * looking for legal advice should not have to know it sits under 理论宣讲
 * (the portal's platform pages, /platforms, show them).
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/service.h"
#include "page/part/page.h"

/* Adds one service to the list. */
static void
add_service(void *arg, const struct service *s)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "SERVICE");

	tmpl_set(d, "CODE", s->code);
	tmpl_set(d, "NAME", s->name);
	tmpl_set(d, "SUMMARY", s->summary);
	tmpl_set(d, "PROJECT", s->project_name);
	if (s->project_name[0])
		tmpl_show(d, "HAS_PROJECT");
	if (s->due_hours % 24 == 0) {
		tmpl_set_int(d, "DUE_DAYS", s->due_hours / 24);
		tmpl_show(d, "DUE_IN_DAYS");
	} else {
		tmpl_set_int(d, "DUE_HOURS", s->due_hours);
		tmpl_show(d, "DUE_IN_HOURS");
	}
}

int
page_services(struct req *r)
{
	struct page pg;
	struct tmpl_dict *d;
	int rc;

	if ((rc = page_etag_counts(r, "sv", 0, 0)) != 0)
		return rc == 1 ? 0 : rc;
	d = page_begin(r, &pg, "服务菜单", "services.tpl", "services");
	if (service_each(r->app->db, add_service, d) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish(r, &pg);
}
