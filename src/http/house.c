/*
 * house.c: the housekeeping process, sidan-house (see house.h). It polls
 * the outbox every second when there is a --notify-cmd (a command that hangs is killed
 * after 30 seconds and counts as a failure), and once a minute closes the
 * requests whose rating window has ended.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/db.h"
#include "model/outbox.h"
#include "model/rating.h"
#include "http/house.h"
#include "lib/util.h"

#define SEND_TIMEOUT_MS 30000

static volatile sig_atomic_t notify_stop;

static void
on_stop(int sig)
{
	(void)sig;
	notify_stop = 1;
}

/* Runs cmd with m's body on stdin. Returns 1 if it exited 0, else 0 with
 * why set. */
static int
send_one(const char *cmd, const struct outbox_msg *m, char *why, size_t whylen)
{
	int fds[2], status = 0;
	int64_t deadline;
	pid_t pid;

	if (pipe(fds) != 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return 0;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	if (pid == 0) {
		char id[24];
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		snprintf(id, sizeof(id), "%lld", (long long)m->id);
		setenv("SIDAN_TO", m->recipient, 1);
		setenv("SIDAN_MESSAGE_ID", id, 1);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	if (write(fds[1], m->body, strlen(m->body)) < 0 || write(fds[1], "\n", 1) < 0) {
		/* The command did not read its input: its exit status decides. */
	}
	close(fds[1]);
	deadline = now_ms_mono() + SEND_TIMEOUT_MS;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(why, whylen, "wait: %s", strerror(errno));
			return 0;
		}
		if (now_ms_mono() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(why, whylen, "timed out after %d s", SEND_TIMEOUT_MS / 1000);
			return 0;
		}
		struct timespec ts = { 0, 20 * 1000000 };
		nanosleep(&ts, NULL);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	if (WIFEXITED(status))
		snprintf(why, whylen, "exit status %d", WEXITSTATUS(status));
	else
		snprintf(why, whylen, "killed by signal %d", WTERMSIG(status));
	return 0;
}

void
house_main(const struct config *cfg)
{
	struct sigaction sa = { .sa_handler = on_stop };
	struct outbox_msg msgs[20];
	sigset_t none;
	char err[512];
	struct db *db;

	prctl(PR_SET_NAME, "sidan-house");
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if ((db = db_open(cfg->db_path, cfg->busy_ms, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sidan: notifier: %s\n", err);
		_exit(2);
	}
	int64_t next_sweep = 0;

	while (!notify_stop) {
		int n = 0;

		/* Every SIDAN_SWEEP_SECONDS (a minute): requests past their rating
		 * window close as 未评价. */
		if (now_ms_mono() >= next_sweep) {
			int closed = rating_close_expired(db, cfg->rate_days);
			if (closed > 0)
				fprintf(stderr, "sidan: %d request(s) closed unrated\n", closed);
			next_sweep = now_ms_mono() + 1000LL * cfg->sweep_seconds;
		}
		if (cfg->notify_cmd)
			n = outbox_due(db, now_unix(), msgs, 20);
		for (int i = 0; i < n && !notify_stop; i++) {
			char why[160] = "";
			int ok = send_one(cfg->notify_cmd, &msgs[i], why, sizeof(why));
			if (!ok)
				fprintf(stderr, "sidan: notifier: message %lld not sent (%s); will retry\n",
				    (long long)msgs[i].id, why);
			outbox_done(db, msgs[i].id, ok, msgs[i].attempts + 1, why, now_unix());
		}
		if (n <= 0 && !notify_stop)
			sleep(1);
	}
	db_close(db);
	_exit(0);
}
