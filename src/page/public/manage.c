/*
 * manage.c: the resident's private page for one request, "/m/{token}",
 * reached only through the secret link shown after submitting (only a hash
 * of the secret is stored). It shows the tracking code and its QR code, the
 * progress (with the 服务照片 staff marked 可公开, as on the tracking
 * page), and lets the resident cancel with a reason while no volunteer
 * has accepted; after that it says why cancelling is no longer possible.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/app.h"
#include "http/csrf.h"
#include "model/order_state.h"
#include "lib/validate.h"
#include "page/part/order_view.h"
#include "page/part/rate.h"
#include "page/part/page.h"
#include "page/part/photo_upload.h"

#define REASON_MAX 100

/* Finds the order of the token in the path. Returns 0, or 404 for a
 * malformed, unknown or tampered token, or another error status. */
int
manage_find(struct req *r, struct order *o)
{
	const char *token = r->params[0];
	unsigned char hash[crypto_hash_sha256_BYTES];
	enum model_err e;

	if (strlen(token) != 43 || strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") != 43)
		return 404;
	crypto_hash_sha256(hash, (const unsigned char *)token, 43);
	e = order_by_token(r->app->db, hash, o);
	if (e == MODEL_OK)
		return 0;
	return model_status(e);
}

/* Renders the manage page with status; reason and error refill the
 * cancel form after a failed attempt. */
static int
manage_render(struct req *r, const struct order *o, int status,
    const char *reason, const char *error, const struct rate_error *rerr)
{
	struct page pg;
	struct tmpl_dict *d;
	const char *refusal = order_cancel_refusal(o->state);
	const char *flag = kv_get(&r->query, "new");
	char base[256], link[320], nonce[CSRF_NONCE_LEN], csrf[44];

	d = page_begin(r, &pg, "我的申请", "manage.tpl", NULL);
	if (order_view_fill(r, d, o) != 0 ||
	    photo_show_public(r, d, o->id) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (flag && strcmp(flag, "1") == 0)
		tmpl_show(d, "IS_NEW");
	flag = kv_get(&r->query, "cancelled");
	if (flag && strcmp(flag, "1") == 0 && strcmp(o->state, "cancelled") == 0)
		tmpl_show(d, "JUST_CANCELLED");
	flag = kv_get(&r->query, "rated");
	if (flag && strcmp(flag, "1") == 0 && strcmp(o->state, "rated") == 0)
		tmpl_show(d, "JUST_RATED");
	page_base_url(r, base, sizeof(base));
	tmpl_set(d, "CODE", o->code);
	snprintf(link, sizeof(link), "%s/m/%s", base, r->params[0]);
	tmpl_set(d, "MANAGE_LINK", link);
	tmpl_set(d, "TOKEN", r->params[0]);
	snprintf(link, sizeof(link), "/m/%s/rate", r->params[0]);
	if (rate_fill(r, d, o, link, 0, 1, rerr) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (refusal) {
		tmpl_set(d, "REFUSAL", refusal);
		tmpl_show(d, "CANNOT_CANCEL");
	} else {
		struct tmpl_dict *c = tmpl_add_section(d, "CAN_CANCEL");
		csrf_form_new(r, nonce, csrf);
		tmpl_set(c, "NONCE", nonce);
		tmpl_set(c, "CSRF", csrf);
		tmpl_set(c, "REASON", reason ? reason : "");
		if (error) {
			tmpl_set(c, "ERROR", error);
			tmpl_show(c, "HAS_ERROR");
		}
	}
	http_status(r, status);
	/* The page's address is the secret: keep it out of caches. */
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

int
manage_show(struct req *r, const struct order *o, int status, const struct rate_error *err)
{
	return manage_render(r, o, status, NULL, NULL, err);
}

int
page_manage(struct req *r)
{
	struct order o;
	int rc = manage_find(r, &o);

	return rc ? rc : manage_render(r, &o, 200, NULL, NULL, NULL);
}

int
page_manage_cancel(struct req *r)
{
	struct order o;
	const char *typed = kv_get(&r->form, "reason");
	char *reason, msg[96], url[96];
	enum valid v;
	int rc = manage_find(r, &o);

	if (rc)
		return rc;
	reason = str_trim(typed ? typed : "");
	v = valid_text(reason, REASON_MAX, 1);
	if (v != VALID_OK) {
		valid_message(v, REASON_MAX, msg, sizeof(msg));
		rc = manage_render(r, &o, 400, reason, v == VALID_REQUIRED ?
		    "请写一下取消的原因，方便我们改进服务" : msg, NULL);
		free(reason);
		return rc;
	}
	switch (order_cancel_by_resident(r->app->db, o.id, reason)) {
	case MODEL_OK:
		snprintf(url, sizeof(url), "/m/%s?cancelled=1", r->params[0]);
		rc = page_redirect(r, url);
		break;
	case MODEL_BAD_STATE:
		/* Someone moved it meanwhile: show the page as it is now. */
		if ((rc = manage_find(r, &o)) == 0)
			rc = manage_render(r, &o, 409, reason, NULL, NULL);
		break;
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		rc = manage_render(r, &o, 503, reason,
		    "系统正忙，申请还没有取消。请稍等片刻再点一次“取消申请”。", NULL);
		break;
	default:
		rc = 500;
		break;
	}
	free(reason);
	return rc;
}
