/*
 * seed_bulk.c: the demo data generator (see seed_bulk.h). Everything goes in
 * through prepared statements in one write transaction under the write lock,
 * so a run that stops half-way leaves nothing; the indexes of the tables it
 * fills are dropped first and rebuilt at the end, inside that transaction
 * (their definitions are read back from sqlite_master, so schema.sql stays
 * the one place that defines them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "model/code.h"
#include "model/order.h"
#include "lib/password.h"
#include "model/seed.h"
#include "model/seed_bulk.h"
#include "model/text_index.h"
#include "lib/util.h"


/* xorshift64*: fast, good enough to spread demo data. */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* A number in [0, n). */
static long
pick(long n)
{
	return n > 0 ? (long)(rng() % (uint64_t)n) : 0;
}

/* The ids a generator needs, read once. */
struct ids {
	int64_t	*stations, *station_inst;	/* station id, its institute */
	long	 nstations;
	int64_t	*services, *service_platform;
	long	 nservices;
	int64_t	*inst, *inst_team;		/* institute id, its branch team */
	long	 ninst;
	int64_t	*pro_team, *pro_platform;	/* professional teams by platform */
	long	 npro;
	int64_t	 center;
};

/* Runs a one-column-pair query into two arrays. Returns the row count or -1. */
static long
load_pairs(struct db *db, const char *sql, int64_t **a, int64_t **b)
{
	sqlite3_stmt *st;
	long n = 0, cap = 64;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	*a = xmalloc((size_t)cap * sizeof(int64_t));
	*b = xmalloc((size_t)cap * sizeof(int64_t));
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*a = xrealloc(*a, (size_t)cap * sizeof(int64_t));
			*b = xrealloc(*b, (size_t)cap * sizeof(int64_t));
		}
		(*a)[n] = sqlite3_column_int64(st, 0);
		(*b)[n] = sqlite3_column_int64(st, 1);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static int
load_ids(struct db *db, struct ids *x)
{
	sqlite3_stmt *st;

	x->nstations = load_pairs(db, "SELECT id, parent_id FROM orgs WHERE kind = 'station'",
	    &x->stations, &x->station_inst);
	x->nservices = load_pairs(db, "SELECT id, platform_id FROM services WHERE active = 1",
	    &x->services, &x->service_platform);
	x->ninst = load_pairs(db, "SELECT o.id, coalesce(t.id, 0) FROM orgs o LEFT JOIN teams t"
	    " ON t.org_id = o.id AND t.kind = 'branch' WHERE o.kind = 'institute'",
	    &x->inst, &x->inst_team);
	x->npro = load_pairs(db, "SELECT t.id, tp.platform_id FROM teams t JOIN team_platforms tp"
	    " ON tp.team_id = t.id WHERE t.kind = 'professional' AND t.active = 1",
	    &x->pro_team, &x->pro_platform);
	if (sqlite3_prepare_v2(db_handle(db), "SELECT id FROM orgs WHERE kind = 'center'", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	x->center = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return x->nstations > 0 && x->nservices > 0 && x->ninst > 0 && x->center ? 0 : -1;
}

/* The branch team of an institute, or 0. */
static int64_t
branch_of(const struct ids *x, int64_t inst)
{
	for (long i = 0; i < x->ninst; i++)
		if (x->inst[i] == inst)
			return x->inst_team[i];
	return 0;
}

/* Saves the CREATE INDEX and CREATE TRIGGER statements of the filled tables
 * and drops them; returns the saved SQL (to run afterwards), or NULL. The
 * counts the triggers keep are recomputed at the end (recount()). */
static char *
drop_indexes(struct db *db)
{
	static const char sql[] =
	    "SELECT name, sql, type FROM sqlite_master WHERE type IN ('index', 'trigger')"
	    " AND sql IS NOT NULL"
	    " AND tbl_name IN ('orders', 'order_events', 'ratings', 'hours', 'order_volunteers',"
	    " 'volunteers', 'team_members', 'followups')";
	struct buf create, drop;
	sqlite3_stmt *st;
	char err[256];

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	buf_init(&create);
	buf_init(&drop);
	while (sqlite3_step(st) == SQLITE_ROW) {
		buf_printf(&create, "%s;\n", db_text(st, 1));
		buf_printf(&drop, "DROP %s \"%s\";\n",
		    strcmp(db_text(st, 2), "trigger") == 0 ? "TRIGGER" : "INDEX", db_text(st, 0));
	}
	sqlite3_finalize(st);
	if (drop.len && db_exec(db, drop.data, err, sizeof(err)) != DB_OK) {
		buf_free(&drop);
		buf_free(&create);
		return NULL;
	}
	buf_free(&drop);
	buf_puts(&create, "");
	return create.data;
}

/* Sets the journal mode to mode ("delete" or "wal") and returns 1 if the
 * database is in it afterwards. Leaving WAL needs the only connection: with
 * sidan serving the same file it stays in WAL and the load is just slower. */
static int
journal_mode(struct db *db, const char *mode)
{
	char sql[40];
	sqlite3_stmt *st;
	int ok = 0;

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode=%s", mode);
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp(db_text(st, 0), mode) == 0;
	sqlite3_finalize(st);
	return ok;
}

/* Turns CHECK constraints back on and verifies that every row the generator
 * wrote to the filled tables meets them (and NOT NULL) with quick_check.
 * Returns 0, or -1 with the first problem in err. */
static int
check_rows(struct db *db, char *err, size_t errlen)
{
	static const char *const tables[] = { "volunteers", "team_members", "orders",
	    "order_events", "order_volunteers", "hours", "ratings", "followups" };
	char sql[64];

	if (db_exec(db, "PRAGMA ignore_check_constraints=OFF", err, errlen) != DB_OK)
		return -1;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		sqlite3_stmt *st;
		int ok = 0;

		snprintf(sql, sizeof(sql), "PRAGMA quick_check(%s)", tables[i]);
		if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db)));
			return -1;
		}
		if (sqlite3_step(st) == SQLITE_ROW) {
			ok = strcmp(db_text(st, 0), "ok") == 0;
			if (!ok)
				snprintf(err, errlen, "generated rows break a constraint: %s",
				    db_text(st, 0));
		}
		sqlite3_finalize(st);
		if (!ok)
			return -1;
	}
	return 0;
}

