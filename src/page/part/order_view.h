/*
 * order_view.h: the part of a request's page that the tracking page and the
 * resident's manage page share: what was asked, where, its state and its
 * public timeline. No names or phone numbers are ever put here.
 */
#ifndef SIDAN_PAGE_ORDER_VIEW_H
#define SIDAN_PAGE_ORDER_VIEW_H

#include "model/order.h"
#include "page/part/page.h"

/* Adds the {{>SUMMARY}} include to d, filled for o. Returns 0 or 500. */
int	order_view_fill(struct req *r, struct tmpl_dict *d, const struct order *o);

#endif
