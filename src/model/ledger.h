/*
 * ledger.h: 台账 of a place for a range of days, as the model reads it:
 * the requests made there (with who served, the hours confirmed, the dates
 * of each step and the rating), the activities held there, and per
 * volunteer the confirmed hours of those requests and activities. No
 * resident's name, phone or address is ever read. Rows are handed to
 * callbacks; their strings live until the callback returns.
 */
#ifndef SIDAN_MODEL_LEDGER_H
#define SIDAN_MODEL_LEDGER_H

#include <stdint.h>

#include "model/db.h"

/* What a ledger covers: the site org_id and the sites directly under it
 * (all: every site, the centre's ledger), requests made and activities
 * starting in [from, to). */
struct ledger_range {
	int64_t	org_id;
	int	all;
	int64_t	from, to;
};

/* One request. Times are 0 when the step has not happened. */
struct ledger_order {
	int64_t		 id;
	const char	*code;
	const char	*service;
	const char	*place;		/* the site's name */
	const char	*channel;	/* web, open311, phone, walkin */
	const char	*state;
	const char	*team;		/* "" if none */
	const char	*volunteers;	/* "name（number）、..." of those who served, or "" */
	int64_t		 minutes;	/* confirmed */
	int64_t		 created_at, dispatched_at, accepted_at, completed_at;
	int		 rating;	/* 1..5, 0 for none */
};

/* One activity. */
struct ledger_activity {
	int64_t		 id;
	const char	*title;
	const char	*organiser;	/* the site's name, with the team's if it has one */
	const char	*place;		/* where, as the organiser typed it */
	int64_t		 starts_at;
	int		 signups, signed_in, signed_out;
	int64_t		 minutes;	/* confirmed */
};

/* One volunteer who served in the ledger's requests or activities. */
struct ledger_volunteer {
	int64_t		 id;
	const char	*number;	/* 统一编号, "" if none yet */
	const char	*name;
	const char	*teams;		/* "、"-joined, "" if none */
	int64_t		 minutes;	/* confirmed, of this ledger's work */
};

/* The extra columns of one request for the desk's CSV export. */
struct ledger_extra {
	char	volunteers[2048];	/* as ledger_order's, cut at a whole name */
	int64_t	minutes;
	int64_t	dispatched_at, accepted_at, completed_at;
	int	rating;
};

/* Calls fn for each request of range rg, oldest first. Returns DB_OK or an
 * error. */
enum db_err	ledger_orders(struct db *db, const struct ledger_range *rg,
		    void (*fn)(void *arg, const struct ledger_order *), void *arg);
/* Calls fn for each activity (not cancelled) of rg, by start. */
enum db_err	ledger_activities(struct db *db, const struct ledger_range *rg,
		    void (*fn)(void *arg, const struct ledger_activity *), void *arg);
/* Calls fn for each volunteer who served in rg's requests (served) or
 * activities (signed in), or has hours of them, by number. */
enum db_err	ledger_volunteers(struct db *db, const struct ledger_range *rg,
		    void (*fn)(void *arg, const struct ledger_volunteer *), void *arg);
/* Sets *n to the number of requests of rg. Returns DB_OK or an error. */
enum db_err	ledger_count(struct db *db, const struct ledger_range *rg, int64_t *n);
/* Fills x for request order_id. Returns DB_OK or an error. */
enum db_err	ledger_order_extra(struct db *db, int64_t order_id, struct ledger_extra *x);
/* Returns the Chinese label of a request's channel (网上点单 ...). */
const char	*ledger_channel_label(const char *channel);

#endif
