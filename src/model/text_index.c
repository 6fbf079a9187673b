/*
 * text_index.c: the bigram tokenizer of the requests' full-text index and
 * the SQL that keeps, checks and rebuilds it (see text_index.h).
 *
 * This is FTS5's extension point (fts5_api.xCreateTokenizer), nothing more:
 * FTS5 keeps the index; the tokenizer only says which tokens a text holds.
 * Characters are UTF-8 sequences taken as they are (no case folding, no
 * word breaking: white space and punctuation are characters like any
 * other), because the search it replaces was instr(), byte for byte.
 */
#include <stdio.h>
#include <string.h>

#include "model/text_index.h"

/* Returns the length of the character at s (at most left bytes): a UTF-8
 * sequence by its lead byte, a stray byte alone. */
static int
char_len(const unsigned char *s, int left)
{
	int n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 :
	    (*s & 0xf8) == 0xf0 ? 4 : 1;

	return n > left ? left : n;
}

/*
 * A document gives, at each character, the bigram starting there, and for
 * its last character that character alone; a query of two or more
 * characters gives its bigrams only (the phrase of consecutive bigrams is
 * the substring), a query of one character that character (searched as a
 * prefix: every bigram starting with it, and the unigram at a text's end).
 */
int
text_index_tokens(const char *text, int len, int query,
    int (*fn)(void *arg, const char *tok, int n, int start, int end), void *arg)
{
	const unsigned char *s = (const unsigned char *)text;
	int at = 0, rc;

	while (at < len) {
		int a = char_len(s + at, len - at), next = at + a;

		if (next < len) {
			int b = char_len(s + next, len - next);
			if ((rc = fn(arg, text + at, a + b, at, next + b)) != 0)
				return rc;
		} else if (!query || at == 0) {
			if ((rc = fn(arg, text + at, a, at, next)) != 0)
				return rc;
		}
		at = next;
	}
	return 0;
}

/* FTS5's side of the tokenizer: one stateless instance. */
static int tok_instance;

static int
tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR;	/* sidan_bigram takes no options */
	*out = (Fts5Tokenizer *)&tok_instance;
	return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

/* What xTokenize passes on to text_index_tokens' callback. */
struct tok_call {
	void	*ctx;
	int	(*token)(void *, int, const char *, int, int, int);
};

static int
tok_emit(void *arg, const char *tok, int n, int start, int end)
{
	struct tok_call *c = arg;

	return c->token(c->ctx, 0, tok, n, start, end);
}

static int
tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
    int (*token)(void *, int, const char *, int, int, int))
{
	struct tok_call c = { ctx, token };

	(void)t;
	if (text == NULL || len <= 0)
		return SQLITE_OK;
	return text_index_tokens(text, len, (flags & FTS5_TOKENIZE_QUERY) != 0, tok_emit, &c);
}

/* Returns the fts5_api of h, or NULL (SQLite built without FTS5). */
static fts5_api *
fts5_api_of(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int
text_index_register(sqlite3 *h)
{
	static fts5_tokenizer tok = { tok_create, tok_delete, tok_tokenize };
	fts5_api *api = fts5_api_of(h);

	if (api == NULL)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "sidan_bigram", NULL, &tok, NULL);
}

int
text_index_match(const char *text, int64_t institute_id, int64_t org_id, char *out,
    size_t outlen)
{
	static const char cols[] = "{need contact_name} : \"";
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), o = 0;
	int chars = 0, n;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i += (size_t)char_len(s + i, (int)(len - i)))
		chars++;
	/* The columns, the quotes with each '"' doubled, the prefix mark, the
	 * 所's part (checked below), the NUL. */
	if (outlen < sizeof(cols) + 2 * len + sizeof("\" *"))
		return -1;
	memcpy(out, cols, sizeof(cols) - 1);
	o = sizeof(cols) - 1;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '"')
			out[o++] = '"';
		out[o++] = text[i];
	}
	out[o++] = '"';
	if (chars == 1) {
		memcpy(out + o, " *", 2);
		o += 2;
	}
	out[o] = '\0';
	if (org_id <= 0 && institute_id <= 0)
		return 0;
	/* A token of schema 25's orders.text_place. */
	n = snprintf(out + o, outlen - o, " AND text_place : \"%c%lld;\"", org_id > 0 ? 'o' : 'i',
	    (long long)(org_id > 0 ? org_id : institute_id));
	return n > 0 && (size_t)n < outlen - o ? 0 : -1;
}

/* Runs sql on db. Returns DB_OK or an error. */
static enum db_err
run(struct db *db, const char *sql)
{
	char err[256];

	return db_exec(db, sql, err, sizeof(err));
}

enum db_err
text_index_catch_up(struct db *db)
{
	return run(db,
	    "INSERT INTO orders_fts(orders_fts, rowid, need, contact_name, text_place) SELECT"
	    " 'delete', id, need, contact_name, text_place FROM orders_fts_stale WHERE indexed = 1;"
	    "INSERT INTO orders_fts(rowid, need, contact_name, text_place) SELECT o.id, o.need,"
	    " o.contact_name, o.text_place FROM orders_fts_stale s JOIN orders o ON o.id = s.id;"
	    "DELETE FROM orders_fts_stale;");
}

int
text_index_catch_up_some(struct db *db, int limit)
{
	/* The same oldest `limit` requests in each statement: nothing else
	 * writes while the write lock is held. */
#define SOME " (SELECT id FROM orders_fts_stale ORDER BY id LIMIT ?1)"
	static const char *const sql[] = {
	    "INSERT INTO orders_fts(orders_fts, rowid, need, contact_name, text_place) SELECT"
	    " 'delete', id, need, contact_name, text_place FROM orders_fts_stale WHERE indexed = 1"
	    " AND id IN" SOME,
	    "INSERT INTO orders_fts(rowid, need, contact_name, text_place) SELECT o.id, o.need,"
	    " o.contact_name, o.text_place FROM" SOME " s JOIN orders o ON o.id = s.id",
	    "DELETE FROM orders_fts_stale WHERE id IN" SOME,
	};
#undef SOME
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM (SELECT 1 FROM orders_fts_stale LIMIT ?1)");
	int n = 0, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (n == 0)
		return 0;
	if (db_tx_begin(db) != DB_OK)
		return -1;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((st = db_stmt(db, sql[i])) == NULL) {
			db_tx_rollback(db);
			return -1;
		}
		sqlite3_bind_int(st, 1, limit);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			db_tx_rollback(db);
			return -1;
		}
	}
	return db_tx_commit(db) == DB_OK ? n : -1;
}

enum db_err
text_index_rebuild(struct db *db)
{
	return run(db, "INSERT INTO orders_fts(orders_fts) VALUES ('rebuild');"
	    "DELETE FROM orders_fts_stale;");
}

enum db_err
text_index_check(struct db *db, int *stale, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	enum db_err e;
	int rc;

	*stale = 0;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if (sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM orders_fts_stale", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db)));
		db_tx_rollback(db);
		return DB_ERROR;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		*stale = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (*stale > 0 && (e = text_index_catch_up(db)) != DB_OK) {
		snprintf(err, errlen, "cannot bring the stale requests in");
		db_tx_rollback(db);
		return e;
	}
	rc = sqlite3_exec(db_handle(db),
	    "INSERT INTO orders_fts(orders_fts) VALUES ('integrity-check')", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db)));
	db_tx_rollback(db);
	return rc == SQLITE_OK ? DB_OK : db_err_of(rc) == DB_BUSY ? DB_BUSY : DB_ERROR;
}
