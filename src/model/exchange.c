/*
 * exchange.c: 积分兑换, the goods of a place and the exchanges of points
 * for them (see exchange.h). Every change is one write transaction (BEGIN
 * IMMEDIATE under the cross-process write lock) that reads the balance,
 * the stock or the state again before it writes, so what another worker
 * did a moment before is always seen.
 */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "model/exchange.h"
#include "model/scope.h"

/* The scope of a staff member over the place g (an orgs row), with
 * ?1 team, ?2 institute, ?3 station bound as place_scope has them: as
 * site_in_scope decides it (team leaders have no place). */
#define PLACE_SCOPE \
	" (?1 = 0 AND (?3 = 0 OR g.id = ?3) AND (?2 = 0 OR g.id = ?2 OR g.parent_id = ?2))"

#define GOODS_COLS \
	"SELECT d.id, d.org_id, coalesce(g.parent_id, 0), g.name, d.name, d.note," \
	" d.points, d.stock, d.active FROM goods d JOIN orgs g ON g.id = d.org_id"

#define EXCHANGE_COLS \
	"SELECT x.id, x.goods_id, x.volunteer_id, x.org_id, coalesce(g.parent_id, 0)," \
	" d.name, g.name, v.name, coalesce(v.number, ''), x.state, x.reason, x.points," \
	" d.stock, x.state = 'cancelled' AND x.cancelled_by IS NULL, x.asked_at," \
	" coalesce(x.done_at, 0), coalesce(x.cancelled_at, 0)" \
	" FROM exchanges x JOIN goods d ON d.id = x.goods_id JOIN orgs g ON g.id = x.org_id" \
	" JOIN volunteers v ON v.id = x.volunteer_id"

/* Binds sc to ?1..?3 of st. */
static void
bind_scope(sqlite3_stmt *st, const struct place_scope *sc)
{
	sqlite3_bind_int64(st, 1, sc->team_id);
	sqlite3_bind_int64(st, 2, sc->institute_id);
	sqlite3_bind_int64(st, 3, sc->station_id);
}

/* Where the rows of a goods or exchange query go: the caller's callback
 * (of the kind the query reads) and its argument. */
struct rows_to {
	union {
		void	(*goods)(void *, const struct goods *);
		void	(*exchange)(void *, const struct exchange *);
	} fn;
	void	*arg;
};

/* Runs st (bound) to its end, handing each row to row (goods_row or
 * exchange_row) with to. Returns MODEL_OK or an error; *n counts the rows
 * when n is not NULL. */
static enum model_err
rows_run(sqlite3_stmt *st, void (*row)(sqlite3_stmt *, const struct rows_to *),
    const struct rows_to *to, int *n)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n)
			(*n)++;
		row(st, to);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MODEL_OK : model_err_of(db_err_of(rc));
}

/* Reads the row of st as goods (GOODS_COLS) and hands it to to's callback. */
static void
goods_row(sqlite3_stmt *st, const struct rows_to *to)
{
	struct goods g = {
		.id = sqlite3_column_int64(st, 0),
		.org_id = sqlite3_column_int64(st, 1),
		.org_parent_id = sqlite3_column_int64(st, 2),
		.org_name = db_text(st, 3), .name = db_text(st, 4),
		.note = db_text(st, 5),
		.points = sqlite3_column_int(st, 6),
		.stock = sqlite3_column_int(st, 7),
		.active = sqlite3_column_int(st, 8),
	};

	to->fn.goods(to->arg, &g);
}

/* Reads the row of st as an exchange (EXCHANGE_COLS) and hands it to to's
 * callback. */
static void
exchange_row(sqlite3_stmt *st, const struct rows_to *to)
{
	struct exchange x = {
		.id = sqlite3_column_int64(st, 0),
		.goods_id = sqlite3_column_int64(st, 1),
		.volunteer_id = sqlite3_column_int64(st, 2),
		.org_id = sqlite3_column_int64(st, 3),
		.org_parent_id = sqlite3_column_int64(st, 4),
		.goods_name = db_text(st, 5), .org_name = db_text(st, 6),
		.volunteer_name = db_text(st, 7), .number = db_text(st, 8),
		.state = db_text(st, 9), .reason = db_text(st, 10),
		.points = sqlite3_column_int(st, 11),
		.stock = sqlite3_column_int(st, 12),
		.by_volunteer = sqlite3_column_int(st, 13),
		.asked_at = sqlite3_column_int64(st, 14),
		.done_at = sqlite3_column_int64(st, 15),
		.cancelled_at = sqlite3_column_int64(st, 16),
	};

	to->fn.exchange(to->arg, &x);
}

