/*
 * volunteer_tasks.c: the volunteer's phone pages. "/v" lists the tasks open
 * to them (dispatched to their teams, or open for claiming in their area)
 * and the ones they serve; "/v/task/{code}" shows one, with the resident's
 * name and phone (and the photos the resident sent) only while they serve
 * it; POSTs accept it (one tap), give it back before starting (with a
 * reason), or report it done with the hours served by each volunteer on it
 * and up to PHOTO_MAX_COMPLETION 服务照片, saved with the completion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/form.h"
#include "model/code.h"
#include "model/order_state.h"
#include "model/task.h"
#include "http/session.h"
#include "lib/id.h"
#include "lib/validate.h"
#include "page/part/page.h"
#include "page/part/photo_upload.h"

/* Tasks listed on a page of "/v": a cheap phone loads 30 in ~15 KB. */
#define TASKS_PER_PAGE	30

/* Fills a task's fields into d. */
static void
task_fill(struct tmpl_dict *d, const struct task *t)
{
	char fmt[CODE_LEN + 3], when[20];

	code_format(t->code, fmt);
	tmpl_set(d, "CODE", t->code);
	tmpl_set(d, "CODE_FMT", fmt);
	tmpl_set(d, "SERVICE", t->service);
	tmpl_set(d, "PLATFORM", t->platform);
	tmpl_set(d, "PLACE", t->place);
	if (t->institute[0]) {
		tmpl_set(d, "INSTITUTE", t->institute);
		tmpl_show(d, "HAS_INSTITUTE");
	}
	tmpl_set(d, "NEED", t->need);
	tmpl_set(d, "WANTED_TIME", t->wanted_time[0] ? t->wanted_time : "未说明");
	tmpl_set(d, "STATE_LABEL", order_state_label(t->state));
	tmpl_set(d, "STATE", t->state);
	time_format_cst(t->created_at, when);
	when[16] = '\0';
	tmpl_set(d, "CREATED", when);
	tmpl_set_int(d, "WANTED", t->wanted);
	tmpl_set_int(d, "TAKEN", t->taken);
	if (t->wanted > 1)
		tmpl_show(d, "MANY");
	tmpl_show(d, t->via_team ? "VIA_TEAM" : "VIA_AREA");
	if (t->mine)
		tmpl_show(d, "MINE");
}

/* The "/v" list being filled. */
struct task_list {
	struct tmpl_dict	*d;
	int			 n;
	int			 mine, open;	/* how many of each kind on the page */
};

static void
add_task(void *arg, const struct task *t)
{
	struct task_list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, t->mine ? "MY_TASK" : "OPEN_TASK");

	task_fill(d, t);
	l->n++;
	if (t->mine)
		l->mine++;
	else
		l->open++;
}

int
page_vtasks(struct req *r)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "我的任务", "vtasks.tpl", "vtasks");
	const char *flash = kv_get(&r->query, "done");

	int n = page_number(kv_get(&r->query, "page")), more = 0;
	struct task_list list = { d, 0, 0, 0 };
	char href[32];

	tmpl_set(d, "NAME", r->volunteer->v.name);
	tmpl_set(d, "NUMBER", r->volunteer->v.number);
	tmpl_set(d, "CSRF", r->volunteer->sess.csrf);
	if (n == 0) {
		tmpl_set(d, "FLASH", "页码不对：页码是从 1 开始的整数。下面是第一页。");
		tmpl_show(d, "HAS_FLASH");
		n = 1;
	}
	if (task_each(r->app->db, r->volunteer->v.id, (n - 1) * TASKS_PER_PAGE, TASKS_PER_PAGE,
	    &more, &pg.open_tasks, add_task, &list) != MODEL_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (list.mine == 0)
		tmpl_show(d, "NO_MY_TASK");
	if (list.open == 0)
		tmpl_show(d, "NO_OPEN_TASK");
	if (list.n == 0 && n > 1) {
		/* Past the end: the list shrank since the link was made. */
		tmpl_set(d, "FLASH", "这一页没有任务了：任务可能已被接走。请回到第一页。");
		tmpl_show(d, "HAS_FLASH");
	}
	if (n > 1) {
		snprintf(href, sizeof(href), "/v?page=%d", n - 1);
		tmpl_set(d, "PREV_HREF", href);
		tmpl_show(d, "HAS_PREV");
		tmpl_set_int(d, "PAGE", n);
		tmpl_show(d, "NOT_FIRST");
	}
	if (more) {
		snprintf(href, sizeof(href), "/v?page=%d", n + 1);
		tmpl_set(d, "NEXT_HREF", href);
		tmpl_show(d, "HAS_NEXT");
	}
	if (more || n > 1)
		tmpl_show(d, "PAGER");
	if (flash) {
		/* What the last action on a task came to, told plainly. */
		static const char *const said[][2] = {
			{ "returned", "任务已退回，其他志愿者可以接单。" },
			{ "taken", "这个任务刚被其他志愿者接下了。可以看看下面的其他任务。" },
			{ "changed", "那个任务的情况刚刚变了（可能已被取消或改派），您的操作没有执行。" },
		};
		for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++)
			if (strcmp(flash, said[i][0]) == 0) {
				tmpl_set(d, "FLASH", said[i][1]);
				tmpl_show(d, "HAS_FLASH");
			}
	}
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

