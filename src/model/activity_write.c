/*
 * activity_write.c: changes to activities: creating and cancelling them,
 * signing up and withdrawing (never past capacity: the count and the insert
 * run under the write lock), and recording sign-in and sign-out, which makes
 * the record of service the organiser confirms (谁组织谁记录).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "model/activity.h"
#include "lib/util.h"

/* Runs st to completion; returns DB_OK or the error. */
static enum db_err
step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return db_err_of(rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

enum model_err
activity_create(struct db *db, const struct activity_new *n, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO activities(title, platform_id, project_id, org_id, place,"
	    " starts_at, ends_at, capacity, summary, open_to, team_id, qr_key,"
	    " created_by, created_at)"
	    " VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, 0),"
	    " ?12, ?13, ?14)";
	unsigned char key[32];
	sqlite3_stmt *st;
	enum db_err e;

	randombytes_buf(key, sizeof(key));
	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_text(st, 1, n->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, n->platform_id);
	sqlite3_bind_int64(st, 3, n->project_id);
	sqlite3_bind_int64(st, 4, n->org_id);
	sqlite3_bind_text(st, 5, n->place, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, n->starts_at);
	sqlite3_bind_int64(st, 7, n->ends_at);
	sqlite3_bind_int(st, 8, n->capacity);
	sqlite3_bind_text(st, 9, n->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, n->open_to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, n->team_id);
	sqlite3_bind_blob(st, 12, key, sizeof(key), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 13, n->created_by);
	sqlite3_bind_int64(st, 14, now_unix());
	sodium_memzero(key, sizeof(key));
	if ((e = step_done(st)) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return model_err_of(db_tx_commit(db));
}

enum model_err
activity_cancel(struct db *db, int64_t id)
{
	static const char sql[] =
	    "UPDATE activities SET status = 'cancelled' WHERE id = ?1 AND status = 'open'";
	sqlite3_stmt *st;
	enum db_err e;
	int changed;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((e = step_done(st)) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	changed = sqlite3_changes(db_handle(db));
	if (changed != 1) {
		db_tx_rollback(db);
		return MODEL_CLOSED;
	}
	return model_err_of(db_tx_commit(db));
}

/* What a sign-up decision needs to know, read inside the transaction. */
struct look {
	char	status[12];
	int64_t	starts_at, ends_at;
	int	capacity, taken;
	char	mine[12];		/* signed, withdrawn, "" */
	int64_t	checkin_at, checkout_at;
	int	open_to_me;
};

/* Reads activity id as volunteer vid sees it. Returns 1 if found, 0 if
 * not (or vid is no approved volunteer), -1 on error. */
static int
look(struct db *db, int64_t id, int64_t vid, struct look *l)
{
	static const char sql[] =
	    "SELECT a.status, a.starts_at, a.ends_at, a.capacity,"
	    " (SELECT count(*) FROM activity_signups s WHERE s.activity_id = a.id"
	    "  AND s.state = 'signed'),"
	    " coalesce(m.state, ''), coalesce(m.checkin_at, 0), coalesce(m.checkout_at, 0),"
	    " CASE a.open_to WHEN 'all' THEN 1"
	    "  WHEN 'team' THEN EXISTS (SELECT 1 FROM team_members t"
	    "   WHERE t.team_id = a.team_id AND t.volunteer_id = v.id)"
	    "  ELSE (o.kind = 'center' OR v.org_id = a.org_id OR vo.parent_id = a.org_id) END"
	    " FROM activities a JOIN orgs o ON o.id = a.org_id"
	    " JOIN volunteers v ON v.id = ?2 AND v.status = 'approved'"
	    " JOIN orgs vo ON vo.id = v.org_id"
	    " LEFT JOIN activity_signups m ON m.activity_id = a.id AND m.volunteer_id = v.id"
	    " WHERE a.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	memset(l, 0, sizeof(*l));
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, vid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(l->status, sizeof(l->status), "%s", db_text(st, 0));
		l->starts_at = sqlite3_column_int64(st, 1);
		l->ends_at = sqlite3_column_int64(st, 2);
		l->capacity = sqlite3_column_int(st, 3);
		l->taken = sqlite3_column_int(st, 4);
		snprintf(l->mine, sizeof(l->mine), "%s", db_text(st, 5));
		l->checkin_at = sqlite3_column_int64(st, 6);
		l->checkout_at = sqlite3_column_int64(st, 7);
		l->open_to_me = sqlite3_column_int(st, 8);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Begins a write transaction and reads activity id as vid sees it into l.
 * Returns MODEL_OK with the transaction open, or an error with none. */
static enum model_err
begin_look(struct db *db, int64_t id, int64_t vid, struct look *l)
{
	enum db_err e;
	int found;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((found = look(db, id, vid, l)) <= 0) {
		db_tx_rollback(db);
		return found == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
	}
	return MODEL_OK;
}

/* Writes vid's sign-up of id as signed at now (a new row, or a withdrawn
 * one signed again). Returns DB_OK or an error. */
static enum db_err
put_signed(struct db *db, int64_t id, int64_t vid, int64_t now)
{
	static const char sql[] =
	    "INSERT INTO activity_signups(activity_id, volunteer_id, state, signed_at)"
	    " VALUES (?1, ?2, 'signed', ?3) ON CONFLICT(activity_id, volunteer_id)"
	    " DO UPDATE SET state = 'signed', signed_at = ?3, withdrawn_at = NULL";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, now);
	return step_done(st);
}

/* Decides whether vid may take a place in the activity l describes, as at
 * sign-up (before the start) or on-site sign-in (window from early). */
static enum model_err
may_join(const struct look *l, int64_t now, int at_signin)
{
	if (strcmp(l->status, "open") != 0)
		return MODEL_CLOSED;
	if (strcmp(l->mine, "signed") == 0)
		return MODEL_ALREADY;
	if (!at_signin && now >= l->starts_at)
		return MODEL_CLOSED;
	if (!l->open_to_me)
		return MODEL_NOT_OPEN_TO;
	if (l->taken >= l->capacity)
		return MODEL_NO_PLACE;
	return MODEL_OK;
}

enum model_err
activity_can_join(struct db *db, int64_t id, int64_t vid, int64_t now)
{
	struct look l;
	int found = look(db, id, vid, &l);

	if (found <= 0)
		return found == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
	return may_join(&l, now, 0);
}

enum model_err
activity_signup(struct db *db, int64_t id, int64_t vid, int64_t now)
{
	struct look l;
	enum model_err a;
	enum db_err e;

	if ((a = begin_look(db, id, vid, &l)) != MODEL_OK)
		return a;
	if ((a = may_join(&l, now, 0)) != MODEL_OK) {
		db_tx_rollback(db);
		return a;
	}
	if ((e = put_signed(db, id, vid, now)) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	return model_err_of(db_tx_commit(db));
}

enum model_err
activity_withdraw(struct db *db, int64_t id, int64_t vid, int64_t now)
{
	static const char sql[] =
	    "UPDATE activity_signups SET state = 'withdrawn', withdrawn_at = ?3"
	    " WHERE activity_id = ?1 AND volunteer_id = ?2 AND state = 'signed'";
	sqlite3_stmt *st;
	struct look l;
	enum model_err a;
	enum db_err e;

	if ((a = begin_look(db, id, vid, &l)) != MODEL_OK)
		return a;
	if (strcmp(l.mine, "signed") != 0) {
		db_tx_rollback(db);
		return MODEL_NOT_SIGNED;
	}
	if (now >= l.starts_at || l.checkin_at) {
		db_tx_rollback(db);
		return MODEL_CLOSED;
	}
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, now);
	if ((e = step_done(st)) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	return model_err_of(db_tx_commit(db));
}

/* Records the sign-in at now. Returns DB_OK or an error. */
static enum db_err
put_checkin(struct db *db, int64_t id, int64_t vid, int64_t now)
{
	static const char sql[] =
	    "UPDATE activity_signups SET checkin_at = ?3"
	    " WHERE activity_id = ?1 AND volunteer_id = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, now);
	return step_done(st);
}

/* Records the sign-out at now and the record of service, pending
 * confirmation: the time between sign-in and sign-out that falls within the
 * activity (l), at least a minute. Returns DB_OK or an error. */
static enum db_err
put_checkout(struct db *db, int64_t id, int64_t vid, const struct look *l, int64_t now)
{
	static const char add_hour[] =
	    "INSERT INTO hours(volunteer_id, activity_id, started_at, ended_at, minutes,"
	    " what, created_at)"
	    " SELECT ?2, a.id, ?3, ?4, ?5, '参加活动：' || a.title, ?4"
	    " FROM activities a WHERE a.id = ?1";
	static const char set_out[] =
	    "UPDATE activity_signups SET checkout_at = ?3, hour_id = ?4"
	    " WHERE activity_id = ?1 AND volunteer_id = ?2";
	int64_t in = l->checkin_at > l->starts_at ? l->checkin_at : l->starts_at;
	int64_t end = now < l->ends_at ? now : l->ends_at, minutes;
	sqlite3_stmt *st;
	enum db_err e;

	if (end < in + 60)
		end = in + 60;
	minutes = (end - in + 59) / 60;

	if (minutes > 1440)
		minutes = 1440;
	if ((st = db_stmt(db, add_hour)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, in);
	sqlite3_bind_int64(st, 4, end);
	sqlite3_bind_int64(st, 5, minutes);
	if ((e = step_done(st)) != DB_OK)
		return e;
	if ((st = db_stmt(db, set_out)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, sqlite3_last_insert_rowid(db_handle(db)));
	return step_done(st);
}

/* Decides a sign-in or sign-out for the activity l describes, at now.
 * Sets *at to the time already on record for MODEL_ALREADY. */
static enum model_err
may_check(const struct look *l, enum activity_check what, int64_t now, int64_t *at)
{
	if (strcmp(l->status, "open") != 0)
		return MODEL_CLOSED;
	if (what == CHECK_IN) {
		if (now < l->starts_at - ACTIVITY_CHECKIN_EARLY)
			return MODEL_TOO_EARLY;
		if (now > l->ends_at)
			return MODEL_TOO_LATE;
		if (strcmp(l->mine, "signed") == 0 && l->checkin_at) {
			*at = l->checkin_at;
			return MODEL_ALREADY;
		}
		return MODEL_OK;
	}
	if (strcmp(l->mine, "signed") != 0 || l->checkin_at == 0)
		return MODEL_NOT_SIGNED;
	if (l->checkout_at) {
		*at = l->checkout_at;
		return MODEL_ALREADY;
	}
	if (now < l->starts_at)
		return MODEL_TOO_EARLY;
	if (now > l->ends_at + ACTIVITY_CHECKOUT_LATE)
		return MODEL_TOO_LATE;
	return MODEL_OK;
}

enum model_err
activity_check(struct db *db, int64_t id, int64_t vid, enum activity_check what,
    int64_t now, int64_t *at)
{
	struct look l;
	enum model_err a;
	enum db_err e;

	*at = 0;
	if ((a = begin_look(db, id, vid, &l)) != MODEL_OK)
		return a;
	if ((a = may_check(&l, what, now, at)) != MODEL_OK) {
		db_tx_rollback(db);
		return a;
	}
	if (what == CHECK_IN) {
		/* Someone who comes without signing up takes a free place. */
		if (strcmp(l.mine, "signed") != 0) {
			if ((a = may_join(&l, now, 1)) != MODEL_OK) {
				db_tx_rollback(db);
				return a;
			}
			if ((e = put_signed(db, id, vid, now)) != DB_OK) {
				db_tx_rollback(db);
				return model_err_of(e);
			}
		}
		e = put_checkin(db, id, vid, now);
	} else
		e = put_checkout(db, id, vid, &l, now);
	if (e != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	*at = now;
	return model_err_of(db_tx_commit(db));
}
