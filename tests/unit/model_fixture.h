/*
 * model_fixture.h: the shared setup of the model's own tests
 * (tests/unit/test_model_*.c). Each test gets a fresh database in its own
 * temporary directory (mkdtemp under /tmp): opened with the store's
 * db_open, brought to the newest schema with schema_upgrade, seeded with
 * the real tree by seed_run, then given, through the model's own calls,
 * the people the tests act as: a dispatcher, three members of 神头镇's
 * branch team living in 马邑村 (as `sidan seed --demo` has them), a
 * volunteer of 马邑村 in no team, and one of 北城街道 in no team. The
 * directory and everything in it is removed afterwards.
 *
 * The seeded database is made once per program and copied for each test
 * (a file copy of a checkpointed database), so a test costs a copy, not a
 * seed. Reads the tests make to check effects go straight to the tables
 * (fx_int, fx_text): the model has no reader for everything a test must
 * see (an event's flags, a record's old figure).
 *
 * Races for real (fx_race): a few forked processes, each opening its own
 * connection after fork as sidan's workers do, let go at the same instant.
 *
 * Include after cmocka.h; every function is static inline (a program uses
 * what it needs, without warnings for the rest).
 */
#ifndef SIDAN_TEST_MODEL_FIXTURE_H
#define SIDAN_TEST_MODEL_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"
#include "model/db.h"
#include "model/dispatch.h"
#include "model/err.h"
#include "model/order.h"
#include "model/schema.h"
#include "model/seed.h"
#include "model/task.h"
#include "model/user.h"
#include "model/volunteer.h"

/* How long a connection waits for the write lock in these tests. */
#define FX_BUSY_MS	5000
/* Not a real password hash: nobody signs in during these tests. */
#define FX_PWHASH	"$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash"

#define FX_CENTER	"140602000000"	/* 朔城区新时代文明实践中心 */
#define FX_SHENTOU	"140602100000"	/* 神头镇 (a 所) */
#define FX_MAYI		"140602100201"	/* 马邑村 (a 站 of 神头镇) */
#define FX_BEICHENG	"140602001000"	/* 北城街道 (a 所) */

/* One test's world: its directory, its connection and the ids it uses. */
struct fx {
	char		 dir[64];
	char		 path[96];
	struct db	*db;
	int64_t		 center, shentou, mayi, beicheng;	/* orgs */
	int64_t		 team;		/* 神头镇志愿服务分队 */
	int64_t		 team_far;	/* 北城街道志愿服务分队 */
	int64_t		 service;	/* policy-talk, platform theory */
	int64_t		 platform;	/* theory */
	int64_t		 staff;		/* a dispatcher at the center */
	int64_t		 v1, v2, v3;	/* team members living in 马邑村 */
	int64_t		 v_area;	/* lives in 马邑村, in no team */
	int64_t		 v_far;		/* lives in 北城街道, in no team */
};

/* The seeded template, made on first use and removed by fx_cleanup. */
static char fx_tmpl_dir[64];
static char fx_tmpl_path[96];
static struct fx fx_tmpl;

/* Fails the test (or, outside one, the program) with a message. */
#define FX_CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "fixture: " __VA_ARGS__); \
		fprintf(stderr, "\n"); \
		fail(); \
	} \
} while (0)

/*
 * Runs sql with the integers args bound to ?1.. and returns the first
 * column of its first row (0 when there is no row). For reading effects.
 */
static inline int64_t
fx_int_(struct db *db, const char *sql, const int64_t *args, size_t n)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int rc;

	rc = sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL);
	FX_CHECK(rc == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db_handle(db)));
	for (size_t i = 0; i < n; i++)
		sqlite3_bind_int64(st, (int)i + 1, args[i]);
	rc = sqlite3_step(st);
	FX_CHECK(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s: %s", sql,
	    sqlite3_errmsg(db_handle(db)));
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
#define FX_ARGS(...)	(const int64_t[]){ __VA_ARGS__ }, \
	sizeof((const int64_t[]){ __VA_ARGS__ }) / sizeof(int64_t)
