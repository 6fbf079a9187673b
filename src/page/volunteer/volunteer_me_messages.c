/*
 * volunteer_me_messages.c: POST "/v/me/messages": a volunteer's 消息设置 on
 * "/v/me": 接收附近的抢单通知 (on or off) and their own 免打扰时段, from and
 * to as "HH:MM" (both, or neither for the site's default). A time that is
 * not one, only one of the two, or the same twice is shown again beside
 * its field with what was typed; saved, back to "/v/me" saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/session.h"
#include "lib/validate.h"
#include "model/volunteer.h"
#include "page/part/page.h"
#include "page/volunteer/volunteer_me.h"

/*
 * Reads a time of day written "H:MM" or "HH:MM" (digits and the colon may be
 * full-width, as Chinese input methods type them; spaces around are
 * ignored). Returns minutes after midnight, -1 for an empty s, -2 if s is
 * not a time.
 */
static int
hhmm_read(const char *s)
{
	int part[2] = { 0, 0 }, digits[2] = { 0, 0 }, i = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return -1;
	for (; *p && *p != ' '; p++) {
		int d = -1;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) {
			d = p[2] - 0x90;	/* ０..９ */
			p += 2;
		} else if (*p == ':' && i == 0) {
			i = 1;
			continue;
		} else if (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x9a && i == 0) {
			i = 1;		/* ： */
			p += 2;
			continue;
		} else
			return -2;
		if (++digits[i] > 2)
			return -2;
		part[i] = part[i] * 10 + d;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || i != 1 || digits[0] == 0 || digits[1] != 2 || part[0] > 23 ||
	    part[1] > 59)
		return -2;
	return part[0] * 60 + part[1];
}

int
page_vme_messages(struct req *r)
{
	const char *from = kv_get(&r->form, "quiet_from"), *to = kv_get(&r->form, "quiet_to");
	struct vme_prefs_form f = {
		.broadcasts = kv_get(&r->form, "broadcasts") != NULL,
		.quiet_from = from ? from : "", .quiet_to = to ? to : "",
	};
	static const char bad[] = "请按“时:分”填写，例如 22:00";
	struct volunteer_prefs p = { .broadcasts = f.broadcasts };
	enum model_err e;

	p.quiet_from = hhmm_read(f.quiet_from);
	p.quiet_to = hhmm_read(f.quiet_to);
	if (p.quiet_from == -2)
		f.err_from = bad;
	if (p.quiet_to == -2)
		f.err_to = bad;
	if (p.quiet_from == -1 && p.quiet_to >= 0)
		f.err_from = "请填写开始时间，或把两项都清空，使用默认时段";
	if (p.quiet_to == -1 && p.quiet_from >= 0)
		f.err_to = "请填写结束时间，或把两项都清空，使用默认时段";
	if (p.quiet_from >= 0 && p.quiet_from == p.quiet_to)
		f.err_to = "结束时间不能和开始时间相同";
	if (f.err_from || f.err_to)
		return vme_page(r, 400, NULL, 0, NULL, &f, NULL);
	if ((e = volunteer_set_message_prefs(r->app->db, r->volunteer->v.id, &p)) != MODEL_OK)
		return model_status(e);
	return page_redirect(r, "/v/me?saved=messages");
}
