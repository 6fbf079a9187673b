/*
 * desk_urge.c: PLACEHOLDER until its helper replaces it (answers 404).
 */
#include "http/route.h"
#include "page/part/page.h"

int
page_desk_urge(struct req *r)
{
	route_error(r, 404);
	return 0;
}
