/*
 * multipart.c: the multipart/form-data parser. The stream is framed by
 * delimiters "CRLF--boundary"; a CRLF is put before the first byte so the
 * first delimiter looks like every other one. The parser keeps a small
 * window of bytes not yet handed on: at most a part's headers, or the tail
 * of a body that could still be the start of a delimiter.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/multipart.h"
#include "lib/utf8.h"
#include "lib/util.h"

#define BOUNDARY_MAX 70

enum mp_state {
	ST_PREAMBLE,	/* before the first delimiter */
	ST_AFTER_DELIM,	/* a delimiter: "--" ends the body, CRLF starts a part */
	ST_HEADERS,	/* a part's headers, up to an empty line */
	ST_BODY,	/* a part's content, up to the next delimiter */
	ST_DONE		/* after the closing delimiter: the epilogue is ignored */
};

struct multipart {
	struct multipart_limits	 lim;
	char			 delim[4 + BOUNDARY_MAX + 1];	/* "\r\n--" boundary */
	size_t			 dlen;
	char			 tmpdir[200];
	struct kvlist		*fields;
	struct uploads		*files;
	enum mp_state		 state;
	enum multipart_err	 err;
	struct buf		 win;		/* bytes seen, not yet handed on */
	size_t			 parts;
	/* The part being read. */
	int			 is_file;
	char			*name;
	struct buf		 value;		/* a text field's bytes */
	int			 fd;		/* a file's temporary file, or -1 */
	struct upload		*up;		/* a file's entry in files */
};

static const struct multipart_limits default_limits = {
	.form = { .max_fields = 200, .max_key = 128, .max_val = 16 * 1024 },
	.max_parts = 40,
	.max_files = 9,
	.max_file = 10 * 1024 * 1024,
	.max_header = 2048,
};

const struct multipart_limits *
multipart_limits_default(void)
{
	return &default_limits;
}

const char *
multipart_strerror(enum multipart_err err)
{
	static const char *const msg[MP_ERR__MAX] = {
		[MP_OK] = "ok",
		[MP_ECTYPE] = "not multipart/form-data with a boundary",
		[MP_ESYNTAX] = "malformed multipart body",
		[MP_ETOOMANY] = "too many parts or files",
		[MP_EHEADER] = "part headers too long",
		[MP_EFIELD] = "bad text field",
		[MP_ETRUNC] = "body ended before the closing boundary",
		[MP_ETEMP] = "cannot create a temporary file",
	};
	return (unsigned)err < MP_ERR__MAX ? msg[err] : "unknown error";
}

/*
 * Finds parameter name (e.g. "boundary") in a header value's "; a=b; c="d""
 * list. Copies its value (unquoted; a quoted value may not contain '"') into
 * out (size outlen). Returns 1 if found and it fit, -1 if found but too long
 * (or its quote never closes), 0 if not there.
 */
static int
header_param(const char *v, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = strchr(v, ';');

	while (p) {
		const char *end;
		size_t len;

		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == '=') {
			p += nlen + 1;
			if (*p == '"') {
				p++;
				if ((end = strchr(p, '"')) == NULL)
					return -1;
			} else
				end = p + strcspn(p, "; \t");
			len = (size_t)(end - p);
			if (len >= outlen)
				return -1;
			memcpy(out, p, len);
			out[len] = '\0';
			return 1;
		}
		/* Skip this parameter, minding a quoted value with ';' in it. */
		while (*p && *p != ';') {
			if (*p == '"') {
				const char *q = strchr(p + 1, '"');
				if (q == NULL)
					return 0;
				p = q;
			}
			p++;
		}
		p = *p ? p : NULL;
	}
	return 0;
}

struct multipart *
multipart_new(const char *content_type, const char *tmpdir,
    struct kvlist *fields, struct uploads *files,
    const struct multipart_limits *lim, enum multipart_err *err)
{
	struct multipart *mp;
	char boundary[BOUNDARY_MAX + 2];
	size_t blen;

	*err = MP_ECTYPE;
	if (content_type == NULL ||
	    strncasecmp(content_type, "multipart/form-data", 19) != 0 ||
	    (content_type[19] != ';' && content_type[19] != '\0'))
		return NULL;
	if (header_param(content_type, "boundary", boundary, sizeof(boundary)) != 1)
		return NULL;
	blen = strlen(boundary);
	if (blen < 1 || blen > BOUNDARY_MAX || strlen(tmpdir) >= 200)
		return NULL;
	mp = xcalloc(1, sizeof(*mp));
	mp->lim = lim ? *lim : default_limits;
	mp->dlen = (size_t)snprintf(mp->delim, sizeof(mp->delim), "\r\n--%s", boundary);
	snprintf(mp->tmpdir, sizeof(mp->tmpdir), "%s", tmpdir);
	mp->fields = fields;
	mp->files = files;
	mp->state = ST_PREAMBLE;
	mp->fd = -1;
	buf_init(&mp->win);
	buf_init(&mp->value);
	buf_append(&mp->win, "\r\n", 2);	/* the first delimiter's CRLF */
	*err = MP_OK;
	return mp;
}

