/*
 * house.c: the housekeeping process, sidan-house (see house.h). Every
 * second it turns due message jobs into messages (message_expand) and,
 * when a gateway is configured, sends the SMS that are due through it
 * (deliver.h), one at a time, outside any transaction, so requests never
 * wait for a gateway. Quiet hours put an SMS off until they end; the daily
 * cap and a stood-down recipient skip it. Every SIDAN_SWEEP_SECONDS it
 * closes the requests whose rating window has ended and runs the sweeps of
 * message_sweep.h (督办, reminders, the staff's digest), and removes the
 * photos staged for a form that was never sent on (a day old: media.h).
 * Every SIDAN_STATS_TTL seconds of the program's clock, and at once when a
 * day begins, it computes the public figures for the workers to read
 * (kept.h), so that no request ever waits for a scan of a year. Every
 * round it brings the requests written since into the desk's text index,
 * HOUSE_INDEX_BATCH a transaction (text_index.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/db.h"
#include "model/kept.h"
#include "model/media.h"
#include "model/message.h"
#include "model/message_sweep.h"
#include "model/portal.h"
#include "model/stats.h"
#include "model/text_index.h"
#include "model/rating.h"
#include "http/deliver.h"
#include "http/house.h"
#include "http/server.h"
#include "lib/util.h"

/* Requests brought into the text index per transaction: a short hold of
 * the write lock each (a few ms), a second's requests of a busy day in a
 * round or two. */
#define HOUSE_INDEX_BATCH	200
/* The pause between two batches when more is left (ms). */
#define HOUSE_YIELD_MS		5

static volatile sig_atomic_t house_stop;

static void
on_stop(int sig)
{
	(void)sig;
	house_stop = 1;
}

/* Returns 1 if minute m of the day is within quiet hours from..to. */
static int
quiet_at(int from, int to, int m)
{
	if (from == to)
		return 0;
	return from < to ? m >= from && m < to : m >= from || m < to;
}

/* Sends m if its recipient may be sent to now: else holds it until quiet
 * hours end, or skips it. Records the outcome. Returns 0, or -1 when the
 * outcome could not be written (a full disk): the caller then pauses, or
 * the SMS, still due, would go out again at once. */
static int
send_due(struct db *db, struct deliver *d, const struct config *cfg,
    const struct message_out *m)
{
	int64_t now = now_unix(), day_start = now - (now + 8 * 3600) % 86400;
	int minute = (int)((now + 8 * 3600) % 86400 / 60);
	int from = cfg->quiet_from, to = cfg->quiet_to;
	char why[200] = "";

	/* A 验证码 that could not go out while it was valid would only mislead. */
	if (strncmp(m->kind, "code_", 5) == 0 && now - m->created_at > 600)
		return message_skip(db, m->id, "验证码已过期，未发送") == DB_OK ? 0 : -1;
	if (message_recipient_gone(db, m->id))
		return message_skip(db, m->id, "收件人已停用") == DB_OK ? 0 : -1;
	if (!m->urgent) {
		int vf, vt;

		if (m->volunteer_id) {
			message_quiet_of(db, m->volunteer_id, &vf, &vt);
			if (vf >= 0) {
				from = vf;
				to = vt;
			}
		}
		if (quiet_at(from, to, minute)) {
			int64_t until = day_start + (int64_t)to * 60;
			if (until <= now)
				until += 86400;
			return message_hold(db, m->id, until) == DB_OK ? 0 : -1;
		}
		if (cfg->sms_daily > 0 && message_sent_since(db, m->phone, day_start) >= cfg->sms_daily)
			return message_skip(db, m->id, "超过每日短信上限") == DB_OK ? 0 : -1;
	}
	if (deliver_one(d, m, now, why, sizeof(why)))
		return message_sent(db, m->id, m->attempts + 1, now_unix()) == DB_OK ? 0 : -1;
	fprintf(stderr, "sidan: message %lld not sent (%s); will retry\n", (long long)m->id, why);
	return message_failed(db, m->id, m->attempts + 1, why, now_unix()) == DB_OK ? 0 : -1;
}

