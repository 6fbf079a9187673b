/*
 * desk_ledger_xlsx.c: "/desk/ledger.xlsx", the 台账 of a place for a range
 * of days as an Excel workbook: sheets 群众点单, 活动 and 志愿者, each with
 * a bold frozen header row and a 合计 row, written with libxlsxwriter row by
 * row to a private temporary file, then read back and sent. The form and
 * the rows are desk_ledger.c's (desk_ledger.h). A workbook holds at most
 * LEDGER_MAX_XLSX requests; a larger range shows the form again (400).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "http/app.h"
#include "lib/util.h"
#include "model/ledger.h"
#include "model/media.h"
#include "page/desk/desk_ledger.h"
#include "page/part/page.h"

/* The most requests a workbook holds (some 10 MB, built in memory before
 * it is sent). */
#define LEDGER_MAX_XLSX	100000

/* Starts a sheet: its name, a bold frozen header row and column widths. */
static lxw_worksheet *
sheet_begin(lxw_workbook *wb, const char *name, lxw_format *bold,
    const char *const *heads, const double *widths, int n)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);

	if (ws == NULL)
		return NULL;
	for (int i = 0; i < n; i++) {
		worksheet_write_string(ws, 0, i, heads[i], bold);
		worksheet_set_column(ws, i, i, widths[i], NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

/* Writes f's ledger as a workbook at path, row by row (libxlsxwriter's
 * constant memory mode: a row is flushed to a temporary file in tmpdir as
 * soon as the next begins, so a worker holds one row, not the sheet).
 * Returns 0, 500, or 503 if the database is busy. */
static int
workbook_write(struct req *r, const struct lform *f, const char *path, const char *tmpdir)
{
	static const char *const oh[] = { "查询码", "服务项目", "服务地点", "点单渠道", "状态",
	    "服务队", "服务志愿者（统一编号）", "确认时长（小时）", "提交时间", "派单时间",
	    "接单时间", "完成时间", "评价（星）", "满意度" };
	static const double ow[] = { 12, 16, 18, 10, 9, 20, 30, 10, 17, 17, 17, 17, 8, 11 };
	static const char *const ah[] = { "活动", "组织单位", "地点", "开始时间", "报名人数",
	    "签到人数", "签退人数", "确认时长（小时）" };
	static const double aw[] = { 30, 24, 24, 17, 9, 9, 9, 10 };
	static const char *const vh[] = { "统一编号", "姓名", "服务队", "确认时长（小时）", "积分" };
	static const double vw[] = { 16, 10, 30, 10, 8 };
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir };
	lxw_workbook *wb;
	lxw_format *bold, *fdate, *fhours, *btotal, *bhours;
	struct sink k = { .pph = r->app->cfg->points_per_hour };
	char text[64], title[NAME_SIZE + 64];
	enum db_err e = DB_OK;

	if ((wb = workbook_new_opt(path, &opt)) == NULL)
		return 500;
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_bottom(bold, LXW_BORDER_THIN);
	fdate = workbook_add_format(wb);
	format_set_num_format(fdate, "yyyy-mm-dd hh:mm");
	fhours = workbook_add_format(wb);
	format_set_num_format(fhours, "0.00");
	btotal = workbook_add_format(wb);
	format_set_bold(btotal);
	format_set_top(btotal, LXW_BORDER_THIN);
	bhours = workbook_add_format(wb);
	format_set_bold(bhours);
	format_set_top(bhours, LXW_BORDER_THIN);
	format_set_num_format(bhours, "0.00");
	k.fdate = fdate;
	k.fhours = fhours;
	snprintf(title, sizeof(title), "台账：%s %s 至 %s", f->place_name, f->day_from, f->day_to);
	workbook_set_properties(wb, &(lxw_doc_properties){ .title = title });

	k.ws = sheet_begin(wb, "群众点单", bold, oh, ow, 14);
	if (k.ws == NULL || (e = ledger_orders(r->app->db, &f->rg, sink_add_order, &k)) != DB_OK)
		goto fail;
	k.row++;
	worksheet_write_string(k.ws, k.row, 0, "合计", btotal);
	snprintf(text, sizeof(text), "共 %d 件，已完成 %d 件", k.orders, k.done);
	worksheet_write_string(k.ws, k.row, 1, text, btotal);
	worksheet_write_number(k.ws, k.row, 7, (double)k.order_minutes / 60.0, bhours);
	snprintf(text, sizeof(text), "已评价 %d 件，满意 %d 件", k.rated, k.satisfied);
	worksheet_write_string(k.ws, k.row, 12, text, btotal);

	k.ws = sheet_begin(wb, "活动", bold, ah, aw, 8);
	k.row = 0;
	if (k.ws == NULL || (e = ledger_activities(r->app->db, &f->rg, sink_add_activity, &k)) != DB_OK)
		goto fail;
	k.row++;
	worksheet_write_string(k.ws, k.row, 0, "合计", btotal);
	snprintf(text, sizeof(text), "共 %d 项", k.activities);
	worksheet_write_string(k.ws, k.row, 1, text, btotal);
	worksheet_write_number(k.ws, k.row, 4, k.signups, btotal);
	worksheet_write_number(k.ws, k.row, 5, k.signed_in, btotal);
	worksheet_write_number(k.ws, k.row, 6, k.signed_out, btotal);
	worksheet_write_number(k.ws, k.row, 7, (double)k.activity_minutes / 60.0, bhours);

	k.ws = sheet_begin(wb, "志愿者", bold, vh, vw, 5);
	k.row = 0;
	if (k.ws == NULL || (e = ledger_volunteers(r->app->db, &f->rg, sink_add_volunteer, &k)) != DB_OK)
		goto fail;
	k.row++;
	worksheet_write_string(k.ws, k.row, 0, "合计", btotal);
	snprintf(text, sizeof(text), "共 %d 人", k.volunteers);
	worksheet_write_string(k.ws, k.row, 1, text, btotal);
	worksheet_write_number(k.ws, k.row, 3, (double)k.volunteer_minutes / 60.0, bhours);
	worksheet_write_number(k.ws, k.row, 4, (double)k.points, btotal);

	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 500;
fail:
	workbook_close(wb);
	return e == DB_BUSY || e == DB_FULL ? 503 : 500;
}

/* Reads the file at path into b. Returns 0 or -1. */
static int
file_read(const char *path, struct buf *b)
{
	char chunk[16384];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* GET /desk/ledger.xlsx: the chosen ledger as a workbook to download, or
 * the form with the reason it cannot be. Returns 0 or the status. */
int
page_desk_ledger_xlsx(struct req *r)
{
	struct lform f;
	struct buf b;
	char dir[600], path[700], name[160], disp[220];
	int rc, fd;

	if ((rc = lform_read(r, &f, NULL)) != 0)
		return rc;
	if (f.nerrors)
		return lform_page(r, NULL);
	if (lform_too_big(r, &f, LEDGER_MAX_XLSX, "一份 Excel 台账", &rc))
		return rc;
	/* libxlsxwriter writes a file: a private temporary one, read back and
	 * removed. */
	media_tmpdir(r->app->media_dir, dir, sizeof(dir));
	if ((size_t)snprintf(path, sizeof(path), "%s/ledger-XXXXXX", dir) >= sizeof(path) ||
	    (fd = mkstemp(path)) < 0) {
		snprintf(dir, sizeof(dir), "/tmp");
		snprintf(path, sizeof(path), "/tmp/sidan-ledger-XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			return 500;
	}
	close(fd);
	rc = workbook_write(r, &f, path, dir);
	buf_init(&b);
	if (rc == 0 && file_read(path, &b) != 0)
		rc = 500;
	unlink(path);
	if (rc != 0) {
		buf_free(&b);
		return rc;
	}
	snprintf(name, sizeof(name), "ledger-%s-%s.xlsx", f.place_code, f.label);
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", name);
	http_header(r, "Content-Type",
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	http_header(r, "Content-Disposition", disp);
	http_header(r, "Cache-Control", "no-store");
	http_body(r, b.data, b.len);
	buf_free(&b);
	return 0;
}
