/*
 * order.h: requests (群众点单) and their timeline. The state machine lives in
 * order_state.c; this file creates, finds and moves orders, always recording
 * an event in the same write transaction.
 */
#ifndef SIDAN_MODEL_ORDER_H
#define SIDAN_MODEL_ORDER_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"
#include "model/code.h"
#include "model/media.h"
#include "model/phone_code.h"

/* A 验证码 the resident typed to confirm the mobile of a new request
 * (order_create checks it in its own transaction and says how it went). */
struct order_confirm {
	const char		*code;		/* as typed */
	const unsigned char	*key;		/* the server key, PHONE_CODE_KEYLEN bytes */
	enum phone_code_outcome	 outcome;	/* set by order_create */
};

/* What a new request holds; strings are already validated. */
struct order_new {
	int64_t		 service_id;
	int64_t		 org_id;
	const char	*address;
	const char	*need;
	const char	*wanted_time;
	const char	*contact_name;
	const char	*contact_phone;	/* as phone_read() stores it: a mobile or a 座机 */
	const char	*contact_email;
	int		 has_geo;
	double		 lat, lon;
	const char	*channel;	/* web, open311, phone, walkin */
	int64_t		 api_key_id;	/* 0: none */
	int64_t		 staff_id;	/* 0: entered by the resident */
	const char	*form_nonce;	/* NULL: none */
	const unsigned char *token_hash; /* 32 bytes, or NULL */
	int		 consent;	/* the resident agreed to the use of contact data */
	const char	*client;	/* client address, for the daily limit; NULL: none */
	int		 no_sms;	/* the resident chose 不接收短信 (orders.sms_ok = 0) */
	int		 limit_confirmed;	/* a gateway is configured: the per-phone
					 * limit counts only confirmed phones */
	struct order_confirm *confirm;	/* the mobile's 验证码, or NULL: not confirmed */
	const char	*media_url;	/* Open311: a link the client sent (http or https,
					 * at most 500 bytes, checked), or NULL */
};

/* Daily limits per phone number and per client address (0: no limit). */
struct order_limits {
	int	per_phone;
	int	per_client;
};


/* One order as pages read it; strings live in the struct. */
struct order {
	int64_t	id;
	char	code[CODE_LEN + 1];
	char	state[16];
	char	service_code[48];
	char	service_name[64];
	char	platform_name[32];
	int64_t	org_id;
	char	org_name[NAME_SIZE];		/* the 站 (or 所) */
	char	institute_name[NAME_SIZE];	/* its 所, or "" */
	char	channel[16];
	char	reason[960];		/* up to 300 characters */
	int64_t	created_at, updated_at, due_at;
	char	team_name[NAME_SIZE];	/* the team it is dispatched to, or "" (a team's
					 * name is public; its members' are not) */
	int64_t	public_version;		/* up by one at each change to what its public
					 * pages show (orders.public_version) */
};

/* One public timeline entry. */
struct order_event {
	int64_t		 at;
	const char	*from_state;	/* "" for the first */
	const char	*to_state;
	const char	*actor;
	const char	*note;
};

/* Creates an order and its first event, within the daily limits, and
 * with it the resident's photos (n staged pairs, PHOTO_REQUEST; their files
 * published into the media store under media_dir), all in one write
 * transaction. With o->confirm, the 验证码 is checked first (after the form's nonce, so a
 * second submit finds the first request): a right one makes the request
 * phone_confirmed; any other outcome is set in o->confirm->outcome, the
 * try is counted and MODEL_NOT_READY returned. The per-phone limit counts
 * every request, or with o->limit_confirmed only those confirmed.
 * Returns MODEL_OK and the new code, MODEL_DUPLICATE and the earlier
 * order's code, MODEL_NOT_READY, a limit, or an error. */
enum model_err	order_create(struct db *db, const struct order_new *o,
		    const struct order_limits *lim, char code_out[CODE_LEN + 1],
		    const struct media_pair *photos, size_t n, const char *media_dir);
/* One new request of a batch: what to write, and what came of it. */
struct order_batch_item {
	const struct order_new	*o;	/* no 验证码 (o->confirm NULL), no photos */
	struct order_limits	 lim;
	int64_t			 deadline_ms;	/* 0, or written only before this
						 * time (now_ms_mono): its sender
						 * stops waiting then */
	enum model_err		 err;	/* out: as order_create's; MODEL_BUSY:
					 * its deadline had passed, not written */
	char			 code[CODE_LEN + 1];	/* out: with MODEL_OK or MODEL_DUPLICATE */
};
/*
 * Creates the n requests of v as order_create would, one after another, in
 * one write transaction (one commit for all: the writer process's group
 * commit, writer.h). Each is written in a savepoint of its own, so one that
 * is refused (the same form again, a limit) leaves the others. Returns DB_OK
 * when the transaction committed (each item's err and code then say what
 * came of it), or an error: then nothing was written and no item's outcome
 * holds. An item with a 验证码 is refused (DB_ERROR): its wrong tries are
 * written when the request is not.
 */