void
house_main(const struct config *cfg)
{
	struct message_out msgs[20];
	struct message_opts opts = config_message_opts(cfg);
	struct deliver *d = NULL;
	char err[512];
	struct db *db;
	int64_t next_sweep = 0, round_end, next_keep = 0, kept_day = -1;
	int stuck = 1;
	char media_dir[512];

	config_media_dir(cfg, media_dir, sizeof(media_dir));
	prctl(PR_SET_NAME, "sidan-house");
	/* Below the workers: on a busy machine requests come first, and the
	 * jobs wait and go out in larger batches. */
	if (setpriority(PRIO_PROCESS, 0, 10) != 0)
		fprintf(stderr, "sidan: housekeeping: setpriority: %s\n", strerror(errno));
	server_helper_signals(on_stop);
	if ((db = db_open(cfg->db_path, cfg->busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sidan: housekeeping: %s\n", err);
		_exit(2);
	}
	if (opts.sms_on && (d = deliver_open(cfg)) == NULL)
		_exit(2);
	/* Figures computed less than SIDAN_STATS_TTL seconds ago (by the
	 * process before a restart, or sidan figures) are due when that time
	 * is up, not at once: a restart does not add a computation. */
	if (kept_on()) {
		int64_t made = kept_made_at(db, "stats.year"), now = now_unix();

		if (made > 0 && made <= now && now - made < stats_ttl()) {
			next_keep = made + stats_ttl();
			kept_day = portal_day_start(made);
		}
	}
	while (!house_stop) {
		int n = 0, jobs, indexed;

		if (now_ms_mono() >= next_sweep) {
			int closed = rating_close_expired(db, cfg->rate_days);
			if (closed > 0)
				fprintf(stderr, "sidan: %d request(s) closed unrated\n", closed);
			if (message_sweep(db, &opts, cfg->rate_days, cfg->digest_seconds, now_unix()) < 0)
				fprintf(stderr, "sidan: housekeeping: the message sweep failed; will retry\n");
			/* By the file system's clock, which dates the files. */
			if (media_sweep_staging(media_dir, MEDIA_STAGING_SECONDS, (int64_t)time(NULL)) < 0)
				fprintf(stderr, "sidan: housekeeping: cannot sweep %s/tmp\n", media_dir);
			next_sweep = now_ms_mono() + 1000LL * cfg->sweep_seconds;
		}
		if (kept_on()) {
			int64_t now = now_unix(), day = portal_day_start(now);

			/* By the program's clock, which the tests move. */
			if (now >= next_keep || now < next_keep - stats_ttl() || day != kept_day) {
				if (kept_refresh(db, now) != DB_OK)
					fprintf(stderr, "sidan: housekeeping: the figures could not be"
					    " computed; will retry\n");
				next_keep = now + stats_ttl();
				kept_day = day;
			}
		}
		indexed = text_index_catch_up_some(db, HOUSE_INDEX_BATCH);
		if (indexed < 0)
			fprintf(stderr, "sidan: housekeeping: the text index could not catch up;"
			    " will retry\n");
		jobs = message_expand(db, &opts, now_unix(), 50);
		if (d != NULL)
			n = message_due(db, now_unix(), msgs, 20);
		/* A round ends after 2 s (a slow gateway must not hold up the
		 * inboxes and sweeps), or when an outcome could not be written:
		 * then a pause, growing while it lasts, before the same SMS. */
		round_end = now_ms_mono() + 2000;
		for (int i = 0; i < n && !house_stop && now_ms_mono() < round_end; i++)
			if (send_due(db, d, cfg, &msgs[i]) != 0) {
				fprintf(stderr, "sidan: housekeeping: a message's outcome was not saved;"
				    " pausing %d s\n", stuck);
				sleep((unsigned)stuck);
				stuck = stuck < 60 ? stuck * 2 : 60;
				n = 0;
				break;
			} else
				stuck = 1;
		/* Idle: a second. A part batch: a moment, so that the next batch
		 * gathers more jobs into its one transaction. */
		if (indexed == HOUSE_INDEX_BATCH) {
			/* More to index: soon, after a pause in which the workers,
			 * polling for the write lock, can take it. */
			struct timespec ts = { 0, HOUSE_YIELD_MS * 1000000L };
			nanosleep(&ts, NULL);
			continue;
		}
		if (n <= 0 && jobs <= 0 && !house_stop)
			sleep(1);
		else if (n <= 0 && jobs < 50 && !house_stop) {
			struct timespec ts = { 0, 200 * 1000000 };
			nanosleep(&ts, NULL);
		}
	}
	deliver_close(d);
	db_close(db);
	_exit(0);
}
