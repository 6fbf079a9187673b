/*
 * site_poster.c: a site's printable poster "/sites/{id}/poster" (A4 by the
 * print styles: the site's name, 扫码点单, a big QR code and how to use it)
 * and its QR code "/sites/{id}/qr.svg", which opens the order form with the
 * site already chosen: BASE/order/new?site=CODE, the code %-encoded
 * (codes may hold '/' or Chinese).
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "http/form.h"
#include "model/site.h"
#include "view/qr.h"
#include "page/part/hotline.h"
#include "page/part/page.h"

/* What the poster and QR code need of a site, copied out of its row. */
struct poster {
	char	name[NAME_SIZE];
	char	code[128];
	char	kind[12];
	char	kind_label[40];
	char	parent_kind[12];
	char	phone[64];
	int	is_demo;
};

/* Copies the site's row into the struct poster at arg. */
static void
poster_read(void *arg, const struct site *s)
{
	struct poster *p = arg;

	snprintf(p->name, sizeof(p->name), "%s", s->name);
	snprintf(p->code, sizeof(p->code), "%s", s->code);
	snprintf(p->kind, sizeof(p->kind), "%s", s->kind);
	snprintf(p->kind_label, sizeof(p->kind_label), "%s",
	    site_kind_label(s->kind, s->base_kind));
	snprintf(p->parent_kind, sizeof(p->parent_kind), "%s", s->parent_kind);
	snprintf(p->phone, sizeof(p->phone), "%s", s->office_phone);
	p->is_demo = s->is_demo;
}

/* Loads the site of the path's {id} into p. Returns 0, 404 or 500. */
static int
poster_load(struct req *r, struct poster *p)
{
	int found = 0;

	if (site_get(r->app->db, r->path_id, poster_read, p, &found) != DB_OK)
		return 500;
	return found ? 0 : 404;
}

/* Appends the absolute address of the order form for the site to b. */
static void
poster_url(struct req *r, const struct poster *p, struct buf *b)
{
	char base[256];

	buf_puts(b, page_base_url(r, base, sizeof(base)));
	buf_puts(b, "/order/new?site=");
	url_encode(b, p->code);
}

int
page_site_poster(struct req *r)
{
	struct poster p = { 0 };
	struct page pg;
	struct tmpl_dict *d;
	struct buf url;
	char title[NAME_SIZE + 64];
	int rc;

	if ((rc = poster_load(r, &p)) != 0)
		return rc;
	snprintf(title, sizeof(title), "%s 扫码点单海报", p.name);
	d = page_begin(r, &pg, title, "site_poster.tpl", "sites");
	tmpl_set_int(d, "ID", r->path_id);
	tmpl_set(d, "NAME", p.name);
	tmpl_set(d, "KIND", p.kind_label);
	if (p.is_demo)
		tmpl_show(d, "DEMO");
	tmpl_show(d, site_order_preset(p.kind, p.parent_kind) ? "PRESET" : "NO_PRESET");
	if (p.phone[0]) {
		tmpl_set(d, "PHONE", p.phone);
		tmpl_show(d, "HAS_PHONE");
	}
	if (hotline_fill(r, d, 0) != 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	buf_init(&url);
	poster_url(r, &p, &url);
	tmpl_set(d, "ORDER_URL", url.data);
	buf_free(&url);
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

int
page_site_qr(struct req *r)
{
	struct poster p = { 0 };
	struct buf url, svg;
	char title[NAME_SIZE + 64];
	int rc;

	if ((rc = poster_load(r, &p)) != 0)
		return rc;
	buf_init(&url);
	buf_init(&svg);
	poster_url(r, &p, &url);
	snprintf(title, sizeof(title), "扫码点单：打开%s的点单页面的二维码", p.name);
	if (qr_svg(url.data, title, &svg) != 0) {
		buf_free(&url);
		buf_free(&svg);
		return 500;
	}
	http_header(r, "Content-Type", "image/svg+xml; charset=utf-8");
	/* A site's code rarely changes, but an import may change it. */
	/* The link is built from SIDAN_BASE_URL or the request's Host: caches
	 * must ask again (and keep copies apart by Host). */
	http_header(r, "Cache-Control", "no-cache");
	http_header(r, "Vary", "Host");
	http_body(r, svg.data, svg.len);
	buf_free(&url);
	buf_free(&svg);
	return 0;
}
