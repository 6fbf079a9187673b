/*
 * news.c: 工作动态 for the public. "/news" lists the published articles,
 * newest first, 20 a page (?page=N); "/news/{id}" is one published article
 * (a draft, or no such article, is 404): its date, the place it concerns,
 * its platform, the byline (the author's place, never a person's name: an
 * article speaks for its unit), its paragraphs and its photos as lazy
 * thumbnails linking to the full size; "/news.atom" is the Atom 1.0 feed of
 * the latest 20, with absolute links, announced in the head of /news and
 * the home page. Also the pieces other pages show (news.h): the latest
 * articles of a place or a platform, an article's paragraphs and photos.
 * Staff text is plain text, escaped everywhere (templates auto-escape; the
 * feed goes through api/xml.c's escaper).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/xml.h"
#include "http/app.h"
#include "lib/utf8.h"
#include "lib/validate.h"
#include "model/photo.h"
#include "page/part/page.h"
#include "page/part/photo_upload.h"
#include "page/public/news.h"

/* How many characters of its text a list shows of an article. */
#define EXCERPT_BYTES	240	/* about 80 Chinese characters */
/* How wide thumbnails are shown (CSS pixels; the files are up to 320 px):
 * set in each <img>'s width and height, so pages need no style of their
 * own and keep within their budget (the stylesheet counts against every
 * page's 60 KB). */
#define LIST_THUMB_PX	96
#define GALLERY_THUMB_PX	160

/* Sets WIDTH and HEIGHT in s to p's thumbnail fitted within max pixels
 * wide (never enlarged). */
static void
thumb_fit(struct tmpl_dict *s, const struct photo *p, int max)
{
	int w = p->m.thumb.width, h = p->m.thumb.height;

	if (w > max && w > 0) {
		h = (int)(((long long)h * max + w / 2) / w);
		w = max;
	}
	tmpl_set_int(s, "WIDTH", w);
	tmpl_set_int(s, "HEIGHT", h > 0 ? h : 1);
}

/* Writes the Beijing date of t as "2026年6月15日" into words and as
 * "2026-06-15" into day (11 bytes). */
static void
date_words(int64_t t, char *words, size_t len, char day[11])
{
	char s[20];
	int y = 0, m = 0, d = 0;

	time_format_cst(t, s);
	sscanf(s, "%d-%d-%d", &y, &m, &d);
	snprintf(words, len, "%d年%d月%d日", y, m, d);
	memcpy(day, s, 10);
	day[10] = '\0';
}

void
news_fill(struct tmpl_dict *d, const struct news *n)
{
	char words[40], day[11];

	date_words(n->published ? n->published_at : n->updated_at, words, sizeof(words), day);
	tmpl_set_int(d, "NEWS_ID", n->id);
	tmpl_set(d, "NEWS_TITLE", n->title);
	tmpl_set(d, "DATE", words);
	tmpl_set(d, "DAY", day);
	tmpl_set(d, "PLACE", n->org_name);
	tmpl_set_int(d, "PLACE_ID", n->org_id);
	tmpl_set(d, "UNIT", n->author_unit);
	if (n->platform_id) {
		tmpl_set(d, "PLATFORM", n->platform_name);
		tmpl_set(d, "PLATFORM_CODE", n->platform_code);
		tmpl_show(d, "HAS_PLATFORM");
	}
	if (n->activity_id) {
		struct tmpl_dict *a = tmpl_add_section(d, "IS_FENGCAI");
		tmpl_set_int(a, "ACTIVITY_ID", n->activity_id);
		tmpl_set(a, "ACTIVITY_TITLE", n->activity_title);
	}
	if (n->is_demo)
		tmpl_show(d, "NEWS_DEMO");
}

/* Returns the length of the blank line at s (spaces, tabs, ideographic
 * spaces, then a line break or the end), or 0 if the line holds text. */
