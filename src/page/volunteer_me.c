/*
 * volunteer_me.c: a volunteer's record of service, "/v/me": confirmed hours
 * in all and by month, points, the history of tasks; a printable certificate
 * of service (志愿服务记录证明) issued by the center with a verification code,
 * and "/verify/{code}", where anyone can check such a code.
 */
#include <stdio.h>
#include <string.h>

#include "../app.h"
#include "../model/hours.h"
#include "../session.h"
#include "page.h"

/* Writes minutes as hours with one decimal ("12.5") into out. */
static void
hours_text(int64_t minutes, char out[24])
{
	snprintf(out, 24, "%lld.%lld", (long long)(minutes / 60),
	    (long long)((minutes % 60) * 10 / 60));
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

int
page_vme(struct req *r)
{
	const struct volunteer *v = &r->volunteer->v;
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "我的服务记录", "vme.tpl", "vme");
	int64_t confirmed = 0, pending = 0;
	char h[24];

	if (hours_totals(r->app->db, v->id, &confirmed, &pending, add_month, d) != DB_OK ||
	    hours_each_of(r->app->db, v->id, add_record, d) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	tmpl_set(d, "NAME", v->name);
	tmpl_set(d, "NUMBER", v->number);
	if (v->party_member)
		tmpl_show(d, "PARTY");
	hours_text(confirmed, h);
	tmpl_set(d, "HOURS", h);
	hours_text(pending, h);
	tmpl_set(d, "PENDING", h);
	tmpl_set_int(d, "POINTS", confirmed * r->app->cfg->points_per_hour / 60);
	tmpl_set_int(d, "PER_HOUR", r->app->cfg->points_per_hour);
	tmpl_set(d, "CSRF", r->volunteer->sess.csrf);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

int
page_vme_certificate(struct req *r)
{
	char code[13], url[40];
	enum db_err e = cert_issue(r->app->db, r->volunteer->v.id, code);

	if (e != DB_OK)
		return e == DB_BUSY || e == DB_FULL ? 503 : 500;
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
	if (cert_each_hour(r->app->db, c.code, add_record, d) != DB_OK) {
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
	return page_finish(r, &pg);
}
