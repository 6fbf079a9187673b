/*
 * order_submit.c: a submitted 点单 form, checked and stored (POST
 * /order/new, and the desk's 代录 through order_form_submit). Every field is
 * checked; a problem is shown beside its field with everything typed kept
 * (order_form.c renders the form). A good form becomes a request: through
 * the writer process when it carries no photos, else by this worker, which
 * publishes the photos; with an SMS gateway a resident's mobile goes to the
 * 验证码 step first (order_confirm.c). The form's nonce makes a double
 * submit land on the same request and the same manage link.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "http/app.h"
#include "http/csrf.h"
#include "http/session.h"
#include "model/order.h"
#include "model/org.h"
#include "model/service.h"
#include "lib/phone.h"
#include "lib/validate.h"
#include "page/part/page.h"
#include "page/public/order_form.h"

/* Checks every field; fills f's errors. Sets *org_id to the place chosen
 * and *service_id. Returns 0, or 500 on a database error. */
static int
check_fields(struct req *r, struct order_form *f, int64_t *service_id,
    int64_t *org_id)
{
	struct db *db = r->app->db;
	struct org_ref inst, st;
	char msg[96];
	int found;

	for (int i = 0; i < F__MAX; i++) {
		enum valid v = i == F_PHOTO ? VALID_OK :	/* files, read already */
		    i == F_PHONE ? phone_read(f->value[i], PHONE_ANY, f->phone) :
		    i == F_NEED ? valid_text(f->value[i], order_form_fields[i].max, order_form_fields[i].required) :
		    valid_line(f->value[i], order_form_fields[i].max, order_form_fields[i].required);
		if (v != VALID_OK) {
			valid_message(v, order_form_fields[i].max, msg, sizeof(msg));
			order_form_error(f, i, i == F_SERVICE && v == VALID_REQUIRED ?
			    "请选择服务项目" : i == F_INSTITUTE && v == VALID_REQUIRED ?
			    "请选择您所在的实践所（乡镇、街道）" : i == F_CONSENT ?
			    "请阅读并同意联系方式的使用说明，否则我们无法联系您" : msg);
		}
	}
	if (f->error[F_CONSENT][0] == '\0' && strcmp(f->value[F_CONSENT], "yes") != 0)
		order_form_error(f, F_CONSENT, "请阅读并同意联系方式的使用说明，否则我们无法联系您");
	*service_id = 0;
	if (f->error[F_SERVICE][0] == '\0') {
		*service_id = service_id_of(db, f->value[F_SERVICE]);
		if (*service_id < 0)
			return 500;
		if (*service_id == 0)
			order_form_error(f, F_SERVICE, "没有这个服务项目，请从列表中选择");
	}
	*org_id = 0;
	if (f->error[F_INSTITUTE][0] == '\0') {
		if (org_by_code(db, f->value[F_INSTITUTE], &inst, &found) != DB_OK)
			return 500;
		if (!found || strcmp(inst.kind, "institute") != 0)
			order_form_error(f, F_INSTITUTE, "请从列表中选择实践所");
		else
			*org_id = inst.id;
	}
	if (*org_id && f->value[F_STATION][0] && f->error[F_STATION][0] == '\0') {
		if (org_by_code(db, f->value[F_STATION], &st, &found) != DB_OK)
			return 500;
		if (!found || strcmp(st.kind, "station") != 0)
			order_form_error(f, F_STATION, "请从列表中选择实践站");
		else if (st.parent_id != inst.id)
			order_form_error(f, F_STATION, "所选实践站不属于所选的实践所，请重新选择");
		else
			*org_id = st.id;
	}
	if (f->staff) {
		if (strcmp(f->value[F_CHANNEL], "phone") != 0 &&
		    strcmp(f->value[F_CHANNEL], "walkin") != 0)
			order_form_error(f, F_CHANNEL, "请选择是电话登记还是现场登记");
		/* Staff enter requests only for their own part of the tree. */
		if (*org_id && f->scope_inst && inst.id != f->scope_inst)
			order_form_error(f, F_INSTITUTE, "只能登记本所范围内的申请");
		else if (*org_id && f->scope_station && *org_id != f->scope_station)
			order_form_error(f, F_STATION, "只能登记本站的申请，请选择本站");
	}
	return 0;
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
		if ((rc = photo_batch_read(r, order_form_fields[F_PHOTO].name, PHOTO_MAX_REQUEST,
		    &photos)) > 1)
			goto out;
		f.photos = &photos;
		if (rc == 1)
			order_form_error(&f, F_PHOTO, photos.error);
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
	if ((rc = check_fields(r, &f, &service_id, &org_id)) != 0)
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
