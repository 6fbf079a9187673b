/*
 * volunteer_record.c: a volunteer's record of service as a CSV to take
 * elsewhere ("hours that travel"): "/v/me/hours.csv" for the signed-in
 * volunteer's own, "/desk/members/{id}/hours.csv" for staff whose scope
 * holds the volunteer. One row per confirmed record, in the columns the
 * README's "Hours that travel" explains; UTF-8 with a BOM for Excel.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "lib/csv.h"
#include "http/session.h"
#include "model/hours.h"
#include "model/scope.h"
#include "model/volunteer.h"
#include "page/part/page.h"

static const char header[] =
    "志愿者编号,姓名,服务日期,开始时间,结束时间,服务时长（小时）,服务地点,"
    "服务项目/活动名称,服务内容,记录单位,确认人,确认时间\r\n";

/* Appends one confirmed record as a row. */
static void
add_row(void *arg, const struct hour_export *x)
{
	struct buf *b = arg;
	char start[20], end[20], confirmed[20], hours[24];

	time_format_cst(x->started_at, start);
	time_format_cst(x->ended_at, end);
	time_format_cst(x->confirmed_at, confirmed);
	/* Hours with two decimals, rounded to the nearest hundredth. */
	snprintf(hours, sizeof(hours), "%d.%02d", x->minutes / 60,
	    ((x->minutes % 60) * 100 + 30) / 60);
	/* To the minute: "YYYY-MM-DD HH:MM". */
	start[16] = end[16] = confirmed[16] = '\0';
	csv_put(b, x->number, 0);
	csv_put(b, x->name, 0);
	start[10] = '\0';
	csv_put(b, start, 0);
	csv_put(b, start + 11, 0);
	csv_put(b, end + 11, 0);
	csv_put(b, hours, 0);
	csv_put(b, x->place, 0);
	csv_put(b, x->item, 0);
	csv_put(b, x->what, 0);
	csv_put(b, x->organiser, 0);
	csv_put(b, x->confirmer, 0);
	csv_put(b, confirmed, 1);
}

/* Answers the CSV of volunteer vid (number names the file). Returns 0 or
 * a status. */
static int
send_record(struct req *r, int64_t vid, const char *number)
{
	struct buf b;
	char disp[96];

	buf_init(&b);
	buf_puts(&b, "\xef\xbb\xbf");	/* so Excel reads UTF-8 */
	buf_puts(&b, header);
	if (hours_each_export(r->app->db, vid, add_row, &b) != DB_OK) {
		buf_free(&b);
		return 500;
	}
	/* The number is letters and digits only (SC2026000001). */
	snprintf(disp, sizeof(disp), "attachment; filename=\"hours-%s.csv\"",
	    number[0] ? number : "volunteer");
	http_header(r, "Content-Type", "text/csv; charset=utf-8");
	http_header(r, "Content-Disposition", disp);
	http_header(r, "Cache-Control", "no-store");
	http_body(r, b.data, b.len);
	buf_free(&b);
	return 0;
}

/* GET "/v/me/hours.csv": the signed-in volunteer's own record. */
int
page_vme_hours_csv(struct req *r)
{
	const struct volunteer *v = &r->volunteer->v;

	return send_record(r, v->id, v->number);
}

/* GET "/desk/members/{id}/hours.csv": a volunteer's record for staff whose
 * scope holds them (their place under the staff member's, as the desk's
 * volunteer pages check); 404 for anyone else's, as for no such volunteer. */
int
page_desk_member_hours_csv(struct req *r)
{
	struct place_scope sc = place_scope_of(&r->signin->user);
	struct volunteer v;
	enum model_err e;
	int in;

	if ((in = volunteer_in_scope(r->app->db, &sc, r->path_id)) < 0)
		return 500;
	if (in == 0)
		return 404;
	if ((e = volunteer_by_id(r->app->db, r->path_id, &v)) != MODEL_OK)
		return e == MODEL_NOT_FOUND ? 404 : 500;
	/* Only volunteers (approved, or stood down) have a record. */
	if (strcmp(v.status, "approved") != 0 && strcmp(v.status, "disabled") != 0)
		return 404;
	return send_record(r, v.id, v.number);
}
