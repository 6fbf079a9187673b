/*
 * mode.c: "/mode?elder=1&next=/path", the switch to 长辈模式 (适老化: large
 * type, high contrast, one column) and back (elder=0). It sets or clears
 * the cookie "mode=elder" and sends the visitor back to the page they came
 * from; the layout reads the cookie (page_elder).
 *
 * Why a GET link and not a POST form with a token: the switch changes
 * nothing on the server and nothing but how pages look in this browser,
 * so a forged switch can do no more than enlarge someone's type, which the
 * same link on every page undoes; a link needs no per-visitor token, so
 * the home page a worker keeps for every visitor can carry it. What it
 * must not be is an open redirect: next must be a path on this site.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "page/part/page.h"

/* A year, for the cookie: the preference is a visitor's lasting choice. */
#define MODE_MAX_AGE "31536000"

/* Returns next if it is a path on this site ("/..." but not "//host" or
 * "/\host", no control characters or backslashes), else "/". */
static const char *
mode_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || strlen(next) > 512)
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return "/";
	return next;
}

int
page_mode(struct req *r)
{
	const char *elder = kv_get(&r->query, "elder");
	const char *secure = r->https ? "; Secure" : "";
	char cookie[128];

	if (elder == NULL || (strcmp(elder, "1") != 0 && strcmp(elder, "0") != 0))
		return 400;
	/* Not HttpOnly-critical (it holds no secret), but no script reads it. */
	if (elder[0] == '1')
		snprintf(cookie, sizeof(cookie), "mode=elder; Path=/; Max-Age=" MODE_MAX_AGE
		    "; SameSite=Lax; HttpOnly%s", secure);
	else
		snprintf(cookie, sizeof(cookie), "mode=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly%s",
		    secure);
	http_header(r, "Set-Cookie", cookie);
	return page_redirect(r, mode_next(kv_get(&r->query, "next")));
}
