/*
 * task.c: volunteers and the requests they take (see task.h). Every change
 * runs in one write transaction under the write lock, so two volunteers
 * taking the last place at the same moment are served one after the other:
 * the first wins and the second finds it taken.
 */
#include <stdio.h>
#include <string.h>

#include "model/order_state.h"
#include "model/photo.h"
#include "model/task.h"
#include "lib/util.h"

/* The areas whose 抢单 volunteer ?1 may take: their place, its 所, and the
 * whole district. */
#define AREAS \
	"SELECT v.org_id FROM volunteers v WHERE v.id = ?1" \
	" UNION SELECT g.parent_id FROM volunteers v JOIN orgs g ON g.id = v.org_id WHERE v.id = ?1" \
	" UNION SELECT id FROM orgs WHERE kind = 'center'"
/* Orders volunteer ?1 may see: dispatched to one of their teams, or open
 * to their area. */
#define ELIGIBLE \
	" (o.team_id IN (SELECT m.team_id FROM team_members m WHERE m.volunteer_id = ?1)" \
	" OR o.area_id IN (" AREAS "))"
/* The few orders a volunteer's lists can hold, each once, found through
 * indexes rather than by testing every open order of the district: the
 * open ones of their teams and areas (schema 26's orders_open_by_team and
 * orders_open_by_area, which hold each one's state, time and places
 * wanted, so no request is read for them), and the ones they serve. Each
 * with whether it is ELIGIBLE (those of their teams and areas are) and
 * whether they serve it (mine). The lists apply VISIBLE_C, the count of
 * those open to take TAKEABLE_C. */
#define CANDIDATES \
	" (SELECT id, state, created_at, wanted, max(eligible) AS eligible, max(mine) AS mine" \
	" FROM (SELECT id, state, created_at, wanted, 1 AS eligible, 0 AS mine FROM orders" \
	"  WHERE state IN ('dispatched', 'published', 'accepted')" \
	"  AND team_id IN (SELECT m.team_id FROM team_members m WHERE m.volunteer_id = ?1)" \
	" UNION ALL SELECT id, state, created_at, wanted, 1, 0 FROM orders" \
	"  WHERE state IN ('dispatched', 'published', 'accepted') AND area_id IN (" AREAS ")" \
	" UNION ALL SELECT o.id, o.state, o.created_at, o.wanted," ELIGIBLE ", 1" \
	"  FROM order_volunteers x CROSS JOIN orders o ON o.id = x.order_id" \
	"  WHERE x.volunteer_id = ?1 AND x.state = 'accepted') GROUP BY id) AS c"
/* The places of candidate c still free. */
#define FREE_C \
	" (SELECT count(*) FROM order_volunteers x WHERE x.order_id = c.id AND x.state = 'accepted')" \
	" < c.wanted"
/* Candidate c is open to take: waiting, or accepted with a place free. */
#define TAKEABLE_C \
	" (c.eligible AND (c.state IN ('dispatched', 'published')" \
	" OR (c.state = 'accepted' AND" FREE_C ")))"
/* VISIBLE for a candidate: open to take, or being served by me. */
#define VISIBLE_C \
	" (" TAKEABLE_C " OR (c.state = 'accepted' AND c.mine))"
#define TAKEN_COUNT \
	"(SELECT count(*) FROM order_volunteers x WHERE x.order_id = o.id AND x.state = 'accepted')"
#define MINE \
	"EXISTS (SELECT 1 FROM order_volunteers x WHERE x.order_id = o.id AND x.volunteer_id = ?1" \
	" AND x.state = 'accepted')"
#define TASK_COLUMNS \
	"SELECT o.id, o.code, o.state, s.name, p.name, g.name," \
	" coalesce(CASE WHEN g.kind = 'station' THEN i.name END, ''), o.need, o.wanted_time," \
	" o.created_at, o.wanted, " TAKEN_COUNT ", " MINE "," \
	" o.team_id IN (SELECT m.team_id FROM team_members m WHERE m.volunteer_id = ?1)"
#define TASK_JOINS \
	" JOIN services s ON s.id = o.service_id JOIN platforms p ON p.id = s.platform_id" \
	" JOIN orgs g ON g.id = o.org_id LEFT JOIN orgs i ON i.id = g.parent_id"
