/*
 * open311_out.c: writing Open311 answers (see open311_out.h): each answer is
 * built once as a cJSON tree and written either as JSON by cJSON or as XML
 * through xml.c, so both formats always carry the same fields; errors in
 * the spec's list form; and the ISO 8601 times (+08:00) of open311.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "http/app.h"
#include "model/apikey.h"
#include "model/order.h"
#include "model/order_list.h"
#include "model/order_state.h"
#include "model/org.h"
#include "model/service.h"
#include "page/part/page.h"
#include "lib/validate.h"
#include "api/open311.h"
#include "api/xml.h"
#include "api/open311_out.h"


/* Splits file ("name.ext") and returns its format; name is the part before
 * the last '.' when the format is known, else "". */
enum fmt
o311_fmt_split(const char *file, char *name, size_t len)
{
	const char *dot = strrchr(file, '.');
	enum fmt f = FMT_NONE;

	name[0] = '\0';
	if (dot && strcmp(dot, ".json") == 0)
		f = FMT_JSON;
	else if (dot && strcmp(dot, ".xml") == 0)
		f = FMT_XML;
	if (f != FMT_NONE && (size_t)(dot - file) < len && dot > file)
		snprintf(name, len, "%.*s", (int)(dot - file), file);
	return name[0] ? f : FMT_NONE;
}


/* Adds item to parent, under key for an object or at the end of an array
 * (key NULL). Returns item, or NULL (freeing it) and marks t failed. */
cJSON *
o311_put(struct tree *t, cJSON *parent, const char *key, cJSON *item)
{
	if (item == NULL || parent == NULL ||
	    !(key ? cJSON_AddItemToObject(parent, key, item) :
	    cJSON_AddItemToArray(parent, item))) {
		cJSON_Delete(item);
		t->failed = 1;
		return NULL;
	}
	return item;
}

/* Adds a string member; returns what put returns. */
cJSON *
o311_put_str(struct tree *t, cJSON *obj, const char *key, const char *s)
{
	return o311_put(t, obj, key, cJSON_CreateString(s));
}

/* Adds a time member, as Open311 writes times. */
void
o311_put_time(struct tree *t, cJSON *obj, const char *key, int64_t at)
{
	char when[OPEN311_TIME_LEN + 1];

	open311_time_format(at, when);
	o311_put_str(t, obj, key, when);
}

/* The element name of an item of the XML list named list. */
static const char *
xml_item(const char *list)
{
	static const struct {
		const char *list, *item;
	} items[] = {
		{ "endpoints", "endpoint" },
		{ "formats", "format" },
		{ "attributes", "attribute" },
		{ "values", "value" },
	};

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (strcmp(items[i].list, list) == 0)
			return items[i].item;
	return "item";
}

/* Writes v as the element tag; an array's items are elements named item
 * (or by xml_item when item is NULL). */
static void
xml_node(struct buf *b, const char *tag, const cJSON *v, const char *item)
{
	const cJSON *c;
	char num[32];

	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		xml_open(b, tag);
		cJSON_ArrayForEach(c, v)
			xml_node(b, cJSON_IsArray(v) ? (item ? item : xml_item(tag)) :
			    c->string, c, NULL);
		xml_close(b, tag);
	} else if (cJSON_IsString(v))
		xml_elem(b, tag, v->valuestring);
	else if (cJSON_IsBool(v))
		xml_elem(b, tag, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v)) {
		/* As cJSON writes numbers: the shortest of 15 or 17 digits. */
		snprintf(num, sizeof(num), "%1.15g", v->valuedouble);
		if (strtod(num, NULL) != v->valuedouble)
			snprintf(num, sizeof(num), "%1.17g", v->valuedouble);
		xml_elem(b, tag, num);
	} else
		xml_elem(b, tag, NULL);
}

/*
 * Answers status with tree t (freed here) in format f. root and item name
 * the XML document element and, if t is a list, its items. Returns 0, or
 * 500 if the tree is incomplete or cannot be written.
 */
int
o311_send_tree(struct req *r, enum fmt f, int status, struct tree *t,
    const char *root, const char *item)
{
	struct buf b;
	char *json;

	if (t->failed || t->root == NULL) {
		cJSON_Delete(t->root);
		return 500;
	}
	http_status(r, status);
	if (f == FMT_XML) {
		http_header(r, "Content-Type", "text/xml; charset=utf-8");
		buf_init(&b);
		xml_begin(&b);
		xml_node(&b, root, t->root, item);
		buf_puts(&b, "\n");
		http_body(r, b.data, b.len);
		buf_free(&b);
	} else {
		if ((json = cJSON_PrintUnformatted(t->root)) == NULL) {
			cJSON_Delete(t->root);
			return 500;
		}
		http_header(r, "Content-Type", "application/json; charset=utf-8");
		http_body_str(r, json);
		cJSON_free(json);
	}
	cJSON_Delete(t->root);
	return 0;
}

