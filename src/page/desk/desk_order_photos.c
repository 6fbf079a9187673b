/*
 * desk_order_photos.c: 可公开. Staff in the request's scope let one of its
 * completion photos onto public pages, or take it back. (Being built:
 * until then both answer 404.)
 */
#include "page/part/page.h"

/* POST /desk/order/{code}/photos/{photo}/public. */
int
page_desk_photo_public(struct req *r)
{
	(void)r;
	return 404;
}

/* POST /desk/order/{code}/photos/{photo}/private. */
int
page_desk_photo_private(struct req *r)
{
	(void)r;
	return 404;
}