/* Runs st (bound) to its end, calling fn with each goods row. Returns
 * MODEL_OK or an error; *n counts the rows when n is not NULL. */
static enum model_err
goods_run(sqlite3_stmt *st, void (*fn)(void *, const struct goods *), void *arg, int *n)
{
	return rows_run(st, goods_row, &(struct rows_to){ .fn.goods = fn, .arg = arg }, n);
}

/* Like goods_run for exchange rows. */
static enum model_err
exchange_run(sqlite3_stmt *st, void (*fn)(void *, const struct exchange *), void *arg)
{
	return rows_run(st, exchange_row, &(struct rows_to){ .fn.exchange = fn, .arg = arg },
	    NULL);
}

/* Steps a bound write statement st inside the open transaction; on failure
 * rolls back. Returns MODEL_OK or the error. */
static enum model_err
write_step(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return MODEL_OK;
	db_tx_rollback(db);
	return model_err_of(db_err_of(rc));
}

/* Binds the fields of g to ?2..?6 of st. */
static void
bind_fields(sqlite3_stmt *st, const struct goods_fields *g)
{
	sqlite3_bind_text(st, 2, g->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, g->note ? g->note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, g->points);
	sqlite3_bind_int(st, 5, g->stock);
	sqlite3_bind_int(st, 6, g->active ? 1 : 0);
}

