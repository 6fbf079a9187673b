/*
 * inbox.h: the 站内信 of a volunteer ("/v/inbox") and of a staff member
 * ("/desk/inbox"): one page, templates/inbox.tpl, and the same two actions
 * (open one: mark it read and go to its link; mark them all read), so the
 * two handlers only say whose inbox it is.
 */
#ifndef SIDAN_PAGE_INBOX_H
#define SIDAN_PAGE_INBOX_H

#include <stdint.h>

#include "model/message.h"
#include "page/part/page.h"

/* Whose inbox a request reads, and where it lives. */
struct inbox_who {
	enum inbox_of	 of;
	int64_t		 id;		/* volunteers.id or users.id */
	const char	*base;		/* "/v/inbox" or "/desk/inbox" */
	const char	*nav;		/* the navigation entry to mark current */
	const char	*csrf;		/* the session's form token */
};

/* GET: the inbox, newest first, a page of INBOX_PER_PAGE (?page=N). Returns
 * 0 or an HTTP status. */
int	inbox_page(struct req *r, const struct inbox_who *w);
/* POST {base}/{id}/open: marks it read and answers 303 to its link (a path
 * on this site), or back to the inbox; 404 when it is not in this inbox. */
int	inbox_open(struct req *r, const struct inbox_who *w);
/* POST {base}/read: marks all read and answers 303 back to the inbox. */
int	inbox_read_all(struct req *r, const struct inbox_who *w);

/* Messages on one page of an inbox: a cheap phone loads 20 in a few KB. */
#define INBOX_PER_PAGE	20

#endif
