/*
 * site.h: the sites directory (/sites), a site's own page, its poster and
 * the map (一图可视) as the model sees them: every site of the tree with its
 * details and coordinates, a site's children and teams, and the requests
 * counted per site. Rows are handed to callbacks; their strings live until
 * the callback returns; and the desk's editing of a site's details, each
 * change recorded. The import of sites from a CSV file (`sidan site
 * import`) is in site_import.c.
 */
#ifndef SIDAN_MODEL_SITE_H
#define SIDAN_MODEL_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"

/* One site with everything its page shows. */
struct site {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*kind;		/* center, institute, station, base */
	const char	*division;	/* 街道, 镇, 乡 for institutes, else "" */
	const char	*base_kind;	/* feature, volunteer for bases, else "" */
	int64_t		 parent_id;	/* 0 for the center */
	const char	*parent_name;	/* "" for the center */
	const char	*parent_kind;	/* "" for the center */
	const char	*address;	/* "" when not on record */
	const char	*open_hours;
	const char	*office_phone;
	int		 has_coords;
	double		 lat, lon;
	const char	*source;
	int		 is_demo;
	int		 children;	/* sites directly under it */
};

/* One team whose area is a site. */
struct site_team {
	int64_t		 id;
	const char	*name;
	const char	*kind;		/* corps, branch, professional, social */
	int		 is_demo;
};

/* Requests of a site and the sites under it. */
struct site_figures {
	int	month;		/* made since the start of this month (Beijing) */
	int	all;		/* ever made */
};

/* Calls fn for every site in tree order: the center, then each institute
 * followed by the sites under it, then the bases under the center. Returns
 * DB_OK or an error. */
enum db_err	site_each(struct db *db, void (*fn)(void *arg, const struct site *),
		    void *arg);
/* Finds a site by id and calls fn with it. Returns DB_OK with *found set to
 * 1 or 0, or an error. */
enum db_err	site_get(struct db *db, int64_t id,
		    void (*fn)(void *arg, const struct site *), void *arg, int *found);
/* Calls fn for each site directly under id, by kind and order. */
enum db_err	site_each_child(struct db *db, int64_t id,
		    void (*fn)(void *arg, const struct site *), void *arg);
/* Calls fn for each active team whose area is site id. */
enum db_err	site_each_team(struct db *db, int64_t id,
		    void (*fn)(void *arg, const struct site_team *), void *arg);
/* Counts the requests of site id and of every site under it: since
 * month_start (this month's from the kept counts, site_keep), and in all.
 * Returns DB_OK or an error. */
enum db_err	site_figures(struct db *db, int64_t id, int64_t month_start,
		    struct site_figures *out);
/* Calls fn(arg, org_id, n) for each site with n > 0 requests made at or
 * after since, counted at the site itself only. For since the start of
 * this month, the counts the housekeeping process last kept (site_keep). */
enum db_err	site_requests_by_org(struct db *db, int64_t since,
		    void (*fn)(void *arg, int64_t org_id, int n), void *arg);
/* Counts each site's requests made since month_start and writes them as
 * the kept row "sites.month" (kept.h). Returns DB_OK or the error. */
enum db_err	site_keep(struct db *db, int64_t month_start, int64_t now);

/*
 * Editing a site's details on the desk (/desk/sites/{id}). The checks of
 * each field are site_import.h's, shared with `sidan site import`.
 */

/* A site's details as staff set them: "" for "not on record". */
struct site_details {
	const char	*address;
	const char	*open_hours;
	const char	*office_phone;
	int		 has_coords;
	double		 lat, lon;
};

/* One recorded change of a site's details (site_changes). */
struct site_change {
	int64_t		 at;
	const char	*user;		/* the staff member's name, "" if gone */
	const char	*login;
	const char	*field;		/* address, open_hours, office_phone, position */
	const char	*old_value;	/* "" for none; a position as "lat, lon" */
	const char	*new_value;
};

struct place_scope;

/* Returns 1 if staff with scope sc may edit the details of the site id
 * whose parent is parent_id (0 for none): the centre's staff any site, a
 * 所's its own and those directly under it, a 站's its own; else 0 (team
 * leaders none). */
int		site_in_scope(const struct place_scope *sc, int64_t id, int64_t parent_id);
/* Sets site id's details to d for staff member user_id, recording each
 * field that changes (old and new value) in site_changes, in one write
 * transaction. Returns DB_OK with *found 0 or 1 and *changed the number of
 * fields changed (0: nothing was written), or an error. */
enum db_err	site_details_set(struct db *db, int64_t id, int64_t user_id,
		    const struct site_details *d, int *found, int *changed);
/* Calls fn for the latest limit changes of site id's details, newest
 * first. Returns DB_OK or an error. */
enum db_err	site_each_change(struct db *db, int64_t id, int limit,
		    void (*fn)(void *arg, const struct site_change *), void *arg);
/* Returns the Chinese label of a site_change field ("地址" ...). */
const char	*site_field_label(const char *field);
/* Writes degrees in the fewest digits that read back as the same number
 * ("39.3325"), into buf of len bytes (32 is enough). */
void		site_degrees_format(double v, char *buf, size_t len);

/* The Chinese name of a site's kind (中心, 实践所, 实践站, 特色基地,
 * 志愿服务基地), from kind and base_kind. */
const char	*site_kind_label(const char *kind, const char *base_kind);
/* Returns 1 if the order form's ?site=CODE chooses a place for a site of
 * this kind under a parent of parent_kind (a station, an institute, a base
 * under an institute), 0 if the resident must choose (the center and its
 * own bases: the form offers institutes and stations only). */
int		site_order_preset(const char *kind, const char *parent_kind);

#endif
