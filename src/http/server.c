/*
 * server.c: the master and its workers.
 *
 * The master opens the listening socket (or takes fd 0 when it is one),
 * checks the templates, and forks cfg->workers workers. It then only waits
 * for signals: a worker that dies is logged and replaced; SIGTERM or SIGINT
 * stops every worker gracefully (each finishes the request in flight) and
 * exits; SIGHUP checks the templates again and replaces the workers one at a
 * time, each new one started before its predecessor is asked to stop, so no
 * request fails during a reload.
 *
 * The master also runs the housekeeping process (house.c: messages through
 * --notify-cmd, closing unrated requests) and the writer process (writer.c:
 * the public form's new requests, committed together), each replaced like a
 * worker if it dies. The master holds the writer's listening socket, so
 * workers may connect while a writer is being replaced.
 *
 * A worker opens the database and loads the templates after fork, then loops
 * ppoll() -> FCGX_Accept_r() -> request_serve(). SIGTERM is blocked except
 * inside ppoll(), so it can only arrive between requests.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "http/app.h"
#include "http/house.h"
#include "http/request.h"
#include "http/server.h"
#include "http/writer.h"
#include "lib/util.h"
#include "view/tmpl.h"

#define MAX_WORKERS	256
#define STOP_GRACE_MS	30000	/* then SIGKILL */
#define WRITER_GRACE_MS	2000	/* a worker waits for the writer busy_ms + this */

static volatile sig_atomic_t worker_stop;

/* Worker's SIGTERM/SIGINT handler: finish the current request, then exit. */
static void
on_worker_stop(int sig)
{
	(void)sig;
	worker_stop = 1;
}

