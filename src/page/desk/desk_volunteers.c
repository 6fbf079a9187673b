/*
 * desk_volunteers.c: "/desk/volunteers": applications to join waiting for
 * review by staff of the applicant's place or a leader of a team they chose;
 * approve (the volunteer gets their number) or reject with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/volunteer.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/page.h"

struct ctx {
	struct tmpl_dict	*d;
	int64_t			 err_id;
	const char		*err, *typed;
	int			 n;
};

static void
add_applicant(void *arg, const struct volunteer *v, const char *teams, const char *platforms)
{
	struct ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "APPLICANT");
	char when[20];

	tmpl_set_int(d, "ID", v->id);
	tmpl_set(d, "NAME", v->name);
	tmpl_set(d, "PHONE", v->phone);
	tmpl_set(d, "PLACE", v->org_name);
	tmpl_set(d, "TEAMS", teams);
	tmpl_set(d, "PLATFORMS", platforms);
	if (v->party_member)
		tmpl_show(d, "PARTY");
	time_format_cst(v->created_at, when);
	when[16] = '\0';
	tmpl_set(d, "WHEN", when);
	if (v->id == c->err_id) {
		tmpl_set(d, "ERROR", c->err);
		tmpl_set(d, "TYPED", c->typed ? c->typed : "");
		tmpl_show(d, "HAS_ERROR");
	}
	c->n++;
}

static int
render(struct req *r, int status, int64_t err_id, const char *err, const char *typed,
    const char *notice)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct ctx c = { .err_id = err_id, .err = err, .typed = typed };
	struct page pg;

	c.d = page_begin(r, &pg, "志愿者申请审核", "desk_volunteers.tpl", "desk");
	tmpl_set(c.d, "CSRF", r->signin->sess.csrf);
	if (volunteer_each_pending(r->app->db, &sc, add_applicant, &c) != MODEL_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (c.n == 0)
		tmpl_show(c.d, "EMPTY");
	return page_finish_private(r, &pg, status, notice);
}

int
page_desk_volunteers(struct req *r)
{
	const char *done = kv_get(&r->query, "done");

	return render(r, 200, 0, NULL, NULL, done && strcmp(done, "approved") == 0 ?
	    "已通过，志愿者编号已生成。" : done && strcmp(done, "rejected") == 0 ?
	    "已退回申请，申请人登录时会看到原因。" : NULL);
}

/* Approves (approve 1) or turns down with a reason the applicant reads the
 * application of the path's {id}, if it is in the staff member's scope.
 * Returns 0 or an HTTP status. */
static int
review(struct req *r, int approve)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	int64_t id = r->path_id;
	const char *typed = kv_get(&r->form, "reason");
	char *reason = NULL, url[64];
	enum model_err e;
	int in;

	if ((in = volunteer_in_scope(r->app->db, &sc, id)) == 0)
		return 404;
	if (in < 0)
		return 500;
	if (!approve) {
		reason = str_trim(typed ? typed : "");
		if (valid_text(reason, 200, 1) != VALID_OK) {
			free(reason);
			return render(r, 400, id, "请写明不通过的原因（不超过200字），申请人会看到它",
			    typed, NULL);
		}
	}
	e = volunteer_review(r->app->db, id, r->signin->user.id, approve, reason);
	free(reason);
	switch (e) {
	case MODEL_OK:
		snprintf(url, sizeof(url), "/desk/volunteers?done=%s", approve ? "approved" : "rejected");
		return page_redirect(r, url);
	case MODEL_BAD_STATE:
		return render(r, 409, 0, NULL, NULL, "这份申请刚刚已被其他人审核过。");
	case MODEL_BUSY:
	case MODEL_FULL:
		return 503;
	default:
		return 500;
	}
}

/* POST "/desk/volunteers/{id}/approve": the applicant becomes a volunteer. */
int
page_desk_volunteer_approve(struct req *r)
{
	return review(r, 1);
}

/* POST "/desk/volunteers/{id}/reject": turned down, with the reason. */
int
page_desk_volunteer_reject(struct req *r)
{
	return review(r, 0);
}
