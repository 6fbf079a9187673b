/*
 * config.c: defaults and environment variables for struct config.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/config.h"
#include "http/deliver.h"
#include "model/db.h"

/* Parses env var name as a number in base within [lo, hi] into *out.
 * Returns 0 (also when unset), or -1 after printing an error. */
static int
env_num(const char *name, int base, long lo, long hi, long *out)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	v = strtol(s, &end, base);
	if (errno || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "sidan: %s=%s: expected a number from %ld to %ld\n",
		    name, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

/* Parses SIDAN_SYNCHRONOUS (full or normal, in any case) into *out.
 * Returns 0 (also when unset), or -1 after printing an error. */
static int
env_sync(int *out)
{
	const char *s = getenv("SIDAN_SYNCHRONOUS");

	if (s == NULL || *s == '\0')
		return 0;
	if (strcasecmp(s, "full") == 0)
		*out = DB_SYNC_FULL;
	else if (strcasecmp(s, "normal") == 0)
		*out = DB_SYNC_NORMAL;
	else {
		fprintf(stderr, "sidan: SIDAN_SYNCHRONOUS=%s: expected full or normal\n", s);
		return -1;
	}
	return 0;
}

/* Returns the length of the host at the start of s (up to end): a name of
 * letters, digits, dots and dashes, or an IPv6 address in brackets; 0 if none. */
static size_t
url_host_len(const char *s, const char *end)
{
	const char *p = s;

	if (p < end && *p == '[') {
		for (p++; p < end && (strchr("0123456789abcdefABCDEF:.", *p) && *p); p++)
			;
		return p < end && *p == ']' && p > s + 1 ? (size_t)(p + 1 - s) : 0;
	}
	for (; p < end && *p && (strchr("-.", *p) || (*p >= 'a' && *p <= 'z') ||
	    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')); p++)
		;
	return (size_t)(p - s);
}

/* Checks SIDAN_BASE_URL: http:// or https://, a host, an optional :PORT, an
 * optional final slash (dropped), nothing else. Sets *out to the normalised
 * value (static storage), or NULL when unset. Returns 0, or -1 after
 * printing an error. */
static int
env_base_url(const char **out)
{
	static char buf[256];
	const char *s = getenv("SIDAN_BASE_URL"), *p, *end;
	size_t n, host;

	*out = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	n = strlen(s);
	if (s[n - 1] == '/')
		n--;
	end = s + n;
	p = strncmp(s, "https://", 8) == 0 ? s + 8 : strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;
	if (p && n < sizeof(buf) && (host = url_host_len(p, end)) > 0) {
		p += host;
		if (p < end && *p == ':' && p + 1 < end)
			for (p++; p < end && *p >= '0' && *p <= '9'; p++)
				;
		if (p == end) {
			memcpy(buf, s, n);
			buf[n] = '\0';
			*out = buf;
			return 0;
		}
	}
	fprintf(stderr, "sidan: SIDAN_BASE_URL=%s: expected http://HOST or https://HOST, "
	    "with an optional :PORT and nothing after it, e.g. https://wm.example.cn\n", s);
	return -1;
}

/* Reads SIDAN_QUIET_HOURS ("HH:MM-HH:MM" or "off") into from and to,
 * minutes after midnight. Returns 0, or -1 after printing why. */
static int
env_quiet(int *from, int *to)
{
	const char *s = getenv("SIDAN_QUIET_HOURS");
	int h1, m1, h2, m2, used = 0;

	*from = 21 * 60;
	*to = 8 * 60;
	if (s == NULL || *s == '\0')
		return 0;
	if (strcmp(s, "off") == 0) {
		*from = *to = 0;
		return 0;
	}
	if (sscanf(s, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) != 4 || s[used] != '\0' ||
	    h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 || h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) {
		fprintf(stderr, "sidan: SIDAN_QUIET_HOURS must be HH:MM-HH:MM or off, not %s\n", s);
		return -1;
	}
	*from = h1 * 60 + m1;
	*to = h2 * 60 + m2;
	return 0;
}

int
config_sms_on(const struct config *cfg)
{
	return cfg->notify_cmd != NULL || cfg->webhook_url != NULL || cfg->messages_file != NULL;
}

struct message_opts
config_message_opts(const struct config *cfg)
{
	struct message_opts o = {
		.sms_on = config_sms_on(cfg), .daily_cap = cfg->sms_daily,
		.quiet_from = cfg->quiet_from, .quiet_to = cfg->quiet_to,
		.batch = cfg->broadcast_batch, .batch_seconds = cfg->broadcast_seconds,
		.stale_seconds = 2 * 86400,
	};
	return o;
}

int
config_check_serve(const struct config *cfg)
{
	/* A gateway that cannot work stops serve now, not the sender later. */
	if (config_sms_on(cfg)) {
		struct deliver *d = deliver_open(cfg);

		if (d == NULL)
			return -1;
		deliver_close(d);
	}
	if (cfg->base_url || cfg->dev)
		return 0;
	fprintf(stderr,
	    "sidan: SIDAN_BASE_URL is not set. Set it to the address residents open,\n"
	    "  e.g. SIDAN_BASE_URL=https://wm.example.cn: links and QR codes (private manage\n"
	    "  links among them) are built from it, never from the Host a client sends.\n"
	    "  On a developer's machine SIDAN_DEV=1 builds them from the request instead.\n");
	return -1;
}

const char *
config_secret_path(const struct config *cfg, char *buf, size_t len)
{
	if (cfg->secret_file)
		return cfg->secret_file;
	snprintf(buf, len, "%s.key", cfg->db_path);
	return buf;
}

const char *
config_media_dir(const struct config *cfg, char *buf, size_t len)
{
	const char *slash;

	if (cfg->media_dir) {
		snprintf(buf, len, "%s", cfg->media_dir);
		return buf;
	}
	slash = strrchr(cfg->db_path, '/');
	if (slash == NULL)
		snprintf(buf, len, "media");
	else
		snprintf(buf, len, "%.*s/media", (int)(slash - cfg->db_path), cfg->db_path);
	return buf;
}

const char *
config_image_helper(const struct config *cfg, char *buf, size_t len)
{
	char self[512];
	ssize_t n;

	if (cfg->image_helper) {
		snprintf(buf, len, "%s", cfg->image_helper);
		return buf;
	}
	/* Beside the binary (a build tree, make run, the tests), else where
	 * the package installs it. */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash;
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(buf, len, "%s/sidan-image", self);
			if (access(buf, X_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, len, "/usr/libexec/sidan/sidan-image");
	return buf;
}

int
config_from_env(struct config *cfg)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	/* One per CPU, at most 256 (server.c's limit). More let more new
	 * requests share one of the writer's commits (writer.h), but stretch
	 * the slow pages' tails: tests/bench/README.md, "POST's tail". */
	long workers = ncpu > 0 && ncpu <= 256 ? ncpu : ncpu > 0 ? 256 : 2, mode = 0660;
	long upload = 41L * 1024 * 1024;
	long body = 64 * 1024, busy = 5000, lphone = 5, lclient = 50, pph = 2, rdays = 30, sweep = 60;
	long daily = 10, batch = 20, batch_s = 300, digest = 3600, cphone = 5, cclient = 20;
	const char *s;

	cfg->db_path = (s = getenv("SIDAN_DB")) && *s ? s : "var/sidan.db";
	cfg->templates = (s = getenv("SIDAN_TEMPLATES")) && *s ? s : "templates";
	cfg->listen = (s = getenv("SIDAN_LISTEN")) && *s ? s : NULL;
	if (env_num("SIDAN_WORKERS", 10, 1, 256, &workers) ||
	    env_num("SIDAN_SOCKET_MODE", 8, 0, 0777, &mode) ||
	    env_num("SIDAN_MAX_BODY", 10, 1024, 16 * 1024 * 1024, &body) ||
	    env_num("SIDAN_BUSY_MS", 10, 0, 600000, &busy) ||
	    env_num("SIDAN_MAX_UPLOAD", 10, 1024 * 1024, 1024L * 1024 * 1024, &upload) ||
	    env_num("SIDAN_LIMIT_PHONE", 10, 0, 100000, &lphone) ||
	    env_num("SIDAN_LIMIT_CLIENT", 10, 0, 1000000, &lclient) ||
	    env_num("SIDAN_POINTS_PER_HOUR", 10, 0, 1000, &pph) ||
	    env_num("SIDAN_RATE_DAYS", 10, 1, 365, &rdays) ||
	    env_num("SIDAN_SWEEP_SECONDS", 10, 1, 86400, &sweep) ||
	    env_num("SIDAN_SMS_DAILY", 10, 0, 1000, &daily) ||
	    env_num("SIDAN_BROADCAST_BATCH", 10, 1, 1000, &batch) ||
	    env_num("SIDAN_BROADCAST_SECONDS", 10, 1, 86400, &batch_s) ||
	    env_num("SIDAN_DIGEST_SECONDS", 10, 1, 86400, &digest) ||
	    env_num("SIDAN_CODE_PHONE", 10, 1, 1000, &cphone) ||
	    env_num("SIDAN_CODE_CLIENT", 10, 1, 100000, &cclient) ||
	    env_quiet(&cfg->quiet_from, &cfg->quiet_to))
		return -1;
	cfg->synchronous = DB_SYNC_FULL;
	if (env_sync(&cfg->synchronous))
		return -1;
	db_set_synchronous((enum db_sync)cfg->synchronous);
	cfg->secret_file = (s = getenv("SIDAN_SECRET_FILE")) && *s ? s : NULL;
	if (env_base_url(&cfg->base_url))
		return -1;
	s = getenv("SIDAN_DEV");
	cfg->dev = s && *s && strcmp(s, "0") != 0;
	cfg->limit_phone = (int)lphone;
	cfg->limit_client = (int)lclient;
	cfg->points_per_hour = (int)pph;
	cfg->rate_days = (int)rdays;
	cfg->sweep_seconds = (int)sweep;
	cfg->notify_cmd = (s = getenv("SIDAN_NOTIFY_CMD")) && *s ? s : NULL;
	cfg->webhook_url = (s = getenv("SIDAN_WEBHOOK_URL")) && *s ? s : NULL;
	cfg->webhook_secret_file = (s = getenv("SIDAN_WEBHOOK_SECRET_FILE")) && *s ? s : NULL;
	cfg->messages_file = (s = getenv("SIDAN_MESSAGES_FILE")) && *s ? s : NULL;
	if (cfg->webhook_url && (strncmp(cfg->webhook_url, "http://", 7) != 0 &&
	    strncmp(cfg->webhook_url, "https://", 8) != 0)) {
		fprintf(stderr, "sidan: SIDAN_WEBHOOK_URL must start with http:// or https://\n");
		return -1;
	}
	if (cfg->webhook_url && cfg->webhook_secret_file == NULL) {
		fprintf(stderr, "sidan: SIDAN_WEBHOOK_URL needs SIDAN_WEBHOOK_SECRET_FILE (the signing key)\n");
		return -1;
	}
	cfg->sms_daily = (int)daily;
	cfg->broadcast_batch = (int)batch;
	cfg->broadcast_seconds = (int)batch_s;
	cfg->digest_seconds = (int)digest;
	cfg->code_phone = (int)cphone;
	cfg->code_client = (int)cclient;
	cfg->workers = (int)workers;
	cfg->socket_mode = (unsigned)mode;
	cfg->max_body = (size_t)body;
	cfg->max_upload = (size_t)upload;
	cfg->media_dir = (s = getenv("SIDAN_MEDIA_DIR")) && *s ? s : NULL;
	cfg->image_helper = (s = getenv("SIDAN_IMAGE_HELPER")) && *s ? s : NULL;
	cfg->busy_ms = (int)busy;
	return 0;
}
