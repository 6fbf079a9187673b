/*
 * org.h: the tree of practice sites (中心 / 所 / 站 / 基地) as the pages see
 * it. Functions return DB_OK or an error; rows are handed to a callback so
 * nothing is allocated per row.
 */
#ifndef SIDAN_MODEL_ORG_H
#define SIDAN_MODEL_ORG_H

#include <stdint.h>

#include "model/db.h"

/* How many sites of each kind the tree holds, and how many are demo rows. */
struct org_counts {
	int	centers;
	int	institutes;
	int	stations, stations_demo;
	int	bases, bases_demo;
};

/* One institute (所) with the number of its stations. */
struct org_institute {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*division;	/* 街道, 镇 or 乡 */
	int		 stations;
	int		 stations_demo;
};

/* One station (站) with its institute. */
struct org_station {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*institute_code;
	const char	*institute_name;
	int64_t		 institute_id;
	int		 is_demo;
};

/* A site found by code. */
struct org_ref {
	int64_t	id;
	char	code[64];
	char	kind[12];		/* center, institute, station, base */
	char	name[NAME_SIZE];
	int64_t	parent_id;
	char	parent_code[64];	/* "" for the center */
};

/* Calls fn for each station, grouped by institute in order. */
enum db_err	org_each_station(struct db *db,
		    void (*fn)(void *arg, const struct org_station *), void *arg);
/* Finds a site by code. Returns DB_OK with found set to 1 or 0, or an error. */
enum db_err	org_by_code(struct db *db, const char *code, struct org_ref *out,
		    int *found);
/* Finds a site by id. Returns DB_OK with found set to 1 or 0, or an error. */
enum db_err	org_by_id(struct db *db, int64_t id, struct org_ref *out, int *found);
/* Finds the station or institute whose name appears in text (the longest
 * such name wins). Returns DB_OK with found set to 1 or 0. */
enum db_err	org_named_in(struct db *db, const char *text, struct org_ref *out,
		    int *found);
/* Returns the parent's id of site id (0 for the center), or -1. */
int64_t		org_parent_id(struct db *db, int64_t id);
/* Returns the id of the center, or 0. */
int64_t		org_center_id(struct db *db);
/* The phones residents without the form may call: the centre's office
 * phone (the service hotline) into hotline and site id's own office phone
 * into site ("" where none is on record; site "" too when id is the centre
 * or 0). Returns DB_OK or an error. */
enum db_err	org_phones(struct db *db, int64_t id, char hotline[64], char site[64]);

/* One site of a picker: its kind and the name of its parent. */
struct org_site {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*kind;		/* center, institute, station, base */
	const char	*parent_name;	/* "" for the center */
	int		 is_demo;
};
/* Calls fn for root and every site under it (root 0: the whole tree), the
 * center first, then each 所 followed by its stations and bases. */
enum db_err	org_each_within(struct db *db, int64_t root,
		    void (*fn)(void *arg, const struct org_site *), void *arg);

/* Fills c from the database. Returns DB_OK or an error. */
enum db_err	org_counts(struct db *db, struct org_counts *c);
/* Sets *n to the count of changes to places, services, platforms, projects
 * and teams (change_counts 'places'): a part of the validators of public
 * pages that show their names. */
enum db_err	org_places_version(struct db *db, int64_t *n);
/* Sets *places to that count and *news to the count of changes to the
 * articles of 工作动态 and their photos (change_counts 'news'). */
enum db_err	org_news_version(struct db *db, int64_t *places, int64_t *news);
/* Calls fn for each institute in order. Returns DB_OK or an error. */
enum db_err	org_each_institute(struct db *db,
		    void (*fn)(void *arg, const struct org_institute *), void *arg);

#endif
