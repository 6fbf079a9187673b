/*
 * org.h: the tree of practice sites (中心 / 所 / 站 / 基地) as the pages see
 * it. Functions return DB_OK or an error; rows are handed to a callback so
 * nothing is allocated per row.
 */
#ifndef SIDAN_MODEL_ORG_H
#define SIDAN_MODEL_ORG_H

#include <stdint.h>

#include "../db.h"

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

/* Fills c from the database. Returns DB_OK or an error. */
enum db_err	org_counts(struct db *db, struct org_counts *c);
/* Calls fn for each institute in order. Returns DB_OK or an error. */
enum db_err	org_each_institute(struct db *db,
		    void (*fn)(void *arg, const struct org_institute *), void *arg);

#endif
