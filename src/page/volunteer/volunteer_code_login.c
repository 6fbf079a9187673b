/*
 * volunteer_code_login.c: a volunteer signs in with a 验证码 sent to their
 * phone instead of their password ("/v/login/code"): the phone form, then
 * the code form (the phone kept), then the same session as the password
 * sign-in makes (login.c, login_volunteer_session). A code goes only to an
 * approved volunteer's phone, but every phone gets the same answer and is
 * counted against the same limits, so the page does not tell who is
 * registered. Without an SMS gateway the page says so and points to the
 * password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/csrf.h"
#include "http/form.h"
#include "lib/phone.h"
#include "model/phone_code.h"
#include "model/volunteer.h"
#include "page/part/page.h"

/* Which form the page shows. */
enum step { STEP_OFF, STEP_PHONE, STEP_CODE };

/* What the page shows: what was typed and what is wrong with it. */
struct code_page {
	enum step	 step;
	const char	*next;		/* as posted or asked; checked by login.c */
	const char	*phone_typed;	/* the phone as typed */
	char		 phone[PHONE_MAX];	/* as stored, once read */
	const char	*code;		/* the code as typed */
	int		 remember;
	const char	*phone_error;	/* or NULL */
	const char	*code_error;	/* or NULL */
	const char	*notice;	/* or NULL */
};

/* Returns next if it is a path on this site, else "/v" (login.c checks it
 * again before sending anyone there). */
static const char *
next_of(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n") != NULL)
		return "/v";
	return next;
}

/* Sets key to path?next=<next, encoded>. */
static void
set_url(struct tmpl_dict *d, const char *key, const char *path, const char *next)
{
	struct buf url;

	buf_init(&url);
	buf_puts(&url, path);
	buf_puts(&url, "?next=");
	url_encode(&url, next_of(next));
	tmpl_set(d, key, url.data);
	buf_free(&url);
}

/* Renders p with status. Returns 0 or an HTTP error status. */
static int
code_page_render(struct req *r, const struct code_page *p, int status)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "志愿者登录", "vlogin_code.tpl", NULL);
	struct tmpl_dict *e;
	char nonce[CSRF_NONCE_LEN], csrf[44], masked[PHONE_MAX];

	set_url(d, "PASSWORD_URL", "/v/login", p->next);
	if (p->step == STEP_OFF)
		tmpl_show(d, "OFF");
	else {
		tmpl_show(d, "ON");
		tmpl_show(d, p->step == STEP_PHONE ? "PHONE_STEP" : "CODE_STEP");
		csrf_form_new(r, nonce, csrf);
		tmpl_set(d, "NONCE", nonce);
		tmpl_set(d, "CSRF", csrf);
		tmpl_set(d, "NEXT", next_of(p->next));
		tmpl_set(d, "PHONE", p->step == STEP_CODE ? p->phone :
		    p->phone_typed ? p->phone_typed : "");
		phone_mask(p->phone, masked);
		tmpl_set(d, "MASKED", masked);
		tmpl_set(d, "CODE", p->code ? p->code : "");
		set_url(d, "CHANGE_URL", "/v/login/code", p->next);
		if (p->remember)
			tmpl_show(d, "REMEMBER");
		if (p->phone_error) {
			e = tmpl_add_section(d, "E_PHONE");
			tmpl_set(e, "MSG", p->phone_error);
		}
		if (p->code_error) {
			e = tmpl_add_section(d, "E_CODE");
			tmpl_set(e, "MSG", p->code_error);
		}
	}
	if (p->notice) {
		tmpl_set(d, "NOTICE", p->notice);
		tmpl_show(d, "HAS_NOTICE");
	}
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

/* Reads the posted phone into p; sets p->phone_error when it is not a
 * mobile. Returns 1 if it is one. */
static int
read_phone(struct req *r, struct code_page *p)
{
	enum valid v;

	p->phone_typed = kv_get(&r->form, "phone");
	v = phone_read(p->phone_typed ? p->phone_typed : "", PHONE_MOBILE_ONLY, p->phone);
	if (v == VALID_OK)
		return 1;
	p->phone[0] = '\0';
	p->phone_error = v == VALID_REQUIRED ? "请输入手机号码" :
	    "请输入11位手机号码，例如 139 1234 0061";
	return 0;
}

int
page_vlogin_code_form(struct req *r)
{
	struct code_page p = {
		.step = config_sms_on(r->app->cfg) ? STEP_PHONE : STEP_OFF,
		.next = kv_get(&r->query, "next"),
	};

	return code_page_render(r, &p, 200);
}

