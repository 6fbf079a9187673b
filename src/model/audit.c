/*
 * audit.c: reading contact_views, and purging residents' contact details
 * with a record of each run, and their photos (see audit.h).
 */
#include "model/audit.h"
#include "model/photo.h"

enum db_err
audit_each(struct db *db, const char *login,
    void (*fn)(void *arg, const struct contact_view *), void *arg)
{
	static const char sql[] =
	    "SELECT c.at, u.name, u.login, o.code, c.what, c.reason FROM contact_views c"
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
			.reason = db_text(st, 5),
		};
		fn(arg, &v);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
audit_purge(struct db *db, int64_t now, long days, int *cleared)
{
	static const char clear[] =
	    "UPDATE orders SET contact_name = '', contact_phone = '', contact_landline = '',"
	    " contact_email = '', address = ''"
	    " WHERE state IN ('rated', 'unrated', 'rejected', 'cancelled')"
	    " AND updated_at < ?1 AND (contact_name <> '' OR contact_phone <> ''"
	    " OR contact_landline <> '' OR contact_email <> '' OR address <> '')";
	/* The SMS a resident was sent keep their text (no personal data) but
	 * lose the phone with the request; 验证码 older than two days go, and
	 * the SMS that carried them. */
	static const char messages[] =
	    "UPDATE messages SET phone = '' WHERE phone <> '' AND volunteer_id IS NULL"
	    " AND user_id IS NULL AND order_id IN (SELECT id FROM orders"
	    "  WHERE state IN ('rated', 'unrated', 'rejected', 'cancelled') AND updated_at < ?1)";
	static const char codes[] = "DELETE FROM phone_codes WHERE created_at < ?2 AND ?1 = ?1";
	/* The SMS that carried those codes hold the phones too. */
	static const char code_sms[] =
	    "DELETE FROM messages WHERE kind IN ('code_order', 'code_login') AND created_at < ?2"
	    " AND ?1 = ?1";
	const char *const extra[3] = { messages, codes, code_sms };
	static const char record[] =
	    "INSERT INTO purge_runs(at, days, cleared) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st;
	enum db_err e;

	*cleared = 0;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, clear)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, audit_purge_before(now, days));
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
		goto err;
	*cleared = sqlite3_changes(db_handle(db));
	for (int i = 0; i < 3; i++) {
		if ((st = db_stmt(db, extra[i])) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, audit_purge_before(now, days));
		if (i > 0)
			sqlite3_bind_int64(st, 2, now - 2 * 86400);
		if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
			goto err;
	}
	if ((st = db_stmt(db, record)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, days);
	sqlite3_bind_int(st, 3, *cleared);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
		goto err;
	return db_tx_commit(db);
fail:
	e = DB_ERROR;
err:
	*cleared = 0;
	db_tx_rollback(db);
	return e;
}

int64_t
audit_purge_before(int64_t now, long days)
{
	return now - (int64_t)days * 86400;
}

enum db_err
audit_purge_photos(struct db *db, const char *media_dir, int64_t now, long days,
    int *removed)
{
	return photo_purge_requests(db, media_dir, audit_purge_before(now, days), removed);
}

enum db_err
audit_last_purge(struct db *db, int64_t *at, long *days, int *cleared)
{
	static const char sql[] =
	    "SELECT at, days, cleared FROM purge_runs ORDER BY at DESC, id DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*at = 0, *days = 0, *cleared = 0;
	if (st == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*at = sqlite3_column_int64(st, 0);
		*days = (long)sqlite3_column_int64(st, 1);
		*cleared = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}
