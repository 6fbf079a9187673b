/*
 * util.c: the growable buffer, allocation that aborts on exhaustion (a
 * worker that cannot allocate a few bytes cannot do anything useful, and
 * the master replaces it), and time helpers.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

/* Aborts the process with a message; used only when memory is exhausted. */
static void
die_nomem(void)
{
	fputs("sidan: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		die_nomem();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		die_nomem();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		die_nomem();
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Makes room for at least n more bytes plus the terminating NUL. */
static void
buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;

	if (n > SIZE_MAX - b->len - 1)
		die_nomem();
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			die_nomem();
		cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Frees the storage; accepts NULL. */
void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	buf_init(b);
}

/* Empties the buffer but keeps its storage for reuse. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t avail;
	int n;

	/* Try the room there is; grow and retry only if it did not fit. */
	buf_grow(b, 128);
	avail = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, avail, fmt, ap);
	va_end(ap);
	assert(n >= 0);
	if ((size_t)n >= avail) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

int64_t
now_ms_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The one clock of the program: the system's time, shifted by
 * SIDAN_CLOCK_OFFSET seconds when that is set (read once per process). The
 * tests set it so that the server, the command line and the tests all read
 * the same fixed calendar whatever day they run on; production leaves it
 * unset. A value that is not a whole number of seconds is ignored.
 * SIDAN_CLOCK_FILE, for tests only, names a file holding more seconds to
 * add (the test moves every process's clock forward by writing it; it is
 * read again when its modification time changes).
 */
int64_t
now_unix(void)
{
	static int64_t offset, extra;
	static const char *file;
	static struct timespec seen;
	static int read;

	if (!read) {
		const char *s = getenv("SIDAN_CLOCK_OFFSET");
		char *end;
		long long v;

		read = 1;
		if (s != NULL && *s != '\0') {
			errno = 0;
			v = strtoll(s, &end, 10);
			if (errno == 0 && *end == '\0' && v > -4000000000LL && v < 4000000000LL)
				offset = v;
		}
		s = getenv("SIDAN_CLOCK_FILE");
		file = s != NULL && *s != '\0' ? s : NULL;
	}
	if (file != NULL) {
		struct stat sb;

		if (stat(file, &sb) == 0 && (sb.st_mtim.tv_sec != seen.tv_sec ||
		    sb.st_mtim.tv_nsec != seen.tv_nsec)) {
			FILE *f = fopen(file, "r");
			long long v;

			if (f != NULL) {
				if (fscanf(f, "%lld", &v) == 1 && v >= 0 && v < 4000000000LL)
					extra = v;
				fclose(f);
			}
			seen = sb.st_mtim;
		}
	}
	return (int64_t)time(NULL) + offset + extra;
}

/* Beijing time is UTC+8 all year, so no time-zone database is needed. */
void
time_format_cst(int64_t t, char out[20])
{
	time_t tt = (time_t)(t + 8 * 3600);
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

int64_t
time_from_cst(int y, int m, int d, int h, int mi)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int64_t era, yoe, doy, doe, days;

	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap) || h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * 86400 + h * 3600 + mi * 60 - 8 * 3600;
}

void
hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int64_t
time_parse_local(const char *s)
{
	int y, mo, d, h, mi;
	char tail;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5 ||
	    y < 2000 || y > 2100)
		return -1;
	return time_from_cst(y, mo, d, h, mi);
}

int
dir_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}
