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
 * This file is the form: its fields, read and shown (with the errors and
 * notices the other steps set). A POST is checked and stored by
 * order_submit.c; step 2 is order_confirm.c; what they share, order_form.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "http/app.h"
#include "http/csrf.h"
#include "page/part/kept_page.h"
#include "model/org.h"
#include "model/service.h"
#include "http/session.h"
#include "page/part/hotline.h"
#include "page/part/page.h"
#include "page/public/order_form.h"

const struct order_field order_form_fields[F__MAX] = {
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
		const char *v = i == F_PHOTO ? NULL : kv_get(kv, order_form_fields[i].name);
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

void
order_form_error(struct order_form *f, enum field i, const char *msg)
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
			tmpl_set(e, "FIELD", order_form_fields[i].name);
			tmpl_set(e, "LABEL", order_form_fields[i].label);
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
