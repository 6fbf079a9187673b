/*
 * csv.h: a reader for RFC 4180 CSV text held in memory: quoted fields with
 * "" escapes, CRLF, LF or lone CR line ends (seeding, site import); and the
 * one writer of a field, safe to open in a spreadsheet (the exports).
 */
#ifndef SIDAN_CSV_H
#define SIDAN_CSV_H

#include <stddef.h>

struct csv {
	const char	*p, *end;
	size_t		 line;		/* the line the last record started on */
	size_t		 next_line;
};

#define CSV_MAX_FIELDS 32

/* One record: up to CSV_MAX_FIELDS NUL-terminated fields. */
struct csv_record {
	char	*field[CSV_MAX_FIELDS];
	size_t	 n;
};

void	csv_open(struct csv *c, const char *text, size_t len);
/* Reads the next record into rec (free with csv_record_free). Returns 1 for
 * a record, 0 at the end, -1 for a malformed record (unterminated quote,
 * text after a closing quote, too many fields); c->line says where. */
int	csv_next(struct csv *c, struct csv_record *rec);
void	csv_record_free(struct csv_record *rec);

struct buf;
/* Appends field s to b, quoted when it must be, then "," or (last) CRLF. A
 * field a spreadsheet would read as a formula (= + - @, a tab or CR first)
 * is quoted and starts with ', so it stays text. */
void	csv_put(struct buf *b, const char *s, int last);

#endif
