/*
 * open311.c: the Open311 GeoReport v2 API's GETs (see open311.h): discovery,
 * services, service definitions and requests. The list of requests is
 * public: it shows the place only as "所 站" names and codes, never the
 * resident's name, phone, email, address detail or need text, nor any of
 * their photos: media_url is a 服务照片 staff marked 可公开. POSTs are in
 * open311_post.c; the writers of answers in open311_out.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

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

/* GET discovery: where the API is and how to get a key. */
static int
discovery(struct req *r, enum fmt f)
{
	struct tree t = { cJSON_CreateObject(), 0 };
	cJSON *ends, *e, *fm;
	char base[200], url[256];

	snprintf(url, sizeof(url), "%s/open311/v2", page_base_url(r, base, sizeof(base)));
	o311_put_str(&t, t.root, "changeset", CHANGESET);
	o311_put_str(&t, t.root, "contact", AGENCY);
	o311_put_str(&t, t.root, "key_service", "API密钥请向" AGENCY "申请，由中心管理员用"
	    "“sidan apikey add 名称”生成；提交申请时以api_key字段提供。");
	ends = o311_put(&t, t.root, "endpoints", cJSON_CreateArray());
	e = o311_put(&t, ends, NULL, cJSON_CreateObject());
	o311_put_str(&t, e, "specification", SPEC_URL);
	o311_put_str(&t, e, "url", url);
	o311_put_str(&t, e, "changeset", CHANGESET);
	o311_put_str(&t, e, "type", "production");
	fm = o311_put(&t, e, "formats", cJSON_CreateArray());
	o311_put_str(&t, fm, NULL, "application/json");
	o311_put_str(&t, fm, NULL, "text/xml");
	http_header(r, "Cache-Control", "no-cache");
	return o311_send_tree(r, f, 200, &t, "discovery", NULL);
}

/* Adds one service to the list (service_each callback). */
static void
add_service(void *arg, const struct service *s)
{
	struct tree *t = arg;
	cJSON *o = o311_put(t, t->root, NULL, cJSON_CreateObject());

	o311_put_str(t, o, "service_code", s->code);
	o311_put_str(t, o, "service_name", s->name);
	o311_put_str(t, o, "description", s->summary);
	/* metadata: every service asks for a phone number (and consent). */
	o311_put(t, o, "metadata", cJSON_CreateTrue());
	o311_put_str(t, o, "type", "realtime");
	o311_put_str(t, o, "keywords", s->platform_name);
	o311_put_str(t, o, "group", s->platform_name);
}

/* GET services: every active service. */
static int
services(struct req *r, enum fmt f)
{
	struct tree t = { cJSON_CreateArray(), 0 };
	enum db_err e = service_each(r->app->db, add_service, &t);

	if (e != DB_OK) {
		cJSON_Delete(t.root);
		return o311_send_db_error(r, f, e == DB_BUSY || e == DB_FULL);
	}
	http_header(r, "Cache-Control", "no-cache");
	return o311_send_tree(r, f, 200, &t, "services", "service");
}

/* Adds one attribute of a service definition; returns it (NULL if out of memory). */
static cJSON *
add_attribute(struct tree *t, cJSON *list, const char *code, const char *datatype,
    int required, const char *dtdesc, int order, const char *description)
{
	cJSON *a = o311_put(t, list, NULL, cJSON_CreateObject());

	o311_put(t, a, "variable", cJSON_CreateTrue());
	o311_put_str(t, a, "code", code);
	o311_put_str(t, a, "datatype", datatype);
	o311_put(t, a, "required", cJSON_CreateBool(required));
	o311_put_str(t, a, "datatype_description", dtdesc);
	o311_put(t, a, "order", cJSON_CreateNumber(order));
	o311_put_str(t, a, "description", description);
	return a;
}

/* Fills the service definition (service_find callback): every service
 * takes the same attributes beyond the spec's fields. */
