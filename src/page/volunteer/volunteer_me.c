/*
 * volunteer_me.c: a volunteer's record of service, "/v/me": confirmed hours
 * in all and by month, points, 星级 (model/stars.h), the history of tasks,
 * links to the record as a CSV (volunteer_record.c); their consent to the
 * honour roll (光荣榜) and the display name shown there ("/v/me/roll"); a
 * certificate of service (志愿服务记录证明) issued by the center
 * with a verification code, printable on one A4 page (static/print.css),
 * and "/verify/{code}", where anyone can check such a code (both with the
 * stars of the hours the certificate covers); and the 消息设置 form (抢单
 * broadcasts, quiet hours), which volunteer_me_messages.c answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "model/exchange.h"
#include "model/honour.h"
#include "model/hours.h"
#include "model/stars.h"
#include "model/volunteer.h"
#include "http/session.h"
#include "lib/validate.h"
#include "page/part/page.h"
#include "page/volunteer/volunteer_me.h"

/* Writes minutes as hours with one decimal ("12.5") into out. */
static void
hours_text(int64_t minutes, char out[24])
{
	snprintf(out, 24, "%lld.%lld", (long long)(minutes / 60),
	    (long long)((minutes % 60) * 10 / 60));
}

/* Shows the STARS section of d for minutes of confirmed service under the
 * thresholds in force: the stars, their name for screen readers and the
 * hours to the next star. Returns 0, or -1 on a database error. */
static int
stars_fill(struct req *r, struct tmpl_dict *d, int64_t minutes)
{
	struct star_levels l;
	struct tmpl_dict *s;
	int n;

	if (stars_read(r->app->db, &l) != DB_OK)
		return -1;
	n = stars_of(&l, minutes);
	s = tmpl_add_section(d, "STARS");
	if (n > 0) {
		tmpl_set(s, "GLYPHS", stars_glyphs(n));
		tmpl_set(s, "TITLE", stars_title(n));
		tmpl_show(s, "HAS_STARS");
	} else
		tmpl_show(s, "NO_STARS");
	if (n < STARS_MAX) {
		/* Rounded up to a tenth of an hour: one minute short is 0.1. */
		int64_t tenths = (stars_to_next(&l, minutes) * 10 + 59) / 60;
		char next[32];

		snprintf(next, sizeof(next), "%lld.%lld", (long long)(tenths / 10),
		    (long long)(tenths % 10));
		tmpl_set(s, "TO_NEXT", next);
		tmpl_set(s, "NEXT_TITLE", stars_title(n + 1));
		tmpl_show(s, "HAS_NEXT");
	} else
		tmpl_show(s, "TOP");
	return 0;
}

static void
add_month(void *arg, const char *month, int64_t minutes)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "MONTH");
	char h[24];

	hours_text(minutes, h);
	tmpl_set(d, "MONTH", month);
	tmpl_set(d, "HOURS", h);
}

static void
add_record(void *arg, const struct hour *h)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "RECORD");
	char when[20], hh[24];

	time_format_cst(h->started_at, when);
	when[10] = '\0';
	hours_text(h->minutes, hh);
	tmpl_set(d, "DATE", when);
	tmpl_set(d, "SERVICE", h->service[0] ? h->service : "志愿服务");
	tmpl_set(d, "WHAT", h->what);
	tmpl_set(d, "HOURS", hh);
	tmpl_show(d, strcmp(h->status, "confirmed") == 0 ? "CONFIRMED" : "PENDING");
	if (h->corrected)
		tmpl_show(d, "CORRECTED");
}

void
vme_hhmm(int minutes, char out[6])
{
	unsigned m = minutes < 0 ? 0 : (unsigned)minutes % 1440;

	snprintf(out, 6, "%02u:%02u", (m / 60) % 24u, m % 60u);
}

/* Fills the 消息设置 form into d: what was typed (f), or the stored
 * preferences of volunteer vid. Returns 0, or -1 on a database error. */
