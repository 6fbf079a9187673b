/*
 * desk_order.c: one request as staff see it, "/desk/order/{code}": all the
 * resident gave, with the phone number masked (138****1234) until staff
 * press 显示 and say why ("/desk/order/{code}/reveal": the showing and its
 * reason are recorded), the timeline, internal notes, and the actions the
 * state machine allows now, each a POST of its own route:
 * "/desk/order/{code}/dispatch", publish, reject, cancel, due and note
 * (催办 is desk_urge.c's; its button is here while the request waits for a
 * volunteer). Below the timeline, the 催办 and 督办 of the request; below
 * the notes, 通知记录: every message sent about it, to whom and whether the
 * SMS went, so staff know whether the resident was told (both filled by
 * desk_order_log.c). The resident's photos are with what they gave; the
 * volunteers' 服务照片 below it, each with its 可公开 state and the button
 * that changes it (desk_order_photos.c); a link an Open311 client sent
 * (media_url) is shown as the client's, never fetched. A request outside
 * the person's scope is 404, so its existence is not revealed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/dispatch.h"
#include "model/order_state.h"
#include "model/org.h"
#include "model/photo.h"
#include "lib/id.h"
#include "lib/phone.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/desk/desk_filter.h"
#include "page/desk/desk_order_log.h"
#include "page/part/order_view.h"
#include "page/part/photo_upload.h"
#include "page/part/rate.h"
#include "page/part/page.h"

#define REASON_MAX 200
#define NOTE_MAX 500
#define REVEAL_DETAIL_MAX 60

/* Why staff may need a resident's whole number: the choices of the 显示 form
 * (the last one asks for a few words). */
static const char *const reveal_reasons[] = {
	"联系群众核实需求", "与群众约定服务时间", "回访服务情况", "群众要求回电", "其他",
};
#define REVEAL_OTHER (sizeof(reveal_reasons) / sizeof(reveal_reasons[0]) - 1)

/* What went wrong with an action, to show beside its form. */
struct act_error {
	const char	*action;	/* which form, or NULL */
	const char	*message;
	const char	*typed;		/* what was typed, kept */
	const char	*notice;	/* a message above everything, or NULL */
	const char	*detail;	/* the 显示 form's few words, kept */
	const char	*success;	/* a confirmation above everything, or NULL */
};

/* Finds the request of the path's {code} within the person's scope. Returns
 * 0, or 404 (unknown or out of scope) or another error status. */
static int
find(struct req *r, struct order *o)
{
	struct scope sc = desk_scope(r);
	enum model_err e;
	int in;

	if ((e = order_by_code(r->app->db, r->path_code, o)) != MODEL_OK)
		return model_status(e);
	in = desk_in_scope(r->app->db, &sc, o->id);
	return in == 1 ? 0 : in == 0 ? 404 : 500;
}

struct teams_ctx {
	struct tmpl_dict	*d;
	int			 first;
};

static void
add_team(void *arg, const struct team_choice *t)
{
	struct teams_ctx *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "TEAM_OPT");

	tmpl_set_int(d, "ID", t->id);
	tmpl_set(d, "NAME", t->name);
	if (t->suggested)
		tmpl_show(d, "SUGGESTED");
	if (c->first) {
		tmpl_show(d, "SELECTED");
		c->first = 0;
	}
}

static void
add_note(void *arg, int64_t at, const char *who, const char *note)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "NOTE");
	char when[20];

	time_format_cst(at, when);
	when[16] = '\0';
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "WHO", who);
	tmpl_set(d, "TEXT", note);
}

/* The photos of a request being listed (photo_each_of_order). */
struct photo_list {
	struct tmpl_dict	*d, *list;
	const char		*section;	/* the list's section; items are PHOTO */
	int			 n;
	int			 may_mark;	/* completion: show the 可公开 buttons */
};

/* Adds a photo to its list, the list's section with the first. */
static void
add_photo(void *arg, const struct photo *p)
{
	struct photo_list *l = arg;
	struct tmpl_dict *s;

	if (l->list == NULL)
		l->list = tmpl_add_section(l->d, l->section);
	s = photo_show(l->list, "PHOTO", p);
	tmpl_set_int(s, "N", ++l->n);
	if (p->kind != PHOTO_COMPLETION)
		return;
	tmpl_show(s, p->public ? "IS_PUBLIC" : "IS_PRIVATE");
	if (l->may_mark)
		tmpl_show(s, p->public ? "CAN_PRIVATE" : "CAN_PUBLIC");
}