/* Opens a unix socket at path with the given mode. Returns fd or -1. */
static int
listen_unix(const char *path, unsigned mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "sidan: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	/* A socket left by an earlier run is removed; any other file is not. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "sidan: %s exists and is not a socket\n", path);
			return -1;
		}
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, mode) != 0 || listen(fd, 1024) != 0) {
		fprintf(stderr, "sidan: listen on %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Opens a TCP socket on "HOST:PORT" (HOST may be empty or [v6]). */
static int
listen_tcp(const char *spec)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *ai = NULL;
	char host[256];
	const char *colon = strrchr(spec, ':');
	size_t hl = (size_t)(colon - spec);
	int fd = -1, one = 1, rc;

	if (hl >= sizeof(host))
		return -1;
	memcpy(host, spec, hl);
	host[hl] = '\0';
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "sidan: %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 1024) != 0) {
		fprintf(stderr, "sidan: listen on %s: %s\n", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* Returns 1 if a --listen value names a unix socket rather than HOST:PORT. */
static int
listen_is_unix(const char *spec)
{
	return strchr(spec, '/') != NULL || strchr(spec, ':') == NULL;
}

/* Returns the listening fd: fd 0 if no --listen and it is a socket. */
static int
open_listener(const struct config *cfg)
{
	struct stat st;

	if (cfg->listen == NULL) {
		if (fstat(0, &st) == 0 && S_ISSOCK(st.st_mode))
			return 0;
		fprintf(stderr, "sidan: no --listen given and fd 0 is not a socket "
		    "(see sidan serve --help)\n");
		return -1;
	}
	if (listen_is_unix(cfg->listen))
		return listen_unix(cfg->listen, cfg->socket_mode);
	return listen_tcp(cfg->listen);
}

/* SQLite's peak use above which a worker gives freed memory back. */
#define WORKER_TRIM_BYTES	(8 << 20)

/* After a request that made SQLite use more than WORKER_TRIM_BYTES (a big
 * sort held in memory, temp_store=MEMORY), hands the C library's free
 * memory back to the system: otherwise a worker keeps its peak size for
 * the rest of its life. Resets SQLite's high-water mark. */
static void
worker_trim(void)
{
	if (db_memory_highwater(1) > WORKER_TRIM_BYTES)
		malloc_trim(0);
}

void
server_helper_signals(void (*on_stop)(int))
{
	struct sigaction sa = { .sa_handler = on_stop };
	sigset_t none;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* The generation of the workers the master forks now (struct app): set at
 * the start and at each reload. */
static int64_t generation;

/* The life of one worker. Never returns. */
static void
worker_main(const struct config *cfg, int lfd, const struct writer_socket *ws)
{
	sigset_t block, waitmask;
	struct app app = { .cfg = cfg, .generation = generation };
	FCGX_Request fr;
	char err[512];
	int flags;

	/* Named so that ps and pgrep tell workers from the other processes. */
	prctl(PR_SET_NAME, "sidan-worker");
	/* As a helper's; then TERM and INT blocked but inside ppoll (a TERM
	 * meanwhile only sets worker_stop, read before the first request). */
	server_helper_signals(on_worker_stop);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_SETMASK, &block, NULL);
	waitmask = block;
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);

	if (tmpl_load_all(cfg->templates, err, sizeof(err)) != 0) {
		fprintf(stderr, "sidan: worker %d: %s\n", (int)getpid(), err);
		_exit(2);
	}
	{
		char kp[4096];
		if (secret_load(config_secret_path(cfg, kp, sizeof(kp)), app.secret,
		    err, sizeof(err)) != 0) {
			fprintf(stderr, "sidan: worker %d: %s\n", (int)getpid(), err);
			_exit(2);
		}
	}
	config_media_dir(cfg, app.media_dir, sizeof(app.media_dir));
	config_image_helper(cfg, app.image_helper, sizeof(app.image_helper));
	app.db = db_open(cfg->db_path, cfg->busy_ms, err, sizeof(err));
	if (app.db == NULL) {
		fprintf(stderr, "sidan: worker %d: database: %s\n", (int)getpid(), err);
		_exit(2);
	}
	/* The writer may wait busy_ms for the write lock, and then write. */
	writer_link_init(&app.writer, ws, cfg->busy_ms + WRITER_GRACE_MS);
	if (ws->fd >= 0)
		close(ws->fd);	/* the link needs only the name */
	/* Non-blocking: when several workers wake for one connection, the
	 * losers' accept fails with EAGAIN and they go back to ppoll. */
	flags = fcntl(lfd, F_GETFL);
	fcntl(lfd, F_SETFL, flags | O_NONBLOCK);
	FCGX_InitRequest(&fr, lfd, 0);
	while (!worker_stop) {
		struct pollfd p = { .fd = lfd, .events = POLLIN };
		if (ppoll(&p, 1, NULL, &waitmask) <= 0)
			continue;	/* EINTR: worker_stop may be set */
		if (FCGX_Accept_r(&fr) < 0)
			continue;
		request_serve(&app, &fr);
		FCGX_Finish_r(&fr);
		/* After the answer: nobody waits for the checkpoint. */
		db_checkpoint_if_due(app.db);
		worker_trim();
	}
	writer_link_close(&app.writer);
	db_close(app.db);
	_exit(0);
}

/* The master's view of one worker slot. */
struct slot {
	pid_t	pid;		/* 0: empty */
	pid_t	retiring;	/* the predecessor being stopped on reload, or 0 */
};

struct master {
	const struct config	*cfg;
	int			 lfd;
	pid_t			 house;		/* the housekeeping process (sidan-house), or 0 */
	pid_t			 writer;	/* the writer process (sidan-writer), or 0 */
	struct writer_socket	 ws;		/* its listening socket (fd -1: none) */
	struct slot		 slots[MAX_WORKERS];
	int			 reload_next;	/* next slot to replace, or -1 */
	int64_t			 deaths[8];	/* times of recent unexpected deaths */
};

/*
 * In a child just forked from master: asks for SIGTERM when the master
 * dies, and exits at once if it already has. A worker or housekeeper left
 * behind by a killed master would run beside the next master's (the
 * housekeeper would send each message twice). TERM stays blocked until the
 * child has its handler, so it stops the child's usual graceful way.
 */
static void
die_with_master(pid_t master)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != master)
		_exit(0);
}

