/*
 * page.c: the site layout around every HTML page: title, navigation with the
 * current entry marked, and the footer. The body template is included into
 * layout.tpl as {{>BODY}}.
 */
#include <string.h>

#include "../app.h"
#include "page.h"

/* The navigation bar, in order: key, label, link. */
static const struct {
	const char *key, *label, *href;
} nav_items[] = {
	{ "home", "首页", "/" },
};

struct tmpl_dict *
page_begin(struct req *r, struct page *pg, const char *title, const char *file,
    const char *nav)
{
	(void)r;
	pg->layout = tmpl_dict_new();
	tmpl_set(pg->layout, "TITLE", title);
	for (size_t i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
		struct tmpl_dict *n = tmpl_add_section(pg->layout, "NAV");
		tmpl_set(n, "LABEL", nav_items[i].label);
		tmpl_set(n, "HREF", nav_items[i].href);
		if (nav && strcmp(nav, nav_items[i].key) == 0)
			tmpl_show(n, "CURRENT");
	}
	pg->body = tmpl_add_include(pg->layout, "BODY", file);
	return pg->body;
}

int
page_finish(struct req *r, struct page *pg)
{
	struct buf out;
	int rc;

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
