/*
 * bare.c: the FastCGI ceiling for `make bench`. A pre-fork of libfcgi
 * workers on a unix socket, each in a plain FCGX_Accept_r loop, answering
 * every request with one fixed body read from a file at start-up (a copy of
 * sidan's home page) and sidan's header block. Whatever sidan spends beyond
 * what this program spends is sidan's own work: routing, SQLite, templates.
 *
 *   bare --listen SOCK --body FILE [--workers N] [--poll]
 *
 * --poll makes each worker wait the way sidan's workers do (a non-blocking
 * listening socket, ppoll(), then FCGX_Accept_r), to tell the cost of that
 * wait from the cost of FastCGI itself. SIGTERM or SIGINT to the master
 * stops it and its workers.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#define MAX_WORKERS 64

static volatile sig_atomic_t stop;

static void
on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/* Reads the whole file at path into a new buffer; returns it or NULL. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Opens the unix socket at path (removing an old socket there). Returns the
 * fd or -1. */
static int
listen_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "bare: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, 0660) != 0 || listen(fd, 1024) != 0) {
		fprintf(stderr, "bare: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* One worker: answers every request with head + body. Never returns. */
static void
worker(int lfd, const char *resp, size_t resp_len, int use_poll)
{
	FCGX_Request fr;

	/* Stateless: SIGTERM (left at its default) ends a worker wherever it is. */
	prctl(PR_SET_NAME, "bare-worker");
	signal(SIGPIPE, SIG_IGN);
	if (use_poll)
		fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK);
	FCGX_InitRequest(&fr, lfd, 0);
	for (;;) {
		if (use_poll) {
			struct pollfd p = { .fd = lfd, .events = POLLIN };
			if (poll(&p, 1, -1) <= 0)
				continue;
		}
		if (FCGX_Accept_r(&fr) < 0)
			continue;
		FCGX_PutStr(resp, (int)resp_len, fr.out);
		FCGX_Finish_r(&fr);
	}
}

int
main(int argc, char **argv)
{
	const char *sock = NULL, *body_path = NULL;
	int workers = (int)sysconf(_SC_NPROCESSORS_ONLN), use_poll = 0, lfd;
	pid_t pids[MAX_WORKERS];
	char head[1024], *body, *resp;
	size_t body_len, head_len;
	struct sigaction sa = { .sa_handler = on_stop };
	sigset_t block, orig;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--body") == 0 && i + 1 < argc)
			body_path = argv[++i];
		else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc)
			workers = atoi(argv[++i]);
		else if (strcmp(argv[i], "--poll") == 0)
			use_poll = 1;
		else {
			fprintf(stderr, "usage: bare --listen SOCK --body FILE [--workers N] [--poll]\n");
			return 2;
		}
	}
	if (sock == NULL || body_path == NULL || workers < 1 || workers > MAX_WORKERS) {
		fprintf(stderr, "usage: bare --listen SOCK --body FILE [--workers N] [--poll]\n");
		return 2;
	}
	if ((body = read_file(body_path, &body_len)) == NULL) {
		fprintf(stderr, "bare: cannot read %s\n", body_path);
		return 1;
	}
	/* The same header block sidan sends with its home page. */
	head_len = (size_t)snprintf(head, sizeof(head),
	    "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n"
	    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
	    "style-src 'self'; script-src 'self'; object-src 'none'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "X-Request-Id: 0000000000000000\r\n"
	    "Cache-Control: no-cache\r\n"
	    "\r\n", body_len);
	if ((resp = malloc(head_len + body_len)) == NULL)
		return 1;
	memcpy(resp, head, head_len);
	memcpy(resp + head_len, body, body_len);
	free(body);

	if (FCGX_Init() != 0) {
		fprintf(stderr, "bare: FCGX_Init failed\n");
		return 1;
	}
	if ((lfd = listen_unix(sock)) < 0)
		return 1;
	/* TERM and INT wait blocked until the master's sigsuspend, so that
	 * one arriving while the workers start is not lost. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (int i = 0; i < workers; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			fprintf(stderr, "bare: fork: %s\n", strerror(errno));
			stop = 1;
			workers = i;
			break;
		}
		if (pids[i] == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			sigprocmask(SIG_SETMASK, &orig, NULL);
			worker(lfd, resp, head_len + body_len, use_poll);
		}
	}
	while (!stop)
		sigsuspend(&orig);
	for (int i = 0; i < workers; i++)
		kill(pids[i], SIGTERM);
	for (int i = 0; i < workers; i++)
		waitpid(pids[i], NULL, 0);
	unlink(sock);
	return 0;
}
