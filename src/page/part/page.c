/*
 * page.c: the site layout around every HTML page: title, navigation with the
 * current entry marked, the switch to and from 长辈模式 (large type, high
 * contrast, one column: the cookie "mode=elder", set by /mode), and the
 * footer. The body template is included into layout.tpl as {{>BODY}}.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "http/app.h"
#include "model/message.h"
#include "model/org.h"
#include "model/task.h"
#include "http/session.h"
#include "page/part/page.h"

/* The navigation bar, in order: key, label, link. */
static const struct {
	const char *key, *label, *href;
} nav_items[] = {
	{ "home", "首页", "/" },
	{ "order", "我要点单", "/order/new" },
	{ "track", "一码可查", "/track" },
	{ "activities", "活动", "/activities" },
	{ "news", "工作动态", "/news" },
	{ "sites", "阵地", "/sites" },
	{ "map", "一图可视", "/map" },
	{ "services", "服务菜单", "/services" },
	{ "platforms", "平台项目", "/platforms" },
	{ "figures", "服务数据", "/figures" },
	{ "honour", "光荣榜", "/honour" },
};

int
page_elder(struct req *r)
{
	const char *m = kv_get(&r->cookies, "mode");

	return m != NULL && strcmp(m, "elder") == 0;
}

/* Writes the link that switches r's page to the other mode and back to
 * the same path: "/mode?elder=1&next=%2Fpath" (the path percent-encoded,
 * so it is one query value; the query string of the page is not kept). */
static void
mode_href(struct req *r, int elder, char *out, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)(r->path && r->path[0] == '/' ? r->path : "/");
	size_t n = (size_t)snprintf(out, len, "/mode?elder=%d&next=", elder ? 0 : 1);

	for (; *p && n + 4 < len; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			out[n++] = (char)*p;
		else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
}

/* Adds the link to the inbox of (of, id) to the navigation section d:
 * "消息 3" with the unread count (one query through the inbox's index),
 * said whole to a screen reader; marked current when nav is key. */
static void
inbox_nav(struct req *r, struct tmpl_dict *d, enum inbox_of of, int64_t id,
    const char *nav, const char *key, const char *href)
{
	struct tmpl_dict *m = tmpl_add_section(d, "INBOX");
	int unread = message_unread(r->app->db, of, id);
	char label[48];

	tmpl_set(m, "INBOX_HREF", href);
	if (unread > 0) {
		snprintf(label, sizeof(label), "消息，未读%d条", unread);
		tmpl_set(m, "INBOX_LABEL", label);
		tmpl_set_int(m, "UNREAD", unread);
		tmpl_show(m, "HAS_UNREAD");
	}
	if (nav && strcmp(nav, key) == 0)
		tmpl_show(m, "INBOX_CURRENT");
}

struct tmpl_dict *
page_begin(struct req *r, struct page *pg, const char *title, const char *file,
    const char *nav)
{
	char href[640];
	int elder = page_elder(r);

	pg->layout = tmpl_dict_new();
	pg->vol_nav = NULL;
	pg->open_tasks = -1;
	tmpl_set(pg->layout, "TITLE", title);
	/* The switch is a plain link: it changes only how this browser shows
	 * pages (see mode.c), so it needs no form token and works on the
	 * pages a worker keeps for every visitor. */
	mode_href(r, elder, href, sizeof(href));
	tmpl_set(pg->layout, "MODE_HREF", href);
	tmpl_set(pg->layout, "MODE_LABEL", elder ? "标准模式" : "长辈模式");
	tmpl_set(pg->layout, "MODE_HINT", elder ? "恢复标准字号" : "大字号、高对比度");
	if (elder)
		tmpl_show(pg->layout, "ELDER");
	for (size_t i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
		struct tmpl_dict *n = tmpl_add_section(pg->layout, "NAV");
		tmpl_set(n, "LABEL", nav_items[i].label);
		tmpl_set(n, "HREF", nav_items[i].href);
		if (nav && strcmp(nav, nav_items[i].key) == 0)
			tmpl_show(n, "CURRENT");
	}
	/* What only signed-in pages use is in a stylesheet of its own, so a
	 * resident's first visit does not load it. */
	if (r->signin || r->volunteer)
		tmpl_show(pg->layout, "ANYONE_IN");
	if (r->signin) {
		struct tmpl_dict *u = tmpl_add_section(pg->layout, "SIGNED_IN");
		tmpl_set(u, "USER_NAME", r->signin->user.name);
		tmpl_set(u, "USER_ROLE", role_label(r->signin->user.role));
		tmpl_set(u, "SESSION_CSRF", r->signin->sess.csrf);
		if (nav && strcmp(nav, "desk") == 0)
			tmpl_show(u, "DESK_CURRENT");
		inbox_nav(r, u, INBOX_STAFF, r->signin->user.id, nav, "dinbox", "/desk/inbox");
	}
	if (r->volunteer) {
		/* New tasks for this volunteer show as a count in the navigation
		 * (page_finish fills it in). */
		struct tmpl_dict *v = tmpl_add_section(pg->layout, "VOLUNTEER_IN");
		pg->vol_nav = v;
		tmpl_set(v, "VOL_NAME", r->volunteer->v.name);
		tmpl_set(v, "VOL_CSRF", r->volunteer->sess.csrf);
		if (nav && strcmp(nav, "vtasks") == 0)
			tmpl_show(v, "TASKS_CURRENT");
		if (nav && strcmp(nav, "vme") == 0)
			tmpl_show(v, "ME_CURRENT");
		inbox_nav(r, v, INBOX_VOLUNTEER, r->volunteer->v.id, nav, "vinbox", "/v/inbox");
	}
	pg->body = tmpl_add_include(pg->layout, "BODY", file);
	return pg->body;
}