/* Fills the request's photos and the client's link into d. Returns 0 or -1. */
static int
photos_fill(struct db *db, struct tmpl_dict *d, const struct order *o, int may_mark)
{
	struct photo_list req = { d, NULL, "REQ_PHOTOS", 0, 0 };
	struct photo_list done = { d, NULL, "DONE_PHOTOS", 0, may_mark };
	char url[512];

	if (photo_each_of_order(db, o->id, PHOTO_REQUEST, 0, add_photo, &req) != DB_OK ||
	    photo_each_of_order(db, o->id, PHOTO_COMPLETION, 0, add_photo, &done) != DB_OK ||
	    order_media_url(db, o->id, url, sizeof(url)) != MODEL_OK)
		return -1;
	if (url[0])
		tmpl_set(tmpl_add_section(d, "MEDIA_URL"), "URL", url);
	return 0;
}

/* Adds the form for action to d if the person may do it now. */
static struct tmpl_dict *
action_form(struct tmpl_dict *d, const char *section, const struct act_error *err,
    const char *action)
{
	struct tmpl_dict *f = tmpl_add_section(d, section);

	if (err && err->action && strcmp(err->action, action) == 0) {
		tmpl_set(f, "ERROR", err->message);
		tmpl_show(f, "HAS_ERROR");
		tmpl_set(f, "TYPED", err->typed ? err->typed : "");
	}
	return f;
}

/*
 * Shows the resident's number: whole when staff asked for it (revealed),
 * else masked with the 显示 form; a 座机 is said to be one.
 */
static void
phone_fill(struct tmpl_dict *d, const char *phone, int revealed, const struct act_error *err)
{
	char masked[PHONE_MAX];

	if (phone[0] == '\0') {
		tmpl_show(d, "NO_PHONE");
		return;
	}
	if (!phone_is_mobile(phone))
		tmpl_show(d, "LANDLINE");
	if (revealed) {
		tmpl_set(d, "CONTACT_PHONE", phone);
		tmpl_show(d, "PHONE_SHOWN");
		return;
	}
	phone_mask(phone, masked);
	tmpl_set(d, "PHONE_MASKED", masked);
	{
		struct tmpl_dict *f = tmpl_add_section(d, "PHONE_HIDDEN");
		const char *picked = err && err->action && strcmp(err->action, "reveal") == 0 ?
		    err->typed : NULL;
		for (size_t i = 0; i < sizeof(reveal_reasons) / sizeof(reveal_reasons[0]); i++) {
			struct tmpl_dict *o = tmpl_add_section(f, "REASON_OPT");
			tmpl_set(o, "LABEL", reveal_reasons[i]);
			if (picked && strcmp(picked, reveal_reasons[i]) == 0)
				tmpl_show(o, "SELECTED");
		}
		if (picked) {
			tmpl_set(f, "ERROR", err->message);
			tmpl_show(f, "HAS_ERROR");
			tmpl_set(f, "DETAIL", err->detail ? err->detail : "");
		}
	}
}

/* Renders the staff view of o with status; the phone number whole only when
 * revealed (its showing already recorded). */
