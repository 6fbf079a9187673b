/*
 * multipart.h: a streaming parser of multipart/form-data bodies (RFC 7578),
 * for the few routes that take files. Text fields land in the same kvlist as
 * an urlencoded form's, under the same limits and checks (form.h); each file
 * is streamed to a temporary file as it arrives, never held whole in memory.
 * Limits are on the count of parts and files, the size of each part's
 * headers and of each file. A file over its limit is not an error of the
 * body: it is kept as an upload marked too big, so the page can say so
 * beside its field and keep everything else that was typed.
 */
#ifndef SIDAN_MULTIPART_H
#define SIDAN_MULTIPART_H

#include <stddef.h>

#include "http/form.h"

/* What became of one file part. */
enum upload_state {
	UPLOAD_OK = 0,		/* all of it is in path */
	UPLOAD_TOO_BIG,		/* larger than max_file: nothing kept */
	UPLOAD_WRITE_FAILED,	/* the disk refused it (full?): nothing kept */
};

/* One file part. path is "" when nothing is kept. */
struct upload {
	char			*field;		/* the form field's name */
	char			*filename;	/* as the browser sent it (UTF-8), or "" */
	char			 path[256];	/* the temporary file, or "" */
	size_t			 size;		/* bytes received */
	enum upload_state	 state;
};

struct uploads {
	struct upload	*v;
	size_t		 n, cap;
};

struct multipart_limits {
	struct form_limits	 form;		/* the text fields' limits */
	size_t			 max_parts;	/* text fields and files together */
	size_t			 max_files;
	size_t			 max_file;	/* bytes in one file */
	size_t			 max_header;	/* bytes of one part's headers */
};

enum multipart_err {
	MP_OK = 0,
	MP_ECTYPE,		/* not multipart/form-data, or no usable boundary */
	MP_ESYNTAX,		/* malformed framing or part headers */
	MP_ETOOMANY,		/* more parts or files than allowed */
	MP_EHEADER,		/* a part's headers over max_header */
	MP_EFIELD,		/* a text field that form.h refuses */
	MP_ETRUNC,		/* the body ended before the closing boundary */
	MP_ETEMP,		/* a temporary file could not be created */
	MP_ERR__MAX
};

/* The usual limits: 40 parts, 9 files of 10 MiB, 2 KiB of headers. */
const struct multipart_limits *multipart_limits_default(void);
/* Returns a short English description of err, for logs. */
const char *multipart_strerror(enum multipart_err err);

struct multipart;

/*
 * Starts parsing a body of the given Content-Type. Text fields will be
 * appended to fields, files to files (temporary files in tmpdir). lim may be
 * NULL for the defaults. Returns the parser, or NULL with *err set when the
 * Content-Type is not multipart/form-data with a valid boundary.
 */
struct multipart *multipart_new(const char *content_type, const char *tmpdir,
	    struct kvlist *fields, struct uploads *files,
	    const struct multipart_limits *lim, enum multipart_err *err);
/* Parses the next n bytes of the body. Returns MP_OK or the first error
 * (after which every call returns it again). */
enum multipart_err multipart_feed(struct multipart *mp, const char *p, size_t n);
/* Says the body has ended. Returns MP_OK if it ended with the closing
 * boundary, else an error. */
enum multipart_err multipart_finish(struct multipart *mp);
/* Frees the parser (not what it produced); accepts NULL. */
void	multipart_free(struct multipart *mp);

/* Returns the first upload of field, or NULL. */
const struct upload *uploads_get(const struct uploads *u, const char *field);
/* Removes every temporary file and frees the list; accepts NULL. */
void	uploads_free(struct uploads *u);

#endif
