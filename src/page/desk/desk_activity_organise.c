/*
 * desk_activity_organise.c: the organiser's page of one activity
 * ("/desk/activities/{id}", in the staff member's scope): the sign-ups with
 * their sign-in and sign-out times and records of service, the links to the
 * sign-in and sign-out QR screens (and the screens and their images),
 * cancelling, and once it has ended its 活动风采: 发布活动风采 (desk_news.c),
 * or a link to the one written. The list and the create form are
 * desk_activities.c.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/activity.h"
#include "model/news.h"
#include "http/session.h"
#include "view/qr.h"
#include "page/part/activity_view.h"
#include "page/part/page.h"

/* What the organiser's page collects. */
struct organiser {
	struct tmpl_dict	*d;
	int64_t			 starts_at, ends_at;
	int			 open;
	int			 n, in, out;
};

/* Fills the activity into the page and notes its times and whether it is
 * open (activity_find callback). */
static void
fill_activity(void *arg, const struct activity *a)
{
	struct organiser *o = arg;

	activity_fill(o->d, a);
	o->starts_at = a->starts_at;
	o->ends_at = a->ends_at;
	o->open = strcmp(a->status, "open") == 0;
}

/* Adds one sign-up to the SIGNUP section with its times and record of
 * service, and counts it (activity_each_signup callback). */
static void
add_signup(void *arg, const struct activity_signup *s)
{
	struct organiser *o = arg;
	struct tmpl_dict *d = tmpl_add_section(o->d, "SIGNUP");
	char t[20];

	tmpl_set(d, "NAME", s->name);
	tmpl_set(d, "NUMBER", s->number);
	if (strcmp(s->state, "withdrawn") == 0) {
		tmpl_set(d, "STATE", "已取消报名");
		return;
	}
	tmpl_set(d, "STATE", "已报名");
	o->n++;
	if (s->checkin_at) {
		time_format_cst(s->checkin_at, t);
		t[16] = '\0';
		tmpl_set(d, "IN", t + 11);
		o->in++;
	} else
		tmpl_set(d, "IN", "—");
	if (s->checkout_at) {
		time_format_cst(s->checkout_at, t);
		t[16] = '\0';
		tmpl_set(d, "OUT", t + 11);
		o->out++;
	} else
		tmpl_set(d, "OUT", "—");
	if (s->hour_id) {
		tmpl_set_int(d, "MINUTES", s->minutes);
		tmpl_set(d, "HOUR_STATUS", strcmp(s->hour_status, "confirmed") == 0 ?
		    "已确认" : "待确认");
		tmpl_show(d, "HAS_HOURS");
		if (strcmp(s->hour_status, "pending") == 0) {
			tmpl_set_int(d, "HOUR_ID", s->hour_id);
			tmpl_show(d, "CAN_CONFIRM");
		}
	}
}

/* Reads the activity of the path's {id} if it is in the staff member's
 * scope. Returns the id, 0 if not found or not theirs (404), -1 on error. */
static int64_t
path_activity(struct req *r)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	int in;

	if ((in = activity_in_scope(r->app->db, &sc, r->path_id)) <= 0)
		return in;
	return r->path_id;
}

/* Notes the activity's 活动风采 on the organiser's page. */
static void
got_fengcai(void *arg, const struct news *n)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "FENGCAI_EDIT");

	tmpl_set_int(d, "NEWS_ID", n->id);
	tmpl_set(d, "NEWS_TITLE", n->title);
	tmpl_show(d, n->published ? "F_PUBLISHED" : "F_DRAFT");
}

/* Adds what the organiser's page offers of the activity's 活动风采 to d:
 * for staff of places (team leaders write no articles), once the activity
 * has ended, the link to write it or to the one written; before, a note.
 * Returns 0, or -1 on a database error. */
static int
fengcai_offer(struct req *r, struct tmpl_dict *d, int64_t id, const struct organiser *o,
    int64_t now)
{
	int found = 0;

	if (r->signin->user.role == ROLE_LEADER || !o->open)
		return 0;
	if (now < o->ends_at) {
		tmpl_show(d, "FENGCAI_LATER");
		return 0;
	}
	if (news_of_activity(r->app->db, id, 0, got_fengcai, d, &found) != DB_OK)
		return -1;
	if (!found)
		tmpl_show(d, "FENGCAI_NEW");
	return 0;
}

