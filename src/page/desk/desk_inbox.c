/*
 * desk_inbox.c: a staff member's 站内信 (new requests, 督办, poor ratings):
 * "/desk/inbox" (newest first, 20 a page, unread ones marked), POST
 * "/desk/inbox/{id}/open" (marks it read and goes to what it is about) and
 * POST "/desk/inbox/read" (全部标为已读). The page itself is the shared one
 * of page/part/inbox.c.
 */
#include "http/route.h"
#include "http/session.h"
#include "page/part/inbox.h"

/* The signed-in staff member's inbox. */
static struct inbox_who
who(struct req *r)
{
	struct inbox_who w = {
		.of = INBOX_STAFF,
		.id = r->signin->user.id,
		.base = "/desk/inbox",
		.nav = "dinbox",
		.csrf = r->signin->sess.csrf,
	};

	return w;
}

int
page_desk_inbox(struct req *r)
{
	struct inbox_who w = who(r);

	return inbox_page(r, &w);
}

int
page_desk_inbox_open(struct req *r)
{
	struct inbox_who w = who(r);

	return inbox_open(r, &w);
}

int
page_desk_inbox_read_all(struct req *r)
{
	struct inbox_who w = who(r);

	return inbox_read_all(r, &w);
}