static size_t
blank_line(const char *s)
{
	const char *p = s;

	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += 3;
		else
			break;
	}
	if (*p == '\n')
		return (size_t)(p - s) + 1;
	return *p == '\0' ? (size_t)(p - s) : 0;
}

/* Adds the paragraph s[0..n) to d, trimmed, unless it is empty. */
static int
add_paragraph(struct tmpl_dict *d, const char *section, const char *s, size_t n)
{
	char *t = xstrndup(s, n), *trimmed = str_trim(t);
	int added = 0;

	if (*trimmed) {
		tmpl_set(tmpl_add_section(d, section), "TEXT", trimmed);
		added = 1;
	}
	free(trimmed);
	free(t);
	return added;
}

int
news_paragraphs(struct tmpl_dict *d, const char *section, const char *body)
{
	const char *start = body, *p = body;
	int n = 0;
	size_t k;

	while (*p) {
		/* p is at the start of a line. */
		if ((k = blank_line(p)) > 0) {
			n += add_paragraph(d, section, start, (size_t)(p - start));
			p += k;
			start = p;
			continue;
		}
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
	}
	n += add_paragraph(d, section, start, (size_t)(p - start));
	return n;
}

/* Writes the first words of body, on one line, into out (len bytes),
 * ending in "…" when there is more. */
static void
excerpt(const char *body, char *out, size_t len)
{
	int keep = utf8_prefix(body, EXCERPT_BYTES);
	size_t n = 0;

	for (int i = 0; i < keep && n + 1 < len; i++)
		out[n++] = body[i] == '\n' || body[i] == '\t' ? ' ' : body[i];
	out[n] = '\0';
	if (body[keep] && n + 4 < len)
		memcpy(out + n, "…", sizeof("…"));
}

/* The list being filled by news_add_latest. */
struct latest {
	struct tmpl_dict	*d;	/* the include's dictionary */
	struct tmpl_dict	*list;	/* its LIST section, once there is a row */
	int			 n;
};

/* Adds one article to the list. */
static void
add_latest(void *arg, const struct news *n)
{
	struct latest *l = arg;
	struct tmpl_dict *e;
	char ex[EXCERPT_BYTES + 8];

	if (l->list == NULL)
		l->list = tmpl_add_section(l->d, "LIST");
	e = tmpl_add_section(l->list, "NEWS");
	news_fill(e, n);
	excerpt(n->body, ex, sizeof(ex));
	tmpl_set(e, "EXCERPT", ex);
	if (n->has_thumb) {
		struct photo p = { .kind = PHOTO_NEWS, .news_id = n->id, .m = n->thumb };
		thumb_fit(photo_show(e, "THUMB_IMG", &p), &p, LIST_THUMB_PX);
	}
	l->n++;
}

int
news_add_latest(struct req *r, struct tmpl_dict *d, const struct news_filter *f,
    int all_link, int *more)
{
	struct latest l = { tmpl_add_include(d, "NEWS_LATEST", "news_latest.tpl"), NULL, 0 };

	if (news_each_published(r->app->db, f, add_latest, &l, more) != DB_OK)
		return -1;
	if (l.n == 0)
		tmpl_show(l.d, "NO_NEWS");
	if (all_link)
		tmpl_show(l.d, "ALL_LINK");
	return l.n;
}

/* Counts photos while adding them, for their ALT text. */
struct photos {
	struct tmpl_dict	*d;
	const char		*section;
	int			 n;
};

static void
add_photo(void *arg, const struct photo *p)
{
	struct photos *ph = arg;
	struct tmpl_dict *s = photo_show(ph->d, ph->section, p);
	char alt[48];

	snprintf(alt, sizeof(alt), "第 %d 张照片", ++ph->n);
	tmpl_set(s, "ALT", alt);
	thumb_fit(s, p, GALLERY_THUMB_PX);
}

