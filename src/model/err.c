/*
 * err.c: the one mapping from the store's outcomes, the status of every
 * model outcome and its description (see err.h).
 */
#include "model/err.h"

/* Status and description of each outcome. */
static const struct {
	int		 status;
	const char	*text;
} outcomes[MODEL__MAX] = {
	[MODEL_OK] = { 200, "ok" },
	[MODEL_BUSY] = { 503, "the database is busy" },
	[MODEL_FULL] = { 503, "the disk is full" },
	[MODEL_ERROR] = { 500, "database error" },
	[MODEL_NOT_FOUND] = { 404, "not found" },
	[MODEL_DUPLICATE] = { 409, "done already, or someone acted first" },
	[MODEL_BAD_STATE] = { 409, "not allowed in its present state" },
	[MODEL_LIMIT_PHONE] = { 429, "the phone number reached its daily limit" },
	[MODEL_LIMIT_CLIENT] = { 429, "the client address reached its daily limit" },
	[MODEL_TAKEN] = { 409, "every place is taken" },
	[MODEL_NOT_MINE] = { 409, "not serving it" },
	[MODEL_BAD_VOLUNTEER] = { 400, "names someone not on the task" },
	[MODEL_NO_PLACE] = { 409, "no place left" },
	[MODEL_CLOSED] = { 409, "closed" },
	[MODEL_NOT_OPEN_TO] = { 403, "not open to this volunteer" },
	[MODEL_ALREADY] = { 409, "done already" },
	[MODEL_NOT_SIGNED] = { 409, "not signed up or in" },
	[MODEL_TOO_EARLY] = { 409, "too early" },
	[MODEL_TOO_LATE] = { 409, "too late" },
	[MODEL_NOT_READY] = { 409, "not yet possible" },
	[MODEL_BAD_NAME] = { 400, "a name must be 1 to 60 characters of UTF-8, without"
	    " control characters, and not only digits" },
	[MODEL_EXISTS] = { 409, "the name is taken already" },
	[MODEL_REVOKED] = { 409, "revoked already" },
	[MODEL_BAD_ORG] = { 400, "no such site, or the wrong kind of site for the role" },
	[MODEL_BAD_TEAM] = { 400, "no such team" },
};

enum model_err
model_err_of(enum db_err e)
{
	switch (e) {
	case DB_OK:	return MODEL_OK;
	case DB_BUSY:	return MODEL_BUSY;
	case DB_FULL:	return MODEL_FULL;
	default:	return MODEL_ERROR;
	}
}

int
model_status(enum model_err e)
{
	return (unsigned)e < MODEL__MAX ? outcomes[e].status : 500;
}

const char *
model_strerror(enum model_err e)
{
	return (unsigned)e < MODEL__MAX && outcomes[e].text ? outcomes[e].text : "unknown error";
}
