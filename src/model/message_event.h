/*
 * message_event.h: the messages of one order event, for the sender's job
 * runner (message_jobs.c), and the one column reader both files use.
 */
#ifndef SIDAN_MODEL_MESSAGE_EVENT_H
#define SIDAN_MODEL_MESSAGE_EVENT_H

#include <stdint.h>
#include <stdio.h>

#include "model/db.h"
#include "model/message.h"

/* Writes the messages of order event event_id (moves only; one that can
 * tell nobody, or is already followed by a later dispatch, writes none),
 * inside the caller's transaction. Returns DB_OK or an error. */
enum db_err	message_event_expand(struct db *db, const struct message_opts *o,
		    int64_t event_id, int64_t now);

/* Copies column i of st into out. */
static inline void
col(sqlite3_stmt *st, int i, char *out, size_t len)
{
	snprintf(out, len, "%s", db_text(st, i));
}

#endif
