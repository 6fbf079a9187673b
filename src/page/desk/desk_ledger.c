/*
 * desk_ledger.c: 台账 of a place for a range: the page, the workbook, the printable page.
 * (Being built: until then each answers 404.)
 */
#include "page/part/page.h"

int page_desk_ledger(struct req *r) { (void)r; return 404; }
int page_desk_ledger_xlsx(struct req *r) { (void)r; return 404; }
int page_desk_ledger_print(struct req *r) { (void)r; return 404; }
