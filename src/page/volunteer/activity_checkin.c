/*
 * activity_checkin.c: what a volunteer's phone opens when it scans the
 * organiser's code: "/a/{id}/in/{token}" (or out). The GET checks the code
 * and asks for one tap; the POST (with the session's form token) records
 * the time of sign-in, or of sign-out with the record of service that the
 * organiser then confirms. An old or forged code is refused with a page
 * that says why and what to do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/activity.h"
#include "http/session.h"
#include "page/part/activity_view.h"
#include "page/part/page.h"

/* The parts of the path, checked. */
struct scan {
	int64_t			 id;
	enum activity_check	 what;
	const char		*token;
	const char		*word;		/* 签到 or 签退 */
};

/* Reads the path (its {id} and {token}) of a sign-in (what CHECK_IN) or
 * sign-out route into s. */
static void
scan_read(struct req *r, enum activity_check what, struct scan *s)
{
	s->id = r->path_id;
	s->what = what;
	s->word = what == CHECK_IN ? "签到" : "签退";
	s->token = r->params[1];
}

static void
fill(void *arg, const struct activity *a)
{
	activity_fill(arg, a);
}

/* Renders the scan page: the activity, then (when ask) the button, or the
 * outcome message. Returns 0 or an HTTP status. */
static int
scan_render(struct req *r, const struct scan *s, int status, int ask, const char *outcome,
    int good)
{
	struct page pg;
	struct tmpl_dict *d;
	char title[32];
	int found, rc;

	snprintf(title, sizeof(title), "活动%s", s->word);
	d = page_begin(r, &pg, title, "activity_scan.tpl", NULL);
	if ((rc = activity_find_status(activity_find(r->app->db, s->id, fill, d, &found),
	    &found)) != 0) {
		tmpl_dict_free(pg.layout);
		return rc;
	}
	tmpl_set(d, "WORD", s->word);
	tmpl_set(d, "WHAT_PATH", s->what == CHECK_IN ? "in" : "out");
	tmpl_set(d, "TOKEN", s->token);
	tmpl_set(d, "CSRF", r->volunteer->sess.csrf);
	tmpl_set(d, "VNAME", r->volunteer->v.name);
	if (ask)
		tmpl_show(d, "ASK");
	if (outcome) {
		tmpl_set(d, "OUTCOME", outcome);
		tmpl_show(d, good ? "GOOD" : "BAD");
	}
	return page_finish_private(r, &pg, status, NULL);
}

/* Checks the scanned code, allowing extra steps of age. Returns 0 if it
 * is good, else renders the refusal and returns its status (or 500). */
static int
code_refused(struct req *r, const struct scan *s, int extra, int *rc)
{
	char msg[200];
	int v = activity_qr_verify(r->app->db, s->id, s->what, s->token, now_unix(),
	    ACTIVITY_QR_MAX_AGE + extra);

	if (v == 0)
		return 0;
	if (v < 0) {
		*rc = 500;
		return 1;
	}
	if (v == 1)
		snprintf(msg, sizeof(msg), "这个%s码已过期（码每分钟更换，几分钟后失效）。"
		    "请扫描组织人屏幕上正在显示的码。", s->word);
	else
		snprintf(msg, sizeof(msg), "这不是本活动有效的%s码，没有记录。"
		    "请扫描组织人屏幕上正在显示的码。", s->word);
	*rc = scan_render(r, s, v == 1 ? 410 : 400, 0, msg, 0);
	return 1;
}

/* GET of a scanned code: checks it and asks for one tap. */
static int
scan_ask(struct req *r, enum activity_check what)
{
	struct scan s;
	int rc = 0;

	scan_read(r, what, &s);
	if (code_refused(r, &s, 0, &rc))
		return rc;
	return scan_render(r, &s, 200, 1, NULL, 0);
}

/* POST of a scanned code: records the sign-in or sign-out and says so,
 * or says why not. */
static int
scan_record(struct req *r, enum activity_check what)
{
	struct scan s;
	char msg[300], t[20];
	int64_t at = 0;
	enum model_err e;
	int rc = 0;

	scan_read(r, what, &s);
	/* A few more minutes than the GET: the volunteer may have had to sign in. */
	if (code_refused(r, &s, 5, &rc))
		return rc;
	e = activity_check(r->app->db, s.id, r->volunteer->v.id, s.what, now_unix(), &at);
	if (at) {
		time_format_cst(at, t);
		t[16] = '\0';
	}
	switch (e) {
	case MODEL_OK:
		if (s.what == CHECK_IN)
			snprintf(msg, sizeof(msg), "已签到，时间 %s。活动结束时请扫签退码签退。", t + 11);
		else
			snprintf(msg, sizeof(msg), "已签退，时间 %s。服务时长等组织方确认后计入您的服务记录。",
			    t + 11);
		return scan_render(r, &s, 200, 0, msg, 1);
	case MODEL_ALREADY:
		snprintf(msg, sizeof(msg), "您已在 %s %s过，不用重复%s。", t + 11, s.word, s.word);
		return scan_render(r, &s, 200, 0, msg, 1);
	case MODEL_NOT_FOUND:
		return 404;
	case MODEL_BUSY:
	case MODEL_FULL:
		return 503;
	case MODEL_ERROR:
		return 500;
	case MODEL_TOO_EARLY:
		snprintf(msg, sizeof(msg), s.what == CHECK_IN ?
		    "还没到签到时间：活动开始前一小时起可以签到。" :
		    "活动还没开始，开始后才能签退。");
		break;
	case MODEL_TOO_LATE:
		snprintf(msg, sizeof(msg), "%s时间已过，没有记录。如有需要请联系组织人。", s.word);
		break;
	case MODEL_NOT_SIGNED:
		snprintf(msg, sizeof(msg), "您还没有签到，不能签退。请先扫签到码。");
		break;
	case MODEL_NO_PLACE:
		snprintf(msg, sizeof(msg), "名额已满，没有签到。请联系组织人。");
		break;
	case MODEL_NOT_OPEN_TO:
		snprintf(msg, sizeof(msg), "这个活动只接受报名范围内的志愿者，您不在范围内，没有签到。");
		break;
	case MODEL_CLOSED:
	default:
		snprintf(msg, sizeof(msg), "活动已取消，没有记录。");
		break;
	}
	return scan_render(r, &s, 409, 0, msg, 0);
}

/* GET "/a/{id}/in/{token}": the sign-in code, scanned. */
int
page_scan_in(struct req *r)
{
	return scan_ask(r, CHECK_IN);
}

/* GET "/a/{id}/out/{token}": the sign-out code, scanned. */
int
page_scan_out(struct req *r)
{
	return scan_ask(r, CHECK_OUT);
}

/* POST "/a/{id}/in/{token}": signs in. */
int
page_scan_in_record(struct req *r)
{
	return scan_record(r, CHECK_IN);
}

/* POST "/a/{id}/out/{token}": signs out. */
int
page_scan_out_record(struct req *r)
{
	return scan_record(r, CHECK_OUT);
}
