/*
 * desk_news_edit.c: a saved article on the desk. "/desk/news/{id}" is its
 * form with its state, author and saved photos; POST ".../edit" changes its
 * text, place and platform and adds photos (at most 9 in all); ".../publish"
 * puts it on the portal, ".../unpublish" takes it back to a draft (its
 * photos are then no longer public); ".../photos/{photo}/remove" removes
 * one photo. Staff whose scope holds the article's place may do all of it,
 * whoever wrote it; to anyone else the article does not exist (404).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/id.h"
#include "model/photo.h"
#include "model/scope.h"
#include "model/site.h"
#include "page/desk/desk_news.h"
#include "page/part/page.h"

/* An article read into the form, and whether it is in scope. */
struct loaded {
	struct news_form	*f;
	int64_t			 org_id, org_parent_id;
};

static void
got_news(void *arg, const struct news *n)
{
	struct loaded *l = arg;
	struct news_form *f = l->f;

	f->id = n->id;
	f->published = n->published;
	f->activity_id = n->activity_id;
	snprintf(f->activity_title, sizeof(f->activity_title), "%s", n->activity_title);
	free(f->title);
	free(f->body);
	f->title = xstrdup(n->title);
	f->body = xstrdup(n->body);
	snprintf(f->org, sizeof(f->org), "%lld", (long long)n->org_id);
	snprintf(f->platform, sizeof(f->platform), "%s", n->platform_code);
	f->org_id = n->org_id;
	f->platform_id = n->platform_id;
	f->photos = n->photos;
	snprintf(f->author, sizeof(f->author), "%s", n->author_name);
	f->updated_at = n->updated_at;
	l->org_id = n->org_id;
	l->org_parent_id = n->org_parent_id;
}

/* Reads the article of the path's {id} into f if its place is in the
 * signed-in person's scope. Returns 0, 404 (none, or not theirs) or 500. */
static int
news_load(struct req *r, struct news_form *f)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct loaded l = { f, 0, 0 };
	int found = 0;

	if (news_get(r->app->db, r->path_id, got_news, &l, &found) != DB_OK)
		return 500;
	if (!found || !site_in_scope(&sc, l.org_id, l.org_parent_id))
		return 404;
	return 0;
}

/* The notice after each action (the redirect's ?done=). */
static const char *
done_notice(const char *done)
{
	static const char *const said[][2] = {
		{ "created", "已保存为草稿。公众还看不到它；检查无误后点“发布”。" },
		{ "published", "已发布。门户的工作动态、所选阵地和平台的页面上现在都能看到它。" },
		{ "saved", "修改已保存。" },
		{ "unpublished", "已撤回为草稿。公众看不到这篇动态和它的照片了。" },
		{ "removed", "照片已删除。" },
	};

	for (size_t i = 0; done && i < sizeof(said) / sizeof(said[0]); i++)
		if (strcmp(done, said[i][0]) == 0)
			return said[i][1];
	return NULL;
}

int
page_desk_news_edit_form(struct req *r)
{
	struct news_form f = { 0 };
	int rc;

	if ((rc = news_load(r, &f)) == 0)
		rc = desk_news_render(r, &f, 200, done_notice(kv_get(&r->query, "done")));
	desk_news_form_free(&f);
	return rc;
}

int
page_desk_news_save(struct req *r)
{
	struct news_form f = { 0 };
	struct news_text t;
	const char *msg = NULL;
	enum model_err e;
	char url[64];
	int rc, status;

	if ((rc = news_load(r, &f)) != 0)
		goto out;
	if ((rc = desk_news_read(r, &f, PHOTO_MAX_NEWS - f.photos)) != 0)
		goto out;
	if (f.nerrors) {
		rc = desk_news_render(r, &f, f.batch.status == 503 ? 503 : 400, NULL);
		goto out;
	}
	t = (struct news_text){ .title = f.title, .body = f.body, .org_id = f.org_id,
	    .platform_id = f.platform_id };
	e = news_update(r->app->db, r->app->media_dir, f.id, &t, r->signin->user.id,
	    f.batch.v, f.batch.n);
	if (e == MODEL_OK) {
		snprintf(url, sizeof(url), "/desk/news/%lld?done=saved", (long long)f.id);
		rc = page_redirect(r, url);
	} else if (e == MODEL_NO_PLACE) {
		/* Photos were added by someone else a moment ago. */
		char m[240];
		int have = photo_count(r->app->db, PHOTO_NEWS, f.id);
		snprintf(m, sizeof(m), "这篇动态刚有人加了照片，现在已有 %d 张，每篇最多 %d 张："
		    "请少选几张再保存。", have, PHOTO_MAX_NEWS);
		f.photos = have > 0 ? have : f.photos;
		snprintf(f.error[NF_PHOTO], sizeof(f.error[NF_PHOTO]), "%s", m);
		f.nerrors++;
		rc = desk_news_render(r, &f, 409, NULL);
	} else if (e == MODEL_NOT_FOUND)
		rc = 404;
	else if ((status = desk_news_busy(e, &msg)) != 0) {
		http_header(r, "Retry-After", "5");
		rc = desk_news_render(r, &f, status, msg);
	} else
		rc = model_status(e);
out:
	desk_news_form_free(&f);
	return rc;
}

/* Publishes (publish 1) or takes back the article of the path's {id}. */
static int
set_published(struct req *r, int publish)
{
	struct news_form f = { 0 };
	enum model_err e;
	char url[64];
	int rc;

	if ((rc = news_load(r, &f)) != 0)
		goto out;
	e = news_set_published(r->app->db, f.id, publish);
	if (e == MODEL_OK || e == MODEL_ALREADY) {
		/* Done, now or by an earlier press: the page says where it stands. */
		snprintf(url, sizeof(url), "/desk/news/%lld?done=%s", (long long)f.id,
		    publish ? "published" : "unpublished");
		rc = page_redirect(r, url);
	} else
		rc = model_status(e);
out:
	desk_news_form_free(&f);
	return rc;
}

int
page_desk_news_publish(struct req *r)
{
	return set_published(r, 1);
}

int
page_desk_news_unpublish(struct req *r)
{
	return set_published(r, 0);
}

int
page_desk_news_photo_remove(struct req *r)
{
	struct news_form f = { 0 };
	int64_t photo;
	enum model_err e;
	char url[64];
	int rc;

	if (r->nparams < 2 || id_parse(r->params[1], &photo) != 0)
		return 404;
	if ((rc = news_load(r, &f)) != 0)
		goto out;
	e = photo_remove_from_news(r->app->db, r->app->media_dir, f.id, photo);
	if (e == MODEL_OK) {
		snprintf(url, sizeof(url), "/desk/news/%lld?done=removed", (long long)f.id);
		rc = page_redirect(r, url);
	} else
		rc = model_status(e);
out:
	desk_news_form_free(&f);
	return rc;
}
