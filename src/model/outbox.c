/*
 * outbox.c: the outbox table (see outbox.h).
 */
#include <stdio.h>
#include <string.h>

#include "model/outbox.h"

enum db_err
outbox_new_task(struct db *db, int64_t order_id, int64_t now)
{
	/* Team tasks: the team's approved members. Area tasks: approved
	 * volunteers living in the area who serve the request's platform. */
	static const char sql[] =
	    "INSERT INTO outbox(created_at, volunteer_id, recipient, body, next_at)"
	    " SELECT ?2, v.id, v.phone,"
	    " '【文明朔城】有新的志愿服务任务：' || s.name || '（' || g.name || '）。请登录“我的任务”查看并接单。', ?2"
	    " FROM orders o JOIN services s ON s.id = o.service_id JOIN orgs g ON g.id = o.org_id"
	    " JOIN volunteers v ON v.status = 'approved'"
	    " WHERE o.id = ?1 AND ("
	    "  (o.state = 'dispatched' AND v.id IN (SELECT volunteer_id FROM team_members"
	    "   WHERE team_id = o.team_id))"
	    "  OR (o.state = 'published' AND EXISTS (SELECT 1 FROM volunteer_platforms vp"
	    "   WHERE vp.volunteer_id = v.id AND vp.platform_id = s.platform_id)"
	    "   AND (o.area_id = (SELECT id FROM orgs WHERE kind = 'center')"
	    "    OR v.org_id = o.area_id"
	    "    OR v.org_id IN (SELECT id FROM orgs WHERE parent_id = o.area_id))))";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, now);
	return db_err_of(sqlite3_step(st));
}

int
outbox_due(struct db *db, int64_t now, struct outbox_msg *out, int max)
{
	static const char sql[] =
	    "SELECT id, recipient, body, attempts FROM outbox WHERE sent_at IS NULL AND next_at <= ?1"
	    " ORDER BY next_at, id LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		out[n].id = sqlite3_column_int64(st, 0);
		snprintf(out[n].recipient, sizeof(out[n].recipient), "%s", db_text(st, 1));
		snprintf(out[n].body, sizeof(out[n].body), "%s", db_text(st, 2));
		out[n].attempts = sqlite3_column_int(st, 3);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

enum db_err
outbox_done(struct db *db, int64_t id, int ok, int attempts, const char *why, int64_t now)
{
	static const char sent[] =
	    "UPDATE outbox SET sent_at = ?2, attempts = ?3, last_error = '' WHERE id = ?1";
	static const char failed[] =
	    "UPDATE outbox SET next_at = ?2, attempts = ?3, last_error = ?4 WHERE id = ?1";
	int64_t delay = 30;
	sqlite3_stmt *st;
	enum db_err e;

	/* 30 s, 1 min, 2 min ... at most an hour between attempts. */
	for (int i = 1; i < attempts && delay < 3600; i++)
		delay *= 2;
	if (delay > 3600)
		delay = 3600;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, ok ? sent : failed)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ok ? now : now + delay);
	sqlite3_bind_int(st, 3, attempts);
	if (!ok)
		sqlite3_bind_text(st, 4, why, -1, SQLITE_STATIC);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return e;
	}
	return db_tx_commit(db);
}
