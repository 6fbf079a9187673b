/*
 * test_text_index.c: the desk's full-text index (model/text_index.c): the
 * tokens the bigram tokenizer gives for documents and queries (ASCII, CJK,
 * spaces, one character, a stray byte), the MATCH strings built from typed
 * text (quotes doubled, the prefix mark for one character, a place's
 * token, too long), and, through FTS5 itself on an in-memory table, that
 * every search, in the district, a 所 or a site, finds exactly the texts
 * instr() finds there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/text_index.h"

/* The tokens of one text, "|"-separated, with their byte ranges checked. */
struct toks {
	char		 out[512];
	const char	*text;
};

static int
collect(void *arg, const char *tok, int n, int start, int end)
{
	struct toks *t = arg;
	size_t len = strlen(t->out);

	assert_true(start >= 0 && end > start);
	assert_int_equal(end - start, n);
	assert_memory_equal(t->text + start, tok, (size_t)n);
	snprintf(t->out + len, sizeof(t->out) - len, "%s%.*s", len ? "|" : "", n, tok);
	return 0;
}

/* Returns the tokens of text as a document (query 0) or a query (1). */
static const char *
tokens(struct toks *t, const char *text, int query)
{
	memset(t, 0, sizeof(*t));
	t->text = text;
	assert_int_equal(text_index_tokens(text, (int)strlen(text), query, collect, t), 0);
	return t->out;
}

static void
test_tokens(void **state)
{
	struct toks t;

	(void)state;
	/* A document: a bigram at each character, the last character alone. */
	assert_string_equal(tokens(&t, "abc", 0), "ab|bc|c");
	assert_string_equal(tokens(&t, "水管漏水", 0), "水管|管漏|漏水|水");
	assert_string_equal(tokens(&t, "a 水", 0), "a | 水|水");
	assert_string_equal(tokens(&t, "x", 0), "x");
	assert_string_equal(tokens(&t, "", 0), "");
	/* Case is kept (instr() is case-sensitive). */
	assert_string_equal(tokens(&t, "Ab", 0), "Ab|b");
	/* A query: its bigrams only, or its one character. */
	assert_string_equal(tokens(&t, "abc", 1), "ab|bc");
	assert_string_equal(tokens(&t, "漏水", 1), "漏水");
	assert_string_equal(tokens(&t, "水", 1), "水");
	assert_string_equal(tokens(&t, "第1号", 1), "第1|1号");
	/* A stray byte is a character of its own; a cut sequence ends the text. */
	assert_string_equal(tokens(&t, "a\xff" "b", 0), "a\xff|\xff" "b|b");
	assert_string_equal(tokens(&t, "a\xe6\xb0", 0), "a\xe6\xb0|\xe6\xb0");
}

/* Stops at the second token. */
static int
stop_second(void *arg, const char *tok, int n, int start, int end)
{
	int *seen = arg;

	(void)tok;
	(void)n;
	(void)start;
	(void)end;
	return ++*seen == 2 ? 7 : 0;
}

static void
test_tokens_stop(void **state)
{
	int seen = 0;

	(void)state;
	assert_int_equal(text_index_tokens("abcdef", 6, 0, stop_second, &seen), 7);
	assert_int_equal(seen, 2);
}

