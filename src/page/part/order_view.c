/*
 * order_view.c: fills order_summary.tpl (see order_view.h).
 */
#include <string.h>

#include "http/app.h"
#include "model/order_state.h"
#include "page/part/order_view.h"

/* The timeline being filled. */
struct timeline {
	struct tmpl_dict	*d;
	const char		*said;	/* a note already shown beside the state, or NULL */
};

/* Adds one event to the TIMELINE section. */
static void
add_event(void *arg, const struct order_event *ev)
{
	struct timeline *tl = arg;
	struct tmpl_dict *d = tmpl_add_section(tl->d, "EVENT");
	char when[20];

	time_format_cst(ev->at, when);
	when[16] = '\0';	/* minutes are enough */
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "WHAT", order_event_label(ev->from_state, ev->to_state));
	/* The model gives a note only where its field was labelled public
	 * (the reasons for 不予受理 and for a cancel by staff). */
	if (ev->note[0] && !(tl->said && strcmp(ev->note, tl->said) == 0)) {
		tmpl_set(d, "NOTE", ev->note);
		tmpl_show(d, "HAS_NOTE");
	}
}

int
order_view_fill(struct req *r, struct tmpl_dict *d, const struct order *o)
{
	struct tmpl_dict *s = tmpl_add_include(d, "SUMMARY", "order_summary.tpl");
	struct timeline tl = { s, NULL };
	char fmt[CODE_LEN + 3], when[20];
	int open = strcmp(order_state_open311(o->state), "open") == 0;

	code_format(o->code, fmt);
	tmpl_set(s, "CODE", o->code);
	tmpl_set(s, "CODE_FMT", fmt);
	tmpl_set(s, "SERVICE", o->service_name);
	tmpl_set(s, "PLACE", o->org_name);
	if (o->institute_name[0]) {
		tmpl_set(s, "INSTITUTE", o->institute_name);
		tmpl_show(s, "HAS_INSTITUTE");
	}
	tmpl_set(s, "STATE", o->state);
	tmpl_set(s, "STATE_LABEL", order_state_label(o->state));
	if (strcmp(o->state, "rejected") == 0 && o->reason[0]) {
		/* Beside the state, and not again in the timeline. */
		tmpl_set(s, "REASON", o->reason);
		tmpl_show(s, "HAS_REASON");
		tl.said = o->reason;
	}
	/* While it is being handled: by when, and which team (a team's name,
	 * never a person's). */
	if (open && o->due_at > 0) {
		time_format_cst(o->due_at, when);
		when[16] = '\0';
		tmpl_set(s, "DUE", when);
		tmpl_show(s, "HAS_DUE");
	}
	if (o->team_name[0] && strcmp(o->state, "submitted") != 0 &&
	    strcmp(o->state, "published") != 0) {
		tmpl_set(s, "TEAM", o->team_name);
		tmpl_show(s, "HAS_TEAM");
	}
	time_format_cst(o->created_at, when);
	when[16] = '\0';
	tmpl_set(s, "CREATED", when);
	if (order_each_event(r->app->db, o->id, add_event, &tl) != MODEL_OK)
		return 500;
	return 0;
}
