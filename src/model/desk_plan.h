/*
 * desk_plan.h: what the desk's queries (desk.c) and their planner
 * (desk_plan.c) share; private to the two. The planner chooses how a
 * search by words is run (a way of matching text, the MATCH string,
 * whether counts stop at DESK_COUNT_BOUND); desk.c builds and runs the
 * statements for that plan.
 */
#ifndef SIDAN_MODEL_DESK_PLAN_H
#define SIDAN_MODEL_DESK_PLAN_H

#include <stdint.h>

#include <sqlite3.h>

#include "model/db.h"
#include "model/desk.h"
#include "model/scope.h"
#include "model/text_index.h"

/*
 * How the search text is matched: a code or a phone exactly; words in one
 * of three ways, chosen by plan_of, each finding what instr() finds:
 * TX_SCAN reads the view newest first and looks into each request (quick
 * when the words are common: the first 50 come soon); TX_INDEX reads only
 * the requests the full-text index gives for the need and name (those it
 * does not hold yet by instr()) and those of a service or place whose name
 * holds the words; TX_NAMES, for words seldom in needs but in a common
 * service or place name, reads the view and checks each request against
 * the index's short answer instead of reading its need. TX_RECENT, for a
 * common word that the view's newest requests seldom hold (a word common
 * long ago, rare since), reads the index's matches newest id first and
 * stops at the page (see recent_fits): unlike TX_SCAN, it does not read
 * the newest requests that lack the word; the index gives only the view's
 * place's matches, so it reads none of another place's. TX_RECENT_NAMED is TX_RECENT
 * for words some places' or services' names hold: it adds each such
 * place's and service's newest requests to the list, and their requests to
 * the counts.
 */
enum text_way {
	TX_CODE = 0,
	TX_PHONE,
	TX_SCAN,
	TX_INDEX,
	TX_NAMES,
	TX_RECENT,
	TX_RECENT_NAMED,
	TX__MAX
};

/* The statements: the list, the counts, the counts of at most :bound, and
 * how many of the view's newest PROBE_ROWS requests hold the words. */
enum query {
	Q_LIST = 0,
	Q_COUNT,
	Q_COUNT_BOUNDED,
	Q_PROBE,
	Q__MAX
};
#define PROBE_ROWS	200

/* How a filter is run: the way text is matched, its MATCH string (which
 * asks for the view's place: text_index_match), and whether its counts
 * stop at DESK_COUNT_BOUND. */
struct plan {
	enum text_way	way;
	int		bounded;
	char		match[TEXT_MATCH_MAX];
};

/* Merges two place conditions (0: none) into *out. Returns 0, or -1 when
 * both are set and differ (nothing can match). */
int		desk_same_place(int64_t a, int64_t b, int64_t *out);
/* Sets *pl to the plan for f in sc: one kept from the last minute for the
 * same search in the same places (and, for TX_RECENT, still allowed), else
 * a new one, kept. Returns DB_OK or an error. */
enum db_err	desk_plan_of(struct db *db, const struct scope *sc,
		    const struct desk_filter *f, struct plan *pl);
/* Returns 1 if the plan kept for f in sc found, less than a minute ago,
 * more matches than DESK_COUNT_BOUND, with the same platform filter and no
 * date or 已超时 filter, and nothing has been edited since that could have
 * taken a match away (schema 25's change_counts 'text_edits', 'places'):
 * they are more than the bound still, and need no counting. 0 if not, -1
 * on an error. */
int		desk_plan_over_known(struct db *db, const struct scope *sc,
		    const struct desk_filter *f);
/* Notes with the plan kept for f in sc that its bounded counts passed the
 * bound, as things stand now (inside the read transaction that counted). */
void		desk_plan_note_over(struct db *db, const struct scope *sc,
		    const struct desk_filter *f);
/* Prepares the statement q for sc, f and pl, and binds everything
 * (desk.c). Returns the statement, or NULL on an error. */
sqlite3_stmt	*desk_prepare(struct db *db, const struct scope *sc,
		    const struct desk_filter *f, const struct plan *pl, enum query q);

#endif
