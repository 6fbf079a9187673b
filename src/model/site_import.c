/*
 * site_import.c: adds or updates one site by code inside the caller's
 * transaction (see site_import.h), enforcing the shape of the tree before
 * the database's CHECKs would, so that each refusal has a reason a person
 * can act on.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/site_import.h"

/* A site found by code: its id and kind. */
struct found {
	int64_t	id;
	char	kind[12];
	int	ok;
};

/* Looks code up. Returns DB_OK with f->ok 0 or 1, or an error. */
static enum db_err
find(struct db *db, const char *code, struct found *f)
{
	static const char sql[] = "SELECT id, kind FROM orgs WHERE code = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	memset(f, 0, sizeof(*f));
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->id = sqlite3_column_int64(st, 0);
		snprintf(f->kind, sizeof(f->kind), "%s", db_text(st, 1));
		f->ok = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Returns the code of the center, other than code, into out ("" if none). */
static enum db_err
other_center(struct db *db, const char *code, char *out, size_t len)
{
	static const char sql[] =
	    "SELECT code FROM orgs WHERE kind = 'center' AND code <> ?1 LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	out[0] = '\0';
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(out, len, "%s", db_text(st, 0));
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Returns the division (街道, 镇, 乡) that ends an institute's name, or NULL. */
static const char *
division_of(const char *name)
{
	size_t n = strlen(name);

	if (n >= 6 && strcmp(name + n - 6, "街道") == 0)
		return "街道";
	if (n >= 3 && strcmp(name + n - 3, "镇") == 0)
		return "镇";
	if (n >= 3 && strcmp(name + n - 3, "乡") == 0)
		return "乡";
	return NULL;
}

/* Binds s as text, or NULL. */
static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Returns 1 if a site of kind may hang under a parent of parent_kind
 * ("" for none). */
static int
parent_fits(const char *kind, const char *parent_kind)
{
	if (strcmp(kind, "center") == 0)
		return parent_kind[0] == '\0';
	if (strcmp(kind, "institute") == 0)
		return strcmp(parent_kind, "center") == 0;
	if (strcmp(kind, "station") == 0)
		return strcmp(parent_kind, "institute") == 0;
	return strcmp(parent_kind, "center") == 0 || strcmp(parent_kind, "institute") == 0;
}

enum site_import_result
site_import_row(struct db *db, const struct site_row *row)
{
	static const char ins[] =
	    "INSERT INTO orgs(code, name, kind, division, base_kind, parent_id, address,"
	    " open_hours, office_phone, lat, lon, source, is_demo, sort)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, ''), coalesce(?8, ''),"
	    " coalesce(?9, ''), CASE WHEN ?10 THEN ?11 END, CASE WHEN ?10 THEN ?12 END,"
	    " coalesce(?13, ''), 0, (SELECT coalesce(max(sort), 0) + 1 FROM orgs))";
	static const char upd[] =
	    "UPDATE orgs SET name = ?2, division = coalesce(?4, division),"
	    " base_kind = coalesce(?5, base_kind), parent_id = ?6,"
	    " address = coalesce(?7, address), open_hours = coalesce(?8, open_hours),"
	    " office_phone = coalesce(?9, office_phone),"
	    " lat = CASE WHEN ?10 THEN ?11 ELSE lat END,"
	    " lon = CASE WHEN ?10 THEN ?12 ELSE lon END,"
	    " source = coalesce(?13, source) WHERE code = ?1";
	const int is_base = strcmp(row->kind, "base") == 0;
	struct found self, parent = { 0 };
	sqlite3_stmt *st;
	char center[128];

	if (find(db, row->code, &self) != DB_OK)
		return SITE_DB_ERROR;
	if (self.ok && strcmp(self.kind, row->kind) != 0)
		return SITE_KIND_CHANGED;
	if (strcmp(row->kind, "center") == 0) {
		if (other_center(db, row->code, center, sizeof(center)) != DB_OK)
			return SITE_DB_ERROR;
		if (center[0])
			return SITE_SECOND_CENTER;
		if (row->parent_code && row->parent_code[0])
			return SITE_BAD_PARENT;
	} else {
		if (row->parent_code == NULL || row->parent_code[0] == '\0')
			return SITE_NO_PARENT;
		if (find(db, row->parent_code, &parent) != DB_OK)
			return SITE_DB_ERROR;
		if (!parent.ok)
			return SITE_NO_PARENT;
	}
	if (!parent_fits(row->kind, parent.kind))
		return SITE_BAD_PARENT;
	if (is_base && !self.ok && row->base_kind == NULL)
		return SITE_NEED_BASE_KIND;
	if ((st = db_stmt(db, self.ok ? upd : ins)) == NULL)
		return SITE_DB_ERROR;
	sqlite3_bind_text(st, 1, row->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, row->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, row->kind, -1, SQLITE_STATIC);
	bind_opt(st, 4, strcmp(row->kind, "institute") == 0 ? division_of(row->name) : NULL);
	bind_opt(st, 5, is_base ? row->base_kind : NULL);
	if (parent.ok)
		sqlite3_bind_int64(st, 6, parent.id);
	else
		sqlite3_bind_null(st, 6);
	bind_opt(st, 7, row->address);
	bind_opt(st, 8, row->open_hours);
	bind_opt(st, 9, row->office_phone);
	sqlite3_bind_int(st, 10, row->has_coords);
	sqlite3_bind_double(st, 11, row->lat);
	sqlite3_bind_double(st, 12, row->lon);
	bind_opt(st, 13, row->source);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return SITE_DB_ERROR;
	}
	sqlite3_reset(st);
	return self.ok ? SITE_UPDATED : SITE_ADDED;
}

const char *
site_import_strerror(enum site_import_result e)
{
	static const char *const msg[SITE__MAX] = {
		[SITE_ADDED] = "已新增",
		[SITE_UPDATED] = "已更新",
		[SITE_NO_PARENT] = "上级站点代码 parent_code 在数据库和本文件前面的行中都找不到",
		[SITE_BAD_PARENT] = ("上级站点的类型不对：实践所的上级应是中心，实践站的上级应是实践所，"
		    "基地的上级应是中心或实践所，中心没有上级"),
		[SITE_KIND_CHANGED] = "这个代码已登记为另一种类型的站点，导入不能改变站点类型",
		[SITE_SECOND_CENTER] = "已有一个中心，不能再添加第二个中心",
		[SITE_NEED_BASE_KIND] = "新增基地须在 base_kind 列注明 feature（特色基地）或 volunteer（志愿服务基地）",
		[SITE_DB_ERROR] = "数据库写入失败",
	};
	return e >= 0 && e < SITE__MAX && msg[e] ? msg[e] : "未知错误";
}

const char *
site_office_phone_problem(const char *s)
{
	char d[32];
	size_t n = 0;

	if (strlen(s) > 40)
		return "办公电话太长";
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof(d))
				return "办公电话太长";
			d[n++] = *p;
		} else if (!strchr(" -()", *p) && !(*p == '+' && p == s))
			return "办公电话只能包含数字、空格、连字符和括号，如 0349-5021234";
	}
	d[n] = '\0';
	if (s[0] == '+') {
		if (strncmp(d, "86", 2) != 0)
			return "办公电话应为国内座机号码";
		memmove(d, d + 2, n - 1);
		n -= 2;
	}
	if (n > 4 && memcmp(d, "0086", 4) == 0) {
		memmove(d, d + 4, n - 3);
		n -= 4;
	}
	/* A mobile number, also written with a long-distance 0 (the only area
	 * code starting 01 is Beijing's 010). */
	if ((n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') ||
	    (n == 12 && d[0] == '0' && d[1] == '1' && d[2] >= '3' && d[2] <= '9'))
		return "这是手机号码：办公电话只填单位的座机号码，不填个人手机";
	if ((d[0] == '0' && n >= 10 && n <= 12) ||		/* area code + number */
	    (d[0] != '0' && d[0] != '1' && (n == 7 || n == 8)) ||	/* local number */
	    (n == 10 && (strncmp(d, "400", 3) == 0 || strncmp(d, "800", 3) == 0)))
		return NULL;
	return "办公电话格式不对，应为座机号码，如 0349-5021234";
}

