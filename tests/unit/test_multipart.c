/*
 * test_multipart.c: the multipart/form-data parser (http/multipart.c) fed
 * ordinary and hostile bodies. Every body is parsed twice, whole and one
 * byte at a time, and both must give the same result: the same error, the
 * same fields, the same files with the same bytes. Temporary files go to a
 * directory of the test's own, which must be empty again after each case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "http/multipart.h"
#include "lib/util.h"

#define BND	"XyZzy-0123"
#define CT	"multipart/form-data; boundary=" BND
/* A string literal and its length (it may hold NUL bytes). */
#define LIT(s)	(s), (sizeof(s) - 1)

/* A text part, and a file part with its content, as a browser sends them. */
#define FIELD(name, val) \
	"--" BND "\r\nContent-Disposition: form-data; name=\"" name "\"\r\n\r\n" val "\r\n"
#define FILEPART(name, fn, data) \
	"--" BND "\r\nContent-Disposition: form-data; name=\"" name "\"; filename=\"" fn "\"\r\n" \
	"Content-Type: image/jpeg\r\n\r\n" data "\r\n"
#define END	"--" BND "--\r\n"

static char tmpdir[64];

/* What one parse produced. */
struct res {
	enum multipart_err	err;
	struct kvlist		f;
	struct uploads		u;
};

/*
 * Parses the n bytes of body, of Content-Type ct, with lim (NULL: the
 * defaults), fed chunk bytes at a time (0: all at once), then finishes.
 * Fills *r. Returns the error (MP_ECTYPE when the parser refused ct).
 */
static enum multipart_err
parse_in(const char *ct, const char *body, size_t n,
    const struct multipart_limits *lim, size_t chunk, struct res *r)
{
	enum multipart_err e;
	struct multipart *mp;

	memset(r, 0, sizeof(*r));
	if ((mp = multipart_new(ct, tmpdir, &r->f, &r->u, lim, &e)) == NULL)
		return r->err = e;
	assert_int_equal(e, MP_OK);
	if (chunk == 0)
		chunk = n ? n : 1;
	for (size_t off = 0; off < n && e == MP_OK; off += chunk)
		e = multipart_feed(mp, body + off, n - off < chunk ? n - off : chunk);
	if (e == MP_OK)
		e = multipart_finish(mp);
	multipart_free(mp);
	return r->err = e;
}

/* Reads the file at path into buf (size cap). Returns the bytes read. */
static size_t
file_read(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, buf, cap);
	close(fd);
	assert_true(n >= 0);
	return (size_t)n;
}

/* Returns how many entries (other than . and ..) are in the temporary
 * directory. */