/* Open to take, or being served by me. */
#define VISIBLE \
	" ((o.state IN ('dispatched', 'published') AND" ELIGIBLE ")" \
	" OR (o.state = 'accepted' AND" ELIGIBLE " AND " TAKEN_COUNT " < o.wanted)" \
	" OR (o.state = 'accepted' AND " MINE "))"

static void
task_read(sqlite3_stmt *st, void (*fn)(void *, const struct task *), void *arg)
{
	struct task t = {
		.id = sqlite3_column_int64(st, 0),
		.code = db_text(st, 1),
		.state = db_text(st, 2),
		.service = db_text(st, 3),
		.platform = db_text(st, 4),
		.place = db_text(st, 5),
		.institute = db_text(st, 6),
		.need = db_text(st, 7),
		.wanted_time = db_text(st, 8),
		.created_at = sqlite3_column_int64(st, 9),
		.wanted = sqlite3_column_int(st, 10),
		.taken = sqlite3_column_int(st, 11),
		.mine = sqlite3_column_int(st, 12),
		.via_team = sqlite3_column_int(st, 13),
	};
	fn(arg, &t);
}

enum model_err
task_each(struct db *db, int64_t vid, int offset, int limit, int *more, int *open,
    void (*fn)(void *, const struct task *), void *arg)
{
	/* One row past the page tells whether there is another. The page's
	 * ids first, from the candidates alone: only they are joined. Each
	 * row also carries how many of all the candidates are open to take
	 * (task_count_open's number), counted in the same pass. */
	static const char sql[] = TASK_COLUMNS ", pg.open_n FROM (SELECT c.id, c.mine, c.created_at,"
	    " sum(CASE WHEN NOT c.mine AND" TAKEABLE_C " THEN 1 ELSE 0 END) OVER () AS open_n"
	    " FROM" CANDIDATES " WHERE" VISIBLE_C " ORDER BY c.mine DESC, c.created_at DESC, c.id DESC"
	    " LIMIT ?2 OFFSET ?3) AS pg CROSS JOIN orders o ON o.id = pg.id" TASK_JOINS
	    " ORDER BY pg.mine DESC, pg.created_at DESC, pg.id DESC";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc, n = 0;

	*more = 0;
	*open = -1;
	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int(st, 2, limit + 1);
	sqlite3_bind_int(st, 3, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*open = sqlite3_column_int(st, 14);
		if (n++ == limit) {
			*more = 1;
			continue;
		}
		task_read(st, fn, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}

int
task_count_open(struct db *db, int64_t vid)
{
	static const char sql[] = "SELECT count(*) FROM" CANDIDATES " WHERE" TAKEABLE_C " AND NOT c.mine";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, vid);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

enum model_err
task_get(struct db *db, int64_t vid, const char *code,
    void (*fn)(void *, const struct task *), void *arg)
{
	/* A task once served stays readable to its volunteers. */
	static const char sql[] = TASK_COLUMNS " FROM orders o" TASK_JOINS " WHERE o.code = ?2 AND (" VISIBLE
	    " OR EXISTS (SELECT 1 FROM order_volunteers x WHERE x.order_id = o.id"
	    " AND x.volunteer_id = ?1))";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		task_read(st, fn, arg);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MODEL_OK : rc == SQLITE_DONE ? MODEL_NOT_FOUND :
	    model_err_of(db_err_of(rc));
}

int64_t
task_id_for(struct db *db, int64_t vid, const char *code)
{
	static const char sql[] =
	    "SELECT o.id FROM orders o WHERE o.code = ?2 AND (" ELIGIBLE
	    " OR EXISTS (SELECT 1 FROM order_volunteers x WHERE x.order_id = o.id"
	    " AND x.volunteer_id = ?1))";
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t id = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

enum model_err
task_contact(struct db *db, int64_t vid, int64_t order_id, struct task_contact *out)
{
	static const char sql[] =
	    "SELECT o.contact_name, " ORDER_PHONE("o") ", o.address FROM orders o WHERE o.id = ?2"
	    " AND o.state = 'accepted' AND " MINE;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, order_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(out->name, sizeof(out->name), "%s", db_text(st, 0));
		snprintf(out->phone, sizeof(out->phone), "%s", db_text(st, 1));
		snprintf(out->address, sizeof(out->address), "%s", db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MODEL_OK : MODEL_NOT_MINE;
}

/* Moves the order to state `to` (version bumped). */
static enum db_err
set_state(struct db *db, int64_t order_id, const char *to, int64_t now)
{
	static const char sql[] =
	    "UPDATE orders SET state = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return db_err_of(sqlite3_step(st));
}

/* Reads the order's state, wanted, taken, eligibility for vid and whether
 * vid serves it. Returns 1 if found. */
static int
look(struct db *db, int64_t vid, int64_t order_id, char state[16], int *wanted, int *taken,
    int *eligible, int *mine, int *area)
{
	static const char sql[] =
	    "SELECT o.state, o.wanted, " TAKEN_COUNT ","
	    /* Only an approved volunteer may take a task (the session checks it
	     * too; the model does not rely on that). */
	    " (" ELIGIBLE " AND EXISTS (SELECT 1 FROM volunteers v WHERE v.id = ?1"
	    "  AND v.status = 'approved')), " MINE ", o.area_id IS NOT NULL"
	    " FROM orders o WHERE o.id = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int found = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, order_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(state, 16, "%s", db_text(st, 0));
		*wanted = sqlite3_column_int(st, 1);
		*taken = sqlite3_column_int(st, 2);
		*eligible = sqlite3_column_int(st, 3);
		*mine = sqlite3_column_int(st, 4);
		*area = sqlite3_column_int(st, 5);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

enum model_err
task_accept(struct db *db, int64_t vid, int64_t order_id)
{
	static const char take[] =
	    "INSERT INTO order_volunteers(order_id, volunteer_id, state, accepted_at)"
	    " VALUES (?1, ?2, 'accepted', ?3) ON CONFLICT(order_id, volunteer_id)"
	    " DO UPDATE SET state = 'accepted', accepted_at = ?3, returned_at = NULL, reason = ''";
	int64_t now = now_unix();
	char state[16];
	int wanted, taken, eligible, mine, area;
	sqlite3_stmt *st;
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if (!look(db, vid, order_id, state, &wanted, &taken, &eligible, &mine, &area) || !eligible) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	if (mine) {
		db_tx_rollback(db);
		return MODEL_OK;		/* a second tap: already theirs */
	}
	if (strcmp(state, "dispatched") != 0 && strcmp(state, "published") != 0 &&
	    strcmp(state, "accepted") != 0) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	if (taken >= wanted) {
		db_tx_rollback(db);
		return MODEL_TAKEN;
	}
	if ((st = db_stmt(db, take)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, now);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
		goto err;
	if (strcmp(state, "accepted") != 0 && (e = set_state(db, order_id, "accepted", now)) != DB_OK)
		goto err;
	if ((e = order_event_add(db, order_id, now, ACTOR_VOLUNTEER, vid, state, "accepted", "", EVENT_PUBLIC)) != DB_OK)
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
task_give_back(struct db *db, int64_t vid, int64_t order_id, const char *reason)
{
	static const char ret[] =
	    "UPDATE order_volunteers SET state = 'returned', returned_at = ?3, reason = ?4"
	    " WHERE order_id = ?1 AND volunteer_id = ?2 AND state = 'accepted'";
	int64_t now = now_unix();
	char state[16];
	int wanted, taken, eligible, mine, area;
	sqlite3_stmt *st;
	enum db_err e;
	const char *back;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if (!look(db, vid, order_id, state, &wanted, &taken, &eligible, &mine, &area) || !mine) {
		db_tx_rollback(db);
		return MODEL_NOT_MINE;
	}
	if (strcmp(state, "accepted") != 0) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	if ((st = db_stmt(db, ret)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
		goto err;
	/* Back to the pool it came from once nobody serves it. */
	back = area ? "published" : "dispatched";
	if (taken <= 1) {
		if (!order_move_ok(state, back, ACTOR_VOLUNTEER)) {
			db_tx_rollback(db);
			return MODEL_BAD_STATE;
		}
		if ((e = set_state(db, order_id, back, now)) != DB_OK)
			goto err;
	} else
		back = state;
	/* The reason is for the organisers, not the public timeline. */
	if ((e = order_event_add(db, order_id, now, ACTOR_VOLUNTEER, vid, state, back, reason, EVENT_STAFF)) != DB_OK)
		goto err;
	return model_err_of(db_tx_commit(db));
err:
	db_tx_rollback(db);
	return model_err_of(e);
}

enum model_err
task_complete(struct db *db, int64_t vid, int64_t order_id, const char *what,
    int64_t started, int64_t ended, const struct served *who, size_t nwho,
    const struct media_pair *photos, size_t n, const char *media_dir)
{
	static const char serving[] =
	    "SELECT 1 FROM order_volunteers WHERE order_id = ?1 AND volunteer_id = ?2"
	    " AND state = 'accepted'";
	static const char hour[] =
	    "INSERT INTO hours(volunteer_id, order_id, started_at, ended_at, minutes, what, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char served[] =
	    "UPDATE order_volunteers SET state = 'served' WHERE order_id = ?1 AND state = 'accepted'";
	static const char stamp[] = "UPDATE orders SET completed_at = ?2 WHERE id = ?1";
	int64_t now = now_unix();
	char state[16];
	int wanted, taken, eligible, mine, area;
	sqlite3_stmt *st;
	enum db_err e;

	/* One record per volunteer: a name twice would count their time twice. */
	for (size_t i = 0; i < nwho; i++)
		for (size_t j = i + 1; j < nwho; j++)
			if (who[i].volunteer_id == who[j].volunteer_id)
				return MODEL_BAD_VOLUNTEER;
	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if (!look(db, vid, order_id, state, &wanted, &taken, &eligible, &mine, &area) || !mine) {
		db_tx_rollback(db);
		return MODEL_NOT_MINE;
	}
	if (!order_move_ok(state, "completed", ACTOR_VOLUNTEER)) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	for (size_t i = 0; i < nwho; i++) {
		int ok;
		if ((st = db_stmt(db, serving)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, order_id);
		sqlite3_bind_int64(st, 2, who[i].volunteer_id);
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (!ok) {
			db_tx_rollback(db);
			return MODEL_BAD_VOLUNTEER;
		}
		if ((st = db_stmt(db, hour)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, who[i].volunteer_id);
		sqlite3_bind_int64(st, 2, order_id);
		sqlite3_bind_int64(st, 3, started);
		sqlite3_bind_int64(st, 4, ended);
		sqlite3_bind_int(st, 5, who[i].minutes);
		sqlite3_bind_text(st, 6, what, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, now);
		if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
			goto err;
	}
	if ((st = db_stmt(db, served)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, order_id);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
		goto err;
	if ((st = db_stmt(db, stamp)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, now);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK ||
	    (e = set_state(db, order_id, "completed", now)) != DB_OK ||
	    (e = order_event_add(db, order_id, now, ACTOR_VOLUNTEER, vid, state, "completed", "", EVENT_PUBLIC)) != DB_OK)
		goto err;
	/* 服务照片: with the completion they show, or not at all. */
	for (size_t i = 0; i < n; i++) {
		struct photo p = { .kind = PHOTO_COMPLETION, .order_id = order_id,
		    .volunteer_id = vid, .m = photos[i], .created_at = now };
		if ((e = photo_add(db, media_dir, &p)) != DB_OK) {
			db_tx_rollback(db);
			photo_settle(db, media_dir, photos, n, 0);
			return model_err_of(e);
		}
	}
	e = db_tx_commit(db);
	photo_settle(db, media_dir, photos, n, e == DB_OK);
	return model_err_of(e);
err:
	db_tx_rollback(db);
	return model_err_of(e);
fail:
	db_tx_rollback(db);
	return MODEL_ERROR;
}

enum model_err
task_each_server(struct db *db, int64_t order_id,
    void (*fn)(void *arg, int64_t vid, const char *name, const char *number), void *arg)
{
	static const char sql[] =
	    "SELECT v.id, v.name, coalesce(v.number, '') FROM order_volunteers x"
	    " JOIN volunteers v ON v.id = x.volunteer_id WHERE x.order_id = ?1 AND x.state = 'accepted'"
	    " ORDER BY x.accepted_at";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), db_text(st, 1), db_text(st, 2));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}