enum valid
site_text_check(const char *s)
{
	return valid_line(s, SITE_TEXT_MAX, 0);
}

/* Parses a decimal number in degrees ("-12.5", "39.33"): digits with at
 * most one point and an optional sign, nothing else. Returns 0 or -1. */
static int
parse_degrees(const char *s, double *out)
{
	const char *p = s;
	int digits = 0, points = 0;
	char *end;

	if (*p == '-' || *p == '+')
		p++;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && points++ == 0)
			continue;
		else
			return -1;
	}
	if (digits == 0 || digits > 20)
		return -1;
	*out = strtod(s, &end);
	return *end == '\0' ? 0 : -1;
}

enum site_pos
site_position_parse(const char *lat, const char *lon, double *lat_out, double *lon_out)
{
	double a, o;

	if (lat[0] == '\0' && lon[0] == '\0')
		return SITE_POS_NONE;
	if (lat[0] == '\0' || lon[0] == '\0')
		return SITE_POS_HALF;
	if (parse_degrees(lat, &a) != 0 || a < -90 || a > 90)
		return SITE_POS_BAD_LAT;
	if (parse_degrees(lon, &o) != 0 || o < -180 || o > 180)
		return SITE_POS_BAD_LON;
	*lat_out = a;
	*lon_out = o;
	return SITE_POS_OK;
}