/* What a task page needs beyond the task itself. */
struct task_page {
	struct req		*r;
	struct tmpl_dict	*d;
	int64_t			 order_id;
	int			 mine, takeable;
	char			 state[16];
	char			 place[256];	/* 所 · 站, for the map search */
};

static void
fill_task_page(void *arg, const struct task *t)
{
	struct task_page *tp = arg;

	task_fill(tp->d, t);
	tp->order_id = t->id;
	snprintf(tp->place, sizeof(tp->place), "%s%s", t->institute, t->place);
	/* Who confirms the hours (谁组织谁记录): a team's task, its leader or the
	 * place's staff; a task open for claiming, only the place's staff. */
	tmpl_set(tp->d, "HOURS_BY", t->via_team ? "服务队队长或派单的工作人员" :
	    "发布抢单的实践站、实践所或中心的工作人员");
	tp->mine = t->mine;
	/* Open to take: waiting for a volunteer, or one of several places free. */
	tp->takeable = !t->mine && (strcmp(t->state, "dispatched") == 0 ||
	    strcmp(t->state, "published") == 0 ||
	    (strcmp(t->state, "accepted") == 0 && t->taken < t->wanted));
	snprintf(tp->state, sizeof(tp->state), "%s", t->state);
}

/* The completion form's list of volunteers being filled. */
struct servers {
	struct tmpl_dict	*d;
	const struct kvlist	*typed;	/* the form as posted, or NULL */
};

/* Adds a volunteer serving the task, with the minutes typed for them. */
static void
add_server(void *arg, int64_t vid, const char *name, const char *number)
{
	struct servers *sv = arg;
	struct tmpl_dict *d = tmpl_add_section(sv->d, "SERVER");
	char key[32];
	const char *v;

	tmpl_set_int(d, "VID", vid);
	tmpl_set(d, "VNAME", name);
	tmpl_set(d, "VNUMBER", number);
	snprintf(key, sizeof(key), "m_%lld", (long long)vid);
	if (sv->typed && (v = kv_get(sv->typed, key)) != NULL)
		tmpl_set(d, "V_MIN", v);
}

/* The resident's photos being listed: the section is added with the first. */
struct req_photos {
	struct tmpl_dict	*d, *list;
	int			 n;
};

/* Adds a photo the resident sent with the request (photo_each_of_order). */
static void
add_request_photo(void *arg, const struct photo *p)
{
	struct req_photos *rp = arg;

	if (rp->list == NULL)
		rp->list = tmpl_add_section(rp->d, "REQ_PHOTOS");
	tmpl_set_int(photo_show(rp->list, "REQ_PHOTO", p), "N", ++rp->n);
}

/* Problems with a form on the task page, to show beside it. */
struct task_error {
	const char	*form;		/* giveback or complete */
	const char	*message;
	const struct kvlist *typed;	/* the form as posted */
	const char	*notice;	/* above the page */
	const struct photo_batch *photos; /* complete: the photos kept, or NULL */
	const char	*photo_error;	/* complete: what is wrong with one, or NULL */
};

/*
 * Shows the serving volunteer who to ask for, a one-tap call and where to
 * go: the address typed, with links that open a search for it (in the
 * district, at the task's 所 · 站) in the phone's map app (geo:) or in
 * 高德地图. The page itself loads nothing from another host.
 */