static int
tmp_count(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Asserts that two parses gave the same fields and files, byte for byte. */
static void
assert_same(const struct res *a, const struct res *b)
{
	static char x[1 << 16], y[1 << 16];

	assert_int_equal(a->err, b->err);
	assert_int_equal(a->f.n, b->f.n);
	for (size_t i = 0; i < a->f.n; i++) {
		assert_string_equal(a->f.v[i].key, b->f.v[i].key);
		assert_string_equal(a->f.v[i].val, b->f.v[i].val);
	}
	assert_int_equal(a->u.n, b->u.n);
	for (size_t i = 0; i < a->u.n; i++) {
		const struct upload *p = &a->u.v[i], *q = &b->u.v[i];
		assert_string_equal(p->field, q->field);
		assert_string_equal(p->filename, q->filename);
		assert_int_equal(p->size, q->size);
		assert_int_equal(p->state, q->state);
		assert_int_equal(p->path[0] != '\0', q->path[0] != '\0');
		if (p->path[0] && p->size <= sizeof(x)) {
			size_t n = file_read(p->path, x, sizeof(x));
			assert_int_equal(n, p->size);
			assert_int_equal(file_read(q->path, y, sizeof(y)), n);
			assert_memory_equal(x, y, n);
		}
	}
}

/* Frees a parse's results. */
static void
res_free(struct res *r)
{
	kvlist_free(&r->f);
	uploads_free(&r->u);
}

/*
 * Parses body whole into *r, and again one byte at a time, and asserts the
 * two agree. The byte-wise copy is freed. Returns r's error.
 */
static enum multipart_err
parse(const char *ct, const char *body, size_t n, const struct multipart_limits *lim,
    struct res *r)
{
	struct res bytes;

	parse_in(ct, body, n, lim, 0, r);
	parse_in(ct, body, n, lim, 1, &bytes);
	assert_same(r, &bytes);
	res_free(&bytes);
	return r->err;
}

/* Parses body with the defaults, frees everything and returns the error;
 * asserts no temporary file is left. */
static enum multipart_err
parse_err(const char *ct, const char *body, size_t n, const struct multipart_limits *lim)
{
	struct res r;
	enum multipart_err e = parse(ct, body, n, lim, &r);

	res_free(&r);
	assert_int_equal(tmp_count(), 0);
	return e;
}

/* Asserts upload u holds exactly the n bytes of want. */
static void
assert_file(const struct upload *u, const char *want, size_t n)
{
	static char got[1 << 16];

	assert_non_null(u);
	assert_int_equal(u->state, UPLOAD_OK);
	assert_int_equal(u->size, n);
	assert_true(u->path[0] != '\0');
	assert_int_equal(file_read(u->path, got, sizeof(got)), n);
	assert_memory_equal(got, want, n);
}

/* Returns limits as the defaults with small counts, for the limit cases. */
static struct multipart_limits
small_limits(void)
{
	struct multipart_limits l = *multipart_limits_default();

	l.max_parts = 4;
	l.max_files = 2;
	l.max_file = 16;
	l.max_header = 128;
	l.form.max_fields = 3;
	l.form.max_key = 8;
	l.form.max_val = 10;
	return l;
}

static void
test_fields_and_file(void **state)
{
	/* The file holds CR LF, NUL, "--" and a partial delimiter. */
	static const char data[] = "\xff\xd8\r\n\0--" BND "\r\n-\r\n--XyZ\xff\xd9";
	static const char body[] =
	    FIELD("service", "tutoring")
	    FIELD("need", "孩子三年级数学\r\n需要辅导")
	    FILEPART("photo", "门口.jpg", "\xff\xd8\r\n\0--" BND "\r\n-\r\n--XyZ\xff\xd9")
	    FIELD("empty", "")
	    END;
	struct res r;

	(void)state;
	assert_int_equal(parse(CT, LIT(body), NULL, &r), MP_OK);
	assert_int_equal(r.f.n, 3);
	assert_string_equal(kv_get(&r.f, "service"), "tutoring");
	assert_string_equal(kv_get(&r.f, "need"), "孩子三年级数学\r\n需要辅导");
	assert_string_equal(kv_get(&r.f, "empty"), "");
	assert_int_equal(r.u.n, 1);
	assert_string_equal(r.u.v[0].field, "photo");
	assert_string_equal(r.u.v[0].filename, "门口.jpg");
	assert_file(uploads_get(&r.u, "photo"), data, sizeof(data) - 1);
	assert_null(uploads_get(&r.u, "other"));
	assert_int_equal(tmp_count(), 1);
	res_free(&r);
	assert_int_equal(tmp_count(), 0);
}

static void
test_every_split(void **state)
{
	static const char body[] =
	    "preamble that is ignored\r\n"
	    FIELD("a", "1")
	    FILEPART("photo", "a.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
	    FILEPART("photo", "b.webp", "RIFF\0\0\0\0WEBPVP8 ")
	    FIELD("b", "文明朔城")
	    END "epilogue";
	struct res whole, split;
	size_t n = sizeof(body) - 1;

	(void)state;
	assert_int_equal(parse(CT, body, n, NULL, &whole), MP_OK);
	assert_int_equal(whole.u.n, 2);
	assert_int_equal(whole.f.n, 2);
	/* The body cut in two at every point gives the same result. */
	for (size_t k = 0; k <= n; k++) {
		struct multipart *mp;
		enum multipart_err e;

		memset(&split, 0, sizeof(split));
		mp = multipart_new(CT, tmpdir, &split.f, &split.u, NULL, &e);
		assert_non_null(mp);
		assert_int_equal(multipart_feed(mp, body, k), MP_OK);
		assert_int_equal(multipart_feed(mp, body + k, n - k), MP_OK);
		split.err = multipart_finish(mp);
		multipart_free(mp);
		assert_same(&whole, &split);
		res_free(&split);
	}
	/* Odd chunk sizes too. */
	for (size_t c = 2; c < 40; c += 3) {
		parse_in(CT, body, n, NULL, c, &split);
		assert_same(&whole, &split);
		res_free(&split);
	}
	res_free(&whole);
	assert_int_equal(tmp_count(), 0);
}

static void
test_boundary_forms(void **state)
{
	static const char *const ok[] = {
		"multipart/form-data; boundary=" BND,
		"multipart/form-data; boundary=\"" BND "\"",
		"Multipart/Form-Data; BOUNDARY=" BND,
		"multipart/form-data;boundary=" BND,
		"multipart/form-data; charset=utf-8; boundary=" BND,
		"multipart/form-data; x=\"a;boundary=wrong\"; boundary=" BND,
		"multipart/form-data; boundary=" BND "; charset=utf-8",
	};
	static const char body[] = FIELD("a", "1") END;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct res r;
		assert_int_equal(parse(ok[i], LIT(body), NULL, &r), MP_OK);
		assert_string_equal(kv_get(&r.f, "a"), "1");
		res_free(&r);
	}
	/* A quoted boundary may hold what an unquoted one may not. */
	{
		static const char q[] =
		    "--a b:c\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--a b:c--";
		struct res r;
		assert_int_equal(parse("multipart/form-data; boundary=\"a b:c\"", LIT(q), NULL, &r),
		    MP_OK);
		assert_string_equal(kv_get(&r.f, "x"), "v");
		res_free(&r);
	}
	/* The longest boundary RFC 2046 allows: 70 characters. */
	{
		char ct[200], body70[400];
		struct res r;
		int n;

		snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%070d", 7);
		n = snprintf(body70, sizeof(body70), "--%070d\r\nContent-Disposition: form-data; "
		    "name=\"a\"\r\n\r\n1\r\n--%070d--", 7, 7);
		assert_int_equal(parse(ct, body70, (size_t)n, NULL, &r), MP_OK);
		assert_string_equal(kv_get(&r.f, "a"), "1");
		res_free(&r);
	}
	assert_int_equal(tmp_count(), 0);
}

static void
test_bad_content_type(void **state)
{
	static const char *const bad[] = {
		"multipart/form-data",
		"multipart/form-data;",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"" BND,		/* unterminated quote */
		"multipart/form-data; boundary="
		    "12345678901234567890123456789012345678901234567890123456789012345678901",
		"multipart/form-data; boundary=\""
		    "12345678901234567890123456789012345678901234567890123456789012345678901\"",
		"multipart/mixed; boundary=" BND,
		"multipart/form-dataX; boundary=" BND,
		"application/x-www-form-urlencoded",
		"text/plain; boundary=" BND,
		"",
		"multipart/form-data; xboundary=" BND,
		"multipart/form-data; boundary" BND,
	};
	struct kvlist f = { 0 };
	struct uploads u = { 0 };
	enum multipart_err e = MP_OK;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e = MP_OK;
		assert_null(multipart_new(bad[i], tmpdir, &f, &u, NULL, &e));
		assert_int_equal(e, MP_ECTYPE);
	}
	e = MP_OK;
	assert_null(multipart_new(NULL, tmpdir, &f, &u, NULL, &e));
	assert_int_equal(e, MP_ECTYPE);
	assert_int_equal(f.n + u.n, 0);
}