/* Prints the progress bar. */
static void
bar(const char *what, long done, long total)
{
	int w = 30, filled = total ? (int)(w * done / total) : w;

	fprintf(stderr, "\r%s [%.*s%*s] %ld/%ld", what, filled,
	    "##############################", w - filled, "", done, total);
	if (done == total)
		fputc('\n', stderr);
}

/* Prepares sql or fails the generator. */
#define PREP(var, sql) do { \
	if (sqlite3_prepare_v2(db_handle(db), (sql), -1, &(var), NULL) != SQLITE_OK) { \
		snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db))); \
		goto fail; \
	} } while (0)

/* Steps st and resets it; on failure jumps to fail. */
#define RUN(st) do { \
	int rc_ = sqlite3_step(st); \
	sqlite3_reset(st); \
	if (rc_ != SQLITE_DONE) { \
		snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db))); \
		goto fail; \
	} } while (0)

int
seed_bulk(struct db *db, long orders, long volunteers, int progress, char *err, size_t errlen)
{
	sqlite3_stmt *ins_order = NULL, *ins_event = NULL, *ins_rating = NULL, *ins_vol = NULL,
	    *ins_member = NULL, *ins_ov = NULL, *ins_hour = NULL, *ins_follow = NULL;
	struct ids x = { 0 };
	int64_t now = now_unix(), start = now - 3 * 365 * 86400, vol0 = 0;
	char pwhash[crypto_pwhash_STRBYTES], *indexes = NULL, code[CODE_LEN + 1], text[160];
	int in_tx = 0, rc = -1, left_wal = 0;

	randombytes_buf(&rng_state, sizeof(rng_state));
	rng_state |= 1;
	if (load_ids(db, &x) != 0) {
		snprintf(err, errlen, "seed the tree and catalog first (sidan seed)");
		goto fail;
	}
	if (password_hash(DEMO_PASSWORD, pwhash) != 0) {
		snprintf(err, errlen, "out of memory hashing a password");
		goto fail;
	}
	/* A big page cache for the index rebuild (256 MB, this connection only),
	 * two threads to sort for it, and a rollback journal for the load: in
	 * WAL every page of a 1 GB transaction goes through the log and is
	 * looked up there again, then copied once more by the checkpoint; a
	 * rollback journal only holds the few pages that existed before. */
	db_exec(db, "PRAGMA cache_size=-262144; PRAGMA threads=2", err, errlen);
	/* The CHECK constraints' IN (...) lists build a temporary table on
	 * every insert (a tenth of the load's time). The generator's rows are
	 * checked once at the end instead (check_rows). */
	db_exec(db, "PRAGMA ignore_check_constraints=ON", err, errlen);
	left_wal = journal_mode(db, "delete");
	if (db_tx_begin(db) != DB_OK) {
		snprintf(err, errlen, "the database is busy; try again");
		goto fail;
	}
	in_tx = 1;
	/* The triggers that note requests for the text index go with the
	 * others; the index is rebuilt at the end. */
	if ((indexes = drop_indexes(db)) == NULL) {
		snprintf(err, errlen, "cannot set the indexes aside");
		goto fail;
	}
	PREP(ins_vol, "INSERT INTO volunteers(number, name, phone, pwhash, org_id, party_member,"
	    " status, consent_at, created_at, is_demo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'approved',"
	    " ?7, ?7, 1)");
	PREP(ins_member, "INSERT OR IGNORE INTO team_members(team_id, volunteer_id, joined_at)"
	    " VALUES (?1, ?2, ?3)");
	PREP(ins_order, "INSERT INTO orders(code, service_id, org_id, address, need, wanted_time,"
	    " contact_name, contact_phone, channel, state, reason, consent_at, created_at, updated_at,"
	    " due_at, team_id, area_id, completed_at, is_demo, institute_id) VALUES (?1, ?2, ?3,"
	    " '演示地址', ?4, '', '演示群众', ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10, ?11, ?12, ?13, 1, "
	    ORDER_INSTITUTE_OF("?3") ")");
	PREP(ins_event, "INSERT INTO order_events(order_id, at, actor, from_state, to_state, note,"
	    " public, note_public) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?6 <> '')");
	PREP(ins_rating, "INSERT INTO ratings(order_id, level, comment, show_comment, tags, via,"
	    " rated_at) VALUES (?1, ?2, '', 0, '', 'link', ?3)");
	PREP(ins_follow, "INSERT INTO followups(order_id, opened_at, status, note, closed_at)"
	    " VALUES (?1, ?2, 'closed', '演示回访记录', ?3)");
	PREP(ins_ov, "INSERT INTO order_volunteers(order_id, volunteer_id, state, accepted_at)"
	    " VALUES (?1, ?2, ?3, ?4)");
	PREP(ins_hour, "INSERT INTO hours(volunteer_id, order_id, started_at, ended_at, minutes,"
	    " what, status, confirmed_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, '演示服务记录',"
	    " ?6, ?7, ?4)");

	/* Volunteers: living at a random station, in its 所's branch team. */
	{
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(db_handle(db), "SELECT coalesce(max(id), 0) FROM volunteers",
		    -1, &q, NULL) == SQLITE_OK) {
			if (sqlite3_step(q) == SQLITE_ROW)
				vol0 = sqlite3_column_int64(q, 0);
			sqlite3_finalize(q);
		}
	}
	for (long i = 0; i < volunteers; i++) {
		long s = pick(x.nstations);
		char number[24], phone[16], name[48];
		int64_t id = vol0 + i + 1, team = branch_of(&x, x.station_inst[s]);

		snprintf(number, sizeof(number), "SCD%09ld", vol0 + i + 1);
		snprintf(phone, sizeof(phone), "150%08ld", (vol0 + i + 1) % 100000000);
		snprintf(name, sizeof(name), "演示志愿者%ld", vol0 + i + 1);
		sqlite3_bind_text(ins_vol, 1, number, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_vol, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_vol, 3, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_vol, 4, pwhash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_vol, 5, x.stations[s]);
		sqlite3_bind_int(ins_vol, 6, pick(4) == 0);
		sqlite3_bind_int64(ins_vol, 7, start + pick(now - start));
		RUN(ins_vol);
		id = sqlite3_last_insert_rowid(db_handle(db));
		if (team) {
			sqlite3_bind_int64(ins_member, 1, team);
			sqlite3_bind_int64(ins_member, 2, id);
			sqlite3_bind_int64(ins_member, 3, now);
			RUN(ins_member);
		}
		if (progress && (i % 1000 == 0 || i + 1 == volunteers))
			bar("演示志愿者", i + 1, volunteers);
	}

	/* Requests, oldest first, with their timelines: each at a time of its
	 * own share of the three years, so ids follow times as when residents
	 * send them (the desk's search relies on it: schema 23). */
	const int64_t step = orders > 0 && (now - start) / orders > 1 ? (now - start) / orders : 1;
	for (long i = 0; i < orders; i++) {
		int64_t created = start + (int64_t)((double)(now - start) * (double)i / (double)orders) +
		    pick(step), t = created, order_id, team = 0, area = 0, done = 0;
		long s = pick(x.nstations), sv = pick(x.nservices);
		int recent = now - created < 14 * 86400, roll = (int)pick(100), level = 0;
		const char *state, *channel = pick(10) < 8 ? "web" : pick(2) ? "phone" : "walkin";
		char phone[16];

		/* What became of it: mostly done and rated, some still open if recent. */
		if (recent)
			state = roll < 25 ? "submitted" : roll < 45 ? "dispatched" : roll < 55 ? "published" :
			    roll < 75 ? "accepted" : "completed";
		else
			state = roll < 62 ? "rated" : roll < 82 ? "unrated" : roll < 91 ? "rejected" :
			    "cancelled";
		if (strcmp(state, "submitted") != 0 && strcmp(state, "rejected") != 0 &&
		    strcmp(state, "cancelled") != 0) {
			if (strcmp(state, "published") == 0)
				area = x.station_inst[s];
			else {
				team = branch_of(&x, x.station_inst[s]);
				for (long k = 0; k < x.npro && pick(3) == 0; k++)
					if (x.pro_platform[k] == x.service_platform[sv])
						team = x.pro_team[k];
			}
		}
		if (strcmp(state, "rated") == 0 || strcmp(state, "unrated") == 0 ||
		    strcmp(state, "completed") == 0)
			done = created + 3600 * (6 + pick(120));
		code_new(code);
		snprintf(phone, sizeof(phone), "13%09ld", (long)pick(1000000000));
		snprintf(text, sizeof(text), "【演示数据】第%ld号演示申请，用于演示和性能测试。", i + 1);
		sqlite3_bind_text(ins_order, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins_order, 2, x.services[sv]);
		sqlite3_bind_int64(ins_order, 3, x.stations[s]);
		sqlite3_bind_text(ins_order, 4, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_order, 5, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_order, 6, channel, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_order, 7, state, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_order, 8, strcmp(state, "rejected") == 0 ?
		    "演示数据：不在服务范围内" : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_order, 9, created);
		sqlite3_bind_int64(ins_order, 10, created + 7 * 86400);
		if (team)
			sqlite3_bind_int64(ins_order, 11, team);
		else
			sqlite3_bind_null(ins_order, 11);
		if (area)
			sqlite3_bind_int64(ins_order, 12, area);
		else
			sqlite3_bind_null(ins_order, 12);
		if (done)
			sqlite3_bind_int64(ins_order, 13, done);
		else
			sqlite3_bind_null(ins_order, 13);
		{
			int orc = sqlite3_step(ins_order);
			sqlite3_reset(ins_order);
			if (orc == SQLITE_CONSTRAINT_UNIQUE) {
				/* A code drawn twice (1 in 2^44): draw again. */
				i--;
				continue;
			}
			if (orc != SQLITE_DONE) {
				snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db)));
				goto fail;
			}
		}
		order_id = sqlite3_last_insert_rowid(db_handle(db));

		/* The timeline, step by step. */
