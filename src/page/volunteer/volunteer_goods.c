/*
 * volunteer_goods.c: 积分兑换, the volunteer's side.
 * (Being built: until then each answers 404.)
 */
#include "page/part/page.h"

int page_vgoods(struct req *r) { (void)r; return 404; }
int page_vgoods_ask(struct req *r) { (void)r; return 404; }
int page_vme_points(struct req *r) { (void)r; return 404; }
int page_vexchange_cancel(struct req *r) { (void)r; return 404; }
