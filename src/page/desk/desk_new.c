/*
 * desk_new.c: 代群众登记 at "/desk/new": staff enter a request taken by
 * phone or in person, on the same form residents use (order_form.c, order_submit.c), with
 * the channel to choose and the place limited to their own scope.
 */
#include <stdlib.h>

#include "http/app.h"
#include "http/csrf.h"
#include "http/session.h"
#include "model/org.h"
#include "model/user.h"
#include "lib/util.h"
#include "page/part/page.h"
#include "page/public/order_form.h"

/* Fills the staff scope of a desk form: 所 staff choose among their own
 * stations, 站 staff only their station. Returns 0 or 500. */
static int
staff_scope(struct req *r, struct order_form *f)
{
	const struct user *u = &r->signin->user;

	f->staff = 1;
	if (u->role == ROLE_INSTITUTE)
		f->scope_inst = u->org_id;
	else if (u->role == ROLE_STATION) {
		f->scope_station = u->org_id;
		if ((f->scope_inst = org_parent_id(r->app->db, u->org_id)) < 0)
			return 500;
	}
	return 0;
}

/* Chooses the 所 (and 站) of staff who have only one, so the form opens
 * with their place filled in. Returns 0 or 500. */
static int
staff_place(struct req *r, struct order_form *f)
{
	struct org_ref ref;
	int found = 0;

	if (f->scope_station == 0 && f->scope_inst == 0)
		return 0;
	if (org_by_id(r->app->db, f->scope_station ? f->scope_station : f->scope_inst,
	    &ref, &found) != DB_OK)
		return 500;
	if (!found)
		return 0;
	free(f->value[F_INSTITUTE]);
	f->value[F_INSTITUTE] = xstrdup(f->scope_station ? ref.parent_code : ref.code);
	if (f->scope_station) {
		free(f->value[F_STATION]);
		f->value[F_STATION] = xstrdup(ref.code);
	}
	return 0;
}

int
page_desk_new_form(struct req *r)
{
	struct order_form f = { 0 };
	int rc;

	order_form_read(&f, &r->query);
	f.sms = config_sms_on(r->app->cfg);
	if ((rc = staff_scope(r, &f)) == 0 && (rc = staff_place(r, &f)) == 0) {
		csrf_form_new(r, f.nonce, f.csrf);
		f.notice = NULL;
		rc = order_form_render(r, &f, 200);
	}
	order_form_free(&f);
	return rc;
}

int
page_desk_new(struct req *r)
{
	struct order_form f = { 0 };
	int rc = staff_scope(r, &f);

	return rc ? rc : order_form_submit(r, &f);
}