int
page_finish(struct req *r, struct page *pg)
{
	struct buf out;
	int rc;

	if (pg->vol_nav) {
		int open = pg->open_tasks >= 0 ? pg->open_tasks :
		    task_count_open(r->app->db, r->volunteer->v.id);
		if (open > 0) {
			tmpl_set_int(pg->vol_nav, "OPEN", open);
			tmpl_show(pg->vol_nav, "HAS_OPEN");
		}
	}
	buf_init(&out);
	rc = tmpl_expand("layout.tpl", pg->layout, &out);
	tmpl_dict_free(pg->layout);
	pg->layout = pg->body = NULL;
	if (rc != 0) {
		buf_free(&out);
		return 500;
	}
	http_body(r, out.data, out.len);
	buf_free(&out);
	return 0;
}

int
page_finish_private(struct req *r, struct page *pg, int status, const char *notice)
{
	if (notice) {
		tmpl_set(pg->body, "NOTICE", notice);
		tmpl_show(pg->body, "HAS_NOTICE");
	}
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, pg);
}

int
page_redirect(struct req *r, const char *location)
{
	return http_redirect(r, location);
}

const char *
page_base_url(struct req *r, char *buf, size_t len)
{
	const char *host = r->host && *r->host ? r->host : "localhost";

	int dflt = r->https ? 443 : 80;

	if (r->app->cfg->base_url)
		snprintf(buf, len, "%s", r->app->cfg->base_url);
	else if (r->port && r->port != dflt)
		snprintf(buf, len, "%s://%s:%d", r->https ? "https" : "http", host, r->port);
	else
		snprintf(buf, len, "%s://%s", r->https ? "https" : "http", host);
	return buf;
}

int
page_number(const char *v)
{
	long n = 0;

	if (v == NULL)
		return 1;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return 0;
		n = n * 10 + (*p - '0');
	}
	return n >= 1 && n <= 100000 ? (int)n : 0;
}

int
page_etag(struct req *r, const char *what)
{
	char tag[160];

	if (r->signin != NULL || r->volunteer != NULL)
		return 0;
	snprintf(tag, sizeof(tag), "%s-g%lld-%c", what, (long long)r->app->generation,
	    page_elder(r) ? 'e' : 's');
	return http_etag(r, tag);
}

int
page_etag_counts(struct req *r, const char *prefix, int64_t own, int news)
{
	int64_t places, articles = 0;
	char what[80];

	if ((news ? org_news_version(r->app->db, &places, &articles) :
	    org_places_version(r->app->db, &places)) != DB_OK)
		return 500;
	snprintf(what, sizeof(what), "%s%lld-%lld-%lld", prefix, (long long)own, (long long)places,
	    (long long)articles);
	if (!page_etag(r, what))
		return 0;
	http_header(r, "Cache-Control", "no-cache");
	return 1;
}

char *
page_etag_hash(const void *p, size_t n, char out[17])
{
	unsigned char h[8];

	crypto_generichash(h, sizeof(h), p, n, NULL, 0);
	sodium_bin2hex(out, 17, h, sizeof(h));
	return out;
}