static void
test_match_string(void **state)
{
	char m[TEXT_MATCH_MAX];

	(void)state;
	/* The words, in need and contact_name only (never a 所's token). */
	assert_int_equal(text_index_match("漏水", 0, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"漏水\"");
	assert_int_equal(text_index_match("水", 0, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"水\" *");
	assert_int_equal(text_index_match("a", 0, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"a\" *");
	assert_int_equal(text_index_match("第三号 楼", 0, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"第三号 楼\"");
	/* Quotes are doubled; the rest of FTS5's syntax means nothing inside. */
	assert_int_equal(text_index_match("say \"hi\" AND *", 0, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"say \"\"hi\"\" AND *\"");
	assert_int_equal(text_index_match("\"", 0, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"\"\"\" *");
	/* Within one 所: its token too (schema 25's text_place). */
	assert_int_equal(text_index_match("漏水", 6, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"漏水\" AND text_place : \"i6;\"");
	assert_int_equal(text_index_match("水", 60, 0, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"水\" * AND text_place : \"i60;\"");
	/* Within one site: its own token, whatever its 所. */
	assert_int_equal(text_index_match("漏水", 6, 123, m, sizeof(m)), 0);
	assert_string_equal(m, "{need contact_name} : \"漏水\" AND text_place : \"o123;\"");
	/* Nothing to search for, or no room (for the words, or for the 所). */
	assert_int_equal(text_index_match("", 0, 0, m, sizeof(m)), -1);
	assert_int_equal(text_index_match("漏水", 0, 0, m, 6), -1);
	assert_int_equal(text_index_match("漏水", 6, 0, m, 35), -1);
	/* 63 bytes typed (the desk's field) always fit, with any 所. */
	{
		char big[64];
		memset(big, '"', 63);
		big[63] = '\0';
		assert_int_equal(text_index_match(big, 0, INT64_MAX, m, sizeof(m)), 0);
		assert_int_equal(strlen(m), strlen("{need contact_name} : ") + 2 + 2 * 63 +
		    strlen(" AND text_place : \"o9223372036854775807;\""));
	}
}

/* The texts searched, and the searches: every one must find what instr() finds. */
static const char *const docs[] = {
	"独居老人家中水管漏水需要帮忙", "水", "漏", "帮忙修水管", "Water pipe", "water",
	"第1号楼 3单元", "第12号楼", "李四", "张三 李四", "say \"hi\"", "a b", "ab", "",
	"【演示数据】第123号演示申请，用于演示和性能测试。",
};
static const char *const searches[] = {
	"水", "漏", "水管", "漏水", "水管漏水", "老人家中", "忙", "帮忙", "W", "w", "ater",
	"Water pipe", "r p", " ", "第1", "第1号", "1号楼", "号楼 3", "3单元", "李", "李四",
	"张三 李四", "\"", "\"hi\"", "a b", "ab", "b", "演示", "第123号演示", "。", "【",
	"不存在", "x",
};

static void
test_fts_finds_what_instr_finds(void **state)
{
	sqlite3 *h;
	sqlite3_stmt *ins, *fts, *ref;
	char m[TEXT_MATCH_MAX];

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(text_index_register(h), SQLITE_OK);
	/* As schema 25: each text's 所 (1 or 11, so that 1 is not found in 11;
	 * none for every fifth) and site (1 or 11) as tokens of their own
	 * column. */
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE d(id INTEGER PRIMARY KEY, need TEXT,"
	    " contact_name TEXT, institute_id INTEGER, org_id INTEGER, text_place TEXT GENERATED"
	    " ALWAYS AS ((CASE WHEN institute_id IS NULL THEN '' ELSE 'i' || institute_id || ';' END)"
	    " || 'o' || org_id || ';') VIRTUAL);"
	    " CREATE VIRTUAL TABLE f USING fts5(need, contact_name, text_place,"
	    " content='d', content_rowid='id', tokenize='sidan_bigram', prefix='1', columnsize=0)",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO d(id, need, contact_name, institute_id,"
	    " org_id) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ins, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		sqlite3_bind_int(ins, 1, (int)i + 1);
		sqlite3_bind_text(ins, 2, docs[i], -1, SQLITE_STATIC);
		/* The name column holds another text: a phrase never spans the two. */
		sqlite3_bind_text(ins, 3, i % 3 == 0 ? "王五" : "", -1, SQLITE_STATIC);
		if (i % 5 == 4)
			sqlite3_bind_null(ins, 4);
		else
			sqlite3_bind_int(ins, 4, i % 2 ? 1 : 11);
		sqlite3_bind_int(ins, 5, i % 3 ? 11 : 1);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	assert_int_equal(sqlite3_exec(h, "INSERT INTO f(f) VALUES ('rebuild');"
	    "INSERT INTO f(f) VALUES ('integrity-check')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT group_concat(rowid, ',') FROM"
	    " (SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY rowid)", -1, &fts, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT group_concat(id, ',') FROM (SELECT id"
	    " FROM d WHERE (instr(need, ?1) > 0 OR instr(contact_name, ?1) > 0)"
	    " AND (?2 = 0 OR institute_id = ?2) AND (?3 = 0 OR org_id = ?3) ORDER BY id)", -1,
	    &ref, NULL), SQLITE_OK);
	/* Each search in the district, in 所 1 and 11, at site 1 and 11; and
	 * the places' own tokens typed as words, which find nothing. */
	for (size_t i = 0; i < 5 * (sizeof(searches) / sizeof(searches[0]) + 4); i++) {
		size_t k = i / 5;
		int64_t inst = i % 5 == 1 ? 1 : i % 5 == 2 ? 11 : 0;
		int64_t org = i % 5 == 3 ? 1 : i % 5 == 4 ? 11 : 0;
		const char *extra[] = { "五王", "i1;", "1;", "o11;" };
		const char *q = k < sizeof(searches) / sizeof(searches[0]) ? searches[k] :
		    extra[k - sizeof(searches) / sizeof(searches[0])];
		const char *a, *b;

		assert_int_equal(text_index_match(q, inst, org, m, sizeof(m)), 0);
		sqlite3_bind_text(fts, 1, m, -1, SQLITE_STATIC);
		sqlite3_bind_text(ref, 1, q, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ref, 2, inst);
		sqlite3_bind_int64(ref, 3, org);
		assert_int_equal(sqlite3_step(fts), SQLITE_ROW);
		assert_int_equal(sqlite3_step(ref), SQLITE_ROW);
		a = (const char *)sqlite3_column_text(fts, 0);
		b = (const char *)sqlite3_column_text(ref, 0);
		if (!(a == NULL && b == NULL) && (a == NULL || b == NULL || strcmp(a, b) != 0))
			fail_msg("search %s in 所 %lld, site %lld: index found %s, instr() %s", q,
			    (long long)inst, (long long)org, a ? a : "nothing", b ? b : "nothing");
		sqlite3_reset(fts);
		sqlite3_reset(ref);
	}
	sqlite3_finalize(fts);
	sqlite3_finalize(ref);
	/* What a changed text leaves behind: the old words are not found. */
	assert_int_equal(sqlite3_exec(h, "INSERT INTO f(f, rowid, need, contact_name, text_place)"
	    " SELECT 'delete', id, need, contact_name, text_place FROM d WHERE id = 1;"
	    "UPDATE d SET need = '换了新的需求' WHERE id = 1;"
	    "INSERT INTO f(rowid, need, contact_name, text_place) SELECT id, need, contact_name,"
	    " text_place FROM d WHERE id = 1; INSERT INTO f(f) VALUES ('integrity-check')",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM f WHERE f MATCH ?1", -1, &fts,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(fts, 1, "\"老人家中\"", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(fts), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(fts, 0), 0);
	sqlite3_reset(fts);
	sqlite3_bind_text(fts, 1, "\"新的\"", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(fts), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(fts, 0), 1);
	sqlite3_finalize(fts);
	sqlite3_close(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_tokens_stop),
		cmocka_unit_test(test_match_string),
		cmocka_unit_test(test_fts_finds_what_instr_finds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
