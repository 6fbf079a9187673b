/*
 * desk_followups.c: "/desk/followups": the center follows up every rating of
 * 不满意 or worse: staff record what they did (called the resident, the
 * outcome) and close it, or reopen the request, which goes back to dispatch
 * with the reason on its timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/code.h"
#include "model/rating.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/page.h"

struct ctx {
	struct tmpl_dict	*d;
	int64_t			 err_id;
	const char		*err, *typed;
	int			 open;
};

static void
add_item(void *arg, const struct followup *f)
{
	struct ctx *c = arg;
	int open = strcmp(f->status, "open") == 0;
	struct tmpl_dict *d = tmpl_add_section(c->d, open ? "OPEN" : "DONE");
	char fmt[CODE_LEN + 3], when[20];

	code_format(f->code, fmt);
	time_format_cst(f->opened_at, when);
	when[16] = '\0';
	tmpl_set_int(d, "ID", f->id);
	tmpl_set(d, "CODE", f->code);
	tmpl_set(d, "CODE_FMT", fmt);
	tmpl_set(d, "SERVICE", f->service);
	tmpl_set(d, "PLACE", f->place);
	tmpl_set(d, "LEVEL", rating_label(f->level));
	tmpl_set(d, "COMMENT", f->comment);
	tmpl_set(d, "NOTE", f->note);
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "OUTCOME", strcmp(f->status, "reopened") == 0 ? "已重新办理" : "已处理");
	if (f->id == c->err_id) {
		tmpl_set(d, "ERROR", c->err);
		tmpl_set(d, "TYPED", c->typed ? c->typed : "");
		tmpl_show(d, "HAS_ERROR");
	}
	c->open += open;
}

static int
render(struct req *r, int status, int64_t err_id, const char *err, const char *typed,
    const char *notice)
{
	struct ctx c = { .err_id = err_id, .err = err, .typed = typed };
	struct page pg;

	c.d = page_begin(r, &pg, "不满意回访", "desk_followups.tpl", "desk");
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	if (followup_each(r->app->db, add_item, &c) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (c.open == 0)
		tmpl_show(c.d, "NONE_OPEN");
	return page_finish_private(r, &pg, status, notice);
}

int
page_desk_followups(struct req *r)
{
	const char *done = kv_get(&r->query, "done");

	return render(r, 200, 0, NULL, NULL, done && strcmp(done, "reopen") == 0 ?
	    "申请已重新办理，回到待审核，可以重新派单。" : done ? "回访已记录。" : NULL);
}

/* Closes the follow-up of the path's {id} with a note of what was done,
 * or (reopen 1) sends its request back to be handled again, the note
 * being the reason the resident reads. Returns 0 or an HTTP status. */
static int
followup_act(struct req *r, int reopen)
{
	int64_t id = r->path_id;
	const char *typed = kv_get(&r->form, "note");
	char *note = str_trim(typed ? typed : "");
	int gone = 0;
	enum db_err e;

	if (valid_text(note, 500, 1) != VALID_OK) {
		free(note);
		return render(r, 400, id, reopen ? "请写明重新办理的原因（群众会在查询页面看到）" :
		    "请记录回访情况：联系了谁、结果如何（不超过500字）", typed, NULL);
	}
	e = followup_close(r->app->db, id, r->signin->user.id, note, reopen, &gone);
	free(note);
	if (e == DB_OK)
		return page_redirect(r, reopen ? "/desk/followups?done=reopen" : "/desk/followups?done=close");
	if (gone)
		return render(r, 409, 0, NULL, NULL, "这条回访刚刚已被处理过。");
	return model_status(model_err_of(e));
}

/* POST "/desk/followups/{id}/close": the follow-up is done. */
int
page_desk_followup_close(struct req *r)
{
	return followup_act(r, 0);
}

/* POST "/desk/followups/{id}/reopen": the request is handled again. */
int
page_desk_followup_reopen(struct req *r)
{
	return followup_act(r, 1);
}
