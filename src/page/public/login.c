/*
 * login.c: signing in and out, for staff ("/login", by login name) and for
 * volunteers ("/v/login", by mobile number; on a phone they may ask to be
 * remembered). Failed attempts are counted per account and per client
 * address (auth.h): past the limit the answer is 429 with the time to wait.
 * Each failure is logged with the account name and the address, never the
 * password. With an SMS gateway the volunteers' page also offers signing in
 * with a 验证码 (volunteer_code_login.c), which ends in the same session
 * (login_volunteer_session).
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "http/csrf.h"
#include "http/form.h"
#include "model/auth.h"
#include "model/user.h"
#include "model/volunteer.h"
#include "lib/password.h"
#include "lib/phone.h"
#include "http/session.h"
#include "page/part/page.h"

/* What differs between the two sign-in pages. */
struct login_kind {
	enum sess_kind	 kind;
	const char	*title;
	const char	*action;	/* where the form posts */
	const char	*home;		/* where to go after, by default */
	const char	*label;		/* what the account field asks for */
	const char	*autocomplete;
};

static const struct login_kind staff_kind = {
	SESS_STAFF, "工作人员登录", "/login", "/desk", "账号", "username",
};
static const struct login_kind volunteer_kind = {
	SESS_VOLUNTEER, "志愿者登录", "/v/login", "/v", "手机号码", "tel",
};

/* Returns next if it is a path on this site, else home. */
static const char *
safe_next(const char *next, const char *home)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n") != NULL)
		return home;
	return next;
}

/* Renders the sign-in form with status; login is kept, message explains. */
static int
login_render(struct req *r, const struct login_kind *k, int status, const char *login,
    const char *next, const char *message)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, k->title, "login.tpl", NULL);
	char nonce[CSRF_NONCE_LEN], csrf[44];

	csrf_form_new(r, nonce, csrf);
	tmpl_set(d, "HEADING", k->title);
	tmpl_set(d, "ACTION", k->action);
	tmpl_set(d, "LABEL", k->label);
	tmpl_set(d, "AUTOCOMPLETE", k->autocomplete);
	tmpl_show(d, k->kind == SESS_STAFF ? "STAFF" : "VOLUNTEER");
	tmpl_set(d, "NONCE", nonce);
	tmpl_set(d, "CSRF", csrf);
	tmpl_set(d, "LOGIN", login ? login : "");
	tmpl_set(d, "NEXT", safe_next(next, k->home));
	if (k->kind == SESS_VOLUNTEER && config_sms_on(r->app->cfg)) {
		/* The other way in, going on to the same page. */
		struct buf url;

		buf_init(&url);
		buf_puts(&url, "/v/login/code?next=");
		url_encode(&url, safe_next(next, k->home));
		tmpl_set(d, "CODE_LOGIN_URL", url.data);
		tmpl_show(d, "CODE_LOGIN");
		buf_free(&url);
	}
	if (message) {
		tmpl_set(d, "MESSAGE", message);
		tmpl_show(d, "HAS_MESSAGE");
	}
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

/* Starts the session of kind k for account id (clearing the failures
 * counted for login) and sends the browser on to next, a path on this
 * site, else k's home. Returns 0 or an HTTP status. */
static int
login_finish(struct req *r, const struct login_kind *k, int64_t id, const char *login,
    int remember, const char *next)
{
	int rc;

	if (login)
		auth_login_ok(r->app->db, login);
	if ((rc = session_start(r, k->kind, id, k->kind == SESS_VOLUNTEER && remember)) != 0)
		return rc;
	return page_redirect(r, safe_next(next, k->home));
}

/* The volunteer's session, exactly as the password sign-in starts it: for
 * the 验证码 sign-in (volunteer_code_login.c). login: the key its failures
 * are counted under, or NULL. Returns 0 or an HTTP status. */
int
login_volunteer_session(struct req *r, int64_t id, const char *login, int remember,
    const char *next)
{
	return login_finish(r, &volunteer_kind, id, login, remember, next);
}

/* Checks a sign-in of kind k; on success starts the session. Returns 0 or
 * an HTTP status. */
