/*
 * desk_members.c: "/desk/members": volunteers and their confirmed hours,
 * 50 a page, searchable by name, phone or number (?q=, ?page=). A team
 * leader sees their team's members; the admin sees everyone and may stand
 * a volunteer down (their sessions end at once) or restore them, and take
 * each one's record of service as a CSV. Each shows their 星级.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/form.h"
#include "lib/validate.h"
#include "model/stars.h"
#include "model/volunteer.h"
#include "http/session.h"
#include "page/part/page.h"

struct ctx {
	struct tmpl_dict	*d;
	struct star_levels	 stars;
	int			 admin, n;
};

static void
add_member(void *arg, const struct volunteer *v, int64_t minutes)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "MEMBER");
	char h[24];
	int n;

	snprintf(h, sizeof(h), "%lld.%lld", (long long)(minutes / 60),
	    (long long)((minutes % 60) * 10 / 60));
	tmpl_set_int(d, "ID", v->id);
	tmpl_set(d, "NAME", v->name);
	tmpl_set(d, "NUMBER", v->number);
	tmpl_set(d, "PHONE", v->phone);
	tmpl_set(d, "PLACE", v->org_name);
	tmpl_set(d, "HOURS", h);
	if ((n = stars_of(&c->stars, minutes)) > 0) {
		tmpl_set(d, "GLYPHS", stars_glyphs(n));
		tmpl_set(d, "STAR_TITLE", stars_title(n));
		tmpl_show(d, "HAS_STARS");
	}
	/* The record export is for desk staff (the route's WHO_DESK). */
	if (c->admin)
		tmpl_show(d, "CAN_EXPORT");
	if (v->party_member)
		tmpl_show(d, "PARTY");
	if (strcmp(v->status, "disabled") == 0)
		tmpl_show(d, "DISABLED");
	if (c->admin)
		tmpl_show(d, strcmp(v->status, "disabled") == 0 ? "CAN_RESTORE" : "CAN_DISABLE");
	c->n++;
}

/* Volunteers listed per page. */
#define MEMBERS_PER_PAGE	50
/* The longest search, in characters. */
#define MEMBERS_Q_MAX		40

/* Sets href to the list's page n for search q. */
static void
members_href(struct buf *href, const char *q, int n)
{
	buf_reset(href);
	buf_puts(href, "/desk/members?");
	if (q[0]) {
		buf_puts(href, "q=");
		url_encode(href, q);
		buf_puts(href, "&");
	}
	buf_printf(href, "page=%d", n);
}

int
page_desk_members(struct req *r)
{
	const struct user *u = &r->signin->user;
	struct ctx c = { .admin = u->role == ROLE_ADMIN };
	const char *typed = kv_get(&r->query, "q");
	char *q = str_trim(typed ? typed : ""), why[128] = "";
	int n = page_number(kv_get(&r->query, "page")), total = 0, pages;
	int64_t team = u->role == ROLE_LEADER ? u->team_id : 0;
	enum valid v = valid_line(q, MEMBERS_Q_MAX, 0);
	struct buf href;
	struct page pg;

	if (stars_read(r->app->db, &c.stars) != DB_OK) {
		free(q);
		return 500;
	}
	c.d = page_begin(r, &pg, "志愿者名单", "desk_members.tpl", "desk");
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	tmpl_set(c.d, "SCOPE", u->role == ROLE_LEADER ? u->team_name : "全区");
	tmpl_set(c.d, "V_Q", typed ? typed : "");
	tmpl_set_int(c.d, "Q_MAX", MEMBERS_Q_MAX);
	if (v != VALID_OK) {
		/* Nothing is looked up for a search that cannot be one. */
		valid_message(v, MEMBERS_Q_MAX, why, sizeof(why));
		tmpl_set(c.d, "Q_ERROR", why);
		tmpl_show(c.d, "HAS_Q_ERROR");
		free(q);
		http_status(r, 400);
		http_header(r, "Cache-Control", "no-store");
		return page_finish(r, &pg);
	}
	if (n == 0) {
		tmpl_set(c.d, "NOTICE", "页码不对：页码是从 1 开始的整数。下面是第一页。");
		tmpl_show(c.d, "HAS_NOTICE");
		n = 1;
	}
	if (volunteer_each_member(r->app->db, team, q, (n - 1) * MEMBERS_PER_PAGE,
	    MEMBERS_PER_PAGE, &total, add_member, &c) != MODEL_OK) {
		free(q);
		tmpl_dict_free(pg.layout);
		return 500;
	}
	pages = total ? (total + MEMBERS_PER_PAGE - 1) / MEMBERS_PER_PAGE : 1;
	if (n > pages) {
		/* A page past the end (the list shrank, or a typed link). */
		char msg[96];
		snprintf(msg, sizeof(msg), "没有第 %d 页：一共只有 %d 页。下面是最后一页。", n, pages);
		tmpl_set(c.d, "NOTICE", msg);
		tmpl_show(c.d, "HAS_NOTICE");
		n = pages;
		if (volunteer_each_member(r->app->db, team, q, (n - 1) * MEMBERS_PER_PAGE,
		    MEMBERS_PER_PAGE, &total, add_member, &c) != MODEL_OK) {
			free(q);
			tmpl_dict_free(pg.layout);
			return 500;
		}
	}
	tmpl_set_int(c.d, "TOTAL", total);
	tmpl_set_int(c.d, "PAGE", n);
	tmpl_set_int(c.d, "PAGES", pages);
	tmpl_show(c.d, q[0] ? "SEARCHED" : "ALL");
	if (c.n == 0)
		tmpl_show(c.d, q[0] ? "NO_MATCH" : "EMPTY");
	buf_init(&href);
	if (n > 1) {
		members_href(&href, q, n - 1);
		tmpl_set(c.d, "PREV_HREF", href.data);
		tmpl_show(c.d, "HAS_PREV");
	}
	if (n < pages) {
		members_href(&href, q, n + 1);
		tmpl_set(c.d, "NEXT_HREF", href.data);
		tmpl_show(c.d, "HAS_NEXT");
	}
	if (pages > 1)
		tmpl_show(c.d, "HAS_PAGES");
	buf_free(&href);
	free(q);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

/* Stands down (off 1) or restores the volunteer of the path's {id}, then
 * back to the list (also when it already was so). Returns 0 or a status. */
static int
member_set(struct req *r, int off)
{
	enum model_err e = volunteer_set_disabled(r->app->db, r->path_id, off);

	if (e == MODEL_OK || e == MODEL_BAD_STATE)
		return page_redirect(r, "/desk/members");
	return model_status(e);
}

/* POST "/desk/members/{id}/disable": the volunteer is stood down. */
int
page_desk_member_disable(struct req *r)
{
	return member_set(r, 1);
}

/* POST "/desk/members/{id}/restore": the volunteer serves again. */
int
page_desk_member_restore(struct req *r)
{
	return member_set(r, 0);
}