enum db_err	order_create_batch(struct db *db, struct order_batch_item *v, size_t n);
/* Whether o would pass today's limits (counting its phone as if confirmed
 * when o->confirm is set), without counting it: MODEL_OK, MODEL_LIMIT_PHONE,
 * MODEL_LIMIT_CLIENT, or an error. */
enum model_err	order_limit_check(struct db *db, const struct order_new *o,
		    const struct order_limits *lim);
/* Finds the code of the request made from form nonce: MODEL_OK and its
 * code, MODEL_NOT_FOUND, or an error. */
enum model_err	order_code_of_nonce(struct db *db, const char *nonce,
		    char code_out[CODE_LEN + 1]);
/* Copies the link an Open311 client sent with order_id (orders.media_url,
 * "" when none) into out (size len). Returns MODEL_OK, MODEL_NOT_FOUND or
 * an error. */
enum model_err	order_media_url(struct db *db, int64_t order_id, char *out, size_t len);
/* Counts again the requests out of time order (schema 23's change_counts
 * 'orders_disorder': a request newer than one entered after it), inside
 * the caller's write transaction, into *out_of_order: one pass over an
 * index (~0.9 s at a million). Returns DB_OK or an error. */
enum db_err	order_disorder_recount(struct db *db, int64_t *out_of_order);
/* Calls fn with the code and the first 可公开 completion photo's hash of
 * each of the n requests codes names that has one (once per request; not
 * for a request without one), all in one statement: a list's photos.
 * Returns MODEL_OK or an error. */
enum model_err	order_public_photos(struct db *db, const char *const *codes,
		    size_t n, void (*fn)(void *arg, const char *code,
		    const char *hash), void *arg);
/* Finds an order by tracking code or by manage-token hash. */
enum model_err	order_by_code(struct db *db, const char *code, struct order *out);
enum model_err	order_by_token(struct db *db, const unsigned char hash[32],
		    struct order *out);
/* Calls fn for each public event of the order, oldest first; an event's
 * note is given only where its field made it public (else ""). */
enum model_err	order_each_event(struct db *db, int64_t order_id,
		    void (*fn)(void *arg, const struct order_event *), void *arg);
/* Cancels an order for the resident with a reason. MODEL_BAD_STATE once a
 * volunteer has accepted it (or it is closed). */
enum model_err	order_cancel_by_resident(struct db *db, int64_t order_id,
		    const char *reason);
/* Who may read an event of a request's timeline, and its note. The note's
 * readers are those of the field it was typed in: only a field labelled
 * 群众可以看到 on its form gives EVENT_PUBLIC_NOTE. */
enum event_shown {
	EVENT_STAFF,		/* staff in scope only: the move and its note */
	EVENT_PUBLIC,		/* the move is on the public timeline, its note is not */
	EVENT_PUBLIC_NOTE,	/* the move and its note are public */
};

/* Records an event on an order (inside the caller's write transaction):
 * who (enum actor of order_state.h) and their id (0: none), the move, a
 * note, and who may read them. Returns DB_OK or an error. */
enum db_err	order_event_add(struct db *db, int64_t order_id, int64_t at, int actor,
		    int64_t actor_id, const char *from, const char *to, const char *note,
		    enum event_shown shown);
/* The Beijing date of t as YYYYMMDD, and the unix time the next day starts. */
int		order_day(int64_t t, int64_t *next_day_start);

/* SQL for the 所 of the site whose id is the expression org (the site
 * itself when an institute, else its parent when that is an institute, else
 * NULL): what orders.institute_id holds. */
/* SQL for the number a resident gave on request o: the mobile, else the
 * 座机 (stored "0349-5021234"), else ''. */
#define ORDER_PHONE(o) \
	"(CASE WHEN " o ".contact_phone <> '' THEN " o ".contact_phone ELSE " o ".contact_landline END)"

#define ORDER_INSTITUTE_OF(org) \
	"(SELECT CASE WHEN g.kind = 'institute' THEN g.id WHEN p.kind = 'institute'" \
	" THEN p.id END FROM orgs g LEFT JOIN orgs p ON p.id = g.parent_id" \
	" WHERE g.id = " org ")"

#endif