static int
prefs_fill(struct req *r, struct tmpl_dict *d, int64_t vid, const struct vme_prefs_form *f)
{
	const struct config *cfg = r->app->cfg;
	struct volunteer_prefs p;
	char from[6] = "", to[6] = "", def[64];

	if (cfg->quiet_from != cfg->quiet_to) {
		char a[6], b[6];

		vme_hhmm(cfg->quiet_from, a);
		vme_hhmm(cfg->quiet_to, b);
		snprintf(def, sizeof(def), "%s–%s", a, b);
		tmpl_set(d, "QUIET_FROM_HINT", a);
		tmpl_set(d, "QUIET_TO_HINT", b);
	} else
		snprintf(def, sizeof(def), "%s", "本站默认不设免打扰");
	tmpl_set(d, "QUIET_DEFAULT", def);
	if (f) {
		if (f->broadcasts)
			tmpl_show(d, "BROADCASTS");
		tmpl_set(d, "QUIET_FROM", f->quiet_from ? f->quiet_from : "");
		tmpl_set(d, "QUIET_TO", f->quiet_to ? f->quiet_to : "");
		if (f->err_from)
			tmpl_set(tmpl_add_section(d, "E_QUIET_FROM"), "MSG", f->err_from);
		if (f->err_to)
			tmpl_set(tmpl_add_section(d, "E_QUIET_TO"), "MSG", f->err_to);
		return 0;
	}
	if (volunteer_message_prefs(r->app->db, vid, &p) != MODEL_OK)
		return -1;
	if (p.broadcasts)
		tmpl_show(d, "BROADCASTS");
	if (p.quiet_from >= 0 && p.quiet_to >= 0) {
		vme_hhmm(p.quiet_from, from);
		vme_hhmm(p.quiet_to, to);
	}
	tmpl_set(d, "QUIET_FROM", from);
	tmpl_set(d, "QUIET_TO", to);
	return 0;
}

int
vme_page(struct req *r, int status, const char *typed_name, int typed_on,
    const char *error, const struct vme_prefs_form *prefs, const char *notice)
{
	const struct volunteer *v = &r->volunteer->v;
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "我的服务记录", "vme.tpl", "vme");
	int64_t confirmed = 0, pending = 0;
	char h[24], stored[96];
	int on_roll = 0;

	if (hours_totals(r->app->db, v->id, &confirmed, &pending, add_month, d) != DB_OK ||
	    hours_each_of(r->app->db, v->id, add_record, d) != DB_OK ||
	    honour_get(r->app->db, v->id, &on_roll, stored) != DB_OK ||
	    prefs_fill(r, d, v->id, prefs) != 0 || stars_fill(r, d, confirmed) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (typed_name) {
		tmpl_set(d, "DISPLAY_NAME", typed_name);
		on_roll = typed_on;
	} else
		tmpl_set(d, "DISPLAY_NAME", stored);
	if (on_roll)
		tmpl_show(d, "ON_ROLL");
	if (error) {
		tmpl_set(d, "ROLL_ERROR", error);
		tmpl_show(d, "HAS_ROLL_ERROR");
	}
	tmpl_set(d, "NAME", v->name);
	tmpl_set(d, "NUMBER", v->number);
	if (v->party_member)
		tmpl_show(d, "PARTY");
	hours_text(confirmed, h);
	tmpl_set(d, "HOURS", h);
	hours_text(pending, h);
	tmpl_set(d, "PENDING", h);
	/* The points they may spend: earned less what 积分兑换 holds. */
	{
		struct points pts;
		if (exchange_points(r->app->db, v->id, r->app->cfg->points_per_hour,
		    &pts) != MODEL_OK) {
			tmpl_dict_free(pg.layout);
			return 500;
		}
		tmpl_set_int(d, "POINTS", pts.balance);
		if (pts.held > 0) {
			struct tmpl_dict *x = tmpl_add_section(d, "SPENT");
			tmpl_set_int(x, "EARNED", pts.earned);
			tmpl_set_int(x, "HELD", pts.held);
		}
	}
	tmpl_set_int(d, "PER_HOUR", r->app->cfg->points_per_hour);
	tmpl_set(d, "CSRF", r->volunteer->sess.csrf);
	return page_finish_private(r, &pg, status, notice);
}

int
page_vme(struct req *r)
{
	const char *saved = kv_get(&r->query, "saved");

	return vme_page(r, 200, NULL, 0, NULL, NULL,
	    saved && strcmp(saved, "roll") == 0 ? "光荣榜设置已保存。" :
	    saved && strcmp(saved, "messages") == 0 ? "消息设置已保存。" : NULL);
}

/* Returns 1 if s holds what looks like part of a phone number: more than
 * four digits (ASCII or full-width) in all. */
