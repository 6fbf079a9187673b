/*
 * util.h: small helpers shared by every layer: a growable byte buffer,
 * checked allocation, and time stamps. Nothing here knows about HTTP or SQL.
 */
#ifndef SIDAN_UTIL_H
#define SIDAN_UTIL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A growable byte buffer; always NUL-terminated after the len bytes. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *b);
void	 buf_free(struct buf *b);
void	 buf_reset(struct buf *b);
void	 buf_append(struct buf *b, const void *p, size_t n);
void	 buf_puts(struct buf *b, const char *s);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

/* Milliseconds on the monotonic clock. */
int64_t	 now_ms_mono(void);
/* Seconds since the epoch: the one clock every part of sidan reads (shifted
 * by SIDAN_CLOCK_OFFSET in tests). */
int64_t	 now_unix(void);
/* Formats a unix time as local Beijing time "YYYY-MM-DD HH:MM:SS" into out[20]. */
void	 time_format_cst(int64_t t, char out[20]);
/* Returns the unix time of a Beijing date and time, or -1 if there is no
 * such date (30 February) or a field is out of range. */
int64_t	 time_from_cst(int year, int month, int day, int hour, int minute);
/* Parses "YYYY-MM-DDTHH:MM" (a datetime-local field) as Beijing time, years
 * 2000..2100. Returns the unix time, or -1 if s is NULL or no such time. */
int64_t	 time_parse_local(const char *s);
/* Writes 2*n lowercase hex digits of p into out, plus a NUL. */
/* Syncs the directory path (after a rename or link in it). Returns 0 or -1. */
int	 dir_sync(const char *path);
void	 hex_encode(const unsigned char *p, size_t n, char *out);

#ifdef __cplusplus
}
#endif

#endif
