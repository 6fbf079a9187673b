/*
 * volunteer_inbox.c: the volunteer's 站内信 on their phone: "/v/inbox"
 * (newest first, 20 a page, unread ones marked), POST "/v/inbox/{id}/open"
 * (marks it read and goes to what it is about) and POST "/v/inbox/read"
 * (全部标为已读). The page itself is the shared one of page/part/inbox.c.
 */
#include "http/route.h"
#include "http/session.h"
#include "page/part/inbox.h"

/* The signed-in volunteer's inbox. */
static struct inbox_who
who(struct req *r)
{
	struct inbox_who w = {
		.of = INBOX_VOLUNTEER,
		.id = r->volunteer->v.id,
		.base = "/v/inbox",
		.nav = "vinbox",
		.csrf = r->volunteer->sess.csrf,
	};

	return w;
}

int
page_vinbox(struct req *r)
{
	struct inbox_who w = who(r);

	return inbox_page(r, &w);
}

int
page_vinbox_open(struct req *r)
{
	struct inbox_who w = who(r);

	return inbox_open(r, &w);
}

int
page_vinbox_read_all(struct req *r)
{
	struct inbox_who w = who(r);

	return inbox_read_all(r, &w);
}
