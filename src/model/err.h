/*
 * err.h: the one error type of the model. Every model call that can fail
 * for more than the store's reasons returns an enum model_err: the store's
 * own outcomes (busy, disk full, anything else) first, then what a call may
 * find (not found, someone acted first, a state that forbids it, a limit,
 * and the outcomes particular to volunteers, activities, keys, accounts and
 * ratings). model_err_of() is the one mapping from the store's outcomes;
 * model_status() the one HTTP status for each; pages choose their words but
 * never their own status for the store's outcomes.
 */
#ifndef SIDAN_MODEL_ERR_H
#define SIDAN_MODEL_ERR_H

#include "model/db.h"

enum model_err {
	MODEL_OK = 0,
	/* The store's outcomes (model_err_of). */
	MODEL_BUSY,		/* the write lock or database stayed busy: 503, try again */
	MODEL_FULL,		/* the disk is full: 503, nothing was saved */
	MODEL_ERROR,		/* anything else: 500 */
	/* What a call may find. */
	MODEL_NOT_FOUND,	/* no such thing (or not for this person): 404 */
	MODEL_DUPLICATE,	/* the same submission again, or someone acted first: 409 */
	MODEL_BAD_STATE,	/* the state machine does not allow it now: 409 */
	MODEL_LIMIT_PHONE,	/* the phone number reached its daily limit: 429 */
	MODEL_LIMIT_CLIENT,	/* the client address reached its daily limit: 429 */
	MODEL_TAKEN,		/* 已被接单: every place on the task is taken: 409 */
	MODEL_NOT_MINE,		/* the volunteer is not serving the task: 409 */
	MODEL_BAD_VOLUNTEER,	/* a completion names someone not on the task: 400 */
	MODEL_NO_PLACE,		/* an activity's places are all taken: 409 */
	MODEL_CLOSED,		/* cancelled, started, or a window that has ended: 409 */
	MODEL_NOT_OPEN_TO,	/* the volunteer is not among those it is open to: 403 */
	MODEL_ALREADY,		/* done already (signed up, signed in, rated): 409 */
	MODEL_NOT_SIGNED,	/* not signed up, or not signed in: 409 */
	MODEL_TOO_EARLY,	/* before its window opens: 409 */
	MODEL_TOO_LATE,		/* after its window closed: 409 */
	MODEL_NOT_READY,	/* not yet possible (a request not completed): 409 */
	MODEL_BAD_NAME,		/* a name the store will not take: 400 */
	MODEL_EXISTS,		/* the name, login or phone is taken: 409 */
	MODEL_REVOKED,		/* the key was revoked already: 409 */
	MODEL_BAD_ORG,		/* no such site, or the wrong kind for the role: 400 */
	MODEL_BAD_TEAM,		/* a leader needs an existing team: 400 */
	MODEL__MAX
};

/* The model's outcome for a store outcome: DB_OK, DB_BUSY, DB_FULL and
 * DB_ERROR become MODEL_OK, MODEL_BUSY, MODEL_FULL and MODEL_ERROR. */
enum model_err	 model_err_of(enum db_err e);
/* The HTTP status an outcome answers with when a page has nothing better to
 * say (200 for MODEL_OK). */
int		 model_status(enum model_err e);
/* A short English description of e, for logs and the command line. */
const char	*model_strerror(enum model_err e);

#endif
