/*
 * desk_news.c: staff write 工作动态 and 活动风采. "/desk/news" lists the
 * articles about places in the signed-in person's scope (drafts and
 * published, last changed first); "/desk/news/new" is the form for a new
 * one (title, text, the place it concerns, chosen among those in their
 * scope: the centre's staff any, a 所's itself and the sites under it, a
 * 站's itself; a platform or none; up to 9 photos), saved as a draft or
 * published at once, the author recorded. "/desk/news/new?activity=ID"
 * starts the activity's 活动风采 (only once it has ended, for staff whose
 * scope holds it; one per activity: if it has one, that one is opened).
 * Every problem is said beside its field, with what was typed kept and the
 * photos already sent carried to the next try (staged, in hidden inputs).
 * Editing, publishing and photos of a saved article: desk_news_edit.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/id.h"
#include "lib/validate.h"
#include "model/activity.h"
#include "model/catalog.h"
#include "model/org.h"
#include "model/photo.h"
#include "model/scope.h"
#include "model/site.h"
#include "page/desk/desk_news.h"
#include "page/part/page.h"
#include "page/public/news.h"

/* The articles a page of the desk's list shows. */
#define DESK_NEWS_PER_PAGE	30

/* How each field is named: in the form, in the template (E_KEY), in the
 * summary of errors. */
static const struct {
	const char	*name, *key, *label;
} nfields[NF__MAX] = {
	[NF_TITLE] = { "title", "TITLE", "标题" },
	[NF_BODY] = { "body", "BODY", "正文" },
	[NF_ORG] = { "org", "ORG", "涉及的阵地" },
	[NF_PLATFORM] = { "platform", "PLATFORM", "服务平台" },
	[NF_PHOTO] = { "photo", "PHOTO", "照片" },
};

void
desk_news_form_free(struct news_form *f)
{
	free(f->title);
	free(f->body);
	f->title = f->body = NULL;
}

/* Sets field i's error message (the first one stays). */
static void
form_error(struct news_form *f, enum nfield i, const char *msg)
{
	if (f->error[i][0] != '\0')
		return;
	snprintf(f->error[i], sizeof(f->error[i]), "%s", msg);
	f->nerrors++;
}

/* Returns a copy of the typed text s (NULL: "") with line breaks as "\n"
 * alone and no white space around it. */
static char *
body_clean(const char *s)
{
	char *t = xstrdup(s ? s : ""), *out, *w = t;

	for (const char *p = t; *p; p++) {
		if (*p == '\r') {
			*w++ = '\n';
			if (p[1] == '\n')
				p++;
		} else
			*w++ = *p;
	}
	*w = '\0';
	out = str_trim(t);
	free(t);
	return out;
}

/* Copies the form's value of name into out (len bytes), "" when absent. */
static void
typed(struct req *r, const char *name, char *out, size_t len)
{
	const char *v = kv_get(&r->form, name);

	snprintf(out, len, "%s", v ? v : "");
}

/* catalog_find_platform's callback: the chosen platform's id. */
static void
platform_found(void *arg, const struct platform *p)
{
	*(int64_t *)arg = p->id;
}

