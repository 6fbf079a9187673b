/*
 * writer.h: the writer process `sidan serve` runs beside its workers (named
 * sidan-writer in ps), and the workers' way to it. A worker hands it a new
 * request from the public form and waits for the answer; the writer writes
 * every request that has come in meanwhile in one transaction, so they
 * share one commit, one sync and the pages they change, and its connection
 * keeps its pages in memory (no other process's commits empty its cache on
 * every request). Requests arrive and commit together, so the write lock
 * is held once for them all: that is what shortens the POST's tail.
 *
 * It is only a faster road: a worker that cannot reach the writer, or
 * gets no answer in time, writes the request itself (order_create), and
 * after no answer in time writes its requests itself for as long again
 * (twice as long each time the writer stays silent, up to 5 minutes).
 * The writer does not write a request whose worker has stopped waiting. Both
 * roads find a request already made from the same form (its nonce), so a
 * request is never written twice, whichever road wrote it first. A request
 * is answered only after its commit, so nothing acknowledged is lost when
 * the writer is killed; the master starts another.
 */
#ifndef SIDAN_WRITER_H
#define SIDAN_WRITER_H

#include <stdint.h>

#include "http/config.h"
#include "model/order.h"

/* The master's listening socket for the writer, and its name. */
struct writer_socket {
	int	fd;		/* listening, inherited by the writer; -1: none */
	char	name[64];	/* abstract address (sun_path[0] is NUL) */
	int	name_len;
};

/* Creates the listening socket in the master (a name of the master's pid
 * and a random part, in the abstract namespace: no file to leave behind).
 * Returns 0, or -1 (said on stderr): then workers write directly. */
int	writer_listen(struct writer_socket *ws);

/* Runs the writer process on the listening socket until SIGTERM; never
 * returns. Accepts only workers of the same master, running as its user. */
void	writer_main(const struct config *cfg, const struct writer_socket *ws);

/* A worker's link to the writer: connected when first used, dropped after
 * any failure (and made again at the next request). */
struct writer_link {
	const struct writer_socket *ws;	/* NULL: no writer */
	int		 fd;		/* -1: not connected */
	uint64_t	 seq;
	int		 wait_ms;	/* how long to wait for an answer */
	int64_t		 skip_until;	/* after no answer in time: write directly
					 * until then (now_ms_mono) */
	int64_t		 skip_ms;	/* the last such pause: doubled while the
					 * writer stays silent, 0 after an answer */
};

/* Initialises link for a worker (ws may be NULL or have no socket). */
void	writer_link_init(struct writer_link *link, const struct writer_socket *ws,
	    int wait_ms);
/* Closes the link's connection, if any. */
void	writer_link_close(struct writer_link *link);

/* Creates the request o (no 验证码, no photos) within lim, as order_create
 * does: through the writer when it answers, else in this process on db.
 * Returns order_create's outcomes: MODEL_OK and the new code, MODEL_DUPLICATE
 * and the earlier code, a limit, or an error. */
enum model_err	writer_order_create(struct writer_link *link, struct db *db,
		    const struct order_new *o, const struct order_limits *lim,
		    char code_out[CODE_LEN + 1]);

#endif
