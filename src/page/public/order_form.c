/*
 * order_form.c: 群众点单, the form at "/order/new". GET shows it (a service
 * or site may be chosen already: ?service=CODE&site=CODE); POST checks every
 * field, shows each problem beside its field with everything typed kept, and
 * on success sends the resident to the private manage page of the new
 * request. The form's nonce makes a double submit land on the same request.
 *
 * With an SMS gateway (config_sms_on) a resident who gives a mobile confirms
 * it with a 验证码 in a second step, without JavaScript: the first POST
 * checks the form and sends a code, and answers with a summary of what was
 * typed, every field in hidden inputs, and the code's field; its buttons
 * confirm (do=confirm), send a new code (do=resend) or go back to the full
 * form (do=back), each posting everything again with the same nonce. The
 * request is made only with the right code (orders.phone_confirmed = 1). A
 * 座机, staff entry (/desk/new) and no gateway: one step, as before.
 * Step 2 itself is order_confirm.c; what both share, order_form.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/app.h"
#include "http/csrf.h"
#include "page/part/kept_page.h"
#include "model/order.h"
#include "model/phone_code.h"
#include "model/org.h"
#include "model/service.h"
#include "model/user.h"
#include "lib/phone.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/hotline.h"
#include "page/part/page.h"
#include "page/public/order_form.h"

static const struct {
	const char	*name;		/* form field name */
	const char	*label;		/* for the error summary */
	size_t		 max;		/* characters */
	int		 required;
} fields[F__MAX] = {
	[F_SERVICE] = { "service", "服务项目", 40, 1 },
	[F_INSTITUTE] = { "institute", "所在实践所", 64, 1 },
	[F_STATION] = { "station", "所在实践站", 64, 0 },
	[F_ADDRESS] = { "address", "详细地址", 100, 0 },
	[F_NEED] = { "need", "需求描述", 500, 1 },
	[F_WANTED] = { "wanted", "希望服务时间", 40, 0 },
	[F_PHOTO] = { "photo", "照片", 0, 0 },	/* files: photo_batch_read */
	[F_NAME] = { "name", "姓名或称呼", 20, 1 },
	[F_PHONE] = { "phone", "联系电话", 24, 1 },
	[F_CONSENT] = { "consent", "同意使用联系方式", 3, 1 },
	[F_CHANNEL] = { "channel", "登记方式", 8, 0 },
	[F_NOSMS] = { "nosms", "短信通知", 3, 0 },
};

/* The keys of the fields in the template: V_<key> is the value typed,
 * E_<key> the section of its error. */
const char *const order_form_keys[F__MAX] = {
	"SERVICE", "INSTITUTE", "STATION", "ADDRESS", "NEED", "WANTED",
	"PHOTO", "NAME", "PHONE", "CONSENT", "CHANNEL", "NOSMS",
};

/* Fills the form from a kv list (query or body); missing fields are "". */
void
order_form_read(struct order_form *f, const struct kvlist *kv)
{
	for (int i = 0; i < F__MAX; i++) {
		const char *v = i == F_PHOTO ? NULL : kv_get(kv, fields[i].name);
		f->value[i] = str_trim(v ? v : "");
		f->error[i][0] = '\0';
	}
	f->nerrors = 0;
	{
		const char *code = kv_get(kv, "sms_code");
		f->code = str_trim(code ? code : "");
	}
	f->code_error[0] = '\0';
}

/* Frees what order_form_read allocated. */
void
order_form_free(struct order_form *f)
{
	for (int i = 0; i < F__MAX; i++)
		free(f->value[i]);
	free(f->code);
}

/* Sets field i's error message. */
static void
form_error(struct order_form *f, enum field i, const char *msg)
{
	if (f->error[i][0] == '\0')
		f->nerrors++;
	snprintf(f->error[i], sizeof(f->error[i]), "%s", msg);
}

/* What the page lists are built from, and which entries are chosen. */
struct choices {
	struct tmpl_dict	*page;
	struct tmpl_dict	*group;
	char			 last[64];
	const struct order_form	*f;
};

/* Adds a service option: in its platform's optgroup for staff, in one plain
 * list for residents. */
