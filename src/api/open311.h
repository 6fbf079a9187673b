/*
 * open311.h: the Open311 GeoReport v2 API under /open311/v2/: discovery,
 * the service list and definitions, the public list of requests, and
 * creating a request with an API key. Every answer is JSON or XML as the
 * path's extension asks (.json, .xml), errors included, in the spec's error
 * format. Nothing it answers holds a resident's personal data.
 */
#ifndef SIDAN_API_OPEN311_H
#define SIDAN_API_OPEN311_H

#include <stdint.h>

#include "http/http.h"

/* Length of an Open311 time, "2026-11-28T20:06:56+08:00", without the NUL. */
#define OPEN311_TIME_LEN 25

/* Handlers, in route table order. Each answers in the requested format and
 * returns 0, or returns 500 when even an error answer cannot be built. */
/* GET /open311/v2/{discovery,services,requests}.{json,xml} */
int	open311_get(struct req *r);
/* POST /open311/v2/requests.{json,xml}: creates a request. */
int	open311_post(struct req *r);
/* GET /open311/v2/services/{service_code}.{json,xml}: a service definition. */
int	open311_get_service(struct req *r);
/* GET /open311/v2/requests/{service_request_id}.{json,xml}: one request. */
int	open311_get_request(struct req *r);

/* For an error raised before an Open311 handler ran (a body too large, a
 * content type not accepted, a repeated or badly encoded parameter, a path
 * no route matches): when r's path is under /open311/, answers status in
 * the spec's error format (XML for a path ending .xml, else JSON) and
 * returns 1; else returns 0 and the caller shows the HTML error page. */
int	open311_error(struct req *r, int status);

/* Writes t as ISO 8601 Beijing time with its offset into out. */
void	open311_time_format(int64_t t, char out[OPEN311_TIME_LEN + 1]);
/*
 * Parses an ISO 8601 date or date and time: YYYY-MM-DD, optionally followed
 * by T (or a space) and hh:mm, hh:mm:ss or hh:mm:ss.fraction, then Z or an
 * offset +hh:mm, +hhmm or +hh (or -); no offset means Beijing time. A space
 * for the offset's '+' is read as '+' (an unescaped '+' in a query string
 * arrives as a space). Returns 0 and the unix time in *out, or -1.
 */
int	open311_time_parse(const char *s, int64_t *out);

#endif
