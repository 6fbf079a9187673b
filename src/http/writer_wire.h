/*
 * writer_wire.h: the messages between a worker and the writer process
 * (writer.h), one SOCK_SEQPACKET datagram each. A worker sends a new
 * request (an order_new without 验证码 or photos, and its daily limits); the
 * writer answers with what came of it. Both carry the worker's sequence
 * number, so an answer is matched with its question.
 */
#ifndef SIDAN_WRITER_WIRE_H
#define SIDAN_WRITER_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "model/order.h"

/* The largest message: the form's texts are bounded far below it (the
 * request body is at most SIDAN_BODY_MAX, 64 KB by default). */
#define WIRE_MAX	(128 * 1024)

/* A new request as the writer reads it: o's strings point into the
 * message it was read from. */
struct wire_order {
	uint64_t		 seq;
	int64_t			 deadline_ms;	/* the worker waits until then (now_ms_mono) */
	struct order_new	 o;
	struct order_limits	 lim;
	unsigned char		 token_hash[32];	/* o.token_hash points here when set */
};

/* The writer's answer. */
struct wire_answer {
	uint64_t	 seq;
	int32_t		 db;		/* enum db_err of the batch's transaction */
	int32_t		 model;		/* enum model_err of this request, when db is DB_OK */
	char		 code[CODE_LEN + 1];
};

/* Writes seq, the time the worker waits until (deadline_ms, on the
 * monotonic clock every process of the machine shares), o (o->confirm must
 * be NULL) and lim into out. Returns the message's length, or 0 if it would
 * not fit in cap bytes. */
size_t	wire_order_put(uint64_t seq, int64_t deadline_ms, const struct order_new *o,
	    const struct order_limits *lim, unsigned char *out, size_t cap);
/* Reads the message msg (len bytes, which it NUL-terminates in place at
 * msg[len]: msg must have room for one more byte) into w. Returns 0, or -1
 * when it is not a well-formed message. */
int	wire_order_get(unsigned char *msg, size_t len, struct wire_order *w);

#endif
