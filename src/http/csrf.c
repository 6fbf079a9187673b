/*
 * csrf.c: form tokens and the Origin check (see csrf.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "http/app.h"
#include "http/csrf.h"
#include "http/form.h"

void
csrf_form_new(struct req *r, char nonce[CSRF_NONCE_LEN], char token[44])
{
	unsigned char rnd[16];
	char hex[33];

	randombytes_buf(rnd, sizeof(rnd));
	hex_encode(rnd, sizeof(rnd), hex);
	snprintf(nonce, CSRF_NONCE_LEN, "%s.%" PRId64, hex, now_unix());
	secret_mac(r->app->secret, "form", nonce, token);
}

int
csrf_form_ok(struct req *r)
{
	const char *nonce = kv_get(&r->form, "nonce");
	const char *token = kv_get(&r->form, "csrf");

	if (nonce == NULL || token == NULL || strlen(nonce) >= CSRF_NONCE_LEN)
		return 0;
	return secret_mac_ok(r->app->secret, "form", nonce, token);
}

int64_t
csrf_nonce_time(const char *nonce)
{
	const char *dot = nonce ? strchr(nonce, '.') : NULL;

	return dot ? strtoll(dot + 1, NULL, 10) : 0;
}

int
csrf_origin_ok(struct req *r)
{
	const char *o = r->origin, *rest, *colon;
	size_t hostlen;
	int https, port;

	if (o == NULL || *o == '\0')
		return 1;	/* older browsers and privacy settings omit it */
	if (r->host == NULL)
		return 0;
	if (strncmp(o, "https://", 8) == 0) {
		https = 1;
		rest = o + 8;
	} else if (strncmp(o, "http://", 7) == 0) {
		https = 0;
		rest = o + 7;
	} else
		return 0;	/* "null" and anything else */
	/* nginx passes the host without its port (Debian's fastcgi_params use
	 * $host), so the port is compared with the one the request came to. */
	colon = strrchr(rest, ':');
	if (colon && strchr(colon, ']') == NULL) {
		hostlen = (size_t)(colon - rest);
		port = atoi(colon + 1);
	} else {
		hostlen = strlen(rest);
		port = https ? 443 : 80;
	}
	return hostlen == strlen(r->host) &&
	    strncasecmp(rest, r->host, hostlen) == 0 &&
	    (r->port == 0 || port == r->port);
}