int
page_vlogin_code_send(struct req *r)
{
	const struct config *cfg = r->app->cfg;
	struct message_opts opts = config_message_opts(cfg);
	struct code_page p = { .step = STEP_PHONE, .next = kv_get(&r->form, "next") };
	struct phone_code_send s = {
		.purpose = "login", .client = r->remote_addr, .key = r->app->secret,
		.per_phone = cfg->code_phone, .per_client = cfg->code_client,
	};
	struct volunteer v;
	enum phone_code_outcome out;
	enum model_err err;
	char notice[320], masked[PHONE_MAX];

	if (!config_sms_on(cfg)) {
		p.step = STEP_OFF;
		return code_page_render(r, &p, 503);
	}
	if (!read_phone(r, &p))
		return code_page_render(r, &p, 400);
	err = volunteer_by_phone(r->app->db, p.phone, &v);
	if (err != MODEL_OK && err != MODEL_NOT_FOUND)
		return model_status(err);
	/* Only an approved volunteer gets the SMS; every phone gets a row, so
	 * the limits and the answer are the same for all. */
	s.phone = p.phone;
	s.deliver = err == MODEL_OK && strcmp(v.status, "approved") == 0;
	switch (phone_code_send(r->app->db, &s, &opts, now_unix(), &out)) {
	case DB_OK:
		break;
	case DB_BUSY:
	case DB_FULL:
		http_header(r, "Retry-After", "5");
		p.notice = "系统正忙，验证码还没有发出。请稍等片刻再试。";
		return code_page_render(r, &p, 503);
	default:
		return 500;
	}
	p.step = STEP_CODE;
	phone_mask(p.phone, masked);
	if (out == PHONE_CODE_OK) {
		snprintf(notice, sizeof(notice), "验证码已发送到手机 %s，请查看短信。", masked);
		p.notice = notice;
		return code_page_render(r, &p, 200);
	}
	if (out == PHONE_CODE_LIMIT_PHONE)
		snprintf(notice, sizeof(notice), "今天发给手机 %s 的验证码已达上限（%d条），请明天再试，"
		    "或用密码登录。已经收到的验证码10分钟内仍然有效。", masked, cfg->code_phone);
	else
		snprintf(notice, sizeof(notice), "今天从这个网络获取的验证码已达上限（%d条），请明天再试，"
		    "或用密码登录。已经收到的验证码10分钟内仍然有效。", cfg->code_client);
	p.notice = notice;
	return code_page_render(r, &p, 429);
}

int
page_vlogin_code_check(struct req *r)
{
	const char *remember = kv_get(&r->form, "remember");
	struct code_page p = {
		.step = STEP_CODE, .next = kv_get(&r->form, "next"),
		.code = kv_get(&r->form, "sms_code"),
		.remember = remember && strcmp(remember, "1") == 0,
	};
	char digits[PHONE_CODE_DIGITS + 1];
	enum phone_code_outcome out;
	struct volunteer v;

	if (!config_sms_on(r->app->cfg)) {
		p.step = STEP_OFF;
		return code_page_render(r, &p, 503);
	}
	if (!read_phone(r, &p)) {
		p.step = STEP_PHONE;
		return code_page_render(r, &p, 400);
	}
	if (p.code == NULL || phone_code_read(p.code, digits) != 0) {
		p.code_error = p.code == NULL || p.code[0] == '\0' ? "请输入短信里的6位数字验证码" :
		    "验证码是6位数字，请按短信里的验证码输入";
		return code_page_render(r, &p, 400);
	}
	switch (phone_code_check(r->app->db, p.phone, "login", digits, r->app->secret,
	    now_unix(), &out)) {
	case DB_OK:
		break;
	case DB_BUSY:
	case DB_FULL:
		http_header(r, "Retry-After", "5");
		p.notice = "系统正忙，请稍等片刻，再点一次“登录”。";
		return code_page_render(r, &p, 503);
	default:
		return 500;
	}
	switch (out) {
	case PHONE_CODE_OK:
		break;
	case PHONE_CODE_WRONG:
		p.code_error = "验证码不对，请核对短信后重新输入";
		return code_page_render(r, &p, 400);
	case PHONE_CODE_USED_UP:
		p.code_error = "验证码输错次数过多，已经失效，请点“重新发送验证码”";
		return code_page_render(r, &p, 400);
	default:
		p.code_error = "验证码已过期或已使用，请点“重新发送验证码”";
		return code_page_render(r, &p, 400);
	}
	/* The code went to this phone, so it is an approved volunteer's (unless
	 * they were stood down since). */
	if (volunteer_by_phone(r->app->db, p.phone, &v) != MODEL_OK ||
	    strcmp(v.status, "approved") != 0) {
		p.step = STEP_PHONE;
		p.phone_typed = p.phone;
		p.notice = "这个手机号现在不能登录志愿者页面。如有疑问，请联系所在实践站。";
		return code_page_render(r, &p, 403);
	}
	return login_volunteer_session(r, v.id, NULL, p.remember, p.next);
}