#define EVENT(at_, actor_, from_, to_, note_) do { \
		sqlite3_bind_int64(ins_event, 1, order_id); \
		sqlite3_bind_int64(ins_event, 2, (at_)); \
		sqlite3_bind_text(ins_event, 3, (actor_), -1, SQLITE_STATIC); \
		if (from_) sqlite3_bind_text(ins_event, 4, (from_), -1, SQLITE_STATIC); \
		else sqlite3_bind_null(ins_event, 4); \
		sqlite3_bind_text(ins_event, 5, (to_), -1, SQLITE_STATIC); \
		sqlite3_bind_text(ins_event, 6, (note_), -1, SQLITE_STATIC); \
		RUN(ins_event); } while (0)

		EVENT(t, "resident", (const char *)NULL, "submitted", "");
		if (strcmp(state, "rejected") == 0) {
			EVENT(t + 3600 * (1 + pick(24)), "staff", "submitted", "rejected", "演示数据：不在服务范围内");
		} else if (strcmp(state, "cancelled") == 0) {
			EVENT(t + 3600 * (1 + pick(24)), "resident", "submitted", "cancelled", "");
		} else if (strcmp(state, "submitted") != 0) {
			const char *via = area ? "published" : "dispatched";
			t += 1800 + pick(36 * 3600);
			EVENT(t, "staff", "submitted", via, "");
			if (strcmp(state, via) != 0) {
				int64_t vid = volunteers > 0 ? vol0 + 1 + pick(volunteers) : 0;
				t += 900 + pick(24 * 3600);
				EVENT(t, "volunteer", via, "accepted", "");
				if (vid) {
					sqlite3_bind_int64(ins_ov, 1, order_id);
					sqlite3_bind_int64(ins_ov, 2, vid);
					sqlite3_bind_text(ins_ov, 3, done ? "served" : "accepted", -1, SQLITE_STATIC);
					sqlite3_bind_int64(ins_ov, 4, t);
					RUN(ins_ov);
				}
				if (done) {
					int minutes = 30 + (int)pick(180);
					EVENT(done, "volunteer", "accepted", "completed", "");
					if (vid) {
						sqlite3_bind_int64(ins_hour, 1, vid);
						sqlite3_bind_int64(ins_hour, 2, order_id);
						sqlite3_bind_int64(ins_hour, 3, done - minutes * 60);
						sqlite3_bind_int64(ins_hour, 4, done);
						sqlite3_bind_int(ins_hour, 5, minutes);
						sqlite3_bind_text(ins_hour, 6, recent ? "pending" : "confirmed", -1,
						    SQLITE_STATIC);
						if (recent)
							sqlite3_bind_null(ins_hour, 7);
						else
							sqlite3_bind_int64(ins_hour, 7, done + 86400);
						RUN(ins_hour);
					}
				}
			}
		}
		if (strcmp(state, "rated") == 0) {
			int r = (int)pick(100);
			int64_t at = done + 3600 * (1 + pick(72));
			level = r < 60 ? 5 : r < 85 ? 4 : r < 93 ? 3 : r < 98 ? 2 : 1;
			EVENT(at, "resident", "completed", "rated", "");
			sqlite3_bind_int64(ins_rating, 1, order_id);
			sqlite3_bind_int(ins_rating, 2, level);
			sqlite3_bind_int64(ins_rating, 3, at);
			RUN(ins_rating);
			if (level <= 2) {
				sqlite3_bind_int64(ins_follow, 1, order_id);
				sqlite3_bind_int64(ins_follow, 2, at);
				sqlite3_bind_int64(ins_follow, 3, at + 86400);
				RUN(ins_follow);
			}
		} else if (strcmp(state, "unrated") == 0) {
			EVENT(done + 30 * 86400, "system", "completed", "unrated", "");
		}