static void
add_service(void *arg, const struct service *s)
{
	struct choices *c = arg;
	struct tmpl_dict *d;

	/* Residents choose a service, not a platform: one plain list. Staff
	 * see the platforms the centre sorts work by. */
	if (!c->f->staff)
		d = tmpl_add_section(c->page, "SERVICE_FLAT");
	else {
		if (c->group == NULL || strcmp(c->last, s->platform_code) != 0) {
			c->group = tmpl_add_section(c->page, "SERVICE_GROUP");
			tmpl_set(c->group, "GROUP", s->platform_name);
			snprintf(c->last, sizeof(c->last), "%s", s->platform_code);
		}
		d = tmpl_add_section(c->group, "SERVICE_OPT");
	}
	tmpl_set(d, "CODE", s->code);
	tmpl_set(d, "NAME", s->name);
	if (strcmp(s->code, c->f->value[F_SERVICE]) == 0)
		tmpl_show(d, "SELECTED");
}

/* Adds an institute option. */
static void
add_institute(void *arg, const struct org_institute *o)
{
	struct choices *c = arg;
	struct tmpl_dict *d;

	if (c->f->scope_inst && o->id != c->f->scope_inst)
		return;		/* staff are offered only their own place */
	d = tmpl_add_section(c->page, "INSTITUTE_OPT");
	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "NAME", o->name);
	if (strcmp(o->code, c->f->value[F_INSTITUTE]) == 0)
		tmpl_show(d, "SELECTED");
}

/* Adds a station option, in an optgroup per institute. */
static void
add_station(void *arg, const struct org_station *o)
{
	struct choices *c = arg;
	struct tmpl_dict *d;

	if ((c->f->scope_inst && o->institute_id != c->f->scope_inst) ||
	    (c->f->scope_station && o->id != c->f->scope_station))
		return;		/* staff are offered only their own place */

	if (c->group == NULL || strcmp(c->last, o->institute_code) != 0) {
		c->group = tmpl_add_section(c->page, "STATION_GROUP");
		tmpl_set(c->group, "GROUP", o->institute_name);
		tmpl_set(c->group, "GROUP_CODE", o->institute_code);
		snprintf(c->last, sizeof(c->last), "%s", o->institute_code);
	}
	d = tmpl_add_section(c->group, "STATION_OPT");
	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "NAME", o->name);
	if (o->is_demo)
		tmpl_show(d, "DEMO");
	if (strcmp(o->code, c->f->value[F_STATION]) == 0)
		tmpl_show(d, "SELECTED");
}

