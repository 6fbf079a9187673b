/*
 * writer_client.c: a worker's road to the writer process (see writer.h):
 * it sends a new request, waits for the answer, and writes the request
 * itself when the writer cannot be reached, does not answer in time, or
 * could not write it.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "http/writer.h"
#include "http/writer_wire.h"
#include "lib/util.h"

/* The longest a worker writes its requests itself after its writer stayed
 * silent (ms). */
#define WRITER_SKIP_MAX_MS	(5 * 60 * 1000)

void
writer_link_init(struct writer_link *link, const struct writer_socket *ws, int wait_ms)
{
	*link = (struct writer_link){ .ws = ws != NULL && ws->fd >= 0 ? ws : NULL,
	    .fd = -1, .wait_ms = wait_ms };
}

void
writer_link_close(struct writer_link *link)
{
	if (link->fd >= 0)
		close(link->fd);
	link->fd = -1;
}

/* Connects link to the writer's socket, without waiting: a full queue (no
 * writer accepting) is a failure. Returns 0 or -1. */
static int
link_connect(struct writer_link *link)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	memcpy(sa.sun_path, link->ws->name, (size_t)link->ws->name_len);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)link->ws->name_len)) != 0) {
		close(fd);
		return -1;
	}
	link->fd = fd;
	return 0;
}

/* What came of a request sent to the writer. */
enum via {
	VIA_DONE,	/* the writer answered: *err and code_out hold its outcome */
	VIA_FAILED,	/* not written by it (not reached, or it could not) */
	VIA_GONE,	/* the connection was to a writer that has ended */
	VIA_LATE	/* no answer in time */
};

/* Has the writer create o, waiting until link's wait is up. */
static enum via
via_writer(struct writer_link *link, const struct order_new *o,
    const struct order_limits *lim, char code_out[CODE_LEN + 1], enum model_err *err)
{
	static unsigned char msg[WIRE_MAX];
	int64_t deadline = now_ms_mono() + link->wait_ms;
	size_t len;

	if (link->fd < 0 && link_connect(link) != 0)
		return VIA_FAILED;
	if ((len = wire_order_put(++link->seq, deadline, o, lim, msg, sizeof(msg))) == 0)
		return VIA_FAILED;
	if (send(link->fd, msg, len, MSG_NOSIGNAL) != (ssize_t)len)
		return errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN ?
		    VIA_GONE : VIA_FAILED;
	for (;;) {
		struct pollfd p = { .fd = link->fd, .events = POLLIN };
		struct wire_answer a;
		int64_t left = deadline - now_ms_mono();
		ssize_t n;

		if (left <= 0)
			return VIA_LATE;
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return VIA_FAILED;
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if ((n = recv(link->fd, &a, sizeof(a), 0)) < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return VIA_GONE;	/* the writer ended before it answered */
		if (n != (ssize_t)sizeof(a))
			return VIA_FAILED;
		if (a.seq != link->seq)
			continue;	/* an answer to an earlier question: not ours */
		/* MODEL_BUSY: past the deadline by the writer's reading. */
		if (a.db != DB_OK || a.model < 0 || a.model >= MODEL__MAX || a.model == MODEL_BUSY)
			return VIA_FAILED;
		a.code[CODE_LEN] = '\0';
		memcpy(code_out, a.code, CODE_LEN + 1);
		*err = (enum model_err)a.model;
		return VIA_DONE;
	}
}

enum model_err
writer_order_create(struct writer_link *link, struct db *db, const struct order_new *o,
    const struct order_limits *lim, char code_out[CODE_LEN + 1])
{
	enum model_err err;

	if (link != NULL && link->ws != NULL && o->confirm == NULL &&
	    now_ms_mono() >= link->skip_until) {
		int was_connected = link->fd >= 0;
		enum via v = via_writer(link, o, lim, code_out, &err);

		/* A connection to a writer that has ended since (killed, and
		 * another started): once more, on a new one. */
		if (v == VIA_GONE && was_connected) {
			writer_link_close(link);
			v = via_writer(link, o, lim, code_out, &err);
		}
		if (v == VIA_DONE) {
			link->skip_ms = 0;
			return err;
		}
		/* A late answer must not be read as the next one's. */
		writer_link_close(link);
		/* A writer that does not answer within a wait (stopped, stuck,
		 * or not running) is left alone for as long again, twice as
		 * long each time it stays silent, up to WRITER_SKIP_MAX_MS. */
		if (v == VIA_LATE) {
			link->skip_ms = link->skip_ms ? link->skip_ms * 2 : link->wait_ms;
			if (link->skip_ms > WRITER_SKIP_MAX_MS)
				link->skip_ms = WRITER_SKIP_MAX_MS;
			link->skip_until = now_ms_mono() + link->skip_ms;
		}
	}
	return order_create(db, o, lim, code_out, NULL, 0, NULL);
}
