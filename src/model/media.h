/*
 * media.h: the media store, where photos live as files: DATA/media, beside
 * the database. A file is named by the SHA-256 of its bytes (ab/abcdef....jpg),
 * so a name never changes meaning and may be cached for ever. Files reach it
 * only by rename from media/tmp (the staging room, same file system), after
 * being written and synced: no half file is ever under a store name.
 *
 * A photo's files are staged first (media_stage), then published in the same
 * transaction that writes the photo's row (media_publish), then settled
 * (photo_settle: the staged names go after a commit; after a rollback the
 * published files no row names go and the staged ones stay, so the form can
 * be sent again). A crash in between leaves a file no row names:
 * media_recover, run when sidan serve starts (before any worker), removes
 * such files and all staging.
 */
#ifndef SIDAN_MEDIA_H
#define SIDAN_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "model/db.h"

#define MEDIA_HASH_LEN	64	/* hex digits of a SHA-256 */
/* How long photos staged for a form wait for it to be sent on (a day):
 * sidan-house sweeps older ones, sidan check calls them stale. */
#define MEDIA_STAGING_SECONDS	86400

/* One stored JPEG: its name and what the row keeps of it. */
struct media_file {
	char	hash[MEDIA_HASH_LEN + 1];
	int	width, height;
	int64_t	bytes;
};

/* A photo's two files. */
struct media_pair {
	struct media_file	file;	/* at most 1280 px a side */
	struct media_file	thumb;	/* at most 320 px */
};

/* Creates dir and dir/tmp if missing. Returns 0, or -1 with errno set. */
int	media_init(const char *dir);
/* Writes dir/tmp into buf (size len): where uploads and conversions are
 * written before they are staged. Returns buf. */
const char *media_tmpdir(const char *dir, char *buf, size_t len);

/*
 * Stages a converted file: hashes path (a JPEG written in dir/tmp), syncs
 * it and renames it to its staging name, dir/tmp/HASH-WxH.jpg. Fills *out.
 * Returns 0, or -1 (errno set; ENOSPC for a full disk) with path removed.
 */
int	media_stage(const char *dir, const char *path, int width, int height,
	    struct media_file *out);
/*
 * Reads a staged file back by its staging name's parts, as a form carried
 * them from one step to the next: "HASH-WxH". Fills *out (bytes from the
 * file). Returns 0, or -1 when the text is not a staging name or no such
 * file is staged.
 */
int	media_staged(const char *dir, const char *name, struct media_file *out);
/* Writes f's staging name "HASH-WxH" into buf (size len). Returns buf. */
const char *media_staged_name(const struct media_file *f, char *buf, size_t len);
/*
 * Puts a staged file into the store under its hash (a hard link: the staged
 * name stays until media_unstage) and syncs the directory. A file already
 * there has the same bytes. Returns 0, or -1 (errno set).
 */
int	media_publish(const char *dir, const struct media_file *f);
/* Removes f's staged name (its bytes stay in the store if published). */
void	media_unstage(const char *dir, const struct media_file *f);
/* Writes the store path of hash, dir/ab/HASH.jpg, into buf. Returns buf,
 * or NULL when hash is not 64 lowercase hex digits. */
const char *media_path(const char *dir, const char *hash, char *buf, size_t len);
/* Writes the internal URI nginx serves the file from ("/_media/ab/HASH.jpg")
 * into buf. Returns buf, or NULL for a bad hash. */
const char *media_uri(const char *hash, char *buf, size_t len);
/* Returns 1 if hash is 64 lowercase hex digits. */
int	media_hash_ok(const char *hash);
/* Removes hash's file from the store if no photo row names it. Returns 0
 * (removed, or still named, or already gone), -1 on error. */
int	media_forget(struct db *db, const char *dir, const char *hash);

/* What sidan check reports of the store. */
struct media_check {
	int64_t	files;		/* files in the store */
	int64_t	bytes;
	int64_t	orphans;	/* files no row names */
	int64_t	missing;	/* names in rows with no file */
	int64_t	staging;	/* files left in tmp (removed at the next start) */
};
/* Counts the store against the photos table. With fix, removes orphans
 * and staging. Returns DB_OK or an error. */
enum db_err media_check(struct db *db, const char *dir, int fix, struct media_check *out);
/* What serve runs before any worker starts: media_check with fix. */
enum db_err media_recover(struct db *db, const char *dir, struct media_check *out);
/* Removes staged files older than age seconds by the file system's clock
 * (now is time(NULL), not the test clock): a form never sent on.
 * Returns how many, or -1. */
int	media_sweep_staging(const char *dir, int64_t age, int64_t now);

#endif