/* fx_int(db, sql, a1, a2, ...): at least one argument. */
#define fx_int(db, sql, ...)	fx_int_((db), (sql), FX_ARGS(__VA_ARGS__))

/* Like fx_int for a text column, copied into out ("" when no row). */
static inline const char *
fx_text_(struct db *db, char *out, size_t outlen, const char *sql,
    const int64_t *args, size_t n)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL);
	FX_CHECK(rc == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db_handle(db)));
	for (size_t i = 0; i < n; i++)
		sqlite3_bind_int64(st, (int)i + 1, args[i]);
	rc = sqlite3_step(st);
	FX_CHECK(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s: %s", sql,
	    sqlite3_errmsg(db_handle(db)));
	snprintf(out, outlen, "%s", rc == SQLITE_ROW ? db_text(st, 0) : "");
	sqlite3_finalize(st);
	return out;
}
#define fx_text(db, buf, sql, ...) \
	fx_text_((db), (buf), sizeof(buf), (sql), FX_ARGS(__VA_ARGS__))

/* Runs sql with the text arg bound to ?1 and returns the id it yields;
 * fails when there is none. */
static inline int64_t
fx_id(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	FX_CHECK(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK, "%s", sql);
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	FX_CHECK(id > 0, "%s: nothing for %s in the seed", sql, arg);
	return id;
}
#define fx_org(db, code)	fx_id((db), "SELECT id FROM orgs WHERE code = ?1", (code))

/* Adds an approved volunteer living at org_id, member of team (0: none),
 * serving the fixture's platform. Returns the id. */
static inline int64_t
fx_volunteer(struct fx *f, const char *name, const char *phone, int64_t org_id, int64_t team)
{
	struct volunteer_apply a = {
		.name = name, .phone = phone, .pwhash = FX_PWHASH, .org_id = org_id,
		.platforms = &f->platform, .nplatforms = 1,
		.teams = &team, .nteams = team ? 1 : 0,
	};
	int64_t id = 0;

	FX_CHECK(volunteer_apply(f->db, &a, &id) == MODEL_OK, "volunteer_apply %s", name);
	FX_CHECK(volunteer_review(f->db, id, f->staff, 1, "") == MODEL_OK,
	    "volunteer_review %s", name);
	return id;
}

