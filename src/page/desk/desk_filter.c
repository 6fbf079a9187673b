/*
 * desk_filter.c: the desk's filters (see desk_filter.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/catalog.h"
#include "model/code.h"
#include "model/order_state.h"
#include "model/org.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/desk/desk_filter.h"

struct scope
desk_scope(const struct req *r)
{
	struct scope sc = {
		.role = r->signin->user.role,
		.org_id = r->signin->user.org_id,
		.team_id = r->signin->user.team_id,
	};
	return sc;
}

/* Parses "YYYY-MM-DD" as the start of that day in Beijing. Returns the unix
 * time, or -1. */
static int64_t
parse_day(const char *s)
{
	int y, m, d;
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 2000 || y > 2100)
		return -1;
	return time_from_cst(y, m, d, 0, 0);
}

/* Copies the query value name into out (trimmed), "" if absent. */
static void
get(struct req *r, const char *name, char *out, size_t len)
{
	const char *v = kv_get(&r->query, name);
	char *t = str_trim(v ? v : "");

	snprintf(out, len, "%s", t);
	free(t);
}

/* Copies a found platform's id into arg (an int64_t). */
static void
platform_id_of(void *arg, const struct platform *p)
{
	*(int64_t *)arg = p->id;
}

int
desk_query_read(struct req *r, struct desk_query *q)
{
	struct db *db = r->app->db;
	struct org_ref ref;
	const char *after = kv_get(&r->query, "after");
	const char *overdue = kv_get(&r->query, "overdue");
	int found;

	memset(q, 0, sizeof(*q));
	q->f.limit = 50;
	get(r, "state", q->state, sizeof(q->state));
	get(r, "platform", q->platform, sizeof(q->platform));
	get(r, "institute", q->institute, sizeof(q->institute));
	get(r, "station", q->station, sizeof(q->station));
	get(r, "from", q->from, sizeof(q->from));
	get(r, "to", q->to, sizeof(q->to));
	get(r, "q", q->text, sizeof(q->text));
	if (q->state[0]) {
		if (order_state_known(q->state))
			q->f.state = q->state;
		else {
			q->problem = "状态";
			q->state[0] = '\0';
		}
	}
	if (q->platform[0]) {
		if (catalog_find_platform(db, q->platform, platform_id_of, &q->f.platform_id) != DB_OK)
			return 500;
		if (q->f.platform_id == 0)
			q->problem = "平台";
	}
	if (q->institute[0]) {
		if (org_by_code(db, q->institute, &ref, &found) != DB_OK)
			return 500;
		if (found && strcmp(ref.kind, "institute") == 0)
			q->f.institute_id = ref.id;
		else
			q->problem = "实践所";
	}
	if (q->station[0]) {
		if (org_by_code(db, q->station, &ref, &found) != DB_OK)
			return 500;
		if (found && strcmp(ref.kind, "station") == 0)
			q->f.station_id = ref.id;
		else
			q->problem = "实践站";
	}
	if (q->from[0] && (q->f.from = parse_day(q->from)) < 0) {
		q->f.from = 0;
		q->problem = "开始日期";
	}
	if (q->to[0]) {
		int64_t t = parse_day(q->to);
		if (t < 0)
			q->problem = "结束日期";
		else
			q->f.to = t + 86400;	/* through the whole day */
	}
	if (q->text[0]) {
		/* A tracking code as residents read it out: ABC-DEF-GHJ, any case. */
		char code[CODE_LEN + 1];
		if (code_parse(q->text, code) == 0)
			snprintf(q->code, sizeof(q->code), "%s", code);
		/* A phone number as it was written down: 139 1234 0061, 0349-5021234. */
		else if (phone_read(q->text, PHONE_ANY, q->phone) != VALID_OK)
			q->phone[0] = '\0';
		q->f.text = q->code[0] ? q->code : q->phone[0] ? q->phone : q->text;
		q->f.text_kind = q->code[0] ? DESK_TEXT_CODE : q->phone[0] ? DESK_TEXT_PHONE :
		    DESK_TEXT_WORDS;
	}
	q->f.overdue = overdue && strcmp(overdue, "1") == 0;
	if (after) {
		long long c, id;
		char tail;
		if (sscanf(after, "%lld.%lld%c", &c, &id, &tail) == 2 && c > 0 && id > 0) {
			q->f.after_created = c;
			q->f.after_id = id;
		}
	}
	return 0;
}

void
desk_query_string(const struct desk_query *q, struct buf *b)
{
	static const char *const names[] = { "state", "platform", "institute",
		"station", "from", "to", "q" };
	const char *vals[] = { q->state, q->platform, q->institute, q->station,
		q->from, q->to, q->text };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (vals[i][0] == '\0')
			continue;
		buf_printf(b, "%s%s=", b->len ? "&" : "", names[i]);
		url_encode(b, vals[i]);
	}
	if (q->f.overdue)
		buf_printf(b, "%soverdue=1", b->len ? "&" : "");
}