int
desk_news_read(struct req *r, struct news_form *f, int room)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	char msg[240];
	enum valid v;
	int64_t id;
	int offered = 0, rc;

	free(f->title);
	free(f->body);
	{
		const char *t = kv_get(&r->form, "title");
		f->title = str_trim(t ? t : "");
	}
	f->body = body_clean(kv_get(&r->form, "body"));
	typed(r, "org", f->org, sizeof(f->org));
	typed(r, "platform", f->platform, sizeof(f->platform));
	memset(f->error, 0, sizeof(f->error));
	f->nerrors = 0;
	f->org_id = f->platform_id = 0;

	if ((v = valid_line(f->title, NEWS_TITLE_MAX, 1)) != VALID_OK) {
		valid_message(v, NEWS_TITLE_MAX, msg, sizeof(msg));
		form_error(f, NF_TITLE, msg);
	}
	if ((v = valid_text(f->body, NEWS_BODY_MAX, 1)) != VALID_OK) {
		valid_message(v, NEWS_BODY_MAX, msg, sizeof(msg));
		form_error(f, NF_BODY, msg);
	}
	if (id_parse(f->org, &id) != 0)
		form_error(f, NF_ORG, "请选择这条动态涉及的阵地");
	else {
		struct org_ref o;
		int found = 0;
		if (org_by_id(r->app->db, id, &o, &found) != DB_OK)
			return 500;
		if (!found || !site_in_scope(&sc, o.id, o.parent_id))
			form_error(f, NF_ORG, "只能选择您负责范围内的阵地，请从列表中选择");
		else
			f->org_id = o.id;
	}
	if (f->platform[0]) {
		if (catalog_find_platform(r->app->db, f->platform, platform_found,
		    &f->platform_id) != DB_OK)
			return 500;
		if (f->platform_id == 0)
			form_error(f, NF_PLATFORM, "请从列表中选择服务平台，或选“不属于某个平台”");
	}
	/* The photos: those carried from the last try and those sent now. */
	for (size_t i = 0; i < r->form.n; i++)
		offered += strcmp(r->form.v[i].key, "photo_staged") == 0;
	for (size_t i = 0; i < r->uploads.n; i++)
		offered += strcmp(r->uploads.v[i].field, "photo") == 0;
	if (room < 0)
		room = 0;
	rc = photo_batch_read(r, "photo", (size_t)room, &f->batch);
	if (rc > 1)
		return rc;
	if (offered > room) {
		if (f->photos > 0)
			snprintf(msg, sizeof(msg), "这篇动态已有 %d 张照片，每篇最多 %d 张，"
			    "这次还能加 %d 张，多出的没有收下。", f->photos, PHOTO_MAX_NEWS, room);
		else
			snprintf(msg, sizeof(msg), "每篇动态最多 %d 张照片，多出的没有收下。",
			    PHOTO_MAX_NEWS);
		form_error(f, NF_PHOTO, msg);
	} else if (f->batch.error[0])
		form_error(f, NF_PHOTO, f->batch.error);
	return 0;
}

int
desk_news_busy(enum model_err e, const char **msg)
{
	if (e == MODEL_BUSY) {
		*msg = "系统正忙，还没有保存。您填写的内容和选好的照片都在下面，请稍等片刻再提交一次。";
		return 503;
	}
	if (e == MODEL_FULL) {
		*msg = "服务器存储空间不足，还没有保存。您填写的内容和选好的照片都在下面，请稍后再提交。";
		return 503;
	}
	return 0;
}

/* The pickers being filled. */
struct pick {
	struct tmpl_dict	*d;
	const struct news_form	*f;
};

/* Adds one site to the place picker. */
static void
add_place(void *arg, const struct org_site *s)
{
	struct pick *p = arg;
	struct tmpl_dict *o = tmpl_add_section(p->d, "PLACE_OPT");
	char id[24], label[NAME_SIZE * 2 + 32];

	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	if (strcmp(s->kind, "station") == 0 || strcmp(s->kind, "base") == 0)
		snprintf(label, sizeof(label), "%s · %s%s", s->parent_name, s->name,
		    s->is_demo ? "（演示）" : "");
	else
		snprintf(label, sizeof(label), "%s", s->name);
	tmpl_set(o, "ID", id);
	tmpl_set(o, "NAME", label);
	if (strcmp(p->f->org, id) == 0)
		tmpl_show(o, "SELECTED");
}

/* Adds one platform to the platform picker. */
static void
add_platform(void *arg, const struct platform *pl)
{
	struct pick *p = arg;
	struct tmpl_dict *o = tmpl_add_section(p->d, "PLATFORM_OPT");

	tmpl_set(o, "CODE", pl->code);
	tmpl_set(o, "NAME", pl->name);
	if (strcmp(p->f->platform, pl->code) == 0)
		tmpl_show(o, "SELECTED");
}

/* Fills the edit-only part of the page: state, author, the photos saved
 * (each with its remove button). Returns 0 or 500. */
static int
render_saved(struct req *r, struct tmpl_dict *d, const struct news_form *f)
{
	struct tmpl_dict *e = tmpl_add_section(d, "IS_EDIT");
	char when[20];
	int n;

	time_format_cst(f->updated_at, when);
	when[16] = '\0';
	tmpl_set(e, "AUTHOR", f->author);
	tmpl_set(e, "UPDATED", when);
	tmpl_show(e, f->published ? "PUBLISHED" : "DRAFT");
	if ((n = news_photos(r, e, "PHOTO", f->id)) < 0)
		return 500;
	if (n > 0) {
		tmpl_set_int(e, "N_PHOTOS", n);
		tmpl_show(e, "HAS_PHOTOS");
	}
	return 0;
}

