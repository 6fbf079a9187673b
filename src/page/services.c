/*
 * services.c: the service menu page "/services": every active service,
 * grouped by platform, each with a link to the 点单 form with it chosen.
 */
#include <stdio.h>
#include <string.h>

#include "../app.h"
#include "../model/service.h"
#include "page.h"

/* Groups services under their platform as they arrive (ordered by platform). */
struct menu {
	struct tmpl_dict	*page;
	struct tmpl_dict	*group;
	char			 platform[32];
};

/* Adds one service, opening a new PLATFORM group when the platform changes. */
static void
add_service(void *arg, const struct service *s)
{
	struct menu *m = arg;
	struct tmpl_dict *d;

	if (m->group == NULL || strcmp(m->platform, s->platform_code) != 0) {
		m->group = tmpl_add_section(m->page, "PLATFORM");
		tmpl_set(m->group, "PLATFORM_NAME", s->platform_name);
		tmpl_set(m->group, "PLATFORM_CODE", s->platform_code);
		snprintf(m->platform, sizeof(m->platform), "%s", s->platform_code);
	}
	d = tmpl_add_section(m->group, "SERVICE");
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
	struct menu m = { 0 };

	m.page = page_begin(r, &pg, "服务菜单", "services.tpl", "services");
	if (service_each(r->app->db, add_service, &m) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish(r, &pg);
}
