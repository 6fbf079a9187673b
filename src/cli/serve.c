/*
 * serve.c: `sidan serve`: its options on top of the environment's
 * settings, a check that the database is a sidan one (opened and closed
 * before any fork: the workers open their own), then the server
 * (http/server.c) until SIGTERM.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "http/server.h"
#include "model/media.h"

static const char usage_serve[] =
"usage: sidan serve [--listen PATH|HOST:PORT] [OPTIONS]\n"
"\n"
"Runs the FastCGI server. Without --listen (and SIDAN_LISTEN unset) it uses\n"
"fd 0, which must be a listening socket (spawn-fcgi, systemd StandardInput=socket).\n"
"SIGTERM or SIGINT: finish requests in flight, then stop.\n"
"SIGHUP: check the templates, then replace the workers one by one.\n"
"\n"
"  --listen PATH|HOST:PORT  unix socket path, or TCP address (env SIDAN_LISTEN)\n"
"  --socket-mode MODE   octal mode of a unix socket (env SIDAN_SOCKET_MODE, default 0660)\n"
"  --workers N          worker processes (env SIDAN_WORKERS, default: number of CPUs)\n"
"  --templates DIR      template directory (env SIDAN_TEMPLATES, default templates)\n"
"  --max-body BYTES     largest request body (env SIDAN_MAX_BODY, default 65536)\n"
"  --busy-ms MS         longest wait for the write lock (env SIDAN_BUSY_MS, default 5000)\n"
"  --db PATH            database file (env SIDAN_DB, default var/sidan.db)\n"
"  --notify-cmd CMD     send each SMS by running CMD (through /bin/sh): the text and link on\n"
"                       its standard input, the phone number in SIDAN_TO, the idempotency\n"
"                       key in SIDAN_MESSAGE_ID; exit 0 means sent, else retried later\n"
"                       (env SIDAN_NOTIFY_CMD)\n"
"\n"
"Environment only:\n"
"  SIDAN_SECRET_FILE    server key made by 'sidan init' (default: the database path + .key)\n"
"  SIDAN_MEDIA_DIR      where photos are kept (default: media/ beside the database)\n"
"  SIDAN_MAX_UPLOAD     largest body of a form with photos (default 42991616, 41 MiB)\n"
"  SIDAN_IMAGE_HELPER   the sidan-image program (default: beside sidan, else\n"
"                       /usr/libexec/sidan/sidan-image)\n"
"  SIDAN_LIMIT_PHONE    requests per phone number per day (default 5; 0: no limit)\n"
"  SIDAN_LIMIT_CLIENT   requests per client address per day (default 50; 0: no limit)\n"
"  SIDAN_SYNCHRONOUS    full (default) or normal: sync the WAL at every commit, or only at\n"
"                       checkpoints (see README, Durability)\n"
"  SIDAN_BASE_URL       this site's address for links and QR codes, e.g. https://wm.example.cn\n"
"                       (required: serve refuses to start without it)\n"
"  SIDAN_WEBHOOK_URL    send each SMS as a signed JSON POST to this URL (an SMS provider's\n"
"                       adapter); SIDAN_WEBHOOK_SECRET_FILE holds the HMAC-SHA-256 key\n"
"  SIDAN_MESSAGES_FILE  append each SMS to this file as a JSON line (make run: var/messages.log)\n"
"                       With any of the three, web requests confirm the phone with a 验证码.\n"
"  SIDAN_QUIET_HOURS    SMS held until morning, default 21:00-08:00 (off: none)\n"
"  SIDAN_SMS_DAILY      SMS per phone per day (default 10; 0: no cap)\n"
"  SIDAN_BROADCAST_BATCH, SIDAN_BROADCAST_SECONDS  抢单 broadcast: volunteers per batch\n"
"                       (default 20) and seconds between batches (default 300)\n"
"  SIDAN_DIGEST_SECONDS staff's digest of new requests at most this often (default 3600)\n"
"  SIDAN_DEV=1          a developer's server: without SIDAN_BASE_URL, links follow the\n"
"                       request's host and port\n";

/*
 * Readies the media store before any worker runs: creates it if missing and
 * removes what a crash mid-upload left (staging, and files no row names:
 * nothing else writes now). Says where the picture helper is missing.
 * Returns 0, or 1 when the store cannot be made.
 */
static int
media_start(const struct config *cfg, struct db *db)
{
	char dir[512], helper[512];
	struct media_check mc;

	config_media_dir(cfg, dir, sizeof(dir));
	if (media_init(dir) != 0) {
		fprintf(stderr, "sidan: cannot create the media store %s: %s\n", dir,
		    strerror(errno));
		return 1;
	}
	if (media_recover(db, dir, &mc) != DB_OK) {
		fprintf(stderr, "sidan: cannot check the media store %s\n", dir);
		return 1;
	}
	if (mc.orphans || mc.staging)
		fprintf(stderr, "sidan: media: removed %lld unfinished upload(s) and "
		    "%lld file(s) no photo names\n", (long long)mc.staging,
		    (long long)mc.orphans);
	if (mc.missing)
		fprintf(stderr, "sidan: media: %lld photo file(s) missing from %s "
		    "(restore them from a backup; see sidan check)\n",
		    (long long)mc.missing, dir);
	config_image_helper(cfg, helper, sizeof(helper));
	if (access(helper, X_OK) != 0)
		fprintf(stderr, "sidan: %s is missing: photos will be refused "
		    "(set SIDAN_IMAGE_HELPER)\n", helper);
	return 0;
}

int
cli_serve(struct config *cfg, int argc, char **argv)
{
	const struct cli_opt opts[] = {
		{ "listen", CLI_TEXT, &cfg->listen, 0, 0 },
		{ "socket-mode", CLI_OCTAL, &cfg->socket_mode, 0, 0777 },
		{ "workers", CLI_INT, &cfg->workers, 1, 256 },
		{ "templates", CLI_TEXT, &cfg->templates, 0, 0 },
		{ "max-body", CLI_SIZE, &cfg->max_body, 1024, 16 * 1024 * 1024 },
		{ "busy-ms", CLI_INT, &cfg->busy_ms, 0, 600000 },
		{ "notify-cmd", CLI_TEXT, &cfg->notify_cmd, 0, 0 },
		{ NULL, 0, NULL, 0, 0 },
	};
	enum cli_parsed p = cli_parse(cfg, argc, argv, usage_serve, opts, NULL);
	struct db *db;

	if (p != CLI_GO)
		return cli_exit(p);
	/* Checked, then closed before any fork: the workers open their own. */
	if ((db = cli_open(cfg)) == NULL)
		return 1;
	if (media_start(cfg, db) != 0) {
		db_close(db);
		return 1;
	}
	db_close(db);
	return server_run(cfg);
}