static void
add_definition(void *arg, const struct service *s)
{
	struct tree *t = arg;
	cJSON *list, *a, *vals, *v;

	o311_put_str(t, t->root, "service_code", s->code);
	list = o311_put(t, t->root, "attributes", cJSON_CreateArray());
	add_attribute(t, list, "phone", "string", 1, "中国大陆手机号，11位，以13至19开头",
	    1, "联系手机号（也可用标准字段phone提交），只用于办理本次申请，不公开");
	a = add_attribute(t, list, "consent", "singlevaluelist", 1, "须选yes", 2,
	    "居民同意使用联系方式");
	vals = o311_put(t, a, "values", cJSON_CreateArray());
	v = o311_put(t, vals, NULL, cJSON_CreateObject());
	o311_put_str(t, v, "key", "yes");
	o311_put_str(t, v, "name", "同意文明实践中心和服务志愿者使用联系方式办理本次申请");
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
	enum fmt f = o311_fmt_split(r->params[0], code, sizeof(code));
	enum db_err e;

	if (f == FMT_NONE) {
		cJSON_Delete(t.root);
		return o311_send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	}
	if ((e = service_find(r->app->db, code, add_definition, &t)) != DB_OK) {
		cJSON_Delete(t.root);
		return o311_send_db_error(r, f, e == DB_BUSY || e == DB_FULL);
	}
	if (t.root && t.root->child == NULL && !t.failed) {
		cJSON_Delete(t.root);
		return o311_send_error(r, f, 404, "没有这个服务项目（service_code不存在）");
	}
	http_header(r, "Cache-Control", "no-cache");
	return o311_send_tree(r, f, 200, &t, "service_definition", NULL);
}

/* A listed request awaiting its media_url: its code and its object. */
struct req_item {
	char		 code[CODE_LEN + 1];
	cJSON		*obj;
};

/* The list of requests being built. */
struct req_list {
	struct tree	 t;
	struct db	*db;
	char		 base[200];	/* the site's base URL, for media_url */
	struct req_item	*items;		/* each listed request, for its photo */
	size_t		 nitems, cap;
};

/* Adds one request to the public list (order_list callback). */
static void
add_request(void *arg, const struct order_public *o)
{
	struct req_list *l = arg;
	struct tree *t = &l->t;
	cJSON *x = o311_put(t, t->root, NULL, cJSON_CreateObject());
	char notes[400], place[260], deg[32];

	snprintf(notes, sizeof(notes), "%s%s%s", order_state_label(o->state),
	    o->reason[0] ? "：" : "", o->reason);
	snprintf(place, sizeof(place), "%s%s%s", o->institute_name,
	    o->institute_name[0] ? " " : "", o->org_name);
	o311_put_str(t, x, "service_request_id", o->code);
	o311_put_str(t, x, "status", order_state_open311(o->state));
	o311_put_str(t, x, "status_notes", notes);
	o311_put_str(t, x, "service_name", o->service_name);
	o311_put_str(t, x, "service_code", o->service_code);
	o311_put_str(t, x, "agency_responsible", AGENCY);
	o311_put_time(t, x, "requested_datetime", o->created_at);
	o311_put_time(t, x, "updated_datetime", o->updated_at);
	o311_put_time(t, x, "expected_datetime", o->due_at);
	o311_put_str(t, x, "address", place);
	o311_put_str(t, x, "address_id", o->org_code);
	if (o->has_geo) {
		/* Published to about 1 km (two decimals): a point sent with a
		 * request may be the resident's home, which is personal data. */
		snprintf(deg, sizeof(deg), "%.2f", o->lat);
		o311_put(t, x, "lat", cJSON_CreateNumber(strtod(deg, NULL)));
		snprintf(deg, sizeof(deg), "%.2f", o->lon);
		o311_put(t, x, "long", cJSON_CreateNumber(strtod(deg, NULL)));
	}
	/* media_url comes after the list is read, for all requests in one
	 * query (add_photos): kept here is where it goes. */
	if (x == NULL)
		return;
	if (l->nitems == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct req_item *p = reallocarray(l->items, cap, sizeof(*p));
		if (p == NULL) {
			t->failed = 1;
			return;
		}
		l->items = p;
		l->cap = cap;
	}
	snprintf(l->items[l->nitems].code, sizeof(l->items[0].code), "%s", o->code);
	l->items[l->nitems++].obj = x;
}

