/*
 * open311_out.h: what the three parts of the Open311 API share (open311.c
 * answers GETs, open311_post.c creates requests, open311_out.c writes the
 * answers): the format a path asks for, the response tree, and the writers
 * of answers and errors. Private to src/api/.
 */
#ifndef SIDAN_API_OPEN311_OUT_H
#define SIDAN_API_OPEN311_OUT_H

#include <stdint.h>

#include <cJSON.h>

#include "http/http.h"

#define AGENCY		"朔城区新时代文明实践中心"
#define SPEC_URL	"http://wiki.open311.org/GeoReport_v2"
#define CHANGESET	"2026-11-28T20:00:00+08:00"	/* when this API last changed */
#define DAYS_90		(90 * 86400)

/* What a path's extension asks for. */
enum fmt {
	FMT_NONE = 0,
	FMT_JSON,
	FMT_XML,
};

/* A response tree being built; failed is set when any part could not be. */
struct tree {
	cJSON	*root;
	int	 failed;
};

/* Splits file ("name.ext") and returns its format; name is the part before
 * the last '.' when the format is known, else "". */
enum fmt o311_fmt_split(const char *file, char *name, size_t len);
/* Adds item to parent, under key for an object or at the end of an array
 * (key NULL). Returns item, or NULL (freeing it) and marks t failed. */
cJSON *o311_put(struct tree *t, cJSON *parent, const char *key, cJSON *item);
/* Adds a string member; returns what put returns. */
cJSON *o311_put_str(struct tree *t, cJSON *obj, const char *key, const char *s);
/* Adds a time member, as Open311 writes times. */
void o311_put_time(struct tree *t, cJSON *obj, const char *key, int64_t at);
/*
 * Answers status with tree t (freed here) in format f. root and item name
 * the XML document element and, if t is a list, its items. Returns 0, or
 * 500 if the tree is incomplete or cannot be written.
 */
int o311_send_tree(struct req *r, enum fmt f, int status, struct tree *t,
    const char *root, const char *item);
/* Adds one error {code, description} to the list t. */
void o311_error_add(struct tree *t, int code, const char *description);
/* Reads the start_date and end_date parameters (each may be NULL): ISO 8601,
 * start not after end, at most 90 days apart. Sets *start and *end from
 * those given; on a problem adds a 400 to t and returns -1, else 0. */
int o311_date_range(struct tree *t, const char *sd, const char *ed, int64_t *start,
    int64_t *end);
/* Answers status with the error list t (freed here). Returns 0 or 500. */
int o311_send_errors(struct req *r, enum fmt f, int status, struct tree *t);
/* Answers status with one error. Returns 0 or 500. */
int o311_send_error(struct req *r, enum fmt f, int status, const char *description);
/* Answers a database failure: 503 with Retry-After when it is busy or the
 * disk is full, else 500. Returns 0 or 500. */
int o311_send_db_error(struct req *r, enum fmt f, int busy);

#endif
