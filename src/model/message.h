/*
 * message.h: messages to people (issue 15): the inbox (站内信) of volunteers
 * and staff, and the SMS of residents, volunteers and staff, all rows of
 * the messages table (schema.sql, version 16).
 *
 * How a message comes to be: the cause (an order event, a volunteer's
 * review, confirmed hours) writes a job in its own transaction through a
 * trigger; the housekeeping process turns due jobs into one message per
 * recipient (message_expand, message_jobs.c), using the texts of
 * message_text.c; then it sends the SMS that are due (message_due,
 * message_sent, message_failed ...). Time-driven messages (督办, reminders,
 * digests) are written by the sweeps of message_sweep.c through
 * message_add() and message_to_staff().
 */
#ifndef SIDAN_MODEL_MESSAGE_H
#define SIDAN_MODEL_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"

/* The longest text before the link: one SMS segment (70 characters). */
#define MESSAGE_MAX_CHARS 70

/* How the sender works; filled from the configuration. */
struct message_opts {
	int	sms_on;		/* a gateway is configured: phones get SMS */
	int	daily_cap;	/* SMS per phone per Beijing day (urgent ones aside); 0: none */
	int	quiet_from;	/* quiet hours, minutes after Beijing midnight (21:00 = 1260) */
	int	quiet_to;	/* ... until (08:00 = 480); equal: no quiet hours */
	int	batch;		/* 抢单 broadcast: volunteers reached per batch */
	int	batch_seconds;	/* ... and seconds between batches */
	int	stale_seconds;	/* a job older than this writes no message (default 2 days) */
};

/* A new message for one recipient (message_add). */
struct message_new {
	const char	*kind;		/* the row of message_text.c's table */
	int64_t		 order_id;	/* 0: none */
	int64_t		 volunteer_id;	/* to a volunteer (inbox; SMS to their phone) */
	int64_t		 user_id;	/* to a staff member (inbox only) */
	const char	*phone;		/* a resident's mobile, or NULL: the volunteer's */
	const char	*text;		/* complete, signed 【文明朔城】 */
	const char	*link;		/* a path on this site, or "" */
	int		 urgent;	/* not held by quiet hours (验证码) */
};

/* Writes one message; an SMS is pending when opts->sms_on and a mobile is
 * known (the volunteer's, for a volunteer), else inbox only. Nothing is
 * written for a stood-down volunteer or a disabled account (a declined
 * applicant is still told). Call inside the caller's transaction. Returns
 * DB_OK or an error. */
enum db_err	message_add(struct db *db, const struct message_opts *opts,
		    const struct message_new *m, int64_t now);

/* Who among the staff hears of a request at org_id. */
enum staff_reach {
	REACH_IN_SCOPE,		/* every staff member whose place covers org_id (not leaders) */
	REACH_INSTITUTE,	/* the staff of the 所 that org_id belongs to */
	REACH_CENTRE,		/* the centre's staff: admins and dispatchers */
};
/* Writes m (its user_id ignored) to each enabled staff member reach names
 * for org_id, inbox only. Returns how many, or -1. */
int		message_to_staff(struct db *db, const struct message_new *m,
		    int64_t org_id, enum staff_reach reach, int64_t now);

/* Turns due jobs into messages, at most max jobs; 抢单 broadcasts advance one
 * batch each time they are due. Returns how many jobs it handled, or -1. */
int		message_expand(struct db *db, const struct message_opts *opts, int64_t now,
		    int max);

/* One SMS due for sending. */
struct message_out {
	int64_t	id;
	char	kind[41];
	char	phone[16];
	char	text[601];
	char	link[81];
	int	attempts;
	int	urgent;
	int64_t	created_at;
	int64_t	volunteer_id;	/* 0 unless to a volunteer (their own quiet hours) */
};
/* Fills up to max pending SMS due at now into out, oldest first. Returns
 * how many, or -1. */
int		message_due(struct db *db, int64_t now, struct message_out *out, int max);
/* The SMS was delivered (a 2xx, or the command exited 0). This, dead and
 * skipped mask a 验证码's digits in the stored text: a code is kept in the
 * clear only while it waits to be sent. */
enum db_err	message_sent(struct db *db, int64_t id, int attempts, int64_t now);
/* The attempt failed with why: tried again after a growing delay (30 s,
 * 1 min, 2 min ... then hourly), or dead after the 30th attempt (about a
 * day).
 * Returns DB_OK or an error. */
enum db_err	message_failed(struct db *db, int64_t id, int attempts, const char *why,
		    int64_t now);
/* Holds the SMS until until (quiet hours). */
enum db_err	message_hold(struct db *db, int64_t id, int64_t until);
/* Gives the SMS up without sending it (a limit or a preference); the inbox
 * copy stays. */
enum db_err	message_skip(struct db *db, int64_t id, const char *why);
/* SMS sent to phone from day_start on (for the daily cap). */
int		message_sent_since(struct db *db, const char *phone, int64_t day_start);
/* The quiet hours of a volunteer (their own, or -1 -1: the site's). */
void		message_quiet_of(struct db *db, int64_t volunteer_id, int *from, int *to);
/* 0 if the recipient may still be sent to (an approved volunteer, an
 * enabled account, a resident), else 1. */
int		message_recipient_gone(struct db *db, int64_t id);

/* Whose inbox. */
enum inbox_of { INBOX_VOLUNTEER, INBOX_STAFF };
/* One message as the inbox, the desk and the admin show it. */
struct message_view {
	int64_t		 id;
	const char	*kind;
	const char	*text;
	const char	*link;
	const char	*sms;		/* none pending sent dead skipped */
	const char	*last_error;
	const char	*to_what;	/* resident volunteer staff */
	const char	*to_name;	/* the volunteer's or staff member's name, "" for a resident */
	const char	*phone;		/* as stored; pages mask it */
	const char	*order_code;	/* "" when about no request */
	int		 attempts;
	int64_t		 created_at;
	int64_t		 sent_at;	/* 0: not sent */
	int64_t		 read_at;	/* 0: unread */
};
typedef void	(*message_fn)(void *arg, const struct message_view *m);

/* Unread messages in an inbox; 0 on error. */
int		message_unread(struct db *db, enum inbox_of of, int64_t id);
/* The inbox, newest first, limit from offset; *more is set when there are
 * more. Returns DB_OK or an error. */
enum db_err	message_each_inbox(struct db *db, enum inbox_of of, int64_t id, int offset,
		    int limit, int *more, message_fn fn, void *arg);
/* Marks message msg_id of the inbox read (0: all of them) and copies its
 * link into link (may be NULL). Returns MODEL-like outcomes: DB_OK, or
 * DB_ERROR; *found is 0 when msg_id is not in this inbox. */
enum db_err	message_mark_read(struct db *db, enum inbox_of of, int64_t id, int64_t msg_id,
		    int64_t now, char *link, size_t linklen, int *found);
/* The messages about a request, oldest first (the desk). */
enum db_err	message_each_of_order(struct db *db, int64_t order_id, message_fn fn, void *arg);
/* Dead SMS, newest first (the admin's page); *more as above. */
enum db_err	message_each_dead(struct db *db, int offset, int limit, int *more,
		    message_fn fn, void *arg);
/* Counts of SMS: pending now, sent in the last day, dead now. */
void		message_counts(struct db *db, int64_t now, int *pending, int *sent, int *dead);
/* Sends a dead SMS again from now (a fresh day of attempts). *found 0 when
 * id is not a dead message. */
enum db_err	message_retry(struct db *db, int64_t id, int64_t now, int *found);

#endif