/* Forks a worker into slot i. Returns 0 or -1. */
static int
spawn(struct master *m, int i)
{
	pid_t master = getpid();
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "sidan: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		die_with_master(master);
		worker_main(m->cfg, m->lfd, &m->ws);
	}
	m->slots[i].pid = pid;
	return 0;
}

/* Forks the housekeeping process. Returns 0 or -1. */
static int
spawn_house(struct master *m)
{
	pid_t master = getpid();
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "sidan: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		die_with_master(master);
		close(m->lfd);
		if (m->ws.fd >= 0)
			close(m->ws.fd);
		house_main(m->cfg);
	}
	m->house = pid;
	return 0;
}

/* Forks the writer process, if there is a socket for it. Returns 0 or -1. */
static int
spawn_writer(struct master *m)
{
	pid_t master = getpid();
	pid_t pid;

	if (m->ws.fd < 0)
		return 0;
	if ((pid = fork()) < 0) {
		fprintf(stderr, "sidan: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		die_with_master(master);
		close(m->lfd);
		writer_main(m->cfg, &m->ws);
	}
	m->writer = pid;
	return 0;
}

/*
 * Waits a little when workers keep dying (say, the database is unreadable),
 * so the master does not spin: 8 deaths within 10 s cost a one-second pause.
 */
static void
death_backoff(struct master *m)
{
	int64_t now = now_ms_mono();

	memmove(m->deaths + 1, m->deaths, sizeof(m->deaths) - sizeof(m->deaths[0]));
	m->deaths[0] = now;
	if (m->deaths[7] && now - m->deaths[7] < 10000) {
		struct timespec ts = { 1, 0 };
		nanosleep(&ts, NULL);
	}
}

/* Starts replacing the next slot on reload: new worker first, then TERM
 * the old one. */
static void
reload_step(struct master *m)
{
	int i = m->reload_next;

	if (i < 0)
		return;
	if (i >= m->cfg->workers) {
		m->reload_next = -1;
		fprintf(stderr, "sidan: reload done\n");
		return;
	}
	m->slots[i].retiring = m->slots[i].pid;
	if (spawn(m, i) != 0) {
		m->slots[i].pid = m->slots[i].retiring;
		m->slots[i].retiring = 0;
		m->reload_next = -1;
		return;
	}
	if (m->slots[i].retiring) {
		kill(m->slots[i].retiring, SIGTERM);
		return;
	}
	/* The slot was empty: nothing to wait for, on to the next. */
	m->reload_next++;
	reload_step(m);
}

/* Reaps dead children; replaces the ones that died unexpectedly. */
static void
reap(struct master *m, int stopping)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == m->house) {
			m->house = 0;
			if (!stopping) {
				fprintf(stderr, "sidan: housekeeping process %d ended; starting another\n", (int)pid);
				death_backoff(m);
				spawn_house(m);
			}
			continue;
		}
		if (pid == m->writer) {
			m->writer = 0;
			if (!stopping) {
				fprintf(stderr, "sidan: writer process %d ended; starting another\n", (int)pid);
				death_backoff(m);
				spawn_writer(m);
			}
			continue;
		}
		for (int i = 0; i < m->cfg->workers; i++) {
			struct slot *s = &m->slots[i];
			if (s->retiring == pid) {
				s->retiring = 0;
				m->reload_next = i + 1;
				reload_step(m);
				break;
			}
			if (s->pid != pid)
				continue;
			s->pid = 0;
			if (stopping)
				break;
			if (WIFSIGNALED(status))
				fprintf(stderr, "sidan: worker %d killed by signal %d; "
				    "starting another\n", (int)pid, WTERMSIG(status));
			else
				fprintf(stderr, "sidan: worker %d exited with status %d; "
				    "starting another\n", (int)pid, WEXITSTATUS(status));
			death_backoff(m);
			spawn(m, i);
			break;
		}
	}
}

/* Starts again, once a second, whatever could not be forked when it died
 * (fork failing for want of memory or processes): an empty worker slot
 * (not during a reload), the housekeeping process, the writer. */
