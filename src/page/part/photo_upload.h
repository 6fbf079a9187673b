/*
 * photo_upload.h: what a page that takes photos does with them. The files a
 * form sent (r->uploads, one field) are each run through sidan-image (a
 * child under limits: the worker never decodes a picture), and the clean
 * JPEGs staged in the media store. A form shown again (an error elsewhere,
 * or a second step) carries what was staged in hidden "<field>_staged"
 * inputs, so nothing sent is lost and nothing is sent twice. The page then
 * hands the batch to its model call, which writes the rows and publishes the
 * files in its transaction (photo_add).
 *
 * Also: the thumbnails a page shows (photo_show) and the one handler that
 * serves a photo's file after checking who asks (page_photo, in photo.c).
 */
#ifndef SIDAN_PHOTO_UPLOAD_H
#define SIDAN_PHOTO_UPLOAD_H

#include <stddef.h>

#include "http/http.h"
#include "model/photo.h"
#include "view/tmpl.h"

/* The photos of one field, ready for photo_add. */
struct photo_batch {
	struct media_pair	v[PHOTO_MAX_NEWS];
	size_t			n;
	char			error[240];	/* "" or what to say beside the field */
	int			status;		/* 0, or 503 when the disk is full */
};

/*
 * Reads field's photos: those carried from an earlier step ("<field>_staged")
 * and those sent now, at most max in all. Each sent file is converted and
 * staged; a file that is refused (not a photo, too big, damaged) sets
 * b->error (in Chinese, naming the file) and the others are kept.
 * Returns 0 when every photo is in the batch (b->error ""), 1 when
 * something was refused (b->error says what; b holds the rest), or an HTTP
 * status (500, 503) when the server could not work at all.
 */
int	photo_batch_read(struct req *r, const char *field, size_t max,
	    struct photo_batch *b);
/* Adds to d one section named section per staged photo, with NAME (the
 * value for a hidden "<field>_staged" input), to carry b to the next step;
 * and COUNT, the number, in d. */
void	photo_batch_hidden(struct tmpl_dict *d, const char *section,
	    const struct photo_batch *b);

/* Adds to d a section named section for p, with SRC and THUMB (the file's
 * and the thumbnail's URLs), WIDTH, HEIGHT (the thumbnail's) and ID. */
struct tmpl_dict *photo_show(struct tmpl_dict *d, const char *section,
	    const struct photo *p);
/* Adds to d, in a section DONE_PHOTOS (only if there are any), one PHOTO
 * per 可公开 服务照片 of order_id (photo_show, and N from 1): what the
 * tracking page and the private link show. Returns 0, or -1 on error. */
int	photo_show_public(struct req *r, struct tmpl_dict *d, int64_t order_id);
/* Writes the public URL of a store file ("/photos/HASH.jpg") into buf. */
const char *photo_url(const char *hash, char *buf, size_t len);

#endif