/* Orders two listed requests by code (qsort and bsearch). */
static int
item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct req_item *)a)->code,
	    ((const struct req_item *)b)->code);
}

/* Adds the media_url of one listed request (order_public_photos callback):
 * its first 服务照片 staff marked 可公开 (a resident's own photos are
 * never public). */
static void
add_photo(void *arg, const char *code, const char *hash)
{
	struct req_list *l = arg;
	struct req_item key, *it;
	char url[320];

	snprintf(key.code, sizeof(key.code), "%s", code);
	it = bsearch(&key, l->items, l->nitems, sizeof(*l->items), item_cmp);
	if (it == NULL)
		return;
	snprintf(url, sizeof(url), "%s/photos/%s.jpg", l->base, hash);
	o311_put_str(&l->t, it->obj, "media_url", url);
}

/* Adds the media_url of every listed request that has one, in one query.
 * Returns MODEL_OK or the error. */
static enum model_err
add_photos(struct req_list *l)
{
	const char **codes;
	enum model_err e;

	if (l->nitems == 0)
		return MODEL_OK;
	qsort(l->items, l->nitems, sizeof(*l->items), item_cmp);
	if ((codes = reallocarray(NULL, l->nitems, sizeof(*codes))) == NULL)
		return MODEL_ERROR;
	for (size_t i = 0; i < l->nitems; i++)
		codes[i] = l->items[i].code;
	e = order_public_photos(l->db, codes, l->nitems, add_photo, l);
	free(codes);
	return e;
}

/* Adds a listed request's id and version to the validator's hash. */
static void
hash_version(void *arg, int64_t id, int64_t version)
{
	int64_t v[2] = { id, version };

	crypto_generichash_update(arg, (const unsigned char *)v, sizeof(v));
}

/* Writes into what the validator of the list q selects, as format f for
 * base: a hash of the format, the base URL, the names of places and each
 * listed request's id and version, which is all the list shows. Returns
 * MODEL_OK or the error. */
static enum model_err
list_validator(struct req *r, enum fmt f, const char *base, const struct order_query *q,
    char what[40])
{
	crypto_generichash_state h;
	unsigned char out[8];
	int64_t places;
	char hex[17];
	enum model_err e;

	if (org_places_version(r->app->db, &places) != DB_OK)
		return MODEL_ERROR;
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	crypto_generichash_update(&h, (const unsigned char *)base, strlen(base) + 1);
	crypto_generichash_update(&h, (const unsigned char *)&places, sizeof(places));
	if ((e = order_list_versions(r->app->db, q, hash_version, &h)) != MODEL_OK)
		return e;
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(hex, sizeof(hex), out, sizeof(out));
	snprintf(what, 40, "o%c%s", f == FMT_XML ? 'x' : 'j', hex);
	return MODEL_OK;
}

/* Answers the requests q selects (an empty list is an answer too), or 404
 * for none when one404 is set; 304 when the client has the list already
 * (If-None-Match), without reading more than the listed ids and versions.
 * Returns 0 or 500. */