static void
contact_fill(struct tmpl_dict *d, const struct task_contact *c, const char *place)
{
	struct buf q, enc;

	tmpl_set(d, "CONTACT_NAME", c->name);
	tmpl_set(d, "CONTACT_PHONE", c->phone);
	tmpl_show(d, "CONTACT");
	if (c->address[0] == '\0') {
		tmpl_show(d, "NO_ADDRESS");
		return;
	}
	buf_init(&q);
	buf_init(&enc);
	buf_printf(&q, "朔州市朔城区%s%s", place, c->address);
	url_encode(&enc, q.data);	/* every byte a URL may not hold is %XX */
	tmpl_set(d, "ADDRESS", c->address);
	tmpl_set(d, "MAP_QUERY", enc.data);
	tmpl_show(d, "HAS_ADDRESS");
	buf_free(&q);
	buf_free(&enc);
}

/* Renders the task page for code with status. */
static int
task_render(struct req *r, const char *code, int status, const struct task_error *err)
{
	struct page pg;
	struct task_page tp = { .r = r };
	enum model_err e;
	struct task_contact c;

	tp.d = page_begin(r, &pg, "任务详情", "vtask.tpl", "vtasks");
	e = task_get(r->app->db, r->volunteer->v.id, code, fill_task_page, &tp);
	if (e != MODEL_OK) {
		tmpl_dict_free(pg.layout);
		return model_status(e);
	}
	tmpl_set(tp.d, "CSRF", r->volunteer->sess.csrf);
	/* The resident's contact and address: only while this volunteer serves it. */
	if (task_contact(r->app->db, r->volunteer->v.id, tp.order_id, &c) == MODEL_OK)
		contact_fill(tp.d, &c, tp.place);
	if (tp.takeable)
		tmpl_show(tp.d, "CAN_ACCEPT");
	/* The resident's photos: only to a volunteer serving it, never to
	 * one who merely may take it. */
	if (tp.mine) {
		struct req_photos rp = { tp.d, NULL, 0 };
		if (photo_each_of_order(r->app->db, tp.order_id, PHOTO_REQUEST, 0,
		    add_request_photo, &rp) != DB_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
	}
	if (tp.mine && strcmp(tp.state, "accepted") == 0) {
		struct tmpl_dict *c = tmpl_add_section(tp.d, "CAN_FINISH");
		struct servers sv = { c, err ? err->typed : NULL };
		const char *v;
		if (task_each_server(r->app->db, tp.order_id, add_server, &sv) != MODEL_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
		tmpl_set_int(c, "PHOTO_MAX", PHOTO_MAX_COMPLETION);
		if (err && err->photos && err->photos->n > 0) {
			struct tmpl_dict *k = tmpl_add_section(c, "PHOTOS_KEPT");
			photo_batch_hidden(k, "STAGED", err->photos);
			if (err->photos->n < PHOTO_MAX_COMPLETION) {
				tmpl_set_int(k, "ROOM",
				    (long long)(PHOTO_MAX_COMPLETION - err->photos->n));
				tmpl_show(k, "HAS_ROOM");
			}
		}
		if (err && err->photo_error)
			tmpl_set(tmpl_add_section(c, "E_PHOTO"), "MSG", err->photo_error);
		if (err && err->typed) {
			tmpl_set(c, "V_WHAT", (v = kv_get(err->typed, "what")) ? v : "");
			tmpl_set(c, "V_START", (v = kv_get(err->typed, "start")) ? v : "");
			tmpl_set(c, "V_END", (v = kv_get(err->typed, "end")) ? v : "");
			tmpl_set(c, "V_REASON", (v = kv_get(err->typed, "reason")) ? v : "");
		} else {
			/* A first guess to adjust: the last hour up to now. */
			char start[20], end[20];
			int64_t now = now_unix();
			time_format_cst(now - 3600, start);
			time_format_cst(now, end);
			start[10] = end[10] = 'T';
			start[16] = end[16] = '\0';
			tmpl_set(c, "V_START", start);
			tmpl_set(c, "V_END", end);
		}
		if (err && err->form && err->message) {
			tmpl_set(c, strcmp(err->form, "giveback") == 0 ? "GB_ERROR" : "DONE_ERROR",
			    err->message);
			tmpl_show(c, strcmp(err->form, "giveback") == 0 ? "HAS_GB_ERROR" :
			    "HAS_DONE_ERROR");
		}
	}
	return page_finish_private(r, &pg, status, err ? err->notice : NULL);
}

int
page_vtask(struct req *r)
{
	const char *done = kv_get(&r->query, "done");
	struct task_error told = { 0 };

	/* What the volunteer's last tap came to (see task_done). */
	if (done && strcmp(done, "accepted") == 0)
		told.notice = "接单成功。请尽快打电话联系群众，约定服务时间；服务完成后在本页填写完成情况。";
	else if (done && strcmp(done, "changed") == 0)
		told.notice = "这个任务的情况刚刚变了（可能已被取消、改派或已完成），您的操作没有执行。请看下面的最新情况。";
	return task_render(r, r->path_code, 200, told.notice ? &told : NULL);
}

/* Copies a task's state into arg (16 bytes). */
static void
note_state(void *arg, const struct task *t)
{
	snprintf(arg, 16, "%s", t->state);
}

/* Returns 1 if the task of code is still shown to the volunteer. */
static int
still_shown(struct req *r, const char *code)
{
	char state[16] = "";

	return task_get(r->app->db, r->volunteer->v.id, code, note_state, state) == MODEL_OK;
}

/* Returns 1 if the volunteer served the task of code, now completed. */
static int
served_it(struct req *r, const char *code)
{
	char state[16] = "";

	return task_get(r->app->db, r->volunteer->v.id, code, note_state, state) == MODEL_OK &&
	    (strcmp(state, "completed") == 0 || strcmp(state, "rated") == 0);
}

/* The three things a volunteer does to a task. */
enum task_act { TASK_ACCEPT, TASK_GIVEBACK, TASK_COMPLETE };

/* Finds the order id of the path's task for the volunteer, even when taken
 * meanwhile, so the answer can say 已被接单. Returns 0, or 404 or 500. */
static int
task_find(struct req *r, int64_t *order_id)
{
	*order_id = task_id_for(r->app->db, r->volunteer->v.id, r->path_code);
	return *order_id > 0 ? 0 : *order_id == 0 ? 404 : 500;
}

/*
 * Answers what the store said to the volunteer's act on the path's task:
 * done; or, expected in normal work and not an error, taken by someone
 * else or changed meanwhile (a plain word on the list or the task); a
 * second tap on 提交 (the first was saved). photos: a completion's, kept
 * when the form is shown again (NULL for the other acts). Returns 0 or an
 * HTTP status.
 */
static int
task_done(struct req *r, enum task_act act, enum model_err e,
    const struct photo_batch *photos)
{
	const char *code = r->path_code;
	struct task_error err = { .typed = &r->form, .photos = photos };
	char url[64];

	switch (e) {
	case MODEL_OK:
		if (act == TASK_GIVEBACK)
			return page_redirect(r, "/v?done=returned");
		snprintf(url, sizeof(url), "/v/task/%s%s", code,
		    act == TASK_ACCEPT ? "?done=accepted" : "");
		return page_redirect(r, url);
	case MODEL_BAD_STATE:
	case MODEL_NOT_MINE:
		if (act == TASK_COMPLETE && served_it(r, code)) {
			snprintf(url, sizeof(url), "/v/task/%s", code);
			return page_redirect(r, url);
		}
		/* FALLTHROUGH */
	case MODEL_TAKEN:
		/* Back to the list (or to the task, while it is still theirs
		 * to see) with a plain word. */
		if (e == MODEL_TAKEN || !still_shown(r, code))
			return page_redirect(r, e == MODEL_TAKEN ? "/v?done=taken" : "/v?done=changed");
		snprintf(url, sizeof(url), "/v/task/%s?done=changed", code);
		return page_redirect(r, url);
	case MODEL_BAD_VOLUNTEER:
		err.form = "complete";
		err.message = "只能为接了这个任务的志愿者填写时长";
		return task_render(r, code, 400, &err);
	case MODEL_NOT_FOUND:
		return 404;
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		if (act != TASK_COMPLETE)
			return 503;
		/* Everything typed and sent is kept for another try. */
		err.form = "complete";
		err.message = "系统正忙，完成情况还没有保存。请稍等片刻，再点一次“提交完成情况”。";
		return task_render(r, code, 503, &err);
	default:
		return 500;
	}
}

/* POST "/v/task/{code}/accept": one tap; exactly one accept wins. */
int
page_vtask_accept(struct req *r)
{
	int64_t order_id;
	int rc;

	if ((rc = task_find(r, &order_id)) != 0)
		return rc;
	return task_done(r, TASK_ACCEPT, task_accept(r->app->db, r->volunteer->v.id, order_id),
	    NULL);
}

/* POST "/v/task/{code}/giveback": before starting, with a reason. */
int
page_vtask_giveback(struct req *r)
{
	struct task_error err = { .typed = &r->form, .form = "giveback",
	    .message = "请说明退回的原因（不超过200字），方便重新安排" };
	const char *v = kv_get(&r->form, "reason");
	int64_t order_id;
	char *text;
	enum model_err e;
	int rc;

	if ((rc = task_find(r, &order_id)) != 0)
		return rc;
	text = str_trim(v ? v : "");
	if (valid_text(text, 200, 1) != VALID_OK) {
		free(text);
		return task_render(r, r->path_code, 400, &err);
	}
	e = task_give_back(r->app->db, r->volunteer->v.id, order_id, text);
	free(text);
	return task_done(r, TASK_GIVEBACK, e, NULL);
}

/*
 * Reads the minutes each volunteer served from the fields m_<volunteer id>
 * (empty or 0: did not serve) into who (room for max). Returns how many, or
 * -1 and sets *message.
 */
static int
served_read(struct req *r, int64_t start, int64_t end, struct served *who, size_t max,
    const char **message)
{
	size_t n = 0;

	for (size_t i = 0; i < r->form.n && n < max; i++) {
		const struct kv *p = &r->form.v[i];
		char *end_;
		long m;

		if (strncmp(p->key, "m_", 2) != 0 || p->val[0] == '\0')
			continue;
		m = strtol(p->val, &end_, 10);
		if (*end_ != '\0' || m < 0 || m > (end - start) / 60 + 1) {
			*message = "每位志愿者的服务时长请填写分钟数，不超过开始到结束的时长";
			return -1;
		}
		if (m == 0)
			continue;
		if (id_parse(p->key + 2, &who[n].volunteer_id) != 0) {
			*message = "只能为接了这个任务的志愿者填写时长";
			return -1;
		}
		who[n++].minutes = (int)m;
	}
	return (int)n;
}

/* POST "/v/task/{code}/complete": what was done, when, the minutes each
 * volunteer served, and the 服务照片 (multipart/form-data; optional). */
int
page_vtask_complete(struct req *r)
{
	struct task_error err = { .typed = &r->form, .form = "complete" };
	const char *w = kv_get(&r->form, "what");
	int64_t start = time_parse_local(kv_get(&r->form, "start"));
	int64_t end = time_parse_local(kv_get(&r->form, "end"));
	int64_t order_id;
	struct served who[50];
	struct photo_batch photos;
	char *text;
	enum model_err e;
	int rc, n = 0;

	if ((rc = task_find(r, &order_id)) != 0)
		return rc;
	/* The photos first: converted and staged, they are kept (hidden
	 * inputs) however the rest of the form fares. */
	if ((rc = photo_batch_read(r, "photo", PHOTO_MAX_COMPLETION, &photos)) > 1)
		return rc;
	err.photos = &photos;
	if (rc == 1)
		err.photo_error = photos.error;
	if (photos.status == 503) {
		http_header(r, "Retry-After", "30");
		return task_render(r, r->path_code, 503, &err);
	}
	text = str_trim(w ? w : "");
	if (valid_text(text, 500, 1) != VALID_OK)
		err.message = "请简要写下做了什么（不超过500字）";
	else if (start < 0 || end < 0)
		err.message = "请填写服务的开始和结束时间";
	else if (end <= start || end - start > 24 * 3600)
		err.message = "结束时间要晚于开始时间，一次服务不超过24小时";
	else if (end > now_unix() + 600)
		err.message = "结束时间不能晚于现在";
	else if ((n = served_read(r, start, end, who, 50, &err.message)) == 0)
		err.message = "请至少为一位志愿者填写服务时长";
	if (err.message || err.photo_error) {
		free(text);
		return task_render(r, r->path_code, 400, &err);
	}
	e = task_complete(r->app->db, r->volunteer->v.id, order_id, text, start, end, who,
	    (size_t)n, photos.v, photos.n, r->app->media_dir);
	free(text);
	return task_done(r, TASK_COMPLETE, e, &photos);
}
