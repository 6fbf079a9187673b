/*
 * login.c: "/login" and "/logout" for staff. Failed attempts are counted per
 * account and per client address (auth.h): past the limit the answer is 429
 * with the time to wait. Each failure is logged with the login name and the
 * address, never the password.
 */
#include <stdio.h>
#include <string.h>

#include "../app.h"
#include "../csrf.h"
#include "../model/auth.h"
#include "../model/user.h"
#include "../password.h"
#include "../session.h"
#include "page.h"

/* Returns next if it is a path on this site, else "/desk". */
static const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n") != NULL)
		return "/desk";
	return next;
}

/* Renders the sign-in form with status; login is kept, message explains. */
static int
login_render(struct req *r, int status, const char *login, const char *next,
    const char *message)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "工作人员登录", "login.tpl", NULL);
	char nonce[CSRF_NONCE_LEN], csrf[44];

	csrf_form_new(r, nonce, csrf);
	tmpl_set(d, "NONCE", nonce);
	tmpl_set(d, "CSRF", csrf);
	tmpl_set(d, "LOGIN", login ? login : "");
	tmpl_set(d, "NEXT", safe_next(next));
	if (message) {
		tmpl_set(d, "MESSAGE", message);
		tmpl_show(d, "HAS_MESSAGE");
	}
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

int
page_login_form(struct req *r)
{
	return login_render(r, 200, NULL, kv_get(&r->query, "next"), NULL);
}

int
page_login(struct req *r)
{
	/* A hash of a random password: checked when the account does not
	 * exist, so the answer takes as long either way. */
	static const char dummy[] = "$argon2id$v=19$m=19456,t=2,p=1$"
	    "c2lkYW5kdW1teXNhbHQ$0KqN6C0Qv8wqcIu8dEw6pZr7S5qzV8d3kQfH6xYwZb8";
	const char *login = kv_get(&r->form, "login"), *pw = kv_get(&r->form, "password");
	const char *next = kv_get(&r->form, "next"), *client = r->remote_addr;
	struct user u;
	char msg[160], retry[24];
	int64_t wait;
	int ok, rc;

	if (login == NULL || *login == '\0' || pw == NULL || *pw == '\0')
		return login_render(r, 400, login, next, "请输入账号和密码");
	if (strlen(login) > 64 || strlen(pw) > 512)
		return login_render(r, 400, NULL, next, "账号或密码不正确");
	wait = auth_login_wait(r->app->db, login, client);
	if (wait < 0)
		return 503;
	if (wait > 0) {
		snprintf(retry, sizeof(retry), "%lld", (long long)wait);
		http_header(r, "Retry-After", retry);
		snprintf(msg, sizeof(msg), "登录失败次数过多，为保护账号安全，请 %lld 分钟后再试。",
		    (long long)(wait + 59) / 60);
		return login_render(r, 429, login, next, msg);
	}
	if (user_by_login(r->app->db, login, &u) == USER_OK) {
		ok = password_verify(u.pwhash, pw) && !u.disabled;
	} else {
		password_verify(dummy, pw);
		ok = 0;
	}
	if (!ok) {
		auth_login_failed(r->app->db, login, client);
		fprintf(stderr, "sidan: %s: sign-in failed for \"%s\" from %s\n", r->id,
		    login, client ? client : "-");
		return login_render(r, 400, login, next, "账号或密码不正确，或账号已停用");
	}
	auth_login_ok(r->app->db, login);
	if ((rc = session_start(r, SESS_STAFF, u.id, 0)) != 0)
		return rc;
	return page_redirect(r, safe_next(next));
}

int
page_logout(struct req *r)
{
	session_end(r, SESS_STAFF);
	return page_redirect(r, "/login?bye=1");
}
