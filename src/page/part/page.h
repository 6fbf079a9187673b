/*
 * page.h: the page handlers (one file each under src/page/public, desk,
 * volunteer and admin; partials under src/page/part) and the helper
 * that wraps a page's template in the site layout.
 */
#ifndef SIDAN_PAGE_H
#define SIDAN_PAGE_H

#include "http/http.h"
#include "view/tmpl.h"

/* A page being built: the layout's dictionary and the page body's. */
struct page {
	struct tmpl_dict	*layout;
	struct tmpl_dict	*body;
	/* A signed-in volunteer's navigation, whose count of tasks open to
	 * them page_finish fills in: from open_tasks if the page set it (the
	 * task list counts them anyway), else counted then. */
	struct tmpl_dict	*vol_nav;
	int			 open_tasks;
};

/*
 * Starts a page: title is shown in <title> and the heading, file is the body
 * template, nav names the navigation entry to mark current (or NULL).
 * Returns the body's dictionary for the handler to fill.
 */
struct tmpl_dict *page_begin(struct req *r, struct page *pg, const char *title,
	    const char *file, const char *nav);
/* Fills in a signed-in volunteer's count of open tasks (pg->open_tasks, or
 * counted now), expands the page into r's body and frees it. Returns 0, or
 * 500 if the templates fail (the caller returns that status). */
int	page_finish(struct req *r, struct page *pg);
/* For pages of signed-in people: shows notice (a short confirmation, or
 * NULL) at the top of the body, sets status and Cache-Control: no-store,
 * and finishes as page_finish does. */
int	page_finish_private(struct req *r, struct page *pg, int status,
	    const char *notice);

/* Conditional GETs of public pages: gives the answer to a visitor who is
 * not signed in the validator made of what (the page's own version, letters,
 * digits and '-'), the program's generation and the display mode, and
 * answers 304 when the visitor already has it. A signed-in person's page
 * (its header names them) gets none. Call before rendering; returns 1 when
 * the answer is a 304 (the handler then returns 0 at once), else 0. */
int	page_etag(struct req *r, const char *what);
/* page_etag for a page that shows nothing but places, services and
 * platforms (and, with news, the articles of 工作动态): its validator is
 * prefix, own (an article's id, a list's page number, or 0) and the change
 * counts of those (org.h). Returns 1 for a 304 (return 0 at once), 0 to
 * render the page, or 500 when the counts cannot be read. */
int	page_etag_counts(struct req *r, const char *prefix, int64_t own, int news);
/* Writes into out the 16 hex digits of a hash of p[0..n) (BLAKE2b), for a
 * validator made from bytes. Returns out. */
char	*page_etag_hash(const void *p, size_t n, char out[17]);

/* Replaces whatever r holds with the error page for status (400..599). */
void	page_error(struct req *r, int status);

/* Like page_error, with advice replacing the standard text. */
void	page_error_advice(struct req *r, int status, const char *advice);
/* Answers 303 See Other to location (a path on this site). Returns 0. */
int	page_redirect(struct req *r, const char *location);
/* Returns this site's base URL ("http://host"), from SIDAN_BASE_URL or the
 * Host header, into buf. */
const char *page_base_url(struct req *r, char *buf, size_t len);
/* Reads a list's ?page= value: 1 when absent, the page for 1 to 100000,
 * 0 for anything else (the page then says so and shows the first). */
int	page_number(const char *v);

/* Handlers, in route table order. Each returns 0 or an HTTP error status.
 * A handler of a route with {id} reads it as r->path_id, with {code} as
 * r->path_code: the router has read them (route.h), so they are good. */
int	page_home(struct req *r);
int	page_photo(struct req *r);
int	page_vme_hours_csv(struct req *r);
int	page_desk_member_hours_csv(struct req *r);
int	page_admin_stars(struct req *r);
int	page_admin_stars_save(struct req *r);
int	page_desk_ledger(struct req *r);
int	page_desk_ledger_xlsx(struct req *r);
int	page_desk_ledger_print(struct req *r);
int	page_vgoods(struct req *r);
int	page_vgoods_ask(struct req *r);
int	page_vme_points(struct req *r);
int	page_vexchange_cancel(struct req *r);
int	page_desk_goods(struct req *r);
int	page_desk_goods_new_form(struct req *r);
int	page_desk_goods_create(struct req *r);
int	page_desk_goods_edit_form(struct req *r);
int	page_desk_goods_save(struct req *r);
int	page_desk_exchanges(struct req *r);
int	page_desk_exchange_confirm(struct req *r);
int	page_desk_exchange_cancel(struct req *r);
int	page_services(struct req *r);
int	page_order_form(struct req *r);
int	page_order_submit(struct req *r);
int	page_manage(struct req *r);
int	page_manage_cancel(struct req *r);
int	page_rate_link(struct req *r);
int	page_rate_code(struct req *r);
int	page_track_form(struct req *r);
int	page_track(struct req *r);
int	page_track_qr(struct req *r);
int	page_privacy(struct req *r);
int	page_figures(struct req *r);
int	page_chart(struct req *r);
/* Activities */
int	page_activities(struct req *r);
int	page_activity(struct req *r);
int	page_activity_signup(struct req *r);
int	page_activity_withdraw(struct req *r);
int	page_scan_in(struct req *r);
int	page_scan_out(struct req *r);
int	page_scan_in_record(struct req *r);
int	page_scan_out_record(struct req *r);
int	page_desk_activities(struct req *r);
int	page_desk_activity_new_form(struct req *r);
int	page_desk_activity_new(struct req *r);
int	page_desk_activity(struct req *r);
int	page_desk_activity_cancel(struct req *r);
int	page_desk_activity_qr_in(struct req *r);
int	page_desk_activity_qr_out(struct req *r);
int	page_desk_activity_qr_in_svg(struct req *r);
int	page_desk_activity_qr_out_svg(struct req *r);
/* Sites and the map */
int	page_sites(struct req *r);
int	page_site(struct req *r);
int	page_site_poster(struct req *r);
int	page_site_qr(struct req *r);
int	page_map(struct req *r);
/* Platforms, projects, honour roll, wall screen, open data, 长辈模式 */
int	page_platforms(struct req *r);
int	page_platform(struct req *r);
int	page_projects(struct req *r);
int	page_project(struct req *r);
int	page_honour(struct req *r);
int	page_screen(struct req *r);
int	page_stats_json(struct req *r);		/* src/api/stats_json.c */
int	page_mode(struct req *r);
int	page_vme_roll(struct req *r);		/* volunteer_me.c */
/* Returns 1 if r's visitor chose 长辈模式 (the cookie mode=elder). */
int	page_elder(struct req *r);
/* Includes templates/upcoming.tpl as {{>UPCOMING}} in d, listing up to
 * limit activities to come (of a platform or project when its id is not
 * 0). Returns how many, or -1 on a database error. */
