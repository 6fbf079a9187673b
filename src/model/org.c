/*
 * org.c: read queries over the tree of sites.
 */
#include "org.h"

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
	    " count(s.id), coalesce(sum(s.is_demo), 0)"
	    " FROM orgs i LEFT JOIN orgs s ON s.parent_id = i.id AND s.kind = 'station'"
	    " WHERE i.kind = 'institute' GROUP BY i.id ORDER BY i.sort, i.code";
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
