/*
 * message_jobs.c: message_expand() (see message.h): the sender's half of
 * the outbox: reading due jobs, expanding them in batches (order events in
 * message_event.c; reviews, hours and the 抢单 broadcast here). Triggers write a job in the same transaction as its cause
 * (an order event, a volunteer's review, confirmed or corrected hours);
 * here each job becomes one message per recipient, in the transaction
 * that also deletes the job (one for a batch of jobs), so a job is
 * expanded exactly once. A request
 * open for 抢单 becomes a broadcast job that reaches its area's volunteers
 * in batches, nearest first.
 */
#include <stdio.h>
#include <string.h>

#include "model/code.h"
#include "model/message.h"
#include "model/message_event.h"
#include "model/message_text.h"
#include "model/rating.h"

/* One job, read before any is expanded. */
struct job {
	int64_t	id;
	char	kind[16];
	int64_t	ref_id;
	int64_t	created_at;
	int	progress;
};

/* Writes minutes as "2小时30分", "2小时" or "45分钟" into out. */
static void
duration(int minutes, char *out, size_t len)
{
	if (minutes < 60)
		snprintf(out, len, "%d分钟", minutes);
	else if (minutes % 60 == 0)
		snprintf(out, len, "%d小时", minutes / 60);
	else
		snprintf(out, len, "%d小时%d分", minutes / 60, minutes % 60);
}

/* The message of a volunteer's review (approved or declined). */
static enum db_err
expand_review(struct db *db, const struct message_opts *o, int64_t vid, int64_t now)
{
	static const char sql[] =
	    "SELECT name, coalesce(number, ''), status, reason FROM volunteers WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	char name[64], number[24], status[16], reason[256], text[601];
	struct message_new m = { .volunteer_id = vid, .text = text };
	const char *a[2] = { name, NULL };

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return DB_OK;
	}
	col(st, 0, name, sizeof(name));
	col(st, 1, number, sizeof(number));
	col(st, 2, status, sizeof(status));
	col(st, 3, reason, sizeof(reason));
	sqlite3_reset(st);
	if (strcmp(status, "approved") == 0) {
		m.kind = "volunteer_approved";
		m.link = "/v/login";
		a[1] = number;
	} else if (strcmp(status, "rejected") == 0) {
		m.kind = "volunteer_declined";
		m.link = "";
		a[1] = reason[0] ? reason : "请联系文明实践中心了解详情";
	} else
		return DB_OK;
	message_compose(text, sizeof(text), m.kind, a, 2);
	return message_add(db, o, &m, now);
}

/* The message of hours confirmed (kind hours_confirmed: id is hours.id;
 * not when a correction confirmed them, whose own message says it) or
 * corrected (hours_corrected: id is hour_changes.id, with the reason). */
static enum db_err
expand_hours(struct db *db, const struct message_opts *o, const char *kind, int64_t id,
    int64_t now)
{
	static const char confirmed[] =
	    "SELECT h.volunteer_id, h.started_at, h.minutes, '' FROM hours h WHERE h.id = ?1"
	    " AND h.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM hour_changes c"
	    "  WHERE c.hour_id = h.id AND c.at = h.confirmed_at)";
	static const char corrected[] =
	    "SELECT h.volunteer_id, h.started_at, c.new_minutes, c.reason"
	    " FROM hour_changes c JOIN hours h ON h.id = c.hour_id WHERE c.id = ?1";
	int fixed = strcmp(kind, "hours_corrected") == 0;
	sqlite3_stmt *st = db_stmt(db, fixed ? corrected : confirmed);
	char day[24], len[24], reason[256], text[601];
	struct message_new m = { .kind = kind, .text = text, .link = "/v/me" };
	const char *a[3] = { day, len, reason };

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return DB_OK;
	}
	m.volunteer_id = sqlite3_column_int64(st, 0);
	message_date(sqlite3_column_int64(st, 1), 0, day, sizeof(day));
	duration(sqlite3_column_int(st, 2), len, sizeof(len));
	col(st, 3, reason, sizeof(reason));
	sqlite3_reset(st);
	message_compose(text, sizeof(text), m.kind, a, fixed ? 3 : 2);
	return message_add(db, o, &m, now);
}

