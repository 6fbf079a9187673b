/*
 * catalog.h: the five platforms (平台) and the service projects, as pages
 * read them.
 */
#ifndef SIDAN_MODEL_CATALOG_H
#define SIDAN_MODEL_CATALOG_H

#include <stdint.h>

#include "model/db.h"

struct platform {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*summary;
};

struct project {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*kind;		/* fixed or featured */
	const char	*platform;	/* the platform's name, or "" */
	const char	*summary;
};

/* Calls fn for each platform in order. Returns DB_OK or an error. */
enum db_err	catalog_each_platform(struct db *db,
		    void (*fn)(void *arg, const struct platform *), void *arg);
/* Calls fn for each project of kind ("fixed" or "featured") in order. */
enum db_err	catalog_each_project(struct db *db, const char *kind,
		    void (*fn)(void *arg, const struct project *), void *arg);

/* Finds a platform (a project) by its code: calls fn once if there is one.
 * Returns DB_OK (found or not) or an error. */
enum db_err	catalog_find_platform(struct db *db, const char *code,
		    void (*fn)(void *arg, const struct platform *), void *arg);
enum db_err	catalog_find_project(struct db *db, const char *code,
		    void (*fn)(void *arg, const struct project *), void *arg);

#endif
