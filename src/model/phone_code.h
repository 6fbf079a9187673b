/*
 * phone_code.h: 验证码, a 6-digit code sent by SMS to a mobile: a resident
 * confirms the phone of a web request with it (purpose "order"), a
 * volunteer signs in with it (purpose "login"). A code is stored only as a
 * hash keyed with the server key, lives PHONE_CODE_TTL seconds, may be
 * tried PHONE_CODE_TRIES times and is used once. Codes are limited per
 * phone and per client address per Beijing day.
 */
#ifndef SIDAN_MODEL_PHONE_CODE_H
#define SIDAN_MODEL_PHONE_CODE_H

#include <stdint.h>

#include "model/db.h"
#include "model/message.h"

#define PHONE_CODE_TTL		600	/* seconds a code lives */
#define PHONE_CODE_TRIES	5	/* tries of one code before it is dead */
#define PHONE_CODE_DIGITS	6
#define PHONE_CODE_KEYLEN	32	/* the key: the server secret */

/* What sending or checking a code came to. */
enum phone_code_outcome {
	PHONE_CODE_OK = 0,	/* sent; or the code was right (now used) */
	PHONE_CODE_WRONG,	/* not the code: tries are left */
	PHONE_CODE_EXPIRED,	/* no live code: none sent, expired, or used already */
	PHONE_CODE_USED_UP,	/* too many wrong tries: the code is dead */
	PHONE_CODE_LIMIT_PHONE,	/* the phone had its codes for today */
	PHONE_CODE_LIMIT_CLIENT,	/* the client address had its codes for today */
	PHONE_CODE__MAX
};

/* A code to send. */
struct phone_code_send {
	const char		*phone;		/* a mobile as phone_read() stores it */
	const char		*purpose;	/* "order" or "login" */
	const char		*client;	/* the address that asks, or NULL/"": none */
	const unsigned char	*key;		/* PHONE_CODE_KEYLEN bytes */
	int			 per_phone;	/* codes per phone per day; 0: no limit */
	int			 per_client;	/* codes per client per day; 0: no limit */
	int			 deliver;	/* 0: count and store it, but write no SMS
						 * (a phone that must not learn it is unknown
						 * is answered alike) */
};

/*
 * In one write transaction: checks the day's limits (codes made for the
 * phone, and from the client, since the Beijing day began), makes a fresh
 * code, stores its keyed hash (expiring at now + PHONE_CODE_TTL) and, when
 * s->deliver, writes the SMS (kind code_order or code_login, urgent) with
 * message_add. Sets *out to PHONE_CODE_OK or a limit. Returns DB_OK or an
 * error (nothing is then stored).
 */
enum db_err	phone_code_send(struct db *db, const struct phone_code_send *s,
		    const struct message_opts *opts, int64_t now,
		    enum phone_code_outcome *out);

/*
 * Checks typed against the newest live code (unused, unexpired) of phone
 * for purpose: counts a try, compares the keyed hashes in constant time,
 * and on a match marks the code used. Sets *out: OK, WRONG, USED_UP (this
 * try or an earlier one was the last allowed), EXPIRED. Call inside the
 * caller's write transaction, which must be committed whatever *out says
 * (so that tries count). Returns DB_OK or an error.
 */
enum db_err	phone_code_check_tx(struct db *db, const char *phone, const char *purpose,
		    const char *typed, const unsigned char *key, int64_t now,
		    enum phone_code_outcome *out);

/* phone_code_check_tx in a write transaction of its own. */
enum db_err	phone_code_check(struct db *db, const char *phone, const char *purpose,
		    const char *typed, const unsigned char *key, int64_t now,
		    enum phone_code_outcome *out);

/* Reads what someone typed as a code (digits, half- or full-width, with
 * spaces) into out: the 6 digits and a NUL. Returns 0, or -1 if it is not
 * a 6-digit code. */
int		phone_code_read(const char *typed, char out[PHONE_CODE_DIGITS + 1]);

#endif
