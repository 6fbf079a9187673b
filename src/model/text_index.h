/*
 * text_index.h: the full-text index of the requests' typed text (need and
 * contact_name) and of each one's place (text_place, tokens: schema 25), an
 * FTS5 table (orders_fts, schema versions 20 and 25) whose
 * tokenizer "sidan_bigram" is registered here on every connection sidan
 * opens. Each character position of a text gives one token: the two
 * characters from there (a bigram), the last character alone, so that a
 * text of 2 or more characters is found as the phrase of its bigrams (a
 * substring, exactly as instr() finds it) and one character as a prefix.
 *
 * The index is kept in arrears: every write to a request's text, whoever
 * makes it (sidan, or the sqlite3 tool, which has no tokenizer), is noted
 * in orders_fts_stale by the file's triggers (one small row: a new
 * request's form pays nothing more), and the housekeeping process brings
 * the noted requests into the index in batches (text_index_catch_up_some),
 * each its own short transaction. The desk searches the noted requests by
 * instr() meanwhile, so it finds what it would find with the index.
 */
#ifndef SIDAN_MODEL_TEXT_INDEX_H
#define SIDAN_MODEL_TEXT_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "model/db.h"

/* The longest MATCH string text_index_match writes (for 64 bytes typed). */
#define TEXT_MATCH_MAX	224

/* Registers the tokenizer on h. Returns SQLITE_OK or an SQLite error code. */
int		text_index_register(sqlite3 *h);
/* Calls fn once per token of text (len bytes) as the tokenizer emits them
 * for a document (query: 0) or a query (1), with the token, its length
 * and its byte range in text. Stops at and returns fn's first non-zero
 * return; else 0. */
int		text_index_tokens(const char *text, int len, int query,
		    int (*fn)(void *arg, const char *tok, int n, int start, int end), void *arg);
/* Writes into out (outlen bytes) the FTS5 MATCH string that finds text in
 * need or contact_name as instr() would: a quoted phrase ("" for a quote)
 * for 2 or more characters, "X" * for one; and only among one place's
 * requests (schema 25's text_place): those at the site org_id when it is
 * not 0, else those of the 所 institute_id when it is not 0. Returns 0, or
 * -1 if text is empty or out too small. */
int		text_index_match(const char *text, int64_t institute_id, int64_t org_id,
		    char *out, size_t outlen);
/* Brings the stale requests into the index and forgets them (inside the
 * caller's write transaction). Returns DB_OK or an error. */
enum db_err	text_index_catch_up(struct db *db);
/* Brings the oldest `limit` noted requests into the index in a write
 * transaction of its own. Returns how many (0: none were noted), or -1 on
 * an error (nothing changed). */
int		text_index_catch_up_some(struct db *db, int limit);
/* Rebuilds the whole index from orders and forgets the stale list (inside
 * the caller's write transaction). Returns DB_OK or an error. */
enum db_err	text_index_rebuild(struct db *db);
/* Runs FTS5's integrity-check, first catching up with the stale requests
 * in a transaction that is rolled back (so check writes nothing). Sets
 * *stale to their number. Returns DB_OK, DB_ERROR when the index does not
 * match the requests (reason in err), or another error. */
enum db_err	text_index_check(struct db *db, int *stale, char *err, size_t errlen);

#endif
