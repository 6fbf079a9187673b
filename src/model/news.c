/*
 * news.c: the news table (see news.h): lists of published articles for the
 * portal (all, a place's, a platform's), the desk's list of a scope's
 * articles, one article, an activity's 活动风采, and writing: an article
 * and its photos in one transaction, its text changed and photos added in
 * another, publishing and taking back.
 */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "model/news.h"
#include "model/photo.h"

/* The columns every article row is read with, in the order news_read
 * wants: the article, its place, platform, activity, author and the
 * author's place, its photo count and first photo. */
#define NEWS_COLUMNS \
	"n.id, n.title, n.body, n.org_id, coalesce(o.parent_id, 0), o.name, o.kind,"	\
	" coalesce(o.base_kind, ''), coalesce(n.platform_id, 0), coalesce(p.code, ''),"	\
	" coalesce(p.name, ''), coalesce(n.activity_id, 0), coalesce(a.title, ''),"	\
	" n.state = 'published', n.author_id, u.name, coalesce(uo.name, ''),"		\
	" n.created_at, n.updated_at, coalesce(n.published_at, 0), n.is_demo,"		\
	" (SELECT count(*) FROM photos c WHERE c.news_id = n.id),"			\
	" f.id IS NOT NULL, coalesce(f.file, ''), coalesce(f.width, 0),"		\
	" coalesce(f.height, 0), coalesce(f.thumb, ''), coalesce(f.thumb_width, 0),"	\
	" coalesce(f.thumb_height, 0)"							\
	" FROM news n JOIN orgs o ON o.id = n.org_id"					\
	" LEFT JOIN platforms p ON p.id = n.platform_id"				\
	" LEFT JOIN activities a ON a.id = n.activity_id"				\
	" JOIN users u ON u.id = n.author_id"						\
	" LEFT JOIN orgs uo ON uo.id = u.org_id"					\
	" LEFT JOIN photos f ON f.id ="							\
	"  (SELECT min(g.id) FROM photos g WHERE g.news_id = n.id)"

/* Copies a hash column into out. */
static void
col_hash(sqlite3_stmt *st, int col, char out[MEDIA_HASH_LEN + 1])
{
	snprintf(out, MEDIA_HASH_LEN + 1, "%s", db_text(st, col));
}

/* Reads the NEWS_COLUMNS of st's current row into n. */
static void
news_read(sqlite3_stmt *st, struct news *n)
{
	memset(n, 0, sizeof(*n));
	n->id = sqlite3_column_int64(st, 0);
	n->title = db_text(st, 1);
	n->body = db_text(st, 2);
	n->org_id = sqlite3_column_int64(st, 3);
	n->org_parent_id = sqlite3_column_int64(st, 4);
	n->org_name = db_text(st, 5);
	n->org_kind = db_text(st, 6);
	n->org_base_kind = db_text(st, 7);
	n->platform_id = sqlite3_column_int64(st, 8);
	n->platform_code = db_text(st, 9);
	n->platform_name = db_text(st, 10);
	n->activity_id = sqlite3_column_int64(st, 11);
	n->activity_title = db_text(st, 12);
	n->published = sqlite3_column_int(st, 13);
	n->author_id = sqlite3_column_int64(st, 14);
	n->author_name = db_text(st, 15);
	n->author_unit = db_text(st, 16);
	n->created_at = sqlite3_column_int64(st, 17);
	n->updated_at = sqlite3_column_int64(st, 18);
	n->published_at = sqlite3_column_int64(st, 19);
	n->is_demo = sqlite3_column_int(st, 20);
	n->photos = sqlite3_column_int(st, 21);
	n->has_thumb = sqlite3_column_int(st, 22);
	col_hash(st, 23, n->thumb.file.hash);
	n->thumb.file.width = sqlite3_column_int(st, 24);
	n->thumb.file.height = sqlite3_column_int(st, 25);
	col_hash(st, 26, n->thumb.thumb.hash);
	n->thumb.thumb.width = sqlite3_column_int(st, 27);
	n->thumb.thumb.height = sqlite3_column_int(st, 28);
}

/* Steps st, calling fn for each row but the one past limit (which sets
 * *more, when more is not NULL); resets st. Returns DB_OK or an error. */
