/*
 * org.c: read queries over the tree of sites.
 */
#include <stdio.h>
#include <string.h>

#include "model/org.h"

enum db_err
org_counts(struct db *db, struct org_counts *c)
{
	static const char sql[] =
	    "SELECT kind, count(*), sum(is_demo) FROM orgs GROUP BY kind";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*c = (struct org_counts){ 0 };
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = db_text(st, 0);
		int n = sqlite3_column_int(st, 1), demo = sqlite3_column_int(st, 2);
		switch (kind[0]) {
		case 'c': c->centers = n; break;
		case 'i': c->institutes = n; break;
		case 's': c->stations = n; c->stations_demo = demo; break;
		case 'b': c->bases = n; c->bases_demo = demo; break;
		}
	}
	return db_err_of(rc);
}

enum db_err
org_each_institute(struct db *db,
    void (*fn)(void *arg, const struct org_institute *), void *arg)
{
	static const char sql[] =
	    "SELECT i.id, i.code, i.name, coalesce(i.division, ''),"
	    " (SELECT count(*) FROM orgs s WHERE s.parent_id = i.id AND s.kind = 'station'),"
	    " (SELECT count(*) FROM orgs s WHERE s.parent_id = i.id AND s.kind = 'station'"
	    "  AND s.is_demo)"
	    " FROM orgs i WHERE i.kind = 'institute' ORDER BY i.sort, i.code";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct org_institute o = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_text(st, 1),
			.name = db_text(st, 2),
			.division = db_text(st, 3),
			.stations = sqlite3_column_int(st, 4),
			.stations_demo = sqlite3_column_int(st, 5),
		};
		fn(arg, &o);
	}
	return db_err_of(rc);
}

enum db_err
org_each_station(struct db *db,
    void (*fn)(void *arg, const struct org_station *), void *arg)
{
	static const char sql[] =
	    "SELECT s.id, s.code, s.name, i.code, i.name, s.is_demo, i.id"
	    " FROM orgs s JOIN orgs i ON i.id = s.parent_id"
	    " WHERE s.kind = 'station' ORDER BY i.sort, i.code, s.sort, s.code";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct org_station o = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_text(st, 1),
			.name = db_text(st, 2),
			.institute_code = db_text(st, 3),
			.institute_name = db_text(st, 4),
			.is_demo = sqlite3_column_int(st, 5),
			.institute_id = sqlite3_column_int64(st, 6),
		};
		fn(arg, &o);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Reads the current row (id, kind, name, parent_id, parent code) into out. */
static void
org_ref_read(sqlite3_stmt *st, struct org_ref *out)
{
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->kind, sizeof(out->kind), "%s", db_text(st, 1));
	snprintf(out->code, sizeof(out->code), "%s", db_text(st, 5));
	snprintf(out->name, sizeof(out->name), "%s", db_text(st, 2));
	out->parent_id = sqlite3_column_int64(st, 3);
	snprintf(out->parent_code, sizeof(out->parent_code), "%s", db_text(st, 4));
}

enum db_err
org_by_code(struct db *db, const char *code, struct org_ref *out, int *found)
{
	static const char sql[] =
	    "SELECT o.id, o.kind, o.name, coalesce(o.parent_id, 0), coalesce(p.code, ''), o.code"
	    " FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.code = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		org_ref_read(st, out);
		*found = 1;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
org_named_in(struct db *db, const char *text, struct org_ref *out, int *found)
{
	static const char sql[] =
	    "SELECT o.id, o.kind, o.name, coalesce(o.parent_id, 0), coalesce(p.code, ''), o.code"
	    " FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"
	    " WHERE o.kind IN ('station', 'institute') AND instr(?1, o.name) > 0"
	    " ORDER BY length(o.name) DESC, o.kind = 'institute' LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		org_ref_read(st, out);
		*found = 1;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
org_by_id(struct db *db, int64_t id, struct org_ref *out, int *found)
{
	static const char sql[] =
	    "SELECT o.id, o.kind, o.name, coalesce(o.parent_id, 0), coalesce(p.code, ''), o.code"
	    " FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		org_ref_read(st, out);
		*found = 1;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

int64_t
org_center_id(struct db *db)
{
	static const char sql[] = "SELECT id FROM orgs WHERE kind = 'center' LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t id = 0;

	if (st == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

enum db_err
org_phones(struct db *db, int64_t id, char hotline[64], char site[64])
{
	static const char sql[] =
	    "SELECT coalesce((SELECT office_phone FROM orgs WHERE kind = 'center' LIMIT 1), ''),"
	    " coalesce((SELECT office_phone FROM orgs WHERE id = ?1 AND kind <> 'center'), '')";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	hotline[0] = site[0] = '\0';
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(hotline, 64, "%s", db_text(st, 0));
		snprintf(site, 64, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : db_err_of(rc);
}

int64_t
org_parent_id(struct db *db, int64_t id)
{
	static const char sql[] = "SELECT coalesce(parent_id, 0) FROM orgs WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t parent = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		parent = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return parent;
}

enum db_err
org_each_within(struct db *db, int64_t root,
    void (*fn)(void *arg, const struct org_site *), void *arg)
{
	static const char sql[] =
	    "SELECT o.id, o.code, o.name, o.kind, coalesce(p.name, ''), o.is_demo"
	    " FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"
	    " WHERE ?1 = 0 OR o.id = ?1 OR o.parent_id = ?1 OR p.parent_id = ?1"
	    " ORDER BY o.kind <> 'center',"
	    " CASE WHEN o.kind = 'institute' THEN o.sort WHEN p.kind = 'institute' THEN p.sort"
	    "  ELSE -1 END,"
	    " CASE WHEN o.kind = 'institute' THEN o.code WHEN p.kind = 'institute' THEN p.code"
	    "  ELSE '' END,"
	    " o.kind <> 'institute', o.kind = 'base', o.sort, o.code";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, root);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct org_site o = {
			.id = sqlite3_column_int64(st, 0),
			.code = db_text(st, 1),
			.name = db_text(st, 2),
			.kind = db_text(st, 3),
			.parent_name = db_text(st, 4),
			.is_demo = sqlite3_column_int(st, 5),
		};
		fn(arg, &o);
	}
	return db_err_of(rc);
}

enum db_err
org_places_version(struct db *db, int64_t *n)
{
	int64_t news;

	return org_news_version(db, n, &news);
}

enum db_err
org_news_version(struct db *db, int64_t *places, int64_t *news)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT n FROM change_counts WHERE name = 'places'),"
	    " (SELECT n FROM change_counts WHERE name = 'news')");
	int rc;

	*places = *news = 0;
	if (st == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*places = sqlite3_column_int64(st, 0);
		*news = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}
