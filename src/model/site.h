/*
 * site.h: the sites directory (/sites), a site's own page, its poster and
 * the map (一图可视) as the model sees them: every site of the tree with its
 * details and coordinates, a site's children and teams, and the requests
 * counted per site. Rows are handed to callbacks; their strings live until
 * the callback returns. The import of sites from a CSV file (`sidan site
 * import`) is in site_import.c.
 */
#ifndef SIDAN_MODEL_SITE_H
#define SIDAN_MODEL_SITE_H

#include <stdint.h>

#include "../db.h"

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
 * month_start, and in all. Returns DB_OK or an error. */
enum db_err	site_figures(struct db *db, int64_t id, int64_t month_start,
		    struct site_figures *out);
/* Calls fn(arg, org_id, n) for each site with n > 0 requests made at or
 * after since, counted at the site itself only. */
enum db_err	site_requests_by_org(struct db *db, int64_t since,
		    void (*fn)(void *arg, int64_t org_id, int n), void *arg);

/* The Chinese name of a site's kind (中心, 实践所, 实践站, 特色基地,
 * 志愿服务基地), from kind and base_kind. */
const char	*site_kind_label(const char *kind, const char *base_kind);
/* Returns 1 if the order form's ?site=CODE chooses a place for a site of
 * this kind under a parent of parent_kind (a station, an institute, a base
 * under an institute), 0 if the resident must choose (the center and its
 * own bases: the form offers institutes and stations only). */
int		site_order_preset(const char *kind, const char *parent_kind);

#endif
