/*
 * rate.c: 群众评单. From the private link ("/m/{token}/rate") or from the
 * tracking page with the last four digits of the phone ("/track/{code}/rate",
 * failed checks are limited like sign-ins): five levels, an optional comment
 * (shown publicly only if the resident agrees), optional tags; once per
 * request, within SIDAN_RATE_DAYS of completion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/app.h"
#include "http/csrf.h"
#include "model/auth.h"
#include "model/rating.h"
#include "lib/validate.h"
#include "page/part/rate.h"

int
rate_fill(struct req *r, struct tmpl_dict *d, const struct order *o, const char *action,
    int with_last4, int private, const struct rate_error *err)
{
	struct rating rt;
	int found = 0;

	if (rating_get(r->app->db, o->id, &rt, &found) != DB_OK)
		return 500;
	d = tmpl_add_include(d, "RATE", "rate.tpl");
	if (found && strcmp(o->state, "rated") == 0) {
		struct tmpl_dict *x = tmpl_add_section(d, "RATED");
		tmpl_set(x, "LEVEL", rating_label(rt.level));
		if (rt.tags[0]) {
			tmpl_set(x, "TAGS", rt.tags);
			tmpl_show(x, "HAS_TAGS");
		}
		if ((rt.show_comment || private) && rt.comment[0]) {
			tmpl_set(x, "COMMENT", rt.comment);
			tmpl_show(x, "HAS_COMMENT");
		}
	}
	if (action == NULL)
		return 0;
	if (!rating_open(r->app->db, o->id, r->app->cfg->rate_days)) {
		/* No form to show the problem in (say, rated already): say it here. */
		if (err && err->message)
			tmpl_set(tmpl_add_section(d, "RATE_NOTICE"), "MESSAGE", err->message);
	} else {
		struct tmpl_dict *f = tmpl_add_section(d, "RATE_FORM");
		const struct kvlist *t = err ? err->typed : NULL;
		const char *v;
		char nonce[CSRF_NONCE_LEN], csrf[44];

		csrf_form_new(r, nonce, csrf);
		tmpl_set(f, "RATE_ACTION", action);
		tmpl_set_int(f, "RATE_DAYS", r->app->cfg->rate_days);
		tmpl_set(f, "RATE_NONCE", nonce);
		tmpl_set(f, "RATE_CSRF", csrf);
		if (with_last4)
			tmpl_show(f, "LAST4");
		for (int level = 5; level >= 1; level--) {
			struct tmpl_dict *l = tmpl_add_section(f, "LEVEL_OPT");
			tmpl_set_int(l, "VALUE", level);
			tmpl_set(l, "LABEL", rating_label(level));
			if (t && (v = kv_get(t, "level")) && strlen(v) == 1 && v[0] - '0' == level)
				tmpl_show(l, "CHECKED");
		}
		for (int i = 0; rating_tags[i]; i++) {
			struct tmpl_dict *g = tmpl_add_section(f, "TAG_OPT");
			tmpl_set(g, "TAG", rating_tags[i]);
			tmpl_set_int(g, "I", i);
			for (size_t k = 0; t && k < t->n; k++)
				if (strcmp(t->v[k].key, "tag") == 0 && strcmp(t->v[k].val, rating_tags[i]) == 0)
					tmpl_show(g, "CHECKED");
		}
		tmpl_set(f, "V_COMMENT", t && (v = kv_get(t, "comment")) ? v : "");
		if (t && (v = kv_get(t, "show")) && strcmp(v, "1") == 0)
			tmpl_show(f, "SHOW_CHECKED");
		if (err && err->message) {
			tmpl_set(f, "RATE_ERROR", err->message);
			tmpl_show(f, "HAS_RATE_ERROR");
		}
	}
	return 0;
}

/*
 * Checks the posted rating and stores it. Returns 0 with *msg NULL on
 * success; 0 with *msg set for a problem to show (and *status the HTTP
 * status for the page; *msg may point into why); or an error status.
 */
