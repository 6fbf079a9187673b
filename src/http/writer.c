/*
 * writer.c: the writer process, sidan-writer (see writer.h). It accepts the
 * workers' connections on the master's socket, and in each round reads the
 * one request each worker may have sent, writes them all in one
 * transaction (order_create_batch), answers each worker, and checkpoints
 * when due. Nothing else: every other write stays with the workers and the
 * housekeeping process, under the same write lock.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <sodium.h>

#include "http/server.h"
#include "http/writer.h"
#include "http/writer_wire.h"
#include "lib/util.h"

/* Connections at most (workers, and their successors during a reload);
 * as many requests in one transaction, so no worker waits a round. */
#define WRITER_CLIENTS	512

static volatile sig_atomic_t writer_stop;

static void
on_stop(int sig)
{
	(void)sig;
	writer_stop = 1;
}

int
writer_listen(struct writer_socket *ws)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned char rnd[8];
	char hex[17];

	ws->fd = -1;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	/* Abstract: sun_path[0] is NUL and the name follows. Non-blocking:
	 * the writer accepts until none is left. */
	ws->name_len = snprintf(ws->name, sizeof(ws->name), "%csidan-writer/%d/%s", 0,
	    (int)getpid(), hex);
	memcpy(sa.sun_path, ws->name, (size_t)ws->name_len);
	if ((ws->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0 ||
	    bind(ws->fd, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)ws->name_len)) != 0 ||
	    listen(ws->fd, 256) != 0) {
		fprintf(stderr, "sidan: writer socket: %s; workers will write themselves\n",
		    strerror(errno));
		if (ws->fd >= 0)
			close(ws->fd);
		ws->fd = -1;
		return -1;
	}
	return 0;
}

/* One connected worker. */
struct client {
	int		 fd;
	unsigned char	*msg;	/* WIRE_MAX + 2 bytes */
};

/* Returns 1 if process pid is a child of this process's parent (a worker
 * of the same master), else 0. */
static int
same_master(pid_t pid)
{
	char path[64], stat[512];
	const char *after;
	long ppid = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	n = fread(stat, 1, sizeof(stat) - 1, f);
	fclose(f);
	stat[n] = '\0';
	/* "pid (name) state ppid ...": the name may hold anything but ends
	 * at the last ')'. */
	if ((after = strrchr(stat, ')')) == NULL || sscanf(after + 1, " %*c %ld", &ppid) != 1)
		return 0;
	return ppid == (long)getppid();
}

/* Accepts every pending connection into c (*n of them): only from a worker
 * of the same master, running as this user. */
static void
accept_all(int lfd, struct client *c, int *n)
{
	for (;;) {
		struct ucred cred;
		socklen_t len = sizeof(cred);
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
		    cred.uid != geteuid() || !same_master(cred.pid) || *n == WRITER_CLIENTS) {
			close(fd);
			continue;
		}
		c[*n].fd = fd;
		if (c[*n].msg == NULL)
			c[*n].msg = xmalloc(WIRE_MAX + 2);
		(*n)++;
	}
}

/* Drops connection i of c (*n of them): the last takes its place. */
static void
drop(struct client *c, int *n, int i)
{
	unsigned char *msg = c[i].msg;

	close(c[i].fd);
	c[i] = c[*n - 1];
	c[*n - 1] = (struct client){ .fd = -1, .msg = msg };
	(*n)--;
}

/* Sends the answer a on fd; a worker that went meanwhile is not waited for. */
static void
answer(int fd, const struct wire_answer *a)
{
	(void)send(fd, a, sizeof(*a), MSG_NOSIGNAL | MSG_DONTWAIT);
}

void
writer_main(const struct config *cfg, const struct writer_socket *ws)
{
	static struct client c[WRITER_CLIENTS];
	static struct pollfd p[WRITER_CLIENTS + 1];
	static struct wire_order w[WRITER_CLIENTS];
	static struct order_batch_item items[WRITER_CLIENTS];
	static int from[WRITER_CLIENTS];
	char err[512];
	struct db *db;
	int n = 0;

	prctl(PR_SET_NAME, "sidan-writer");
	server_helper_signals(on_stop);
	if ((db = db_open(cfg->db_path, cfg->busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sidan: writer: %s\n", err);
		_exit(2);
	}
	for (int i = 0; i < WRITER_CLIENTS; i++)
		c[i].fd = -1;
	while (!writer_stop) {
		int k = 0;
		enum db_err e;

		p[0] = (struct pollfd){ .fd = ws->fd, .events = POLLIN };
		for (int i = 0; i < n; i++)
			p[i + 1] = (struct pollfd){ .fd = c[i].fd, .events = POLLIN };
		if (poll(p, (nfds_t)n + 1, 1000) <= 0)
			continue;	/* idle, or a signal: writer_stop may be set */
		/* The requests that came meanwhile, one per worker (a worker
		 * waits for its answer before it sends another). Closed
		 * connections go. Walked from the end, as drop() moves the
		 * last connection into the dropped one's place. */
		for (int i = n - 1; i >= 0; i--) {
			ssize_t len;

			if (!(p[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			len = recv(c[i].fd, c[i].msg, WIRE_MAX + 1, MSG_DONTWAIT);
			if (len < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (len <= 0) {
				drop(c, &n, i);
				continue;
			}
			if (wire_order_get(c[i].msg, (size_t)len, &w[k]) != 0) {
				/* Dropped: its worker sees the end and writes it. */
				fprintf(stderr, "sidan: writer: a malformed request (%zd bytes) refused\n", len);
				drop(c, &n, i);
				continue;
			}
			items[k] = (struct order_batch_item){ .o = &w[k].o, .lim = w[k].lim,
			    .deadline_ms = w[k].deadline_ms };
			from[k++] = c[i].fd;
		}
		if (p[0].revents & POLLIN)
			accept_all(ws->fd, c, &n);
		if (k == 0)
			continue;
		e = order_create_batch(db, items, (size_t)k);
		for (int j = 0; j < k; j++) {
			struct wire_answer a = { .seq = w[j].seq, .db = e, .model = items[j].err };
			if (e == DB_OK)
				memcpy(a.code, items[j].code, sizeof(a.code));
			answer(from[j], &a);
		}
		if (e != DB_OK)
			fprintf(stderr, "sidan: writer: %d request(s) not written (%s);"
			    " their workers write them\n", k, e == DB_BUSY ? "busy" :
			    e == DB_FULL ? "disk full" : "error");
		/* After the answers: nobody waits for the checkpoint. */
		db_checkpoint_if_due(db);
	}
	db_close(db);
	_exit(0);
}
