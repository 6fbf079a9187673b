/*
 * deliver.c: the channels of deliver.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "http/deliver.h"
#include "lib/util.h"
#include "lib/webhook.h"

#define SEND_TIMEOUT_MS 30000

struct deliver {
	const struct config	*cfg;
	unsigned char		 key[256];
	size_t			 keylen;
};

/* Reads the webhook's key (its first line, at least 16 bytes) from path.
 * Returns 0 or -1 after printing why. */
static int
read_key(const char *path, struct deliver *d)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "sidan: SIDAN_WEBHOOK_SECRET_FILE %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(d->key, 1, sizeof(d->key), f);
	fclose(f);
	while (n > 0 && (d->key[n - 1] == '\n' || d->key[n - 1] == '\r'))
		n--;
	if (n < 16) {
		fprintf(stderr, "sidan: SIDAN_WEBHOOK_SECRET_FILE %s: the key must be at least 16 bytes\n",
		    path);
		return -1;
	}
	d->keylen = n;
	return 0;
}

struct deliver *
deliver_open(const struct config *cfg)
{
	struct deliver *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->cfg = cfg;
	if (cfg->webhook_url && read_key(cfg->webhook_secret_file, d) != 0) {
		free(d);
		return NULL;
	}
	if (!cfg->webhook_url && !cfg->notify_cmd && cfg->messages_file) {
		int fd = open(cfg->messages_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

		if (fd < 0) {
			fprintf(stderr, "sidan: SIDAN_MESSAGES_FILE %s: %s\n", cfg->messages_file,
			    strerror(errno));
			free(d);
			return NULL;
		}
		close(fd);
	}
	return d;
}

void
deliver_close(struct deliver *d)
{
	if (d != NULL) {
		memset(d->key, 0, sizeof(d->key));
		free(d);
	}
}

void
deliver_key(int64_t id, int64_t created_at, char *out, size_t len)
{
	snprintf(out, len, "sidan-%lld-%lld", (long long)created_at, (long long)id);
}

/* The message as one JSON object (no newline); the caller frees it. */
static char *
to_json(const struct deliver *d, const struct message_out *m, int64_t now)
{
	cJSON *o = cJSON_CreateObject();
	char key[64], link[256];
	char *s;

	deliver_key(m->id, m->created_at, key, sizeof(key));
	snprintf(link, sizeof(link), "%s%s", m->link[0] && d->cfg->base_url ? d->cfg->base_url : "",
	    m->link);
	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddStringToObject(o, "idempotency_key", key);
	cJSON_AddStringToObject(o, "event", m->kind);
	cJSON_AddStringToObject(o, "to", m->phone);
	cJSON_AddStringToObject(o, "text", m->text);
	cJSON_AddStringToObject(o, "link", link);
	cJSON_AddNumberToObject(o, "at", (double)now);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* Appends line and a newline to the file, synced. Returns 1, or 0 with why. */
static int
to_file(const char *path, const char *line, char *why, size_t whylen)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	size_t n = strlen(line);
	char *buf;
	int ok;

	if (fd < 0) {
		snprintf(why, whylen, "open %s: %s", path, strerror(errno));
		return 0;
	}
	if ((buf = malloc(n + 1)) == NULL) {
		close(fd);
		snprintf(why, whylen, "out of memory");
		return 0;
	}
	memcpy(buf, line, n);
	buf[n] = '\n';
	/* One write: a line is whole or absent, even beside another writer. */
	ok = write(fd, buf, n + 1) == (ssize_t)(n + 1) && fsync(fd) == 0;
	if (!ok)
		snprintf(why, whylen, "write %s: %s", path, strerror(errno));
	free(buf);
	close(fd);
	return ok;
}

/* Runs cmd with body on stdin, the phone in SIDAN_TO and the key in
 * SIDAN_MESSAGE_ID; a command that hangs is killed after 30 s. Returns 1
 * if it exited 0, else 0 with why set. */
static int
to_command(const char *cmd, const char *phone, const char *key, const char *body,
    char *why, size_t whylen)
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
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		setenv("SIDAN_TO", phone, 1);
		setenv("SIDAN_MESSAGE_ID", key, 1);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	if (write(fds[1], body, strlen(body)) < 0 || write(fds[1], "\n", 1) < 0) {
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

int
deliver_one(struct deliver *d, const struct message_out *m, int64_t now, char *why,
    size_t whylen)
{
	char *json = to_json(d, m, now);
	char key[64];
	int ok = 0;

	if (json == NULL) {
		snprintf(why, whylen, "out of memory");
		return 0;
	}
	deliver_key(m->id, m->created_at, key, sizeof(key));
	if (d->cfg->webhook_url) {
		struct webhook w = { d->cfg->webhook_url, d->key, d->keylen, 10000 };
		ok = webhook_post(&w, json, key, why, whylen);
	} else if (d->cfg->notify_cmd) {
		char body[1024];

		snprintf(body, sizeof(body), "%s%s%s", m->text,
		    m->link[0] && d->cfg->base_url ? d->cfg->base_url : "", m->link);
		ok = to_command(d->cfg->notify_cmd, m->phone, key, body, why, whylen);
	} else if (d->cfg->messages_file)
		ok = to_file(d->cfg->messages_file, json, why, whylen);
	else
		snprintf(why, whylen, "no gateway configured");
	free(json);
	return ok;
}