enum model_err
goods_create(struct db *db, int64_t org_id, int64_t user_id, const struct goods_fields *g,
    int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO goods(org_id, name, note, points, stock, active, created_by,"
	    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
	sqlite3_stmt *st;
	enum model_err e;

	if ((e = model_err_of(db_tx_begin(db))) != MODEL_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, org_id);
	bind_fields(st, g);
	sqlite3_bind_int64(st, 7, user_id);
	sqlite3_bind_int64(st, 8, now_unix());
	if ((e = write_step(db, st)) != MODEL_OK)
		return e;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return model_err_of(db_tx_commit(db));
}

enum model_err
goods_update(struct db *db, int64_t id, const struct goods_fields *g)
{
	static const char sql[] =
	    "UPDATE goods SET name = ?2, note = ?3, points = ?4, stock = ?5, active = ?6,"
	    " updated_at = ?7 WHERE id = ?1";
	sqlite3_stmt *st;
	enum model_err e;

	if ((e = model_err_of(db_tx_begin(db))) != MODEL_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	bind_fields(st, g);
	sqlite3_bind_int64(st, 7, now_unix());
	if ((e = write_step(db, st)) != MODEL_OK)
		return e;
	if (sqlite3_changes(db_handle(db)) != 1) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	return model_err_of(db_tx_commit(db));
}

enum model_err
goods_get(struct db *db, int64_t id, void (*fn)(void *, const struct goods *), void *arg)
{
	static const char sql[] = GOODS_COLS " WHERE d.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	enum model_err e;
	int n = 0;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((e = goods_run(st, fn, arg, &n)) != MODEL_OK)
		return e;
	return n ? MODEL_OK : MODEL_NOT_FOUND;
}

enum model_err
goods_each_in_scope(struct db *db, const struct place_scope *sc,
    void (*fn)(void *, const struct goods *), void *arg)
{
	static const char sql[] = GOODS_COLS " WHERE" PLACE_SCOPE
	    " ORDER BY g.kind = 'station', g.id, d.active DESC, d.id DESC";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	bind_scope(st, sc);
	return goods_run(st, fn, arg, NULL);
}

/* The places whose goods volunteer ?1 may ask for: their own, its parent,
 * the centre. g is the goods' place. */
#define VOLUNTEER_PLACES \
	" (g.kind = 'center' OR g.id IN (SELECT o.id FROM volunteers v JOIN orgs o" \
	" ON o.id = v.org_id WHERE v.id = ?1 UNION SELECT o.parent_id FROM volunteers v" \
	" JOIN orgs o ON o.id = v.org_id WHERE v.id = ?1))"

enum model_err
goods_each_for_volunteer(struct db *db, int64_t vid,
    void (*fn)(void *, const struct goods *), void *arg)
{
	static const char sql[] = GOODS_COLS " WHERE d.active = 1 AND d.stock > 0 AND"
	    VOLUNTEER_PLACES " ORDER BY d.points, d.id";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	return goods_run(st, fn, arg, NULL);
}

enum model_err
exchange_points(struct db *db, int64_t vid, int per_hour, struct points *out)
{
	static const char sql[] =
	    "SELECT (SELECT coalesce(sum(minutes), 0) FROM hours"
	    " WHERE volunteer_id = ?1 AND status = 'confirmed'),"
	    " (SELECT coalesce(sum(points), 0) FROM exchanges"
	    " WHERE volunteer_id = ?1 AND state IN ('asked', 'done'))";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->minutes = sqlite3_column_int64(st, 0);
		out->held = sqlite3_column_int64(st, 1);
		out->earned = out->minutes * (per_hour > 0 ? per_hour : 0) / 60;
		out->balance = out->earned - out->held;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MODEL_OK : model_err_of(db_err_of(rc));
}

enum model_err
exchange_ask(struct db *db, int64_t vid, int64_t gid, int per_hour, int64_t *id,
    int64_t *balance)
{
	static const char get[] =
	    "SELECT d.points, d.stock, d.org_id FROM goods d JOIN orgs g ON g.id = d.org_id"
	    " WHERE d.id = ?2 AND d.active = 1 AND" VOLUNTEER_PLACES;
	static const char ins[] =
	    "INSERT INTO exchanges(goods_id, volunteer_id, org_id, points, asked_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)";
	struct points p;
	sqlite3_stmt *st;
	int64_t org = 0;
	int price = 0, stock = 0, rc;
	enum model_err e;

	*balance = 0;
	if ((e = model_err_of(db_tx_begin(db))) != MODEL_OK)
		return e;
	if ((st = db_stmt(db, get)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, gid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		price = sqlite3_column_int(st, 0);
		stock = sqlite3_column_int(st, 1);
		org = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		db_tx_rollback(db);
		return rc == SQLITE_DONE ? MODEL_NOT_FOUND : model_err_of(db_err_of(rc));
	}
	if ((e = exchange_points(db, vid, per_hour, &p)) != MODEL_OK) {
		db_tx_rollback(db);
		return e;
	}
	*balance = p.balance;
	if (stock <= 0) {
		db_tx_rollback(db);
		return MODEL_NO_PLACE;
	}
	if (p.balance < price) {
		db_tx_rollback(db);
		return MODEL_NOT_READY;
	}
	if ((st = db_stmt(db, ins)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, gid);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_int64(st, 3, org);
	sqlite3_bind_int(st, 4, price);
	sqlite3_bind_int64(st, 5, now_unix());
	if ((e = write_step(db, st)) != MODEL_OK)
		return e;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	*balance = p.balance - price;
	return model_err_of(db_tx_commit(db));
}

/* Reads exchange id's state, volunteer and goods' stock inside the open
 * transaction. Returns MODEL_OK, or MODEL_NOT_FOUND / an error after
 * rolling back. */
static enum model_err
state_of(struct db *db, int64_t id, char state[16], int64_t *vid, int64_t *gid, int *stock)
{
	static const char sql[] =
	    "SELECT x.state, x.volunteer_id, x.goods_id, d.stock FROM exchanges x"
	    " JOIN goods d ON d.id = x.goods_id WHERE x.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(state, 16, "%s", db_text(st, 0));
		*vid = sqlite3_column_int64(st, 1);
		*gid = sqlite3_column_int64(st, 2);
		*stock = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MODEL_OK;
	db_tx_rollback(db);
	return rc == SQLITE_DONE ? MODEL_NOT_FOUND : model_err_of(db_err_of(rc));
}

/* Adds add to goods gid's stock inside the open transaction. Returns
 * MODEL_OK, or an error after rolling back. */
static enum model_err
stock_add(struct db *db, int64_t gid, int add)
{
	static const char sql[] =
	    "UPDATE goods SET stock = stock + ?2, updated_at = ?3 WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, gid);
	sqlite3_bind_int(st, 2, add);
	sqlite3_bind_int64(st, 3, now_unix());
	return write_step(db, st);
}

enum model_err
exchange_confirm(struct db *db, int64_t id, int64_t user_id)
{
	static const char sql[] =
	    "UPDATE exchanges SET state = 'done', done_at = ?2, done_by = ?3"
	    " WHERE id = ?1 AND state = 'asked'";
	char state[16];
	int64_t vid, gid;
	int stock;
	sqlite3_stmt *st;
	enum model_err e;

	if ((e = model_err_of(db_tx_begin(db))) != MODEL_OK)
		return e;
	if ((e = state_of(db, id, state, &vid, &gid, &stock)) != MODEL_OK)
		return e;
	if (strcmp(state, "asked") != 0) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	if (stock <= 0) {
		db_tx_rollback(db);
		return MODEL_NO_PLACE;
	}
	if ((e = stock_add(db, gid, -1)) != MODEL_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_unix());
	sqlite3_bind_int64(st, 3, user_id);
	if ((e = write_step(db, st)) != MODEL_OK)
		return e;
	return model_err_of(db_tx_commit(db));
}

enum model_err
exchange_cancel(struct db *db, int64_t id, int64_t user_id, int64_t vid, const char *reason)
{
	static const char sql[] =
	    "UPDATE exchanges SET state = 'cancelled', cancelled_at = ?2, cancelled_by = ?3,"
	    " reason = ?4, done_at = NULL WHERE id = ?1 AND state IN ('asked', 'done')";
	char state[16];
	int64_t owner, gid;
	int stock;
	sqlite3_stmt *st;
	enum model_err e;

	if ((e = model_err_of(db_tx_begin(db))) != MODEL_OK)
		return e;
	if ((e = state_of(db, id, state, &owner, &gid, &stock)) != MODEL_OK)
		return e;
	if (vid && owner != vid) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	if (strcmp(state, "cancelled") == 0 || (vid && strcmp(state, "asked") != 0)) {
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	/* The schema allows done_at only in state done: a handed-over
	 * exchange cancelled loses its done_at (done_by stays, saying who
	 * handed it over). */
	if (strcmp(state, "done") == 0 && (e = stock_add(db, gid, 1)) != MODEL_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_unix());
	if (user_id)
		sqlite3_bind_int64(st, 3, user_id);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, reason ? reason : "", -1, SQLITE_STATIC);
	if ((e = write_step(db, st)) != MODEL_OK)
		return e;
	return model_err_of(db_tx_commit(db));
}

enum model_err
exchange_place(struct db *db, int64_t id, int64_t *org_id, int64_t *parent_id, int64_t *vid)
{
	static const char sql[] =
	    "SELECT x.org_id, coalesce(g.parent_id, 0), x.volunteer_id FROM exchanges x"
	    " JOIN orgs g ON g.id = x.org_id WHERE x.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*org_id = sqlite3_column_int64(st, 0);
		*parent_id = sqlite3_column_int64(st, 1);
		*vid = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MODEL_OK;
	return rc == SQLITE_DONE ? MODEL_NOT_FOUND : model_err_of(db_err_of(rc));
}

enum model_err
exchange_each_of_volunteer(struct db *db, int64_t vid,
    void (*fn)(void *, const struct exchange *), void *arg)
{
	static const char sql[] = EXCHANGE_COLS " WHERE x.volunteer_id = ?1 ORDER BY x.id DESC";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return MODEL_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	return exchange_run(st, fn, arg);
}

enum model_err
exchange_each_in_scope(struct db *db, const struct place_scope *sc, const char *who,
    int limit, void (*fn)(void *, const struct exchange *), void *arg)
{
	static const char all[] = EXCHANGE_COLS " WHERE" PLACE_SCOPE
	    " ORDER BY x.id DESC LIMIT ?4";
	static const char one[] = EXCHANGE_COLS " WHERE" PLACE_SCOPE
	    " AND x.state = 'asked' AND (v.number = ?5 OR v.phone = ?5) ORDER BY x.id DESC LIMIT ?4";
	sqlite3_stmt *st = db_stmt(db, who ? one : all);

	if (st == NULL)
		return MODEL_ERROR;
	bind_scope(st, sc);
	sqlite3_bind_int(st, 4, limit);
	if (who)
		sqlite3_bind_text(st, 5, who, -1, SQLITE_STATIC);
	return exchange_run(st, fn, arg);
}
