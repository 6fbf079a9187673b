/*
 * exchange.h: 积分兑换 (the 爱心超市). A place (中心, 所 or 站) lists goods
 * or services with a price in points and a stock; a volunteer asks for one
 * (the points are held from then on), staff of the place hand it over
 * (done: the stock goes down by one) or either side cancels (the points
 * come back; a done exchange cancelled puts the stock back too).
 *
 * A volunteer's balance is their earned points, floor(confirmed minutes ×
 * points_per_hour / 60), less the points of their asked and done
 * exchanges. Every change runs in one write transaction that reads the
 * balance, the stock and the state again inside it, so the balance and the
 * stock never go below zero and of two people acting on the same last
 * points or last item exactly one wins. Rows are handed to callbacks; their
 * strings live until the callback returns.
 */
#ifndef SIDAN_MODEL_EXCHANGE_H
#define SIDAN_MODEL_EXCHANGE_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"

struct place_scope;

/* Limits of a goods row, as the schema has them. */
#define GOODS_NAME_MAX		40
#define GOODS_NOTE_MAX		200
#define GOODS_POINTS_MAX	100000
#define EXCHANGE_REASON_MAX	200

/* One goods row with its place. */
struct goods {
	int64_t		 id;
	int64_t		 org_id, org_parent_id;	/* parent 0 for the centre */
	const char	*org_name;
	const char	*name, *note;
	int		 points, stock, active;
};

/* What staff set on a goods row (checked by the page). */
struct goods_fields {
	const char	*name, *note;
	int		 points, stock, active;
};

/* One exchange with its goods, place and volunteer. */
struct exchange {
	int64_t		 id, goods_id, volunteer_id;
	int64_t		 org_id, org_parent_id;
	const char	*goods_name, *org_name;
	const char	*volunteer_name, *number;	/* number "" if none */
	const char	*state;		/* asked, done, cancelled */
	const char	*reason;	/* why cancelled, "" if not said */
	int		 points;
	int		 stock;		/* the goods' stock now */
	int		 by_volunteer;	/* cancelled by the volunteer */
	int64_t		 asked_at, done_at, cancelled_at;
};

/* A volunteer's points. */
struct points {
	int64_t	earned;		/* floor(confirmed minutes × per hour / 60) */
	int64_t	held;		/* points of asked and done exchanges */
	int64_t	balance;	/* earned − held */
	int64_t	minutes;	/* confirmed minutes */
};

/* Adds goods at org_id made by user_id. Returns MODEL_OK with *id set, or
 * a store error. */
enum model_err	goods_create(struct db *db, int64_t org_id, int64_t user_id,
		    const struct goods_fields *g, int64_t *id);
/* Sets goods id's fields. Returns MODEL_OK, MODEL_NOT_FOUND or a store
 * error. */
enum model_err	goods_update(struct db *db, int64_t id, const struct goods_fields *g);
/* Calls fn with goods id. Returns MODEL_OK, MODEL_NOT_FOUND or a store
 * error. */
enum model_err	goods_get(struct db *db, int64_t id,
		    void (*fn)(void *arg, const struct goods *), void *arg);
/* Calls fn for every goods row whose place is in scope sc (none for team
 * leaders), by place, then newest first. Returns MODEL_OK or an error. */
enum model_err	goods_each_in_scope(struct db *db, const struct place_scope *sc,
		    void (*fn)(void *arg, const struct goods *), void *arg);
/* Calls fn for the active goods with stock that volunteer vid may ask for:
 * those of their own place, of its parent and of the centre; cheapest
 * first. Returns MODEL_OK or an error. */
enum model_err	goods_each_for_volunteer(struct db *db, int64_t vid,
		    void (*fn)(void *arg, const struct goods *), void *arg);

/* Reads volunteer vid's points with per_hour points an hour. Returns
 * MODEL_OK or a store error. */
enum model_err	exchange_points(struct db *db, int64_t vid, int per_hour, struct points *out);
/* Volunteer vid asks for goods gid, paying its price now (per_hour as
 * above). Returns MODEL_OK with *id set; MODEL_NOT_FOUND (no such goods,
 * not active, or not at their places); MODEL_NO_PLACE (stock 0);
 * MODEL_NOT_READY (their balance is short of the price; *balance says
 * what it is); or a store error. Nothing changes unless MODEL_OK. */
enum model_err	exchange_ask(struct db *db, int64_t vid, int64_t gid, int per_hour,
		    int64_t *id, int64_t *balance);
/* Staff user_id hands exchange id over: asked → done, stock − 1. Returns
 * MODEL_OK; MODEL_NOT_FOUND; MODEL_BAD_STATE (done or cancelled already);
 * MODEL_NO_PLACE (the stock is 0); or a store error. */
enum model_err	exchange_confirm(struct db *db, int64_t id, int64_t user_id);
/* Cancels exchange id with reason: by staff user_id (vid 0) an asked or a
 * done one (a done one puts the stock back); by volunteer vid (user_id 0)
 * only their own asked one. Returns MODEL_OK; MODEL_NOT_FOUND (none, or
 * not the volunteer's); MODEL_BAD_STATE; or a store error. */
enum model_err	exchange_cancel(struct db *db, int64_t id, int64_t user_id, int64_t vid,
		    const char *reason);
/* Reads exchange id's place and volunteer. Returns MODEL_OK,
 * MODEL_NOT_FOUND or a store error. */
enum model_err	exchange_place(struct db *db, int64_t id, int64_t *org_id,
		    int64_t *parent_id, int64_t *vid);
/* Calls fn for volunteer vid's exchanges, newest first. */
enum model_err	exchange_each_of_volunteer(struct db *db, int64_t vid,
		    void (*fn)(void *arg, const struct exchange *), void *arg);
/* Calls fn for the exchanges at places in scope sc, newest first, at most
 * limit: all of them when who is NULL, else the asked ones of the volunteer
 * whose number (统一编号) or phone is who. */
enum model_err	exchange_each_in_scope(struct db *db, const struct place_scope *sc,
		    const char *who, int limit,
		    void (*fn)(void *arg, const struct exchange *), void *arg);

#endif
