/*
 * short_link.c: the short links SMS carry, a letter and the tracking code
 * after the host, each a redirect (303) to the page it stands for:
 *   /t/{code}  the tracking page (办理进度)
 *   /r/{code}  the tracking page at its rating form (群众评单)
 *   /k/{code}  the volunteer's task (sign-in first, when needed)
 *   /d/{code}  the request on the desk (sign-in first, when needed)
 * The pages themselves check who may see what; a short link grants nothing.
 */
#include <stdio.h>

#include "page/part/page.h"

/* Redirects to fmt with the request's code. Returns the handler's result. */
static int
short_to(struct req *r, const char *fmt)
{
	char to[64];

	snprintf(to, sizeof(to), fmt, r->path_code);
	return http_redirect(r, to);
}

int
page_short_track(struct req *r)
{
	return short_to(r, "/track/%s");
}

int
page_short_rate(struct req *r)
{
	return short_to(r, "/track/%s#h-rate");
}

int
page_short_task(struct req *r)
{
	return short_to(r, "/v/task/%s");
}

int
page_short_desk(struct req *r)
{
	return short_to(r, "/desk/order/%s");
}
