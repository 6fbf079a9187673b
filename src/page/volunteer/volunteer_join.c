/*
 * volunteer_join.c: "/volunteer/join", where people apply to become
 * volunteers (phone-sized): real name, mobile phone, password, where they
 * live (所 / 站), the platforms they can serve, the teams they want to
 * join, party member or not, and consent. The application then waits for a
 * team leader or staff of that place to approve it.
 *
 * The teams are a plain list of checkboxes, each with its kind: the
 * district-wide ones and those of the chosen 所 (?institute=CODE, or as
 * posted) in view, the other 所's teams folded away under "其他实践所的服务
 * 队" (a team chosen there stays in view), so the form works without
 * script; static/join.js moves the chosen 所's teams into view as it is
 * chosen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/csrf.h"
#include "model/catalog.h"
#include "model/org.h"
#include "model/team.h"
#include "model/volunteer.h"
#include "lib/password.h"
#include "lib/phone.h"
#include "lib/validate.h"
#include "page/part/page.h"

enum jfield { J_NAME = 0, J_PHONE, J_PASSWORD, J_INSTITUTE, J_STATION, J_PLATFORM,
	J_TEAM, J_PARTY, J_CONSENT, J__MAX };

static const char *const jnames[J__MAX] = {
	"name", "phone", "password", "institute", "station", "platform", "team", "party",
	"consent",
};
static const char *const jlabels[J__MAX] = {
	"真实姓名", "手机号码", "密码", "所在实践所", "所在实践站", "能服务的平台", "想加入的服务队",
	"政治面貌", "同意",
};

struct join_form {
	const struct kvlist	*kv;
	char			 error[J__MAX][160];
	int			 nerrors;
	char			 nonce[CSRF_NONCE_LEN], csrf[44];
};

/* Returns the trimmed value of field i (one of many for platform/team). */
static const char *
jget(const struct join_form *f, enum jfield i)
{
	const char *v = f->kv ? kv_get(f->kv, jnames[i]) : NULL;
	return v ? v : "";
}

/* Returns 1 if the form holds value for the repeated field name. */
static int
jhas(const struct join_form *f, const char *name, const char *value)
{
	for (size_t i = 0; f->kv && i < f->kv->n; i++)
		if (strcmp(f->kv->v[i].key, name) == 0 && strcmp(f->kv->v[i].val, value) == 0)
			return 1;
	return 0;
}

static void
jerror(struct join_form *f, enum jfield i, const char *msg)
{
	if (f->error[i][0] == '\0')
		f->nerrors++;
	snprintf(f->error[i], sizeof(f->error[i]), "%s", msg);
}

struct choices {
	struct tmpl_dict	*d, *group;
	char			 last[64];
	const struct join_form	*f;
	int			 inst_known;	/* the chosen 所 is one of the list */
	int			 other;		/* teams folded away */
	int			 other_checked;	/* of which chosen */
	int			 first;		/* no team group made yet */
};

/* Adds a 所 to its picker, chosen if it was typed. */
static void
add_institute(void *arg, const struct org_institute *o)
{
	struct choices *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "INSTITUTE_OPT");

	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "NAME", o->name);
	if (strcmp(jget(c->f, J_INSTITUTE), o->code) == 0) {
		tmpl_show(d, "SELECTED");
		c->inst_known = 1;
	}
}

/* Adds a station to its 所's group of the picker: （演示） after a demo
 * station's name unless the name says it already (the bytes count ~270
 * times; the page must stay under 60 KB with the stylesheet). */
static void
add_station(void *arg, const struct org_station *o)
{
	struct choices *c = arg;
	struct tmpl_dict *d;

	if (c->group == NULL || strcmp(c->last, o->institute_code) != 0) {
		c->group = tmpl_add_section(c->d, "STATION_GROUP");
		tmpl_set(c->group, "GROUP", o->institute_name);
		tmpl_set(c->group, "GROUP_CODE", o->institute_code);
		snprintf(c->last, sizeof(c->last), "%s", o->institute_code);
	}
	d = tmpl_add_section(c->group, "STATION_OPT");
	tmpl_set(d, "CODE", o->code);
	tmpl_set(d, "NAME", o->name);
	if (o->is_demo && strstr(o->name, "演示") == NULL)
		tmpl_show(d, "DEMO");
	if (strcmp(jget(c->f, J_STATION), o->code) == 0)
		tmpl_show(d, "SELECTED");
}

static void
add_platform(void *arg, const struct platform *p)
{
	struct choices *c = arg;
	struct tmpl_dict *d = tmpl_add_section(c->d, "PLATFORM_OPT");

	tmpl_set(d, "CODE", p->code);
	tmpl_set(d, "NAME", p->name);
	if (jhas(c->f, "platform", p->code))
		tmpl_show(d, "CHECKED");
}

/* Adds a team to its group: the district's and the chosen 所's in view
 * (NEAR_GROUP), the other 所's folded away (OTHER_GROUP); （演示） as for
 * stations. */
