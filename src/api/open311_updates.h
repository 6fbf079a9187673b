/*
 * open311_updates.h: the mySociety Open311 extension GET
 * /open311/v2/servicerequestupdates.{json,xml}: the public events of
 * requests in a time range, as FixMyStreet's GetUpdates reads them.
 */
#ifndef SIDAN_API_OPEN311_UPDATES_H
#define SIDAN_API_OPEN311_UPDATES_H

#include "http/http.h"

/* GET servicerequestupdates.{json,xml}?start_date&end_date[&jurisdiction_id]:
 * answers the list, or a 400 in the spec's error format for a bad date.
 * Returns 0, or 500 when even an error answer cannot be built. */
int	open311_get_updates(struct req *r);

#endif
