/*
 * admin_messages.c: "/admin/messages": what the SMS gateway did over the
 * last day (待发送, 已发送, 未送达), and the SMS given up after a day of
 * failed attempts, newest first, 50 a page: when, what it was for, to whom
 * (masked), the text, why it failed and how often it was tried. POST
 * "/admin/messages/{id}/retry" (重新发送) sends one again from now, with a
 * fresh day of attempts, and comes back saying so.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/phone.h"
#include "model/code.h"
#include "model/message.h"
#include "model/message_text.h"
#include "page/part/page.h"

/* Dead SMS on one page. */
#define DEAD_PER_PAGE	50

/* The list being filled. */
struct dead_list {
	struct tmpl_dict	*d;
	const char		*csrf;
	int			 n;
};

static void
add_dead(void *arg, const struct message_view *m)
{
	struct dead_list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "DEAD");
	const struct message_kind *k = message_kind_of(m->kind);
	char when[20], masked[PHONE_MAX], to[160], fmt[CODE_LEN + 3];

	time_format_cst(m->created_at, when);
	when[16] = '\0';
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "KIND", k ? k->when : m->kind);
	phone_mask(m->phone, masked);
	if (strcmp(m->to_what, "resident") == 0)
		snprintf(to, sizeof(to), "群众 %s", masked);
	else
		snprintf(to, sizeof(to), "%s %s %s",
		    strcmp(m->to_what, "volunteer") == 0 ? "志愿者" : "工作人员", m->to_name, masked);
	tmpl_set(d, "TO", to);
	tmpl_set(d, "TEXT", m->text);
	tmpl_set(d, "WHY", m->last_error[0] ? m->last_error : "（未记录原因）");
	tmpl_set_int(d, "ATTEMPTS", m->attempts);
	tmpl_set_int(d, "ID", m->id);
	tmpl_set(d, "CSRF", l->csrf);
	if (m->order_code[0]) {
		code_format(m->order_code, fmt);
		tmpl_set(d, "CODE", m->order_code);
		tmpl_set(d, "CODE_FMT", fmt);
		tmpl_show(d, "HAS_ORDER");
	}
	l->n++;
}

int
page_admin_messages(struct req *r)
{
	static const char *const said[][2] = {
		{ "retried", "已重新发送：这条短信会在接下来的一天里再次尝试发送。" },
		{ "gone", "这条短信已不在未送达列表里（可能已经重新发送过）。" },
	};
	const char *done = kv_get(&r->query, "done"), *notice = NULL;
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "短信发送情况", "admin_messages.tpl", "desk");
	struct dead_list l = { d, r->signin->sess.csrf, 0 };
	int n = page_number(kv_get(&r->query, "page")), more = 0, pending, sent, dead;
	char href[48];

	if (n == 0) {
		tmpl_set(d, "FLASH", "页码不对：页码是从 1 开始的整数。下面是第一页。");
		tmpl_show(d, "HAS_FLASH");
		n = 1;
	}
	message_counts(r->app->db, now_unix(), &pending, &sent, &dead);
	tmpl_set_int(d, "PENDING", pending);
	tmpl_set_int(d, "SENT", sent);
	tmpl_set_int(d, "DEAD_N", dead);
	if (message_each_dead(r->app->db, (n - 1) * DEAD_PER_PAGE, DEAD_PER_PAGE, &more,
	    add_dead, &l) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (l.n == 0)
		tmpl_show(d, n > 1 ? "PAST_END" : "NO_DEAD");
	else
		tmpl_show(d, "HAS_DEAD");
	if (n > 1) {
		if (n == 2)
			snprintf(href, sizeof(href), "/admin/messages");
		else
			snprintf(href, sizeof(href), "/admin/messages?page=%d", n - 1);
		tmpl_set(d, "PREV_HREF", href);
		tmpl_show(d, "HAS_PREV");
		tmpl_set_int(d, "PAGE", n);
		tmpl_show(d, "NOT_FIRST");
	}
	if (more) {
		snprintf(href, sizeof(href), "/admin/messages?page=%d", n + 1);
		tmpl_set(d, "NEXT_HREF", href);
		tmpl_show(d, "HAS_NEXT");
	}
	if (more || n > 1)
		tmpl_show(d, "PAGER");
	for (size_t i = 0; done && i < sizeof(said) / sizeof(said[0]); i++)
		if (strcmp(done, said[i][0]) == 0)
			notice = said[i][1];
	return page_finish_private(r, &pg, 200, notice);
}

/* POST "/admin/messages/{id}/retry": the dead SMS again, from now. */
int
page_admin_message_retry(struct req *r)
{
	int found = 0;
	enum db_err e;

	if ((e = message_retry(r->app->db, r->path_id, now_unix(), &found)) != DB_OK) {
		if (e == DB_BUSY || e == DB_FULL)
			http_header(r, "Retry-After", "5");
		return model_status(model_err_of(e));
	}
	return page_redirect(r, found ? "/admin/messages?done=retried" :
	    "/admin/messages?done=gone");
}
