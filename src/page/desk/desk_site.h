/*
 * desk_site.h: the desk's pages for a site's details (desk_site.c), which
 * the route table names.
 */
#ifndef SIDAN_PAGE_DESK_SITE_H
#define SIDAN_PAGE_DESK_SITE_H

#include <stdint.h>

#include "http/http.h"

/* "/desk/sites": the sites whose details the signed-in staff member may
 * edit (a 站's staff go straight to their own). Returns 0 or a status. */
int	page_desk_sites(struct req *r);
/* GET "/desk/sites/{id}": the form for a site's address, opening hours,
 * office phone and position, with its recorded changes. */
int	page_desk_site(struct req *r);
/* POST "/desk/sites/{id}": checks and saves the form. */
int	page_desk_site_save(struct req *r);

#endif
