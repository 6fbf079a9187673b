/*
 * honour.h: the honour roll (光荣榜): volunteers by confirmed hours, only
 * those who agreed to be shown and only by the display name they chose;
 * and a volunteer's consent and display name.
 */
#ifndef SIDAN_MODEL_HONOUR_H
#define SIDAN_MODEL_HONOUR_H

#include <stdint.h>

#include "model/db.h"

/* Calls fn for each volunteer on the roll (approved, agreed, with a
 * display name and confirmed hours), most minutes first, at most limit
 * (up to 100). The order and minutes are what the housekeeping process
 * last kept (honour_keep); who is on it and their names are read now. */
enum db_err	honour_each(struct db *db, int limit,
		    void (*fn)(void *arg, const char *display_name, int64_t minutes), void *arg);
/* Computes the roll's order and minutes and writes them as the kept row
 * "honour" (kept.h). Returns DB_OK or the error. */
enum db_err	honour_keep(struct db *db, int64_t now);
/* Reads volunteer vid's consent and display name (name holds 20
 * characters of UTF-8). */
enum db_err	honour_get(struct db *db, int64_t vid, int *on_roll, char name[96]);
/* Sets vid's consent and display name (already validated). */
enum db_err	honour_set(struct db *db, int64_t vid, int on_roll, const char *display_name);

#endif