/* Renders the organiser's page of activity id with status and notice. */
static int
organiser_render(struct req *r, int64_t id, int status, const char *notice)
{
	struct organiser o = { 0 };
	struct page pg;
	int found, rc, one = 1;
	int64_t now = now_unix();

	o.d = page_begin(r, &pg, "活动组织", "desk_activity.tpl", "desk");
	rc = activity_find_status(activity_find(r->app->db, id, fill_activity, &o, &found), &found);
	if (rc == 0)
		rc = activity_find_status(activity_each_signup(r->app->db, id, add_signup, &o), &one);
	if (rc != 0) {
		tmpl_dict_free(pg.layout);
		return rc;
	}
	tmpl_set(o.d, "CSRF", r->signin->sess.csrf);
	tmpl_set_int(o.d, "N_SIGNED", o.n);
	tmpl_set_int(o.d, "N_IN", o.in);
	tmpl_set_int(o.d, "N_OUT", o.out);
	if (o.n == 0)
		tmpl_show(o.d, "NO_SIGNUPS");
	if (o.open && now <= o.ends_at + ACTIVITY_CHECKOUT_LATE)
		tmpl_show(o.d, "CAN_SHOW_QR");
	if (o.open && now < o.ends_at)
		tmpl_show(o.d, "CAN_CANCEL");
	if (fengcai_offer(r, o.d, id, &o, now) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish_private(r, &pg, status, notice);
}

/* GET "/desk/activities/{id}": the organiser's page (?new=1 just after
 * creating it says so). Returns 0 or an HTTP status. */
int
page_desk_activity(struct req *r)
{
	int64_t id = path_activity(r);
	const char *q = kv_get(&r->query, "new");

	if (id <= 0)
		return id == 0 ? 404 : 500;
	return organiser_render(r, id, 200, q && strcmp(q, "1") == 0 ?
	    "活动已发布，志愿者现在可以在活动页面报名。" : NULL);
}

/* POST "/desk/activities/{id}/cancel": cancels the activity and shows the
 * organiser's page again, saying so. Returns 0 or an HTTP status. */
int
page_desk_activity_cancel(struct req *r)
{
	int64_t id = path_activity(r);
	enum model_err e;

	if (id <= 0)
		return id == 0 ? 404 : 500;
	e = activity_cancel(r->app->db, id);
	if (e == MODEL_CLOSED)
		return organiser_render(r, id, 409, "这个活动已经取消过了。");
	if (e != MODEL_OK)
		return model_status(e);
	return organiser_render(r, id, 200, "活动已取消，活动页面会告诉已报名的志愿者。");
}

/* Writes the link a scanned code opens into url. Returns 0, or -1. */
static int
qr_link(struct req *r, int64_t id, enum activity_check what, char *url, size_t len)
{
	char token[ACTIVITY_TOKEN_LEN + 1], base[256];

	if (activity_qr_token(r->app->db, id, what, now_unix(), token) != 0)
		return -1;
	snprintf(url, len, "%s/a/%lld/%s/%s", page_base_url(r, base, sizeof(base)),
	    (long long)id, what == CHECK_IN ? "in" : "out", token);
	return 0;
}

/* The organiser's screen of the sign-in (what CHECK_IN) or sign-out code:
 * the page (svg 0) or the image (svg 1). Returns 0 or an HTTP status. */
static int
qr_show(struct req *r, enum activity_check what, int svg)
{
	struct organiser o = { 0 };
	int64_t id = path_activity(r);
	char url[400];
	struct page pg;
	int found, rc;

	if (id <= 0)
		return id == 0 ? 404 : 500;
	if (qr_link(r, id, what, url, sizeof(url)) != 0)
		return 404;
	if (svg) {
		struct buf b;
		buf_init(&b);
		if (qr_svg(url, what == CHECK_IN ? "活动签到二维码" : "活动签退二维码", &b) != 0) {
			buf_free(&b);
			return 500;
		}
		http_header(r, "Content-Type", "image/svg+xml; charset=utf-8");
		http_header(r, "Cache-Control", "no-store");
		http_body(r, b.data, b.len);
		buf_free(&b);
		return 0;
	}
	o.d = page_begin(r, &pg, what == CHECK_IN ? "签到码" : "签退码", "activity_qr.tpl", "desk");
	if ((rc = activity_find_status(activity_find(r->app->db, id, fill_activity, &o, &found),
	    &found)) != 0) {
		tmpl_dict_free(pg.layout);
		return rc;
	}
	if (!o.open) {
		tmpl_dict_free(pg.layout);
		return 404;
	}
	tmpl_set(o.d, "WHAT", what == CHECK_IN ? "签到" : "签退");
	tmpl_set(o.d, "WHAT_PATH", what == CHECK_IN ? "in" : "out");
	tmpl_set(o.d, "OTHER_PATH", what == CHECK_IN ? "out" : "in");
	tmpl_set(o.d, "OTHER", what == CHECK_IN ? "签退" : "签到");
	tmpl_set(o.d, "LINK", url);
	tmpl_set_int(o.d, "STEP", now_unix() / ACTIVITY_QR_STEP);
	return page_finish_private(r, &pg, 200, NULL);
}

/* GET "/desk/activities/{id}/qr/in": the current sign-in code, large
 * (static/qr-screen.js reloads it every minute). */
int
page_desk_activity_qr_in(struct req *r)
{
	return qr_show(r, CHECK_IN, 0);
}

/* GET "/desk/activities/{id}/qr/out": the current sign-out code, large. */
int
page_desk_activity_qr_out(struct req *r)
{
	return qr_show(r, CHECK_OUT, 0);
}

/* GET "/desk/activities/{id}/qr/in.svg": the sign-in code's image. */
int
page_desk_activity_qr_in_svg(struct req *r)
{
	return qr_show(r, CHECK_IN, 1);
}

/* GET "/desk/activities/{id}/qr/out.svg": the sign-out code's image. */
int
page_desk_activity_qr_out_svg(struct req *r)
{
	return qr_show(r, CHECK_OUT, 1);
}