static void
add_team(void *arg, const struct team_choice *t)
{
	struct choices *c = arg;
	struct tmpl_dict *d;
	const char *inst = jget(c->f, J_INSTITUTE);
	char id[24], label[NAME_SIZE + 16];
	int near, checked;

	snprintf(id, sizeof(id), "%lld", (long long)t->id);
	checked = jhas(c->f, "team", id);
	near = t->institute_code[0] == '\0' ||
	    (c->inst_known && strcmp(t->institute_code, inst) == 0);
	if (c->first || strcmp(c->last, t->institute_code) != 0) {
		c->group = tmpl_add_section(c->d, near ? "NEAR_GROUP" : "OTHER_GROUP");
		if (t->institute_code[0])
			snprintf(label, sizeof(label), "%s的服务队", t->institute_name);
		else
			snprintf(label, sizeof(label), "全区的服务队");
		tmpl_set(c->group, "GROUP", label);
		tmpl_set(c->group, "GROUP_CODE", t->institute_code);
		snprintf(c->last, sizeof(c->last), "%s", t->institute_code);
		c->first = 0;
	}
	if (!near) {
		c->other++;
		c->other_checked += checked;
	}
	d = tmpl_add_section(c->group, "TEAM_OPT");
	tmpl_set(d, "ID", id);
	tmpl_set(d, "NAME", t->name);
	tmpl_set(d, "KIND", team_kind_label(t->kind));
	if (t->is_demo && strstr(t->name, "演示") == NULL)
		tmpl_show(d, "DEMO");
	if (checked)
		tmpl_show(d, "CHECKED");
}

static int
render(struct req *r, struct join_form *f, int status)
{
	static const char *const keys[J__MAX] = { "NAME", "PHONE", "PASSWORD", "INSTITUTE",
		"STATION", "PLATFORM", "TEAM", "PARTY", "CONSENT" };
	struct db *db = r->app->db;
	struct page pg;
	struct choices c = { .f = f, .first = 1 };
	char key[32];

	c.d = page_begin(r, &pg, "加入志愿者", "volunteer_join.tpl", NULL);
	if (org_each_institute(db, add_institute, &c) != DB_OK ||
	    org_each_station(db, add_station, &c) != DB_OK ||
	    catalog_each_platform(db, add_platform, &c) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	c.group = NULL;
	if (team_each_joinable(db, add_team, &c) != DB_OK) {
		tmpl_dict_free(pg.layout);
		return 500;
	}
	if (c.other) {
		struct tmpl_dict *o = tmpl_add_section(c.d, "OTHER");
		tmpl_set(o, "OTHER_LABEL", c.inst_known ? "其他实践所的服务队（也可以加入）" :
		    "各实践所的服务队（选好上面的实践所后，这里列出该所的服务队）");
		if (c.other_checked)
			tmpl_show(o, "OTHER_OPEN");
	}
	tmpl_show(c.d, c.inst_known ? "INST_CHOSEN" : "INST_NONE");
	tmpl_set(c.d, "V_NAME", jget(f, J_NAME));
	tmpl_set(c.d, "V_PHONE", jget(f, J_PHONE));
	if (strcmp(jget(f, J_PARTY), "yes") == 0)
		tmpl_show(c.d, "PARTY_YES");
	if (strcmp(jget(f, J_CONSENT), "yes") == 0)
		tmpl_show(c.d, "CONSENT_CHECKED");
	for (int i = 0; i < J__MAX; i++) {
		if (f->error[i][0] == '\0')
			continue;
		struct tmpl_dict *e;
		snprintf(key, sizeof(key), "E_%s", keys[i]);
		tmpl_set(tmpl_add_section(c.d, key), "MSG", f->error[i]);
		e = tmpl_add_section(c.d, "ERROR_ITEM");
		tmpl_set(e, "FIELD", jnames[i]);
		tmpl_set(e, "LABEL", jlabels[i]);
		tmpl_set(e, "MSG", f->error[i]);
	}
	if (f->nerrors) {
		tmpl_set_int(c.d, "NERRORS", f->nerrors);
		tmpl_show(c.d, "HAS_ERRORS");
	}
	tmpl_set(c.d, "NONCE", f->nonce);
	tmpl_set(c.d, "CSRF", f->csrf);
	http_status(r, status);
	http_header(r, "Cache-Control", "no-store");
	return page_finish(r, &pg);
}

int
page_volunteer_join_form(struct req *r)
{
	/* ?institute=CODE (and station) may choose the place: its teams are
	 * then in view. */
	struct join_form f = { .kv = &r->query };
	const char *sent = kv_get(&r->query, "sent");

	if (sent && strcmp(sent, "1") == 0) {
		struct page pg;
		page_begin(r, &pg, "申请已提交", "volunteer_sent.tpl", NULL);
		return page_finish(r, &pg);
	}
	csrf_form_new(r, f.nonce, f.csrf);
	return render(r, &f, 200);
}

/* Keeps the id of the platform found (catalog_find_platform's callback). */
static void
platform_found(void *arg, const struct platform *p)
{
	*(int64_t *)arg = p->id;
}

/* Returns 1 if id is among the n ids of list. */
static int
id_in(const int64_t *list, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == id)
			return 1;
	return 0;
}

