/*
 * dispatch.c: staff actions on requests (see dispatch.h).
 */
#include <stdio.h>
#include <string.h>

#include "model/dispatch.h"
#include "model/order_state.h"
#include "lib/util.h"

enum model_err
dispatch_move(struct db *db, const struct staff_move *m)
{
	static const char get[] = "SELECT state, version FROM orders WHERE id = ?1";
	static const char set[] =
	    "UPDATE orders SET state = ?2, reason = CASE WHEN ?3 <> '' THEN ?3 ELSE reason END,"
	    " team_id = CASE WHEN ?2 = 'dispatched' THEN ?4 WHEN ?2 = 'published' THEN NULL"
	    "  ELSE team_id END,"
	    " area_id = CASE WHEN ?2 = 'published' THEN ?5 WHEN ?2 = 'dispatched' THEN NULL"
	    "  ELSE area_id END,"
	    " due_at = CASE WHEN ?6 > 0 THEN ?6 ELSE due_at END,"
	    " rate_reminded = CASE WHEN ?2 = 'submitted' THEN 0 ELSE rate_reminded END,"
	    " updated_at = ?7, version = version + 1 WHERE id = ?1 AND version = ?8";
	int64_t now = now_unix();
	char state[16] = "", note[1024] = "";
	const char *to;
	sqlite3_stmt *st;
	int version = -1;
	enum event_shown shown = EVENT_PUBLIC;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, get)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, m->order_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(state, sizeof(state), "%s", db_text(st, 0));
		version = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (version < 0) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	if (version != m->version) {
		db_tx_rollback(db);
		return MODEL_DUPLICATE;	/* someone acted first */
	}
	to = m->to ? m->to : state;
	if (m->to ? !order_move_ok(state, m->to, ACTOR_STAFF) :
	    strcmp(order_state_open311(state), "open") != 0) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	if (m->to == NULL) {
		/* Only the due time changes: an internal event. */
		char when[20];
		time_format_cst(m->due_at, when);
		snprintf(note, sizeof(note), "办理期限改为 %.16s", when);
		shown = EVENT_STAFF;
	} else if (m->reason) {
		/* The reasons for 不予受理 and for a cancel: their fields say 群众可以看到. */
		snprintf(note, sizeof(note), "%s", m->reason);
		shown = EVENT_PUBLIC_NOTE;
	}
	if ((st = db_stmt(db, set)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, m->order_id);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->reason ? m->reason : "", -1, SQLITE_STATIC);
	if (m->team_id)
		sqlite3_bind_int64(st, 4, m->team_id);
	if (m->area_id)
		sqlite3_bind_int64(st, 5, m->area_id);
	sqlite3_bind_int64(st, 6, m->due_at);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int(st, 8, m->version);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
		goto err;
	if (sqlite3_changes(db_handle(db)) != 1) {
		db_tx_rollback(db);
		return MODEL_DUPLICATE;
	}
	/* Moved away from the volunteers serving it: they are released. */
	if (strcmp(state, "accepted") == 0 && strcmp(to, "accepted") != 0 &&
	    strcmp(to, "completed") != 0) {
		static const char release[] =
		    "UPDATE order_volunteers SET state = 'returned', returned_at = ?2,"
		    " reason = '中心改派或取消' WHERE order_id = ?1 AND state = 'accepted'";
		if ((st = db_stmt(db, release)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, m->order_id);
		sqlite3_bind_int64(st, 2, now);
		if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
			goto err;
	}
	if ((e = order_event_add(db, m->order_id, now, ACTOR_STAFF, m->user_id, state, to, note, shown)) != DB_OK)
		goto err;
	return model_err_of(db_tx_commit(db));
err:
	db_tx_rollback(db);
	return model_err_of(e);
fail:
	db_tx_rollback(db);
	return MODEL_ERROR;
}

enum model_err
dispatch_note(struct db *db, int64_t order_id, int64_t user_id, const char *note)
{
	static const char sql[] =
	    "INSERT INTO order_notes(order_id, user_id, at, note) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *st;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, now_unix());
	sqlite3_bind_text(st, 4, note, -1, SQLITE_STATIC);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	return model_err_of(db_tx_commit(db));
}