/* Makes a directory under /tmp for one database; path is <dir>/sidan.db. */
static inline void
fx_mkdir(char dir[64], char path[96])
{
	snprintf(dir, 64, "/tmp/sidan-mtest-XXXXXX");
	FX_CHECK(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(path, 96, "%s/sidan.db", dir);
}

/* Removes a database directory made by fx_mkdir and the files in it. */
static inline void
fx_rmdir(const char *dir, const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	char p[128];

	if (dir[0] == '\0')
		return;
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Makes the seeded template once: schema, real tree, people. */
static inline void
fx_template(void)
{
	struct seed_opts so = { .demo = 0 };
	struct fx *f = &fx_tmpl;
	char err[256];

	if (fx_tmpl_dir[0])
		return;
	/* No fsync at each commit: these tests are about logic, not power cuts. */
	db_set_synchronous(DB_SYNC_NORMAL);
	fx_mkdir(fx_tmpl_dir, fx_tmpl_path);
	f->db = db_open(fx_tmpl_path, FX_BUSY_MS, err, sizeof(err));
	FX_CHECK(f->db != NULL, "db_open: %s", err);
	FX_CHECK(schema_upgrade(f->db, err, sizeof(err)) == schema_latest(), "schema: %s", err);
	FX_CHECK(seed_run(f->db, &so, err, sizeof(err)) == 0, "seed: %s", err);
	f->center = fx_org(f->db, FX_CENTER);
	f->shentou = fx_org(f->db, FX_SHENTOU);
	f->mayi = fx_org(f->db, FX_MAYI);
	f->beicheng = fx_org(f->db, FX_BEICHENG);
	f->team = fx_id(f->db, "SELECT id FROM teams WHERE name = ?1", "神头镇志愿服务分队");
	f->team_far = fx_id(f->db, "SELECT id FROM teams WHERE name = ?1", "北城街道志愿服务分队");
	f->platform = fx_id(f->db, "SELECT id FROM platforms WHERE code = ?1", "theory");
	f->service = fx_id(f->db, "SELECT id FROM services WHERE code = ?1", "policy-talk");
	FX_CHECK(user_add(f->db, "mtest.dispatcher", "测试调度员", ROLE_DISPATCHER, FX_CENTER,
	    NULL, FX_PWHASH, &f->staff) == MODEL_OK, "user_add");
	f->v1 = fx_volunteer(f, "测试志愿者甲", "13900000101", f->mayi, f->team);
	f->v2 = fx_volunteer(f, "测试志愿者乙", "13900000102", f->mayi, f->team);
	f->v3 = fx_volunteer(f, "测试志愿者丙", "13900000103", f->mayi, f->team);
	f->v_area = fx_volunteer(f, "测试志愿者丁", "13900000104", f->mayi, 0);
	f->v_far = fx_volunteer(f, "测试志愿者戊", "13900000105", f->beicheng, 0);
	/* Everything into the main file, so a copy of it is the whole database. */
	FX_CHECK(db_exec(f->db, "PRAGMA wal_checkpoint(TRUNCATE)", err, sizeof(err)) == DB_OK,
	    "checkpoint: %s", err);
	db_close(f->db);
	f->db = NULL;
}

/* Copies the file at from to the new file to. */
static inline void
fx_copy(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	FX_CHECK(in >= 0 && out >= 0, "copy %s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		FX_CHECK(write(out, buf, (size_t)n) == n, "copy: %s", strerror(errno));
	FX_CHECK(n == 0, "copy: %s", strerror(errno));
	close(in);
	close(out);
}

/* Opens another connection to the test's database (a second worker). */
static inline struct db *
fx_connect(const struct fx *f, int busy_ms)
{
	char err[256];
	struct db *db = db_open_existing(f->path, busy_ms, err, sizeof(err));

	FX_CHECK(db != NULL, "db_open_existing: %s", err);
	return db;
}

/* cmocka setup: a fresh copy of the seeded database for one test. */
static inline int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	fx_template();
	*f = fx_tmpl;
	fx_mkdir(f->dir, f->path);
	fx_copy(fx_tmpl_path, f->path);
	f->db = fx_connect(f, FX_BUSY_MS);
	*state = f;
	return 0;
}

/* cmocka teardown: closes and removes the test's database. */
static inline int
fx_teardown(void **state)
{
	struct fx *f = *state;

	if (f == NULL)
		return 0;
	db_close(f->db);
	fx_rmdir(f->dir, f->path);
	free(f);
	return 0;
}

/* Removes the template; main calls it after the tests have run. */
static inline void
fx_cleanup(void)
{
	fx_rmdir(fx_tmpl_dir, fx_tmpl_path);
	fx_tmpl_dir[0] = '\0';
}

/* Runs the group of tests, each with a fresh database, then removes the
 * template. Returns how many failed. */
static inline int
fx_run_(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int failed = _cmocka_run_group_tests(name, tests, n, NULL, NULL);

	fx_cleanup();
	return failed;
}
#define fx_run(name, tests)	fx_run_((name), (tests), sizeof(tests) / sizeof((tests)[0]))
#define FX_TEST(fn)	cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

/* How many times each forked race is run. */
#define FX_ROUNDS	5

/* What a forked worker does with its own connection; who is its index.
 * Returns the model's answer, the worker's exit status. */
typedef enum model_err (*fx_race_fn)(struct db *db, void *arg, int who);

/*
 * Runs fn in n (at most 8) forked workers, each with its own connection,
 * released at once when all are ready. The test's own connection is
 * closed across the fork (no SQLite connection may cross one) and opened
 * again. out[i] gets worker i's answer (-1 if it could not run).
 */
static inline void
fx_race(struct fx *f, int n, fx_race_fn fn, void *arg, int *out)
{
	int ready[2], go[2];
	pid_t pid[8];
	char c;

	assert_true(n <= 8);
	db_close(f->db);
	f->db = NULL;
	fflush(NULL);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < n; i++) {
		if ((pid[i] = fork()) == 0) {
			char err[256];
			struct db *db;
			enum model_err e;

			close(go[1]);
			close(ready[0]);
			if ((db = db_open_existing(f->path, FX_BUSY_MS, err, sizeof(err))) == NULL)
				_exit(255);
			if (write(ready[1], "r", 1) != 1)
				_exit(255);
			if (read(go[0], &c, 1) != 0)	/* end of file: go */
				_exit(255);
			e = fn(db, arg, i);
			db_close(db);
			_exit((int)e);
		}
		assert_true(pid[i] > 0);
	}
	close(ready[1]);
	close(go[0]);
	for (int i = 0; i < n; i++)
		assert_int_equal(read(ready[0], &c, 1), 1);
	close(go[1]);		/* all go */
	close(ready[0]);
	for (int i = 0; i < n; i++) {
		int status;
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		out[i] = WIFEXITED(status) && WEXITSTATUS(status) != 255 ? WEXITSTATUS(status) : -1;
	}
	f->db = fx_connect(f, FX_BUSY_MS);
}

/* Returns how many of the n answers of a race are e. */
static inline int
fx_count(const int *out, int n, int e)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k += out[i] == e;
	return k;
}