static void
test_file_too_big(void **state)
{
	struct multipart_limits lim = small_limits();
	static const char body[] =
	    FIELD("a", "1")
	    FILEPART("photo", "big.jpg", "0123456789abcdefg")	/* 17 bytes, max 16 */
	    FILEPART("photo", "ok.jpg", "0123456789abcdef")	/* 16 bytes */
	    FIELD("b", "2")
	    END;
	struct res r;

	(void)state;
	assert_int_equal(parse(CT, LIT(body), &lim, &r), MP_OK);
	assert_string_equal(kv_get(&r.f, "a"), "1");
	assert_string_equal(kv_get(&r.f, "b"), "2");
	assert_int_equal(r.u.n, 2);
	assert_int_equal(r.u.v[0].state, UPLOAD_TOO_BIG);
	assert_string_equal(r.u.v[0].path, "");
	assert_string_equal(r.u.v[0].filename, "big.jpg");
	assert_int_equal(r.u.v[0].size, 17);
	assert_file(&r.u.v[1], "0123456789abcdef", 16);
	/* Only the file that fit is on disk. */
	assert_int_equal(tmp_count(), 1);
	res_free(&r);
	assert_int_equal(tmp_count(), 0);
}

static void
test_no_file_chosen(void **state)
{
	/* A file input left empty: no filename, no content. */
	static const char body[] =
	    FIELD("a", "1")
	    FILEPART("photo", "", "")
	    FILEPART("photo", "empty.jpg", "")
	    FILEPART("photo", "", "x")
	    END;
	struct res r;

	(void)state;
	assert_int_equal(parse(CT, LIT(body), NULL, &r), MP_OK);
	assert_int_equal(r.f.n, 1);
	/* The empty part without a name is skipped; an empty named file and a
	 * nameless file with content are kept for the page to judge. */
	assert_int_equal(r.u.n, 2);
	assert_string_equal(r.u.v[0].filename, "empty.jpg");
	assert_int_equal(r.u.v[0].size, 0);
	assert_int_equal(r.u.v[0].state, UPLOAD_OK);
	assert_string_equal(r.u.v[1].filename, "");
	assert_file(&r.u.v[1], "x", 1);
	res_free(&r);
	assert_int_equal(tmp_count(), 0);
}

