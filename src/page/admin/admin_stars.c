/*
 * admin_stars.c: the 星级志愿者 thresholds.
 * (Being built: until then each answers 404.)
 */
#include "page/part/page.h"

int page_admin_stars(struct req *r) { (void)r; return 404; }
int page_admin_stars_save(struct req *r) { (void)r; return 404; }
