/*
 * platforms.c: the five platforms and the service projects: "/platforms"
 * (the platforms, each with its projects), "/projects" (the 10 fixed and 7
 * featured projects), and a page for each, "/platforms/{code}" and
 * "/projects/{code}": its summary, its services (each linked to the 点单
 * form with that service chosen), its upcoming activities and, for a
 * platform, its figures of the last twelve months and its latest 工作动态.
 * An unknown code is 404.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "model/catalog.h"
#include "model/portal.h"
#include "model/stats.h"
#include "page/part/page.h"
#include "page/public/news.h"

/* Adds a project to section (of d) with its link. */
static void
project_fill(struct tmpl_dict *d, const struct project *p)
{
	char href[80];

	snprintf(href, sizeof(href), "/projects/%s", p->code);
	tmpl_set(d, "NAME", p->name);
	tmpl_set(d, "HREF", href);
	tmpl_set(d, "SUMMARY", p->summary);
	if (p->platform[0]) {
		tmpl_set(d, "PLATFORM", p->platform);
		tmpl_show(d, "HAS_PLATFORM");
	}
}

static void
add_fixed(void *arg, const struct project *p)
{
	project_fill(tmpl_add_section(arg, "FIXED"), p);
}

static void
add_featured(void *arg, const struct project *p)
{
	project_fill(tmpl_add_section(arg, "FEATURED"), p);
}

static void
add_platform(void *arg, const struct platform *p)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "PLATFORM");
	char href[80];

	snprintf(href, sizeof(href), "/platforms/%s", p->code);
	tmpl_set(d, "NAME", p->name);
	tmpl_set(d, "CODE", p->code);
	tmpl_set(d, "HREF", href);
	tmpl_set(d, "SUMMARY", p->summary);
}