static enum db_err
news_run(sqlite3_stmt *st, int limit, void (*fn)(void *arg, const struct news *),
    void *arg, int *more)
{
	struct news n;
	int rc, rows = 0;

	if (more)
		*more = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (more && limit > 0 && rows == limit) {
			*more = 1;
			continue;
		}
		rows++;
		news_read(st, &n);
		fn(arg, &n);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Returns the LIMIT to bind for limit rows (-1: none), one more with more. */
static int
limit_of(int limit, const int *more)
{
	if (limit <= 0)
		return -1;
	return more ? limit + 1 : limit;
}

enum db_err
news_each_published(struct db *db, const struct news_filter *f,
    void (*fn)(void *arg, const struct news *), void *arg, int *more)
{
	static const char sql[] = "SELECT " NEWS_COLUMNS
	    " WHERE n.state = 'published'"
	    " AND (?1 = 0 OR n.org_id = ?1 OR (?2 = 1 AND o.parent_id = ?1))"
	    " AND (?3 = 0 OR n.platform_id = ?3)"
	    " ORDER BY n.published_at DESC, n.id DESC LIMIT ?4 OFFSET ?5";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, f->org_id);
	sqlite3_bind_int(st, 2, f->with_children ? 1 : 0);
	sqlite3_bind_int64(st, 3, f->platform_id);
	sqlite3_bind_int(st, 4, limit_of(f->limit, more));
	sqlite3_bind_int(st, 5, f->offset > 0 ? f->offset : 0);
	return news_run(st, f->limit, fn, arg, more);
}

enum db_err
news_each_in_scope(struct db *db, const struct place_scope *sc, int offset, int limit,
    void (*fn)(void *arg, const struct news *), void *arg, int *more)
{
	static const char sql[] = "SELECT " NEWS_COLUMNS
	    " WHERE (?1 = 0 OR o.id = ?1 OR o.parent_id = ?1) AND (?2 = 0 OR o.id = ?2)"
	    " AND ?3 = 0"
	    " ORDER BY n.updated_at DESC, n.id DESC LIMIT ?4 OFFSET ?5";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, sc->institute_id);
	sqlite3_bind_int64(st, 2, sc->station_id);
	sqlite3_bind_int64(st, 3, sc->team_id);
	sqlite3_bind_int(st, 4, limit_of(limit, more));
	sqlite3_bind_int(st, 5, offset > 0 ? offset : 0);
	return news_run(st, limit, fn, arg, more);
}

/* Steps st (bound, yielding at most one row we want) and calls fn with
 * the first row, setting *found. Returns DB_OK or an error. */
