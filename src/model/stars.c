/*
 * stars.c: the star_levels table (see stars.h).
 */
#include <stdio.h>

#include "model/stars.h"
#include "lib/util.h"

const int stars_national[STARS_MAX] = { 100, 300, 600, 1000, 1500 };

enum db_err
stars_read(struct db *db, struct star_levels *out)
{
	static const char sql[] =
	    "SELECT stars, hours, coalesce(updated_at, 0) FROM star_levels ORDER BY stars";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	for (int i = 0; i < STARS_MAX; i++)
		out->hours[i] = stars_national[i];
	out->updated_at = 0;
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int s = sqlite3_column_int(st, 0);
		int64_t at = sqlite3_column_int64(st, 2);

		if (s >= 1 && s <= STARS_MAX)
			out->hours[s - 1] = sqlite3_column_int(st, 1);
		if (at > out->updated_at)
			out->updated_at = at;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

int
stars_of(const struct star_levels *l, int64_t minutes)
{
	int n = 0;

	for (int i = 0; i < STARS_MAX; i++)
		if (minutes >= (int64_t)l->hours[i] * 60)
			n = i + 1;
	return n;
}

int64_t
stars_to_next(const struct star_levels *l, int64_t minutes)
{
	int n = stars_of(l, minutes);

	if (n >= STARS_MAX)
		return 0;
	return (int64_t)l->hours[n] * 60 - minutes;
}

int
stars_valid(const int hours[STARS_MAX])
{
	for (int i = 0; i < STARS_MAX; i++) {
		if (hours[i] < STARS_HOURS_MIN || hours[i] > STARS_HOURS_MAX)
			return 0;
		if (i > 0 && hours[i] <= hours[i - 1])
			return 0;
	}
	return 1;
}

enum db_err
stars_set(struct db *db, const int hours[STARS_MAX], int64_t user_id)
{
	static const char sql[] =
	    "INSERT INTO star_levels(stars, hours, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT(stars) DO UPDATE SET hours = excluded.hours,"
	    " updated_by = excluded.updated_by, updated_at = excluded.updated_at";
	int64_t now = now_unix();
	sqlite3_stmt *st;
	enum db_err e;

	if (!stars_valid(hours))
		return DB_ERROR;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	for (int i = 0; i < STARS_MAX; i++) {
		if ((st = db_stmt(db, sql)) == NULL) {
			db_tx_rollback(db);
			return DB_ERROR;
		}
		sqlite3_bind_int(st, 1, i + 1);
		sqlite3_bind_int(st, 2, hours[i]);
		sqlite3_bind_int64(st, 3, user_id);
		sqlite3_bind_int64(st, 4, now);
		if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
			db_tx_rollback(db);
			return e;
		}
	}
	return db_tx_commit(db);
}

const char *
stars_glyphs(int n)
{
	static const char *const g[STARS_MAX + 1] = { "", "★", "★★", "★★★", "★★★★", "★★★★★" };

	return n >= 0 && n <= STARS_MAX ? g[n] : "";
}

const char *
stars_title(int n)
{
	static const char *const t[STARS_MAX + 1] = { "", "一星级志愿者", "二星级志愿者",
		"三星级志愿者", "四星级志愿者", "五星级志愿者" };

	return n >= 0 && n <= STARS_MAX ? t[n] : "";
}