static void
test_filenames(void **state)
{
	char body[1200];
	int n;
	struct res r;

	(void)state;
	/* A ';' and name=... inside a quoted filename are the filename's. */
	{
		static const char b[] =
		    "--" BND "\r\ncontent-disposition: form-data; filename=\"a; name=evil\"; "
		    "name=\"real\"\r\n\r\nxy\r\n" END;
		assert_int_equal(parse(CT, LIT(b), NULL, &r), MP_OK);
		assert_int_equal(r.u.n, 1);
		assert_string_equal(r.u.v[0].field, "real");
		assert_string_equal(r.u.v[0].filename, "a; name=evil");
		assert_file(&r.u.v[0], "xy", 2);
		res_free(&r);
	}
	/* A filename that is not UTF-8, or too long to keep: the file is
	 * kept, its name is not. */
	{
		static const char b[] = FILEPART("p", "\xc0\xaf.jpg", "z") END;
		assert_int_equal(parse(CT, LIT(b), NULL, &r), MP_OK);
		assert_int_equal(r.u.n, 1);
		assert_string_equal(r.u.v[0].filename, "");
		assert_file(&r.u.v[0], "z", 1);
		res_free(&r);
	}
	n = snprintf(body, sizeof(body), "--" BND "\r\nContent-Disposition: form-data; "
	    "name=\"p\"; filename=\"%0300d.jpg\"\r\n\r\nz\r\n" END, 0);
	assert_int_equal(parse(CT, body, (size_t)n, NULL, &r), MP_OK);
	assert_int_equal(r.u.n, 1);
	assert_string_equal(r.u.v[0].filename, "");
	assert_file(&r.u.v[0], "z", 1);
	res_free(&r);
	/* A text field whose name holds "filename=" is a text field. */
	{
		static const char b[] =
		    "--" BND "\r\nContent-Disposition: form-data; name=\"filename=x\"\r\n\r\n"
		    "v\r\n" END;
		assert_int_equal(parse(CT, LIT(b), NULL, &r), MP_OK);
		assert_int_equal(r.u.n, 0);
		assert_int_equal(r.f.n, 1);
		assert_string_equal(r.f.v[0].key, "filename=x");
		assert_string_equal(r.f.v[0].val, "v");
		res_free(&r);
	}
	assert_int_equal(tmp_count(), 0);
}

