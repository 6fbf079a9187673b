/*
 * track.c: 一码可查. "/track" asks for a code; "/track/{code}" shows the
 * request's service, place, state and public timeline (no names or phone
 * numbers, masked or not), and the 服务照片 staff marked 可公开 (never the
 * resident's own photos); "/track/{code}/qr.svg" is the QR code of that
 * page's link. Codes are read in any case, with spaces or dashes.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "view/qr.h"
#include "page/part/hotline.h"
#include "page/part/order_view.h"
#include "page/part/rate.h"
#include "model/err.h"
#include "model/org.h"
#include "page/part/page.h"
#include "page/part/photo_upload.h"

/* Renders the code form with status; typed is what the person entered,
 * message the problem (or NULL). */
static int
track_form(struct req *r, int status, const char *typed, const char *message)
{
	const char *heading = status == 404 ? "未找到查询码" : "一码可查";
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, heading, "track_form.tpl", "track");

	tmpl_set(d, "HEADING", heading);
	tmpl_set(d, "TYPED", typed ? typed : "");
	if (message) {
		tmpl_set(d, "MESSAGE", message);
		tmpl_show(d, "HAS_MESSAGE");
	}
	if (status == 404)
		tmpl_show(d, "NOT_FOUND");
	if (hotline_fill(r, d, 0) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	http_status(r, status);
	return page_finish(r, &pg);
}

int
page_track_form(struct req *r)
{
	const char *typed = kv_get(&r->query, "code");
	char code[CODE_LEN + 1], url[32];

	if (typed == NULL)
		return track_form(r, 200, NULL, NULL);
	if (code_parse(typed, code) != 0)
		return track_form(r, 404, typed, "查询码格式不对：查询码是9位字母和数字，"
		    "例如 ABC-DEF-GHJ（不含 0、O、1、I、L）。请核对后重新输入。");
	snprintf(url, sizeof(url), "/track/%s", code);
	return page_redirect(r, url);
}

int
page_track(struct req *r)
{
	struct order o;
	char code[CODE_LEN + 1];
	int64_t places;
	enum model_err e;

	if (code_parse(r->params[0], code) != 0)
		return track_form(r, 404, r->params[0], "查询码格式不对：查询码是9位字母和数字，"
		    "例如 ABC-DEF-GHJ。请核对后重新输入。");
	e = order_by_code(r->app->db, code, &o);
	if (e == MODEL_NOT_FOUND)
		return track_form(r, 404, r->params[0], "没有找到这个查询码的申请。"
		    "请核对查询码，或重新提交申请。");
	if (e != MODEL_OK)
		return model_status(e);
	/* The page changes only with the request (its version) and the names
	 * of places: unless it holds the rating form, whose token is new at
	 * each view, a visitor who has it gets a 304. */
	if (strcmp(o.state, "completed") != 0 && kv_get(&r->query, "rated") == NULL &&
	    org_places_version(r->app->db, &places) == DB_OK) {
		char what[80];

		snprintf(what, sizeof(what), "t%s-%lld-%lld", o.code, (long long)o.public_version,
		    (long long)places);
		if (page_etag(r, what)) {
			http_header(r, "Cache-Control", "no-cache");
			return 0;
		}
	}
	return track_show(r, &o, 200, NULL);
}

int
track_show(struct req *r, const struct order *o, int status, const struct rate_error *err)
{
	struct page pg;
	struct tmpl_dict *d;
	const char *flag = kv_get(&r->query, "rated");
	char action[48];

	d = page_begin(r, &pg, "办理进度", "track.tpl", "track");
	snprintf(action, sizeof(action), "/track/%s/rate", o->code);
	if (order_view_fill(r, d, o) != 0 || rate_fill(r, d, o, action, 1, 0, err) != 0 ||
	    hotline_fill(r, d, o->org_id) != 0 ||
	    photo_show_public(r, d, o->id) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (flag && strcmp(flag, "1") == 0 && strcmp(o->state, "rated") == 0)
		tmpl_show(d, "JUST_RATED");
	tmpl_set(d, "CODE", o->code);
	http_status(r, status);
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

int
page_track_qr(struct req *r)
{
	const char *code = r->path_code;
	char base[256], url[320];
	struct order o;
	struct buf svg;
	enum model_err e;

	/* Only codes that exist get an image: no QR codes for guessed codes. */
	if ((e = order_by_code(r->app->db, code, &o)) != MODEL_OK)
		return e == MODEL_NOT_FOUND ? 404 : 500;
	snprintf(url, sizeof(url), "%s/track/%s", page_base_url(r, base, sizeof(base)), code);
	buf_init(&svg);
	if (qr_svg(url, "查询办理进度的二维码", &svg) != 0) {
		buf_free(&svg);
		return 500;
	}
	http_header(r, "Content-Type", "image/svg+xml; charset=utf-8");
	http_header(r, "Cache-Control", "public, max-age=86400");
	http_body(r, svg.data, svg.len);
	buf_free(&svg);
	return 0;
}