int	page_add_upcoming(struct req *r, struct tmpl_dict *d, int64_t platform_id,
	    int64_t project_id, int limit);
int	page_login_form(struct req *r);
int	page_login(struct req *r);
int	page_logout(struct req *r);
int	page_desk(struct req *r);
int	page_desk_export(struct req *r);
int	page_desk_new_form(struct req *r);
int	page_desk_new(struct req *r);
int	page_desk_order(struct req *r);
int	page_desk_photo_public(struct req *r);
int	page_desk_photo_private(struct req *r);
int	page_news_list(struct req *r);
int	page_news_atom(struct req *r);
int	page_news(struct req *r);
int	page_desk_news(struct req *r);
int	page_desk_news_new_form(struct req *r);
int	page_desk_news_create(struct req *r);
int	page_desk_news_edit_form(struct req *r);
int	page_desk_news_save(struct req *r);
int	page_desk_news_publish(struct req *r);
int	page_desk_news_unpublish(struct req *r);
int	page_desk_news_photo_remove(struct req *r);
int	page_desk_reveal(struct req *r);
int	page_desk_dispatch(struct req *r);
int	page_desk_publish(struct req *r);
int	page_desk_reject(struct req *r);
int	page_desk_cancel(struct req *r);
int	page_desk_due(struct req *r);
int	page_desk_note(struct req *r);
int	page_desk_volunteers(struct req *r);
int	page_desk_volunteer_approve(struct req *r);
int	page_desk_volunteer_reject(struct req *r);
int	page_desk_hours(struct req *r);
int	page_desk_followups(struct req *r);
int	page_desk_followup_close(struct req *r);
int	page_desk_followup_reopen(struct req *r);
int	page_desk_members(struct req *r);
int	page_desk_member_disable(struct req *r);
int	page_desk_member_restore(struct req *r);
int	page_desk_hour_confirm(struct req *r);
int	page_desk_hour_correct(struct req *r);
int	page_volunteer_join_form(struct req *r);
int	page_volunteer_join(struct req *r);
int	page_vlogin_form(struct req *r);
int	page_vlogin(struct req *r);
int	page_vlogout(struct req *r);
int	page_vtasks(struct req *r);
int	page_vtask(struct req *r);
int	page_vtask_accept(struct req *r);
int	page_vtask_giveback(struct req *r);
int	page_vtask_complete(struct req *r);
int	page_vme(struct req *r);
int	page_vme_certificate(struct req *r);
int	page_vcertificate(struct req *r);
int	page_verify(struct req *r);
/* Messages (issue 15): short links in SMS, inboxes, 催办, dead SMS,
 * a volunteer's message preferences, signing in with a 验证码. */
int	page_short_track(struct req *r);	/* short_link.c */
int	page_short_rate(struct req *r);
int	page_short_task(struct req *r);
int	page_short_desk(struct req *r);
int	page_vinbox(struct req *r);		/* volunteer_inbox.c */
int	page_vinbox_open(struct req *r);
int	page_vinbox_read_all(struct req *r);
int	page_desk_inbox(struct req *r);	/* desk_inbox.c */
int	page_desk_inbox_open(struct req *r);
int	page_desk_inbox_read_all(struct req *r);
int	page_admin_messages(struct req *r);	/* admin_messages.c */
int	page_admin_message_retry(struct req *r);
int	page_desk_urge(struct req *r);		/* desk_urge.c */
int	page_vme_messages(struct req *r);	/* volunteer_me_messages.c */
int	page_vlogin_code_form(struct req *r);	/* volunteer_code_login.c */
/* Starts volunteer id's session as the password sign-in does (login.c) and
 * redirects to next (or /v). Returns the handler's result. */
int	login_volunteer_session(struct req *r, int64_t id, const char *login, int remember,
	    const char *next);
int	page_vlogin_code_send(struct req *r);
int	page_vlogin_code_check(struct req *r);
int	page_admin_audit(struct req *r);
int	page_admin_users(struct req *r);
int	page_admin_user_add(struct req *r);
int	page_admin_user_disable(struct req *r);
int	page_admin_user_enable(struct req *r);
int	page_admin_teams(struct req *r);
int	page_admin_team_add(struct req *r);
int	page_admin_team_edit(struct req *r);
int	page_admin_services(struct req *r);
int	page_admin_service_add(struct req *r);
int	page_admin_service_edit(struct req *r);

#endif
