/*
 * page.h: the page handlers (one file each under src/page/) and the helper
 * that wraps a page's template in the site layout.
 */
#ifndef SIDAN_PAGE_H
#define SIDAN_PAGE_H

#include "../http.h"
#include "../view/tmpl.h"

/* A page being built: the layout's dictionary and the page body's. */
struct page {
	struct tmpl_dict	*layout;
	struct tmpl_dict	*body;
};

/*
 * Starts a page: title is shown in <title> and the heading, file is the body
 * template, nav names the navigation entry to mark current (or NULL).
 * Returns the body's dictionary for the handler to fill.
 */
struct tmpl_dict *page_begin(struct req *r, struct page *pg, const char *title,
	    const char *file, const char *nav);
/* Expands the page into r's body and frees it. Returns 0, or 500 if the
 * templates fail (the caller returns that status). */
int	page_finish(struct req *r, struct page *pg);

/* Replaces whatever r holds with the error page for status (400..599). */
void	page_error(struct req *r, int status);

/* Handlers, in route table order. Each returns 0 or an HTTP error status. */
int	page_home(struct req *r);

#endif
