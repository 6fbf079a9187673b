/*
 * audit.c: reading contact_views (see audit.h).
 */
#include "audit.h"

enum db_err
audit_each(struct db *db, const char *login,
    void (*fn)(void *arg, const struct contact_view *), void *arg)
{
	static const char sql[] =
	    "SELECT c.at, u.name, u.login, o.code, c.what FROM contact_views c"
	    " JOIN users u ON u.id = c.user_id JOIN orders o ON o.id = c.order_id"
	    " WHERE ?1 IS NULL OR u.login = ?1 ORDER BY c.at DESC, c.id DESC LIMIT 500";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	if (login)
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct contact_view v = {
			.at = sqlite3_column_int64(st, 0), .user = db_text(st, 1),
			.login = db_text(st, 2), .code = db_text(st, 3), .what = db_text(st, 4),
		};
		fn(arg, &v);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}
