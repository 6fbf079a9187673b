/*
 * photo.c: GET /photos/HASH.jpg, every photo's file and thumbnail. sidan
 * decides who may see it (photo.h's reader list) and nginx sends the file:
 * the answer is an X-Accel-Redirect to the internal /_media/ location, so a
 * worker never streams a picture. A public file may be cached by anyone for
 * a year (its name changes when its bytes do); a private one only by the
 * reader's own browser, briefly. Anyone else gets the same 404 as for a
 * file that does not exist: a private photo's existence is not told.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/photo.h"
#include "model/scope.h"
#include "http/session.h"
#include "page/desk/desk_filter.h"
#include "page/part/page.h"

int
page_photo(struct req *r)
{
	const char *name = r->params[0];
	char hash[MEDIA_HASH_LEN + 1], uri[100];
	struct scope staff;
	struct place_scope place;
	struct photo_reader reader = { 0 };
	int is_public = 0, may;

	if (strlen(name) != MEDIA_HASH_LEN + 4 || strcmp(name + MEDIA_HASH_LEN, ".jpg") != 0)
		return 404;
	memcpy(hash, name, MEDIA_HASH_LEN);
	hash[MEDIA_HASH_LEN] = '\0';
	if (!media_hash_ok(hash))
		return 404;
	if (r->signin) {
		staff = desk_scope(r);
		place = place_scope_of(&r->signin->user);
		reader.staff = &staff;
		reader.place = &place;
	}
	if (r->volunteer)
		reader.volunteer_id = r->volunteer->v.id;
	if ((may = photo_readable(r->app->db, hash, &reader, &is_public)) < 0)
		return 500;
	if (!may)
		return 404;
	http_header(r, "Content-Type", "image/jpeg");
	http_header(r, "Cache-Control", is_public ?
	    "public, max-age=31536000, immutable" : "private, max-age=3600");
	http_header(r, "X-Accel-Redirect", media_uri(hash, uri, sizeof(uri)));
	return 0;
}
