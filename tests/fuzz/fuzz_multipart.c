/*
 * fuzz_multipart.c: libFuzzer target for the multipart/form-data parser.
 * The input is one byte of flags, two bytes of a split point, then the body
 * (with flag 2, a first line that is the Content-Type). The body is parsed
 * whole, and again cut in two at the split point; whatever the bytes:
 *   - nothing crashes or leaks, and the two parses agree exactly (error,
 *     fields, files and every file's bytes);
 *   - every field kept is valid UTF-8 without NUL, within the limits;
 *   - every file kept is on disk with the size counted, one too big has
 *     nothing on disk; no more files than allowed;
 *   - once the lists are freed, the temporary directory is empty.
 * The directory is made once per process (/tmp/sidan-fuzz-mp-XXXXXX) and,
 * libFuzzer ending with _Exit, left behind empty.
 * Flag 1 picks small limits, so that the limits are reached often.
 */
#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/multipart.h"
#include "lib/utf8.h"

#define FIXED_CT	"multipart/form-data; boundary=bnd"

static char tmpdir[64];

/* What one parse produced. */
struct res {
	enum multipart_err	err;
	struct kvlist		f;
	struct uploads		u;
};

/* Parses body (n bytes) of type ct in two feeds, cut at k; fills *r. */
static void
parse(const char *ct, const char *body, size_t n, size_t k,
    const struct multipart_limits *lim, struct res *r)
{
	struct multipart *mp;
	enum multipart_err e;

	memset(r, 0, sizeof(*r));
	if ((mp = multipart_new(ct, tmpdir, &r->f, &r->u, lim, &e)) == NULL) {
		assert(e == MP_ECTYPE);
		r->err = e;
		return;
	}
	e = multipart_feed(mp, body, k);
	if (e == MP_OK)
		e = multipart_feed(mp, body + k, n - k);
	if (e == MP_OK)
		e = multipart_finish(mp);
	assert(multipart_finish(mp) == e);	/* an error sticks */
	multipart_free(mp);
	r->err = e;
}

/* Returns the size of the file at path, asserting it exists. */
static size_t
file_size(const char *path)
{
	struct stat sb;

	assert(stat(path, &sb) == 0);
	return (size_t)sb.st_size;
}

/* Asserts the files at a and b hold the same bytes. */
static void
same_bytes(const char *a, const char *b)
{
	char x[4096], y[4096];
	int fa = open(a, O_RDONLY), fb = open(b, O_RDONLY);
	ssize_t na, nb;

	assert(fa >= 0 && fb >= 0);
	do {
		na = read(fa, x, sizeof(x));
		nb = read(fb, y, sizeof(y));
		assert(na == nb && na >= 0);
		assert(memcmp(x, y, (size_t)na) == 0);
	} while (na > 0);
	close(fa);
	close(fb);
}

/* Asserts r keeps every promise of multipart.h under lim. */
static void
check_one(const struct res *r, const struct multipart_limits *lim)
{
	assert(r->f.n <= lim->form.max_fields);
	for (size_t i = 0; i < r->f.n; i++) {
		const char *k = r->f.v[i].key, *v = r->f.v[i].val;
		assert(k[0] != '\0' && strlen(k) <= lim->form.max_key);
		assert(utf8_valid(k, strlen(k)) && utf8_valid(v, strlen(v)));
		assert(strlen(v) <= lim->form.max_val);
	}
	assert(r->u.n <= lim->max_files);
	for (size_t i = 0; i < r->u.n; i++) {
		const struct upload *u = &r->u.v[i];
		assert(u->field[0] != '\0');
		assert(utf8_valid(u->filename, strlen(u->filename)));
		if (u->state == UPLOAD_OK && u->path[0])
			assert(file_size(u->path) == u->size);
		if (u->state == UPLOAD_TOO_BIG)
			assert(u->path[0] == '\0' && u->size > lim->max_file);
		if (r->err == MP_OK)
			assert(u->state != UPLOAD_OK || u->path[0]);
	}
}

/* Asserts the two parses agree. */
static void
check_same(const struct res *a, const struct res *b)
{
	assert(a->err == b->err);
	assert(a->f.n == b->f.n && a->u.n == b->u.n);
	for (size_t i = 0; i < a->f.n; i++) {
		assert(strcmp(a->f.v[i].key, b->f.v[i].key) == 0);
		assert(strcmp(a->f.v[i].val, b->f.v[i].val) == 0);
	}
	for (size_t i = 0; i < a->u.n; i++) {
		const struct upload *p = &a->u.v[i], *q = &b->u.v[i];
		assert(strcmp(p->field, q->field) == 0);
		assert(strcmp(p->filename, q->filename) == 0);
		assert(p->size == q->size && p->state == q->state);
		assert((p->path[0] == '\0') == (q->path[0] == '\0'));
		if (p->path[0])
			same_bytes(p->path, q->path);
	}
}

/* Asserts the temporary directory is empty. */
static void
check_empty(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	assert(d != NULL);
	while ((e = readdir(d)) != NULL)
		assert(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0);
	closedir(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct multipart_limits small = {
		.form = { .max_fields = 4, .max_key = 16, .max_val = 64 },
		.max_parts = 6, .max_files = 3, .max_file = 64, .max_header = 100,
	};
	const struct multipart_limits *lim;
	char ct[128];
	const char *body;
	size_t n, k;
	struct res whole, split;

	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/sidan-fuzz-mp-XXXXXX");
		if (mkdtemp(tmpdir) == NULL)
			abort();
	}
	if (size < 3)
		return 0;
	lim = (data[0] & 1) ? &small : multipart_limits_default();
	k = (size_t)data[1] | (size_t)data[2] << 8;
	body = (const char *)data + 3;
	n = size - 3;
	snprintf(ct, sizeof(ct), "%s", FIXED_CT);
	if (data[0] & 2) {
		/* The Content-Type is the first line (NUL-free, short). */
		const char *nl = memchr(body, '\n', n);
		size_t len = nl ? (size_t)(nl - body) : n;
		if (len >= sizeof(ct) || memchr(body, '\0', len))
			return 0;
		memcpy(ct, body, len);
		ct[len] = '\0';
		body += nl ? len + 1 : len;
		n -= nl ? len + 1 : len;
	}
	k = n ? k % (n + 1) : 0;
	parse(ct, body, n, n, lim, &whole);
	parse(ct, body, n, k, lim, &split);
	check_one(&whole, lim);
	check_same(&whole, &split);
	kvlist_free(&whole.f);
	kvlist_free(&split.f);
	uploads_free(&whole.u);
	uploads_free(&split.u);
	check_empty();
	return 0;
}
