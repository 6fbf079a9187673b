/*
 * ledger.c: the queries of 台账 (see ledger.h). A ledger covers a site and
 * the sites directly under it (a 所 and its 站), or every site (the
 * centre's). Requests count by the day they were made, activities by the
 * day they start; the hours are the confirmed ones of those requests and
 * activities, so the volunteers' total is the sum of the other two.
 */
#include <stdio.h>
#include <string.h>

#include "model/ledger.h"

/* ?1 the site, ?2 from, ?3 to, ?4 every site; g is the row's site. */
#define LEDGER_PLACE " (?4 OR g.id = ?1 OR g.parent_id = ?1)"

/* The served volunteers of request o.id, "name（number）、...". */
#define SERVED \
	"coalesce((SELECT group_concat(v.name || CASE WHEN v.number IS NULL THEN ''" \
	" ELSE '（' || v.number || '）' END, '、') FROM order_volunteers ov" \
	" JOIN volunteers v ON v.id = ov.volunteer_id" \
	" WHERE ov.order_id = o.id AND ov.state = 'served'), '')"
/* The dates of each step of request o.id, from its moves. */
#define STEPS \
	" (SELECT coalesce(sum(h.minutes), 0) FROM hours h" \
	"   WHERE h.order_id = o.id AND h.status = 'confirmed')," \
	" coalesce((SELECT min(e.at) FROM order_events e WHERE e.order_id = o.id" \
	"   AND e.kind = 'move' AND e.to_state IN ('dispatched', 'published')), 0)," \
	" coalesce((SELECT min(e.at) FROM order_events e WHERE e.order_id = o.id" \
	"   AND e.kind = 'move' AND e.to_state = 'accepted'), 0)," \
	" coalesce(o.completed_at, (SELECT max(e.at) FROM order_events e" \
	"   WHERE e.order_id = o.id AND e.kind = 'move' AND e.to_state = 'completed'), 0)," \
	" coalesce((SELECT r.level FROM ratings r WHERE r.order_id = o.id), 0)"

/* Binds rg to ?1..?4 of st. */
static void
bind_range(sqlite3_stmt *st, const struct ledger_range *rg)
{
	sqlite3_bind_int64(st, 1, rg->org_id);
	sqlite3_bind_int64(st, 2, rg->from);
	sqlite3_bind_int64(st, 3, rg->to);
	sqlite3_bind_int(st, 4, rg->all != 0);
}

/* Where the rows of a ledger query go: the caller's callback (of the kind
 * the query reads) and its argument. */
struct rows_to {
	union {
		void	(*order)(void *, const struct ledger_order *);
		void	(*activity)(void *, const struct ledger_activity *);
		void	(*volunteer)(void *, const struct ledger_volunteer *);
	} fn;
	void	*arg;
};

/* Runs sql with rg bound to its end, handing each row to row (order_row,
 * activity_row or volunteer_row) with to. Returns DB_OK or an error. */
