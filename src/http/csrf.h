/*
 * csrf.h: tokens that prove a POST came from a form sidan served.
 * Anonymous forms carry a nonce (random, with the time it was made) and the
 * MAC of that nonce under the server key; signed-in forms will bind theirs
 * to the session. A form older than CSRF_FORM_MAX_AGE is refused as expired.
 */
#ifndef SIDAN_CSRF_H
#define SIDAN_CSRF_H

#include <stdint.h>

#include "http/http.h"

#define CSRF_NONCE_LEN		48
#define CSRF_FORM_MAX_AGE	(24 * 3600)

/* Writes a new nonce and its token for an anonymous form. */
void	csrf_form_new(struct req *r, char nonce[CSRF_NONCE_LEN], char token[44]);
/* Returns 1 if the request's "nonce" and "csrf" fields match, else 0. */
int	csrf_form_ok(struct req *r);
/* Returns the unix time the nonce was made, or 0 if it has none. */
int64_t	csrf_nonce_time(const char *nonce);
/* Returns 1 if the Origin header is absent or names this site, else 0. */
int	csrf_origin_ok(struct req *r);

#endif