static void
respawn_missing(struct master *m)
{
	for (int i = 0; i < m->cfg->workers && m->reload_next < 0; i++)
		if (m->slots[i].pid == 0 && m->slots[i].retiring == 0)
			spawn(m, i);
	if (m->house == 0)
		spawn_house(m);
	if (m->writer == 0)
		spawn_writer(m);
}

/* Returns the number of live workers, retiring ones included. */
static int
live_workers(const struct master *m)
{
	int n = 0;

	for (int i = 0; i < m->cfg->workers; i++)
		n += (m->slots[i].pid != 0) + (m->slots[i].retiring != 0);
	return n + (m->house != 0) + (m->writer != 0);
}

/* Stops every worker: TERM, wait, KILL after the grace period. */
static void
stop_all(struct master *m)
{
	int64_t deadline = now_ms_mono() + STOP_GRACE_MS;
	struct timespec tick = { 0, 50 * 1000000 };
	sigset_t set;

	for (int i = 0; i < m->cfg->workers; i++) {
		if (m->slots[i].pid)
			kill(m->slots[i].pid, SIGTERM);
		if (m->slots[i].retiring)
			kill(m->slots[i].retiring, SIGTERM);
	}
	if (m->house)
		kill(m->house, SIGTERM);
	if (m->writer)
		kill(m->writer, SIGTERM);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	while (live_workers(m) > 0) {
		sigtimedwait(&set, NULL, &tick);
		reap(m, 1);
		if (now_ms_mono() > deadline) {
			for (int i = 0; i < m->cfg->workers; i++) {
				if (m->slots[i].pid)
					kill(m->slots[i].pid, SIGKILL);
				if (m->slots[i].retiring)
					kill(m->slots[i].retiring, SIGKILL);
			}
			if (m->house)
				kill(m->house, SIGKILL);
			if (m->writer)
				kill(m->writer, SIGKILL);
		}
	}
}

int
server_run(const struct config *cfg)
{
	static struct master m;
	sigset_t set;
	char err[512];

	if (cfg->workers < 1 || cfg->workers > MAX_WORKERS) {
		fprintf(stderr, "sidan: --workers must be 1 to %d\n", MAX_WORKERS);
		return 2;
	}
	if (config_check_serve(cfg) != 0)
		return 1;
	if (tmpl_check_all(cfg->templates, err, sizeof(err)) != 0) {
		fprintf(stderr, "sidan: %s\n", err);
		return 1;
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "sidan: FCGX_Init failed\n");
		return 1;
	}
	m.cfg = cfg;
	m.reload_next = -1;
	generation = (int64_t)time(NULL);
	if ((m.lfd = open_listener(cfg)) < 0)
		return 1;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	writer_listen(&m.ws);	/* without it, workers write themselves */
	for (int i = 0; i < cfg->workers; i++)
		if (spawn(&m, i) != 0)
			return 1;
	if (spawn_house(&m) != 0 || spawn_writer(&m) != 0)
		return 1;
	fprintf(stderr, "sidan: serving %s with %d workers (pid %d)\n",
	    cfg->listen ? cfg->listen : "fd 0", cfg->workers, (int)getpid());

	for (;;) {
		struct timespec second = { 1, 0 };
		int sig = sigtimedwait(&set, NULL, &second);

		if (sig < 0) {
			respawn_missing(&m);
			continue;
		}
		if (sig == SIGCHLD) {
			reap(&m, 0);
		} else if (sig == SIGTERM || sig == SIGINT) {
			fprintf(stderr, "sidan: stopping\n");
			stop_all(&m);
			if (cfg->listen && listen_is_unix(cfg->listen))
				unlink(cfg->listen);
			fprintf(stderr, "sidan: stopped\n");
			return 0;
		} else if (sig == SIGHUP) {
			if (tmpl_check_all(cfg->templates, err, sizeof(err)) != 0) {
				fprintf(stderr, "sidan: reload refused, keeping the "
				    "running workers: %s\n", err);
			} else if (m.reload_next < 0) {
				fprintf(stderr, "sidan: reloading workers one by one\n");
				generation++;	/* new templates: new ETags */
				m.reload_next = 0;
				reload_step(&m);
			}
		}
	}
}