static int
render(struct req *r, const struct order *o, int status, const struct act_error *err,
    int revealed)
{
	static const char *const channels[][2] = {
		{ "web", "群众网上点单" }, { "open311", "接口（Open311）" },
		{ "phone", "电话登记" }, { "walkin", "现场登记" },
	};
	struct db *db = r->app->db;
	struct order_private p;
	struct page pg;
	struct tmpl_dict *d;
	struct teams_ctx tc;
	enum role role = r->signin->user.role;
	char due[20];
	const char *st = o->state;
	enum model_err e;

	if ((e = dispatch_private(db, o->id, &p)) != MODEL_OK)
		return model_status(e);
	d = page_begin(r, &pg, "申请详情", "desk_order.tpl", "desk");
	if (order_view_fill(r, d, o) != 0 || rate_fill(r, d, o, NULL, 0, 1, NULL) != 0)
		goto fail;
	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "CSRF", r->signin->sess.csrf);
	tmpl_set_int(d, "VERSION", p.version);
	tmpl_set(d, "PLATFORM", o->platform_name);	/* for staff only: residents read no platform */
	tmpl_set(d, "NEED", p.need);
	tmpl_set(d, "ADDRESS", p.address[0] ? p.address : "（未填写）");
	tmpl_set(d, "WANTED", p.wanted_time[0] ? p.wanted_time : "（未填写）");
	tmpl_set(d, "CONTACT_NAME", p.contact_name);
	phone_fill(d, p.contact_phone, revealed, err);
	if (p.contact_email[0]) {
		tmpl_set(d, "CONTACT_EMAIL", p.contact_email);
		tmpl_show(d, "HAS_EMAIL");
	}
	for (size_t i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
		if (strcmp(o->channel, channels[i][0]) == 0)
			tmpl_set(d, "CHANNEL", channels[i][1]);
	if (p.team_name[0]) {
		tmpl_set(d, "TEAM", p.team_name);
		tmpl_show(d, "HAS_TEAM");
	}
	if (p.area_name[0]) {
		tmpl_set(d, "AREA", p.area_name);
		tmpl_show(d, "HAS_AREA");
	}
	time_format_cst(o->due_at, due);
	due[16] = '\0';
	tmpl_set(d, "DUE", due);
	due[10] = 'T';
	tmpl_set(d, "DUE_INPUT", due);
	if (photos_fill(db, d, o, role != ROLE_LEADER) != 0 ||
	    dispatch_each_note(db, o->id, add_note, d) != MODEL_OK ||
	    desk_order_log_fill(db, d, o->id, config_sms_on(r->app->cfg)) != 0)
		goto fail;
	if (err && err->notice) {
		tmpl_set(d, "NOTICE", err->notice);
		tmpl_show(d, "HAS_NOTICE");
	}
	if (err && err->success) {
		tmpl_set(d, "SUCCESS", err->success);
		tmpl_show(d, "HAS_SUCCESS");
	}
	if (role != ROLE_LEADER) {
		if (order_move_ok(st, "dispatched", ACTOR_STAFF)) {
			struct tmpl_dict *f = action_form(d, "ACT_DISPATCH", err, "dispatch");
			tmpl_set(f, "LABEL", strcmp(st, "submitted") == 0 ||
			    strcmp(st, "published") == 0 ? "派单" : "重新派单");
			tc.d = f;
			tc.first = 1;
			if (dispatch_teams(db, o, &p, add_team, &tc) != MODEL_OK)
				goto fail;
		}
		if (order_move_ok(st, "published", ACTOR_STAFF)) {
			struct tmpl_dict *f = action_form(d, "ACT_PUBLISH", err, "publish");
			tmpl_set_int(f, "PLACE_ID", o->org_id);
			tmpl_set(f, "PLACE", o->org_name);
			if (p.institute_id && p.institute_id != o->org_id) {
				tmpl_set_int(f, "INST_ID", p.institute_id);
				tmpl_set(f, "INST", o->institute_name);
				tmpl_show(f, "HAS_INST");
			}
			tmpl_set_int(f, "CENTER_ID", org_center_id(db));
		}
		if (order_move_ok(st, "rejected", ACTOR_STAFF))
			action_form(d, "ACT_REJECT", err, "reject");
		if (strcmp(order_state_open311(st), "open") == 0)
			tmpl_set(action_form(d, "ACT_DUE", err, "due"), "DUE_INPUT",
			    err && err->action && strcmp(err->action, "due") == 0 && err->typed ?
			    err->typed : due);
		if (order_move_ok(st, "cancelled", ACTOR_STAFF))
			action_form(d, "ACT_CANCEL", err, "cancel");
		/* 催办 while it waits for a volunteer to take it. */
		if (strcmp(st, "dispatched") == 0 || strcmp(st, "published") == 0)
			tmpl_show(d, "ACT_URGE");
	}
	action_form(d, "ACT_NOTE", err, "note");
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
fail:
	tmpl_dict_free(pg.layout);
	return 500;
}

int
page_desk_order(struct req *r)
{
	struct act_error err = { 0 };
	const char *urged = kv_get(&r->query, "urged"), *photo = kv_get(&r->query, "photo");
	struct order o;
	int rc = find(r, &o);

	if (rc)
		return rc;
	/* Back from 催办 (desk_urge.c): say it was done. */
	if (urged && strcmp(urged, "1") == 0)
		err.success = "已催办，已再次通知队伍的志愿者";
	/* Back from 可公开 (desk_order_photos.c). */
	if (photo && strcmp(photo, "public") == 0)
		err.success = "照片已设为可公开：公众可在查询页看到它";
	else if (photo && strcmp(photo, "private") == 0)
		err.success = "照片已设为不公开：公众不再能看到它";
	return render(r, &o, 200, &err, 0);
}