int
page_platforms(struct req *r)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "五大平台", "catalog.tpl", "platforms");

	tmpl_show(d, "PLATFORMS");
	if (catalog_each_platform(r->app->db, add_platform, d) != DB_OK ||
	    catalog_each_project(r->app->db, "fixed", add_fixed, d) != DB_OK ||
	    catalog_each_project(r->app->db, "featured", add_featured, d) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

int
page_projects(struct req *r)
{
	struct page pg;
	struct tmpl_dict *d = page_begin(r, &pg, "志愿服务项目", "catalog.tpl", "platforms");

	tmpl_show(d, "PROJECTS");
	if (catalog_each_project(r->app->db, "fixed", add_fixed, d) != DB_OK ||
	    catalog_each_project(r->app->db, "featured", add_featured, d) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
}

/* What a platform or project page found by its code (strings copied: the
 * model's die with the next query). */
struct item {
	int	 found;
	int64_t	 id;
	char	 name[128];
	char	 summary[1024];
	char	 kind[16];		/* platform, fixed, featured */
	char	 platform[128];		/* a project's platform name */
	char	 platform_code[64];	/* and its code */
};

/* Finds the code of the project's platform, by its name. */
static void
platform_code_of(void *arg, const struct platform *p)
{
	struct item *it = arg;

	if (strcmp(p->name, it->platform) == 0)
		snprintf(it->platform_code, sizeof(it->platform_code), "%s", p->code);
}

static void
got_platform(void *arg, const struct platform *p)
{
	struct item *it = arg;

	it->found = 1;
	it->id = p->id;
	snprintf(it->name, sizeof(it->name), "%s", p->name);
	snprintf(it->summary, sizeof(it->summary), "%s", p->summary);
	snprintf(it->kind, sizeof(it->kind), "platform");
}

static void
got_project(void *arg, const struct project *p)
{
	struct item *it = arg;

	it->found = 1;
	it->id = p->id;
	snprintf(it->name, sizeof(it->name), "%s", p->name);
	snprintf(it->summary, sizeof(it->summary), "%s", p->summary);
	snprintf(it->kind, sizeof(it->kind), "%s", p->kind);
	snprintf(it->platform, sizeof(it->platform), "%s", p->platform);
}

/* Counts and adds one service to the SERVICE section. */
struct services {
	struct tmpl_dict	*d;
	int			 n;
};

static void
add_service(void *arg, const struct service *s)
{
	struct services *ss = arg;
	struct tmpl_dict *d = tmpl_add_section(ss->d, "SERVICE");

	tmpl_set(d, "NAME", s->name);
	tmpl_set(d, "CODE", s->code);
	tmpl_set(d, "SUMMARY", s->summary);
	if (s->project_name[0]) {
		tmpl_set(d, "PROJECT", s->project_name);
		tmpl_show(d, "HAS_PROJECT");
	}
	ss->n++;
}

/* A platform's row of the twelve months' figures, by its name. */
struct figs {
	const char		*name;
	struct tmpl_dict	*d;
};

static void
add_figures(void *arg, const struct stats_row *row)
{
	struct figs *f = arg;
	char pct[16];

	if (strcmp(row->key, f->name) != 0)
		return;
	if (row->rated)
		snprintf(pct, sizeof(pct), "%.1f%%", 100.0 * row->satisfied / row->rated);
	else
		snprintf(pct, sizeof(pct), "—");
	tmpl_set_int(f->d, "F_REQUESTS", row->requests);
	tmpl_set_int(f->d, "F_DONE", row->done);
	tmpl_set(f->d, "F_SATISFACTION", pct);
}

/* Adds a project of the platform being shown to its PROJECT list. */
struct of_platform {
	struct tmpl_dict	*d;
	const char		*platform;
};

static void
add_own_project(void *arg, const struct project *p)
{
	struct of_platform *o = arg;

	if (strcmp(p->platform, o->platform) == 0)
		project_fill(tmpl_add_section(o->d, "PROJECT"), p);
}

/* Builds the page of one platform (is_platform) or project, found by the
 * code in the path. Returns 0 or an HTTP status. */
static int
item_page(struct req *r, int is_platform)
{
	struct db *db = r->app->db;
	struct item it = { 0 };
	struct page pg;
	struct tmpl_dict *d;
	struct services ss;
	enum db_err e;

	e = is_platform ? catalog_find_platform(db, r->params[0], got_platform, &it) :
	    catalog_find_project(db, r->params[0], got_project, &it);
	if (e != DB_OK)
		return 500;
	if (!it.found)
		return 404;
	d = page_begin(r, &pg, it.name, "catalog_item.tpl", "platforms");
	tmpl_set(d, "NAME", it.name);
	if (it.summary[0]) {
		tmpl_set(d, "SUMMARY", it.summary);
		tmpl_show(d, "HAS_SUMMARY");
	}
	ss.d = d;
	ss.n = 0;
	if (is_platform) {
		struct figs f = { it.name, tmpl_add_section(d, "FIGURES") };
		struct of_platform o = { tmpl_add_section(d, "HAS_PROJECTS"), it.name };
		struct news_filter nf = { .platform_id = it.id, .limit = 3 };

		tmpl_set(d, "KIND", "服务平台");
		tmpl_set_int(f.d, "F_REQUESTS", 0);
		tmpl_set_int(f.d, "F_DONE", 0);
		tmpl_set(f.d, "F_SATISFACTION", "—");
		if (stats_each(db, STATS_PLATFORM, stats_window_start(now_unix()), add_figures, &f) != DB_OK ||
		    catalog_each_project(db, "fixed", add_own_project, &o) != DB_OK ||
		    catalog_each_project(db, "featured", add_own_project, &o) != DB_OK ||
		    news_add_latest(r, tmpl_add_section(d, "NEWS_BOX"), &nf, 1, NULL) < 0)
			goto fail;
		e = portal_each_service(db, it.id, 0, add_service, &ss);
	} else {
		tmpl_set(d, "KIND", strcmp(it.kind, "fixed") == 0 ? "固定服务项目" : "特色服务项目");
		if (it.platform[0]) {
			char href[96];

			if (catalog_each_platform(db, platform_code_of, &it) != DB_OK)
				goto fail;
			snprintf(href, sizeof(href), "/platforms/%s", it.platform_code);
			tmpl_set(d, "PLATFORM", it.platform);
			tmpl_set(d, "PLATFORM_HREF", href);
			tmpl_show(d, "IN_PLATFORM");
		}
		e = portal_each_service(db, 0, it.id, add_service, &ss);
	}
	if (e != DB_OK)
		goto fail;
	if (ss.n == 0)
		tmpl_show(d, "NO_SERVICE");
	if (page_add_upcoming(r, d, is_platform ? it.id : 0, is_platform ? 0 : it.id, 10) < 0)
		goto fail;
	http_header(r, "Cache-Control", "no-cache");
	return page_finish(r, &pg);
fail:
	tmpl_dict_free(pg.layout);
	return 500;
}

int
page_platform(struct req *r)
{
	return item_page(r, 1);
}

int
page_project(struct req *r)
{
	return item_page(r, 0);
}