/* A resident's request at 马邑村 for the fixture's service, as the web form
 * makes it. Returns its id. */
static inline int64_t
fx_order(struct fx *f)
{
	struct order_new o = {
		.service_id = f->service, .org_id = f->mayi,
		.address = "马邑村村委会东100米", .need = "想请人给村里老人讲讲医保新政策",
		.wanted_time = "本周六上午", .contact_name = "王女士",
		.contact_phone = "13800138000", .channel = "web", .consent = 1,
	};
	struct order_limits lim = { 0, 0 };
	char code[CODE_LEN + 1];
	struct order out;

	FX_CHECK(order_create(f->db, &o, &lim, code, NULL, 0, NULL) == MODEL_OK, "order_create");
	FX_CHECK(order_by_code(f->db, code, &out) == MODEL_OK, "order_by_code");
	return out.id;
}

/* The order's state, into a static buffer. */
static inline const char *
fx_state(struct fx *f, int64_t id)
{
	static char state[16];
	return fx_text(f->db, state, "SELECT state FROM orders WHERE id = ?1", id);
}

/* The version staff would see on the order's page now. */
static inline int
fx_version(struct fx *f, int64_t id)
{
	struct order_private p;

	FX_CHECK(dispatch_private(f->db, id, &p) == MODEL_OK, "dispatch_private");
	return p.version;
}

/* A staff move on the version seen now. */
static inline enum model_err
fx_move(struct fx *f, int64_t id, const char *to, const char *reason, int64_t team,
    int64_t area)
{
	struct staff_move m = {
		.order_id = id, .version = fx_version(f, id), .user_id = f->staff,
		.to = to, .reason = reason, .team_id = team, .area_id = area,
	};
	return dispatch_move(f->db, &m);
}

/* How many events the order has. */
static inline int64_t
fx_events(struct fx *f, int64_t id)
{
	return fx_int(f->db, "SELECT count(*) FROM order_events WHERE order_id = ?1", id);
}

/* Runs sql (a statement built by the test, for what no model call does:
 * the passing of time, a dispatcher's choice no call sets yet). */
static inline void
fx_exec(struct db *db, const char *sql)
{
	char err[256];

	FX_CHECK(db_exec(db, sql, err, sizeof(err)) == DB_OK, "%s: %s", sql, err);
}

/* A request dispatched to the team, accepted by v1 and completed with
 * minutes served by v1. Returns its id. */
static inline int64_t
fx_completed(struct fx *f, int minutes)
{
	int64_t id = fx_order(f), now = now_unix();
	struct served w = { f->v1, minutes };

	FX_CHECK(fx_move(f, id, "dispatched", NULL, f->team, 0) == MODEL_OK, "dispatch");
	FX_CHECK(task_accept(f->db, f->v1, id) == MODEL_OK, "accept");
	FX_CHECK(task_complete(f->db, f->v1, id, "到村里宣讲医保新政策", now - minutes * 60, now,
	    &w, 1, NULL, 0, NULL) == MODEL_OK, "complete");
	return id;
}

#endif
