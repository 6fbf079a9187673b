/*
 * rate.h: the rating form (群众评单) that the manage page and the tracking
 * page both show once a request is completed, and its two POST handlers.
 */
#ifndef SIDAN_PAGE_RATE_H
#define SIDAN_PAGE_RATE_H

#include "model/order.h"
#include "page/part/page.h"

/* What went wrong with a rating attempt, to show in the form. */
struct rate_error {
	const char		*message;
	const struct kvlist	*typed;		/* the form as posted */
};

/* Adds {{>RATE}} (rate.tpl) to d: the rating when o has one (its comment
 * too when private is set: the resident's own page, staff), and, when action
 * is not NULL, the rating form if o may be rated now, posting to action;
 * with_last4 asks for the phone's last four digits. Returns 0 or 500. */
int	rate_fill(struct req *r, struct tmpl_dict *d, const struct order *o,
	    const char *action, int with_last4, int private, const struct rate_error *err);

/* The pages the rating form returns to after a problem (manage.c, track.c):
 * find the request of a manage link (0 or an error status), and show the
 * manage or tracking page of o with status and the rating form's problem. */
int	manage_find(struct req *r, struct order *o);
int	manage_show(struct req *r, const struct order *o, int status, const struct rate_error *err);
int	track_show(struct req *r, const struct order *o, int status, const struct rate_error *err);

#endif