int
news_photos(struct req *r, struct tmpl_dict *d, const char *section, int64_t id)
{
	struct photos ph = { d, section, 0 };

	if (photo_each_of_news(r->app->db, id, add_photo, &ph) != DB_OK)
		return -1;
	return ph.n;
}

int
page_news_list(struct req *r)
{
	struct news_filter f = { .limit = NEWS_PER_PAGE };
	int n = page_number(kv_get(&r->query, "page")), more = 0, rows;
	struct page pg;
	struct tmpl_dict *d;
	char title[48], href[32];

	if (n > 0 && (rows = page_etag_counts(r, "nl", n, 1)) != 0)
		return rows == 1 ? 0 : rows;
	if (n == 0) {
		/* A page number that is not one: the first page, saying so. */
		n = 1;
		d = page_begin(r, &pg, "工作动态", "news_list.tpl", "news");
		tmpl_set(d, "FLASH", "页码不对：页码是从 1 开始的整数。下面是第一页。");
		tmpl_show(d, "HAS_FLASH");
	} else {
		if (n > 1)
			snprintf(title, sizeof(title), "工作动态（第 %d 页）", n);
		d = page_begin(r, &pg, n > 1 ? title : "工作动态", "news_list.tpl", "news");
	}
	tmpl_show(pg.layout, "FEED");
	f.offset = (n - 1) * NEWS_PER_PAGE;
	if ((rows = news_add_latest(r, d, &f, 0, &more)) < 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (rows == 0 && n > 1) {
		tmpl_set(d, "FLASH", "这一页没有工作动态了。请回到第一页。");
		tmpl_show(d, "HAS_FLASH");
	}
	if (n > 1) {
		snprintf(href, sizeof(href), "/news?page=%d", n - 1);
		tmpl_set(d, "PREV_HREF", href);
		tmpl_show(d, "HAS_PREV");
	}
	if (more) {
		snprintf(href, sizeof(href), "/news?page=%d", n + 1);
		tmpl_set(d, "NEXT_HREF", href);
		tmpl_show(d, "HAS_NEXT");
	}
	if (more || n > 1)
		tmpl_show(d, "PAGER");
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

/* What the article page found (copied: the model's strings die with the
 * next query). */
struct article {
	struct tmpl_dict	*d;
	int			 published;
	char			 title[256];
};

static void
got_article(void *arg, const struct news *n)
{
	struct article *a = arg;

	a->published = n->published;
	if (!n->published)
		return;		/* nothing of a draft reaches the page */
	snprintf(a->title, sizeof(a->title), "%s", n->title);
	news_fill(a->d, n);
	news_paragraphs(a->d, "PARA", n->body);
}

int
page_news(struct req *r)
{
	struct article a = { 0 };
	struct page pg;
	int found = 0, photos, rc;

	if ((rc = page_etag_counts(r, "n", r->path_id, 1)) != 0)
		return rc == 1 ? 0 : rc;
	a.d = page_begin(r, &pg, "工作动态", "news.tpl", "news");
	if (news_get(r->app->db, r->path_id, got_article, &a, &found) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (!found || !a.published) {
		tmpl_dict_free(pg.layout);
		return 404;
	}
	tmpl_set(pg.layout, "TITLE", a.title);
	if ((photos = news_photos(r, a.d, "PHOTO", r->path_id)) < 0) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (photos > 0) {
		tmpl_set_int(a.d, "N_PHOTOS", photos);
		tmpl_show(a.d, "HAS_PHOTOS");
	}
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

/*
 * The Atom feed. xml.c writes elements with escaped text; the few elements
 * with attributes (feed, link) are written here, their values (links built
 * from the base URL and ids) escaped by attr().
 */

/* Appends s escaped for a double-quoted attribute value, dropping control
 * characters. */
static void
attr(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default:
			if (*p >= 0x20 && *p != 0x7f)
				buf_append(b, p, 1);
		}
	}
}

/* Appends <link rel="rel" type="type" href="base+path"/>. */
static void
atom_link(struct buf *b, const char *rel, const char *type, const char *base,
    const char *path)
{
	buf_printf(b, "<link rel=\"%s\" type=\"%s\" href=\"", rel, type);
	attr(b, base);
	attr(b, path);
	buf_puts(b, "\"/>\n");
}

/* Writes t as an RFC 3339 date-time in Beijing time into out[26]. */
static void
rfc3339(int64_t t, char out[26])
{
	char s[20];

	time_format_cst(t, s);
	s[10] = 'T';
	snprintf(out, 26, "%s+08:00", s);
}

/* The feed being written: its entries and the latest change among them. */
struct feed {
	struct buf	 entries;
	const char	*base;
	int64_t		 updated;
};

/* Appends one article as an entry. */
static void
add_entry(void *arg, const struct news *n)
{
	struct feed *f = arg;
	struct buf *b = &f->entries;
	char path[48], when[26];

	snprintf(path, sizeof(path), "/news/%lld", (long long)n->id);
	xml_open(b, "entry");
	buf_puts(b, "\n");
	xml_elem(b, "title", n->title);
	atom_link(b, "alternate", "text/html", f->base, path);
	buf_puts(b, "<id>");
	attr(b, f->base);
	attr(b, path);
	buf_puts(b, "</id>\n");
	rfc3339(n->published_at, when);
	xml_elem(b, "published", when);
	rfc3339(n->updated_at > n->published_at ? n->updated_at : n->published_at, when);
	xml_elem(b, "updated", when);
	xml_open(b, "author");
	xml_elem(b, "name", n->author_unit);
	xml_close(b, "author");
	buf_puts(b, "\n");
	if (n->activity_id)
		buf_puts(b, "<category term=\"活动风采\"/>\n");
	/* type="text" (Atom's default): the body as written, escaped. */
	xml_elem(b, "content", n->body);
	buf_puts(b, "\n");
	xml_close(b, "entry");
	buf_puts(b, "\n");
	if (n->updated_at > f->updated)
		f->updated = n->updated_at;
	if (n->published_at > f->updated)
		f->updated = n->published_at;
}

int
page_news_atom(struct req *r)
{
	struct news_filter nf = { .limit = NEWS_PER_PAGE };
	struct feed f = { .updated = 0 };
	struct buf out;
	char base[256], when[26];

	page_base_url(r, base, sizeof(base));
	f.base = base;
	buf_init(&f.entries);
	if (news_each_published(r->app->db, &nf, add_entry, &f, NULL) != DB_OK) {
		buf_free(&f.entries);
		return 500;
	}
	buf_init(&out);
	xml_begin(&out);
	buf_puts(&out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
	xml_elem(&out, "title", "文明朔城 工作动态");
	buf_puts(&out, "\n");
	xml_elem(&out, "subtitle", "朔城区新时代文明实践中心和各实践所、站的工作动态与活动风采");
	buf_puts(&out, "\n");
	atom_link(&out, "alternate", "text/html", base, "/news");
	atom_link(&out, "self", "application/atom+xml", base, "/news.atom");
	buf_puts(&out, "<id>");
	attr(&out, base);
	buf_puts(&out, "/news</id>\n");
	rfc3339(f.updated ? f.updated : now_unix(), when);
	xml_elem(&out, "updated", when);
	buf_puts(&out, "\n");
	xml_open(&out, "author");
	xml_elem(&out, "name", "朔城区新时代文明实践中心");
	xml_close(&out, "author");
	buf_puts(&out, "\n");
	buf_append(&out, f.entries.data, f.entries.len);
	buf_puts(&out, "</feed>\n");
	buf_free(&f.entries);
	http_header(r, "Content-Type", "application/atom+xml; charset=utf-8");
	http_header(r, "Cache-Control", "no-cache");
	http_body(r, out.data, out.len);
	buf_free(&out);
	return 0;
}
