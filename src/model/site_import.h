/*
 * site_import.h: adding or updating one site by its code, for `sidan site
 * import`, inside a transaction the caller holds: the rules of the tree
 * (an institute under the center, a station under an institute, a base
 * under either; one center; a site keeps its kind), and the checks of a
 * site's office phone number, address, opening hours and position that the
 * desk's form shares.
 */
#ifndef SIDAN_MODEL_SITE_IMPORT_H
#define SIDAN_MODEL_SITE_IMPORT_H

#include "model/db.h"
#include "lib/validate.h"

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
/*
 * The rules a site's details must keep, shared by `sidan site import` and
 * the desk's form (/desk/sites/{id}), so both accept exactly the same.
 */

/* The characters an address or opening hours may hold. */
#define SITE_TEXT_MAX	100

/* Returns NULL if s looks like an office (landline) number, such as
 * 0349-5021234, 5021234 or 400-123-4567, else the Chinese reason (a
 * mobile number is refused: an office phone is never a person's, and it
 * is shown on the site's public page). */
const char	*site_office_phone_problem(const char *s);
/* Returns VALID_OK if s may be a site's address or opening hours: one line
 * of at most SITE_TEXT_MAX characters, or empty; else the reason, for
 * valid_message. */
enum valid	 site_text_check(const char *s);

/* What site_position_parse found. */
enum site_pos {
	SITE_POS_OK = 0,	/* both given and good */
	SITE_POS_NONE,		/* both empty: no position */
	SITE_POS_HALF,		/* one given, the other empty */
	SITE_POS_BAD_LAT,	/* the latitude is not a number in -90..90 */
	SITE_POS_BAD_LON	/* the longitude is not a number in -180..180 */
};
/* Reads a position typed as two decimal numbers of degrees (digits, at most
 * one point, an optional sign: "39.3325", "112.4286"). Sets *lat and *lon
 * when it returns SITE_POS_OK. */
enum site_pos	 site_position_parse(const char *lat, const char *lon,
		    double *lat_out, double *lon_out);

#endif
