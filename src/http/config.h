/*
 * config.h: the settings sidan runs with. Each comes from a flag, else from
 * an environment variable, else a default; config_from_env() fills the last
 * two, and the subcommands' options (cli/) the first.
 */
#ifndef SIDAN_CONFIG_H
#define SIDAN_CONFIG_H

#include <stddef.h>

#include "model/message.h"

struct config {
	const char	*db_path;	/* SIDAN_DB, default var/sidan.db */
	const char	*templates;	/* SIDAN_TEMPLATES, default templates */
	const char	*listen;	/* SIDAN_LISTEN: PATH or HOST:PORT; NULL: fd 0 */
	unsigned	 socket_mode;	/* SIDAN_SOCKET_MODE, octal, default 0660 */
	int		 workers;	/* SIDAN_WORKERS, default: number of CPUs */
	size_t		 max_body;	/* SIDAN_MAX_BODY, bytes, default 65536 */
	size_t		 max_upload;	/* SIDAN_MAX_UPLOAD, bytes: the body limit of the routes that
					 * take photos (ROUTE_UPLOAD), default 41 MiB (nginx's is 41m) */
	const char	*media_dir;	/* SIDAN_MEDIA_DIR: the photos; NULL: <db's directory>/media */
	const char	*image_helper;	/* SIDAN_IMAGE_HELPER: the sidan-image program; NULL: beside
					 * the sidan binary, else /usr/libexec/sidan/sidan-image */
	int		 busy_ms;	/* SIDAN_BUSY_MS: wait for the write lock, default 5000 */
	const char	*secret_file;	/* SIDAN_SECRET_FILE, default <db>.key */
	int		 limit_phone;	/* SIDAN_LIMIT_PHONE: requests per phone per day, default 5 */
	int		 limit_client;	/* SIDAN_LIMIT_CLIENT: requests per client address per day, default 50 */
	int		 sweep_seconds;	/* SIDAN_SWEEP_SECONDS: how often unrated requests are closed, default 60 */
	int		 rate_days;	/* SIDAN_RATE_DAYS: days after completion a request may be rated, default 30 */
	int		 points_per_hour;	/* SIDAN_POINTS_PER_HOUR: 积分 per confirmed hour, default 2 */
	const char	*notify_cmd;	/* --notify-cmd / SIDAN_NOTIFY_CMD: delivers each SMS, or NULL */
	const char	*webhook_url;	/* SIDAN_WEBHOOK_URL: POSTs each SMS as JSON there, or NULL */
	const char	*webhook_secret_file;	/* SIDAN_WEBHOOK_SECRET_FILE: the HMAC key (required with the URL) */
	const char	*messages_file;	/* SIDAN_MESSAGES_FILE: appends each SMS as a JSON line, or NULL */
	int		 sms_daily;	/* SIDAN_SMS_DAILY: SMS per phone per day, default 10; 0: no cap */
	int		 quiet_from;	/* SIDAN_QUIET_HOURS=21:00-08:00 (the default): minutes after */
	int		 quiet_to;	/*   Beijing midnight; "off": both 0 */
	int		 broadcast_batch;	/* SIDAN_BROADCAST_BATCH: volunteers per 抢单 batch, default 20 */
	int		 broadcast_seconds;	/* SIDAN_BROADCAST_SECONDS: between batches, default 300 */
	int		 digest_seconds;	/* SIDAN_DIGEST_SECONDS: staff's digest of new requests, default 3600 */
	int		 code_phone;	/* SIDAN_CODE_PHONE: 验证码 per phone per day, default 5 */
	int		 code_client;	/* SIDAN_CODE_CLIENT: 验证码 per client address per day, default 20 */
	const char	*base_url;	/* SIDAN_BASE_URL: scheme://host[:port], no trailing slash;
					 * the address in links and QR codes; NULL only with dev */
	int		 dev;		/* SIDAN_DEV=1: a developer's server, links from the Host header */
	int		 synchronous;	/* SIDAN_SYNCHRONOUS: full or normal, an enum db_sync; default full */
};

/* Fills cfg with the environment's settings or the defaults, and sets
 * db_set_synchronous() to cfg->synchronous for every connection the process
 * opens. Returns 0, or -1 after printing which variable holds a bad value. */
int	config_from_env(struct config *cfg);
/* Returns 0 when cfg may serve: it has a base URL, or dev is set (a
 * developer's machine, where links may follow the request's Host header),
 * and a configured SMS gateway can be used (the webhook's key file is
 * readable, the messages file can be written). Else prints why not and
 * returns -1. */
int	config_check_serve(const struct config *cfg);
/* Returns 1 when a gateway (command, webhook or file) is configured: then
 * phones get SMS and web requests confirm the phone with a 验证码. */
int	config_sms_on(const struct config *cfg);
/* The settings the model's message calls read (model/message.h). */
struct message_opts config_message_opts(const struct config *cfg);
/* Writes the media store's directory (media_dir, or the database's
 * directory + "/media") into buf. Returns buf. */
const char *config_media_dir(const struct config *cfg, char *buf, size_t len);
/* Writes the path of the sidan-image program into buf. Returns buf. */
const char *config_image_helper(const struct config *cfg, char *buf, size_t len);
/* Returns the key file's path: secret_file, or "<db_path>.key" in buf. */
const char *config_secret_path(const struct config *cfg, char *buf, size_t len);

#endif
