/*
 * activity_view.h: how an activity is written into a template dictionary,
 * the same on the public pages, the organiser's pages and the volunteer's.
 */
#ifndef SIDAN_PAGE_ACTIVITY_VIEW_H
#define SIDAN_PAGE_ACTIVITY_VIEW_H

#include "model/activity.h"
#include "view/tmpl.h"

/* Sets ID, TITLE, PLATFORM(_CODE), PROJECT(_CODE) and HAS_PROJECT, SITE,
 * SITE_CODE, PLACE (the place, else the site's name) and HAS_PLACE, DATE ("12月5日 周六"), TIME ("09:00–11:30"), DAY
 * (YYYY-MM-DD), CAPACITY, SIGNED_UP, LEFT, FULL, SUMMARY, OPEN_TO (who may
 * sign up, in words), CANCELLED and DEMO from a into d. */
void	activity_fill(struct tmpl_dict *d, const struct activity *a);
/* Turns what activity_find returned (e, and *found, read only after the
 * call: pass its address) into a handler's answer: 0 when the activity was
 * found, 404 when there is none, 503 when the database was busy or full,
 * else 500. */
int	activity_find_status(enum db_err e, const int *found);
/* Writes the Beijing date of t as "12月5日 周六" into buf. */
void	activity_date_words(int64_t t, char *buf, size_t len);

#endif