/*
 * POST "/desk/order/{code}/reveal": staff in scope ask to see the whole
 * number and say why (one of reveal_reasons, a few words for 其他). The
 * showing is recorded with the reason before the page shows the number.
 */
int
page_desk_reveal(struct req *r)
{
	const char *why = kv_get(&r->form, "reason"), *detail = kv_get(&r->form, "detail");
	struct act_error err = { .action = "reveal", .typed = why ? why : "" };
	char reason[256], msg[96], *d = str_trim(detail ? detail : "");
	struct order o;
	size_t i, n = sizeof(reveal_reasons) / sizeof(reveal_reasons[0]);
	enum valid v;
	enum model_err e;
	int rc;

	if ((rc = find(r, &o)) != 0) {
		free(d);
		return rc;
	}
	err.detail = detail ? detail : "";
	for (i = 0; i < n && (why == NULL || strcmp(why, reveal_reasons[i]) != 0); i++)
		;
	if (i == n) {
		err.message = "请选择查看电话的原因";
		free(d);
		return render(r, &o, 400, &err, 0);
	}
	v = valid_line(d, REVEAL_DETAIL_MAX, i == REVEAL_OTHER);
	if (v != VALID_OK) {
		valid_message(v, REVEAL_DETAIL_MAX, msg, sizeof(msg));
		err.message = v == VALID_REQUIRED ? "选择“其他”时，请简单写明原因" : msg;
		free(d);
		return render(r, &o, 400, &err, 0);
	}
	snprintf(reason, sizeof(reason), "%s%s%s", reveal_reasons[i], d[0] ? "：" : "", d);
	free(d);
	if ((e = dispatch_reveal(r->app->db, o.id, r->signin->user.id, reason)) != MODEL_OK) {
		if (e == MODEL_BUSY)
			http_header(r, "Retry-After", "5");
		return model_status(e);
	}
	return render(r, &o, 200, NULL, 1);
}

/* Reads a required text field; on a problem fills err and returns NULL.
 * The returned string is the caller's to free. */
static char *
required_text(struct req *r, const char *name, size_t max, const char *action,
    const char *missing, struct act_error *err, char *msg, size_t msglen)
{
	const char *v = kv_get(&r->form, name);
	char *t = str_trim(v ? v : "");
	enum valid ok = valid_text(t, max, 1);

	if (ok == VALID_OK)
		return t;
	valid_message(ok, max, msg, msglen);
	err->action = action;
	err->message = ok == VALID_REQUIRED ? missing : msg;
	err->typed = v ? v : "";
	free(t);
	return NULL;
}

/*
 * Starts a move of the path's request: finds it in scope and reads the
 * version its page showed (every move carries it) into m. Returns 0, or
 * an HTTP status.
 */
static int
move_begin(struct req *r, struct order *o, struct staff_move *m)
{
	const char *ver = kv_get(&r->form, "version");
	int rc;

	if ((rc = find(r, o)) != 0)
		return rc;
	if (ver == NULL || *ver == '\0' || strspn(ver, "0123456789") != strlen(ver) ||
	    strlen(ver) > 9)
		return 400;
	m->order_id = o->id;
	m->user_id = r->signin->user.id;
	m->version = atoi(ver);
	return 0;
}

/*
 * Answers what the store said to a move or a note of o: back to the
 * request; or, when someone else moved it first or its state no longer
 * allows the move, the request as it is now, saying so (409). Returns 0 or
 * an HTTP status.
 */
static int
move_done(struct req *r, struct order *o, enum model_err e)
{
	struct act_error err = { 0 };
	char notice[300], url[64];
	int rc;

	switch (e) {
	case MODEL_OK:
		snprintf(url, sizeof(url), "/desk/order/%s", o->code);
		return page_redirect(r, url);
	case MODEL_DUPLICATE:
	case MODEL_BAD_STATE:
		if ((rc = find(r, o)) != 0)
			return rc;
		snprintf(notice, sizeof(notice), e == MODEL_DUPLICATE ?
		    "这个申请刚刚被其他人处理过，现在的状态是“%s”。您的操作没有执行，请看过最新情况后再决定。" :
		    "申请现在的状态是“%s”，不能进行这个操作。", order_state_label(o->state));
		err.notice = notice;
		return render(r, o, 409, &err, 0);
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		return 503;
	default:
		return 500;
	}
}

