/*
 * test_model_store.c: the store's whole-file work (model/store.c) against
 * a real database in a temporary directory: `sidan check`'s integrity and
 * foreign-key checks report each broken reference with its table and row,
 * and nothing on a clean database; `sidan backup`'s copy is a private (0600)
 * database holding the rows, is never written over an existing file, and
 * leaves nothing behind when it cannot be made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/db.h"
#include "model/schema.h"
#include "model/store.h"

/* One test's directory and its database, at the newest schema. */
struct st {
	char		 dir[64];
	char		 path[96];
	struct db	*db;
};

/* The problems store_check reported, in order. */
struct seen {
	int	n;
	char	text[4][160];
};

/* Records one problem as "kind:table:rowid:parent" or "integrity:text". */
static void
record(void *arg, const struct store_problem *p)
{
	struct seen *s = arg;

	if (s->n < 4) {
		if (p->kind == STORE_FOREIGN_KEY)
			snprintf(s->text[s->n], sizeof(s->text[0]), "fk:%s:%lld:%s", p->table,
			    (long long)p->rowid, p->parent);
		else
			snprintf(s->text[s->n], sizeof(s->text[0]), "integrity:%s", p->text);
	}
	s->n++;
}

/* Runs sql on db or fails the test. */
static void
exec_ok(struct db *db, const char *sql)
{
	char err[256];

	if (db_exec(db, sql, err, sizeof(err)) != DB_OK)
		fail_msg("%s: %s", sql, err);
}

/* Returns the id of the org with code. */
static int64_t
org_id(struct db *db, const char *code)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT id FROM orgs WHERE code = ?1",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int
setup(void **state)
{
	struct st *s = calloc(1, sizeof(*s));
	char err[256];

	if (s == NULL)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/sidan-store-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->path, sizeof(s->path), "%s/s.db", s->dir);
	if ((s->db = db_open(s->path, 5000, err, sizeof(err))) == NULL ||
	    schema_upgrade(s->db, err, sizeof(err)) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	exec_ok(s->db, "INSERT INTO orgs (code, name, kind) VALUES ('c', '中心', 'center');"
	    "INSERT INTO orgs (code, name, kind, parent_id) SELECT 'i', '某所', 'institute', id"
	    " FROM orgs WHERE code = 'c'");
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct st *s = *state;
	char cmd[128];

	db_close(s->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "teardown: could not remove %s\n", s->dir);
	free(s);
	return 0;
}

/* A clean database: no problem, and no call. */
static void
test_check_clean(void **state)
{
	struct st *s = *state;
	struct seen seen = { 0 };

	assert_int_equal(store_check(s->db, record, &seen), 0);
	assert_int_equal(seen.n, 0);
}

/* A reference to a missing row is reported with its table, row and the
 * table it points into, and counted. */
static void
test_check_broken_reference(void **state)
{
	struct st *s = *state;
	struct seen seen = { 0 };
	int64_t id = org_id(s->db, "i");
	char want[64];

	exec_ok(s->db, "PRAGMA foreign_keys = OFF; UPDATE orgs SET parent_id = 99999"
	    " WHERE code = 'i'; PRAGMA foreign_keys = ON");
	assert_int_equal(store_check(s->db, record, &seen), 1);
	assert_int_equal(seen.n, 1);
	snprintf(want, sizeof(want), "fk:orgs:%lld:orgs", (long long)id);
	assert_string_equal(seen.text[0], want);
}

/* The copy is a new private file that holds the rows and checks clean. */
static void
test_backup_copies(void **state)
{
	struct st *s = *state;
	char dest[128], err[256];
	struct stat sb;
	struct db *copy;
	struct seen seen = { 0 };

	snprintf(dest, sizeof(dest), "%s/copy.db", s->dir);
	assert_int_equal(store_backup(s->db, dest, err, sizeof(err)), STORE_BACKUP_OK);
	assert_int_equal(stat(dest, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	copy = db_open_existing(dest, 5000, err, sizeof(err));
	assert_non_null(copy);
	assert_true(org_id(copy, "i") > 0);
	assert_int_equal(store_check(copy, record, &seen), 0);
	db_close(copy);
}

/* An existing file is never written over. */
static void
test_backup_refuses_existing(void **state)
{
	struct st *s = *state;
	char dest[128], err[256], buf[16] = { 0 };
	FILE *f;

	snprintf(dest, sizeof(dest), "%s/taken", s->dir);
	f = fopen(dest, "w");
	assert_non_null(f);
	fputs("mine", f);
	fclose(f);
	assert_int_equal(store_backup(s->db, dest, err, sizeof(err)), STORE_BACKUP_EXISTS);
	f = fopen(dest, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "mine");
}

/* A copy that cannot be made says where, and leaves nothing behind. */
static void
test_backup_fails_cleanly(void **state)
{
	struct st *s = *state;
	char dest[128], err[256] = "";

	snprintf(dest, sizeof(dest), "%s/no/such/dir/copy.db", s->dir);
	assert_int_equal(store_backup(s->db, dest, err, sizeof(err)), STORE_BACKUP_FAILED);
	assert_non_null(strstr(err, "no/such/dir/copy.db"));
	assert_int_not_equal(access(dest, F_OK), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_check_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_broken_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_copies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_refuses_existing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_fails_cleanly, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
