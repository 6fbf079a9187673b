/*
 * photo.c: the photos table (see photo.h for who may read which photo).
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "model/photo.h"
#include "model/site.h"

#define PHOTO_COLS \
	"p.id, p.kind, coalesce(p.order_id, 0), coalesce(p.news_id, 0)," \
	" coalesce(p.volunteer_id, 0), coalesce(p.user_id, 0), p.file, p.width, p.height," \
	" p.bytes, p.thumb, p.thumb_width, p.thumb_height, p.public, p.created_at"

static const char *const kind_words[PHOTO_KIND__MAX] = {
	[PHOTO_REQUEST] = "request",
	[PHOTO_COMPLETION] = "completion",
	[PHOTO_NEWS] = "news",
};

const char *
photo_kind_word(enum photo_kind kind)
{
	return (unsigned)kind < PHOTO_KIND__MAX ? kind_words[kind] : "request";
}

/* Returns the kind named word (an unknown word reads as request). */
static enum photo_kind
kind_of(const char *word)
{
	for (int k = 0; k < PHOTO_KIND__MAX; k++)
		if (word && strcmp(word, kind_words[k]) == 0)
			return (enum photo_kind)k;
	return PHOTO_REQUEST;
}

/* Copies a text column (a hash) into out. */
static void
col_hash(sqlite3_stmt *st, int col, char out[MEDIA_HASH_LEN + 1])
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	snprintf(out, MEDIA_HASH_LEN + 1, "%s", t ? t : "");
}

/* Reads a PHOTO_COLS row into *p. */
static void
photo_read(sqlite3_stmt *st, struct photo *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->kind = kind_of((const char *)sqlite3_column_text(st, 1));
	p->order_id = sqlite3_column_int64(st, 2);
	p->news_id = sqlite3_column_int64(st, 3);
	p->volunteer_id = sqlite3_column_int64(st, 4);
	p->user_id = sqlite3_column_int64(st, 5);
	col_hash(st, 6, p->m.file.hash);
	p->m.file.width = sqlite3_column_int(st, 7);
	p->m.file.height = sqlite3_column_int(st, 8);
	p->m.file.bytes = sqlite3_column_int64(st, 9);
	col_hash(st, 10, p->m.thumb.hash);
	p->m.thumb.width = sqlite3_column_int(st, 11);
	p->m.thumb.height = sqlite3_column_int(st, 12);
	p->public = sqlite3_column_int(st, 13);
	p->created_at = sqlite3_column_int64(st, 14);
}

/* Binds v to parameter i, or NULL when v is 0. */
static void
bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

enum db_err
photo_add(struct db *db, const char *dir, struct photo *p)
{
	static const char sql[] =
	    "INSERT INTO photos(kind, order_id, news_id, volunteer_id, user_id, file, width,"
	    " height, thumb, thumb_width, thumb_height, bytes, public, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
	sqlite3_stmt *st = db_stmt(db, sql);
	enum db_err e;

	if (st == NULL)
		return DB_ERROR;
	if (p->created_at == 0)
		p->created_at = now_unix();
	sqlite3_bind_text(st, 1, photo_kind_word(p->kind), -1, SQLITE_STATIC);
	bind_id(st, 2, p->order_id);
	bind_id(st, 3, p->news_id);
	bind_id(st, 4, p->volunteer_id);
	bind_id(st, 5, p->user_id);
	sqlite3_bind_text(st, 6, p->m.file.hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, p->m.file.width);
	sqlite3_bind_int(st, 8, p->m.file.height);
	sqlite3_bind_text(st, 9, p->m.thumb.hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, p->m.thumb.width);
	sqlite3_bind_int(st, 11, p->m.thumb.height);
	sqlite3_bind_int64(st, 12, p->m.file.bytes + p->m.thumb.bytes);
	sqlite3_bind_int(st, 13, p->kind == PHOTO_NEWS ? 1 : 0);
	sqlite3_bind_int64(st, 14, p->created_at);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
		return e;
	p->id = sqlite3_last_insert_rowid(db_handle(db));
	p->public = p->kind == PHOTO_NEWS;
	/* The files go into the store before the commit: a crash in between
	 * leaves files no row names, which media_recover removes; a rollback,
	 * files photo_settle removes. */
	if (media_publish(dir, &p->m.file) != 0 || media_publish(dir, &p->m.thumb) != 0)
		return errno == ENOSPC || errno == EDQUOT ? DB_FULL : DB_ERROR;
	return DB_OK;
}

