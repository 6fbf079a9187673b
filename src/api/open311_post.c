/*
 * open311_post.c: POST requests.{json,xml}: a client with an API key creates
 * a request (see open311.h). It is checked with the validators the web form
 * uses, placed by address_id, address_string or the center, and held to the
 * same daily limit per phone number. A media_url the client sends (a link to
 * its own copy of a photo) is kept for staff as a link; sidan fetches nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "http/app.h"
#include "model/apikey.h"
#include "model/order.h"
#include "model/order_list.h"
#include "model/order_state.h"
#include "model/org.h"
#include "model/service.h"
#include "page/part/page.h"
#include "lib/phone.h"
#include "lib/validate.h"
#include "api/open311.h"
#include "api/xml.h"
#include "api/open311_out.h"

/* The fields of a new request, trimmed; never NULL. */
enum post_field {
	P_KEY = 0, P_SERVICE, P_LAT, P_LONG, P_ADDRESS, P_ADDRESS_ID, P_STATION,
	P_PHONE, P_APHONE, P_CONSENT, P_FIRST, P_LAST, P_EMAIL, P_DESC, P_WANTED,
	P_MEDIA, P__MAX
};

static const char *const post_names[P__MAX] = {
	[P_KEY] = "api_key", [P_SERVICE] = "service_code", [P_LAT] = "lat",
	[P_LONG] = "long", [P_ADDRESS] = "address_string",
	[P_ADDRESS_ID] = "address_id", [P_STATION] = "attribute[station]",
	[P_PHONE] = "phone", [P_APHONE] = "attribute[phone]",
	[P_CONSENT] = "attribute[consent]", [P_FIRST] = "first_name",
	[P_LAST] = "last_name", [P_EMAIL] = "email", [P_DESC] = "description",
	[P_WANTED] = "attribute[wanted_time]", [P_MEDIA] = "media_url",
};

/* The longest media_url kept (orders.media_url's CHECK). */
#define MEDIA_URL_MAX	500

/* A new request being checked. */
struct post {
	char		*v[P__MAX];
	char		 name[128];	/* contact_name made of first and last name */
	char		 phone[PHONE_MAX];	/* the phone as stored (phone_read) */
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
	o311_error_add(&p->errs, 400, text);
	p->nerrs++;
	return 1;
}

/* Adds a 400 error. */
static void
post_error(struct post *p, const char *description)
{
	o311_error_add(&p->errs, 400, description);
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

/* Returns 1 if s is a link sidan may show staff: http:// or https://
 * (either case), a host, and none of the characters a URL may not hold
 * (spaces, controls, " < > \\ ^ ` { | }). */
static int
media_url_ok(const char *s)
{
	size_t skip;

	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	if (s[skip] == '\0' || strchr("/?#@:", s[skip]) != NULL)
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c <= 0x20 || *c == 0x7f || strchr("\"<>\\^`{|}", *c) != NULL)
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
	if (!post_valid(p, "phone", phone_read(phone, PHONE_ANY, p->phone), 24) &&
	    p->v[P_PHONE][0] && p->v[P_APHONE][0]) {
		/* Both given: the same number, however each is written. */
		char other[PHONE_MAX];
		if (phone_read(p->v[P_PHONE], PHONE_ANY, other) != VALID_OK ||
		    strcmp(other, p->phone) != 0 ||
		    phone_read(p->v[P_APHONE], PHONE_ANY, other) != VALID_OK ||
		    strcmp(other, p->phone) != 0)
			post_error(p, "phone与attribute[phone]不一致");
	}
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
	if (strlen(p->v[P_MEDIA]) > MEDIA_URL_MAX)
		post_error(p, "media_url不能超过500个字符");
	else if (p->v[P_MEDIA][0] && (valid_line(p->v[P_MEDIA], MEDIA_URL_MAX, 0) != VALID_OK ||
	    !media_url_ok(p->v[P_MEDIA])))
		post_error(p, "media_url须是以http://或https://开头的完整网址");
	o->contact_phone = p->phone;
	o->contact_name = p->name;
	o->contact_email = p->v[P_EMAIL];
	o->need = p->v[P_DESC];
	o->wanted_time = p->v[P_WANTED];
	o->address = p->v[P_ADDRESS];
	o->media_url = p->v[P_MEDIA];
	return 0;
}

