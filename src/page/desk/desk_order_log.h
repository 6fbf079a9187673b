/*
 * desk_order_log.h: what a request's desk page (desk_order.c) shows of what
 * was said about it: its 催办 and 督办 (under the timeline) and 通知记录,
 * every message sent about it, to whom (a resident's phone masked) and
 * whether the SMS went, in words, so staff know whether the resident was
 * told.
 */
#ifndef SIDAN_PAGE_DESK_ORDER_LOG_H
#define SIDAN_PAGE_DESK_ORDER_LOG_H

#include <stdint.h>

#include "model/db.h"
#include "view/tmpl.h"

/* Fills d's URGE (and HAS_URGES) and MSG (or NO_MSG) sections for the
 * request order_id, and NO_GATEWAY when no SMS gateway is configured
 * (sms_on 0). Returns 0, or -1 on a database error. */
int	desk_order_log_fill(struct db *db, struct tmpl_dict *d, int64_t order_id, int sms_on);

#endif
