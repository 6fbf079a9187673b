/*
 * rating.c: the ratings and followups tables (see rating.h).
 */
#include <stdio.h>
#include <string.h>

#include "model/order.h"
#include "model/order_state.h"
#include "model/rating.h"
#include "lib/util.h"

const char *const rating_tags[] = { "准时", "态度好", "专业", "耐心", "解决了问题", NULL };

const char *
rating_label(int level)
{
	static const char *const labels[] = { "", "非常不满意", "不满意", "基本满意", "满意", "非常满意" };
	return level >= 1 && level <= 5 ? labels[level] : "";
}

/* Reads state and completion time of order_id. Returns 1 if found. */
static int
state_of(struct db *db, int64_t order_id, char state[16], int64_t *completed_at)
{
	static const char sql[] = "SELECT state, coalesce(completed_at, updated_at) FROM orders WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int found = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, order_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(state, 16, "%s", db_text(st, 0));
		*completed_at = sqlite3_column_int64(st, 1);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

int
rating_open(struct db *db, int64_t order_id, int window_days)
{
	char state[16];
	int64_t done;

	return state_of(db, order_id, state, &done) && strcmp(state, "completed") == 0 &&
	    now_unix() <= done + (int64_t)window_days * 86400;
}

enum model_err
rating_submit(struct db *db, int64_t order_id, int level, const char *comment,
    int show_comment, const char *tags, const char *via, int window_days)
{
	static const char ins[] =
	    "INSERT INTO ratings(order_id, level, comment, show_comment, tags, via, rated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char set[] =
	    "UPDATE orders SET state = 'rated', updated_at = ?2, version = version + 1 WHERE id = ?1";
	static const char ev[] =
	    "INSERT INTO order_events(order_id, at, actor, from_state, to_state, note, public)"
	    " VALUES (?1, ?2, 'resident', 'completed', 'rated', '', 1)";
	static const char follow[] =
	    "INSERT INTO followups(order_id, opened_at, level) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT(order_id) DO UPDATE SET status = 'open', opened_at = ?2, note = '',"
	    " level = ?3, closed_by = NULL, closed_at = NULL";
	int64_t now = now_unix(), done;
	char state[16];
	sqlite3_stmt *st;
	enum db_err e;
	int rc = SQLITE_ERROR;	/* the step that failed, for the one mapping */

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if (!state_of(db, order_id, state, &done)) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	if (strcmp(state, "rated") == 0 || strcmp(state, "unrated") == 0) {
		db_tx_rollback(db);
		return strcmp(state, "rated") == 0 ? MODEL_ALREADY : MODEL_CLOSED;
	}
	if (!order_move_ok(state, "rated", ACTOR_RESIDENT)) {
		db_tx_rollback(db);
		return MODEL_NOT_READY;
	}
	if (now > done + (int64_t)window_days * 86400) {
		db_tx_rollback(db);
		return MODEL_CLOSED;
	}
	/* A rating from a request reopened and completed again replaces the old. */
	{
		static const char del[] = "DELETE FROM ratings WHERE order_id = ?1";
		if ((st = db_stmt(db, del)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, order_id);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			goto fail;
	}
	if ((st = db_stmt(db, ins)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int(st, 2, level);
	sqlite3_bind_text(st, 3, comment, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, show_comment ? 1 : 0);
	sqlite3_bind_text(st, 5, tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, via, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		goto fail;
	const char *const sqls[2] = { set, ev };
	for (int i = 0; i < 2; i++) {
		if ((st = db_stmt(db, sqls[i])) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, order_id);
		sqlite3_bind_int64(st, 2, now);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			goto fail;
	}
	if (level <= RATING_POOR) {
		if ((st = db_stmt(db, follow)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, order_id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_int(st, 3, level);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			goto fail;
	}
	return model_err_of(db_tx_commit(db));
fail:
	db_tx_rollback(db);
	e = db_err_of(rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_ERROR : rc);
	return model_err_of(e);
}

enum db_err
rating_get(struct db *db, int64_t order_id, struct rating *out, int *found)
{
	static const char sql[] =
	    "SELECT level, comment, show_comment, tags, rated_at FROM ratings WHERE order_id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->level = sqlite3_column_int(st, 0);
		snprintf(out->comment, sizeof(out->comment), "%s", db_text(st, 1));
		out->show_comment = sqlite3_column_int(st, 2);
		snprintf(out->tags, sizeof(out->tags), "%s", db_text(st, 3));
		out->rated_at = sqlite3_column_int64(st, 4);
		*found = 1;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

int
rating_phone_matches(struct db *db, int64_t order_id, const char *last4)
{
	static const char sql[] =
	    "SELECT 1 FROM orders o WHERE o.id = ?1 AND length(?2) = 4 AND " ORDER_PHONE("o") " <> ''"
	    " AND substr(" ORDER_PHONE("o") ", -4) = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int ok;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_text(st, 2, last4, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return ok;
}

int
rating_close_expired(struct db *db, int window_days)
{
	static const char ev[] =
	    "INSERT INTO order_events(order_id, at, actor, from_state, to_state, note, public)"
	    " SELECT id, ?2, 'system', 'completed', 'unrated', '', 1 FROM orders"
	    " WHERE state = 'completed' AND coalesce(completed_at, updated_at) < ?1";
	static const char set[] =
	    "UPDATE orders SET state = 'unrated', updated_at = ?2, version = version + 1"
	    " WHERE state = 'completed' AND coalesce(completed_at, updated_at) < ?1";
	int64_t now = now_unix(), before = now - (int64_t)window_days * 86400;
	const char *const sqls[2] = { ev, set };
	sqlite3_stmt *st;
	int n = 0;

	if (db_tx_begin(db) != DB_OK)
		return -1;
	for (int i = 0; i < 2; i++) {
		if ((st = db_stmt(db, sqls[i])) == NULL) {
			db_tx_rollback(db);
			return -1;
		}
		sqlite3_bind_int64(st, 1, before);
		sqlite3_bind_int64(st, 2, now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_tx_rollback(db);
			return -1;
		}
		n = sqlite3_changes(db_handle(db));
	}
	return db_tx_commit(db) == DB_OK ? n : -1;
}

enum db_err
followup_each(struct db *db, void (*fn)(void *, const struct followup *), void *arg)
{
	static const char sql[] =
	    "SELECT f.id, o.code, s.name, g.name, coalesce(f.level, r.level, 0),"
	    " coalesce(r.comment, ''), f.status, f.note, f.opened_at"
	    " FROM followups f JOIN orders o ON o.id = f.order_id JOIN services s ON s.id = o.service_id"
	    " JOIN orgs g ON g.id = o.org_id LEFT JOIN ratings r ON r.order_id = o.id"
	    " ORDER BY f.status = 'open' DESC, f.opened_at DESC LIMIT 200";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct followup f = {
			.id = sqlite3_column_int64(st, 0), .code = db_text(st, 1),
			.service = db_text(st, 2), .place = db_text(st, 3),
			.level = sqlite3_column_int(st, 4), .comment = db_text(st, 5),
			.status = db_text(st, 6), .note = db_text(st, 7),
			.opened_at = sqlite3_column_int64(st, 8),
		};
		fn(arg, &f);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
followup_close(struct db *db, int64_t id, int64_t user_id, const char *note, int reopen,
    int *gone)
{
	static const char close_[] =
	    "UPDATE followups SET status = ?3, note = ?4, closed_by = ?2, closed_at = ?5"
	    " WHERE id = ?1 AND status = 'open'";
	/* The reopening is public; the 回访记录 that caused it is for staff
	 * (staff write "已电话回访李大爷…"): note_public stays 0. */
	static const char ev[] =
	    "INSERT INTO order_events(order_id, at, actor, actor_id, from_state, to_state, note,"
	    " public, note_public)"
	    " SELECT o.id, ?3, 'staff', ?2, o.state, 'submitted', ?4, 1, 0 FROM orders o"
	    " JOIN followups f ON f.order_id = o.id WHERE f.id = ?1";
	static const char set[] =
	    "UPDATE orders SET state = 'submitted', team_id = NULL, area_id = NULL,"
	    " completed_at = NULL, rate_reminded = 0, updated_at = ?3, version = version + 1"
	    " WHERE id = (SELECT order_id FROM followups WHERE id = ?1)"
	    " AND state IN ('completed', 'rated', 'unrated')";
	int64_t now = now_unix();
	sqlite3_stmt *st;
	enum db_err e;

	*gone = 0;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, close_)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, reopen ? "reopened" : "closed", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	if (sqlite3_changes(db_handle(db)) != 1) {
		*gone = 1;
		goto fail;
	}
	if (reopen) {
		const char *const sqls[2] = { ev, set };
		for (int i = 0; i < 2; i++) {
			if ((st = db_stmt(db, sqls[i])) == NULL)
				goto fail;
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, user_id);
			sqlite3_bind_int64(st, 3, now);
			if (i == 0)
				sqlite3_bind_text(st, 4, note, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto fail;
		}
	}
	return db_tx_commit(db);
fail:
	db_tx_rollback(db);
	return DB_ERROR;
}

int
followup_open_count(struct db *db)
{
	static const char sql[] = "SELECT count(*) FROM followups WHERE status = 'open'";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0;

	if (st == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}
