/*
 * pagesql.c: the SQL of three pages alone, for `make bench` (issue 18 part
 * 6). Opens the bench's database as a worker does and, in a loop, makes
 * only the model calls a page makes (no request core, no templates, no
 * logging; each callback just counts its rows), for:
 *
 *   home   what home_build (src/page/public/home.c) reads when it builds
 *          the page: org_counts, org_each_institute, catalog_each_platform,
 *          catalog_each_project (fixed, featured), portal_each_done (6),
 *          activity_each (page_add_upcoming: from now, 5), news_each_published
 *          (news_add_latest: 3), stats_counts (this month, the twelve
 *          months: kept rows), portal_volunteers, portal_minutes_since;
 *   track  what page_track and track_show read for a code picked at random
 *          from the file: order_by_code, order_each_event (order_view_fill),
 *          rating_get and rating_open (rate_fill), org_phones (hotline_fill),
 *          photo_each_of_order (photo_show_public);
 *   desk   what a signed-in staff member's GET /desk?institute=CODE reads:
 *          auth_session_load and user_by_id (session.c), message_unread
 *          (page_begin's inbox link), org_by_code (desk_query_read), then
 *          page_desk's desk_counts, desk_list (50 rows with their need),
 *          catalog_each_platform, desk_pending; an admin's or dispatcher's
 *          desk adds org_each_institute and followup_open_count.
 *
 *   pagesql --db DB --codes FILE --sid SID [--institute CODE] [--seconds S]
 *           [--only home,track,desk]
 *
 * Each page runs for S (2) seconds of CPU after a quarter of that as a
 * warm-up (its statements prepared, its pages in SQLite's cache as a
 * worker's would be), as sidan makes the calls (each statement its own
 * read transaction); then as long again with the page's calls inside one
 * read transaction (BEGIN ... COMMIT), to tell what taking and dropping
 * SQLite's read lock per statement costs. Prints one line per page,
 *   PAGESQL {"page":"home","calls":N,"cpu_us":X,"wall_us":Y,"tx_cpu_us":Z}
 * with X the CPU (user + system, getrusage) per page and Z the same in one
 * read transaction. Exits 0, or 1 with a message on stderr when a call
 * fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "lib/util.h"
#include "model/activity.h"
#include "model/auth.h"
#include "model/catalog.h"
#include "model/code.h"
#include "model/db.h"
#include "model/desk.h"
#include "model/message.h"
#include "model/news.h"
#include "model/order.h"
#include "model/org.h"
#include "model/photo.h"
#include "model/portal.h"
#include "model/rating.h"
#include "model/scope.h"
#include "model/stats.h"
#include "model/user.h"

/* SIDAN_RATE_DAYS' default (src/http/config.c), as rate_fill passes it. */
#define RATE_DAYS	30

/* What the loops read: the database, the codes to track, the session. */
struct ctx {
	struct db	*db;
	char		**codes;
	size_t		 ncodes;
	const char	*sid;
	const char	*institute;
	long		 rows;	/* rows the callbacks saw: keeps them from being optimised away */
	void		(*page)(struct ctx *);	/* what one_tx runs */
};

/* Dies with a message: a failed call means the figures would be wrong. */
static void
die(const char *what)
{
	fprintf(stderr, "pagesql: %s failed\n", what);
	exit(1);
}

/* The callbacks: the page would fill a template dictionary; here each
 * counts its row. */
static void cb_inst(void *a, const struct org_institute *o) { (void)o; ((struct ctx *)a)->rows++; }
static void cb_plat(void *a, const struct platform *p) { (void)p; ((struct ctx *)a)->rows++; }
static void cb_proj(void *a, const struct project *p) { (void)p; ((struct ctx *)a)->rows++; }
static void cb_done(void *a, const struct portal_done *o) { (void)o; ((struct ctx *)a)->rows++; }
static void cb_act(void *a, const struct activity *x) { (void)x; ((struct ctx *)a)->rows++; }
static void cb_news(void *a, const struct news *n) { (void)n; ((struct ctx *)a)->rows++; }
static void cb_event(void *a, const struct order_event *e) { (void)e; ((struct ctx *)a)->rows++; }
static void cb_photo(void *a, const struct photo *p) { (void)p; ((struct ctx *)a)->rows++; }
static void cb_row(void *a, const struct desk_row *r) { (void)r; ((struct ctx *)a)->rows++; }
static void cb_count(void *a, const char *s, int n) { (void)s; (void)n; ((struct ctx *)a)->rows++; }