static void
test_bad_part_headers(void **state)
{
	static const struct {
		const char	*body;
		size_t		 n;
	} bad[] = {
		/* No Content-Disposition. */
		{ LIT("--" BND "\r\nContent-Type: text/plain\r\n\r\nx\r\n" END) },
		/* Not form-data. */
		{ LIT("--" BND "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n" END) },
		/* No name, an empty one. */
		{ LIT("--" BND "\r\nContent-Disposition: form-data\r\n\r\nx\r\n" END) },
		{ LIT("--" BND "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n" END) },
		{ LIT("--" BND "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n" END) },
		/* A header line without a colon. */
		{ LIT("--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\nbogus\r\n\r\nx\r\n" END) },
		/* A part with no headers at all. */
		{ LIT("--" BND "\r\n\r\nx\r\n" END) },
		/* A name that is not UTF-8, or longer than the form's max_key. */
		{ LIT("--" BND "\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\nx\r\n" END) },
		{ LIT("--" BND "\r\nContent-Disposition: form-data; name=\""
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "\"\r\n\r\nx\r\n" END) },
		/* A delimiter followed by neither CRLF nor "--". */
		{ LIT("--" BND "x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n" END) },
		{ LIT(FIELD("a", "1") "--" BND "-\r\n") },
		/* The delimiter inside content (RFC 2046: it may not be). */
		{ LIT(FIELD("a", "1\r\n--" BND "junk") END) },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_err(CT, bad[i].body, bad[i].n, NULL), MP_ESYNTAX);
	}
}

static void
test_header_too_long(void **state)
{
	struct multipart_limits lim = small_limits();
	char body[600];
	int n;

	(void)state;
	/* 128 bytes of headers pass, more do not, ended or not. */
	n = snprintf(body, sizeof(body), "--" BND "\r\nContent-Disposition: form-data; "
	    "name=\"a\"\r\nX-Pad: %0*d\r\n\r\nx\r\n" END,
	    (int)(128 - strlen("Content-Disposition: form-data; name=\"a\"\r\nX-Pad: ")), 0);
	assert_int_equal(parse_err(CT, body, (size_t)n, &lim), MP_OK);
	n = snprintf(body, sizeof(body), "--" BND "\r\nContent-Disposition: form-data; "
	    "name=\"a\"\r\nX-Pad: %0*d\r\n\r\nx\r\n" END,
	    (int)(129 - strlen("Content-Disposition: form-data; name=\"a\"\r\nX-Pad: ")), 0);
	assert_int_equal(parse_err(CT, body, (size_t)n, &lim), MP_EHEADER);
	n = snprintf(body, sizeof(body), "--" BND "\r\nContent-Disposition: form-data; "
	    "name=\"a\"\r\nX-Pad: %0400d", 0);
	assert_int_equal(parse_err(CT, body, (size_t)n, &lim), MP_EHEADER);
	/* With the defaults (2 KiB), endless headers stop at 2 KiB. */
	{
		size_t big = 5000;
		char *b = malloc(big);
		assert_non_null(b);
		n = snprintf(b, big, "--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\n");
		memset(b + n, 'h', big - (size_t)n);
		assert_int_equal(parse_err(CT, b, big, NULL), MP_EHEADER);
		free(b);
	}
}

static void
test_too_many(void **state)
{
	struct multipart_limits lim = small_limits();	/* 4 parts, 2 files, 3 fields */
	static const char parts[] =
	    FIELD("a", "1") FIELD("b", "2") FILEPART("p", "x.jpg", "x") FIELD("c", "3")
	    FIELD("d", "4") END;
	static const char files[] =
	    FILEPART("p", "1.jpg", "1") FILEPART("p", "2.jpg", "2") FILEPART("p", "3.jpg", "3") END;
	static const char fields[] =
	    FIELD("a", "1") FIELD("b", "2") FIELD("c", "3") FIELD("d", "4") END;
	static const char exact[] =
	    FIELD("a", "1") FIELD("b", "2") FILEPART("p", "1.jpg", "1") FILEPART("p", "2.jpg", "2") END;
	/* Empty "no file chosen" parts still count as parts. */
	static const char empties[] =
	    FILEPART("p", "", "") FILEPART("p", "", "") FILEPART("p", "", "")
	    FILEPART("p", "", "") FILEPART("p", "", "") END;

	(void)state;
	assert_int_equal(parse_err(CT, LIT(parts), &lim), MP_ETOOMANY);
	assert_int_equal(parse_err(CT, LIT(files), &lim), MP_ETOOMANY);
	assert_int_equal(parse_err(CT, LIT(fields), &lim), MP_ETOOMANY);
	assert_int_equal(parse_err(CT, LIT(exact), &lim), MP_OK);
	assert_int_equal(parse_err(CT, LIT(empties), &lim), MP_ETOOMANY);
}

