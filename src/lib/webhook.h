/*
 * webhook.h: one signed HTTP POST of a JSON body to a configured URL, the
 * way an SMS provider's adapter or a relay expects a webhook: libcurl,
 * bounded in time, http and https only, no redirects followed. The body is
 * signed with HMAC-SHA-256 under a shared secret and carries the caller's
 * idempotency key, so the receiver can drop a message it already has.
 *
 * Headers sent (besides what HTTP itself needs):
 *	Content-Type: application/json; charset=utf-8
 *	Idempotency-Key: <idem_key>
 *	X-Sidan-Signature: sha256=<64 lowercase hex digits of HMAC-SHA-256(key, body)>
 *
 * Blocking; meant for a process that sends (never one serving a request).
 * Not thread-safe: libcurl's global state is set up lazily on first use.
 */
#ifndef SIDAN_WEBHOOK_H
#define SIDAN_WEBHOOK_H

#include <stddef.h>

/* Where and how to post. key may hold any bytes (keylen of them). */
struct webhook {
	const char		*url;		/* http:// or https:// */
	const unsigned char	*key;		/* the shared secret */
	size_t			 keylen;
	long			 timeout_ms;	/* the whole exchange; <= 0: 10 s */
};

/* "sha256=" + 64 hex digits + NUL. */
#define WEBHOOK_SIG_LEN	72

/* Posts json (NUL-terminated) to w->url with the headers above. Returns 1
 * when the answer is 2xx; else 0 with a short English reason in why
 * ("HTTP 500", "timed out after 10 s", "could not connect: ..."). The
 * answer's body is read (at most 64 KiB) and discarded. */
int	webhook_post(const struct webhook *w, const char *json,
	    const char *idem_key, char *why, size_t whylen);

/* Writes the value of X-Sidan-Signature for body under key into out:
 * "sha256=" and the lowercase hex HMAC-SHA-256. */
void	webhook_sign(const unsigned char *key, size_t keylen, const char *body,
	    size_t bodylen, char out[WEBHOOK_SIG_LEN]);

#endif