int
desk_news_render(struct req *r, struct news_form *f, int status, const char *notice)
{
	const struct user *u = &r->signin->user;
	int64_t root = u->role == ROLE_ADMIN || u->role == ROLE_DISPATCHER ? 0 : u->org_id;
	int room = PHOTO_MAX_NEWS - f->photos;
	struct page pg;
	struct pick p;
	char key[32], action[64], hint[240];

	p.f = f;
	p.d = page_begin(r, &pg, f->id ? "修改工作动态" : f->activity_id ? "发布活动风采" :
	    "写工作动态", "desk_news_form.tpl", "desk");
	tmpl_set(p.d, "HEADING", f->id ? "修改工作动态" : f->activity_id ? "发布活动风采" :
	    "写工作动态");
	tmpl_set(p.d, "CSRF", r->signin->sess.csrf);
	tmpl_set(p.d, "V_TITLE", f->title ? f->title : "");
	tmpl_set(p.d, "V_BODY", f->body ? f->body : "");
	if (f->id) {
		tmpl_set_int(p.d, "NEWS_ID", f->id);
		snprintf(action, sizeof(action), "/desk/news/%lld/edit", (long long)f->id);
		if (render_saved(r, p.d, f) != 0)
			goto fail;
	} else {
		snprintf(action, sizeof(action), "/desk/news/new");
		tmpl_show(p.d, "IS_NEW");
	}
	tmpl_set(p.d, "ACTION", action);
	if (f->activity_id) {
		struct tmpl_dict *a = tmpl_add_section(p.d, "FENGCAI");
		tmpl_set_int(a, "ACTIVITY_ID", f->activity_id);
		tmpl_set(a, "ACTIVITY_TITLE", f->activity_title);
		if (f->id == 0)
			tmpl_set_int(tmpl_add_section(p.d, "FENGCAI_NEW"), "ACTIVITY_ID",
			    f->activity_id);
	}
	if (org_each_within(r->app->db, root, add_place, &p) != DB_OK ||
	    catalog_each_platform(r->app->db, add_platform, &p) != DB_OK)
		goto fail;
	if (f->platform[0] == '\0')
		tmpl_show(p.d, "NO_PLATFORM");
	if (room <= 0) {
		snprintf(hint, sizeof(hint), "已有 %d 张照片，已到上限；要换照片，请先在下面删掉一张。",
		    f->photos);
		tmpl_show(p.d, "NO_ROOM");
	} else if (f->photos > 0)
		snprintf(hint, sizeof(hint), "已有 %d 张，还可以加 %d 张。JPG、PNG 或 WebP，每张不超过"
		    " 10 MB；照片上的位置等信息会去掉。", f->photos, room);
	else
		snprintf(hint, sizeof(hint), "可选，最多 %d 张。JPG、PNG 或 WebP，每张不超过 10 MB；"
		    "照片上的位置等信息会去掉。", PHOTO_MAX_NEWS);
	tmpl_set(p.d, "PHOTO_HINT", hint);
	if (f->existing)
		tmpl_set_int(tmpl_add_section(p.d, "EXISTING"), "EXISTING_ID", f->existing);
	if (f->batch.n > 0)
		photo_batch_hidden(tmpl_add_section(p.d, "HAS_STAGED"), "STAGED", &f->batch);
	for (int i = 0; i < NF__MAX; i++) {
		struct tmpl_dict *e;
		if (f->error[i][0] == '\0')
			continue;
		snprintf(key, sizeof(key), "E_%s", nfields[i].key);
		tmpl_set(tmpl_add_section(p.d, key), "MSG", f->error[i]);
		e = tmpl_add_section(p.d, "ERROR_ITEM");
		tmpl_set(e, "FIELD", nfields[i].name);
		tmpl_set(e, "LABEL", nfields[i].label);
		tmpl_set(e, "MSG", f->error[i]);
	}
	if (f->nerrors) {
		tmpl_set_int(p.d, "NERRORS", f->nerrors);
		tmpl_show(p.d, "HAS_ERRORS");
	}
	return page_finish_private(r, &pg, status, notice);
fail:
	tmpl_dict_free(pg.layout);
	return 500;
}

