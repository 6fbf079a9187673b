/*
 * webhook.c: a signed JSON POST through libcurl's easy interface (see
 * webhook.h). One easy handle per post: a sender posts a few messages a
 * minute, and a fresh handle carries nothing over from a failed exchange.
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "lib/webhook.h"

#define ANSWER_MAX	(64 * 1024)	/* bytes of an answer read before giving up */
#define TIMEOUT_DEF	10000L

/* Sets up libcurl and libsodium once per process. Returns 0, or -1. */
static int
webhook_init(void)
{
	static int done;

	if (done)
		return 0;
	if (sodium_init() < 0)
		return -1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	done = 1;
	return 0;
}

void
webhook_sign(const unsigned char *key, size_t keylen, const char *body,
    size_t bodylen, char out[WEBHOOK_SIG_LEN])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, bodylen);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, WEBHOOK_SIG_LEN - 7, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

/* The answer's body: counted and dropped. Returns n, or 0 (which makes
 * libcurl stop with CURLE_WRITE_ERROR) once more than ANSWER_MAX came. */
static size_t
swallow(char *p, size_t size, size_t nmemb, void *arg)
{
	size_t *seen = arg;
	size_t n = size * nmemb;

	(void)p;
	if (n > ANSWER_MAX || *seen > ANSWER_MAX - n)
		return 0;
	*seen += n;
	return n;
}

/* Returns 1 if s is fit for a header value: printable ASCII, no CR or LF. */
static int
header_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* Appends the header line s to *l. Returns 0, or -1 (out of memory; *l
 * unchanged and still to be freed). */
static int
header_add(struct curl_slist **l, const char *s)
{
	struct curl_slist *n = curl_slist_append(*l, s);

	if (n == NULL)
		return -1;
	*l = n;
	return 0;
}

/* Writes the timeout for a reader: "10 s" or "300 ms". */
static void
timeout_str(long ms, char *out, size_t outlen)
{
	if (ms % 1000 == 0)
		snprintf(out, outlen, "%ld s", ms / 1000);
	else
		snprintf(out, outlen, "%ld ms", ms);
}

int
webhook_post(const struct webhook *w, const char *json, const char *idem_key,
    char *why, size_t whylen)
{
	CURL *c = NULL;
	struct curl_slist *hdrs = NULL;
	char sig[WEBHOOK_SIG_LEN], line[256], errbuf[CURL_ERROR_SIZE], tmo[32];
	long timeout, status = 0;
	size_t seen = 0;
	CURLcode rc;
	int ok = 0;

	snprintf(why, whylen, "%s", "");
	if (w == NULL || w->url == NULL || w->url[0] == '\0') {
		snprintf(why, whylen, "no URL configured");
		return 0;
	}
	if (json == NULL || idem_key == NULL || idem_key[0] == '\0' ||
	    strlen(idem_key) > 200 || !header_ok(idem_key)) {
		snprintf(why, whylen, "bad body or idempotency key");
		return 0;
	}
	if (webhook_init() != 0 || (c = curl_easy_init()) == NULL) {
		snprintf(why, whylen, "could not set up libcurl");
		return 0;
	}
	timeout = w->timeout_ms > 0 ? w->timeout_ms : TIMEOUT_DEF;
	timeout_str(timeout, tmo, sizeof(tmo));
	webhook_sign(w->key, w->keylen, json, strlen(json), sig);

	/* "Expect:" keeps libcurl from waiting for a 100 Continue. */
	if (header_add(&hdrs, "Content-Type: application/json; charset=utf-8") ||
	    header_add(&hdrs, "Expect:") ||
	    (snprintf(line, sizeof(line), "Idempotency-Key: %s", idem_key),
	    header_add(&hdrs, line)) ||
	    (snprintf(line, sizeof(line), "X-Sidan-Signature: %s", sig),
	    header_add(&hdrs, line))) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}

	errbuf[0] = '\0';
	if (curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_URL, w->url) != CURLE_OK ||
#if LIBCURL_VERSION_NUM >= 0x075500
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
#else
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS,
		CURLPROTO_HTTP | CURLPROTO_HTTPS) != CURLE_OK ||
#endif
	    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_POST, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDS, json) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		(curl_off_t)strlen(json)) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, swallow) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen) != CURLE_OK) {
		snprintf(why, whylen, "could not set up libcurl: %s",
		    errbuf[0] ? errbuf : "bad option");
		goto out;
	}

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	/* A 2xx whose body was too long to read is still delivered. */
	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && status >= 200)) {
		if (status >= 200 && status <= 299)
			ok = 1;
		else if (status > 0)
			snprintf(why, whylen, "HTTP %ld", status);
		else
			snprintf(why, whylen, "no HTTP answer");
	} else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(why, whylen, "timed out after %s", tmo);
	else if (rc == CURLE_COULDNT_CONNECT)
		snprintf(why, whylen, "could not connect: %s",
		    errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		snprintf(why, whylen, "bad URL: only http and https are allowed");
	else
		snprintf(why, whylen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
out:
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return ok;
}