static enum db_err
news_one(sqlite3_stmt *st, void (*fn)(void *arg, const struct news *), void *arg,
    int *found)
{
	struct news n;
	int rc;

	*found = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		news_read(st, &n);
		*found = 1;
		fn(arg, &n);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
news_get(struct db *db, int64_t id, void (*fn)(void *arg, const struct news *),
    void *arg, int *found)
{
	static const char sql[] = "SELECT " NEWS_COLUMNS " WHERE n.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return news_one(st, fn, arg, found);
}

enum db_err
news_of_activity(struct db *db, int64_t activity_id, int published_only,
    void (*fn)(void *arg, const struct news *), void *arg, int *found)
{
	static const char sql[] = "SELECT " NEWS_COLUMNS
	    " WHERE n.activity_id = ?1 AND (?2 = 0 OR n.state = 'published')"
	    " ORDER BY n.id LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int(st, 2, published_only ? 1 : 0);
	return news_one(st, fn, arg, found);
}

/* Binds v to parameter i of st, or NULL when v is 0. */
static void
bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/*
 * Adds the n photos to article id as user_id, inside the caller's write
 * transaction; *added counts those whose files went into the store (for
 * the caller to forget after a rollback). Returns DB_OK or an error.
 */
static enum db_err
photos_add(struct db *db, const char *dir, int64_t id, int64_t user_id,
    const struct media_pair *photos, size_t n, size_t *added)
{
	enum db_err e;

	*added = 0;
	for (size_t i = 0; i < n; i++) {
		struct photo p = { .kind = PHOTO_NEWS, .news_id = id, .user_id = user_id,
		    .m = photos[i] };
		/* photo_add may have published the files when it fails. */
		*added = i + 1;
		if ((e = photo_add(db, dir, &p)) != DB_OK)
			return e;
	}
	return DB_OK;
}

/* Rolls back and removes from the store the files of the first added
 * photos, which no row names after the rollback. Returns e. */
static enum model_err
undo(struct db *db, const char *dir, const struct media_pair *photos, size_t added,
    enum db_err e)
{
	db_tx_rollback(db);
	photo_settle(db, dir, photos, added, 0);
	return model_err_of(e);
}

enum model_err
news_create(struct db *db, const char *dir, const struct news_text *t,
    int64_t activity_id, int64_t author_id, int publish,
    const struct media_pair *photos, size_t n, int64_t *id)
{
	static const char sql_has[] =
	    "SELECT id FROM news WHERE activity_id = ?1 ORDER BY id LIMIT 1";
	static const char sql[] =
	    "INSERT INTO news(title, body, org_id, platform_id, activity_id, state,"
	    " author_id, created_at, updated_at, published_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?7 THEN 'published' ELSE 'draft' END,"
	    " ?6, ?8, ?8, CASE WHEN ?7 THEN ?8 END)";
	sqlite3_stmt *st;
	int64_t now = now_unix();
	size_t added = 0;
	enum db_err e;
	int rc;

	*id = 0;
	if (n > PHOTO_MAX_NEWS)
		return MODEL_NO_PLACE;
	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if (activity_id) {
		if ((st = db_stmt(db, sql_has)) == NULL)
			return undo(db, dir, photos, 0, DB_ERROR);
		sqlite3_bind_int64(st, 1, activity_id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW) {
			db_tx_rollback(db);
			return MODEL_EXISTS;
		}
		if (rc != SQLITE_DONE)
			return undo(db, dir, photos, 0, db_err_of(rc));
	}
	if ((st = db_stmt(db, sql)) == NULL)
		return undo(db, dir, photos, 0, DB_ERROR);
	sqlite3_bind_text(st, 1, t->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, t->org_id);
	bind_id(st, 4, t->platform_id);
	bind_id(st, 5, activity_id);
	sqlite3_bind_int64(st, 6, author_id);
	sqlite3_bind_int(st, 7, publish ? 1 : 0);
	sqlite3_bind_int64(st, 8, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((e = db_err_of(rc)) != DB_OK)
		return undo(db, dir, photos, 0, e);
	*id = sqlite3_last_insert_rowid(db_handle(db));
	if ((e = photos_add(db, dir, *id, author_id, photos, n, &added)) != DB_OK) {
		*id = 0;
		return undo(db, dir, photos, added, e);
	}
	e = db_tx_commit(db);
	/* A failed commit rolled back: its files are named by no row. */
	photo_settle(db, dir, photos, added, e == DB_OK);
	if (e != DB_OK)
		*id = 0;
	return model_err_of(e);
}

enum model_err
news_update(struct db *db, const char *dir, int64_t id, const struct news_text *t,
    int64_t user_id, const struct media_pair *photos, size_t n)
{
	static const char sql[] =
	    "UPDATE news SET title = ?2, body = ?3, org_id = ?4, platform_id = ?5,"
	    " updated_at = ?6 WHERE id = ?1";
	sqlite3_stmt *st;
	size_t added = 0;
	enum db_err e;
	int rc, have;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((have = photo_count(db, PHOTO_NEWS, id)) < 0)
		return undo(db, dir, photos, 0, DB_ERROR);
	if ((size_t)have + n > PHOTO_MAX_NEWS) {
		db_tx_rollback(db);
		return MODEL_NO_PLACE;
	}
	if ((st = db_stmt(db, sql)) == NULL)
		return undo(db, dir, photos, 0, DB_ERROR);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, t->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, t->org_id);
	bind_id(st, 5, t->platform_id);
	sqlite3_bind_int64(st, 6, now_unix());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((e = db_err_of(rc)) != DB_OK)
		return undo(db, dir, photos, 0, e);
	if (sqlite3_changes(db_handle(db)) == 0) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	if ((e = photos_add(db, dir, id, user_id, photos, n, &added)) != DB_OK)
		return undo(db, dir, photos, added, e);
	e = db_tx_commit(db);
	photo_settle(db, dir, photos, added, e == DB_OK);
	return model_err_of(e);
}

enum model_err
news_set_published(struct db *db, int64_t id, int publish)
{
	static const char sql[] =
	    "UPDATE news SET state = CASE WHEN ?2 THEN 'published' ELSE 'draft' END,"
	    " published_at = CASE WHEN ?2 THEN ?3 END, updated_at = ?3"
	    " WHERE id = ?1 AND (state = 'published') <> ?2";
	static const char sql_has[] = "SELECT 1 FROM news WHERE id = ?1";
	const int64_t args[] = { id };
	sqlite3_stmt *st;
	enum db_err e;
	int rc, there;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, publish ? 1 : 0);
	sqlite3_bind_int64(st, 3, now_unix());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((e = db_err_of(rc)) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	if (sqlite3_changes(db_handle(db)) == 0) {
		there = db_exists(db, sql_has, args, 1);
		db_tx_rollback(db);
		return there < 0 ? MODEL_ERROR : there ? MODEL_ALREADY : MODEL_NOT_FOUND;
	}
	return model_err_of(db_tx_commit(db));
}
