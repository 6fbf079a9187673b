/*
 * honour.c: the honour roll and the consent behind it (see honour.h). The
 * roll's query reads the display name and the minutes only: the real name,
 * phone and volunteer number never leave this file's statements.
 */
#include <stdio.h>

#include "model/honour.h"
#include "model/kept.h"
#include "lib/util.h"

/* The roll's order and minutes as last read: summing each listed
 * volunteer's confirmed hours takes a second or more at district scale,
 * too much for a public page, so the housekeeping process keeps the first
 * HONOUR_KEPT (honour_keep, the kept row "honour") and a worker reads that
 * row at most every KEPT_RECHECK seconds. Who is on it is checked again at
 * every view (a lookup by id per row), so a withdrawal or a new display
 * name shows at once; a new consent, or new hours, once the housekeeping
 * process has computed the roll again (SIDAN_STATS_TTL seconds). */
#define HONOUR_KEPT	100
static struct {
	int	 ok, n;
	int64_t	 at;
	int64_t	 id[HONOUR_KEPT], minutes[HONOUR_KEPT];
} kept;

/* Volunteers summed per statement: each statement is its own short read,
 * so the WAL can be checkpointed between them (a read of seconds would
 * hold it, and slow every write meanwhile). */
#define HONOUR_STEP	2000

/* Puts (id, minutes) into kept's roll if it ranks among the first
 * HONOUR_KEPT (most minutes first, then the lower id). */
static void
roll_insert(int64_t id, int64_t minutes)
{
	int i = kept.n;

	if (kept.n == HONOUR_KEPT && (minutes < kept.minutes[kept.n - 1] ||
	    (minutes == kept.minutes[kept.n - 1] && id > kept.id[kept.n - 1])))
		return;
	if (kept.n < HONOUR_KEPT)
		kept.n++;
	else
		i = HONOUR_KEPT - 1;
	while (i > 0 && (kept.minutes[i - 1] < minutes ||
	    (kept.minutes[i - 1] == minutes && kept.id[i - 1] > id))) {
		kept.id[i] = kept.id[i - 1];
		kept.minutes[i] = kept.minutes[i - 1];
		i--;
	}
	kept.id[i] = id;
	kept.minutes[i] = minutes;
}

/* Computes the ids and minutes of the roll's first HONOUR_KEPT rows into
 * kept, HONOUR_STEP volunteers at a time. */
static enum db_err
honour_compute(struct db *db)
{
	static const char sql[] =
	    /* CROSS JOIN: the volunteers of the step first, then each one's
	     * hours by hours_by_volunteer (not every confirmed hour each step). */
	    "SELECT v.id, sum(h.minutes) AS m FROM volunteers v"
	    " CROSS JOIN hours h ON h.volunteer_id = v.id AND h.status = 'confirmed'"
	    " WHERE v.on_roll = 1 AND v.status = 'approved' AND v.display_name <> ''"
	    " AND v.id >= ?2 AND v.id < ?3"
	    " GROUP BY v.id ORDER BY m DESC, v.id LIMIT ?1";
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) FROM volunteers");
	int64_t last = 0;
	int rc;

	kept.ok = 0;
	kept.n = 0;
	if (st == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		last = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_err_of(rc);
	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	rc = SQLITE_DONE;
	for (int64_t from = 0; from <= last && rc == SQLITE_DONE; from += HONOUR_STEP) {
		sqlite3_bind_int(st, 1, HONOUR_KEPT);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, from + HONOUR_STEP);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			roll_insert(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE)
		return db_err_of(rc);
	kept.ok = 1;
	kept.at = now_unix();
	return DB_OK;
}

/* Reads the roll into kept: from the kept row when figures are kept and it
 * is there (pairs [id, minutes]), else computed at once. */
static enum db_err
honour_read(struct db *db)
{
	const cJSON *pair;
	int64_t since, made_at;
	cJSON *body;
	int rc = 0;

	if (kept_on() && (rc = kept_get(db, "honour", &since, &made_at, &body)) == 1) {
		kept.n = 0;
		cJSON_ArrayForEach(pair, cJSON_GetObjectItem(body, "roll")) {
			const cJSON *id = cJSON_GetArrayItem(pair, 0), *m = cJSON_GetArrayItem(pair, 1);
			if (kept.n == HONOUR_KEPT || !cJSON_IsNumber(id) || !cJSON_IsNumber(m))
				break;
			kept.id[kept.n] = (int64_t)id->valuedouble;
			kept.minutes[kept.n++] = (int64_t)m->valuedouble;
		}
		cJSON_Delete(body);
		kept.ok = 1;
		kept.at = now_unix();
		return DB_OK;
	}
	if (rc < 0)
		return DB_ERROR;
	return honour_compute(db);
}

enum db_err
honour_keep(struct db *db, int64_t now)
{
	cJSON *body, *roll;
	enum db_err e;

	if ((e = honour_compute(db)) != DB_OK)
		return e;
	if ((body = cJSON_CreateObject()) == NULL)
		return DB_ERROR;
	e = DB_ERROR;
	if ((roll = cJSON_AddArrayToObject(body, "roll")) != NULL) {
		int i;

		for (i = 0; i < kept.n; i++) {
			cJSON *pair = cJSON_CreateArray();
			if (pair == NULL || !cJSON_AddItemToArray(roll, pair) ||
			    !cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)kept.id[i])) ||
			    !cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)kept.minutes[i])))
				break;
		}
		if (i == kept.n)
			e = kept_put(db, "honour", 0, now, body);
	}
	cJSON_Delete(body);
	kept.ok = 0;	/* this process reads the row like any other */
	return e;
}

enum db_err
honour_each(struct db *db, int limit,
    void (*fn)(void *arg, const char *display_name, int64_t minutes), void *arg)
{
	static const char still[] =
	    "SELECT display_name FROM volunteers WHERE id = ?1 AND on_roll = 1"
	    " AND status = 'approved' AND display_name <> ''";
	enum db_err e;

	if (!(kept.ok && !kept_stale(kept.at, now_unix())) && (e = honour_read(db)) != DB_OK)
		return e;
	for (int i = 0; i < kept.n && i < limit; i++) {
		sqlite3_stmt *st = db_stmt(db, still);
		int rc;

		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, kept.id[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			fn(arg, db_text(st, 0), kept.minutes[i]);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_err_of(rc);
	}
	return DB_OK;
}

enum db_err
honour_get(struct db *db, int64_t vid, int *on_roll, char name[96])
{
	static const char sql[] = "SELECT on_roll, display_name FROM volunteers WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*on_roll = 0;
	name[0] = '\0';
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*on_roll = sqlite3_column_int(st, 0);
		snprintf(name, 96, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

enum db_err
honour_set(struct db *db, int64_t vid, int on_roll, const char *display_name)
{
	static const char sql[] =
	    "UPDATE volunteers SET on_roll = ?2, display_name = ?3 WHERE id = ?1";
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int(st, 2, on_roll ? 1 : 0);
	sqlite3_bind_text(st, 3, display_name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_tx_rollback(db);
		return db_err_of(rc);
	}
	return db_tx_commit(db);
}
