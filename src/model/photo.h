/*
 * photo.h: photos as rows (schema 17's photos table): adding one with its
 * files, listing a request's or an article's, who may read a file, staff's
 * 可公开 mark, and removal. The files themselves are the media store's
 * (media.h); a row is written and its files published in one transaction.
 *
 * Readers (the reader list of every photo):
 *   request     staff whose scope holds the request, and the volunteers who
 *               serve or served it. Never public.
 *   completion  the same; and everyone once staff mark it 可公开.
 *   news        everyone once the article is published; before that, staff
 *               whose scope holds the article's place.
 */
#ifndef SIDAN_PHOTO_H
#define SIDAN_PHOTO_H

#include <stdint.h>

#include "model/db.h"
#include "model/desk.h"
#include "model/err.h"
#include "model/media.h"

enum photo_kind {
	PHOTO_REQUEST = 0,	/* a resident's, with their request */
	PHOTO_COMPLETION,	/* a volunteer's, at 结项 */
	PHOTO_NEWS,		/* a 工作动态 or 活动风采 article's */
	PHOTO_KIND__MAX
};

/* How many photos each may carry. */
#define PHOTO_MAX_REQUEST	3
#define PHOTO_MAX_COMPLETION	6
#define PHOTO_MAX_NEWS		9

struct photo {
	int64_t			 id;
	enum photo_kind		 kind;
	int64_t			 order_id;	/* request, completion */
	int64_t			 news_id;	/* news */
	int64_t			 volunteer_id;	/* completion: who took it */
	int64_t			 user_id;	/* news, or staff adding one: who */
	struct media_pair	 m;
	int			 public;	/* completion: marked 可公开; news: 1 */
	int64_t			 created_at;
};

/* Returns the schema's word for kind ("request", "completion", "news"). */
const char	*photo_kind_word(enum photo_kind kind);

/*
 * Writes p's row (kind, owner, who, files; p->id set) and publishes its two
 * staged files into the store under dir. Must run inside the caller's write
 * transaction, so the row and the request, completion or article it belongs
 * to commit together; photo_settle after it ends. Returns DB_OK or an error
 * (the caller rolls back).
 */
enum db_err	photo_add(struct db *db, const char *dir, struct photo *p);

/*
 * Settles the files of photos[0..n) after the transaction that ran
 * photo_add for them ended: committed, their staged names go; rolled back,
 * the store files no row names go (the staged names stay, so the same form
 * can be sent again). Call it after every such transaction, whatever its end.
 */
void		photo_settle(struct db *db, const char *dir, const struct media_pair *photos,
		    size_t n, int committed);

/* Calls fn for each photo of an order of kind (PHOTO_REQUEST or
 * PHOTO_COMPLETION), oldest first; public_only lists only 可公开 ones. */
enum db_err	photo_each_of_order(struct db *db, int64_t order_id, enum photo_kind kind,
		    int public_only, void (*fn)(void *arg, const struct photo *), void *arg);
/* Calls fn for each photo of article news_id, oldest first. */
enum db_err	photo_each_of_news(struct db *db, int64_t news_id,
		    void (*fn)(void *arg, const struct photo *), void *arg);
/* Returns how many photos of kind the order (or the article, for
 * PHOTO_NEWS) has, or -1 on error. */
int		photo_count(struct db *db, enum photo_kind kind, int64_t owner_id);
/* Calls fn for the newest public photos (可公开 completion photos and
 * published articles' photos), at most limit. */
enum db_err	photo_each_public(struct db *db, int limit,
		    void (*fn)(void *arg, const struct photo *), void *arg);
/* The first 可公开 completion photo of an order (Open311's media_url):
 * fills *p and sets *found. */
enum db_err	photo_public_of_order(struct db *db, int64_t order_id, struct photo *p,
		    int *found);

/* Who is asking to read a file: staff (their scope), a volunteer, or
 * neither (the public). */
struct photo_reader {
	const struct scope		*staff;		/* NULL: not staff */
	const struct place_scope	*place;		/* staff's place scope, with staff */
	int64_t				 volunteer_id;	/* 0: not a volunteer */
};
/*
 * Decides whether reader may read the store file hash (a photo's file or
 * its thumbnail). Returns 1 and sets *is_public (the file is public: it may
 * be cached by anyone) if they may, 0 if not (or no such file), -1 on error.
 */
int		photo_readable(struct db *db, const char *hash,
		    const struct photo_reader *reader, int *is_public);

/*
 * Marks completion photo id of order order_id 可公开 (public 1) or not, as
 * staff member user_id. Returns MODEL_OK, MODEL_NOT_FOUND (no such
 * completion photo on that order) or a store error.
 */
enum model_err	photo_set_public(struct db *db, int64_t order_id, int64_t id,
		    int public, int64_t user_id);
/*
 * Removes photo id of article news_id, and its files when no other row
 * names them. Returns MODEL_OK, MODEL_NOT_FOUND or a store error.
 */
enum model_err	photo_remove_from_news(struct db *db, const char *dir, int64_t news_id,
		    int64_t id);
/*
 * Removes the request photos (a resident's) of every closed request last
 * changed before before: they go with the resident's contact details (sidan
 * purge). Their files go too, unless another row names them. Sets *removed.
 * Returns DB_OK or an error.
 */
enum db_err	photo_purge_requests(struct db *db, const char *dir, int64_t before,
		    int *removed);

#endif