static void
test_bad_fields(void **state)
{
	struct multipart_limits lim = small_limits();	/* values up to 10 bytes */
	static const struct {
		const char	*body;
		size_t		 n;
	} bad[] = {
		{ LIT(FIELD("a", "\xff") END) },
		{ LIT(FIELD("a", "ok\xc0\xaf") END) },			/* overlong '/' */
		{ LIT(FIELD("a", "\xed\xa0\x80") END) },		/* surrogate */
		{ LIT(FIELD("a", "\xe6\x96") END) },			/* truncated */
		{ LIT(FIELD("a", "x\0y") END) },
		{ LIT(FIELD("a", "\0") END) },
		{ LIT(FIELD("a", "12345678901") END) },		/* 11 bytes */
		{ LIT(FIELD("ok", "1") FIELD("a", "12345678901234567890") END) },
	};
	struct res r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_err(CT, bad[i].body, bad[i].n, &lim), MP_EFIELD);
	}
	/* Exactly 10 bytes, and valid UTF-8 of several bytes, are fine. */
	assert_int_equal(parse(CT, LIT(FIELD("a", "1234567890") FIELD("b", "文明朔") END), &lim, &r),
	    MP_OK);
	assert_string_equal(kv_get(&r.f, "a"), "1234567890");
	assert_string_equal(kv_get(&r.f, "b"), "文明朔");
	res_free(&r);
}

static void
test_truncated(void **state)
{
	static const struct {
		const char	*body;
		size_t		 n;
	} cut[] = {
		{ LIT("") },
		{ LIT("just a preamble, no delimiter at all") },
		{ LIT("--" BND) },
		{ LIT("--" BND "\r\n") },
		{ LIT("--" BND "\r\nContent-Disposition: form-data; name=\"a\"") },
		{ LIT("--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n12") },
		{ LIT(FIELD("a", "1")) },
		{ LIT(FIELD("a", "1") "--" BND "-") },
		{ LIT(FILEPART("p", "a.jpg", "half a picture")) },
		/* A file cut off before its delimiter: its temporary file goes. */
		{ LIT(FIELD("a", "1") "--" BND "\r\nContent-Disposition: form-data; name=\"p\"; "
		    "filename=\"a.jpg\"\r\n\r\nhalf a pict") },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		assert_int_equal(parse_err(CT, cut[i].body, cut[i].n, NULL), MP_ETRUNC);
	}
}

static void
test_epilogue_ignored(void **state)
{
	/* After the closing delimiter nothing counts, not even a part. */
	static const char body[] =
	    FIELD("a", "1") END
	    FIELD("b", "2") FILEPART("p", "x.jpg", "x") "\xff\0garbage" END;
	struct res r;
	struct multipart *mp;
	enum multipart_err e;

	(void)state;
	assert_int_equal(parse(CT, LIT(body), NULL, &r), MP_OK);
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.u.n, 0);
	res_free(&r);
	/* A closing delimiter without its CRLF ends the body too, and
	 * feeding more afterwards is still fine. */
	memset(&r, 0, sizeof(r));
	mp = multipart_new(CT, tmpdir, &r.f, &r.u, NULL, &e);
	assert_int_equal(multipart_feed(mp, LIT(FIELD("a", "1") "--" BND "--")), MP_OK);
	assert_int_equal(multipart_feed(mp, LIT("--" BND "\r\n\xff")), MP_OK);
	assert_int_equal(multipart_finish(mp), MP_OK);
	multipart_free(mp);
	assert_string_equal(kv_get(&r.f, "a"), "1");
	res_free(&r);
	assert_int_equal(tmp_count(), 0);
}