/* Drops the first n bytes of the window. */
static void
win_consume(struct multipart *mp, size_t n)
{
	assert(n <= mp->win.len);
	memmove(mp->win.data, mp->win.data + n, mp->win.len - n);
	mp->win.len -= n;
}

/* Returns a new upload entry at the end of files. */
static struct upload *
upload_add(struct uploads *u)
{
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 4;
		u->v = xrealloc(u->v, u->cap * sizeof(*u->v));
	}
	memset(&u->v[u->n], 0, sizeof(u->v[u->n]));
	return &u->v[u->n++];
}

/* Forgets what an upload kept: closes and removes its temporary file. */
static void
upload_drop(struct multipart *mp, enum upload_state why)
{
	if (mp->fd >= 0) {
		close(mp->fd);
		mp->fd = -1;
	}
	if (mp->up->path[0]) {
		unlink(mp->up->path);
		mp->up->path[0] = '\0';
	}
	mp->up->state = why;
}

/*
 * Reads a part's headers (hdr, n bytes, without the final empty line) and
 * starts the part. Returns MP_OK or an error.
 */
static enum multipart_err
part_begin(struct multipart *mp, const char *hdr, size_t n)
{
	char *h = xstrndup(hdr, n), *line, *save = NULL;
	char name[130], filename[256];
	int have_disp = 0, have_file = 0;

	for (line = strtok_r(h, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *colon = strchr(line, ':');
		if (colon == NULL) {
			free(h);
			return MP_ESYNTAX;
		}
		*colon = '\0';
		if (strcasecmp(line, "Content-Disposition") != 0)
			continue;
		{
			const char *v = colon + 1;
			int fr;

			while (*v == ' ' || *v == '\t')
				v++;
			if (strncasecmp(v, "form-data", 9) != 0 ||
			    header_param(v, "name", name, sizeof(name)) != 1) {
				free(h);
				return MP_ESYNTAX;
			}
			have_disp = 1;
			/* A file name too long to keep: a file all the same. */
			fr = header_param(v, "filename", filename, sizeof(filename));
			have_file = fr != 0;
			if (fr < 0)
				filename[0] = '\0';
		}
	}
	free(h);
	if (!have_disp || name[0] == '\0' || strlen(name) > mp->lim.form.max_key ||
	    !utf8_valid(name, strlen(name)))
		return MP_ESYNTAX;
	if (++mp->parts > mp->lim.max_parts)
		return MP_ETOOMANY;
	mp->name = xstrdup(name);
	mp->is_file = have_file;
	buf_reset(&mp->value);
	if (!have_file)
		return MP_OK;
	if (mp->files->n >= mp->lim.max_files)
		return MP_ETOOMANY;
	if (!utf8_valid(filename, strlen(filename)))
		filename[0] = '\0';
	mp->up = upload_add(mp->files);
	mp->up->field = xstrdup(name);
	mp->up->filename = xstrdup(filename);
	snprintf(mp->up->path, sizeof(mp->up->path), "%s/upload-XXXXXX", mp->tmpdir);
	if ((mp->fd = mkstemp(mp->up->path)) < 0) {
		mp->up->path[0] = '\0';
		return MP_ETEMP;
	}
	return MP_OK;
}

/* Hands n bytes of content to the current part. Returns MP_OK or an error. */
static enum multipart_err
part_data(struct multipart *mp, const char *p, size_t n)
{
	if (n == 0)
		return MP_OK;
	if (!mp->is_file) {
		if (mp->value.len + n > mp->lim.form.max_val)
			return MP_EFIELD;
		buf_append(&mp->value, p, n);
		return MP_OK;
	}
	mp->up->size += n;
	if (mp->up->state != UPLOAD_OK)
		return MP_OK;	/* already given up: count, keep nothing */
	if (mp->up->size > mp->lim.max_file) {
		upload_drop(mp, UPLOAD_TOO_BIG);
		return MP_OK;
	}
	while (n > 0) {
		ssize_t w = write(mp->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			upload_drop(mp, UPLOAD_WRITE_FAILED);
			return MP_OK;
		}
		p += w;
		n -= (size_t)w;
	}
	return MP_OK;
}

/* Ends the current part. Returns MP_OK or an error. */
static enum multipart_err
part_end(struct multipart *mp)
{
	enum multipart_err e = MP_OK;

	if (mp->is_file) {
		if (mp->fd >= 0 && close(mp->fd) != 0 && mp->up->state == UPLOAD_OK) {
			mp->fd = -1;
			upload_drop(mp, UPLOAD_WRITE_FAILED);
		}
		mp->fd = -1;
		/* No file chosen: browsers send an empty part with no name. */
		if (mp->up->size == 0 && mp->up->filename[0] == '\0') {
			upload_drop(mp, UPLOAD_OK);
			free(mp->up->field);
			free(mp->up->filename);
			mp->files->n--;
		}
		mp->up = NULL;
	} else {
		const char *v = mp->value.data ? mp->value.data : "";
		size_t len = mp->value.len;
		if (mp->fields->n >= mp->lim.form.max_fields)
			e = MP_ETOOMANY;
		else if (memchr(v, '\0', len) || !utf8_valid(v, len))
			e = MP_EFIELD;
		else {
			kvlist_push(mp->fields, mp->name, xstrndup(v, len));
			mp->name = NULL;
		}
	}
	free(mp->name);
	mp->name = NULL;
	return e;
}

/* Runs the state machine over the window as far as it can. */
static enum multipart_err
run(struct multipart *mp)
{
	for (;;) {
		char *w = mp->win.data;
		size_t n = mp->win.len;
		char *hit;
		enum multipart_err e;

		switch (mp->state) {
		case ST_PREAMBLE:
		case ST_BODY:
			hit = n ? memmem(w, n, mp->delim, mp->dlen) : NULL;
			if (hit == NULL) {
				/* Hand on all but what could start a delimiter. */
				size_t keep = mp->dlen - 1, give = n > keep ? n - keep : 0;
				if (mp->state == ST_BODY && (e = part_data(mp, w, give)) != MP_OK)
					return e;
				win_consume(mp, give);
				return MP_OK;
			}
			if (mp->state == ST_BODY) {
				if ((e = part_data(mp, w, (size_t)(hit - w))) != MP_OK ||
				    (e = part_end(mp)) != MP_OK)
					return e;
			}
			win_consume(mp, (size_t)(hit - w) + mp->dlen);
			mp->state = ST_AFTER_DELIM;
			break;
		case ST_AFTER_DELIM:
			if (n < 2)
				return MP_OK;
			if (w[0] == '-' && w[1] == '-') {
				mp->state = ST_DONE;
				break;
			}
			if (w[0] != '\r' || w[1] != '\n')
				return MP_ESYNTAX;
			win_consume(mp, 2);
			mp->state = ST_HEADERS;
			break;
		case ST_HEADERS:
			if (n >= 2 && w[0] == '\r' && w[1] == '\n')
				return MP_ESYNTAX;	/* a part without headers */
			hit = n ? memmem(w, n, "\r\n\r\n", 4) : NULL;
			if (hit == NULL) {
				/* Up to 3 more bytes may be the start of the
				 * empty line that ends headers of max_header. */
				if (n > mp->lim.max_header + 3)
					return MP_EHEADER;
				return MP_OK;
			}
			if ((size_t)(hit - w) > mp->lim.max_header)
				return MP_EHEADER;
			if ((e = part_begin(mp, w, (size_t)(hit - w))) != MP_OK)
				return e;
			/* The window then starts with the content; an empty
			 * part's delimiter ("\r\n--b...") is found at once. */
			win_consume(mp, (size_t)(hit - w) + 4);
			mp->state = ST_BODY;
			break;
		case ST_DONE:
			mp->win.len = 0;
			return MP_OK;
		}
	}
}

enum multipart_err
multipart_feed(struct multipart *mp, const char *p, size_t n)
{
	if (mp->err != MP_OK)
		return mp->err;
	if (mp->state == ST_DONE)
		return MP_OK;
	buf_append(&mp->win, p, n);
	mp->err = run(mp);
	return mp->err;
}

enum multipart_err
multipart_finish(struct multipart *mp)
{
	if (mp->err == MP_OK && mp->state != ST_DONE)
		mp->err = MP_ETRUNC;
	return mp->err;
}

void
multipart_free(struct multipart *mp)
{
	if (mp == NULL)
		return;
	if (mp->fd >= 0) {
		close(mp->fd);
		if (mp->up && mp->up->path[0]) {
			unlink(mp->up->path);
			mp->up->path[0] = '\0';
		}
	}
	free(mp->name);
	buf_free(&mp->win);
	buf_free(&mp->value);
	free(mp);
}

const struct upload *
uploads_get(const struct uploads *u, const char *field)
{
	for (size_t i = 0; u && i < u->n; i++)
		if (strcmp(u->v[i].field, field) == 0)
			return &u->v[i];
	return NULL;
}

void
uploads_free(struct uploads *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->n; i++) {
		if (u->v[i].path[0])
			unlink(u->v[i].path);
		free(u->v[i].field);
		free(u->v[i].filename);
	}
	free(u->v);
	u->v = NULL;
	u->n = u->cap = 0;
}
