/*
 * order_confirm.c: step 2 of 群众点单 with an SMS gateway (see order_form.c):
 * the page that asks for the 验证码 sent to the resident's mobile, with
 * everything typed kept (the photos too, staged, in hidden inputs); sending
 * (and sending again) the code; and making the request, with its photos,
 * once the right code is typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/order.h"
#include "model/org.h"
#include "model/phone_code.h"
#include "model/service.h"
#include "lib/phone.h"
#include "lib/util.h"
#include "page/part/hotline.h"
#include "page/part/page.h"
#include "page/public/order_form.h"

/* Sets name to the service's name (service_find's callback). */
static void
service_name(void *arg, const struct service *s)
{
	snprintf(arg, 128, "%s", s->name);
}

/*
 * Renders step 2 (a mobile to confirm): what was typed, every field kept in
 * hidden inputs, the 验证码 field (its error, if any) and the buttons to
 * confirm, send a new code or go back. notice: a line above, or NULL.
 * Returns 0 or an HTTP error status.
 */
int
order_confirm_render(struct req *r, struct order_form *f, int status, const char *notice)
{
	struct db *db = r->app->db;
	struct page pg;
	struct tmpl_dict *d, *e;
	struct org_ref inst, st;
	char service[128] = "", place[2 * NAME_SIZE + 8], masked[PHONE_MAX], key[32];
	int found_inst = 0, found_st = 0;

	if (service_find(db, f->value[F_SERVICE], service_name, service) != DB_OK ||
	    org_by_code(db, f->value[F_INSTITUTE], &inst, &found_inst) != DB_OK ||
	    (f->value[F_STATION][0] &&
	    org_by_code(db, f->value[F_STATION], &st, &found_st) != DB_OK))
		return 500;
	snprintf(place, sizeof(place), "%s%s%s", found_inst ? inst.name : "",
	    found_st ? " · " : "", found_st ? st.name : "");
	phone_mask(f->phone, masked);

	d = page_begin(r, &pg, "我要点单：确认手机号", "order_form.tpl", "order");
	tmpl_show(d, "CONFIRM");
	tmpl_show(d, "PUBLIC");
	tmpl_set(d, "ACTION", "/order/new");
	if (hotline_fill(r, d, 0) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	for (int i = 0; i < F__MAX; i++) {
		snprintf(key, sizeof(key), "V_%s", order_form_keys[i]);
		tmpl_set(d, key, f->value[i]);
	}
	tmpl_set(d, "S_SERVICE", service);
	tmpl_set(d, "S_PLACE", place);
	tmpl_set(d, "S_PHONE", f->phone);
	tmpl_set(d, "MASKED", masked);
	if (f->value[F_ADDRESS][0])
		tmpl_show(d, "S_HAS_ADDRESS");
	if (f->value[F_WANTED][0])
		tmpl_show(d, "S_HAS_WANTED");
	tmpl_show(d, strcmp(f->value[F_NOSMS], "1") == 0 ? "S_NOSMS" : "S_SMS");
	/* The photos chosen in step 1 go along, staged, to the request. */
	order_form_photos(d, f);
	tmpl_set(d, "V_CODE", f->code);
	if (f->code_error[0]) {
		e = tmpl_add_section(d, "E_CODE");
		tmpl_set(e, "MSG", f->code_error);
	}
	if (notice) {
		tmpl_set(d, "NOTICE", notice);
		tmpl_show(d, "HAS_NOTICE");
	}
	tmpl_set(d, "NONCE", f->nonce);
	tmpl_set(d, "CSRF", f->csrf);
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

/*
 * Step 1 (again) of a mobile to confirm: sends a 验证码 and shows step 2;
 * resend: the resident asked for a new one. A request the limits would
 * refuse gets no code. Returns 0 or an HTTP error status.
 */
int
order_confirm_send(struct req *r, struct order_form *f, struct order_new *o,
    const struct order_limits *lim, int resend)
{
	const struct config *cfg = r->app->cfg;
	struct message_opts opts = config_message_opts(cfg);
	struct phone_code_send s = {
		.phone = f->phone, .purpose = "order", .client = r->remote_addr,
		.key = r->app->secret, .per_phone = cfg->code_phone,
		.per_client = cfg->code_client, .deliver = 1,
	};
	struct order_confirm want = { .code = "" };
	enum phone_code_outcome out;
	enum model_err err;
	char notice[320], masked[PHONE_MAX], retry[24];
	int64_t now = now_unix(), next_day;

	o->confirm = &want;	/* counted as the confirmed request it would be */
	err = order_limit_check(r->app->db, o, lim);
	o->confirm = NULL;
	if (err == MODEL_LIMIT_PHONE || err == MODEL_LIMIT_CLIENT)
		return order_form_limit(r, f, err, lim);
	if (err != MODEL_OK)
		return model_status(err);
	switch (phone_code_send(r->app->db, &s, &opts, now, &out)) {
	case DB_OK:
		break;
	case DB_BUSY:
	case DB_FULL:
		http_header(r, "Retry-After", "5");
		return order_confirm_render(r, f, 503, "系统正忙，验证码还没有发出。请稍等片刻，再点一次“重新发送验证码”。");
	default:
		return 500;
	}
	phone_mask(f->phone, masked);
	free(f->code);
	f->code = xstrdup("");
	if (out == PHONE_CODE_OK) {
		snprintf(notice, sizeof(notice), resend ?
		    "新的验证码已发送到手机 %s，请输入最新一条短信里的验证码。" :
		    "验证码已发送到手机 %s，请查看短信。", masked);
		return order_confirm_render(r, f, 200, notice);
	}
	order_day(now, &next_day);
	snprintf(retry, sizeof(retry), "%lld", (long long)(next_day - now));
	http_header(r, "Retry-After", retry);
	if (out == PHONE_CODE_LIMIT_PHONE)
		snprintf(notice, sizeof(notice), "今天发给手机 %s 的验证码已达上限（%d条），请明天再试。",
		    masked, cfg->code_phone);
	else
		snprintf(notice, sizeof(notice), "今天从这个网络获取的验证码已达上限（%d条），"
		    "请明天再试。", cfg->code_client);
	snprintf(notice + strlen(notice), sizeof(notice) - strlen(notice), "%s",
	    "已经收到的验证码10分钟内仍然有效；也可以请实践站工作人员替您登记。");
	return order_confirm_render(r, f, 429, notice);
}

/*
 * Step 2: the resident typed a code (do=confirm). Makes the request with
 * the phone confirmed, or shows step 2 again with what is wrong beside the
 * code field. Returns 0 or an HTTP error status.
 */
int
order_confirm_check(struct req *r, struct order_form *f, struct order_new *o,
    const struct order_limits *lim)
{
	struct order_confirm c = { .key = r->app->secret };
	char digits[PHONE_CODE_DIGITS + 1], code[CODE_LEN + 1], url[96], masked[PHONE_MAX];
	enum model_err err;

	if (f->code[0] == '\0' || phone_code_read(f->code, digits) != 0) {
		snprintf(f->code_error, sizeof(f->code_error), "%s", f->code[0] == '\0' ?
		    "请输入短信里的6位数字验证码" : "验证码是6位数字，请按短信里的验证码输入");
		return order_confirm_render(r, f, 400, NULL);
	}
	c.code = digits;
	o->confirm = &c;
	err = order_create(r->app->db, o, lim, code, f->photos ? f->photos->v : NULL,
	    f->photos ? f->photos->n : 0, r->app->media_dir);
	o->confirm = NULL;
	switch (err) {
	case MODEL_OK:
	case MODEL_DUPLICATE:
		order_form_manage_url(r, f, url);
		return page_redirect(r, url);
	case MODEL_NOT_READY:
		phone_mask(f->phone, masked);
		switch (c.outcome) {
		case PHONE_CODE_WRONG:
			snprintf(f->code_error, sizeof(f->code_error), "%s",
			    "验证码不对，请核对短信后重新输入");
			break;
		case PHONE_CODE_USED_UP:
			snprintf(f->code_error, sizeof(f->code_error), "%s",
			    "验证码输错次数过多，已经失效，请点“重新发送验证码”获取新的验证码");
			break;
		default:
			snprintf(f->code_error, sizeof(f->code_error),
			    "验证码已过期或已使用，请点“重新发送验证码”，把新的验证码发到 %s", masked);
			break;
		}
		return order_confirm_render(r, f, 400, NULL);
	case MODEL_LIMIT_PHONE:
	case MODEL_LIMIT_CLIENT:
		return order_form_limit(r, f, err, lim);
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		return order_confirm_render(r, f, 503, "系统正忙，您的申请还没有保存。请稍等片刻，再点一次“确认提交”。");
	default:
		return 500;
	}
}