/* Adds one error {code, description} to the list t. */
void
o311_error_add(struct tree *t, int code, const char *description)
{
	cJSON *e = o311_put(t, t->root, NULL, cJSON_CreateObject());

	o311_put(t, e, "code", cJSON_CreateNumber(code));
	o311_put_str(t, e, "description", description);
}

/* Answers status with the error list t (freed here). Returns 0 or 500. */
int
o311_send_errors(struct req *r, enum fmt f, int status, struct tree *t)
{
	http_header(r, "Cache-Control", "no-store");
	return o311_send_tree(r, f, status, t, "errors", "error");
}

/* Answers status with one error. Returns 0 or 500. */
int
o311_send_error(struct req *r, enum fmt f, int status, const char *description)
{
	struct tree t = { cJSON_CreateArray(), 0 };

	o311_error_add(&t, status, description);
	return o311_send_errors(r, f == FMT_NONE ? FMT_JSON : f, status, &t);
}

int
open311_error(struct req *r, int status)
{
	static const struct { int status; const char *text; } texts[] = {
		{ 400, "请求格式不对：参数重复、编码错误或内容不完整" },
		{ 403, "没有权限" },
		{ 404, "没有这个接口或资源" },
		{ 405, "不支持这个请求方法" },
		{ 413, "请求内容太大" },
		{ 415, "不支持的内容类型：请用 application/x-www-form-urlencoded" },
		{ 429, "请求太频繁，请稍后再试" },
		{ 503, "系统正忙，请稍后重试" },
	};
	const char *text = "服务器内部错误，请稍后重试", *last;
	char name[64];
	enum fmt f;

	if (r->path == NULL || strncmp(r->path, "/open311/", 9) != 0)
		return 0;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i].status == status)
			text = texts[i].text;
	if (status < 400 || status > 599)
		status = 500;
	last = strrchr(r->path, '/');
	f = o311_fmt_split(last + 1, name, sizeof(name));
	http_reset(r);
	if (status == 405 && r->allow[0])
		http_header(r, "Allow", r->allow);
	if (status == 503)
		http_header(r, "Retry-After", "5");
	return o311_send_error(r, f, status, text) == 0;
}

/* Answers a database failure: 503 with Retry-After when it is busy or the
 * disk is full, else 500. Returns 0 or 500. */
int
o311_send_db_error(struct req *r, enum fmt f, int busy)
{
	if (!busy)
		return o311_send_error(r, f, 500, "服务器内部错误，请稍后重试");
	http_header(r, "Retry-After", "5");
	return o311_send_error(r, f, 503, "系统正忙，请稍后重试");
}

void
open311_time_format(int64_t t, char out[OPEN311_TIME_LEN + 1])
{
	char cst[20];

	time_format_cst(t, cst);	/* "YYYY-MM-DD HH:MM:SS" */
	cst[10] = 'T';
	snprintf(out, OPEN311_TIME_LEN + 1, "%s+08:00", cst);
}

/* Reads exactly n digits at s into *v. Returns 0, or -1. */
static int
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d. */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int
open311_time_parse(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 8, om = 0, sign = 1, leap;
	const char *p = s;

	if (digits(p, 4, &y) || p[4] != '-' || digits(p + 5, 2, &mo) ||
	    p[7] != '-' || digits(p + 8, 2, &d))
		return -1;
	p += 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi))
			return -1;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec))
				return -1;
			p += 3;
			if (*p == '.' || *p == ',') {
				if (p[1] < '0' || p[1] > '9')
					return -1;
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			oh = 0;
			p++;
		} else if (*p == '+' || *p == '-' || *p == ' ') {
			sign = *p == '-' ? -1 : 1;
			if (digits(p + 1, 2, &oh))
				return -1;
			p += 3;
			if (*p == ':' && digits(p + 1, 2, &om) == 0)
				p += 3;
			else if (digits(p, 2, &om) == 0)
				p += 2;
			else
				om = 0;
		}
	}
	if (*p != '\0')
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap) || h > 23 || mi > 59 ||
	    sec > 59 || oh > 14 || om > 59)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	return 0;
}

int
o311_date_range(struct tree *t, const char *sd, const char *ed, int64_t *start, int64_t *end)
{
	int bad = 0;

	if (sd && open311_time_parse(sd, start) != 0) {
		o311_error_add(t, 400, "start_date须是ISO 8601时间，例如2026-11-28T20:06:56+08:00");
		bad = 1;
	}
	if (ed && open311_time_parse(ed, end) != 0) {
		o311_error_add(t, 400, "end_date须是ISO 8601时间，例如2026-11-28T20:06:56+08:00");
		bad = 1;
	}
	if (!bad && sd && ed && *start > *end) {
		o311_error_add(t, 400, "start_date不能晚于end_date");
		bad = 1;
	} else if (!bad && sd && ed && *end - *start > DAYS_90) {
		o311_error_add(t, 400, "start_date到end_date不能超过90天");
		bad = 1;
	}
	return bad ? -1 : 0;
}