enum model_err
dispatch_private(struct db *db, int64_t order_id, struct order_private *out)
{
	static const char sql[] =
	    "SELECT o.version, o.address, o.need, o.wanted_time, o.contact_name,"
	    " " ORDER_PHONE("o") ", o.contact_email, coalesce(o.team_id, 0), coalesce(t.name, ''),"
	    " coalesce(o.area_id, 0), coalesce(a.name, ''),"
	    " CASE g.kind WHEN 'station' THEN g.parent_id WHEN 'institute' THEN g.id ELSE 0 END,"
	    " s.platform_id"
	    " FROM orders o JOIN orgs g ON g.id = o.org_id JOIN services s ON s.id = o.service_id"
	    " LEFT JOIN teams t ON t.id = o.team_id LEFT JOIN orgs a ON a.id = o.area_id"
	    " WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	memset(out, 0, sizeof(*out));
	sqlite3_bind_int64(st, 1, order_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->version = sqlite3_column_int(st, 0);
		snprintf(out->address, sizeof(out->address), "%s", db_text(st, 1));
		snprintf(out->need, sizeof(out->need), "%s", db_text(st, 2));
		snprintf(out->wanted_time, sizeof(out->wanted_time), "%s", db_text(st, 3));
		snprintf(out->contact_name, sizeof(out->contact_name), "%s", db_text(st, 4));
		snprintf(out->contact_phone, sizeof(out->contact_phone), "%s", db_text(st, 5));
		snprintf(out->contact_email, sizeof(out->contact_email), "%s", db_text(st, 6));
		out->team_id = sqlite3_column_int64(st, 7);
		snprintf(out->team_name, sizeof(out->team_name), "%s", db_text(st, 8));
		out->area_id = sqlite3_column_int64(st, 9);
		snprintf(out->area_name, sizeof(out->area_name), "%s", db_text(st, 10));
		out->institute_id = sqlite3_column_int64(st, 11);
		out->platform_id = sqlite3_column_int64(st, 12);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? MODEL_NOT_FOUND : MODEL_ERROR;
	return MODEL_OK;
}

enum model_err
dispatch_reveal(struct db *db, int64_t order_id, int64_t user_id, const char *reason)
{
	static const char audit[] =
	    "INSERT INTO contact_views(user_id, order_id, at, what, reason)"
	    " VALUES (?1, ?2, ?3, 'page', ?4)";
	sqlite3_stmt *st;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);	/* no record, no number */
	if ((st = db_stmt(db, audit)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, order_id);
	sqlite3_bind_int64(st, 3, now_unix());
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK || (e = db_tx_commit(db)) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	return MODEL_OK;
}

enum model_err
dispatch_each_note(struct db *db, int64_t order_id,
    void (*fn)(void *arg, int64_t at, const char *who, const char *note), void *arg)
{
	static const char sql[] =
	    "SELECT n.at, u.name, n.note FROM order_notes n JOIN users u ON u.id = n.user_id"
	    " WHERE n.order_id = ?1 ORDER BY n.at, n.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), db_text(st, 1), db_text(st, 2));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : MODEL_ERROR;
}

/* Teams covering a place: its own area, its 所's (branch teams) and the
 * district's. ?1 place, ?2 its 所, ?3 platform. */
#define TEAMS_SQL \
	"SELECT t.id, t.name," \
	" EXISTS (SELECT 1 FROM team_platforms tp WHERE tp.team_id = t.id AND tp.platform_id = ?3)" \
	"  OR t.kind = 'branch' AS suggested," \
	" CASE WHEN t.org_id = ?1 THEN 0 WHEN t.org_id = ?2 THEN 1 ELSE 2 END AS dist" \
	" FROM teams t JOIN orgs a ON a.id = t.org_id WHERE t.active = 1" \
	" AND (t.org_id = ?1 OR t.org_id = ?2 OR a.kind = 'center')"

enum model_err
dispatch_teams(struct db *db, const struct order *o, const struct order_private *p,
    void (*fn)(void *arg, const struct team_choice *), void *arg)
{
	static const char sql[] = TEAMS_SQL " ORDER BY suggested DESC, dist, t.sort, t.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, o->org_id);
	sqlite3_bind_int64(st, 2, p->institute_id);
	sqlite3_bind_int64(st, 3, p->platform_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct team_choice t = {
			.id = sqlite3_column_int64(st, 0),
			.name = db_text(st, 1),
			.suggested = sqlite3_column_int(st, 2),
		};
		fn(arg, &t);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : MODEL_ERROR;
}

int
dispatch_team_ok(struct db *db, const struct order *o, const struct order_private *p,
    int64_t team_id)
{
	static const char sql[] = TEAMS_SQL " AND t.id = ?4";
	sqlite3_stmt *st = db_stmt(db, sql);
	int ok;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, o->org_id);
	sqlite3_bind_int64(st, 2, p->institute_id);
	sqlite3_bind_int64(st, 3, p->platform_id);
	sqlite3_bind_int64(st, 4, team_id);
	ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return ok;
}
