/*
 * site_import.h: adding or updating one site by its code, for `sidan site
 * import`, inside a transaction the caller holds: the rules of the tree
 * (an institute under the center, a station under an institute, a base
 * under either; one center; a site keeps its kind) and the check of an
 * office phone number.
 */
#ifndef SIDAN_MODEL_SITE_IMPORT_H
#define SIDAN_MODEL_SITE_IMPORT_H

#include "../db.h"

/* One row to add or update. NULL (or has_coords 0) for a field means "not
 * given": a new site gets the default ("" or no coordinates), an existing
 * one keeps what it has. */
struct site_row {
	const char	*code;		/* required */
	const char	*name;		/* required, 1..100 characters */
	const char	*kind;		/* center, institute, station, base */
	const char	*parent_code;	/* "" or NULL only for the center */
	const char	*base_kind;	/* feature or volunteer: bases only */
	const char	*address;
	const char	*open_hours;
	const char	*office_phone;
	const char	*source;
	int		 has_coords;
	double		 lat, lon;
};

enum site_import_result {
	SITE_ADDED = 0,
	SITE_UPDATED,
	SITE_NO_PARENT,		/* the parent's code is not in the database */
	SITE_BAD_PARENT,	/* the parent is of the wrong kind for this kind */
	SITE_KIND_CHANGED,	/* the code exists with another kind */
	SITE_SECOND_CENTER,	/* a center with another code exists */
	SITE_NEED_BASE_KIND,	/* a new base without feature/volunteer */
	SITE_DB_ERROR,
	SITE__MAX
};

/* Adds row, or updates the site with its code, in the caller's
 * transaction. Returns SITE_ADDED, SITE_UPDATED or why not. */
enum site_import_result	site_import_row(struct db *db, const struct site_row *row);
/* Returns the Chinese reason for a result (for the import's report). */
const char	*site_import_strerror(enum site_import_result e);
/* Returns NULL if s looks like an office (landline) number, such as
 * 0349-5021234, 5021234 or 400-123-4567, else the Chinese reason (a
 * mobile number is refused: an office phone is never a person's). */
const char	*site_office_phone_problem(const char *s);

#endif
