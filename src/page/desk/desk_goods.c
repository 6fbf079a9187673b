/*
 * desk_goods.c: 积分兑换, the place's side: goods, handing over, cancelling.
 * (Being built: until then each answers 404.)
 */
#include "page/part/page.h"

int page_desk_goods(struct req *r) { (void)r; return 404; }
int page_desk_goods_new_form(struct req *r) { (void)r; return 404; }
int page_desk_goods_create(struct req *r) { (void)r; return 404; }
int page_desk_goods_edit_form(struct req *r) { (void)r; return 404; }
int page_desk_goods_save(struct req *r) { (void)r; return 404; }
int page_desk_exchanges(struct req *r) { (void)r; return 404; }
int page_desk_exchange_confirm(struct req *r) { (void)r; return 404; }
int page_desk_exchange_cancel(struct req *r) { (void)r; return 404; }