/* Renders the form with status (200, or 400/429/503 after a failed POST). */
int
order_form_render(struct req *r, struct order_form *f, int status)
{
	struct db *db = r->app->db;
	struct page pg;
	struct tmpl_dict *d;
	struct choices c = { .f = f };
	char key[32];

	d = page_begin(r, &pg, f->staff ? "代群众登记" : "我要点单", "order_form.tpl",
	    f->staff ? "desk" : "order");
	tmpl_show(d, "FORM");
	if (f->sms)
		tmpl_show(d, "SMS");
	if (f->staff) {
		struct tmpl_dict *sf = tmpl_add_section(d, "STAFF");
		tmpl_show(sf, strcmp(f->value[F_CHANNEL], "walkin") == 0 ? "WALKIN" : "PHONE");
		tmpl_set(d, "ACTION", "/desk/new");
		tmpl_set(d, "HEADING", "代群众登记");
	} else {
		tmpl_show(d, "PUBLIC");
		tmpl_set(d, "ACTION", "/order/new");
		tmpl_set(d, "HEADING", "我要点单");
		/* For those who would rather call: the hotline. */
		if (hotline_fill(r, d, 0) != 0) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
	}
	c.page = d;
	if (service_each(db, add_service, &c) != DB_OK ||
	    org_each_institute(db, add_institute, &c) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	c.group = NULL;
	c.last[0] = '\0';
	if (org_each_station(db, add_station, &c) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	for (int i = 0; i < F__MAX; i++) {
		snprintf(key, sizeof(key), "V_%s", order_form_keys[i]);
		tmpl_set(d, key, f->value[i]);
		if (f->error[i][0]) {
			struct tmpl_dict *e;
			snprintf(key, sizeof(key), "E_%s", order_form_keys[i]);
			e = tmpl_add_section(d, key);
			tmpl_set(e, "MSG", f->error[i]);
			e = tmpl_add_section(d, "ERROR_ITEM");
			tmpl_set(e, "FIELD", fields[i].name);
			tmpl_set(e, "LABEL", fields[i].label);
			tmpl_set(e, "MSG", f->error[i]);
		}
	}
	order_form_photos(d, f);
	if (strcmp(f->value[F_CONSENT], "yes") == 0)
		tmpl_show(d, "CONSENT_CHECKED");
	if (strcmp(f->value[F_NOSMS], "1") == 0)
		tmpl_show(d, "NOSMS_CHECKED");
	if (f->nerrors) {
		tmpl_set_int(d, "NERRORS", f->nerrors);
		tmpl_show(d, "HAS_ERRORS");
	}
	if (f->notice) {
		tmpl_set(d, "NOTICE", f->notice);
		tmpl_show(d, "HAS_NOTICE");
	}
	tmpl_set(d, "NONCE", f->nonce);
	/* Staff forms carry their session's token; the nonce still makes a
	 * double submit land on one request. */
	tmpl_set(d, "CSRF", f->staff ? r->signin->sess.csrf : f->csrf);
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

/*
 * The empty form as a visitor who is not signed in first sees it, kept by
 * this worker per display mode ([0] standard, [1] 长辈模式) while what it
 * lists (services, places, the hotline: change_counts 'places') stays the
 * same, and served with a new nonce and token at each view. Rendering it
 * costs about a millisecond (267 stations); serving it, a copy.
 */
static struct kept_page kept_form[2];
static const char *const kept_marks[KEPT_PAGE_VALUES] = {
	"kept-form-nonce-mark", "kept-form-token-mark",
};

/* Serves the kept empty form if r may have it. Returns 1 if served, 0 if
 * the form is to be rendered: *keep then says whether to keep it, at the
 * version in *places. */
static int
form_kept(struct req *r, int *keep, int64_t *places)
{
	struct order_form f = { 0 };
	const char *values[KEPT_PAGE_VALUES];

	*keep = 0;
	if (r->signin != NULL || r->volunteer != NULL || r->query.n != 0 ||
	    org_places_version(r->app->db, places) != DB_OK)
		return 0;
	if (!kept_page_fresh(&kept_form[page_elder(r)], *places)) {
		*keep = 1;
		return 0;
	}
	csrf_form_new(r, f.nonce, f.csrf);
	values[0] = f.nonce;
	values[1] = f.csrf;
	http_header(r, "Cache-Control", "no-store");
	kept_page_serve(r, &kept_form[page_elder(r)], values);
	return 1;
}

int
page_order_form(struct req *r)
{
	struct order_form f = { 0 };
	const char *site = kv_get(&r->query, "site");
	struct org_ref ref;
	int64_t places = 0;
	int found = 0, keep, rc;

	if (form_kept(r, &keep, &places))
		return 0;
	order_form_read(&f, &r->query);
	f.sms = config_sms_on(r->app->cfg);
	/* ?site=CODE (the poster's QR code) chooses the 所, and the 站 if it is one;
	 * a base chooses the 所 it hangs under (a base of the center: nothing). */
	if (site && org_by_code(r->app->db, site, &ref, &found) == DB_OK && found) {
		free(f.value[F_INSTITUTE]);
		free(f.value[F_STATION]);
		if (strcmp(ref.kind, "station") == 0) {
			f.value[F_INSTITUTE] = xstrdup(ref.parent_code);
			f.value[F_STATION] = xstrdup(site);
		} else {
			f.value[F_INSTITUTE] = xstrdup(strcmp(ref.kind, "institute") == 0 ?
			    site : strcmp(ref.kind, "base") == 0 ? ref.parent_code : "");
			f.value[F_STATION] = xstrdup("");
		}
	}
	f.notice = NULL;
	if (keep) {
		/* Rendered with the marks, kept, then filled in for this visitor. */
		const char *values[KEPT_PAGE_VALUES];

		snprintf(f.nonce, sizeof(f.nonce), "%s", kept_marks[0]);
		snprintf(f.csrf, sizeof(f.csrf), "%s", kept_marks[1]);
		if ((rc = order_form_render(r, &f, 200)) == 0) {
			kept_page_store(&kept_form[page_elder(r)], r->resp.body.data,
			    r->resp.body.len, places, kept_marks);
			csrf_form_new(r, f.nonce, f.csrf);
			values[0] = f.nonce;
			values[1] = f.csrf;
			if (kept_page_fill(r, kept_marks, values) != 0)
				rc = 500;
		}
	} else {
		csrf_form_new(r, f.nonce, f.csrf);
		rc = order_form_render(r, &f, 200);
	}
	order_form_free(&f);
	return rc;
}

/* Checks every field; fills f's errors. Sets *org_id to the place chosen
 * and *service_id. Returns 0, or 500 on a database error. */
static int
form_check(struct req *r, struct order_form *f, int64_t *service_id,
    int64_t *org_id)
{
	struct db *db = r->app->db;
	struct org_ref inst, st;
	char msg[96];
	int found;

	for (int i = 0; i < F__MAX; i++) {
		enum valid v = i == F_PHOTO ? VALID_OK :	/* files, read already */
		    i == F_PHONE ? phone_read(f->value[i], PHONE_ANY, f->phone) :
		    i == F_NEED ? valid_text(f->value[i], fields[i].max, fields[i].required) :
		    valid_line(f->value[i], fields[i].max, fields[i].required);
		if (v != VALID_OK) {
			valid_message(v, fields[i].max, msg, sizeof(msg));
			form_error(f, i, i == F_SERVICE && v == VALID_REQUIRED ?
			    "请选择服务项目" : i == F_INSTITUTE && v == VALID_REQUIRED ?
			    "请选择您所在的实践所（乡镇、街道）" : i == F_CONSENT ?
			    "请阅读并同意联系方式的使用说明，否则我们无法联系您" : msg);
		}
	}
	if (f->error[F_CONSENT][0] == '\0' && strcmp(f->value[F_CONSENT], "yes") != 0)
		form_error(f, F_CONSENT, "请阅读并同意联系方式的使用说明，否则我们无法联系您");
	*service_id = 0;
	if (f->error[F_SERVICE][0] == '\0') {
		*service_id = service_id_of(db, f->value[F_SERVICE]);
		if (*service_id < 0)
			return 500;
		if (*service_id == 0)
			form_error(f, F_SERVICE, "没有这个服务项目，请从列表中选择");
	}
	*org_id = 0;
	if (f->error[F_INSTITUTE][0] == '\0') {
		if (org_by_code(db, f->value[F_INSTITUTE], &inst, &found) != DB_OK)
			return 500;
		if (!found || strcmp(inst.kind, "institute") != 0)
			form_error(f, F_INSTITUTE, "请从列表中选择实践所");
		else
			*org_id = inst.id;
	}
	if (*org_id && f->value[F_STATION][0] && f->error[F_STATION][0] == '\0') {
		if (org_by_code(db, f->value[F_STATION], &st, &found) != DB_OK)
			return 500;
		if (!found || strcmp(st.kind, "station") != 0)
			form_error(f, F_STATION, "请从列表中选择实践站");
		else if (st.parent_id != inst.id)
			form_error(f, F_STATION, "所选实践站不属于所选的实践所，请重新选择");
		else
			*org_id = st.id;
	}
	if (f->staff) {
		if (strcmp(f->value[F_CHANNEL], "phone") != 0 &&
		    strcmp(f->value[F_CHANNEL], "walkin") != 0)
			form_error(f, F_CHANNEL, "请选择是电话登记还是现场登记");
		/* Staff enter requests only for their own part of the tree. */
		if (*org_id && f->scope_inst && inst.id != f->scope_inst)
			form_error(f, F_INSTITUTE, "只能登记本所范围内的申请");
		else if (*org_id && f->scope_station && *org_id != f->scope_station)
			form_error(f, F_STATION, "只能登记本站的申请，请选择本站");
	}
	return 0;
}

/* Adds to d what the resident's form carries of photos: the count (已收到 N
 * 张照片), how many more may be chosen, and the staged photos in hidden
 * inputs for the next POST. Nothing for the staff form or no photos. */
void
order_form_photos(struct tmpl_dict *d, const struct order_form *f)
{
	struct tmpl_dict *k;

	if (f->photos == NULL || f->photos->n == 0)
		return;
	k = tmpl_add_section(d, "PHOTOS_KEPT");
	photo_batch_hidden(k, "STAGED", f->photos);
	if (f->photos->n < PHOTO_MAX_REQUEST) {
		tmpl_set_int(k, "ROOM", (long long)(PHOTO_MAX_REQUEST - f->photos->n));
		tmpl_show(k, "HAS_ROOM");
	}
}

/* Answers a request refused for a daily limit (err) with the full form,
 * 429 and Retry-After: tomorrow. Returns 0 or an HTTP error status. */
int
order_form_limit(struct req *r, struct order_form *f, enum model_err err,
    const struct order_limits *lim)
{
	char retry[24], notice[320];
	int64_t next_day, now = now_unix();

	order_day(now, &next_day);
	snprintf(retry, sizeof(retry), "%lld", (long long)(next_day - now));
	http_header(r, "Retry-After", retry);
	snprintf(notice, sizeof(notice), "今天%s提交的申请已达上限（%d次），"
	    "请明天0点以后再提交。您填写的内容保留在下面。如有急事，请就近联系实践站。",
	    err == MODEL_LIMIT_PHONE ? "用这个电话号码" : "从这个网络",
	    err == MODEL_LIMIT_PHONE ? lim->per_phone : lim->per_client);
	f->notice = notice;
	return order_form_render(r, f, 429);
}

/* The manage page of the request made from f's form (its secret is
 * derived from the nonce), into url. */
void
order_form_manage_url(struct req *r, const struct order_form *f, char url[96])
{
	char token[44];

	secret_mac(r->app->secret, "manage", f->nonce, token);
	snprintf(url, 96, "/m/%s?new=1", token);
}

/* Checks and stores a submitted form (f->staff set by the caller); answers
 * with the next page. Returns 0 or an HTTP error status. */
int
order_form_submit(struct req *r, struct order_form *f0)
{
	const struct config *cfg = r->app->cfg;
	struct order_form f = *f0;
	struct order_limits lim = { cfg->limit_phone, cfg->limit_client };
	struct order_new o;
	int64_t service_id, org_id;
	unsigned char hash[crypto_hash_sha256_BYTES];
	char token[44], code[CODE_LEN + 1], url[96];
	struct photo_batch photos;
	const char *step = kv_get(&r->form, "step"), *act = kv_get(&r->form, "do");
	int confirming = step && strcmp(step, "code") == 0;
	enum model_err err;
	int rc;

	order_form_read(&f, &r->form);
	f.staff = f0->staff;
	f.scope_inst = f0->scope_inst;
	f.scope_station = f0->scope_station;
	f.sms = config_sms_on(cfg);
	{
		const char *nonce = kv_get(&r->form, "nonce"), *csrf = kv_get(&r->form, "csrf");
		snprintf(f.nonce, sizeof(f.nonce), "%s", nonce ? nonce : "");
		snprintf(f.csrf, sizeof(f.csrf), "%s", csrf ? csrf : "");
	}
	f.notice = NULL;
	if (act == NULL)
		act = "";
	if (!f.staff) {
		/* The resident's photos: those sent now, and those staged by an
		 * earlier step. A refused one is said beside the field; the
		 * others are kept. */
		if ((rc = photo_batch_read(r, fields[F_PHOTO].name, PHOTO_MAX_REQUEST,
		    &photos)) > 1)
			goto out;
		f.photos = &photos;
		if (rc == 1)
			form_error(&f, F_PHOTO, photos.error);
		if (photos.status == 503) {
			http_header(r, "Retry-After", "30");
			rc = order_form_render(r, &f, 503);
			goto out;
		}
	}
	if (confirming && strcmp(act, "back") == 0) {
		/* 返回修改: the full form, everything kept. */
		rc = order_form_render(r, &f, 200);
		goto out;
	}
	if ((rc = form_check(r, &f, &service_id, &org_id)) != 0)
		goto out;
	if (f.nerrors) {
		rc = order_form_render(r, &f, 400);
		goto out;
	}
	if (now_unix() - csrf_nonce_time(f.nonce) > CSRF_FORM_MAX_AGE) {
		csrf_form_new(r, f.nonce, f.csrf);
		f.notice = "这个页面打开太久已经失效。您填写的内容都在下面，请核对后再次提交。";
		rc = order_form_render(r, &f, 400);
		goto out;
	}
	/* The manage link's secret is derived from the form, so a second
	 * submit of the same form finds the same request and the same link. */
	secret_mac(r->app->secret, "manage", f.nonce, token);
	crypto_hash_sha256(hash, (const unsigned char *)token, strlen(token));
	o = (struct order_new){
		.service_id = service_id, .org_id = org_id,
		.address = f.value[F_ADDRESS], .need = f.value[F_NEED],
		.wanted_time = f.value[F_WANTED], .contact_name = f.value[F_NAME],
		.contact_phone = f.phone, .channel = "web",
		.form_nonce = f.nonce, .token_hash = hash, .consent = 1,
		.client = r->remote_addr,
		.no_sms = f.sms && strcmp(f.value[F_NOSMS], "1") == 0,
		/* With a gateway only confirmed phones count, so nobody can use
		 * up another person's number by typing it. */
		.limit_confirmed = f.sms,
	};
	if (f.staff) {
		/* Taken by phone or in person: no manage link (the resident calls
		 * the staff to change it), no per-address limit (one desk serves
		 * many residents). */
		o.channel = f.value[F_CHANNEL];
		o.staff_id = r->signin->user.id;
		o.token_hash = NULL;
		o.client = NULL;
	} else if (f.sms && phone_is_mobile(f.phone)) {
		/* A mobile to confirm: the same form made a request already
		 * (pressed twice, or back in the browser)? Then that one. */
		if ((err = order_code_of_nonce(r->app->db, f.nonce, code)) == MODEL_OK) {
			order_form_manage_url(r, &f, url);
			rc = page_redirect(r, url);
			goto out;
		}
		if (err != MODEL_NOT_FOUND) {
			rc = model_status(err);
			goto out;
		}
		if (confirming && strcmp(act, "resend") != 0)
			rc = order_confirm_check(r, &f, &o, &lim);
		else
			rc = order_confirm_send(r, &f, &o, &lim, confirming);
		goto out;
	}
	/* Without photos, through the writer process (its commits are shared by
	 * the requests that come together); photos are published here. */
	if (f.photos != NULL && f.photos->n > 0)
		err = order_create(r->app->db, &o, &lim, code, f.photos->v, f.photos->n,
		    r->app->media_dir);
	else
		err = writer_order_create(&r->app->writer, r->app->db, &o, &lim, code);
	switch (err) {
	case MODEL_OK:
	case MODEL_DUPLICATE:
		if (f.staff)
			snprintf(url, sizeof(url), "/desk/order/%s", code);
		else
			order_form_manage_url(r, &f, url);
		rc = page_redirect(r, url);
		break;
	case MODEL_LIMIT_PHONE:
	case MODEL_LIMIT_CLIENT:
		rc = order_form_limit(r, &f, err, &lim);
		break;
	case MODEL_BUSY:
	case MODEL_FULL:
		http_header(r, "Retry-After", "5");
		f.notice = "系统正忙，您的申请还没有保存。请稍等片刻，再点一次“提交申请”。";
		rc = order_form_render(r, &f, 503);
		break;
	default:
		rc = 500;
		break;
	}
out:
	order_form_free(&f);
	return rc;
}

int
page_order_submit(struct req *r)
{
	struct order_form f = { .staff = 0 };

	return order_form_submit(r, &f);
}
