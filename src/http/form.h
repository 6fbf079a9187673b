/*
 * form.h: parsing of untrusted input at the boundary: query strings,
 * application/x-www-form-urlencoded bodies and Cookie headers, with limits,
 * and the UTF-8 check. Parsed values are NUL-terminated copies that are valid
 * UTF-8 with no NUL bytes inside, so later code can treat them as C strings.
 */
#ifndef SIDAN_FORM_H
#define SIDAN_FORM_H

#include <stddef.h>

/* One parsed key and value. */
struct kv {
	char	*key;
	char	*val;
};

/* An ordered list of parsed pairs, in the order they arrived. */
struct kvlist {
	struct kv	*v;
	size_t		 n;
	size_t		 cap;
};

/* Limits applied while parsing; form_limits_default() gives the usual ones. */
struct form_limits {
	size_t	max_fields;	/* pairs in one input */
	size_t	max_key;	/* bytes in one decoded key */
	size_t	max_val;	/* bytes in one decoded value */
};

enum form_err {
	FORM_OK = 0,
	FORM_ETOOMANY,		/* more pairs than max_fields */
	FORM_EKEYLEN,		/* a key longer than max_key, or empty */
	FORM_EVALLEN,		/* a value longer than max_val */
	FORM_EESCAPE,		/* a truncated or non-hex %-escape */
	FORM_EUTF8,		/* decoded bytes are not valid UTF-8 */
	FORM_ENUL,		/* a decoded NUL byte */
	FORM_ERR__MAX
};

const struct form_limits *form_limits_default(void);
/* Returns a short English description of err, for logs. */
const char	*form_strerror(enum form_err err);


/* Parses "a=1&b=2" (also ';'-free, '+' as space) and appends to out.
 * Returns FORM_OK or the first error; on error out keeps what it had. */
enum form_err	 form_parse_urlencoded(struct kvlist *out, const char *s,
		    size_t n, const struct form_limits *lim);
/* Parses a Cookie header "a=1; b=2". Values are taken as they are (not
 * %-decoded); pairs without '=' are skipped. Returns FORM_OK or an error. */
enum form_err	 form_parse_cookies(struct kvlist *out, const char *s,
		    size_t n, const struct form_limits *lim);

/* Returns the value of the first pair named key, or NULL. */
const char	*kv_get(const struct kvlist *l, const char *key);
/* Returns how many pairs are named key. */
size_t		 kv_count(const struct kvlist *l, const char *key);
/* Returns the name of the first key that occurs more than once and is not
 * in the NULL-terminated list multi (which may be NULL), or NULL if none. */
const char	*kv_first_repeated(const struct kvlist *l,
		    const char *const *multi);
/* Appends s to b %-encoded for a query value (all but A-Z a-z 0-9 - . _ ~ /). */
struct buf;
void		 url_encode(struct buf *b, const char *s);
/* Appends a pair, taking ownership of key and val (both malloc'd). */
void		 kvlist_push(struct kvlist *l, char *key, char *val);
/* Frees every pair; accepts NULL. */
void		 kvlist_free(struct kvlist *l);

#endif