/* The home page's reads, as home_build makes them. */
static void
home(struct ctx *c)
{
	struct db *db = c->db;
	struct org_counts oc;
	struct news_filter latest = { .limit = 3 };
	int64_t now = now_unix();
	struct activity_filter af = { .from = now, .limit = 5 };
	struct stats_row month = { 0 }, year = { 0 };
	int64_t minutes = 0;
	int vols = 0;

	if (org_counts(db, &oc) != DB_OK ||
	    org_each_institute(db, cb_inst, c) != DB_OK ||
	    catalog_each_platform(db, cb_plat, c) != DB_OK ||
	    catalog_each_project(db, "fixed", cb_proj, c) != DB_OK ||
	    catalog_each_project(db, "featured", cb_proj, c) != DB_OK ||
	    portal_each_done(db, 6, cb_done, c) != DB_OK ||
	    activity_each(db, &af, cb_act, c) != DB_OK ||
	    news_each_published(db, &latest, cb_news, c, NULL) != DB_OK)
		die("home: lists");
	if (stats_counts(db, stats_month_start(now), &month) != DB_OK ||
	    stats_counts(db, stats_window_start(now), &year) != DB_OK)
		die("home: stats_counts");
	if (portal_volunteers(db, &vols) != DB_OK ||
	    portal_minutes_since(db, portal_year_start(now), &minutes) != DB_OK)
		die("home: portal figures");
	c->rows += vols + month.requests;
}

/* The tracking page's reads for one random code, as page_track and
 * track_show make them. */
static void
track(struct ctx *c)
{
	struct db *db = c->db;
	struct order o;
	struct rating rt;
	int found = 0;
	char hotline[64], site[64];

	if (order_by_code(db, c->codes[(size_t)rand() % c->ncodes], &o) != MODEL_OK)
		die("track: order_by_code");
	if (order_each_event(db, o.id, cb_event, c) != MODEL_OK)
		die("track: order_each_event");
	if (rating_get(db, o.id, &rt, &found) != DB_OK)
		die("track: rating_get");
	c->rows += rating_open(db, o.id, RATE_DAYS);
	if (org_phones(db, o.org_id, hotline, site) != DB_OK)
		die("track: org_phones");
	if (photo_each_of_order(db, o.id, PHOTO_COMPLETION, 1, cb_photo, c) != DB_OK)
		die("track: photo_each_of_order");
}

/* The desk's reads for its first page filtered to one 所, signed in with
 * session sid, as session.c, page_begin, desk_query_read and page_desk
 * make them. */
static void
desk(struct ctx *c)
{
	struct db *db = c->db;
	struct session s;
	struct user u;
	struct org_ref ref;
	struct desk_filter f = { .limit = 50, .with_need = 1 };
	struct scope sc;
	struct place_scope ps;
	int found = 0, na, nh, over;

	if (auth_session_load(db, SESS_STAFF, c->sid, &s, &found) != DB_OK || !found)
		die("desk: auth_session_load (is the session live?)");
	if (user_by_id(db, s.user_id, &u) != MODEL_OK)
		die("desk: user_by_id");
	c->rows += message_unread(db, INBOX_STAFF, u.id);
	if (org_by_code(db, c->institute, &ref, &found) != DB_OK || !found)
		die("desk: org_by_code");
	f.institute_id = ref.id;
	sc = (struct scope){ .role = u.role, .org_id = u.org_id, .team_id = u.team_id };
	if (desk_counts(db, &sc, &f, cb_count, c, &over) != DB_OK ||
	    desk_list(db, &sc, &f, cb_row, c) != DB_OK ||
	    catalog_each_platform(db, cb_plat, c) != DB_OK)
		die("desk: list");
	if (u.role == ROLE_ADMIN || u.role == ROLE_DISPATCHER) {
		if (org_each_institute(db, cb_inst, c) != DB_OK)
			die("desk: org_each_institute");
		c->rows += followup_open_count(db);
	}
	ps = place_scope_of(&u);
	if (desk_pending(db, &ps, &na, &nh) != DB_OK)
		die("desk: desk_pending");
}

