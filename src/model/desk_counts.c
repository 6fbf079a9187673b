/*
 * desk_counts.c: the desk's counts by state (desk.h). A view filtered by
 * place alone is counted from order_counts, a few rows whatever the number
 * of requests; any other filter by its plan (desk_plan.c), with the
 * statements desk.c builds, stopping at DESK_COUNT_BOUND in a big view
 * (and not counting again, for a minute, a search that passed it).
 */
#include <stdio.h>
#include <string.h>

#include "model/desk.h"
#include "model/desk_plan.h"

/*
 * The counts of a view filtered by place alone, from the table the triggers
 * keep (order_counts): a few rows whatever the number of requests. Each
 * reads only the rows of the places it counts: the whole district, a 所 and
 * the sites under it (?1; ?2 a station among them, or 0), or one site.
 */
static const char counts_all[] =
    "SELECT state, sum(n) FROM order_counts GROUP BY state HAVING sum(n) > 0";
static const char counts_under[] =
    "SELECT c.state, sum(c.n) FROM orgs g JOIN order_counts c ON c.org_id = g.id"
    " WHERE (g.id = ?1 OR g.parent_id = ?1) AND (?2 = 0 OR g.id = ?2)"
    " GROUP BY c.state HAVING sum(c.n) > 0";
static const char counts_at[] =
    "SELECT state, n FROM order_counts WHERE org_id = ?1 AND n > 0";

/* The counts of a view, by state: few (one per state of an order). */
struct state_counts {
	int	n;
	char	state[16][24];
	int	count[16];
	int	total;
};

/* Steps st into *c. Returns DB_OK or an error. */
static enum db_err
counts_read(sqlite3_stmt *st, struct state_counts *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_int(st, 1);
		if (c->n < (int)(sizeof(c->count) / sizeof(c->count[0]))) {
			snprintf(c->state[c->n], sizeof(c->state[0]), "%s", db_text(st, 0));
			c->count[c->n++] = n;
		}
		c->total += n;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* The counts of a filtered view by its plan (desk_plan.c). A search whose
 * counts passed the bound a moment ago, when none of its matches can have
 * left since, is not counted again: only "more than the bound" is shown.
 * Returns DB_OK or an error. */
static enum db_err
counts_planned(struct db *db, const struct scope *sc, const struct desk_filter *f,
    struct plan *pl, struct state_counts *c)
{
	sqlite3_stmt *st;
	enum db_err e;
	int known;

	if (desk_plan_of(db, sc, f, pl) != DB_OK)
		return DB_ERROR;
	if (pl->bounded && (known = desk_plan_over_known(db, sc, f)) != 0) {
		if (known < 0)
			return DB_ERROR;
		memset(c, 0, sizeof(*c));
		c->total = DESK_COUNT_BOUND + 1;
		return DB_OK;
	}
	if ((st = desk_prepare(db, sc, f, pl, pl->bounded ? Q_COUNT_BOUNDED : Q_COUNT)) == NULL)
		return DB_ERROR;
	if ((e = counts_read(st, c)) == DB_OK && pl->bounded && c->total > DESK_COUNT_BOUND)
		desk_plan_note_over(db, sc, f);
	return e;
}

enum db_err
desk_counts(struct db *db, const struct scope *sc, const struct desk_filter *f,
    void (*fn)(void *arg, const char *state, int count), void *arg, int *over)
{
	sqlite3_stmt *st;
	struct plan pl = { 0 };
	struct state_counts c;
	int64_t inst, station;
	enum db_err e;

	*over = 0;
	if (sc->role != ROLE_LEADER && !f->platform_id && !f->overdue && !f->from && !f->to &&
	    !(f->text && *f->text)) {
		if (desk_same_place(sc->role == ROLE_INSTITUTE ? sc->org_id : 0, f->institute_id, &inst) ||
		    desk_same_place(sc->role == ROLE_STATION ? sc->org_id : 0, f->station_id, &station))
			return DB_OK;	/* two different places: nothing to count */
		if (inst) {
			if ((st = db_stmt(db, counts_under)) == NULL)
				return DB_ERROR;
			sqlite3_bind_int64(st, 1, inst);
			sqlite3_bind_int64(st, 2, station);
		} else if (station) {
			if ((st = db_stmt(db, counts_at)) == NULL)
				return DB_ERROR;
			sqlite3_bind_int64(st, 1, station);
		} else if ((st = db_stmt(db, counts_all)) == NULL)
			return DB_ERROR;
		e = counts_read(st, &c);
	} else
		e = counts_planned(db, sc, f, &pl, &c);
	if (e != DB_OK)
		return e;
	for (int i = 0; i < c.n; i++)
		fn(arg, c.state[i], c.count[i]);
	if (pl.bounded && c.total > DESK_COUNT_BOUND)
		*over = 1;
	return DB_OK;
}
