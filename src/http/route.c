/*
 * route.c: the table of every URL sidan answers, and the matcher. Read the
 * table to learn the site: one row per thing the site does, so every verb
 * (dispatch, accept, confirm, ...) is a row of its own, and a verb that is
 * not in the table is a 404. Each handler lives in
 * src/page/<audience>/<page>.c.
 *
 * Typed path parameters (kcgi's way: declared here, read once, strictly):
 *   {id}    a record id: 1 to 18 digits, no sign, no leading zero, nothing
 *           else (lib/id.h); the handler reads it as r->path_id.
 *   {code}  a tracking code (model/code.h: any case, dashes and spaces
 *           allowed); the handler reads it normalised as r->path_code.
 * A path whose {id} or {code} is not one matches no row: 404 before any
 * handler, session or access check runs. Every other {name} is a raw
 * segment in r->params, which its handler checks: {token} (a private link
 * or a scanned sign-in code), {typed} (what a resident typed as a code, shown
 * back when it is not one), {platform}, {project}, {service} (catalogue
 * codes), {cert} (a certificate number), {name}, {file}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/open311.h"
#include "api/open311_updates.h"
#include "lib/id.h"
#include "model/user.h"
#include "page/desk/desk_site.h"
#include "page/part/page.h"
#include "http/route.h"

/* Fields that may repeat, per route. */
static const char *const team_multi[] = { "platform", NULL };
static const char *const join_multi[] = { "platform", "team", NULL };
static const char *const rate_multi[] = { "tag", NULL };
/* The forms that take photos carry those already received ("photo_staged",
 * one per photo; src/page/part/photo_upload.h) when shown again. */
static const char *const photo_multi[] = { "photo_staged", NULL };