static enum db_err
range_run(struct db *db, const char *sql, const struct ledger_range *rg,
    void (*row)(sqlite3_stmt *, const struct rows_to *), const struct rows_to *to)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	bind_range(st, rg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row(st, to);
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Reads the row of st as a request and hands it to to's callback. */
static void
order_row(sqlite3_stmt *st, const struct rows_to *to)
{
	struct ledger_order o = {
		.id = sqlite3_column_int64(st, 0),
		.code = db_text(st, 1),
		.service = db_text(st, 2),
		.place = db_text(st, 3),
		.channel = db_text(st, 4),
		.state = db_text(st, 5),
		.team = db_text(st, 6),
		.volunteers = db_text(st, 7),
		.created_at = sqlite3_column_int64(st, 8),
		.minutes = sqlite3_column_int64(st, 9),
		.dispatched_at = sqlite3_column_int64(st, 10),
		.accepted_at = sqlite3_column_int64(st, 11),
		.completed_at = sqlite3_column_int64(st, 12),
		.rating = sqlite3_column_int(st, 13),
	};

	to->fn.order(to->arg, &o);
}

/* Reads the row of st as an activity and hands it to to's callback. */
static void
activity_row(sqlite3_stmt *st, const struct rows_to *to)
{
	struct ledger_activity a = {
		.id = sqlite3_column_int64(st, 0),
		.title = db_text(st, 1),
		.organiser = db_text(st, 2),
		.place = db_text(st, 3),
		.starts_at = sqlite3_column_int64(st, 4),
		.signups = sqlite3_column_int(st, 5),
		.signed_in = sqlite3_column_int(st, 6),
		.signed_out = sqlite3_column_int(st, 7),
		.minutes = sqlite3_column_int64(st, 8),
	};

	to->fn.activity(to->arg, &a);
}

/* Reads the row of st as a volunteer and hands it to to's callback. */
static void
volunteer_row(sqlite3_stmt *st, const struct rows_to *to)
{
	struct ledger_volunteer v = {
		.id = sqlite3_column_int64(st, 0),
		.number = db_text(st, 1),
		.name = db_text(st, 2),
		.teams = db_text(st, 3),
		.minutes = sqlite3_column_int64(st, 4),
	};

	to->fn.volunteer(to->arg, &v);
}

enum db_err
ledger_orders(struct db *db, const struct ledger_range *rg,
    void (*fn)(void *arg, const struct ledger_order *), void *arg)
{
	static const char sql[] =
	    "SELECT o.id, o.code, s.name, g.name, o.channel, o.state, coalesce(t.name, ''),"
	    " " SERVED ", o.created_at," STEPS
	    " FROM orders o JOIN services s ON s.id = o.service_id"
	    " JOIN orgs g ON g.id = o.org_id LEFT JOIN teams t ON t.id = o.team_id"
	    " WHERE o.created_at >= ?2 AND o.created_at < ?3 AND" LEDGER_PLACE
	    " ORDER BY o.created_at, o.id";

	return range_run(db, sql, rg, order_row, &(struct rows_to){ .fn.order = fn, .arg = arg });
}

enum db_err
ledger_activities(struct db *db, const struct ledger_range *rg,
    void (*fn)(void *arg, const struct ledger_activity *), void *arg)
{
	static const char sql[] =
	    "SELECT a.id, a.title, g.name || coalesce('·' || t.name, ''), a.place, a.starts_at,"
	    " (SELECT count(*) FROM activity_signups u WHERE u.activity_id = a.id"
	    "   AND u.state = 'signed'),"
	    " (SELECT count(*) FROM activity_signups u WHERE u.activity_id = a.id"
	    "   AND u.checkin_at IS NOT NULL),"
	    " (SELECT count(*) FROM activity_signups u WHERE u.activity_id = a.id"
	    "   AND u.checkout_at IS NOT NULL),"
	    " (SELECT coalesce(sum(h.minutes), 0) FROM hours h WHERE h.activity_id = a.id"
	    "   AND h.status = 'confirmed')"
	    " FROM activities a JOIN orgs g ON g.id = a.org_id LEFT JOIN teams t ON t.id = a.team_id"
	    " WHERE a.status = 'open' AND a.starts_at >= ?2 AND a.starts_at < ?3 AND" LEDGER_PLACE
	    " ORDER BY a.starts_at, a.id";

	return range_run(db, sql, rg, activity_row,
	    &(struct rows_to){ .fn.activity = fn, .arg = arg });
}

enum db_err
ledger_volunteers(struct db *db, const struct ledger_range *rg,
    void (*fn)(void *arg, const struct ledger_volunteer *), void *arg)
{
	static const char sql[] =
	    "WITH lo AS (SELECT o.id FROM orders o JOIN orgs g ON g.id = o.org_id"
	    "   WHERE o.created_at >= ?2 AND o.created_at < ?3 AND" LEDGER_PLACE "),"
	    " la AS (SELECT a.id FROM activities a JOIN orgs g ON g.id = a.org_id"
	    "   WHERE a.status = 'open' AND a.starts_at >= ?2 AND a.starts_at < ?3 AND"
	    LEDGER_PLACE "),"
	    " who AS (SELECT volunteer_id FROM order_volunteers"
	    "   WHERE state = 'served' AND order_id IN lo"
	    "  UNION SELECT volunteer_id FROM activity_signups"
	    "   WHERE checkin_at IS NOT NULL AND activity_id IN la"
	    "  UNION SELECT volunteer_id FROM hours WHERE status = 'confirmed'"
	    "   AND (order_id IN lo OR activity_id IN la))"
	    " SELECT v.id, coalesce(v.number, ''), v.name,"
	    " coalesce((SELECT group_concat(t.name, '、') FROM team_members m"
	    "   JOIN teams t ON t.id = m.team_id WHERE m.volunteer_id = v.id), ''),"
	    " (SELECT coalesce(sum(h.minutes), 0) FROM hours h WHERE h.volunteer_id = v.id"
	    "   AND h.status = 'confirmed' AND (h.order_id IN lo OR h.activity_id IN la))"
	    " FROM who JOIN volunteers v ON v.id = who.volunteer_id"
	    " ORDER BY v.number IS NULL, v.number, v.id";

	return range_run(db, sql, rg, volunteer_row,
	    &(struct rows_to){ .fn.volunteer = fn, .arg = arg });
}

enum db_err
ledger_count(struct db *db, const struct ledger_range *rg, int64_t *n)
{
	static const char sql[] =
	    "SELECT count(*) FROM orders o JOIN orgs g ON g.id = o.org_id"
	    " WHERE o.created_at >= ?2 AND o.created_at < ?3 AND" LEDGER_PLACE;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	bind_range(st, rg);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
ledger_order_extra(struct db *db, int64_t order_id, struct ledger_extra *x)
{
	static const char sql[] =
	    "SELECT " SERVED "," STEPS " FROM orders o WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	memset(x, 0, sizeof(*x));
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = db_text(st, 0);
		size_t n = strlen(v);

		if (n >= sizeof(x->volunteers)) {
			/* Cut after the last whole name that fits. */
			n = sizeof(x->volunteers) - 1;
			while (n > 0 && strncmp(v + n, "、", strlen("、")) != 0)
				n--;
		}
		memcpy(x->volunteers, v, n);
		x->volunteers[n] = '\0';
		x->minutes = sqlite3_column_int64(st, 1);
		x->dispatched_at = sqlite3_column_int64(st, 2);
		x->accepted_at = sqlite3_column_int64(st, 3);
		x->completed_at = sqlite3_column_int64(st, 4);
		x->rating = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

const char *
ledger_channel_label(const char *channel)
{
	static const struct { const char *key, *label; } labels[] = {
		{ "web", "网上点单" }, { "open311", "接口提交" },
		{ "phone", "电话登记" }, { "walkin", "现场登记" },
	};

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(channel, labels[i].key) == 0)
			return labels[i].label;
	return channel;
}