/* One batch of the 抢单 broadcast of order_id: the next o->batch volunteers
 * of its area not yet told, who serve its platform first, then nearest
 * first (the squared distance of their 站's place to the request's, the
 * longitude scaled for 朔州's latitude). Sets *done when the request is no
 * longer open or nobody is left. */
static enum db_err
expand_broadcast(struct db *db, const struct message_opts *o, int64_t order_id, int64_t now,
    int *done)
{
	static const char facts[] =
	    "SELECT o.code, s.name, g.name FROM orders o JOIN services s ON s.id = o.service_id"
	    " JOIN orgs g ON g.id = o.org_id WHERE o.id = ?1 AND o.state = 'published'";
	static const char sql[] =
	    "INSERT INTO messages(created_at, kind, order_id, volunteer_id, phone, text, link, sms,"
	    " next_at)"
	    " SELECT ?1, 'task_open', o.id, v.id, v.phone, ?3, ?4,"
	    "  CASE WHEN ?5 THEN 'pending' ELSE 'none' END, ?1"
	    " FROM orders o JOIN services s ON s.id = o.service_id JOIN orgs here ON here.id = o.org_id"
	    " JOIN volunteers v ON v.status = 'approved' AND v.broadcasts = 1"
	    " JOIN orgs vo ON vo.id = v.org_id"
	    " WHERE o.id = ?2 AND o.state = 'published'"
	    " AND (o.area_id IS NULL OR o.area_id = v.org_id OR o.area_id = vo.parent_id"
	    "  OR o.area_id = (SELECT id FROM orgs WHERE kind = 'center'))"
	    " AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.order_id = o.id"
	    "  AND x.volunteer_id = v.id AND x.kind = 'task_open')"
	    " ORDER BY NOT EXISTS (SELECT 1 FROM volunteer_platforms vp WHERE vp.volunteer_id = v.id"
	    "  AND vp.platform_id = s.platform_id),"
	    " vo.lat IS NULL OR coalesce(o.lat, here.lat) IS NULL,"
	    " (vo.lat - coalesce(o.lat, here.lat)) * (vo.lat - coalesce(o.lat, here.lat))"
	    " + 0.6 * (vo.lon - coalesce(o.lon, here.lon)) * (vo.lon - coalesce(o.lon, here.lon)),"
	    " v.id LIMIT ?6";
	char code[CODE_LEN + 1], service[128], place[128], text[601], link[40];
	const char *a[2] = { service, place };
	sqlite3_stmt *st = db_stmt(db, facts);
	int rc;

	*done = 1;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, order_id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
	}
	col(st, 0, code, sizeof(code));
	col(st, 1, service, sizeof(service));
	col(st, 2, place, sizeof(place));
	sqlite3_reset(st);
	message_compose(text, sizeof(text), "task_open", a, 2);
	snprintf(link, sizeof(link), "/k/%s", code);
	if ((st = db_stmt(db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, order_id);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, link, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, o->sms_on);
	sqlite3_bind_int(st, 6, o->batch > 0 ? o->batch : 20);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err_of(rc);
	*done = sqlite3_changes(db_handle(db)) < (o->batch > 0 ? o->batch : 20);
	return DB_OK;
}

/* Expands job j inside the caller's transaction and deletes it (a
 * broadcast with volunteers left is put off by batch_seconds instead). */
