/*
 * desk.h: the staff desk's view of requests: only those in the signed-in
 * person's scope, filtered, counted per state, and paged by keyset
 * (created_at, id) so the thousandth page costs what the first does.
 */
#ifndef SIDAN_MODEL_DESK_H
#define SIDAN_MODEL_DESK_H

#include <stdint.h>

#include "model/db.h"
#include "model/scope.h"
#include "model/user.h"

/* Where a person may see and act. */
struct scope {
	enum role	role;
	int64_t		org_id;		/* their 所 or 站 */
	int64_t		team_id;	/* a leader's team */
};

/* What the search text was read as. */
enum desk_text {
	DESK_TEXT_WORDS = 0,	/* words of the need, the resident's name, a service or place */
	DESK_TEXT_CODE,		/* a tracking code (normalized) */
	DESK_TEXT_PHONE,	/* a phone or landline number (normalized) */
	DESK_TEXT__MAX
};

/* How many requests a search's counts count at most when counting them all
 * would read too many rows: the desk then says "more than" this. */
#define DESK_COUNT_BOUND	1000

/* What the desk shows. Zero/NULL fields do not filter. */
struct desk_filter {
	const char	*state;		/* one state */
	int64_t		 platform_id;
	int64_t		 institute_id;	/* a 所: it and its stations */
	int64_t		 station_id;
	int		 overdue;	/* open and past due */
	int64_t		 from, to;	/* created_at in [from, to) */
	const char	*text;		/* code, phone, or words in the need or service */
	enum desk_text	 text_kind;	/* what text is */
	int64_t		 after_created;	/* keyset: rows before (after_created, after_id) */
	int64_t		 after_id;
	int		 limit;
	int		 with_need;	/* also read each row's need (the page; not the export) */
};

struct desk_row {
	int64_t		 id;
	const char	*code;
	const char	*state;
	const char	*service_name;
	const char	*platform_name;
	const char	*org_name;
	const char	*institute_name;
	const char	*team_name;
	int64_t		 created_at;
	int64_t		 due_at;
	int		 overdue;
	const char	*need;		/* what the resident asked for; "" unless with_need */
};

/* Calls fn for each request of the page (with its need when f->with_need:
 * read by id for the rows of the page only, so the list's index scan stays
 * as it is). Returns DB_OK or an error. */
enum db_err	desk_list(struct db *db, const struct scope *sc, const struct desk_filter *f,
		    void (*fn)(void *arg, const struct desk_row *), void *arg);
/* Calls fn(state, count) for each state with requests under the filter
 * (its state and keyset ignored). Sets *over to 1 when a search matched
 * more than DESK_COUNT_BOUND requests and was not counted to the end (the
 * counts given are then partial: not to be shown), else 0. */
enum db_err	desk_counts(struct db *db, const struct scope *sc, const struct desk_filter *f,
		    void (*fn)(void *arg, const char *state, int count), void *arg, int *over);
/* Sets *applicants and *hours to how many applications to join and
 * reported hours wait for review in sc (what /desk/volunteers and
 * /desk/hours list for that person). Exact: counted again whenever the
 * database has changed since the last count for sc. Returns DB_OK or an
 * error. */
enum db_err	desk_pending(struct db *db, const struct place_scope *sc, int *applicants,
		    int *hours);
/* Returns 1 if order_id is in the scope, 0 if not, -1 on error. */
int		desk_in_scope(struct db *db, const struct scope *sc, int64_t order_id);

#endif
