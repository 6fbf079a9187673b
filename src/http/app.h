/*
 * app.h: what one worker process holds for the life of the process: its
 * settings and its database connection. Handlers reach it as req->app.
 */
#ifndef SIDAN_APP_H
#define SIDAN_APP_H

#include "http/config.h"
#include "model/db.h"
#include "lib/secret.h"
#include "http/writer.h"

struct app {
	const struct config	*cfg;
	struct db		*db;
	unsigned char		 secret[SECRET_LEN];	/* see secret.h */
	char			 media_dir[512];	/* config_media_dir */
	char			 image_helper[512];	/* config_image_helper */
	struct writer_link	 writer;	/* the road to sidan-writer (writer.h) */
	/* Which templates and program made the pages: the master's start (unix
	 * seconds), one more at each reload; part of every ETag, so that a page validated
	 * against older templates is sent again. The same in every worker. */
	int64_t			 generation;
};

#endif
