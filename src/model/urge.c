/*
 * urge.c: 催办 of a request and the timeline rows that move nothing (see
 * urge.h). The event and its messages are written in one transaction, so
 * a 催办 on the timeline always has its messages and never the reverse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/urge.h"
#include "model/code.h"
#include "model/message_text.h"
#include "lib/util.h"

enum db_err
urge_event_add(struct db *db, int64_t order_id, int64_t at, const char *kind,
    const char *actor, int64_t actor_id, const char *state, const char *note)
{
	static const char sql[] =
	    "INSERT INTO order_events(order_id, at, actor, actor_id, from_state, to_state, note,"
	    " public, note_public, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, 0, 0, ?7)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	if (actor_id)
		sqlite3_bind_int64(st, 4, actor_id);
	sqlite3_bind_text(st, 5, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc) == DB_OK ? DB_ERROR : db_err_of(rc);
}

/* The request as a 催办 needs it. */
struct urged {
	char	code[CODE_LEN + 1];
	char	state[16];
	char	service[256];
	char	place[NAME_SIZE];
	int64_t	team_id;
};

/* Reads order_id into u. Returns DB_OK with *found, or an error. */
static enum db_err
urged_read(struct db *db, int64_t order_id, struct urged *u, int *found)
{
	static const char sql[] =
	    "SELECT o.code, o.state, s.name, g.name, coalesce(o.team_id, 0)"
	    " FROM orders o JOIN services s ON s.id = o.service_id JOIN orgs g ON g.id = o.org_id"
	    " WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(u->code, sizeof(u->code), "%s", db_text(st, 0));
		snprintf(u->state, sizeof(u->state), "%s", db_text(st, 1));
		snprintf(u->service, sizeof(u->service), "%s", db_text(st, 2));
		snprintf(u->place, sizeof(u->place), "%s", db_text(st, 3));
		u->team_id = sqlite3_column_int64(st, 4);
		*found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* When order_id was last urged (0: never). */
static int64_t
urged_last(struct db *db, int64_t order_id)
{
	static const char sql[] =
	    "SELECT coalesce(max(at), 0) FROM order_events WHERE order_id = ?1 AND kind = 'urge'";
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t at = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, order_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return at;
}

/*
 * The volunteers a 催办 of order_id reaches, into a new array *ids (the
 * caller frees it) of *n. Team members for a dispatched request; for a
 * published one those its broadcast reached. Returns DB_OK or an error.
 */
static enum db_err
urged_who(struct db *db, int64_t order_id, const struct urged *u, int64_t **ids, size_t *n)
{
	static const char team[] =
	    "SELECT v.id FROM team_members m JOIN volunteers v ON v.id = m.volunteer_id"
	    " WHERE m.team_id = ?2 AND v.status = 'approved'"
	    " AND NOT EXISTS (SELECT 1 FROM order_volunteers ov WHERE ov.order_id = ?1"
	    "  AND ov.volunteer_id = v.id AND ov.state = 'returned')"
	    " ORDER BY v.id";
	static const char reached[] =
	    "SELECT v.id FROM volunteers v WHERE v.id IN (SELECT volunteer_id FROM messages"
	    "  WHERE order_id = ?1 AND kind = 'task_open' AND volunteer_id IS NOT NULL)"
	    " AND v.status = 'approved' AND v.broadcasts = 1"
	    " AND NOT EXISTS (SELECT 1 FROM order_volunteers ov WHERE ov.order_id = ?1"
	    "  AND ov.volunteer_id = v.id AND ov.state = 'returned')"
	    " ORDER BY v.id";
	int dispatched = strcmp(u->state, "dispatched") == 0;
	sqlite3_stmt *st = db_stmt(db, dispatched ? team : reached);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	if (dispatched)
		sqlite3_bind_int64(st, 2, u->team_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

enum model_err
urge_order(struct db *db, const struct message_opts *o, int64_t order_id, int64_t user_id,
    int64_t now, struct urge_result *res)
{
	struct urged u;
	char text[512], link[32];
	const char *args[2];
	int64_t *ids = NULL, last;
	size_t n = 0;
	int found;
	enum db_err e;

	memset(res, 0, sizeof(*res));
	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((e = urged_read(db, order_id, &u, &found)) != DB_OK)
		goto err;
	if (!found) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	if (strcmp(u.state, "published") != 0 &&
	    (strcmp(u.state, "dispatched") != 0 || u.team_id == 0)) {
		snprintf(res->state, sizeof(res->state), "%s", u.state);
		db_tx_rollback(db);
		return MODEL_BAD_STATE;
	}
	if ((last = urged_last(db, order_id)) < 0) {
		e = DB_ERROR;
		goto err;
	}
	if (last > 0 && now - last < URGE_EVERY) {
		res->last_at = last;
		db_tx_rollback(db);
		return MODEL_TOO_EARLY;
	}
	if ((e = urge_event_add(db, order_id, now, "urge", "staff", user_id, u.state,
	    "催办")) != DB_OK)
		goto err;
	if ((e = urged_who(db, order_id, &u, &ids, &n)) != DB_OK)
		goto err;
	args[0] = u.service;
	args[1] = u.place;
	message_compose(text, sizeof(text), "task_urge", args, 2);
	snprintf(link, sizeof(link), "/k/%s", u.code);
	for (size_t i = 0; i < n; i++) {
		struct message_new m = {
			.kind = "task_urge", .order_id = order_id, .volunteer_id = ids[i],
			.text = text, .link = link,
		};
		if ((e = message_add(db, o, &m, now)) != DB_OK)
			goto err;
		res->sent += sqlite3_changes(db_handle(db)) > 0;
	}
	free(ids);
	ids = NULL;
	if ((e = db_tx_commit(db)) != DB_OK) {
		res->sent = 0;
		return model_err_of(e);
	}
	return MODEL_OK;
err:
	free(ids);
	db_tx_rollback(db);
	res->sent = 0;
	return model_err_of(e);
}