static int
send_requests(struct req *r, enum fmt f, const struct order_query *q, int one404)
{
	struct req_list l = { { NULL, 0 }, r->app->db, "", NULL, 0, 0 };
	enum model_err e;
	char what[40];

	page_base_url(r, l.base, sizeof(l.base));
	if ((e = list_validator(r, f, l.base, q, what)) != MODEL_OK)
		return o311_send_db_error(r, f, e == MODEL_BUSY || e == MODEL_FULL);
	http_header(r, "Cache-Control", "no-cache");
	if (page_etag(r, what))
		return 0;
	l.t.root = cJSON_CreateArray();
	if ((e = order_list(r->app->db, q, add_request, &l)) != MODEL_OK ||
	    (e = add_photos(&l)) != MODEL_OK) {
		cJSON_Delete(l.t.root);
		free(l.items);
		return o311_send_db_error(r, f, e == MODEL_BUSY || e == MODEL_FULL);
	}
	free(l.items);
	if (one404 && l.t.root && l.t.root->child == NULL && !l.t.failed) {
		cJSON_Delete(l.t.root);
		return o311_send_error(r, f, 404, "没有这个申请（service_request_id不存在）");
	}
	return o311_send_tree(r, f, 200, &l.t, "service_requests", "request");
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

/* Reads s as a whole number from lo to hi into *out. Returns 1, or 0 for
 * anything else (out untouched). */
static int
parse_int_in(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return 0;
	*out = (int)v;
	return 1;
}

/* Returns the value of the query field name, or NULL when absent or empty. */
static const char *
query_get(struct req *r, const char *name)
{
	const char *v = kv_get(&r->query, name);

	return v && *v ? v : NULL;
}

/* Requests in one answer of GET requests unless page_size says otherwise:
 * within the spec's 1,000, and small enough for clients that poll. */
#define OPEN311_PAGE_SIZE	100

/* GET requests: the public list, with Open311's filters and paging. */
static int
requests(struct req *r, enum fmt f)
{
	const char *ids = query_get(r, "service_request_id");
	const char *status = query_get(r, "status");
	const char *sd = query_get(r, "start_date"), *ed = query_get(r, "end_date");
	char codes[ORDER_LIST_CODES_MAX][CODE_LEN + 1], item[64];
	const char *codev[ORDER_LIST_CODES_MAX];
	const char *page = query_get(r, "page"), *page_size = query_get(r, "page_size");
	struct order_query q = {
		.codes = codev, .service_code = query_get(r, "service_code"),
		.limit = OPEN311_PAGE_SIZE,
	};
	struct tree errs = { cJSON_CreateArray(), 0 };
	int64_t start = 0, end = 0, now = now_unix();
	int bad = 0, pageno = 1;

	while (ids) {
		if (list_next(&ids, item, sizeof(item)) != 0 ||
		    code_parse(item, codes[q.ncodes]) != 0) {
			o311_error_add(&errs, 400, "service_request_id须是9位查询码，多个用逗号分隔");
			bad = 1;
			break;
		}
		codev[q.ncodes] = codes[q.ncodes];
		if (++q.ncodes == ORDER_LIST_CODES_MAX && ids) {
			o311_error_add(&errs, 400, "service_request_id最多100个");
			bad = 1;
			break;
		}
	}
	while (status) {
		if (list_next(&status, item, sizeof(item)) != 0 ||
		    (strcmp(item, "open") != 0 && strcmp(item, "closed") != 0)) {
			o311_error_add(&errs, 400, "status只能是open或closed（可用逗号分隔）");
			bad = 1;
			break;
		}
		q.status |= item[0] == 'o' ? ORDER_STATUS_OPEN : ORDER_STATUS_CLOSED;
	}
	if (o311_date_range(&errs, sd, ed, &start, &end) != 0)
		bad = 1;
	/* Paging (the common page / page_size extension): pages of page_size
	 * requests, newest first, counted from 1. */
	if (page_size && (!parse_int_in(page_size, 1, ORDER_LIST_MAX, &q.limit))) {
		o311_error_add(&errs, 400, "page_size须是1到1000的整数");
		bad = 1;
	}
	if (page && (!parse_int_in(page, 1, 100000, &pageno))) {
		o311_error_add(&errs, 400, "page须是1到100000的整数");
		bad = 1;
	}
	if (bad)
		return o311_send_errors(r, f, 400, &errs);
	q.offset = (int64_t)(pageno - 1) * q.limit;
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
	enum fmt f = o311_fmt_split(r->params[0], id, sizeof(id));
	const char *codev[1] = { code };
	struct order_query q = { .codes = codev, .ncodes = 1, .limit = 1 };

	if (f == FMT_NONE)
		return o311_send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	if (code_parse(id, code) != 0)
		return o311_send_error(r, f, 404, "没有这个申请（service_request_id不存在）");
	return send_requests(r, f, &q, 1);
}

int
open311_get(struct req *r)
{
	char name[32];
	enum fmt f = o311_fmt_split(r->params[0], name, sizeof(name));

	if (f == FMT_NONE)
		return o311_send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	if (strcmp(name, "discovery") == 0)
		return discovery(r, f);
	if (strcmp(name, "services") == 0)
		return services(r, f);
	if (strcmp(name, "requests") == 0)
		return requests(r, f);
	return o311_send_error(r, f, 404, "没有这个接口");
}

