/*
 * inbox.c: the 站内信 page and its two actions, shared by the volunteer's
 * "/v/inbox" and the staff member's "/desk/inbox" (see inbox.h). Newest
 * first, INBOX_PER_PAGE a page; an unread message is marked by its colour
 * and border and in words (未读), so it is told apart without colour too.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/err.h"
#include "page/part/inbox.h"

/* The page being filled. */
struct inbox_list {
	struct tmpl_dict	*d;
	const char		*base;
	const char		*csrf;
	int			 n;
};

/* Writes t as Beijing time twice: "2026-03-01 08:30" for people and
 * "2026-03-01T08:30+08:00" for <time datetime>. */
static void
when_fill(struct tmpl_dict *d, int64_t t)
{
	char when[20], iso[32];

	time_format_cst(t, when);
	when[16] = '\0';
	snprintf(iso, sizeof(iso), "%.10sT%.5s+08:00", when, when + 11);
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "WHEN_ISO", iso);
}

/* Adds one message to the MSG section. */
static void
add_message(void *arg, const struct message_view *m)
{
	struct inbox_list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "MSG");

	tmpl_set_int(d, "ID", m->id);
	tmpl_set(d, "TEXT", m->text);
	tmpl_set(d, "BASE", l->base);
	tmpl_set(d, "CSRF", l->csrf);
	when_fill(d, m->created_at);
	tmpl_show(d, m->read_at == 0 ? "UNREAD" : "READ");
	/* 查看 opens its link; one without a link only needs marking read. */
	if (m->link[0])
		tmpl_show(d, "HAS_LINK");
	else if (m->read_at == 0)
		tmpl_show(d, "MARK_ONLY");
	l->n++;
}

/* Sets the inbox's flash line (above the list). */
static void
flash(struct tmpl_dict *d, const char *text)
{
	tmpl_set(d, "FLASH", text);
	tmpl_show(d, "HAS_FLASH");
}

int
inbox_page(struct req *r, const struct inbox_who *w)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "消息", "inbox.tpl", w->nav);
	struct inbox_list l = { d, w->base, w->csrf, 0 };
	const char *done = kv_get(&r->query, "done");
	int n = page_number(kv_get(&r->query, "page")), more = 0, unread;
	char href[48];

	tmpl_set(d, "BASE", w->base);
	tmpl_set(d, "CSRF", w->csrf);
	tmpl_show(d, w->of == INBOX_STAFF ? "DESK" : "VOL");
	if (n == 0) {
		flash(d, "页码不对：页码是从 1 开始的整数。下面是第一页。");
		n = 1;
	}
	unread = message_unread(r->app->db, w->of, w->id);
	if (message_each_inbox(r->app->db, w->of, w->id, (n - 1) * INBOX_PER_PAGE,
	    INBOX_PER_PAGE, &more, add_message, &l) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (unread > 0) {
		tmpl_set_int(d, "UNREAD_N", unread);
		tmpl_show(d, "HAS_UNREAD");
	} else
		tmpl_show(d, "ALL_READ");
	if (l.n == 0 && n > 1) {
		/* Past the end: a link made when there were more. */
		snprintf(href, sizeof(href), "%s", w->base);
		tmpl_set(d, "FIRST_HREF", href);
		tmpl_show(d, "PAST_END");
	} else if (l.n == 0)
		tmpl_show(d, "EMPTY");
	if (n > 1) {
		tmpl_set_int(d, "PAGE", n);
		tmpl_show(d, "NOT_FIRST");
		if (n - 1 == 1)
			snprintf(href, sizeof(href), "%s", w->base);
		else
			snprintf(href, sizeof(href), "%s?page=%d", w->base, n - 1);
		tmpl_set(d, "PREV_HREF", href);
		tmpl_show(d, "HAS_PREV");
	}
	if (more) {
		snprintf(href, sizeof(href), "%s?page=%d", w->base, n + 1);
		tmpl_set(d, "NEXT_HREF", href);
		tmpl_show(d, "HAS_NEXT");
	}
	if (more || n > 1)
		tmpl_show(d, "PAGER");
	return page_finish_private(r, &pg, 200,
	    done && strcmp(done, "read") == 0 ? "全部消息已标为已读。" : NULL);
}

/* Returns 1 if link is a path on this site that a redirect may name: it
 * starts with one "/" and holds no backslash or control character. */
static int
link_ok(const char *link)
{
	if (link[0] != '/' || link[1] == '/' || link[1] == '\\')
		return 0;
	for (const unsigned char *p = (const unsigned char *)link; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

int
inbox_open(struct req *r, const struct inbox_who *w)
{
	char link[128] = "";
	int found = 0;
	enum db_err e;

	e = message_mark_read(r->app->db, w->of, w->id, r->path_id, now_unix(), link,
	    sizeof(link), &found);
	if (e != DB_OK)
		return model_status(model_err_of(e));
	if (!found)
		return 404;
	return page_redirect(r, link_ok(link) ? link : w->base);
}

int
inbox_read_all(struct req *r, const struct inbox_who *w)
{
	char href[48];
	int found = 0;
	enum db_err e;

	e = message_mark_read(r->app->db, w->of, w->id, 0, now_unix(), NULL, 0, &found);
	if (e != DB_OK)
		return model_status(model_err_of(e));
	snprintf(href, sizeof(href), "%s?done=read", w->base);
	return page_redirect(r, href);
}