/* The list of articles being filled. */
struct rows {
	struct tmpl_dict	*d;
	int			 n;
};

static void
add_row(void *arg, const struct news *n)
{
	struct rows *l = arg;
	struct tmpl_dict *e = tmpl_add_section(l->d, "NEWS");
	char when[20];

	news_fill(e, n);
	time_format_cst(n->updated_at, when);
	when[16] = '\0';
	tmpl_set(e, "UPDATED", when);
	tmpl_set(e, "AUTHOR", n->author_name);
	tmpl_set_int(e, "PHOTOS", n->photos);
	tmpl_show(e, n->published ? "PUBLISHED" : "DRAFT");
	l->n++;
}

int
page_desk_news(struct req *r)
{
	const struct user *u = &r->signin->user;
	struct place_scope sc = place_scope_of(u);
	int n = page_number(kv_get(&r->query, "page")), more = 0;
	struct rows l = { 0 };
	struct page pg;
	char href[40];

	l.d = page_begin(r, &pg, "工作动态", "desk_news.tpl", "desk");
	tmpl_set(l.d, "SCOPE", u->role == ROLE_ADMIN || u->role == ROLE_DISPATCHER ?
	    "全区" : u->org_name);
	if (n == 0) {
		tmpl_set(l.d, "FLASH", "页码不对：页码是从 1 开始的整数。下面是第一页。");
		tmpl_show(l.d, "HAS_FLASH");
		n = 1;
	}
	if (news_each_in_scope(r->app->db, &sc, (n - 1) * DESK_NEWS_PER_PAGE,
	    DESK_NEWS_PER_PAGE, add_row, &l, &more) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (l.n == 0)
		tmpl_show(l.d, "EMPTY");
	if (n > 1) {
		snprintf(href, sizeof(href), "/desk/news?page=%d", n - 1);
		tmpl_set(l.d, "PREV_HREF", href);
		tmpl_show(l.d, "HAS_PREV");
	}
	if (more) {
		snprintf(href, sizeof(href), "/desk/news?page=%d", n + 1);
		tmpl_set(l.d, "NEXT_HREF", href);
		tmpl_show(l.d, "HAS_NEXT");
	}
	if (more || n > 1)
		tmpl_show(l.d, "PAGER");
	return page_finish_private(r, &pg, 200, NULL);
}

/* What a 活动风采 needs of its activity. */
struct act {
	char	title[256];
	int64_t	org_id, ends_at;
	char	platform[64];
	int	cancelled;
};

static void
got_activity(void *arg, const struct activity *a)
{
	struct act *x = arg;

	snprintf(x->title, sizeof(x->title), "%s", a->title);
	snprintf(x->platform, sizeof(x->platform), "%s", a->platform_code);
	x->org_id = a->org_id;
	x->ends_at = a->ends_at;
	x->cancelled = strcmp(a->status, "cancelled") == 0;
}

static void
got_existing(void *arg, const struct news *n)
{
	*(int64_t *)arg = n->id;
}

/* Writes "活动风采：" and at most 55 characters of title into out (len
 * bytes), within the title's 60. */
static void
fengcai_title(const char *title, char *out, size_t len)
{
	const unsigned char *p = (const unsigned char *)title;
	int chars = 0;

	while (*p && chars < NEWS_TITLE_MAX - 5) {
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
		chars++;
	}
	snprintf(out, len, "活动风采：%.*s", (int)((const char *)p - title), title);
}

/*
 * Checks that activity aid is the signed-in person's (in their scope) and
 * has ended, filling f's activity (and, with prefill, the title, place and
 * platform from it) and *existing (its 活动风采 already written, or 0).
 * Returns 0; an HTTP status (404: not theirs or no such activity); or -1
 * when it has answered with an error page itself (not ended, cancelled).
 */
static int
fengcai_check(struct req *r, int64_t aid, struct news_form *f, int prefill,
    int64_t *existing)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct act x = { 0 };
	int in, found = 0;
	char msg[240], when[20];

	*existing = 0;
	if ((in = activity_in_scope(r->app->db, &sc, aid)) <= 0)
		return in == 0 ? 404 : 500;
	if (activity_find(r->app->db, aid, got_activity, &x, &found) != DB_OK)
		return 500;
	if (!found)
		return 404;
	if (x.cancelled) {
		page_error_advice(r, 409, "这个活动已取消，不能发布活动风采。");
		return -1;
	}
	if (now_unix() < x.ends_at) {
		time_format_cst(x.ends_at, when);
		when[16] = '\0';
		snprintf(msg, sizeof(msg), "活动结束后才能发布活动风采。这个活动在 %s 结束，"
		    "届时再从活动管理页进入。", when);
		page_error_advice(r, 409, msg);
		return -1;
	}
	if (news_of_activity(r->app->db, aid, 0, got_existing, existing, &found) != DB_OK)
		return 500;
	f->activity_id = aid;
	snprintf(f->activity_title, sizeof(f->activity_title), "%s", x.title);
	if (prefill) {
		char t[300];
		fengcai_title(x.title, t, sizeof(t));
		free(f->title);
		f->title = xstrdup(t);
		snprintf(f->org, sizeof(f->org), "%lld", (long long)x.org_id);
		snprintf(f->platform, sizeof(f->platform), "%s", x.platform);
	}
	return 0;
}

