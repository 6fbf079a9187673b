/*
 * screen.c: "/screen", the centre's wall screen, laid out for a 1920x1080
 * display read from across a room: its own full-width page (no site header,
 * navigation or footer), today's figures (requests, dispatched, accepted,
 * completed, satisfaction of today's ratings) and the queue now (待审核,
 * 已派单, 待接单, 已接单, overdue) beside the list of what waits: code,
 * service, place, progress and how long it has waited, overdue first
 * (screen_queue.c). Where the list is longer than the screen it rolls, by
 * CSS alone (no script), unless the viewer prefers reduced motion.
 *
 * The page refreshes itself every minute with a meta refresh: the wall
 * display's real-time purpose (WCAG 2.2.1 allows it there); a link at its
 * top, "/screen?refresh=0", turns the refresh and the rolling off for anyone
 * reading it at their own pace (the list then scrolls by hand). No personal
 * data: no names, phones, addresses or need text. The figures are kept per
 * worker for SIDAN_STATS_TTL seconds (portal_today), so many screens cost
 * one query; the list is one indexed query per view.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/code.h"
#include "model/order_state.h"
#include "model/portal.h"
#include "model/screen_queue.h"
#include "page/part/page.h"

/* At most this many waiting requests are listed; the screen shows
 * SCREEN_FITS of them at once and rolls through the rest. */
#define SCREEN_ROWS	20
#define SCREEN_FITS	10

/* A listed request, copied out of the statement. */
struct screen_row {
	char		 code[CODE_LEN + 3];
	char		 service[96];
	char		 place[160];
	const char	*state;		/* a label from order_state.c (static) */
	int64_t		 created_at, due_at;
};

struct screen_rows {
	struct screen_row	row[SCREEN_ROWS];
	int			n;
};

/* Copies one waiting request into the list (screen_queue_each's callback). */
static void
screen_add(void *arg, const struct screen_wait *w)
{
	struct screen_rows *rs = arg;
	struct screen_row *r;

	if (rs->n >= SCREEN_ROWS)
		return;
	r = &rs->row[rs->n++];
	code_format(w->code, r->code);
	snprintf(r->service, sizeof(r->service), "%s", w->service);
	if (w->institute[0])
		snprintf(r->place, sizeof(r->place), "%s · %s", w->institute, w->site);
	else
		snprintf(r->place, sizeof(r->place), "%s", w->site);
	r->state = order_state_label(w->state);
	r->created_at = w->created_at;
	r->due_at = w->due_at;
}

/* Writes a span of seconds as a reader says it: "不到1分钟", "25分钟",
 * "3小时10分", "2天5小时". Negative spans count as none. */
static void
screen_span(int64_t s, char *out, size_t len)
{
	long long d, h, m;

	if (s < 60) {
		snprintf(out, len, "不到1分钟");
		return;
	}
	d = s / 86400;
	h = s % 86400 / 3600;
	m = s % 3600 / 60;
	if (d > 0)
		snprintf(out, len, h ? "%lld天%lld小时" : "%lld天", d, h);
	else if (h > 0)
		snprintf(out, len, m ? "%lld小时%lld分" : "%lld小时", h, m);
	else
		snprintf(out, len, "%lld分钟", m);
}

/* Fills one row of the list into the section dictionary t. */
static void
screen_fill_row(struct tmpl_dict *t, const struct screen_row *r, int64_t now)
{
	char span[48];

	tmpl_set(t, "CODE", r->code);
	tmpl_set(t, "SERVICE", r->service);
	tmpl_set(t, "PLACE", r->place);
	tmpl_set(t, "STATE", r->state);
	screen_span(now - r->created_at, span, sizeof(span));
	tmpl_set(t, "WAITED", span);
	if (r->due_at < now) {
		screen_span(now - r->due_at, span, sizeof(span));
		tmpl_set(t, "OVER", span);
		tmpl_show(t, "OVERDUE");
	}
}

int
page_screen(struct req *r)
{
	static struct screen_rows rs;	/* one request at a time per worker */
	struct portal_today t;
	struct portal_queue q;
	struct tmpl_dict *d;
	struct buf out;
	int64_t now = now_unix();
	char when[20], pct[16];
	const char *rf = kv_get(&r->query, "refresh");
	int still = rf && strcmp(rf, "0") == 0, open, rc;

	rs.n = 0;
	if (portal_today(r->app->db, now, &t) != DB_OK ||
	    portal_queue(r->app->db, now, &q) != DB_OK ||
	    screen_queue_each(r->app->db, SCREEN_ROWS, screen_add, &rs) != DB_OK)
		return 500;
	d = tmpl_dict_new();
	if (page_elder(r))
		tmpl_show(d, "ELDER");
	tmpl_show(d, still ? "STILL" : "MOVING");
	time_format_cst(now, when);
	when[16] = '\0';
	tmpl_set(d, "NOW", when);
	tmpl_set_int(d, "T_REQUESTS", t.requests);
	tmpl_set_int(d, "T_DISPATCHED", t.dispatched);
	tmpl_set_int(d, "T_ACCEPTED", t.accepted);
	tmpl_set_int(d, "T_COMPLETED", t.completed);
	if (t.rated)
		snprintf(pct, sizeof(pct), "%.1f%%", 100.0 * t.satisfied / t.rated);
	else
		snprintf(pct, sizeof(pct), "—");
	tmpl_set(d, "T_SATISFACTION", pct);
	tmpl_set_int(d, "T_RATED", t.rated);
	tmpl_set_int(d, "Q_SUBMITTED", q.submitted);
	tmpl_set_int(d, "Q_DISPATCHED", q.dispatched);
	tmpl_set_int(d, "Q_PUBLISHED", q.published);
	tmpl_set_int(d, "Q_ACCEPTED", q.accepted);
	tmpl_set_int(d, "Q_OVERDUE", q.overdue);
	if (q.overdue > 0)
		tmpl_show(d, "LATE");

	/* The counts are kept for a while (portal_queue), the list is read
	 * now: the total is never less than what is listed. */
	open = q.submitted + q.dispatched + q.published + q.accepted;
	if (open < rs.n)
		open = rs.n;
	if (rs.n == 0)
		tmpl_show(d, "EMPTY");
	else {
		tmpl_show(d, "LISTED");
		tmpl_set_int(d, "OPEN", open);
		tmpl_set_int(d, "SHOWN", rs.n);
		if (open > rs.n)
			tmpl_show(d, "MORE");
		for (int i = 0; i < rs.n; i++)
			screen_fill_row(tmpl_add_section(d, "ROW"), &rs.row[i], now);
		/* Longer than the screen: a second copy follows the first so
		 * the roll loops without a gap (style.css, .roll). */
		if (rs.n > SCREEN_FITS && !still) {
			struct tmpl_dict *roll = tmpl_add_section(d, "ROLL");
			tmpl_set_int(roll, "N", rs.n);
			for (int i = 0; i < rs.n; i++)
				screen_fill_row(tmpl_add_section(roll, "AGAIN"), &rs.row[i], now);
		}
	}
	buf_init(&out);
	rc = tmpl_expand("screen.tpl", d, &out);
	tmpl_dict_free(d);
	if (rc != 0) {
		buf_free(&out);
		return 500;
	}
	http_header(r, "Cache-Control", "no-cache");
	http_body(r, out.data, out.len);
	buf_free(&out);
	return 0;
}
