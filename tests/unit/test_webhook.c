/*
 * test_webhook.c: the signed POST against a tiny HTTP server forked for each
 * case on 127.0.0.1 (plain sockets). The server reads one request, checks
 * its method, content type, idempotency key and signature (recomputed with
 * libsodium from the body it got), reports what it saw through a pipe, and
 * answers 200, 500 or 302, a 200 with a long body, or never. Also: the
 * signature against RFC 4231's vectors, a refused connection, a scheme
 * other than http(s), and a key that would inject a header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/webhook.h"

static const unsigned char KEY[] = "a shared secret of the gateway";
#define KEYLEN	(sizeof(KEY) - 1)

enum mode { ANSWER_200, ANSWER_500, ANSWER_302, ANSWER_BIG, HANG };

struct server {
	pid_t	pid;
	int	port;
	int	report;		/* read end of the child's report pipe */
};

/* Returns the value of header name in the request head (lines ending in
 * CRLF), copied into out; or 0 if it is not there. */
static int
header(const char *head, const char *name, char *out, size_t outlen)
{
	size_t n = strlen(name);
	const char *p = strstr(head, "\r\n"), *e;

	while (p != NULL && p[2] != '\r') {
		p += 2;
		e = strstr(p, "\r\n");
		if (e == NULL)
			return 0;
		if ((size_t)(e - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			snprintf(out, outlen, "%.*s", (int)(e - p), p);
			return 1;
		}
		p = e;
	}
	return 0;
}

/* The child: accepts one request on fd, reports it on rep, answers as m
 * says. Never returns. */
static void
serve(int fd, int rep, enum mode m)
{
	static char req[256 * 1024];
	char head[8192], ct[128], idem[256], sig[128], len[32], want[WEBHOOK_SIG_LEN];
	char line[1024];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	size_t got = 0, hl, bl = 0;
	ssize_t n;
	char *end = NULL;
	int c;

	signal(SIGPIPE, SIG_IGN);
	if ((c = accept(fd, NULL, NULL)) < 0)
		_exit(1);
	while (got < sizeof(req) - 1) {
		if ((n = read(c, req + got, sizeof(req) - 1 - got)) <= 0)
			break;
		got += (size_t)n;
		req[got] = '\0';
		if (end == NULL && (end = strstr(req, "\r\n\r\n")) != NULL)
			bl = header(req, "Content-Length", len, sizeof(len)) ?
			    (size_t)strtoul(len, NULL, 10) : 0;
		if (end != NULL && got >= (size_t)(end + 4 - req) + bl)
			break;
	}
	if (end == NULL)
		_exit(1);
	hl = (size_t)(end + 2 - req);
	snprintf(head, sizeof(head), "%.*s", (int)hl, req);
	if (!header(head, "Content-Type", ct, sizeof(ct)))
		ct[0] = '\0';
	if (!header(head, "Idempotency-Key", idem, sizeof(idem)))
		snprintf(idem, sizeof(idem), "-");
	if (!header(head, "X-Sidan-Signature", sig, sizeof(sig)))
		sig[0] = '\0';
	/* The signature recomputed here, straight from libsodium. */
	crypto_auth_hmacsha256_init(&st, KEY, KEYLEN);
	crypto_auth_hmacsha256_update(&st, (unsigned char *)end + 4, bl);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(want, "sha256=", 7);
	sodium_bin2hex(want + 7, sizeof(want) - 7, mac, sizeof(mac));
	snprintf(line, sizeof(line), "%.4s sig=%d ct=%d body=%.*s idem=%s\n", req,
	    strcmp(sig, want) == 0,
	    strcmp(ct, "application/json; charset=utf-8") == 0,
	    (int)(bl < 200 ? bl : 200), end + 4, idem);
	if (write(rep, line, strlen(line)) < 0)
		_exit(1);
	close(rep);

	switch (m) {
	case ANSWER_200:
		dprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n"
		    "Connection: close\r\n\r\n{\"ok\":true}");
		break;
	case ANSWER_500:
		dprintf(c, "HTTP/1.1 500 Internal Server Error\r\n"
		    "Content-Length: 5\r\nConnection: close\r\n\r\nbroke");
		break;
	case ANSWER_302:
		dprintf(c, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		break;
	case ANSWER_BIG:
		/* A megabyte of answer: the client stops reading, yet delivered. */
		dprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
		    "Connection: close\r\n\r\n", 1 << 20);
		memset(req, 'x', sizeof(req));
		for (int i = 0; i < 4; i++)
			if (write(c, req, sizeof(req)) < 0)
				break;
		break;
	case HANG:
		for (;;)
			pause();
	}
	shutdown(c, SHUT_WR);
	while (read(c, req, sizeof(req)) > 0)
		;
	_exit(0);
}

