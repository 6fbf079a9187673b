/*
 * message_text.h: who hears what (the table of message kinds, from which
 * the README's table is written) and the one way a message's text is
 * made: Chinese, signed 【文明朔城】, at most MESSAGE_MAX_CHARS characters
 * before the link.
 */
#ifndef SIDAN_MODEL_MESSAGE_TEXT_H
#define SIDAN_MODEL_MESSAGE_TEXT_H

#include <stddef.h>

enum message_to { TO_RESIDENT, TO_VOLUNTEER, TO_STAFF };

/* One kind of message: its name (messages.kind), who receives it, whether
 * quiet hours hold it, when it is sent and its text, a printf format whose
 * first %s is the part shortened to fit (message_compose). */
struct message_kind {
	const char	*kind;
	enum message_to	 to;
	int		 urgent;
	const char	*when;
	const char	*format;
};

/* The kind named kind, or NULL. */
const struct message_kind *message_kind_of(const char *kind);

/* Writes kind's format with the arguments (n of them, at most 4) into out;
 * the first argument is shortened with "…" so that the text has at most
 * MESSAGE_MAX_CHARS characters. Returns out. */
char	*message_compose(char *out, size_t len, const char *kind,
	    const char *const *args, int n);

/* Writes Beijing time t as "M月D日" (with_time: "M月D日HH:MM") into out,
 * the way every message names a day. */
void	message_date(long long t, int with_time, char *out, size_t len);

#endif
