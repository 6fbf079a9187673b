/*
 * desk.c: the staff desk "/desk": the requests in the signed-in person's
 * scope, with counts per state, filters, overdue ones marked, and pages by
 * keyset; and "/desk/export.csv", the same filtered list as CSV (UTF-8 with
 * a byte order mark), holding no more than the person may see. Each row of
 * the page shows the first line of its need; the desk's links to the two
 * review pages carry what waits there.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "lib/csv.h"
#include "model/catalog.h"
#include "model/code.h"
#include "model/ledger.h"
#include "model/order_state.h"
#include "model/rating.h"
#include "model/org.h"
#include "model/scope.h"
#include "http/session.h"
#include "page/desk/desk_filter.h"
#include "page/part/page.h"

/* How many characters of a need the list shows. */
#define NEED_CHARS 40

/* The order the state counts are shown in. */
static const char *const state_order[] = {
	"submitted", "dispatched", "published", "accepted", "completed", "rated",
	"unrated", "rejected", "cancelled",
};

struct list {
	struct tmpl_dict	*d;
	int			 n;
	int64_t			 last_created, last_id;
	int			 counts[sizeof(state_order) / sizeof(state_order[0])];
	const struct desk_query	*q;
};

/* The CSV export being written. */
struct export {
	struct buf	b;
	int		n;
	int64_t		last_created, last_id;
	struct db	*db;		/* for each row's ledger columns */
	int		failed;		/* a ledger column could not be read */
};

static void
add_count(void *arg, const char *state, int count)
{
	struct list *l = arg;

	for (size_t i = 0; i < sizeof(state_order) / sizeof(state_order[0]); i++)
		if (strcmp(state_order[i], state) == 0)
			l->counts[i] = count;
}

/* Returns the length of the white space at s (ASCII blanks, line breaks and
 * the ideographic space U+3000), or 0. */
static size_t
space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\f' || *s == '\v')
		return 1;
	return strncmp(s, "\xe3\x80\x80", 3) == 0 ? 3 : 0;
}

/*
 * Writes into out (size outlen) the first line of need that holds any
 * text, without the white space around it, cut to NEED_CHARS characters,
 * with "…" when anything of the need is left out (the rest of a long line,
 * or further lines). Returns out ("" for a need of white space only).
 */
static char *
need_line(const char *need, char *out, size_t outlen)
{
	const char *p = need, *end, *rest;
	size_t n, chars = 0, k;

	assert(outlen >= NEED_CHARS * 4 + sizeof("…"));
	while ((k = space_at(p)) > 0)
		p += k;
	/* The line, up to NEED_CHARS characters of it. */
	for (end = p; *end && *end != '\r' && *end != '\n' && chars < NEED_CHARS; chars++) {
		end++;
		while ((*end & 0xc0) == 0x80)
			end++;
	}
	rest = end;
	for (;;) {
		if (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		else if (end - p >= 3 && strncmp(end - 3, "\xe3\x80\x80", 3) == 0)
			end -= 3;
		else
			break;
	}
	n = (size_t)(end - p);
	memcpy(out, p, n);
	out[n] = '\0';
	while ((k = space_at(rest)) > 0)
		rest += k;
	if (*rest)
		memcpy(out + n, "…", sizeof("…"));
	return out;
}

static void
add_row(void *arg, const struct desk_row *o)
{
	struct list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "ROW");
	char fmt[CODE_LEN + 3], when[20];

	code_format(o->code, fmt);
	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "CODE_FMT", fmt);
	tmpl_set(d, "STATE", o->state);
	tmpl_set(d, "STATE_LABEL", order_state_label(o->state));
	tmpl_set(d, "SERVICE", o->service_name);
	tmpl_set(d, "PLATFORM", o->platform_name);
	tmpl_set(d, "PLACE", o->org_name);
	if (o->need[0]) {
		char line[NEED_CHARS * 4 + sizeof("…")];
		if (need_line(o->need, line, sizeof(line))[0]) {
			tmpl_set(d, "NEED", line);
			tmpl_show(d, "HAS_NEED");
		}
	}
	if (o->institute_name[0]) {
		tmpl_set(d, "INSTITUTE", o->institute_name);
		tmpl_show(d, "HAS_INSTITUTE");
	}
	if (o->team_name[0]) {
		tmpl_set(d, "TEAM", o->team_name);
		tmpl_show(d, "HAS_TEAM");
	}
	time_format_cst(o->created_at, when);
	when[16] = '\0';
	tmpl_set(d, "CREATED", when);
	time_format_cst(o->due_at, when);
	when[16] = '\0';
	tmpl_set(d, "DUE", when);
	if (o->overdue)
		tmpl_show(d, "OVERDUE");
	l->n++;
	l->last_created = o->created_at;
	l->last_id = o->id;
}