/* Runs one statement prepared once (BEGIN or COMMIT); dies if it fails. */
static void
step_once(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL || sqlite3_step(st) != SQLITE_DONE)
		die(sql);
	sqlite3_reset(st);
}

/* The page's calls inside one read transaction. */
static void
one_tx(struct ctx *c)
{
	step_once(c->db, "BEGIN");
	c->page(c);
	step_once(c->db, "COMMIT");
}

/* CPU seconds (user + system) of this process so far. */
static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Wall-clock seconds, monotonic. */
static double
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs fn until `seconds` of CPU have gone (checking every 8 calls);
 * returns the calls made, the CPU and wall seconds in *cpu and *wall. */
static long
loop(void (*fn)(struct ctx *), struct ctx *c, double seconds, double *cpu, double *wall)
{
	double c0 = cpu_now(), w0 = wall_now(), c1;
	long n = 0;

	do {
		for (int i = 0; i < 8; i++)
			fn(c);
		n += 8;
	} while ((c1 = cpu_now()) - c0 < seconds);
	*cpu = c1 - c0;
	*wall = wall_now() - w0;
	return n;
}

/* Reads the codes of file, one a line. Returns their count. */
static size_t
read_codes(const char *file, char ***out)
{
	FILE *f = fopen(file, "r");
	char line[64];
	size_t n = 0, cap = 0;
	char **v = NULL;

	if (f == NULL)
		die("opening the codes file");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((v = realloc(v, cap * sizeof(*v))) == NULL)
				die("realloc");
		}
		if ((v[n++] = strdup(line)) == NULL)
			die("strdup");
	}
	fclose(f);
	*out = v;
	return n;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(struct ctx *);
	} pages[] = { { "home", home }, { "track", track }, { "desk", desk } };
	const char *dbpath = NULL, *codes = NULL, *only = NULL;
	double seconds = 2;
	struct ctx c = { .institute = "140602100000" };
	char err[256];

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			dbpath = argv[i + 1];
		else if (strcmp(argv[i], "--codes") == 0)
			codes = argv[i + 1];
		else if (strcmp(argv[i], "--sid") == 0)
			c.sid = argv[i + 1];
		else if (strcmp(argv[i], "--institute") == 0)
			c.institute = argv[i + 1];
		else if (strcmp(argv[i], "--seconds") == 0)
			seconds = atof(argv[i + 1]);
		else if (strcmp(argv[i], "--only") == 0)
			only = argv[i + 1];
		else {
			fprintf(stderr, "pagesql: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (dbpath == NULL || codes == NULL || c.sid == NULL || seconds <= 0) {
		fprintf(stderr, "usage: pagesql --db DB --codes FILE --sid SID "
		    "[--institute CODE] [--seconds S] [--only home,track,desk]\n");
		return 2;
	}
	if ((c.ncodes = read_codes(codes, &c.codes)) == 0)
		die("reading codes (none)");
	if ((c.db = db_open(dbpath, 5000, err, sizeof(err))) == NULL) {
		fprintf(stderr, "pagesql: %s: %s\n", dbpath, err);
		return 1;
	}
	srand(12345);
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		double cpu, wall, txcpu, txwall;
		long n, txn;

		if (only && !strstr(only, pages[i].name))
			continue;
		loop(pages[i].fn, &c, seconds / 4, &cpu, &wall);	/* warm-up */
		n = loop(pages[i].fn, &c, seconds, &cpu, &wall);
		c.page = pages[i].fn;
		txn = loop(one_tx, &c, seconds, &txcpu, &txwall);
		printf("PAGESQL {\"page\":\"%s\",\"calls\":%ld,\"cpu_us\":%.2f,\"wall_us\":%.2f,"
		    "\"tx_cpu_us\":%.2f}\n", pages[i].name, n, cpu / n * 1e6, wall / n * 1e6,
		    txcpu / txn * 1e6);
		fflush(stdout);
	}
	fprintf(stderr, "pagesql: %ld rows read\n", c.rows);
	db_close(c.db);
	return 0;
}