void
photo_settle(struct db *db, const char *dir, const struct media_pair *photos, size_t n,
    int committed)
{
	for (size_t i = 0; i < n; i++) {
		if (committed) {
			media_unstage(dir, &photos[i].file);
			media_unstage(dir, &photos[i].thumb);
		} else {
			media_forget(db, dir, photos[i].file.hash);
			media_forget(db, dir, photos[i].thumb.hash);
		}
	}
}

/* Runs st (bound) and calls fn for each row. Returns DB_OK or an error. */
static enum db_err
photo_rows(sqlite3_stmt *st, void (*fn)(void *, const struct photo *), void *arg)
{
	struct photo p;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		photo_read(st, &p);
		fn(arg, &p);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

enum db_err
photo_each_of_order(struct db *db, int64_t order_id, enum photo_kind kind,
    int public_only, void (*fn)(void *arg, const struct photo *), void *arg)
{
	static const char sql[] =
	    "SELECT " PHOTO_COLS " FROM photos p WHERE p.order_id = ?1 AND p.kind = ?2"
	    " AND (?3 = 0 OR p.public = 1) ORDER BY p.id";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_text(st, 2, photo_kind_word(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, public_only);
	return photo_rows(st, fn, arg);
}

enum db_err
photo_each_of_news(struct db *db, int64_t news_id,
    void (*fn)(void *arg, const struct photo *), void *arg)
{
	static const char sql[] =
	    "SELECT " PHOTO_COLS " FROM photos p WHERE p.news_id = ?1 ORDER BY p.id";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, news_id);
	return photo_rows(st, fn, arg);
}

int
photo_count(struct db *db, enum photo_kind kind, int64_t owner_id)
{
	static const char sql[] =
	    "SELECT count(*) FROM photos WHERE kind = ?1"
	    " AND (CASE WHEN ?1 = 'news' THEN news_id ELSE order_id END) = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, photo_kind_word(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, owner_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

enum db_err
photo_each_public(struct db *db, int limit,
    void (*fn)(void *arg, const struct photo *), void *arg)
{
	static const char sql[] =
	    "SELECT " PHOTO_COLS " FROM photos p LEFT JOIN news n ON n.id = p.news_id"
	    " WHERE p.public = 1 AND (p.kind = 'completion' OR n.state = 'published')"
	    " ORDER BY p.created_at DESC, p.id DESC LIMIT ?1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int(st, 1, limit);
	return photo_rows(st, fn, arg);
}

enum db_err
photo_public_of_order(struct db *db, int64_t order_id, struct photo *p, int *found)
{
	static const char sql[] =
	    "SELECT " PHOTO_COLS " FROM photos p WHERE p.order_id = ?1"
	    " AND p.kind = 'completion' AND p.public = 1 ORDER BY p.id LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		photo_read(st, p);
		*found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

/* One row that names a file, as photo_readable weighs it. */
struct readable_row {
	enum photo_kind	kind;
	int64_t		order_id;
	int		public;
	int		published;	/* news: the article is published */
	int64_t		news_org;	/* news: the article's place and its parent */
	int64_t		news_parent;
};

/* Returns 1 if reader may read a file named by row r, 0 if not, -1 on error. */
static int
row_readable(struct db *db, const struct readable_row *r,
    const struct photo_reader *reader)
{
	static const char served[] =
	    "SELECT 1 FROM order_volunteers WHERE order_id = ?1 AND volunteer_id = ?2"
	    " AND state IN ('accepted', 'served')";
	sqlite3_stmt *st;
	int rc;

	if (r->kind == PHOTO_NEWS) {
		if (r->published)
			return 1;
		return reader->place != NULL &&
		    site_in_scope(reader->place, r->news_org, r->news_parent);
	}
	if (r->kind == PHOTO_COMPLETION && r->public)
		return 1;
	if (reader->staff != NULL && (rc = desk_in_scope(db, reader->staff, r->order_id)) != 0)
		return rc;
	if (reader->volunteer_id == 0)
		return 0;
	if ((st = db_stmt(db, served)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->order_id);
	sqlite3_bind_int64(st, 2, reader->volunteer_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
photo_readable(struct db *db, const char *hash, const struct photo_reader *reader,
    int *is_public)
{
	static const char sql[] =
	    "SELECT p.kind, coalesce(p.order_id, 0), p.public, coalesce(n.state = 'published', 0),"
	    " coalesce(n.org_id, 0), coalesce(g.parent_id, 0)"
	    " FROM photos p LEFT JOIN news n ON n.id = p.news_id LEFT JOIN orgs g ON g.id = n.org_id"
	    " WHERE p.id IN (SELECT id FROM photos WHERE file = ?1"
	    "  UNION SELECT id FROM photos WHERE thumb = ?1)";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct readable_row rows[8];
	int n = 0, rc, may = 0;

	*is_public = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	/* A file is rarely named twice (the same picture sent again); eight
	 * rows are plenty to decide on. */
	while (n < 8 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct readable_row *r = &rows[n++];
		r->kind = kind_of((const char *)sqlite3_column_text(st, 0));
		r->order_id = sqlite3_column_int64(st, 1);
		r->public = sqlite3_column_int(st, 2);
		r->published = sqlite3_column_int(st, 3);
		r->news_org = sqlite3_column_int64(st, 4);
		r->news_parent = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	for (int i = 0; i < n; i++) {
		if ((rows[i].kind == PHOTO_NEWS && rows[i].published) ||
		    (rows[i].kind == PHOTO_COMPLETION && rows[i].public))
			*is_public = 1;
	}
	if (*is_public)
		return 1;
	for (int i = 0; i < n && !may; i++)
		if ((may = row_readable(db, &rows[i], reader)) < 0)
			return -1;
	return may;
}

enum model_err
photo_set_public(struct db *db, int64_t order_id, int64_t id, int public, int64_t user_id)
{
	static const char sql[] =
	    "UPDATE photos SET public = ?3, public_by = CASE WHEN ?3 = 1 THEN ?4 END"
	    " WHERE id = ?1 AND order_id = ?2 AND kind = 'completion'";
	sqlite3_stmt *st;
	enum db_err e;
	int changed;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, order_id);
	sqlite3_bind_int(st, 3, public ? 1 : 0);
	sqlite3_bind_int64(st, 4, user_id);
	if ((e = db_err_of(sqlite3_step(st))) != DB_OK) {
		db_tx_rollback(db);
		return model_err_of(e);
	}
	changed = sqlite3_changes(db_handle(db));
	if (!changed) {
		db_tx_rollback(db);
		return MODEL_NOT_FOUND;
	}
	return model_err_of(db_tx_commit(db));
}

/* Deletes the rows st selects (id, file, thumb), then forgets their files
 * after the commit. Runs in its own write transaction. Sets *removed. */
static enum db_err
delete_and_forget(struct db *db, const char *dir, sqlite3_stmt *sel, int *removed)
{
	static const char del[] = "DELETE FROM photos WHERE id = ?1";
	char (*h)[MEDIA_HASH_LEN + 1] = NULL;
	size_t nh = 0, cap = 0;
	sqlite3_stmt *st;
	enum db_err e = DB_OK;
	int rc;

	*removed = 0;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		if ((st = db_stmt(db, del)) == NULL) {
			e = DB_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, sqlite3_column_int64(sel, 0));
		if ((e = db_err_of(sqlite3_step(st))) != DB_OK)
			break;
		if (nh + 2 > cap) {
			cap = cap ? cap * 2 : 16;
			h = xrealloc(h, cap * sizeof(*h));
		}
		col_hash(sel, 1, h[nh++]);
		col_hash(sel, 2, h[nh++]);
		(*removed)++;
	}
	sqlite3_reset(sel);
	if (e == DB_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		e = db_err_of(rc);
	if (e != DB_OK) {
		db_tx_rollback(db);
		*removed = 0;
		free(h);
		return e;
	}
	if ((e = db_tx_commit(db)) == DB_OK)
		for (size_t i = 0; i < nh; i++)
			media_forget(db, dir, h[i]);
	else
		*removed = 0;
	free(h);
	return e;
}

enum model_err
photo_remove_from_news(struct db *db, const char *dir, int64_t news_id, int64_t id)
{
	static const char sql[] =
	    "SELECT id, file, thumb FROM photos WHERE id = ?1 AND news_id = ?2";
	sqlite3_stmt *st;
	enum db_err e;
	int removed;

	if ((e = db_tx_begin(db)) != DB_OK)
		return model_err_of(e);
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return MODEL_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, news_id);
	if ((e = delete_and_forget(db, dir, st, &removed)) != DB_OK)
		return model_err_of(e);
	return removed ? MODEL_OK : MODEL_NOT_FOUND;
}

enum db_err
photo_purge_requests(struct db *db, const char *dir, int64_t before, int *removed)
{
	static const char sql[] =
	    "SELECT p.id, p.file, p.thumb FROM photos p JOIN orders o ON o.id = p.order_id"
	    " WHERE p.kind = 'request' AND o.state IN ('rated', 'unrated', 'rejected', 'cancelled')"
	    " AND o.updated_at < ?1";
	sqlite3_stmt *st;
	enum db_err e;

	*removed = 0;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_tx_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, before);
	return delete_and_forget(db, dir, st, removed);
}
