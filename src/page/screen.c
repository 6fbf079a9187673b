/*
 * screen.c: "/screen", the centre's wall screen: today's figures (requests,
 * dispatched, accepted, completed, satisfaction of today's ratings) and the
 * queue now (待审核, 已派单, 待接单, 已接单, overdue), in large type,
 * refreshing itself every minute with a meta refresh (no script). The
 * refresh is the wall display's real-time purpose (WCAG 2.2.1 allows it
 * there), and a link at its top, "/screen?refresh=0", turns it off
 * for anyone reading it at their own pace. Counts
 * only: no personal data. The figures are kept per worker for
 * SIDAN_STATS_TTL seconds (portal_today), so many screens cost one query.
 */
#include <stdio.h>
#include <string.h>

#include "../app.h"
#include "../model/portal.h"
#include "page.h"

int
page_screen(struct req *r)
{
	struct portal_today t;
	struct portal_queue q;
	struct page pg;
	struct tmpl_dict *d;
	int64_t now = now_unix();
	char when[20], pct[16];

	if (portal_today(r->app->db, now, &t) != DB_OK ||
	    portal_queue(r->app->db, now, &q) != DB_OK)
		return 500;
	d = page_begin(r, &pg, "服务大屏", "screen.tpl", NULL);
	{
		const char *rf = kv_get(&r->query, "refresh");
		if (rf && strcmp(rf, "0") == 0)
			tmpl_show(d, "STILL");
		else {
			tmpl_show(pg.layout, "REFRESH");
			tmpl_show(d, "MOVING");
		}
	}
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
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}