/* Rejects or cancels the path's request (to: "rejected" or "cancelled")
 * with the reason the resident will read. Returns 0 or an HTTP status. */
static int
move_with_reason(struct req *r, const char *action, const char *to)
{
	struct staff_move m = { .to = to };
	struct act_error err = { 0 };
	struct order o;
	char msg[96], *text;
	enum model_err e;
	int rc;

	if ((rc = move_begin(r, &o, &m)) != 0)
		return rc;
	if ((text = required_text(r, "reason", REASON_MAX, action,
	    "请写明原因，群众会在查询页面看到它", &err, msg, sizeof(msg))) == NULL)
		return render(r, &o, 400, &err, 0);
	m.reason = text;
	e = dispatch_move(r->app->db, &m);
	free(text);
	return move_done(r, &o, e);
}

/* POST "/desk/order/{code}/dispatch": to the team chosen from the list. */
int
page_desk_dispatch(struct req *r)
{
	struct staff_move m = { .to = "dispatched" };
	struct act_error err = { .action = "dispatch", .message = "请从列表中选择服务队" };
	struct order_private p;
	struct order o;
	int rc;

	if ((rc = move_begin(r, &o, &m)) != 0)
		return rc;
	if (dispatch_private(r->app->db, o.id, &p) != MODEL_OK)
		return 500;
	if (id_parse(kv_get(&r->form, "team"), &m.team_id) != 0 ||
	    !dispatch_team_ok(r->app->db, &o, &p, m.team_id))
		return render(r, &o, 400, &err, 0);
	return move_done(r, &o, dispatch_move(r->app->db, &m));
}

/* POST "/desk/order/{code}/publish": for volunteers of an area to claim
 * (抢单): the request's own 站, its 所 or the whole district. */
int
page_desk_publish(struct req *r)
{
	struct staff_move m = { .to = "published" };
	struct act_error err = { .action = "publish", .message = "请选择抢单的范围" };
	struct order_private p;
	struct order o;
	int64_t a = 0;
	int rc;

	if ((rc = move_begin(r, &o, &m)) != 0)
		return rc;
	if (dispatch_private(r->app->db, o.id, &p) != MODEL_OK)
		return 500;
	if (id_parse(kv_get(&r->form, "area"), &a) != 0 ||
	    (a != o.org_id && a != p.institute_id && a != org_center_id(r->app->db)))
		return render(r, &o, 400, &err, 0);
	m.area_id = a;
	return move_done(r, &o, dispatch_move(r->app->db, &m));
}

/* POST "/desk/order/{code}/reject": with a reason the resident reads. */
int
page_desk_reject(struct req *r)
{
	return move_with_reason(r, "reject", "rejected");
}

/* POST "/desk/order/{code}/cancel": with a reason the resident reads. */
int
page_desk_cancel(struct req *r)
{
	return move_with_reason(r, "cancel", "cancelled");
}

/* POST "/desk/order/{code}/due": a new time by which it should be done. */
int
page_desk_due(struct req *r)
{
	const char *due = kv_get(&r->form, "due");
	struct staff_move m = { 0 };
	struct act_error err = { .action = "due", .message = "请填写正确的日期和时间",
	    .typed = due };
	struct order o;
	int rc;

	if ((rc = move_begin(r, &o, &m)) != 0)
		return rc;
	if ((m.due_at = time_parse_local(due)) <= 0)
		return render(r, &o, 400, &err, 0);
	return move_done(r, &o, dispatch_move(r->app->db, &m));
}

/* POST "/desk/order/{code}/note": an internal note (team leaders too; it
 * moves nothing, so it carries no version). */
int
page_desk_note(struct req *r)
{
	struct act_error err = { 0 };
	struct order o;
	char msg[96], *text;
	enum model_err e;
	int rc;

	if ((rc = find(r, &o)) != 0)
		return rc;
	if ((text = required_text(r, "note", NOTE_MAX, "note", "请写下备注内容", &err,
	    msg, sizeof(msg))) == NULL)
		return render(r, &o, 400, &err, 0);
	e = dispatch_note(r->app->db, o.id, r->signin->user.id, text);
	free(text);
	return move_done(r, &o, e);
}
