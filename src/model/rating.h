/*
 * rating.h: 群众评单. A resident rates a completed request once, within the
 * rating window; a rating of 不满意 or worse opens a follow-up on the
 * center's desk, where staff record what they did and may reopen the
 * request (back to dispatch). Unrated requests close as 未评价 when the
 * window ends; nothing is rated on the resident's behalf.
 */
#ifndef SIDAN_MODEL_RATING_H
#define SIDAN_MODEL_RATING_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"
#include "model/err.h"

#define RATING_POOR 2	/* this level or lower opens a follow-up */

/* The level's label (非常满意 … 非常不满意), or "" if out of range. */
const char	*rating_label(int level);
/* The tags a resident may choose, NULL-terminated. */
extern const char *const rating_tags[];

struct rating {
	int	level;
	char	comment[1024];
	int	show_comment;
	char	tags[128];
	int64_t	rated_at;
};


/* Rates order_id. window is the days after completion it may be rated;
 * via is "link" or "code". */
enum model_err	rating_submit(struct db *db, int64_t order_id, int level, const char *comment,
		    int show_comment, const char *tags, const char *via, int window_days);
/* Reads the rating of order_id; DB_OK with *found 1 or 0. */
enum db_err	rating_get(struct db *db, int64_t order_id, struct rating *out, int *found);
/* Returns 1 if order_id can be rated now (completed, unrated, in the window). */
int		rating_open(struct db *db, int64_t order_id, int window_days);
/* Returns 1 if phone of order_id ends with last4. */
int		rating_phone_matches(struct db *db, int64_t order_id, const char *last4);
/* Closes as 未评价 every completed request whose window has ended. Returns
 * how many, or -1. */
int		rating_close_expired(struct db *db, int window_days);

/* A follow-up item. */
struct followup {
	int64_t		 id;
	const char	*code;
	const char	*service;
	const char	*place;
	int		 level;
	const char	*comment;
	const char	*status;
	const char	*note;
	int64_t		 opened_at;
};

/* Returns how many follow-ups are open (0 on error). */
int		followup_open_count(struct db *db);
/* Calls fn for open follow-ups first, then the last closed ones. */
enum db_err	followup_each(struct db *db, void (*fn)(void *arg, const struct followup *),
		    void *arg);
/* Closes follow-up id with what was done, as user_id; reopen also sends the
 * request back to dispatch with the note as the public reason. Returns
 * DB_OK, or DB_ERROR with *gone set when it was no longer open. */
enum db_err	followup_close(struct db *db, int64_t id, int64_t user_id, const char *note,
		    int reopen, int *gone);

#endif
