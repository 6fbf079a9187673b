/*
 * privacy.c: "/privacy", how the contact details of a request are used, in
 * plain words. The retention period shown is the one sidan applies.
 */
#include "page/part/page.h"

int
page_privacy(struct req *r)
{
	struct page pg;

	page_begin(r, &pg, "个人信息怎样使用", "privacy.tpl", NULL);
	return page_finish(r, &pg);
}
