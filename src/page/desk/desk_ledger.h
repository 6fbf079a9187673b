/*
 * desk_ledger.h: what the two halves of the 台账 share: the form as read
 * from the query (desk_ledger.c reads it and renders the form page and the
 * printable page), and the sink that the ledger's rows are handed to, whose
 * callbacks count the totals and fill a page's dictionary or a worksheet
 * (desk_ledger_xlsx.c writes the workbook with them).
 */
#ifndef SIDAN_PAGE_DESK_LEDGER_H
#define SIDAN_PAGE_DESK_LEDGER_H

#include <stdint.h>

#include <xlsxwriter.h>

#include "http/http.h"
#include "model/db.h"
#include "model/ledger.h"
#include "view/tmpl.h"

/* The form as typed, what is wrong with it, and the ledger it chooses. */
struct lform {
	char			 place[24], month[16], from[16], to[16];
	char			 e_place[320], e_month[320], e_from[320], e_to[320];
	int			 nerrors;
	struct ledger_range	 rg;
	char			 place_name[NAME_SIZE];
	char			 place_code[64];	/* ASCII, for the file name */
	char			 day_from[11], day_to[11];	/* the range, inclusive */
	char			 label[32];	/* "2026-06" or "2026-06-01_2026-06-30" */
};

/* The ledger being read, its totals, and where its rows go (a page's
 * dictionary, a workbook, or nowhere for the totals only). */
struct sink {
	struct tmpl_dict	*d;
	lxw_worksheet		*ws;
	lxw_format		*fdate, *fhours;
	int			 row;
	int			 pph;		/* points per hour */
	/* totals */
	int			 orders, done, rated, satisfied;
	int64_t			 order_minutes;
	int			 activities, signups, signed_in, signed_out;
	int64_t			 activity_minutes;
	int			 volunteers;
	int64_t			 volunteer_minutes, points;
};

/* Reads the query into f and, when it is good, f->rg. d (or NULL) gets the
 * place options. Returns 0 (f->nerrors says whether the input was good),
 * 404 for a place that is not the staff member's, or 500. */
int	lform_read(struct req *r, struct lform *f, struct tmpl_dict *d);

/* Renders the form page: with the ledger's totals when the input is good
 * (200), else with the errors (400); big (or NULL) is the reason the
 * range cannot be downloaded or printed, shown beside it (400). Returns 0
 * once the page is made, else the status to answer with (404, 500). */
int	lform_page(struct req *r, const char *big);

/* Checks that f's ledger holds at most max requests (what: the kind of
 * ledger, for the message). Returns 0 if so; else 1 with *rc the answer:
 * the form with the reason beside the range (400; *rc 0), or 500. */
int	lform_too_big(struct req *r, const struct lform *f, int64_t max,
	    const char *what, int *rc);

/* The callbacks of ledger_orders, ledger_activities and ledger_volunteers
 * (arg a struct sink): each counts one row in the totals and adds it to
 * k->d and to k->ws at the next row, when they are not NULL. */
void	sink_add_order(void *arg, const struct ledger_order *o);
void	sink_add_activity(void *arg, const struct ledger_activity *a);
void	sink_add_volunteer(void *arg, const struct ledger_volunteer *v);

#endif
