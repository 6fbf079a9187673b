/*
 * stars.h: 星级志愿者: the confirmed hours that make one to five stars
 * (the star_levels table; the national thresholds of the 《志愿服务记录办法》,
 * 100/300/600/1000/1500 hours, unless the admin set the place's own).
 */
#ifndef SIDAN_MODEL_STARS_H
#define SIDAN_MODEL_STARS_H

#include <stdint.h>

#include "model/db.h"

#define STARS_MAX	5
/* The bounds of a threshold, in hours. */
#define STARS_HOURS_MIN	1
#define STARS_HOURS_MAX	100000

/* The national defaults, hours for one to five stars. */
extern const int stars_national[STARS_MAX];

/* The thresholds in force: hours[i] for i + 1 stars, strictly increasing. */
struct star_levels {
	int	hours[STARS_MAX];
	int64_t	updated_at;	/* 0: never changed (the defaults) */
};

/* Reads the thresholds into out. Returns DB_OK or an error. */
enum db_err	stars_read(struct db *db, struct star_levels *out);
/* Returns the stars (0..5) that minutes of confirmed service earn. */
int		stars_of(const struct star_levels *l, int64_t minutes);
/* Returns the minutes still wanted for the next star, 0 at five stars. */
int64_t		stars_to_next(const struct star_levels *l, int64_t minutes);
/* Returns "★★★" for n stars ("" for none). */
const char	*stars_glyphs(int n);
/* Returns "三星级志愿者" for n stars ("" for none). */
const char	*stars_title(int n);
/* Returns 1 if hours (STARS_MAX of them) are each in bounds and strictly
 * increasing, else 0. */
int		stars_valid(const int hours[STARS_MAX]);
/* Stores new thresholds as user_id, all in one transaction. Returns DB_OK,
 * DB_ERROR for thresholds stars_valid refuses, or the store's error. */
enum db_err	stars_set(struct db *db, const int hours[STARS_MAX], int64_t user_id);

#endif
