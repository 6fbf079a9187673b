/*
 * deliver.h: how the housekeeping process hands one SMS to the gateway
 * configured (one of them, in this order):
 *   SIDAN_WEBHOOK_URL   a signed JSON POST through libcurl (lib/webhook.h)
 *   --notify-cmd CMD    CMD through /bin/sh: the text and link on standard
 *                       input, the phone in SIDAN_TO, the message's
 *                       idempotency key in SIDAN_MESSAGE_ID; exit 0 is sent
 *   SIDAN_MESSAGES_FILE one JSON object per line appended to the file (what
 *                       `make run` uses: tail -f var/messages.log)
 * Every channel carries the same JSON fields: id, idempotency_key, event,
 * to, text, link (the whole address), at.
 */
#ifndef SIDAN_DELIVER_H
#define SIDAN_DELIVER_H

#include <stddef.h>

#include "http/config.h"
#include "model/message.h"

/* The channel, opened once per process. */
struct deliver;

/* Opens the configured channel (reads the webhook's key file, checks that a
 * messages file can be written). Returns it,
 * or NULL after printing why to standard error. */
struct deliver	*deliver_open(const struct config *cfg);
void		 deliver_close(struct deliver *d);
/* Hands m over. Returns 1 when delivered, else 0 with why set. */
int		 deliver_one(struct deliver *d, const struct message_out *m, int64_t now,
		    char *why, size_t whylen);
/* The idempotency key of message id: the same on every attempt. */
void		 deliver_key(int64_t id, int64_t created_at, char *out, size_t len);

#endif