/* Answers a new request: its code, and where it is followed. */
static int
post_created(struct req *r, enum fmt f, const char *code)
{
	struct tree t = { cJSON_CreateArray(), 0 };
	cJSON *x = o311_put(&t, t.root, NULL, cJSON_CreateObject());
	char base[200], fmt[CODE_LEN + 3], notice[400];

	code_format(code, fmt);
	snprintf(notice, sizeof(notice), "申请已提交。请把查询码%s告诉居民并请其保存，"
	    "凭它可在%s/track/%s查看办理进度。", fmt, page_base_url(r, base, sizeof(base)),
	    code);
	o311_put_str(&t, x, "service_request_id", code);
	o311_put_str(&t, x, "service_notice", notice);
	http_header(r, "Cache-Control", "no-store");
	return o311_send_tree(r, f, 200, &t, "service_requests", "request");
}

/* POST requests: checks the key and the fields, then creates the request
 * within the daily limits. */
static int
requests_create(struct req *r, enum fmt f)
{
	const struct config *cfg = r->app->cfg;
	struct order_limits lim = { cfg->limit_phone, cfg->limit_client };
	/* A keyed client (a hotline, a WeChat gateway) speaks for many
	 * residents from one address: only the per-phone limit applies to it
	 * (none with an SMS gateway: see below); its key makes it accountable
	 * and can be revoked. */
	/* With a gateway, only phones confirmed by a 验证码 count towards the
	 * per-phone limit: the caller vouches for this one. */
	struct order_new o = { .channel = "open311", .consent = 1, .client = NULL,
		.limit_confirmed = config_sms_on(r->app->cfg) };
	struct post p = { .errs = { cJSON_CreateArray(), 0 } };
	char code[CODE_LEN + 1], retry[24], msg[200];
	int64_t next_day;
	enum model_err err;
	int busy = 0, rc;

	for (int i = 0; i < P__MAX; i++) {
		const char *v = kv_get(&r->form, post_names[i]);
		p.v[i] = str_trim(v ? v : "");
	}
	if (p.v[P_KEY][0] == '\0')
		rc = o311_send_error(r, f, 403, "缺少api_key");
	else if (!apikey_check(r->app->db, p.v[P_KEY], &o.api_key_id))
		rc = o311_send_error(r, f, 403, "api_key无效或已停用");
	else if (post_check(r, &p, &o, &busy) != 0)
		rc = o311_send_db_error(r, f, busy);
	else if (p.nerrs) {
		rc = o311_send_errors(r, f, 400, &p.errs);
		p.errs.root = NULL;
	} else switch ((err = order_create(r->app->db, &o, &lim, code, NULL, 0, NULL))) {
	case MODEL_OK:
		rc = post_created(r, f, code);
		break;
	case MODEL_LIMIT_PHONE:
	case MODEL_LIMIT_CLIENT:
		order_day(now_unix(), &next_day);
		snprintf(retry, sizeof(retry), "%lld", (long long)(next_day - now_unix()));
		http_header(r, "Retry-After", retry);
		snprintf(msg, sizeof(msg), "今天%s提交的申请已达上限（%d次），请明天0点以后再提交",
		    err == MODEL_LIMIT_PHONE ? "用这个手机号" : "从这个网络地址",
		    err == MODEL_LIMIT_PHONE ? lim.per_phone : lim.per_client);
		rc = o311_send_error(r, f, 429, msg);
		break;
	case MODEL_BUSY:
	case MODEL_FULL:
		rc = o311_send_db_error(r, f, 1);
		break;
	default:
		rc = o311_send_db_error(r, f, 0);
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
	enum fmt f = o311_fmt_split(r->params[0], name, sizeof(name));

	if (f == FMT_NONE)
		return o311_send_error(r, f, 404, "不支持的格式：请用.json或.xml");
	if (strcmp(name, "requests") == 0)
		return requests_create(r, f);
	if (strcmp(name, "discovery") == 0 || strcmp(name, "services") == 0) {
		http_header(r, "Allow", "GET, HEAD");
		return o311_send_error(r, f, 405, "此接口只接受GET");
	}
	return o311_send_error(r, f, 404, "没有这个接口");
}