int
page_desk_news_new_form(struct req *r)
{
	struct news_form f = { 0 };
	const char *act = kv_get(&r->query, "activity");
	int64_t aid, existing = 0;
	int rc;

	f.title = xstrdup("");
	f.body = xstrdup("");
	snprintf(f.org, sizeof(f.org), "%lld", (long long)r->signin->user.org_id);
	if (act != NULL) {
		char url[48];
		if (id_parse(act, &aid) != 0) {
			rc = 404;
			goto out;
		}
		if ((rc = fengcai_check(r, aid, &f, 1, &existing)) != 0) {
			rc = rc < 0 ? 0 : rc;
			goto out;
		}
		if (existing) {
			/* One 活动风采 per activity: open the one there is. */
			snprintf(url, sizeof(url), "/desk/news/%lld", (long long)existing);
			rc = page_redirect(r, url);
			goto out;
		}
	}
	rc = desk_news_render(r, &f, 200, NULL);
out:
	desk_news_form_free(&f);
	return rc;
}

int
page_desk_news_create(struct req *r)
{
	struct news_form f = { 0 };
	const char *act = kv_get(&r->form, "activity"), *pub = kv_get(&r->form, "publish"),
	    *msg = NULL;
	int publish = pub && strcmp(pub, "1") == 0, rc, status;
	int64_t existing = 0, id = 0;
	struct news_text t;
	enum model_err e;
	char url[64];

	if (act != NULL && *act) {
		int64_t aid;
		if (id_parse(act, &aid) != 0)
			return 404;
		if ((rc = fengcai_check(r, aid, &f, 0, &existing)) != 0)
			return rc < 0 ? 0 : rc;
	}
	if ((rc = desk_news_read(r, &f, PHOTO_MAX_NEWS)) != 0)
		goto out;
	if (existing) {
		/* One 活动风采 per activity: the page links to the one there is. */
		f.existing = existing;
		rc = desk_news_render(r, &f, 409, NULL);
		goto out;
	}
	if (f.nerrors) {
		rc = desk_news_render(r, &f, f.batch.status == 503 ? 503 : 400, NULL);
		goto out;
	}
	t = (struct news_text){ .title = f.title, .body = f.body, .org_id = f.org_id,
	    .platform_id = f.platform_id };
	e = news_create(r->app->db, r->app->media_dir, &t, f.activity_id, r->signin->user.id,
	    publish, f.batch.v, f.batch.n, &id);
	if (e == MODEL_OK) {
		snprintf(url, sizeof(url), "/desk/news/%lld?done=%s", (long long)id,
		    publish ? "published" : "created");
		rc = page_redirect(r, url);
	} else if (e == MODEL_EXISTS) {
		/* Someone wrote it a moment ago. */
		f.existing = id;
		rc = desk_news_render(r, &f, 409, NULL);
	}
	else if ((status = desk_news_busy(e, &msg)) != 0) {
		http_header(r, "Retry-After", "5");
		rc = desk_news_render(r, &f, status, msg);
	} else
		rc = model_status(e);
out:
	desk_news_form_free(&f);
	return rc;
}
