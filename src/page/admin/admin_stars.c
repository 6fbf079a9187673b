/*
 * admin_stars.c: "/admin/stars": the 星级志愿者 thresholds, the confirmed
 * hours that make one to five stars. The national ones of the 《志愿服务记录
 * 办法》 are the defaults; the admin may set the place's own, each a whole
 * number of hours, strictly increasing.
 */
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "model/stars.h"
#include "page/part/page.h"

static const char *const star_names[STARS_MAX] = { "一星", "二星", "三星", "四星", "五星" };

/* The form as typed: the text of each field and its error, or NULL. */
struct stars_form {
	const char	*typed[STARS_MAX];
	const char	*error[STARS_MAX];
	char		 msg[STARS_MAX][128];
};

/* Reads s as a whole number of hours (ASCII digits, spaces around allowed)
 * into *out. Returns 1, or 0 if it is not one. */
static int
hours_parse(const char *s, int *out)
{
	long v = 0;
	int digits = 0;

	if (s == NULL)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 7)
			return 0;
		v = v * 10 + (*s - '0');
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0' || digits == 0)
		return 0;
	*out = (int)v;
	return 1;
}

/* Renders the page with the stored thresholds, or what f holds when it is
 * not NULL. Returns 0 or a status. */
static int
render(struct req *r, int status, const struct stars_form *f, const char *notice)
{
	struct star_levels l;
	struct page pg;
	struct tmpl_dict *d;
	char national[96];

	if (stars_read(r->app->db, &l) != DB_OK)
		return 500;
	d = page_begin(r, &pg, "星级志愿者标准", "admin_stars.tpl", "desk");
	tmpl_set(d, "CSRF", r->signin->sess.csrf);
	snprintf(national, sizeof(national), "%d、%d、%d、%d、%d", stars_national[0],
	    stars_national[1], stars_national[2], stars_national[3], stars_national[4]);
	tmpl_set(d, "NATIONAL", national);
	tmpl_set_int(d, "MAX", STARS_HOURS_MAX);
	if (l.updated_at == 0)
		tmpl_show(d, "DEFAULTS");
	else {
		char when[20];

		time_format_cst(l.updated_at, when);
		tmpl_set(d, "UPDATED", when);
		tmpl_show(d, "CHANGED");
	}
	if (f)
		tmpl_show(d, "HAS_ERRORS");
	for (int i = 0; i < STARS_MAX; i++) {
		struct tmpl_dict *s = tmpl_add_section(d, "LEVEL");

		tmpl_set_int(s, "N", i + 1);
		tmpl_set(s, "LABEL", star_names[i]);
		if (f) {
			tmpl_set(s, "VALUE", f->typed[i] ? f->typed[i] : "");
			if (f->error[i]) {
				tmpl_set(s, "ERROR", f->error[i]);
				tmpl_show(s, "HAS_ERROR");
			}
		} else
			tmpl_set_int(s, "VALUE", l.hours[i]);
	}
	return page_finish_private(r, &pg, status, notice);
}

int
page_admin_stars(struct req *r)
{
	const char *done = kv_get(&r->query, "done");

	return render(r, 200, NULL, done && strcmp(done, "1") == 0 ?
	    "星级标准已保存。" : NULL);
}

int
page_admin_stars_save(struct req *r)
{
	struct stars_form f;
	int hours[STARS_MAX], bad = 0;
	enum db_err e;

	memset(&f, 0, sizeof(f));
	for (int i = 0; i < STARS_MAX; i++) {
		char key[16];

		snprintf(key, sizeof(key), "s%d", i + 1);
		f.typed[i] = kv_get(&r->form, key);
		if (!hours_parse(f.typed[i], &hours[i]) || hours[i] < STARS_HOURS_MIN ||
		    hours[i] > STARS_HOURS_MAX) {
			snprintf(f.msg[i], sizeof(f.msg[i]),
			    "请填写%s所需的小时数：%d 到 %d 之间的整数", star_names[i],
			    STARS_HOURS_MIN, STARS_HOURS_MAX);
			f.error[i] = f.msg[i];
			hours[i] = -1;
			bad = 1;
		}
	}
	/* Each level must ask for more than the one below it. */
	for (int i = 1; i < STARS_MAX; i++) {
		if (f.error[i] || hours[i - 1] < 0 || hours[i] > hours[i - 1])
			continue;
		snprintf(f.msg[i], sizeof(f.msg[i]), "%s须多于%s的 %d 小时", star_names[i],
		    star_names[i - 1], hours[i - 1]);
		f.error[i] = f.msg[i];
		bad = 1;
	}
	if (bad)
		return render(r, 400, &f, NULL);
	if ((e = stars_set(r->app->db, hours, r->signin->user.id)) != DB_OK)
		return model_status(model_err_of(e));
	return page_redirect(r, "/admin/stars?done=1");
}
