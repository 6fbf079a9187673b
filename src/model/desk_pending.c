/*
 * desk_pending.c: how many applications to join and reported hours wait
 * for review in a scope (desk.h, desk_pending), counted again only when
 * the database has changed since the last count for that scope.
 */
#include "model/desk.h"
#include "model/hours.h"
#include "model/volunteer.h"

/*
 * The pending counts of a few scopes, kept with change_counts 'pending'
 * as it was when they were counted. Counting a 所's pending hours looks up
 * the request or activity of every pending record in the district (some
 * 3,000 at a million requests: milliseconds); triggers move the counter
 * with every change those counts depend on (applications, hours, teams'
 * members, where a request or an activity belongs), so new requests, which
 * arrive all day, do not make every view of the desk count again.
 */
#define PENDING_SLOTS 8

static struct pending_memo {
	int			used;
	struct place_scope	sc;
	int64_t			version;
	int			applicants, hours;
} pending_memo[PENDING_SLOTS];
static unsigned pending_next;	/* the slot a new scope takes */

/* Reads change_counts 'pending' into *out. Returns DB_OK or an error. */
static enum db_err
pending_version(struct db *db, int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT n FROM change_counts WHERE name = 'pending'");
	int rc;

	if (st == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : db_err_of(rc);
}

enum db_err
desk_pending(struct db *db, const struct place_scope *sc, int *applicants, int *hours)
{
	struct pending_memo *m = NULL;
	int64_t version = 0;
	enum db_err e;
	int a, h;

	if ((e = pending_version(db, &version)) != DB_OK)
		return e;
	for (int i = 0; i < PENDING_SLOTS; i++)
		if (pending_memo[i].used && pending_memo[i].sc.institute_id == sc->institute_id &&
		    pending_memo[i].sc.station_id == sc->station_id &&
		    pending_memo[i].sc.team_id == sc->team_id) {
			m = &pending_memo[i];
			break;
		}
	if (m && m->version == version) {
		*applicants = m->applicants;
		*hours = m->hours;
		return DB_OK;
	}
	if ((a = volunteer_count_pending(db, sc)) < 0 || (h = hours_count_pending(db, sc)) < 0)
		return DB_ERROR;
	if (m == NULL)
		m = &pending_memo[pending_next++ % PENDING_SLOTS];
	*m = (struct pending_memo){ 1, *sc, version, a, h };
	*applicants = a;
	*hours = h;
	return DB_OK;
}
