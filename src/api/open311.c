/*
 * open311.c: the Open311 GeoReport v2 API (see open311.h). Each answer is
 * built once as a cJSON tree and written either as JSON by cJSON or as XML
 * through xml.c, so both formats always carry the same fields. The list of
 * requests is public: it shows the place only as "所 站" names and codes,
 * never the resident's name, phone, email, address detail or need text.
 * A new request is checked with the validators the web form uses.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "../app.h"
#include "../model/apikey.h"
#include "../model/order.h"
#include "../model/order_list.h"
#include "../model/order_state.h"
#include "../model/org.h"
#include "../model/service.h"
#include "../page/page.h"
#include "../validate.h"
#include "open311.h"
#include "xml.h"

#define AGENCY		"朔城区新时代文明实践中心"
#define SPEC_URL	"http://wiki.open311.org/GeoReport_v2"
#define CHANGESET	"2026-11-28T20:00:00+08:00"	/* when this API last changed */
#define DAYS_90		(90 * 86400)

/* What a path's extension asks for. */
enum fmt {
	FMT_NONE = 0,
	FMT_JSON,
	FMT_XML,
};

/* Splits file ("name.ext") and returns its format; name is the part before
 * the last '.' when the format is known, else "". */
static enum fmt
fmt_split(const char *file, char *name, size_t len)
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

/* A response tree being built; failed is set when any part could not be. */
struct tree {
	cJSON	*root;
	int	 failed;
};

/* Adds item to parent, under key for an object or at the end of an array
 * (key NULL). Returns item, or NULL (freeing it) and marks t failed. */
static cJSON *
put(struct tree *t, cJSON *parent, const char *key, cJSON *item)
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
static cJSON *
put_str(struct tree *t, cJSON *obj, const char *key, const char *s)
{
	return put(t, obj, key, cJSON_CreateString(s));
}

