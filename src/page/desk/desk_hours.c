/*
 * desk_hours.c: "/desk/hours": hours reported for tasks, waiting for the
 * organiser's confirmation (谁组织谁记录): a team leader for their team's
 * tasks, a dispatcher or admin for all, 所 and 站 staff for their place.
 * Confirm as reported, or correct the minutes with a reason (kept on record).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/code.h"
#include "model/hours.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/page.h"

struct ctx {
	struct tmpl_dict	*d;
	int64_t			 err_id;
	const char		*err;
	const struct kvlist	*typed;
	int			 n;
};

static void
add_hour(void *arg, const struct hour *h)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "HOUR");
	char a[20], b[20], fmt[CODE_LEN + 3];
	const char *v;

	tmpl_set_int(d, "ID", h->id);
	tmpl_set(d, "VOLUNTEER", h->volunteer);
	tmpl_set(d, "NUMBER", h->number);
	if (h->code[0]) {
		code_format(h->code, fmt);
		tmpl_set(d, "CODE", h->code);
		tmpl_set(d, "CODE_FMT", fmt);
		tmpl_show(d, "HAS_CODE");
	}
	if (h->activity_id) {
		tmpl_set_int(d, "ACTIVITY_ID", h->activity_id);
		tmpl_show(d, "HAS_ACTIVITY");
	}
	tmpl_set(d, "SERVICE", h->service);
	tmpl_set(d, "WHAT", h->what);
	time_format_cst(h->started_at, a);
	time_format_cst(h->ended_at, b);
	a[16] = b[16] = '\0';
	tmpl_set(d, "STARTED", a);
	tmpl_set(d, "ENDED", b + 11);
	tmpl_set_int(d, "MINUTES", h->minutes);
	if (h->id == c->err_id) {
		tmpl_set(d, "ERROR", c->err);
		tmpl_show(d, "HAS_ERROR");
		tmpl_set(d, "V_MINUTES", (v = kv_get(c->typed, "minutes")) ? v : "");
		tmpl_set(d, "V_REASON", (v = kv_get(c->typed, "reason")) ? v : "");
		tmpl_show(d, "OPEN");
	}
	c->n++;
}

static int
render(struct req *r, int status, int64_t err_id, const char *err, const char *notice)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct ctx c = { .err_id = err_id, .err = err, .typed = &r->form };
	struct page pg;

	c.d = page_begin(r, &pg, "服务时长确认", "desk_hours.tpl", "desk");
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	if (hours_each_pending(r->app->db, &sc, add_hour, &c) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (c.n == 0)
		tmpl_show(c.d, "EMPTY");
	return page_finish_private(r, &pg, status, notice);
}

int
page_desk_hours(struct req *r)
{
	const char *done = kv_get(&r->query, "done");

	return render(r, 200, 0, NULL, done && strcmp(done, "1") == 0 ? "已确认，计入志愿者的服务记录。" : NULL);
}

/* Finds the hours of the path's {id} in the staff member's scope. Returns
 * 0, 404 if they are not there, or 500. */
static int
hour_find(struct req *r)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	int in = hours_in_scope(r->app->db, &sc, r->path_id);

	return in > 0 ? 0 : in == 0 ? 404 : 500;
}

/* POST "/desk/hours/{id}/confirm": the record counts as reported. */
int
page_desk_hour_confirm(struct req *r)
{
	int rc, gone = 0;
	enum db_err e;

	if ((rc = hour_find(r)) != 0)
		return rc;
	e = hours_confirm(r->app->db, r->path_id, r->signin->user.id, &gone);
	if (gone)
		return render(r, 409, 0, NULL, "这条记录刚刚已被确认过。");
	if (e == DB_OK)
		return page_redirect(r, "/desk/hours?done=1");
	return model_status(model_err_of(e));
}

/* POST "/desk/hours/{id}/correct": other minutes, with the reason kept on
 * record. */
int
page_desk_hour_correct(struct req *r)
{
	int64_t id = r->path_id;
	const char *m = kv_get(&r->form, "minutes"), *why = kv_get(&r->form, "reason");
	char *reason, *end = NULL;
	long minutes;
	enum db_err e;
	int rc;

	if ((rc = hour_find(r)) != 0)
		return rc;
	minutes = m ? strtol(m, &end, 10) : 0;
	if (m == NULL || *m == '\0' || *end != '\0' || minutes < 1 || minutes > 1440)
		return render(r, 400, id, "请填写1到1440之间的分钟数", NULL);
	reason = str_trim(why ? why : "");
	if (valid_text(reason, 200, 1) != VALID_OK) {
		free(reason);
		return render(r, 400, id, "更正需要写明原因（不超过200字），会留作记录", NULL);
	}
	e = hours_correct(r->app->db, id, r->signin->user.id, (int)minutes, reason);
	free(reason);
	if (e == DB_OK)
		return page_redirect(r, "/desk/hours?done=1");
	return model_status(model_err_of(e));
}
