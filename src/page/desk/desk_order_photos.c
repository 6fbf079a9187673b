/*
 * desk_order_photos.c: 可公开. Staff in the request's scope let one of its
 * completion photos (服务照片) onto public pages (the tracking page, and
 * Open311's media_url), or take it back: POST
 * "/desk/order/{code}/photos/{photo}/public" and ".../private", then back to
 * the request with a word of what was done. The photos themselves are shown
 * on the request's page (desk_order.c). A request out of scope, or a photo
 * that is not one of its completion photos, is 404; team leaders, who take
 * no decision on a request, may not (403).
 */
#include <stdio.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/id.h"
#include "model/order.h"
#include "model/photo.h"
#include "page/desk/desk_filter.h"
#include "page/part/page.h"

/* Marks the path's photo of the path's request public (1) or not (0).
 * Returns 0 (a redirect) or an HTTP status. */
static int
photo_mark(struct req *r, int public)
{
	struct scope sc = desk_scope(r);
	struct order o;
	int64_t id;
	char url[80];
	enum model_err e;
	int in;

	if (r->signin->user.role == ROLE_LEADER)
		return 403;
	if (r->nparams < 2 || id_parse(r->params[1], &id) != 0)
		return 404;
	if ((e = order_by_code(r->app->db, r->path_code, &o)) != MODEL_OK)
		return model_status(e);
	if ((in = desk_in_scope(r->app->db, &sc, o.id)) != 1)
		return in == 0 ? 404 : 500;
	switch ((e = photo_set_public(r->app->db, o.id, id, public, r->signin->user.id))) {
	case MODEL_OK:
		snprintf(url, sizeof(url), "/desk/order/%s?photo=%s#h-photos", o.code,
		    public ? "public" : "private");
		return page_redirect(r, url);
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		return 503;
	default:
		return model_status(e);
	}
}

/* POST /desk/order/{code}/photos/{photo}/public. */
int
page_desk_photo_public(struct req *r)
{
	return photo_mark(r, 1);
}

/* POST /desk/order/{code}/photos/{photo}/private. */
int
page_desk_photo_private(struct req *r)
{
	return photo_mark(r, 0);
}