static enum db_err
expand_job(struct db *db, const struct message_opts *o, const struct job *j, int64_t now)
{
	static const char del[] = "DELETE FROM message_jobs WHERE id = ?1";
	static const char later[] =
	    "UPDATE message_jobs SET next_at = ?2, progress = progress + 1 WHERE id = ?1";
	int stale = o->stale_seconds > 0 && j->created_at < now - o->stale_seconds;
	static const char here[] = "SELECT 1 FROM message_jobs WHERE id = ?1";
	int done = 1, exists;
	sqlite3_stmt *st;
	enum db_err e = DB_OK;

	/* Read again under the write lock: a job another sender (a master
	 * being replaced) expanded meanwhile is gone, and is not sent twice. */
	if ((st = db_stmt(db, here)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, j->id);
	exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!exists)
		return DB_OK;
	if (stale)
		e = DB_OK;	/* too old to tell anyone: dropped */
	else if (strcmp(j->kind, "event") == 0)
		e = message_event_expand(db, o, j->ref_id, now);
	else if (strcmp(j->kind, "review") == 0)
		e = expand_review(db, o, j->ref_id, now);
	else if (strcmp(j->kind, "hours") == 0)
		e = expand_hours(db, o, "hours_confirmed", j->ref_id, now);
	else if (strcmp(j->kind, "hours_change") == 0)
		e = expand_hours(db, o, "hours_corrected", j->ref_id, now);
	else if (strcmp(j->kind, "broadcast") == 0)
		e = expand_broadcast(db, o, j->ref_id, now, &done);
	if (e != DB_OK)
		return e;
	if ((st = db_stmt(db, done ? del : later)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, j->id);
	if (!done)
		sqlite3_bind_int64(st, 2, now + (o->batch_seconds > 0 ? o->batch_seconds : 300));
	e = sqlite3_step(st) == SQLITE_DONE ? DB_OK : DB_ERROR;
	sqlite3_reset(st);
	return e;
}

/* Expands jobs[0..n) in one transaction (one commit, one sync, however
 * many jobs: the sender must not crowd the requests' writes). Returns
 * DB_OK, or the error after which nothing of them was kept. */
static enum db_err
expand_batch(struct db *db, const struct message_opts *o, const struct job *jobs, int n,
    int64_t now)
{
	enum db_err e;

	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	for (int i = 0; i < n; i++)
		if ((e = expand_job(db, o, &jobs[i], now)) != DB_OK) {
			db_tx_rollback(db);
			return e;
		}
	return db_tx_commit(db);
}

/* Puts off job j, which failed: progress + 1 minutes later, or gone
 * after ten tries. */
static void
job_put_off(struct db *db, const struct job *j, int64_t now)
{
	static const char later[] =
	    "UPDATE message_jobs SET next_at = ?2, progress = progress + 1 WHERE id = ?1";
	static const char drop[] = "DELETE FROM message_jobs WHERE id = ?1 AND ?2 = ?2";
	int give_up = j->progress >= 10;
	sqlite3_stmt *st;

	fprintf(stderr, "sidan: message job %lld (%s %lld) failed%s\n", (long long)j->id, j->kind,
	    (long long)j->ref_id, give_up ? "; given up" : "; will retry");
	if (db_tx_begin(db) != DB_OK)
		return;
	if ((st = db_stmt(db, give_up ? drop : later)) == NULL) {
		db_tx_rollback(db);
		return;
	}
	sqlite3_bind_int64(st, 1, j->id);
	sqlite3_bind_int64(st, 2, now + 60LL * (j->progress + 1));
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		db_tx_rollback(db);
		return;
	}
	sqlite3_reset(st);
	db_tx_commit(db);
}

int
message_expand(struct db *db, const struct message_opts *o, int64_t now, int max)
{
	static const char sql[] =
	    "SELECT id, kind, ref_id, created_at, progress FROM message_jobs WHERE next_at <= ?1"
	    " ORDER BY next_at, id LIMIT ?2";
	struct job jobs[64];
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0, rc;

	if (st == NULL)
		return -1;
	if (max > 64)
		max = 64;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		jobs[n].id = sqlite3_column_int64(st, 0);
		col(st, 1, jobs[n].kind, sizeof(jobs[n].kind));
		jobs[n].ref_id = sqlite3_column_int64(st, 2);
		jobs[n].created_at = sqlite3_column_int64(st, 3);
		jobs[n].progress = sqlite3_column_int(st, 4);
		n++;
	}
	sqlite3_reset(st);
	if (n == 0 || expand_batch(db, o, jobs, n, now) == DB_OK)
		return n;
	/* One of them failed: each alone, so the others still go out; a job
	 * that fails alone waits longer each time, and after ten tries it is
	 * given up (the log names it). */
	for (int i = 0; i < n; i++)
		if (expand_batch(db, o, &jobs[i], 1, now) != DB_OK)
			job_put_off(db, &jobs[i], now);
	return n;
}
