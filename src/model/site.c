/*
 * site.c: read queries over the sites for the directory, the site pages,
 * the posters and the map: sites in tree order with their details, a
 * site's children and teams, and requests counted per site.
 */
#include <stdio.h>
#include <string.h>

#include "site.h"

/* The columns every site row is read with, in the order site_read wants. */
#define SITE_COLUMNS \
	"o.id, o.code, o.name, o.kind, coalesce(o.division, ''),"		\
	" coalesce(o.base_kind, ''), coalesce(o.parent_id, 0),"			\
	" coalesce(p.name, ''), coalesce(p.kind, ''), o.address, o.open_hours,"	\
	" o.office_phone, o.lat IS NOT NULL AND o.lon IS NOT NULL,"		\
	" coalesce(o.lat, 0), coalesce(o.lon, 0), o.source, o.is_demo,"		\
	" (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id)"		\
	" FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"

/* The sites under ?1 and ?1 itself (the tree is at most three deep). */
#define SUBTREE \
	"(SELECT id FROM orgs WHERE id = ?1 OR parent_id = ?1"			\
	" OR parent_id IN (SELECT id FROM orgs WHERE parent_id = ?1))"

/* Reads the SITE_COLUMNS of st's current row into s. */
static void
site_read(sqlite3_stmt *st, struct site *s)
{
	s->id = sqlite3_column_int64(st, 0);
	s->code = db_text(st, 1);
	s->name = db_text(st, 2);
	s->kind = db_text(st, 3);
	s->division = db_text(st, 4);
	s->base_kind = db_text(st, 5);
	s->parent_id = sqlite3_column_int64(st, 6);
	s->parent_name = db_text(st, 7);
	s->parent_kind = db_text(st, 8);
	s->address = db_text(st, 9);
	s->open_hours = db_text(st, 10);
	s->office_phone = db_text(st, 11);
	s->has_coords = sqlite3_column_int(st, 12);
	s->lat = sqlite3_column_double(st, 13);
	s->lon = sqlite3_column_double(st, 14);
	s->source = db_text(st, 15);
	s->is_demo = sqlite3_column_int(st, 16);
	s->children = sqlite3_column_int(st, 17);
}

/* Steps st to the end, calling fn for each row; resets st. Returns DB_OK
 * or an error. */
static enum db_err
site_run(sqlite3_stmt *st, void (*fn)(void *arg, const struct site *), void *arg)
{
	struct site s;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		site_read(st, &s);
		fn(arg, &s);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_each(struct db *db, void (*fn)(void *arg, const struct site *), void *arg)
{
	/* Groups: the center; each institute with what hangs under it (the
	 * institute first, then its stations, then its bases); last the bases
	 * under the center. */
	static const char sql[] =
	    "SELECT " SITE_COLUMNS
	    " ORDER BY o.kind <> 'center',"
	    " CASE WHEN o.kind = 'institute' THEN o.sort"
	    "  WHEN p.kind = 'institute' THEN p.sort ELSE 1000000000 END,"
	    " CASE WHEN o.kind = 'institute' THEN o.code"
	    "  WHEN p.kind = 'institute' THEN p.code ELSE '' END,"
	    " CASE o.kind WHEN 'institute' THEN 0 WHEN 'station' THEN 1 ELSE 2 END,"
	    " coalesce(o.base_kind, ''), o.sort, o.code";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	return site_run(st, fn, arg);
}

enum db_err
site_get(struct db *db, int64_t id, void (*fn)(void *arg, const struct site *),
    void *arg, int *found)
{
	static const char sql[] = "SELECT " SITE_COLUMNS " WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct site s;
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		site_read(st, &s);
		*found = 1;
		fn(arg, &s);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_each_child(struct db *db, int64_t id,
    void (*fn)(void *arg, const struct site *), void *arg)
{
	static const char sql[] =
	    "SELECT " SITE_COLUMNS " WHERE o.parent_id = ?1"
	    " ORDER BY CASE o.kind WHEN 'institute' THEN 0 WHEN 'station' THEN 1 ELSE 2 END,"
	    " coalesce(o.base_kind, ''), o.sort, o.code";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return site_run(st, fn, arg);
}

enum db_err
site_each_team(struct db *db, int64_t id,
    void (*fn)(void *arg, const struct site_team *), void *arg)
{
	static const char sql[] =
	    "SELECT id, name, kind, is_demo FROM teams WHERE org_id = ?1 AND active = 1"
	    " ORDER BY sort, name";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct site_team t = {
			.id = sqlite3_column_int64(st, 0),
			.name = db_text(st, 1),
			.kind = db_text(st, 2),
			.is_demo = sqlite3_column_int(st, 3),
		};
		fn(arg, &t);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_figures(struct db *db, int64_t id, int64_t month_start, struct site_figures *out)
{
	/* All requests from the per-place counts the triggers keep (schema
	 * v9); this month's from the requests themselves, by place and time. */
	static const char all_sql[] =
	    "SELECT coalesce(sum(n), 0) FROM order_counts WHERE org_id IN " SUBTREE;
	static const char month_sql[] =
	    "SELECT count(*) FROM orders WHERE org_id IN " SUBTREE " AND created_at >= ?2";
	sqlite3_stmt *st;
	int rc;

	*out = (struct site_figures){ 0 };
	if ((st = db_stmt(db, all_sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->all = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err_of(rc);
	if ((st = db_stmt(db, month_sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, month_start);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->month = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_requests_by_org(struct db *db, int64_t since,
    void (*fn)(void *arg, int64_t org_id, int n), void *arg)
{
	/* One range of orders_by_org_time per site: the cost follows this
	 * month's requests, not all of them. */
	static const char sql[] =
	    "SELECT id, n FROM (SELECT o.id, (SELECT count(*) FROM orders r"
	    " WHERE r.org_id = o.id AND r.created_at >= ?1) AS n FROM orgs o) WHERE n > 0";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));
	sqlite3_reset(st);
	return db_err_of(rc);
}

const char *
site_kind_label(const char *kind, const char *base_kind)
{
	if (strcmp(kind, "center") == 0)
		return "新时代文明实践中心";
	if (strcmp(kind, "institute") == 0)
		return "新时代文明实践所";
	if (strcmp(kind, "station") == 0)
		return "新时代文明实践站";
	if (base_kind && strcmp(base_kind, "feature") == 0)
		return "特色基地";
	return "志愿服务基地";
}

int
site_order_preset(const char *kind, const char *parent_kind)
{
	return strcmp(kind, "station") == 0 || strcmp(kind, "institute") == 0 ||
	    (strcmp(kind, "base") == 0 && strcmp(parent_kind, "institute") == 0);
}