static int
login_post(struct req *r, const struct login_kind *k)
{
	/* A hash of a random password: checked when the account does not
	 * exist, so the answer takes as long either way. */
	static const char dummy[] = "$argon2id$v=19$m=19456,t=2,p=1$"
	    "c2lkYW5kdW1teXNhbHQ$0KqN6C0Qv8wqcIu8dEw6pZr7S5qzV8d3kQfH6xYwZb8";
	const char *login = kv_get(&r->form, "login"), *pw = kv_get(&r->form, "password");
	const char *next = kv_get(&r->form, "next"), *client = r->remote_addr;
	const char *remember = kv_get(&r->form, "remember");
	const char *refusal = "账号或密码不正确，或账号已停用";
	char msg[1024], retry[24];
	int64_t wait, id = 0;
	int ok = 0;

	if (login == NULL || *login == '\0' || pw == NULL || *pw == '\0')
		return login_render(r, k, 400, login, next, "请输入账号和密码");
	if (strlen(login) > 64 || strlen(pw) > 512)
		return login_render(r, k, 400, NULL, next, refusal);
	wait = auth_login_wait(r->app->db, login, client);
	if (wait < 0)
		return 503;
	if (wait > 0) {
		snprintf(retry, sizeof(retry), "%lld", (long long)wait);
		http_header(r, "Retry-After", retry);
		snprintf(msg, sizeof(msg), "登录失败次数过多，为保护账号安全，请 %lld 分钟后再试。",
		    (long long)(wait + 59) / 60);
		return login_render(r, k, 429, login, next, msg);
	}
	if (k->kind == SESS_STAFF) {
		struct user u;
		if (user_by_login(r->app->db, login, &u) == MODEL_OK) {
			ok = password_verify(u.pwhash, pw) && !u.disabled;
			id = u.id;
		} else
			password_verify(dummy, pw);
	} else {
		struct volunteer v;
		char mobile[PHONE_MAX];
		/* The number as the volunteer writes it: 139 1234 0061 is 13912340061. */
		if (phone_read(login, PHONE_MOBILE_ONLY, mobile) != VALID_OK)
			snprintf(mobile, sizeof(mobile), "%s", "");
		if (volunteer_by_phone(r->app->db, mobile, &v) == MODEL_OK) {
			ok = password_verify(v.pwhash, pw);
			id = v.id;
			/* The right password earns an explanation of the status. */
			if (ok && strcmp(v.status, "pending") == 0)
				return login_render(r, k, 403, login, next,
				    "您的志愿者申请还在审核中，审核通过后就可以登录了。");
			if (ok && strcmp(v.status, "rejected") == 0) {
				snprintf(msg, sizeof(msg), "您的志愿者申请没有通过：%s。如有疑问，请联系所在实践站。",
				    v.reason);
				return login_render(r, k, 403, login, next, msg);
			}
			ok = ok && strcmp(v.status, "approved") == 0;
		} else
			password_verify(dummy, pw);
	}
	if (!ok) {
		auth_login_failed(r->app->db, login, client);
		fprintf(stderr, "sidan: %s: sign-in failed for \"%s\" from %s\n", r->id,
		    login, client ? client : "-");
		return login_render(r, k, 400, login, next, refusal);
	}
	return login_finish(r, k, id, login, remember && strcmp(remember, "1") == 0, next);
}

/* The message for a sign-in page reached after signing out, or NULL. */
static const char *
bye_message(struct req *r)
{
	const char *bye = kv_get(&r->query, "bye");

	return bye && strcmp(bye, "1") == 0 ? "您已退出登录。" : NULL;
}

int
page_login_form(struct req *r)
{
	return login_render(r, &staff_kind, 200, NULL, kv_get(&r->query, "next"), bye_message(r));
}

int
page_login(struct req *r)
{
	return login_post(r, &staff_kind);
}

int
page_logout(struct req *r)
{
	session_end(r, SESS_STAFF);
	return page_redirect(r, "/login?bye=1");
}

int
page_vlogin_form(struct req *r)
{
	return login_render(r, &volunteer_kind, 200, NULL, kv_get(&r->query, "next"),
	    bye_message(r));
}

int
page_vlogin(struct req *r)
{
	return login_post(r, &volunteer_kind);
}

int
page_vlogout(struct req *r)
{
	session_end(r, SESS_VOLUNTEER);
	return page_redirect(r, "/v/login?bye=1");
}