#undef EVENT
		if (progress && (i % 5000 == 0 || i + 1 == orders))
			bar("演示申请", i + 1, orders);
	}
	if (progress)
		fprintf(stderr, "检查数据……\n");
	if (check_rows(db, err, errlen) != 0)
		goto fail;
	if (progress)
		fprintf(stderr, "重建索引……\n");
	if (db_exec(db, indexes, err, errlen) != DB_OK ||
	    db_exec(db, "DELETE FROM order_counts; INSERT INTO order_counts(org_id, state, n)"
	    " SELECT org_id, state, count(*) FROM orders GROUP BY org_id, state;"
	    /* The history just written is nobody's news: no messages. */
	    " DELETE FROM message_jobs WHERE kind = 'event' AND ref_id IN (SELECT e.id"
	    "  FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.is_demo = 1);", err, errlen) != DB_OK)
		goto fail;
	if (progress)
		fprintf(stderr, "重建全文索引……\n");
	if (orders > 0 && text_index_rebuild(db) != DB_OK) {
		snprintf(err, errlen, "cannot rebuild the text index: %s", sqlite3_errmsg(db_handle(db)));
		goto fail;
	}
	/* Its triggers were set aside: whether ids follow times, counted anew. */
	{
		int64_t out_of_order;
		if (order_disorder_recount(db, &out_of_order) != DB_OK) {
			snprintf(err, errlen, "cannot count the requests out of time order: %s",
			    sqlite3_errmsg(db_handle(db)));
			goto fail;
		}
	}
	if (db_tx_commit(db) != DB_OK) {
		in_tx = 0;
		snprintf(err, errlen, "commit failed");
		goto fail;
	}
	in_tx = 0;
	rc = 0;
fail:
	if (in_tx)
		db_tx_rollback(db);
	if (left_wal && !journal_mode(db, "wal")) {
		snprintf(err, errlen, "cannot return the database to WAL mode");
		rc = -1;
	}
	sqlite3_finalize(ins_order);
	sqlite3_finalize(ins_event);
	sqlite3_finalize(ins_rating);
	sqlite3_finalize(ins_vol);
	sqlite3_finalize(ins_member);
	sqlite3_finalize(ins_ov);
	sqlite3_finalize(ins_hour);
	sqlite3_finalize(ins_follow);
	free(indexes);
	free(x.stations);
	free(x.station_inst);
	free(x.services);
	free(x.service_platform);
	free(x.inst);
	free(x.inst_team);
	free(x.pro_team);
	free(x.pro_platform);
	return rc;
}