static void
test_lookalikes_in_content(void **state)
{
	/* Strings like the delimiter that are not it stay in the content:
	 * "--BND" not after CRLF, a CRLF-- with part of the boundary, a
	 * boundary of another body, and CR or LF alone before it. */
	static const char v1[] = "a--" BND "b";
	static const char v2[] = "\r\n--" "XyZzy-012" "\r\n--XyZ";
	static const char v3[] = "\n--" BND "\r--" BND "\r\n-";
	static const char v4[] = "\r\n--Xyzzy-0123";	/* another case */
	static const char body[] =
	    FIELD("v1", "a--" BND "b")
	    FIELD("v2", "\r\n--" "XyZzy-012" "\r\n--XyZ")
	    FILEPART("f3", "3.bin", "\n--" BND "\r--" BND "\r\n-")
	    FILEPART("f4", "4.bin", "\r\n--Xyzzy-0123")
	    END;
	struct res r;

	(void)state;
	assert_int_equal(parse(CT, LIT(body), NULL, &r), MP_OK);
	assert_string_equal(kv_get(&r.f, "v1"), v1);
	assert_string_equal(kv_get(&r.f, "v2"), v2);
	assert_file(uploads_get(&r.u, "f3"), v3, sizeof(v3) - 1);
	assert_file(uploads_get(&r.u, "f4"), v4, sizeof(v4) - 1);
	res_free(&r);
	assert_int_equal(tmp_count(), 0);
}

static void
test_errors_stick(void **state)
{
	struct kvlist f = { 0 };
	struct uploads u = { 0 };
	enum multipart_err e;
	struct multipart *mp = multipart_new(CT, tmpdir, &f, &u, NULL, &e);

	(void)state;
	assert_int_equal(multipart_feed(mp, LIT("--" BND "\r\n\r\n")), MP_ESYNTAX);
	/* Good bytes after an error change nothing. */
	assert_int_equal(multipart_feed(mp, LIT(FIELD("a", "1") END)), MP_ESYNTAX);
	assert_int_equal(multipart_finish(mp), MP_ESYNTAX);
	multipart_free(mp);
	assert_int_equal(f.n, 0);
	kvlist_free(&f);
	uploads_free(&u);
	/* A parser freed in the middle of a file removes the file. */
	mp = multipart_new(CT, tmpdir, &f, &u, NULL, &e);
	assert_int_equal(multipart_feed(mp, LIT(FILEPART("p", "a.jpg", "abcdef"))), MP_OK);
	assert_int_equal(multipart_feed(mp, LIT("--" BND "\r\nContent-Disposition: form-data; "
	    "name=\"q\"; filename=\"b.jpg\"\r\n\r\nhalf")), MP_OK);
	assert_int_equal(tmp_count(), 2);
	multipart_free(mp);
	assert_int_equal(tmp_count(), 1);	/* the whole first file stays, listed */
	assert_int_equal(u.n, 2);
	uploads_free(&u);
	kvlist_free(&f);
	assert_int_equal(tmp_count(), 0);
	/* NULL is accepted by the free functions. */
	multipart_free(NULL);
	uploads_free(NULL);
}

static void
test_tmpdir_missing(void **state)
{
	struct kvlist f = { 0 };
	struct uploads u = { 0 };
	enum multipart_err e;
	struct multipart *mp = multipart_new(CT, "/nonexistent/sidan-test", &f, &u, NULL, &e);

	(void)state;
	assert_non_null(mp);
	assert_int_equal(multipart_feed(mp, LIT(FIELD("a", "1") FILEPART("p", "a.jpg", "x") END)),
	    MP_ETEMP);
	assert_int_equal(multipart_finish(mp), MP_ETEMP);
	multipart_free(mp);
	kvlist_free(&f);
	uploads_free(&u);
	/* A directory name that does not fit is refused at the start. */
	{
		char longdir[300];
		memset(longdir, 'd', sizeof(longdir) - 1);
		longdir[sizeof(longdir) - 1] = '\0';
		assert_null(multipart_new(CT, longdir, &f, &u, NULL, &e));
	}
}