static void
add_platform(void *arg, const struct platform *p)
{
	struct list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "PLATFORM_OPT");

	tmpl_set(d, "CODE", p->code);
	tmpl_set(d, "NAME", p->name);
	if (strcmp(p->code, l->q->platform) == 0)
		tmpl_show(d, "SELECTED");
}

static void
add_institute(void *arg, const struct org_institute *o)
{
	struct list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "INSTITUTE_OPT");

	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "NAME", o->name);
	if (strcmp(o->code, l->q->institute) == 0)
		tmpl_show(d, "SELECTED");
}

int
page_desk(struct req *r)
{
	struct db *db = r->app->db;
	struct desk_query q;
	struct scope sc = desk_scope(r);
	struct list l = { 0 };
	struct page pg;
	struct buf qs;
	int rc, over;

	if ((rc = desk_query_read(r, &q)) != 0)
		return rc;
	q.f.with_need = 1;	/* the page shows each row's need; the export does not */
	l.q = &q;
	l.d = page_begin(r, &pg, "工作台", "desk.tpl", "desk");
	tmpl_set(l.d, "USER_NAME", r->signin->user.name);
	tmpl_set(l.d, "SCOPE", sc.role == ROLE_LEADER ? r->signin->user.team_name :
	    sc.role == ROLE_ADMIN || sc.role == ROLE_DISPATCHER ? "全区" :
	    r->signin->user.org_name);
	if (desk_counts(db, &sc, &q.f, add_count, &l, &over) != DB_OK ||
	    desk_list(db, &sc, &q.f, add_row, &l) != DB_OK ||
	    catalog_each_platform(db, add_platform, &l) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (sc.role == ROLE_ADMIN || sc.role == ROLE_DISPATCHER) {
		tmpl_show(l.d, "PLACE_FILTER");
		if (org_each_institute(db, add_institute, &l) != DB_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
	}
	if (sc.role != ROLE_LEADER)
		tmpl_show(l.d, "CAN_ENTER");
	if (sc.role == ROLE_ADMIN)
		tmpl_show(l.d, "IS_ADMIN");
	if (sc.role == ROLE_ADMIN || sc.role == ROLE_LEADER)
		tmpl_show(l.d, "SEES_MEMBERS");
	{
		/* What waits on the two review pages, counted as each lists it. */
		struct place_scope ps = place_scope_of(&r->signin->user);
		int na, nh;
		if (desk_pending(db, &ps, &na, &nh) != DB_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
		if (na > 0) {
			tmpl_set_int(l.d, "APPLICANTS", na);
			tmpl_show(l.d, "HAS_APPLICANTS");
		}
		if (nh > 0) {
			tmpl_set_int(l.d, "HOURS", nh);
			tmpl_show(l.d, "HAS_HOURS");
		}
	}
	if (sc.role == ROLE_ADMIN || sc.role == ROLE_DISPATCHER) {
		int n = followup_open_count(db);
		tmpl_show(l.d, "CENTER");
		if (n > 0) {
			tmpl_set_int(l.d, "FOLLOWUPS", n);
			tmpl_show(l.d, "HAS_FOLLOWUPS");
		}
	}
	buf_init(&qs);
	desk_query_string(&q, &qs);
	{
		/* The count links keep the other filters and change the state. */
		struct desk_query nostate = q;
		struct buf base, href;
		nostate.state[0] = '\0';
		nostate.f.state = NULL;
		buf_init(&base);
		buf_init(&href);
		desk_query_string(&nostate, &base);
		buf_printf(&href, "/desk%s%s", base.len ? "?" : "", base.len ? base.data : "");
		tmpl_set(l.d, "ALL_HREF", href.data);
		for (size_t i = 0; i < sizeof(state_order) / sizeof(state_order[0]); i++) {
			struct tmpl_dict *c = tmpl_add_section(l.d, "COUNT");
			buf_reset(&href);
			buf_printf(&href, "/desk?%s%sstate=%s", base.len ? base.data : "",
			    base.len ? "&" : "", state_order[i]);
			tmpl_set(c, "HREF", href.data);
			tmpl_set(c, "LABEL", order_state_label(state_order[i]));
			/* A search too common to count: no number rather than a wrong one. */
			if (!over) {
				tmpl_set_int(c, "N", l.counts[i]);
				tmpl_show(c, "HAS_N");
			}
			if (q.f.state && strcmp(q.f.state, state_order[i]) == 0)
				tmpl_show(c, "CURRENT");
		}
		buf_free(&base);
		buf_free(&href);
		if (over) {
			tmpl_set_int(l.d, "BOUND", DESK_COUNT_BOUND);
			tmpl_show(l.d, "COUNT_OVER");
		}
	}
	tmpl_set(l.d, "V_FROM", q.from);
	tmpl_set(l.d, "V_TO", q.to);
	tmpl_set(l.d, "V_Q", q.text);
	if (q.f.overdue)
		tmpl_show(l.d, "OVERDUE_CHECKED");
	if (q.problem) {
		tmpl_set(l.d, "PROBLEM", q.problem);
		tmpl_show(l.d, "HAS_PROBLEM");
	}
	tmpl_set(l.d, "EXPORT_QS", qs.data ? qs.data : "");
	{
		struct buf first;
		buf_init(&first);
		buf_printf(&first, "/desk%s%s", qs.len ? "?" : "", qs.len ? qs.data : "");
		tmpl_set(l.d, "FIRST_HREF", first.data);
		buf_free(&first);
	}
	if (l.n == 0)
		tmpl_show(l.d, "EMPTY");
	if (l.n == q.f.limit) {
		struct buf next;
		buf_init(&next);
		buf_printf(&next, "/desk?%s%safter=%lld.%lld", qs.len ? qs.data : "",
		    qs.len ? "&" : "", (long long)l.last_created, (long long)l.last_id);
		tmpl_set(l.d, "NEXT_HREF", next.data);
		tmpl_show(l.d, "HAS_NEXT");
		buf_free(&next);
	}
	if (q.f.after_id)
		tmpl_show(l.d, "NOT_FIRST");
	buf_free(&qs);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

static void
csv_row(void *arg, const struct desk_row *o)
{
	struct export *x = arg;
	struct buf *b = &x->b;
	struct ledger_extra e;
	char when[20], due[20], t[20], hours[32];

	if (ledger_order_extra(x->db, o->id, &e) != DB_OK)
		x->failed = 1;
	time_format_cst(o->created_at, when);
	time_format_cst(o->due_at, due);
	csv_put(b, o->code, 0);
	csv_put(b, order_state_label(o->state), 0);
	csv_put(b, o->service_name, 0);
	csv_put(b, o->platform_name, 0);
	csv_put(b, o->institute_name, 0);
	csv_put(b, o->org_name, 0);
	csv_put(b, o->team_name, 0);
	csv_put(b, when, 0);
	csv_put(b, due, 0);
	csv_put(b, o->overdue ? "是" : "否", 0);
	/* The ledger's columns (台账): who served, hours confirmed, the dates
	 * of each step, the rating. */
	csv_put(b, e.volunteers, 0);
	snprintf(hours, sizeof(hours), "%.2f", (double)e.minutes / 60.0);
	csv_put(b, hours, 0);
	csv_put(b, e.dispatched_at ? (time_format_cst(e.dispatched_at, t), t) : "", 0);
	csv_put(b, e.accepted_at ? (time_format_cst(e.accepted_at, t), t) : "", 0);
	csv_put(b, e.completed_at ? (time_format_cst(e.completed_at, t), t) : "", 0);
	csv_put(b, e.rating ? rating_label(e.rating) : "", 1);
	x->n++;
	x->last_created = o->created_at;
	x->last_id = o->id;
}

int
page_desk_export(struct req *r)
{
	struct desk_query q;
	struct scope sc = desk_scope(r);
	struct export x = { .db = r->app->db };
	int rc;

	if ((rc = desk_query_read(r, &q)) != 0)
		return rc;
	buf_init(&x.b);
	buf_puts(&x.b, "\xef\xbb\xbf");	/* so spreadsheet programs read UTF-8 */
	buf_puts(&x.b, "查询码,状态,服务项目,平台,实践所,服务地点,服务队,提交时间,办理期限,是否超期,"
	    "服务志愿者,确认时长（小时）,派单时间,接单时间,完成时间,评价\r\n");
	q.f.after_id = 0;
	q.f.limit = 1000;
	/* Page through everything the filter holds, 1000 rows at a time. No
	 * contact details: an export leaves the system, a page view does not. */
	do {
		x.n = 0;
		if (desk_list(r->app->db, &sc, &q.f, csv_row, &x) != DB_OK || x.failed) {
			buf_free(&x.b);
			return 500;
		}
		q.f.after_created = x.last_created;
		q.f.after_id = x.last_id;
	} while (x.n == q.f.limit);
	http_header(r, "Content-Type", "text/csv; charset=utf-8");
	http_header(r, "Content-Disposition", "attachment; filename=\"sidan-desk.csv\"");
	http_header(r, "Cache-Control", "no-store");
	http_body(r, x.b.data, x.b.len);
	buf_free(&x.b);
	return 0;
}
