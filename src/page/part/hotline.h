/*
 * hotline.h: the phones a resident who cannot use the form may call, for
 * the pages that offer them (the 点单 form, the tracking pages, site pages
 * and the 扫码点单 poster).
 */
#ifndef SIDAN_PAGE_HOTLINE_H
#define SIDAN_PAGE_HOTLINE_H

#include <stdint.h>

#include "page/part/page.h"

/*
 * Sets HOTLINE (the centre's office phone: the service hotline) and shows
 * HAS_HOTLINE, and SITE_PHONE with HAS_SITE_PHONE for site org_id's own
 * office phone (0: none), each only where one is on record. Returns 0, or
 * -1 on a database error.
 */
int	hotline_fill(struct req *r, struct tmpl_dict *d, int64_t org_id);

#endif