static void
test_large_file_streamed(void **state)
{
	/* 1 MiB of content with CRLFs and dashes, fed in 1000-byte chunks:
	 * the bytes arrive whole. */
	size_t size = 1 << 20, n;
	struct buf b;
	char *data = malloc(size), *got = malloc(size);
	struct res r;

	(void)state;
	assert_non_null(data);
	assert_non_null(got);
	for (size_t i = 0; i < size; i++)
		data[i] = "\r\n-X\0yZ"[(i * 7 + i / 13) % 7];
	buf_init(&b);
	buf_puts(&b, "--" BND "\r\nContent-Disposition: form-data; name=\"p\"; filename=\"b.jpg\"\r\n\r\n");
	buf_append(&b, data, size);
	buf_puts(&b, "\r\n" END);
	assert_int_equal(parse_in(CT, b.data, b.len, NULL, 1000, &r), MP_OK);
	assert_int_equal(r.u.n, 1);
	assert_int_equal(r.u.v[0].size, size);
	n = file_read(r.u.v[0].path, got, size);
	assert_int_equal(n, size);
	assert_memory_equal(got, data, size);
	res_free(&r);
	buf_free(&b);
	free(data);
	free(got);
	assert_int_equal(tmp_count(), 0);
}

static void
test_default_max_file(void **state)
{
	/* One byte over the default 10 MiB, fed as a browser's body arrives:
	 * kept as too big with nothing on disk, the field after it read. */
	static const char head[] =
	    "--" BND "\r\nContent-Disposition: form-data; name=\"p\"; filename=\"big.jpg\"\r\n\r\n";
	static char chunk[65536];
	size_t left = 10 * 1024 * 1024 + 1;
	struct kvlist f = { 0 };
	struct uploads u = { 0 };
	enum multipart_err e;
	struct multipart *mp = multipart_new(CT, tmpdir, &f, &u, NULL, &e);

	(void)state;
	memset(chunk, 'j', sizeof(chunk));
	assert_int_equal(multipart_feed(mp, LIT(head)), MP_OK);
	while (left > 0) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
		assert_int_equal(multipart_feed(mp, chunk, n), MP_OK);
		left -= n;
	}
	assert_int_equal(multipart_feed(mp, LIT("\r\n" FIELD("a", "1") END)), MP_OK);
	assert_int_equal(multipart_finish(mp), MP_OK);
	multipart_free(mp);
	assert_int_equal(tmp_count(), 0);
	assert_int_equal(u.n, 1);
	assert_int_equal(u.v[0].state, UPLOAD_TOO_BIG);
	assert_int_equal(u.v[0].size, 10 * 1024 * 1024 + 1);
	assert_string_equal(u.v[0].path, "");
	assert_string_equal(kv_get(&f, "a"), "1");
	uploads_free(&u);
	kvlist_free(&f);
}

static void
test_strerror(void **state)
{
	(void)state;
	for (int e = 0; e < MP_ERR__MAX; e++) {
		assert_non_null(multipart_strerror((enum multipart_err)e));
		assert_true(strlen(multipart_strerror((enum multipart_err)e)) > 0);
	}
	assert_string_equal(multipart_strerror(MP_ERR__MAX), "unknown error");
	assert_int_equal(multipart_limits_default()->max_files, 9);
	assert_int_equal(multipart_limits_default()->max_file, 10 * 1024 * 1024);
}

/* Makes the tests' temporary directory. */
static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sidan-mptest-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* Removes it (it must be empty). */
static int
teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_and_file),
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_boundary_forms),
		cmocka_unit_test(test_bad_content_type),
		cmocka_unit_test(test_file_too_big),
		cmocka_unit_test(test_no_file_chosen),
		cmocka_unit_test(test_filenames),
		cmocka_unit_test(test_bad_part_headers),
		cmocka_unit_test(test_header_too_long),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_epilogue_ignored),
		cmocka_unit_test(test_lookalikes_in_content),
		cmocka_unit_test(test_errors_stick),
		cmocka_unit_test(test_tmpdir_missing),
		cmocka_unit_test(test_large_file_streamed),
		cmocka_unit_test(test_default_max_file),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests_name("multipart", tests, setup, teardown);
}