/* Starts a server answering as m on a free port. */
static void
server_start(struct server *s, enum mode m)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);
	int fd, p[2];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pipe(p), 0);
	assert_true((s->pid = fork()) >= 0);
	if (s->pid == 0) {
		close(p[0]);
		serve(fd, p[1], m);
	}
	close(p[1]);
	close(fd);
	s->report = p[0];
}

/* Reads the child's report of the request it got ("" if none), stops it. */
static void
server_stop(struct server *s, char *out, size_t outlen)
{
	size_t got = 0;
	ssize_t n;

	while (got < outlen - 1 &&
	    (n = read(s->report, out + got, outlen - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(s->report);
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
}

/* Posts body with key idem to the server; returns webhook_post's answer. */
static int
post(struct server *s, long timeout_ms, const char *body, const char *idem,
    char *why, size_t whylen)
{
	char url[64];
	struct webhook w = { url, KEY, KEYLEN, timeout_ms };

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", s->port);
	return webhook_post(&w, body, idem, why, whylen);
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* RFC 4231, test cases 2 and 6 (a key longer than SHA-256's block). */
static void
test_sign_vectors(void **state)
{
	static const char d2[] = "what do ya want for nothing?";
	static const char d6[] = "Test Using Larger Than Block-Size Key - Hash Key First";
	unsigned char k6[131];
	char sig[WEBHOOK_SIG_LEN];

	(void)state;
	webhook_sign((const unsigned char *)"Jefe", 4, d2, strlen(d2), sig);
	assert_string_equal(sig, "sha256="
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(k6, 0xaa, sizeof(k6));
	webhook_sign(k6, sizeof(k6), d6, strlen(d6), sig);
	assert_string_equal(sig, "sha256="
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void
test_delivered(void **state)
{
	static const char body[] = "{\"id\":7,\"event\":\"accepted\",\"text\":\"已受理\"}";
	struct server s;
	char why[256], rep[512], want[512];

	(void)state;
	server_start(&s, ANSWER_200);
	assert_int_equal(post(&s, 5000, body, "msg-7-1", why, sizeof(why)), 1);
	assert_string_equal(why, "");
	server_stop(&s, rep, sizeof(rep));
	snprintf(want, sizeof(want), "POST sig=1 ct=1 body=%s idem=msg-7-1\n", body);
	assert_string_equal(rep, want);
}

static void
test_http_500(void **state)
{
	struct server s;
	char why[256], rep[512];

	(void)state;
	server_start(&s, ANSWER_500);
	assert_int_equal(post(&s, 5000, "{}", "k500", why, sizeof(why)), 0);
	assert_string_equal(why, "HTTP 500");
	server_stop(&s, rep, sizeof(rep));
	assert_string_equal(rep, "POST sig=1 ct=1 body={} idem=k500\n");
}

/* A redirect is an answer, not a place to go: never followed. */
static void
test_redirect_not_followed(void **state)
{
	struct server s;
	char why[256], rep[512];

	(void)state;
	server_start(&s, ANSWER_302);
	assert_int_equal(post(&s, 5000, "{}", "k302", why, sizeof(why)), 0);
	assert_string_equal(why, "HTTP 302");
	server_stop(&s, rep, sizeof(rep));
	assert_string_equal(rep, "POST sig=1 ct=1 body={} idem=k302\n");
}

/* A long answer is read only so far, and the message still counts. */
static void
test_big_answer(void **state)
{
	struct server s;
	char why[256], rep[512];

	(void)state;
	server_start(&s, ANSWER_BIG);
	assert_int_equal(post(&s, 5000, "{}", "kbig", why, sizeof(why)), 1);
	server_stop(&s, rep, sizeof(rep));
	assert_string_equal(rep, "POST sig=1 ct=1 body={} idem=kbig\n");
}

static void
test_hang(void **state)
{
	struct server s;
	char why[256], rep[512];
	int64_t t0, took;

	(void)state;
	server_start(&s, HANG);
	t0 = mono_ms();
	assert_int_equal(post(&s, 300, "{\"a\":1}", "khang", why, sizeof(why)), 0);
	took = mono_ms() - t0;
	assert_string_equal(why, "timed out after 300 ms");
	if (took < 250 || took > 2000)
		fail_msg("a 300 ms timeout took %lld ms", (long long)took);
	server_stop(&s, rep, sizeof(rep));
	assert_string_equal(rep, "POST sig=1 ct=1 body={\"a\":1} idem=khang\n");
}

/* A port bound but not listening refuses at once. */
static void
test_refused(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);
	struct server s;
	char why[256];
	int fd;

	(void)state;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	s.port = ntohs(a.sin_port);
	assert_int_equal(post(&s, 5000, "{}", "krefused", why, sizeof(why)), 0);
	close(fd);
	if (strncmp(why, "could not connect: ", 19) != 0 || strlen(why) < 25)
		fail_msg("why: \"%s\"", why);
}

/* Only http and https; nothing posted without a URL or a clean key. */
static void
test_refused_inputs(void **state)
{
	struct webhook w = { "file:///etc/passwd", KEY, KEYLEN, 1000 };
	struct webhook none = { NULL, KEY, KEYLEN, 1000 };
	struct webhook empty = { "", KEY, KEYLEN, 1000 };
	char why[256];

	(void)state;
	assert_int_equal(webhook_post(&w, "{}", "k", why, sizeof(why)), 0);
	assert_string_equal(why, "bad URL: only http and https are allowed");
	w.url = "ftp://127.0.0.1:1/";
	assert_int_equal(webhook_post(&w, "{}", "k", why, sizeof(why)), 0);
	assert_string_equal(why, "bad URL: only http and https are allowed");
	assert_int_equal(webhook_post(&none, "{}", "k", why, sizeof(why)), 0);
	assert_string_equal(why, "no URL configured");
	assert_int_equal(webhook_post(&empty, "{}", "k", why, sizeof(why)), 0);
	assert_string_equal(why, "no URL configured");
	w.url = "http://127.0.0.1:1/";
	assert_int_equal(webhook_post(&w, "{}", "k\r\nX-Evil: 1", why, sizeof(why)), 0);
	assert_string_equal(why, "bad body or idempotency key");
	assert_int_equal(webhook_post(&w, "{}", "", why, sizeof(why)), 0);
	assert_string_equal(why, "bad body or idempotency key");
	assert_int_equal(webhook_post(&w, NULL, "k", why, sizeof(why)), 0);
	assert_string_equal(why, "bad body or idempotency key");
}

int
main(void)
{
	static const char *const proxies[] = { "http_proxy", "https_proxy",
	    "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_vectors),
		cmocka_unit_test(test_delivered),
		cmocka_unit_test(test_http_500),
		cmocka_unit_test(test_redirect_not_followed),
		cmocka_unit_test(test_big_answer),
		cmocka_unit_test(test_hang),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_refused_inputs),
	};

	/* The servers are on loopback: no proxy of the caller's in between. */
	for (size_t i = 0; i < sizeof(proxies) / sizeof(*proxies); i++)
		unsetenv(proxies[i]);
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
