/*
 * desk_members.c: "/desk/members": volunteers and their confirmed hours.
 * A team leader sees their team's members; the admin sees everyone and may
 * stand a volunteer down (their sessions end at once) or restore them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app.h"
#include "../model/volunteer.h"
#include "../session.h"
#include "page.h"

struct ctx {
	struct tmpl_dict	*d;
	int			 admin, n;
};

static void
add_member(void *arg, const struct volunteer *v, int64_t minutes)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "MEMBER");
	char h[24];

	snprintf(h, sizeof(h), "%lld.%lld", (long long)(minutes / 60),
	    (long long)((minutes % 60) * 10 / 60));
	tmpl_set_int(d, "ID", v->id);
	tmpl_set(d, "NAME", v->name);
	tmpl_set(d, "NUMBER", v->number);
	tmpl_set(d, "PHONE", v->phone);
	tmpl_set(d, "PLACE", v->org_name);
	tmpl_set(d, "HOURS", h);
	if (v->party_member)
		tmpl_show(d, "PARTY");
	if (strcmp(v->status, "disabled") == 0)
		tmpl_show(d, "DISABLED");
	if (c->admin)
		tmpl_show(d, strcmp(v->status, "disabled") == 0 ? "CAN_RESTORE" : "CAN_DISABLE");
	c->n++;
}

int
page_desk_members(struct req *r)
{
	const struct user *u = &r->signin->user;
	struct ctx c = { .admin = u->role == ROLE_ADMIN };
	struct page pg;

	c.d = page_begin(r, &pg, "志愿者名单", "desk_members.tpl", "desk");
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	tmpl_set(c.d, "SCOPE", u->role == ROLE_LEADER ? u->team_name : "全区");
	if (volunteer_each_member(r->app->db, u->role == ROLE_LEADER ? u->team_id : 0,
	    add_member, &c) != VOL_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (c.n == 0)
		tmpl_show(c.d, "EMPTY");
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

int
page_desk_member_set(struct req *r)
{
	int64_t id = atoll(r->params[0]);
	const char *what = r->params[1];
	enum vol_err e;

	if (id <= 0 || (strcmp(what, "disable") != 0 && strcmp(what, "restore") != 0))
		return 404;
	e = volunteer_set_disabled(r->app->db, id, what[0] == 'd');
	if (e == VOL_OK || e == VOL_BAD_STATE)
		return page_redirect(r, "/desk/members");
	return e == VOL_BUSY ? 503 : 500;
}
