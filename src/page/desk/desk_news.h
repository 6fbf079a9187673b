/*
 * desk_news.h: what the two files of the desk's 工作动态 pages share: the
 * article form (new, or an article being edited) as typed or as on record,
 * its checks and its rendering. desk_news.c holds the list, the new form
 * and creating; desk_news_edit.c the edit form, saving, publishing, taking
 * back and removing a photo.
 */
#ifndef SIDAN_DESK_NEWS_H
#define SIDAN_DESK_NEWS_H

#include <stdint.h>

#include "http/http.h"
#include "model/news.h"
#include "page/part/photo_upload.h"

/* The fields of the form, in the order they appear. */
enum nfield { NF_TITLE = 0, NF_BODY, NF_ORG, NF_PLATFORM, NF_PHOTO, NF__MAX };

/* The form: a new article (id 0) or article id. */
struct news_form {
	int64_t		 id;
	int		 published;
	int64_t		 activity_id;		/* its activity (活动风采), or 0 */
	char		 activity_title[256];
	char		*title, *body;		/* as on record or as typed; owned */
	char		 org[24];		/* the place as the form sends it (its id) */
	char		 platform[64];		/* the platform's code, "" for none */
	int64_t		 org_id, platform_id;	/* once checked */
	int		 photos;		/* photos it has already */
	char		 author[64];		/* edit: who wrote it */
	int64_t		 updated_at;
	int64_t		 existing;		/* the activity's 活动风采 written already */
	char		 error[NF__MAX][240];	/* "" when the field is fine */
	int		 nerrors;
	struct photo_batch batch;		/* photos sent and staged, not saved yet */
};

/* Frees what f holds. */
void	desk_news_form_free(struct news_form *f);
/*
 * Reads the POSTed fields into f and checks them for the signed-in staff
 * member: title, body, a place in their scope, a platform or none, and the
 * photos sent (converted and staged; at most room more). Errors go beside
 * their fields in f. Returns 0, or an HTTP status when the server could not
 * work (500).
 */
int	desk_news_read(struct req *r, struct news_form *f, int room);
/* Renders the form f with status (200; 400, 409 or 503 after a failed
 * POST) and notice (or NULL). Returns the handler's result. */
int	desk_news_render(struct req *r, struct news_form *f, int status, const char *notice);
/* Writes the notice after a failed save for model outcome e (busy, disk
 * full) into msg and returns the status to answer with (503), or returns 0
 * when e is not one of those. */
int	desk_news_busy(enum model_err e, const char **msg);

#endif
