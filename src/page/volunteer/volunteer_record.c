/*
 * volunteer_record.c: a volunteer's record of service as a CSV to take elsewhere.
 * (Being built: until then each answers 404.)
 */
#include "page/part/page.h"

int page_vme_hours_csv(struct req *r) { (void)r; return 404; }
int page_desk_member_hours_csv(struct req *r) { (void)r; return 404; }