static int
has_phone_digits(const char *s)
{
	int n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			n++;
		else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99)
			n++;	/* U+FF10..U+FF19, ０..９ */
	}
	return n > 4;
}

int
page_vme_roll(struct req *r)
{
	const char *raw = kv_get(&r->form, "display_name");
	int on = kv_get(&r->form, "on_roll") != NULL;
	char *name = str_trim(raw ? raw : "");
	char msg[160];
	enum valid v;
	enum db_err e;
	int rc;

	/* A name is needed to be shown; withdrawing needs none. */
	v = valid_line(name, 20, on);
	if (v != VALID_OK) {
		if (v == VALID_REQUIRED)
			snprintf(msg, sizeof(msg), "%s", "要上光荣榜，请填写榜上显示名");
		else
			valid_message(v, 20, msg, sizeof(msg));
		rc = vme_page(r, 400, name, on, msg, NULL, NULL);
	} else if (has_phone_digits(name)) {
		rc = vme_page(r, 400, name, on,
		    "榜上显示名不能含电话号码或编号（最多4个数字）", NULL, NULL);
	} else if ((e = honour_set(r->app->db, r->volunteer->v.id, on, name)) != DB_OK) {
		rc = model_status(model_err_of(e));
	} else
		rc = page_redirect(r, "/v/me?saved=roll");
	free(name);
	return rc;
}

int
page_vme_certificate(struct req *r)
{
	char code[13], url[40];
	enum db_err e = cert_issue(r->app->db, r->volunteer->v.id, code);

	if (e != DB_OK)
		return model_status(model_err_of(e));
	snprintf(url, sizeof(url), "/v/certificate/%s", code);
	return page_redirect(r, url);
}

/* Fills a certificate's figures into d. */
static void
cert_fill(struct tmpl_dict *d, const struct certificate *c)
{
	char when[20], h[24];

	time_format_cst(c->issued_at, when);
	when[10] = '\0';
	hours_text(c->minutes, h);
	tmpl_set(d, "CODE", c->code);
	tmpl_set(d, "NUMBER", c->number);
	tmpl_set(d, "ISSUED", when);
	tmpl_set(d, "HOURS", h);
	tmpl_set_int(d, "RECORDS", c->records);
}

int
page_vcertificate(struct req *r)
{
	struct certificate c;
	struct page pg;
	struct tmpl_dict *d;
	char base[256];
	int found = 0;

	if (cert_find(r->app->db, r->params[0], &c, &found) != DB_OK)
		return 500;
	/* A volunteer sees only their own certificates. */
	if (!found || strcmp(c.number, r->volunteer->v.number) != 0)
		return 404;
	d = page_begin(r, &pg, "志愿服务记录证明", "vcertificate.tpl", "vme");
	cert_fill(d, &c);
	tmpl_set(d, "NAME", c.name);
	tmpl_set(d, "VERIFY_URL", page_base_url(r, base, sizeof(base)));
	/* Printed on one A4 page, without the site's navigation. */
	tmpl_show(pg.layout, "PRINT_CSS");
	if (cert_each_hour(r->app->db, c.code, add_record, d) != DB_OK ||
	    stars_fill(r, d, c.minutes) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish(r, &pg);
}

int
page_verify(struct req *r)
{
	struct certificate c;
	struct page pg;
	struct tmpl_dict *d;
	char masked[64];
	int found = 0;

	if (strlen(r->params[0]) != 12 || cert_find(r->app->db, r->params[0], &c, &found) != DB_OK)
		found = 0;
	d = page_begin(r, &pg, "证明核验", "verify.tpl", NULL);
	if (!found) {
		tmpl_set(d, "TYPED", r->params[0]);
		tmpl_show(d, "UNKNOWN");
		http_status(r, 404);
		return page_finish(r, &pg);
	}
	/* The holder shows the paper with the full name; the public page
	 * shows only the family name, enough to match it. */
	{
		size_t first = 1;
		while (first < strlen(c.name) && ((unsigned char)c.name[first] & 0xc0) == 0x80)
			first++;
		snprintf(masked, sizeof(masked), "%.*s**", (int)first, c.name);
	}
	cert_fill(d, &c);
	tmpl_set(d, "NAME", masked);
	tmpl_show(d, "GENUINE");
	/* The stars of the hours the certificate covers. */
	if (stars_fill(r, d, c.minutes) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	return page_finish(r, &pg);
}