int
page_volunteer_join(struct req *r)
{
	struct db *db = r->app->db;
	struct join_form f = { .kv = &r->form };
	struct org_ref inst, st;
	int64_t *platforms = NULL, *teams = NULL, id, org_id = 0;
	size_t np = 0, nt = 0;
	char *name = str_trim(jget(&f, J_NAME)), msg[96], hash[crypto_pwhash_STRBYTES];
	char mobile[PHONE_MAX];		/* the phone as stored: 11 digits */
	const char *phone = jget(&f, J_PHONE), *pw = jget(&f, J_PASSWORD), *problem;
	struct volunteer_apply a;
	enum valid v;
	int found = 0, rc;

	{
		const char *n = kv_get(&r->form, "nonce"), *c = kv_get(&r->form, "csrf");
		snprintf(f.nonce, sizeof(f.nonce), "%s", n ? n : "");
		snprintf(f.csrf, sizeof(f.csrf), "%s", c ? c : "");
	}
	if ((v = valid_line(name, 20, 1)) != VALID_OK) {
		valid_message(v, 20, msg, sizeof(msg));
		jerror(&f, J_NAME, v == VALID_REQUIRED ? "请填写真实姓名" : msg);
	}
	/* Written as people write it (139 1234 0061, +86 …): one stored form. */
	if ((v = phone_read(phone, PHONE_MOBILE_ONLY, mobile)) != VALID_OK) {
		valid_message(v, 11, msg, sizeof(msg));
		jerror(&f, J_PHONE, msg);
	}
	if ((problem = password_problem(pw)) != NULL)
		jerror(&f, J_PASSWORD, problem);
	if (org_by_code(db, jget(&f, J_INSTITUTE), &inst, &found) != DB_OK)
		{ rc = 500; goto out; }
	if (!found || strcmp(inst.kind, "institute") != 0)
		jerror(&f, J_INSTITUTE, "请选择您所在的实践所（乡镇、街道）");
	else
		org_id = inst.id;
	if (org_id && *jget(&f, J_STATION)) {
		if (org_by_code(db, jget(&f, J_STATION), &st, &found) != DB_OK)
			{ rc = 500; goto out; }
		if (!found || strcmp(st.kind, "station") != 0 || st.parent_id != inst.id)
			jerror(&f, J_STATION, "所选实践站不属于所选的实践所，请重新选择");
		else
			org_id = st.id;
	}
	/* Every platform and team ticked, each once: the lists are as long as
	 * the form holds, never cut short. */
	platforms = xcalloc(r->form.n + 1, sizeof(*platforms));
	teams = xcalloc(r->form.n + 1, sizeof(*teams));
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *p = &r->form.v[i];
		if (strcmp(p->key, "platform") == 0) {
			int64_t pid = 0;
			if (catalog_find_platform(db, p->val, platform_found, &pid) != DB_OK)
				{ rc = 500; goto out; }
			if (pid == 0)
				jerror(&f, J_PLATFORM, "请从列表中选择平台");
			else if (!id_in(platforms, np, pid))
				platforms[np++] = pid;
		} else if (strcmp(p->key, "team") == 0) {
			int64_t tid = team_joinable_id(db, p->val);
			if (tid < 0)
				{ rc = 500; goto out; }
			if (tid == 0)
				jerror(&f, J_TEAM, "请从列表中选择服务队");
			else if (!id_in(teams, nt, tid))
				teams[nt++] = tid;
		}
	}
	/* "Choose one" only when nothing was chosen, not over "choose from
	 * the list". */
	if (np == 0 && f.error[J_PLATFORM][0] == '\0')
		jerror(&f, J_PLATFORM, "请至少选择一个您能服务的平台");
	if (nt == 0 && f.error[J_TEAM][0] == '\0')
		jerror(&f, J_TEAM, "请至少选择一个想加入的服务队");
	if (strcmp(jget(&f, J_CONSENT), "yes") != 0)
		jerror(&f, J_CONSENT, "请阅读并同意，否则我们无法审核和联系您");
	if (f.nerrors) {
		rc = render(r, &f, 400);
		goto out;
	}
	if (password_hash(pw, hash) != 0) {
		rc = 500;
		goto out;
	}
	a = (struct volunteer_apply){ .name = name, .phone = mobile, .pwhash = hash,
		.org_id = org_id, .party_member = strcmp(jget(&f, J_PARTY), "yes") == 0,
		.platforms = platforms, .nplatforms = np, .teams = teams, .nteams = nt };
	switch (volunteer_apply(db, &a, &id)) {
	case MODEL_OK:
		rc = page_redirect(r, "/volunteer/join?sent=1");
		break;
	case MODEL_EXISTS:
		jerror(&f, J_PHONE, "这个手机号已经申请过了。如已通过审核，请直接登录；忘记密码请联系所在实践站");
		rc = render(r, &f, 400);
		break;
	case MODEL_BUSY:
	case MODEL_FULL:
		rc = 503;
		break;
	default:
		rc = 500;
		break;
	}
out:
	free(platforms);
	free(teams);
	free(name);
	return rc;
}