static const struct route routes[] = {
	/* method       pattern                  handler             who         flags */
	{ METHOD_GET,  "/",                     page_home,          WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/services",             page_services,      WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/order/new",            page_order_form,    WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/order/new",            page_order_submit,  WHO_ANYONE, ROUTE_UPLOAD, photo_multi },
	{ METHOD_GET,  "/m/{token}",            page_manage,        WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/m/{token}/cancel",     page_manage_cancel, WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/m/{token}/rate",       page_rate_link,     WHO_ANYONE, 0, rate_multi },
	{ METHOD_GET,  "/track",                page_track_form,    WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/track/{typed}",        page_track,         WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/track/{code}/qr.svg",  page_track_qr,      WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/track/{code}/rate",    page_rate_code,     WHO_ANYONE, 0, rate_multi },
	{ METHOD_GET,  "/privacy",              page_privacy,       WHO_ANYONE, 0, NULL },
	/* 工作动态 and 活动风采 (src/page/public/news.c, desk/desk_news.c) */
	{ METHOD_GET,  "/news",                 page_news_list,     WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/news.atom",            page_news_atom,     WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/news/{id}",            page_news,          WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/desk/news",            page_desk_news,     WHO_DESK,   0, NULL },
	{ METHOD_GET,  "/desk/news/new",        page_desk_news_new_form, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/news/new",        page_desk_news_create, WHO_DESK, ROUTE_UPLOAD, photo_multi },
	{ METHOD_GET,  "/desk/news/{id}",       page_desk_news_edit_form, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/news/{id}/edit",  page_desk_news_save, WHO_DESK,  ROUTE_UPLOAD, photo_multi },
	{ METHOD_POST, "/desk/news/{id}/publish", page_desk_news_publish, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/news/{id}/unpublish", page_desk_news_unpublish, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/news/{id}/photos/{photo}/remove", page_desk_news_photo_remove, WHO_DESK, 0, NULL },
	/* Photos: sidan checks who asks, nginx sends the file (src/page/public/photo.c) */
	{ METHOD_GET,  "/photos/{file}",        page_photo,         WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/figures",              page_figures,       WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/charts/{name}",        page_chart,         WHO_ANYONE, 0, NULL },
	/* Activities (src/page/public/activities.c, volunteer/activity_checkin.c, desk/desk_activities.c) */
	{ METHOD_GET,  "/activities",           page_activities,    WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/activities/{id}",      page_activity,      WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/activities/{id}/signup", page_activity_signup, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/activities/{id}/withdraw", page_activity_withdraw, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/a/{id}/in/{token}",    page_scan_in,       WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/a/{id}/out/{token}",   page_scan_out,      WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/a/{id}/in/{token}",    page_scan_in_record, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/a/{id}/out/{token}",   page_scan_out_record, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/desk/activities",      page_desk_activities, WHO_STAFF, 0, NULL },
	{ METHOD_GET,  "/desk/activities/new",  page_desk_activity_new_form, WHO_STAFF, 0, NULL },
	{ METHOD_POST, "/desk/activities/new",  page_desk_activity_new, WHO_STAFF, 0, NULL },
	{ METHOD_GET,  "/desk/activities/{id}", page_desk_activity, WHO_STAFF,  0, NULL },
	{ METHOD_POST, "/desk/activities/{id}/cancel", page_desk_activity_cancel, WHO_STAFF, 0, NULL },
	{ METHOD_GET,  "/desk/activities/{id}/qr/in", page_desk_activity_qr_in, WHO_STAFF, 0, NULL },
	{ METHOD_GET,  "/desk/activities/{id}/qr/out", page_desk_activity_qr_out, WHO_STAFF, 0, NULL },
	{ METHOD_GET,  "/desk/activities/{id}/qr/in.svg", page_desk_activity_qr_in_svg, WHO_STAFF, 0, NULL },
	{ METHOD_GET,  "/desk/activities/{id}/qr/out.svg", page_desk_activity_qr_out_svg, WHO_STAFF, 0, NULL },
	/* Sites and the map (src/page/public/sites.c, map.c) */
	{ METHOD_GET,  "/sites",                page_sites,         WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/sites/{id}",           page_site,          WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/sites/{id}/poster",    page_site_poster,   WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/sites/{id}/qr.svg",    page_site_qr,       WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/map",                  page_map,           WHO_ANYONE, 0, NULL },
	/* A site's details on the desk (src/page/desk/desk_site.c) */
	{ METHOD_GET,  "/desk/sites",           page_desk_sites,    WHO_DESK,   0, NULL },
	{ METHOD_GET,  "/desk/sites/{id}",      page_desk_site,     WHO_DESK,   0, NULL },
	{ METHOD_POST, "/desk/sites/{id}",      page_desk_site_save, WHO_DESK,  0, NULL },
	/* Platforms, projects, honour roll, wall screen, open data, 长辈模式 (src/page/public/platforms.c, honour.c, screen.c, src/api/stats_json.c) */
	{ METHOD_GET,  "/platforms",            page_platforms,     WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/platforms/{platform}", page_platform,      WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/projects",             page_projects,      WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/projects/{project}",   page_project,       WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/honour",               page_honour,        WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/screen",               page_screen,        WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/api/stats.json",       page_stats_json,    WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/mode",                 page_mode,          WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/v/me/roll",            page_vme_roll,      WHO_VOLUNTEER, 0, NULL },
	/* Staff (src/page/public/login.c, src/page/desk/desk.c, desk_order.c, public/order_form.c) */
	{ METHOD_GET,  "/login",                page_login_form,    WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/login",                page_login,         WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/logout",               page_logout,        WHO_STAFF,  0, NULL },
	{ METHOD_GET,  "/desk",                 page_desk,          WHO_STAFF,  0, NULL },
	{ METHOD_GET,  "/desk/export.csv",      page_desk_export,   WHO_STAFF,  0, NULL },
	{ METHOD_GET,  "/desk/new",             page_desk_new_form, WHO_DESK,   0, NULL },
	{ METHOD_POST, "/desk/new",             page_desk_new,      WHO_DESK,   0, NULL },
	{ METHOD_GET,  "/desk/order/{code}",    page_desk_order,    WHO_STAFF,  0, NULL },
	{ METHOD_POST, "/desk/order/{code}/reveal", page_desk_reveal, WHO_STAFF, 0, NULL },
	/* 可公开: staff let a completion photo onto public pages, or take it back
	 * (src/page/desk/desk_order_photos.c) */
	{ METHOD_POST, "/desk/order/{code}/photos/{photo}/public", page_desk_photo_public, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/order/{code}/photos/{photo}/private", page_desk_photo_private, WHO_DESK, 0, NULL },
	/* The moves of a request (src/page/desk/desk_order.c): team leaders
	 * may read and add notes, not move it. */
	{ METHOD_POST, "/desk/order/{code}/dispatch", page_desk_dispatch, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/order/{code}/publish", page_desk_publish, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/order/{code}/reject", page_desk_reject, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/order/{code}/cancel", page_desk_cancel, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/order/{code}/due", page_desk_due,     WHO_DESK,   0, NULL },
	{ METHOD_POST, "/desk/order/{code}/note", page_desk_note,   WHO_STAFF,  0, NULL },
	/* Applications, hours, follow-ups, members (src/page/desk/desk_*.c) */
	{ METHOD_GET,  "/desk/volunteers",      page_desk_volunteers, WHO_STAFF, 0, NULL },
	{ METHOD_POST, "/desk/volunteers/{id}/approve", page_desk_volunteer_approve, WHO_STAFF, 0, NULL },
	{ METHOD_POST, "/desk/volunteers/{id}/reject", page_desk_volunteer_reject, WHO_STAFF, 0, NULL },
	{ METHOD_GET,  "/desk/hours",           page_desk_hours,    WHO_STAFF,  0, NULL },
	{ METHOD_GET,  "/desk/followups",       page_desk_followups, WHO_ADMIN | WHO_DISPATCHER, 0, NULL },
	{ METHOD_POST, "/desk/followups/{id}/close", page_desk_followup_close, WHO_ADMIN | WHO_DISPATCHER, 0, NULL },
	{ METHOD_POST, "/desk/followups/{id}/reopen", page_desk_followup_reopen, WHO_ADMIN | WHO_DISPATCHER, 0, NULL },
	{ METHOD_GET,  "/desk/members",         page_desk_members,  WHO_ADMIN | WHO_LEADER, 0, NULL },
	{ METHOD_POST, "/desk/members/{id}/disable", page_desk_member_disable, WHO_ADMIN, 0, NULL },
	{ METHOD_GET,  "/desk/members/{id}/hours.csv", page_desk_member_hours_csv, WHO_DESK, 0, NULL },
	/* 台账 (src/page/desk/desk_ledger.c) */
	{ METHOD_GET,  "/desk/ledger",          page_desk_ledger,   WHO_DESK,   0, NULL },
	{ METHOD_GET,  "/desk/ledger.xlsx",     page_desk_ledger_xlsx, WHO_DESK, 0, NULL },
	{ METHOD_GET,  "/desk/ledger/print",    page_desk_ledger_print, WHO_DESK, 0, NULL },
	/* 积分兑换, the place's side (src/page/desk/desk_goods.c) */
	{ METHOD_GET,  "/desk/goods",           page_desk_goods,    WHO_DESK,   0, NULL },
	{ METHOD_GET,  "/desk/goods/new",       page_desk_goods_new_form, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/goods/new",       page_desk_goods_create, WHO_DESK, 0, NULL },
	{ METHOD_GET,  "/desk/goods/{id}",      page_desk_goods_edit_form, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/goods/{id}/edit", page_desk_goods_save, WHO_DESK, 0, NULL },
	{ METHOD_GET,  "/desk/exchanges",       page_desk_exchanges, WHO_DESK,  0, NULL },
	{ METHOD_POST, "/desk/exchanges/{id}/confirm", page_desk_exchange_confirm, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/exchanges/{id}/cancel", page_desk_exchange_cancel, WHO_DESK, 0, NULL },
	{ METHOD_POST, "/desk/members/{id}/restore", page_desk_member_restore, WHO_ADMIN, 0, NULL },
	{ METHOD_POST, "/desk/hours/{id}/confirm", page_desk_hour_confirm, WHO_STAFF, 0, NULL },
	{ METHOD_POST, "/desk/hours/{id}/correct", page_desk_hour_correct, WHO_STAFF, 0, NULL },
	/* Volunteers (src/page/volunteer/volunteer_*.c, public/login.c) */
	{ METHOD_GET,  "/volunteer/join",       page_volunteer_join_form, WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/volunteer/join",       page_volunteer_join, WHO_ANYONE, 0, join_multi },
	{ METHOD_GET,  "/v/login",              page_vlogin_form,   WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/v/login",              page_vlogin,        WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/v/logout",             page_vlogout,       WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/v",                    page_vtasks,        WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/v/task/{code}",        page_vtask,         WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/task/{code}/accept", page_vtask_accept,  WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/task/{code}/giveback", page_vtask_giveback, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/task/{code}/complete", page_vtask_complete, WHO_VOLUNTEER, ROUTE_UPLOAD, photo_multi },
	{ METHOD_GET,  "/v/me",                 page_vme,           WHO_VOLUNTEER, 0, NULL },
	/* A volunteer's record to take elsewhere (src/page/volunteer/volunteer_record.c) */
	{ METHOD_GET,  "/v/me/hours.csv",       page_vme_hours_csv, WHO_VOLUNTEER, 0, NULL },
	/* 积分兑换, the volunteer's side (src/page/volunteer/volunteer_goods.c) */
	{ METHOD_GET,  "/v/goods",              page_vgoods,        WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/goods/{id}/ask",     page_vgoods_ask,    WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/v/me/points",          page_vme_points,    WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/exchanges/{id}/cancel", page_vexchange_cancel, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/me/certificate",     page_vme_certificate, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/v/certificate/{cert}", page_vcertificate,  WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/verify/{cert}",        page_verify,        WHO_ANYONE, 0, NULL },
	/* Admin (src/page/admin/admin_*.c) */
	/* Messages (issue 15): the short links SMS carry (/t tracking, /r
	 * rating, /k a volunteer's task, /d the desk's request), inboxes,
	 * 催办, dead SMS, preferences, signing in with a 验证码. */
	{ METHOD_GET,  "/t/{code}",             page_short_track,   WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/r/{code}",             page_short_rate,    WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/k/{code}",             page_short_task,    WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/d/{code}",             page_short_desk,    WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/v/inbox",              page_vinbox,        WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/inbox/read",         page_vinbox_read_all, WHO_VOLUNTEER, 0, NULL },
	{ METHOD_POST, "/v/inbox/{id}/open",    page_vinbox_open,   WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/desk/inbox",           page_desk_inbox,    WHO_STAFF,  0, NULL },
	{ METHOD_POST, "/desk/inbox/read",      page_desk_inbox_read_all, WHO_STAFF, 0, NULL },
	{ METHOD_POST, "/desk/inbox/{id}/open", page_desk_inbox_open, WHO_STAFF, 0, NULL },
	{ METHOD_POST, "/desk/order/{code}/urge", page_desk_urge,   WHO_DESK,   0, NULL },
	{ METHOD_GET,  "/admin/messages",       page_admin_messages, WHO_ADMIN, 0, NULL },
	{ METHOD_POST, "/admin/messages/{id}/retry", page_admin_message_retry, WHO_ADMIN, 0, NULL },
	{ METHOD_POST, "/v/me/messages",        page_vme_messages,  WHO_VOLUNTEER, 0, NULL },
	{ METHOD_GET,  "/v/login/code",         page_vlogin_code_form, WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/v/login/code",         page_vlogin_code_send, WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/v/login/code/check",   page_vlogin_code_check, WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/admin/users",          page_admin_users,   WHO_ADMIN,  0, NULL },
	{ METHOD_POST, "/admin/users",          page_admin_user_add, WHO_ADMIN, 0, NULL },
	{ METHOD_POST, "/admin/users/{id}/disable", page_admin_user_disable, WHO_ADMIN, 0, NULL },
	{ METHOD_POST, "/admin/users/{id}/enable", page_admin_user_enable, WHO_ADMIN, 0, NULL },
	{ METHOD_GET,  "/admin/audit",          page_admin_audit,   WHO_ADMIN,  0, NULL },
	{ METHOD_GET,  "/admin/teams",          page_admin_teams,   WHO_ADMIN,  0, NULL },
	{ METHOD_POST, "/admin/teams",          page_admin_team_add, WHO_ADMIN, 0, team_multi },
	{ METHOD_POST, "/admin/teams/{id}",     page_admin_team_edit, WHO_ADMIN, 0, team_multi },
	{ METHOD_GET,  "/admin/services",       page_admin_services, WHO_ADMIN, 0, NULL },
	{ METHOD_POST, "/admin/services",       page_admin_service_add, WHO_ADMIN, 0, NULL },
	/* 星级志愿者 thresholds (src/page/admin/admin_stars.c) */
	{ METHOD_GET,  "/admin/stars",          page_admin_stars,   WHO_ADMIN,  0, NULL },
	{ METHOD_POST, "/admin/stars",          page_admin_stars_save, WHO_ADMIN, 0, NULL },
	{ METHOD_POST, "/admin/services/{service}", page_admin_service_edit, WHO_ADMIN, 0, NULL },
	/* Open311 GeoReport v2 (src/api/open311.c). {file} is NAME.json or NAME.xml:
	 * GET discovery, services, requests; POST requests (the api_key is the credential). */
	/* mySociety's extension, the public events of requests (src/api/open311_updates.c),
	 * above {file}: the first row that matches wins. */
	{ METHOD_GET,  "/open311/v2/servicerequestupdates.json", open311_get_updates, WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/open311/v2/servicerequestupdates.xml", open311_get_updates, WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/open311/v2/{file}",    open311_get,        WHO_ANYONE, 0, NULL },
	{ METHOD_POST, "/open311/v2/{file}",    open311_post,       WHO_ANYONE, ROUTE_API, NULL },
	{ METHOD_GET,  "/open311/v2/services/{file}", open311_get_service, WHO_ANYONE, 0, NULL },
	{ METHOD_GET,  "/open311/v2/requests/{file}", open311_get_request, WHO_ANYONE, 0, NULL },
};

unsigned
who_of_role(int role)
{
	static const unsigned who[ROLE__MAX] = {
		[ROLE_ADMIN] = WHO_ADMIN, [ROLE_DISPATCHER] = WHO_DISPATCHER,
		[ROLE_INSTITUTE] = WHO_INSTITUTE, [ROLE_STATION] = WHO_STATION,
		[ROLE_LEADER] = WHO_LEADER,
	};
	return role >= 0 && role < ROLE__MAX ? who[role] : 0;
}

void
route_error(struct req *r, int status)
{
	if (!open311_error(r, status))
		page_error(r, status);
}

const struct route *
route_table(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}

/* Where the {name} parts of a path lie, and the typed ones read, found by
 * pattern_match. */
struct match {
	size_t	start[REQ_MAX_PARAMS];
	size_t	len[REQ_MAX_PARAMS];
	size_t	n;
	int64_t	id;			/* {id}, or 0 */
	char	code[CODE_LEN + 1];	/* {code}, or "" */
};

/* Longest segment read as a typed parameter: an id has at most 18 digits, a
 * code 9 symbols with a few dashes or spaces between. */
#define TYPED_SEGMENT_MAX 32

/*
 * Reads the segment s (n bytes) as the typed parameter name (n bytes of
 * the pattern, without braces) into m. Returns 1 if it is one, or if name
 * is not a typed kind (any non-empty segment then matches), else 0.
 */
static int
typed_ok(const char *name, size_t namelen, const char *s, size_t n, struct match *m)
{
	char seg[TYPED_SEGMENT_MAX + 1];
	int is_id = namelen == 2 && strncmp(name, "id", 2) == 0;
	int is_code = namelen == 4 && strncmp(name, "code", 4) == 0;

	if (!is_id && !is_code)
		return 1;
	if (n > TYPED_SEGMENT_MAX)
		return 0;
	memcpy(seg, s, n);
	seg[n] = '\0';
	return is_id ? id_parse(seg, &m->id) == 0 : code_parse(seg, m->code) == 0;
}

/* Matches path against pattern without changing either; a typed {name}
 * matches only a segment that is one (see the top of this file). Returns 1
 * and fills m on a match, else 0. */
static int
pattern_match(const char *pattern, const char *path, struct match *m)
{
	const char *p = pattern, *s = path;

	m->n = 0;
	m->id = 0;
	m->code[0] = '\0';
	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			size_t n = strcspn(s, "/");
			if (end == NULL || n == 0 || m->n == REQ_MAX_PARAMS ||
			    !typed_ok(p + 1, (size_t)(end - p - 1), s, n, m))
				return 0;
			m->start[m->n] = (size_t)(s - path);
			m->len[m->n++] = n;
			p = end + 1;
			s += n;
		} else if (*p++ != *s++)
			return 0;
	}
	return *p == '\0' && *s == '\0';
}

/* Returns 1 if a request with method m may use a route declared for rm. */
static int
method_ok(enum http_method rm, enum http_method m)
{
	return rm == m || (rm == METHOD_GET && m == METHOD_HEAD);
}

enum route_result
route_match(struct req *r, const struct route **found, char *allow,
    size_t allowlen)
{
	struct match m, hit = { .n = 0 };
	unsigned seen = 0;	/* bit per method of the routes whose path matches */
	size_t i, n = sizeof(routes) / sizeof(routes[0]);

	*found = NULL;
	for (i = 0; i < n; i++) {
		if (!pattern_match(routes[i].pattern, r->path, &m))
			continue;
		seen |= 1u << routes[i].method;
		if (*found == NULL && method_ok(routes[i].method, r->method)) {
			*found = &routes[i];
			hit = m;
		}
	}
	if (*found) {
		/* Cut a copy of the path into its parameters. */
		free(r->pathbuf);
		r->pathbuf = xstrdup(r->path);
		for (i = 0; i < hit.n; i++) {
			r->pathbuf[hit.start[i] + hit.len[i]] = '\0';
			r->params[i] = r->pathbuf + hit.start[i];
		}
		r->nparams = hit.n;
		r->path_id = hit.id;
		memcpy(r->path_code, hit.code, sizeof(r->path_code));
		return ROUTE_FOUND;
	}
	if (seen == 0)
		return ROUTE_NOT_FOUND;
	snprintf(allow, allowlen, "%s%s%s",
	    seen & (1u << METHOD_GET) ? "GET, HEAD" : "",
	    (seen & (1u << METHOD_GET)) && (seen & (1u << METHOD_POST)) ? ", " : "",
	    seen & (1u << METHOD_POST) ? "POST" : "");
	return ROUTE_BAD_METHOD;
}
