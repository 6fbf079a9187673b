/*
 * volunteer_inbox.c: PLACEHOLDER until its helper replaces it (answers 404).
 */
#include "http/route.h"
#include "page/part/page.h"

int
page_vinbox(struct req *r)
{
	route_error(r, 404);
	return 0;
}

int
page_vinbox_open(struct req *r)
{
	route_error(r, 404);
	return 0;
}

int
page_vinbox_read_all(struct req *r)
{
	route_error(r, 404);
	return 0;
}