/* Adds a time member, as Open311 writes times. */
static void
put_time(struct tree *t, cJSON *obj, const char *key, int64_t at)
{
	char when[OPEN311_TIME_LEN + 1];

	open311_time_format(at, when);
	put_str(t, obj, key, when);
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
static int
send_tree(struct req *r, enum fmt f, int status, struct tree *t,
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
static void
error_add(struct tree *t, int code, const char *description)
{
	cJSON *e = put(t, t->root, NULL, cJSON_CreateObject());

	put(t, e, "code", cJSON_CreateNumber(code));
	put_str(t, e, "description", description);
}

/* Answers status with the error list t (freed here). Returns 0 or 500. */
static int
send_errors(struct req *r, enum fmt f, int status, struct tree *t)
{
	http_header(r, "Cache-Control", "no-store");
	return send_tree(r, f, status, t, "errors", "error");
}

/* Answers status with one error. Returns 0 or 500. */
static int
send_error(struct req *r, enum fmt f, int status, const char *description)
{
	struct tree t = { cJSON_CreateArray(), 0 };

	error_add(&t, status, description);
	return send_errors(r, f == FMT_NONE ? FMT_JSON : f, status, &t);
}

/* Answers a database failure: 503 with Retry-After when it is busy or the
 * disk is full, else 500. Returns 0 or 500. */
static int
send_db_error(struct req *r, enum fmt f, int busy)
{
	if (!busy)
		return send_error(r, f, 500, "服务器内部错误，请稍后重试");
	http_header(r, "Retry-After", "5");
	return send_error(r, f, 503, "系统正忙，请稍后重试");
}

/* GET discovery: where the API is and how to get a key. */
static int
discovery(struct req *r, enum fmt f)
{
	struct tree t = { cJSON_CreateObject(), 0 };
	cJSON *ends, *e, *fm;
	char base[200], url[256];

	snprintf(url, sizeof(url), "%s/open311/v2", page_base_url(r, base, sizeof(base)));
	put_str(&t, t.root, "changeset", CHANGESET);
	put_str(&t, t.root, "contact", AGENCY);
	put_str(&t, t.root, "key_service", "API密钥请向" AGENCY "申请，由中心管理员用"
	    "“sidan apikey add 名称”生成；提交申请时以api_key字段提供。");
	ends = put(&t, t.root, "endpoints", cJSON_CreateArray());
	e = put(&t, ends, NULL, cJSON_CreateObject());
	put_str(&t, e, "specification", SPEC_URL);
	put_str(&t, e, "url", url);
	put_str(&t, e, "changeset", CHANGESET);
	put_str(&t, e, "type", "production");
	fm = put(&t, e, "formats", cJSON_CreateArray());
	put_str(&t, fm, NULL, "application/json");
	put_str(&t, fm, NULL, "text/xml");
	http_header(r, "Cache-Control", "no-cache");
	return send_tree(r, f, 200, &t, "discovery", NULL);
}

/* Adds one service to the list (service_each callback). */
static void
add_service(void *arg, const struct service *s)
{
	struct tree *t = arg;
	cJSON *o = put(t, t->root, NULL, cJSON_CreateObject());

	put_str(t, o, "service_code", s->code);
	put_str(t, o, "service_name", s->name);
	put_str(t, o, "description", s->summary);
	/* metadata: every service asks for a phone number (and consent). */
	put(t, o, "metadata", cJSON_CreateTrue());
	put_str(t, o, "type", "realtime");
	put_str(t, o, "keywords", s->platform_name);
	put_str(t, o, "group", s->platform_name);
}

/* GET services: every active service. */
static int
services(struct req *r, enum fmt f)
{
	struct tree t = { cJSON_CreateArray(), 0 };
	enum db_err e = service_each(r->app->db, add_service, &t);

	if (e != DB_OK) {
		cJSON_Delete(t.root);
		return send_db_error(r, f, e == DB_BUSY || e == DB_FULL);
	}
	http_header(r, "Cache-Control", "no-cache");
	return send_tree(r, f, 200, &t, "services", "service");
}

/* Adds one attribute of a service definition; returns it (NULL if out of memory). */
static cJSON *
add_attribute(struct tree *t, cJSON *list, const char *code, const char *datatype,
    int required, const char *dtdesc, int order, const char *description)
{
	cJSON *a = put(t, list, NULL, cJSON_CreateObject());

	put(t, a, "variable", cJSON_CreateTrue());
	put_str(t, a, "code", code);
	put_str(t, a, "datatype", datatype);
	put(t, a, "required", cJSON_CreateBool(required));
	put_str(t, a, "datatype_description", dtdesc);
	put(t, a, "order", cJSON_CreateNumber(order));
	put_str(t, a, "description", description);
	return a;
}

/* Fills the service definition (service_find callback): every service
 * takes the same attributes beyond the spec's fields. */
static void
add_definition(void *arg, const struct service *s)
{
	struct tree *t = arg;
	cJSON *list, *a, *vals, *v;

	put_str(t, t->root, "service_code", s->code);
	list = put(t, t->root, "attributes", cJSON_CreateArray());
	add_attribute(t, list, "phone", "string", 1, "中国大陆手机号，11位，以13至19开头",
	    1, "联系手机号（也可用标准字段phone提交），只用于办理本次申请，不公开");
	a = add_attribute(t, list, "consent", "singlevaluelist", 1, "须选yes", 2,
	    "居民同意使用联系方式");
	vals = put(t, a, "values", cJSON_CreateArray());
	v = put(t, vals, NULL, cJSON_CreateObject());
	put_str(t, v, "key", "yes");
	put_str(t, v, "name", "同意文明实践中心和服务志愿者使用联系方式办理本次申请");
	add_attribute(t, list, "station", "string", 0, "实践站或实践所的代码，同address_id",
	    3, "所在实践站（或实践所）");
	add_attribute(t, list, "wanted_time", "string", 0, "不超过40个字，例如：周六上午",
	    4, "希望服务时间");
}

/* GET services/{service_code}: the service's definition, or 404. */
int
open311_get_service(struct req *r)
{
	struct tree t = { cJSON_CreateObject(), 0 };
	char code[64];
	enum fmt f = fmt_split(r->params[0], code, sizeof(code));
	enum db_err e;

	if (f == FMT_NONE) {
		cJSON_Delete(t.root);
		return send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	}
	if ((e = service_find(r->app->db, code, add_definition, &t)) != DB_OK) {
		cJSON_Delete(t.root);
		return send_db_error(r, f, e == DB_BUSY || e == DB_FULL);
	}
	if (t.root && t.root->child == NULL && !t.failed) {
		cJSON_Delete(t.root);
		return send_error(r, f, 404, "没有这个服务项目（service_code不存在）");
	}
	http_header(r, "Cache-Control", "no-cache");
	return send_tree(r, f, 200, &t, "service_definition", NULL);
}

/* Adds one request to the public list (order_list callback). */
static void
add_request(void *arg, const struct order_public *o)
{
	struct tree *t = arg;
	cJSON *x = put(t, t->root, NULL, cJSON_CreateObject());
	char notes[400], place[260], deg[32];

	snprintf(notes, sizeof(notes), "%s%s%s", order_state_label(o->state),
	    o->reason[0] ? "：" : "", o->reason);
	snprintf(place, sizeof(place), "%s%s%s", o->institute_name,
	    o->institute_name[0] ? " " : "", o->org_name);
	put_str(t, x, "service_request_id", o->code);
	put_str(t, x, "status", order_state_open311(o->state));
	put_str(t, x, "status_notes", notes);
	put_str(t, x, "service_name", o->service_name);
	put_str(t, x, "service_code", o->service_code);
	put_str(t, x, "agency_responsible", AGENCY);
	put_time(t, x, "requested_datetime", o->created_at);
	put_time(t, x, "updated_datetime", o->updated_at);
	put_time(t, x, "expected_datetime", o->due_at);
	put_str(t, x, "address", place);
	put_str(t, x, "address_id", o->org_code);
	if (o->has_geo) {
		/* Published to about 1 km (two decimals): a point sent with a
		 * request may be the resident's home, which is personal data. */
		snprintf(deg, sizeof(deg), "%.2f", o->lat);
		put(t, x, "lat", cJSON_CreateNumber(strtod(deg, NULL)));
		snprintf(deg, sizeof(deg), "%.2f", o->lon);
		put(t, x, "long", cJSON_CreateNumber(strtod(deg, NULL)));
	}
}

/* Answers the requests q selects (an empty list is an answer too), or 404
 * for none when one404 is set. Returns 0 or 500. */
static int
send_requests(struct req *r, enum fmt f, const struct order_query *q, int one404)
{
	struct tree t = { cJSON_CreateArray(), 0 };
	enum order_err e = order_list(r->app->db, q, add_request, &t);

	if (e != ORDER_OK) {
		cJSON_Delete(t.root);
		return send_db_error(r, f, e == ORDER_BUSY || e == ORDER_FULL);
	}
	if (one404 && t.root && t.root->child == NULL && !t.failed) {
		cJSON_Delete(t.root);
		return send_error(r, f, 404, "没有这个申请（service_request_id不存在）");
	}
	http_header(r, "Cache-Control", "no-cache");
	return send_tree(r, f, 200, &t, "service_requests", "request");
}

/* Copies the next comma-separated item of *s, without surrounding spaces,
 * into out (size len), and moves *s past its comma, or sets it to NULL
 * after the last item. Returns 0, or -1 if the item does not fit. */
static int
list_next(const char **s, char *out, size_t len)
{
	const char *p = *s, *end = p + strcspn(p, ","), *next;
	size_t n;

	next = *end ? end + 1 : NULL;
	while (p < end && *p == ' ')
		p++;
	while (end > p && end[-1] == ' ')
		end--;
	if ((n = (size_t)(end - p)) >= len)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	*s = next;
	return 0;
}

/* Returns the value of the query field name, or NULL when absent or empty. */
static const char *
query_get(struct req *r, const char *name)
{
	const char *v = kv_get(&r->query, name);

	return v && *v ? v : NULL;
}

/* GET requests: the public list, with Open311's filters. */
static int
requests(struct req *r, enum fmt f)
{
	const char *ids = query_get(r, "service_request_id");
	const char *status = query_get(r, "status");
	const char *sd = query_get(r, "start_date"), *ed = query_get(r, "end_date");
	char codes[ORDER_LIST_CODES_MAX][CODE_LEN + 1], item[64];
	const char *codev[ORDER_LIST_CODES_MAX];
	struct order_query q = {
		.codes = codev, .service_code = query_get(r, "service_code"),
		.limit = ORDER_LIST_MAX,
	};
	struct tree errs = { cJSON_CreateArray(), 0 };
	int64_t start = 0, end = 0, now = now_unix();
	int bad = 0;

	while (ids) {
		if (list_next(&ids, item, sizeof(item)) != 0 ||
		    code_parse(item, codes[q.ncodes]) != 0) {
			error_add(&errs, 400, "service_request_id须是9位查询码，多个用逗号分隔");
			bad = 1;
			break;
		}
		codev[q.ncodes] = codes[q.ncodes];
		if (++q.ncodes == ORDER_LIST_CODES_MAX && ids) {
			error_add(&errs, 400, "service_request_id最多100个");
			bad = 1;
			break;
		}
	}
	while (status) {
		if (list_next(&status, item, sizeof(item)) != 0 ||
		    (strcmp(item, "open") != 0 && strcmp(item, "closed") != 0)) {
			error_add(&errs, 400, "status只能是open或closed（可用逗号分隔）");
			bad = 1;
			break;
		}
		q.status |= item[0] == 'o' ? ORDER_STATUS_OPEN : ORDER_STATUS_CLOSED;
	}
	if (sd && open311_time_parse(sd, &start) != 0) {
		error_add(&errs, 400, "start_date须是ISO 8601时间，例如2026-11-28T20:06:56+08:00");
		bad = 1;
	}
	if (ed && open311_time_parse(ed, &end) != 0) {
		error_add(&errs, 400, "end_date须是ISO 8601时间，例如2026-11-28T20:06:56+08:00");
		bad = 1;
	}
	if (!bad && sd && ed && start > end) {
		error_add(&errs, 400, "start_date不能晚于end_date");
		bad = 1;
	} else if (!bad && sd && ed && end - start > DAYS_90) {
		error_add(&errs, 400, "start_date到end_date不能超过90天");
		bad = 1;
	}
	if (bad)
		return send_errors(r, f, 400, &errs);
	cJSON_Delete(errs.root);
	/* At most 90 days: the last 90 unless a date says which. */
	q.from = sd ? start : ed ? end - DAYS_90 : now - DAYS_90;
	q.to = ed ? end : sd ? start + DAYS_90 : now;
	return send_requests(r, f, &q, 0);
}

/* GET requests/{service_request_id}: a list of one, or 404. */
int
open311_get_request(struct req *r)
{
	char id[64], code[CODE_LEN + 1];
	enum fmt f = fmt_split(r->params[0], id, sizeof(id));
	const char *codev[1] = { code };
	struct order_query q = { .codes = codev, .ncodes = 1, .limit = 1 };

	if (f == FMT_NONE)
		return send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	if (code_parse(id, code) != 0)
		return send_error(r, f, 404, "没有这个申请（service_request_id不存在）");
	return send_requests(r, f, &q, 1);
}

int
open311_get(struct req *r)
{
	char name[32];
	enum fmt f = fmt_split(r->params[0], name, sizeof(name));

	if (f == FMT_NONE)
		return send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	if (strcmp(name, "discovery") == 0)
		return discovery(r, f);
	if (strcmp(name, "services") == 0)
		return services(r, f);
	if (strcmp(name, "requests") == 0)
		return requests(r, f);
	return send_error(r, f, 404, "没有这个接口");
}

/* The fields of a new request, trimmed; never NULL. */
enum post_field {
	P_KEY = 0, P_SERVICE, P_LAT, P_LONG, P_ADDRESS, P_ADDRESS_ID, P_STATION,
	P_PHONE, P_APHONE, P_CONSENT, P_FIRST, P_LAST, P_EMAIL, P_DESC, P_WANTED,
	P__MAX
};

static const char *const post_names[P__MAX] = {
	[P_KEY] = "api_key", [P_SERVICE] = "service_code", [P_LAT] = "lat",
	[P_LONG] = "long", [P_ADDRESS] = "address_string",
	[P_ADDRESS_ID] = "address_id", [P_STATION] = "attribute[station]",
	[P_PHONE] = "phone", [P_APHONE] = "attribute[phone]",
	[P_CONSENT] = "attribute[consent]", [P_FIRST] = "first_name",
	[P_LAST] = "last_name", [P_EMAIL] = "email", [P_DESC] = "description",
	[P_WANTED] = "attribute[wanted_time]",
};

/* A new request being checked. */
struct post {
	char		*v[P__MAX];
	char		 name[128];	/* contact_name made of first and last name */
	struct tree	 errs;
	int		 nerrs;
};

/* Adds a 400 error "label：message of v" unless v is VALID_OK.
 * Returns 1 if it added one, else 0. */
static int
post_valid(struct post *p, const char *label, enum valid v, size_t max)
{
	char msg[96], text[160];

	if (v == VALID_OK)
		return 0;
	valid_message(v, max, msg, sizeof(msg));
	snprintf(text, sizeof(text), "%s：%s", label, msg);
	error_add(&p->errs, 400, text);
	p->nerrs++;
	return 1;
}

/* Adds a 400 error. */
static void
post_error(struct post *p, const char *description)
{
	error_add(&p->errs, 400, description);
	p->nerrs++;
}

/* Parses a coordinate within [-max, max]; returns 0 and *out, or -1. */
static int
coord_parse(const char *s, double max, double *out)
{
	char *end;
	double v;

	if (*s == '\0')
		return -1;
	v = strtod(s, &end);
	if (*end != '\0' || !isfinite(v) || v < -max || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Returns 1 if s looks like an email address: one '@' with text before it
 * and a dot inside the text after it, no spaces. */
static int
email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;

	if (at == NULL || at == s || strchr(at + 1, '@') || strpbrk(s, " \t") ||
	    (dot = strrchr(at + 1, '.')) == NULL || dot == at + 1 || dot[1] == '\0')
		return 0;
	return 1;
}

/* Joins first and last name into p->name: "last first" written together
 * for Chinese names, "first last" for names in ASCII. */
static void
post_name(struct post *p)
{
	const char *first = p->v[P_FIRST], *last = p->v[P_LAST];
	int ascii = 1;

	for (const char *s = first; *s; s++)
		ascii &= (unsigned char)*s < 0x80;
	for (const char *s = last; *s; s++)
		ascii &= (unsigned char)*s < 0x80;
	if (ascii)
		snprintf(p->name, sizeof(p->name), "%s%s%s", first,
		    *first && *last ? " " : "", last);
	else
		snprintf(p->name, sizeof(p->name), "%s%s", last, first);
}

/*
 * Checks the place fields and finds the org: address_id (or its twin
 * attribute[station]), else a 站 or 所 named in address_string, else the
 * center. Fills *org_id (0 if a field is wrong) and o's geo fields.
 * Returns 0, or -1 on a database error (*busy set if it was busy).
 */
static int
post_place(struct req *r, struct post *p, struct order_new *o, int64_t *org_id,
    int *busy)
{
	struct db *db = r->app->db;
	const char *id = p->v[P_ADDRESS_ID][0] ? p->v[P_ADDRESS_ID] : p->v[P_STATION];
	struct org_ref ref;
	int found = 0, geo = p->v[P_LAT][0] || p->v[P_LONG][0];
	enum db_err e;

	*org_id = 0;
	if (geo && (coord_parse(p->v[P_LAT], 90, &o->lat) != 0 ||
	    coord_parse(p->v[P_LONG], 180, &o->lon) != 0))
		post_error(p, "lat和long须同时提供，且是有效的纬度（-90至90）和经度（-180至180）");
	else
		o->has_geo = geo;
	post_valid(p, "address_string", valid_line(p->v[P_ADDRESS], 100, 0), 100);
	if (!geo && !p->v[P_ADDRESS][0] && !id[0]) {
		post_error(p, "须提供位置：lat和long、address_string或address_id，至少其一");
		return 0;
	}
	if (p->v[P_ADDRESS_ID][0] && p->v[P_STATION][0] &&
	    strcmp(p->v[P_ADDRESS_ID], p->v[P_STATION]) != 0) {
		post_error(p, "address_id与attribute[station]不一致");
		return 0;
	}
	if (id[0]) {
		if ((e = org_by_code(db, id, &ref, &found)) != DB_OK)
			goto fail;
		if (!found || (strcmp(ref.kind, "station") != 0 &&
		    strcmp(ref.kind, "institute") != 0))
			post_error(p, "address_id须是实践站或实践所的代码");
		else
			*org_id = ref.id;
		return 0;
	}
	if (p->v[P_ADDRESS][0]) {
		if ((e = org_named_in(db, p->v[P_ADDRESS], &ref, &found)) != DB_OK)
			goto fail;
		if (found)
			*org_id = ref.id;
	}
	/* No site has coordinates: a point alone goes to the center. */
	if (*org_id == 0 && (*org_id = org_center_id(db)) == 0) {
		e = DB_ERROR;
		goto fail;
	}
	return 0;
fail:
	*busy = e == DB_BUSY || e == DB_FULL;
	return -1;
}

/* Checks every field but the key; fills o. Returns 0 (with p->nerrs set if
 * any field is wrong), or -1 on a database error (*busy set if busy). */
static int
post_check(struct req *r, struct post *p, struct order_new *o, int *busy)
{
	const char *phone = p->v[P_PHONE][0] ? p->v[P_PHONE] : p->v[P_APHONE];

	if (p->v[P_SERVICE][0] == '\0')
		post_error(p, "缺少service_code");
	else if ((o->service_id = service_id_of(r->app->db, p->v[P_SERVICE])) < 0)
		return -1;
	else if (o->service_id == 0)
		post_error(p, "没有这个服务项目（service_code不存在或已停用）");
	if (post_place(r, p, o, &o->org_id, busy) != 0)
		return -1;
	if (p->v[P_PHONE][0] && p->v[P_APHONE][0] &&
	    strcmp(p->v[P_PHONE], p->v[P_APHONE]) != 0)
		post_error(p, "phone与attribute[phone]不一致");
	else
		post_valid(p, "phone", valid_phone(phone), 11);
	if (strcmp(p->v[P_CONSENT], "yes") != 0)
		post_error(p, "attribute[consent]须为yes：居民须同意中心和志愿者使用其联系方式");
	if (!post_valid(p, "first_name", valid_line(p->v[P_FIRST], 20, 0), 20) &&
	    !post_valid(p, "last_name", valid_line(p->v[P_LAST], 20, 0), 20)) {
		post_name(p);
		post_valid(p, "first_name和last_name合计", valid_line(p->name, 20, 0), 20);
	}
	if (!post_valid(p, "email", valid_line(p->v[P_EMAIL], 120, 0), 120) &&
	    p->v[P_EMAIL][0] && !email_ok(p->v[P_EMAIL]))
		post_error(p, "email格式不对");
	post_valid(p, "description", valid_text(p->v[P_DESC], 500, 1), 500);
	post_valid(p, "attribute[wanted_time]", valid_line(p->v[P_WANTED], 40, 0), 40);
	o->contact_phone = phone;
	o->contact_name = p->name;
	o->contact_email = p->v[P_EMAIL];
	o->need = p->v[P_DESC];
	o->wanted_time = p->v[P_WANTED];
	o->address = p->v[P_ADDRESS];
	return 0;
}

/* Answers a new request: its code, and where it is followed. */
static int
post_created(struct req *r, enum fmt f, const char *code)
{
	struct tree t = { cJSON_CreateArray(), 0 };
	cJSON *x = put(&t, t.root, NULL, cJSON_CreateObject());
	char base[200], fmt[CODE_LEN + 3], notice[400];

	code_format(code, fmt);
	snprintf(notice, sizeof(notice), "申请已提交。请把查询码%s告诉居民并请其保存，"
	    "凭它可在%s/track/%s查看办理进度。", fmt, page_base_url(r, base, sizeof(base)),
	    code);
	put_str(&t, x, "service_request_id", code);
	put_str(&t, x, "service_notice", notice);
	http_header(r, "Cache-Control", "no-store");
	return send_tree(r, f, 200, &t, "service_requests", "request");
}

/* POST requests: checks the key and the fields, then creates the request
 * within the daily limits. */
static int
requests_create(struct req *r, enum fmt f)
{
	const struct config *cfg = r->app->cfg;
	struct order_limits lim = { cfg->limit_phone, cfg->limit_client };
	/* A keyed client (a hotline, a WeChat gateway) speaks for many
	 * residents from one address: only the per-phone limit applies to it;
	 * its key makes it accountable and can be revoked. */
	struct order_new o = { .channel = "open311", .consent = 1, .client = NULL };
	struct post p = { .errs = { cJSON_CreateArray(), 0 } };
	char code[CODE_LEN + 1], retry[24], msg[200];
	int64_t next_day;
	enum order_err err;
	int busy = 0, rc;

	for (int i = 0; i < P__MAX; i++) {
		const char *v = kv_get(&r->form, post_names[i]);
		p.v[i] = str_trim(v ? v : "");
	}
	if (p.v[P_KEY][0] == '\0')
		rc = send_error(r, f, 403, "缺少api_key");
	else if (!apikey_check(r->app->db, p.v[P_KEY], &o.api_key_id))
		rc = send_error(r, f, 403, "api_key无效或已停用");
	else if (post_check(r, &p, &o, &busy) != 0)
		rc = send_db_error(r, f, busy);
	else if (p.nerrs) {
		rc = send_errors(r, f, 400, &p.errs);
		p.errs.root = NULL;
	} else switch ((err = order_create(r->app->db, &o, &lim, code))) {
	case ORDER_OK:
		rc = post_created(r, f, code);
		break;
	case ORDER_LIMIT_PHONE:
	case ORDER_LIMIT_CLIENT:
		order_day(now_unix(), &next_day);
		snprintf(retry, sizeof(retry), "%lld", (long long)(next_day - now_unix()));
		http_header(r, "Retry-After", retry);
		snprintf(msg, sizeof(msg), "今天%s提交的申请已达上限（%d次），请明天0点以后再提交",
		    err == ORDER_LIMIT_PHONE ? "用这个手机号" : "从这个网络地址",
		    err == ORDER_LIMIT_PHONE ? lim.per_phone : lim.per_client);
		rc = send_error(r, f, 429, msg);
		break;
	case ORDER_BUSY:
	case ORDER_FULL:
		rc = send_db_error(r, f, 1);
		break;
	default:
		rc = send_db_error(r, f, 0);
		break;
	}
	cJSON_Delete(p.errs.root);
	for (int i = 0; i < P__MAX; i++)
		free(p.v[i]);
	return rc;
}

int
open311_post(struct req *r)
{
	char name[32];
	enum fmt f = fmt_split(r->params[0], name, sizeof(name));

	if (f == FMT_NONE)
		return send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	if (strcmp(name, "requests") == 0)
		return requests_create(r, f);
	if (strcmp(name, "discovery") == 0 || strcmp(name, "services") == 0) {
		http_header(r, "Allow", "GET, HEAD");
		return send_error(r, f, 405, "此接口只接受GET");
	}
	return send_error(r, f, 404, "没有这个接口");
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