static int
rate_post(struct req *r, const struct order *o, const char *via, const char **msg, int *status,
    char *why, size_t whylen)
{
	const char *lv = kv_get(&r->form, "level"), *c = kv_get(&r->form, "comment");
	const char *show = kv_get(&r->form, "show");
	char *comment = str_trim(c ? c : ""), tags[128] = "";
	int level = lv ? atoi(lv) : 0;
	enum model_err e;
	enum valid v;

	*msg = NULL;
	*status = 400;
	for (size_t k = 0; k < r->form.n; k++) {
		int known = 0;
		if (strcmp(r->form.v[k].key, "tag") != 0)
			continue;
		for (int i = 0; rating_tags[i]; i++)
			known |= strcmp(rating_tags[i], r->form.v[k].val) == 0;
		if (!known || strlen(tags) + strlen(r->form.v[k].val) + 2 > sizeof(tags)) {
			*msg = "请从列表中选择标签";
			break;
		}
		if (tags[0])
			strcat(tags, "、");
		strcat(tags, r->form.v[k].val);
	}
	if (lv == NULL || level < 1 || level > 5 || strlen(lv) != 1)
		*msg = "请选择您对这次服务的满意程度";
	else if ((v = valid_text(comment, 300, 0)) != VALID_OK) {
		char m[96];
		valid_message(v, 300, m, sizeof(m));
		snprintf(why, whylen, "意见和建议：%s", m);
		*msg = why;
	}
	if (*msg == NULL) {
		e = rating_submit(r->app->db, o->id, level, comment, show && strcmp(show, "1") == 0,
		    tags, via, r->app->cfg->rate_days);
		*status = 409;
		snprintf(why, whylen, "评价时间已过：服务完成后%d天内可以评价。",
		    r->app->cfg->rate_days);
		*msg = e == MODEL_ALREADY ? "这个申请已经评价过了，每个申请只能评价一次。" :
		    e == MODEL_CLOSED ? why :
		    e == MODEL_NOT_READY ? "服务完成后才能评价。" : NULL;
		if (e == MODEL_BUSY || e == MODEL_ERROR) {
			free(comment);
			return model_status(e);
		}
	}
	free(comment);
	return 0;
}

int
page_rate_link(struct req *r)
{
	struct order o;
	struct rate_error err = { .typed = &r->form };
	const char *msg;
	char url[96], why[160];
	int rc, status;

	if ((rc = manage_find(r, &o)) != 0)
		return rc;
	if ((rc = rate_post(r, &o, "link", &msg, &status, why, sizeof(why))) != 0)
		return rc;
	if (msg) {
		err.message = msg;
		if (order_by_code(r->app->db, o.code, &o) != MODEL_OK)
			return 500;
		return manage_show(r, &o, status, &err);
	}
	snprintf(url, sizeof(url), "/m/%s?rated=1", r->params[0]);
	return page_redirect(r, url);
}

int
page_rate_code(struct req *r)
{
	struct order o;
	struct rate_error err = { .typed = &r->form };
	const char *last4 = kv_get(&r->form, "last4"), *msg;
	const char *code = r->path_code;
	char url[64], key[32], retry[24], why[160], client[80];
	int64_t wait;
	int rc, status;

	if (order_by_code(r->app->db, code, &o) != MODEL_OK)
		return 404;
	/* Guessing the last four digits is limited like guessing a password. */
	snprintf(key, sizeof(key), "rate-%s", code);
	/* Counted apart from sign-ins, so guesses here never lock staff out. */
	snprintf(client, sizeof(client), "rate:%s", r->remote_addr ? r->remote_addr : "");
	if ((wait = auth_login_wait(r->app->db, key, client)) < 0)
		return 503;
	if (wait > 0) {
		snprintf(retry, sizeof(retry), "%lld", (long long)wait);
		http_header(r, "Retry-After", retry);
		err.message = "手机号后四位输错次数太多，请过15分钟再试，或用提交时得到的专属链接评价。";
		return track_show(r, &o, 429, &err);
	}
	if (last4 == NULL || strlen(last4) != 4 || strspn(last4, "0123456789") != 4 ||
	    !rating_phone_matches(r->app->db, o.id, last4)) {
		auth_login_failed(r->app->db, key, client);
		err.message = "手机号后四位不对。请填写提交申请时留的手机号的最后四位。";
		return track_show(r, &o, 400, &err);
	}
	if ((rc = rate_post(r, &o, "code", &msg, &status, why, sizeof(why))) != 0)
		return rc;
	if (msg) {
		err.message = msg;
		if (order_by_code(r->app->db, code, &o) != MODEL_OK)
			return 500;
		return track_show(r, &o, status, &err);
	}
	auth_login_ok(r->app->db, key);
	snprintf(url, sizeof(url), "/track/%s?rated=1", code);
	return page_redirect(r, url);
}
