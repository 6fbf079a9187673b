/*
 * news.h: 工作动态 and 活动风采 as the model sees them (schema 17's news
 * table): short articles staff write for a place of their part of the tree,
 * drafts until published; an article may name a platform (it is then shown
 * on that platform's page) and an activity (it is then that activity's
 * 活动风采, one per activity). Photos are photo.h's, added in the same write
 * transaction as the article. Rows are handed to callbacks; their strings
 * live until the callback returns.
 */
#ifndef SIDAN_MODEL_NEWS_H
#define SIDAN_MODEL_NEWS_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"
#include "model/err.h"
#include "model/media.h"
#include "model/scope.h"

/* The most characters a title and a body may hold (the schema's checks). */
#define NEWS_TITLE_MAX	60
#define NEWS_BODY_MAX	5000

/* One article with what its pages show. */
struct news {
	int64_t		 id;
	const char	*title;
	const char	*body;		/* plain text, paragraphs split by blank lines */
	int64_t		 org_id;	/* the place it concerns */
	int64_t		 org_parent_id;	/* that place's parent, 0 for the centre */
	const char	*org_name;
	const char	*org_kind;	/* center, institute, station, base */
	const char	*org_base_kind;	/* feature, volunteer for bases, else "" */
	int64_t		 platform_id;	/* 0: none */
	const char	*platform_code;	/* "" when none */
	const char	*platform_name;
	int64_t		 activity_id;	/* 0: not an activity's 活动风采 */
	const char	*activity_title;	/* "" when none */
	int		 published;	/* state published (else a draft) */
	int64_t		 author_id;
	const char	*author_name;	/* the staff member: for the desk only */
	const char	*author_unit;	/* the author's place (the byline) */
	int64_t		 created_at, updated_at;
	int64_t		 published_at;	/* 0 for a draft */
	int		 is_demo;
	int		 photos;	/* how many photos it has */
	int		 has_thumb;	/* lists: its first photo, when it has one */
	struct media_pair thumb;
};

/* Which published articles a list wants: 0 fields do not filter. */
struct news_filter {
	int64_t	org_id;		/* about this place ... */
	int	with_children;	/* ... or a place directly under it */
	int64_t	platform_id;	/* on this platform */
	int	offset, limit;	/* limit 0: no limit */
};

/*
 * Calls fn for each published article matching f, newest published first
 * (each with its first photo as the thumbnail). With more non-NULL, asks
 * for one row past limit and sets *more to 1 if there is one (that row is
 * not passed to fn). Returns DB_OK or an error.
 */
enum db_err	news_each_published(struct db *db, const struct news_filter *f,
		    void (*fn)(void *arg, const struct news *), void *arg, int *more);
/* Calls fn for the articles, drafts and published, about places in scope
 * sc (everything when sc is all zero; none for a team's scope), last
 * changed first, skipping offset and at most limit; *more as above. */
enum db_err	news_each_in_scope(struct db *db, const struct place_scope *sc,
		    int offset, int limit, void (*fn)(void *arg, const struct news *),
		    void *arg, int *more);
/* Finds article id, whatever its state: calls fn once and sets *found to 1,
 * or sets it to 0. Returns DB_OK or an error. */
enum db_err	news_get(struct db *db, int64_t id,
		    void (*fn)(void *arg, const struct news *), void *arg, int *found);
/* Finds activity_id's 活动风采 (only a published one with published_only):
 * calls fn once and sets *found, as news_get. */
enum db_err	news_of_activity(struct db *db, int64_t activity_id, int published_only,
		    void (*fn)(void *arg, const struct news *), void *arg, int *found);

/* An article as staff wrote it, checked by the page. */
struct news_text {
	const char	*title;		/* one line, 1..NEWS_TITLE_MAX characters */
	const char	*body;		/* 1..NEWS_BODY_MAX characters */
	int64_t		 org_id;
	int64_t		 platform_id;	/* 0: none */
};

/*
 * Writes a new article by staff member author_id, with activity_id (0:
 * none) and photos (n of them, at most PHOTO_MAX_NEWS, staged in the media
 * store under dir), published at once when publish is 1, else a draft; all
 * in one write transaction. Sets *id. Returns MODEL_OK, MODEL_EXISTS (the
 * activity has its 活动风采 already: *id is that article) or a store error.
 */
enum model_err	news_create(struct db *db, const char *dir, const struct news_text *t,
		    int64_t activity_id, int64_t author_id, int publish,
		    const struct media_pair *photos, size_t n, int64_t *id);
/*
 * Replaces article id's text with t and adds photos (n of them) as staff
 * member user_id, in one write transaction. Returns MODEL_OK,
 * MODEL_NOT_FOUND, MODEL_NO_PLACE (the photos would pass PHOTO_MAX_NEWS:
 * nothing is changed) or a store error.
 */
enum model_err	news_update(struct db *db, const char *dir, int64_t id,
		    const struct news_text *t, int64_t user_id,
		    const struct media_pair *photos, size_t n);
/* Publishes article id (publish 1: published from now on) or takes it back
 * to a draft (0). Returns MODEL_OK, MODEL_NOT_FOUND, MODEL_ALREADY (it was
 * in that state already) or a store error. */
enum model_err	news_set_published(struct db *db, int64_t id, int publish);

#endif
