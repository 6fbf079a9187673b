/*
 * desk_order_log.c: the 催办 and 督办 and the 通知记录 of a request's desk
 * page (see desk_order_log.h). The SMS state in words: 仅站内信, 待发送,
 * 已发送 HH:MM, 发送失败，将重试（why）, 未送达（why）, 未发送（why）; for
 * a volunteer or staff member also whether they read the inbox copy.
 */
#include <stdio.h>
#include <string.h>

#include "lib/phone.h"
#include "lib/util.h"
#include "model/err.h"
#include "model/message.h"
#include "model/order_urges.h"
#include "page/desk/desk_order_log.h"

/* Adds one 催办 or 督办 to the URGE section of d: when, which, who (a
 * staff member's name, or 系统自动 for the sweep's 督办) and the note
 * ("督办：派出24小时…"), unless it only repeats which ("催办"). */
static void
add_urge(void *arg, const struct order_urge *u)
{
	struct tmpl_dict *d = tmpl_add_section(arg, "URGE");
	const char *what = strcmp(u->kind, "urge") == 0 ? "催办" : "督办";
	const char *note = u->note;
	char when[20];

	tmpl_show(arg, "HAS_URGES");
	time_format_cst(u->at, when);
	when[16] = '\0';
	tmpl_set(d, "WHEN", when);
	tmpl_set(d, "WHAT", what);
	if (u->who[0] || strcmp(u->actor, "system") == 0) {
		tmpl_set(d, "WHO", u->who[0] ? u->who : "系统自动");
		tmpl_show(d, "HAS_WHO");
	}
	if (note[0] && strcmp(note, what) != 0) {
		tmpl_set(d, "NOTE", note);
		tmpl_show(d, "HAS_NOTE");
	}
}

/* Writes the SMS state of m in words into out: whether, when and why. */
static void
sms_words(const struct message_view *m, char *out, size_t len)
{
	char sent[20], made[20];
	const char *why = m->last_error[0] ? m->last_error : "原因未记录";

	if (strcmp(m->sms, "pending") == 0 && m->attempts > 0)
		snprintf(out, len, "发送失败，将重试（%s）", why);
	else if (strcmp(m->sms, "pending") == 0)
		snprintf(out, len, "待发送");
	else if (strcmp(m->sms, "sent") == 0) {
		/* The time alone on the day it was written, else the date too. */
		time_format_cst(m->sent_at, sent);
		time_format_cst(m->created_at, made);
		sent[16] = '\0';
		snprintf(out, len, "已发送 %s", strncmp(sent, made, 10) == 0 ? sent + 11 :
		    sent + 5);
	} else if (strcmp(m->sms, "dead") == 0)
		snprintf(out, len, "未送达（%s）", why);
	else if (strcmp(m->sms, "skipped") == 0)
		snprintf(out, len, "未发送（%s）", why);
	else if (strcmp(m->to_what, "resident") == 0)
		snprintf(out, len, "未发短信（未开通短信通道）");
	else
		snprintf(out, len, "仅站内信");
}

/* The 通知记录 being filled. */
struct msg_list {
	struct tmpl_dict	*d;
	int			 n;
};

/* Adds one message about the request to the MSG section. */
static void
add_msg(void *arg, const struct message_view *m)
{
	struct msg_list *l = arg;
	struct tmpl_dict *d = tmpl_add_section(l->d, "MSG");
	char when[20], to[160], masked[PHONE_MAX], sms[300];

	time_format_cst(m->created_at, when);
	when[16] = '\0';
	tmpl_set(d, "WHEN", when);
	if (strcmp(m->to_what, "resident") == 0) {
		phone_mask(m->phone, masked);
		snprintf(to, sizeof(to), "群众 %s", masked);
	} else
		snprintf(to, sizeof(to), "%s %s",
		    strcmp(m->to_what, "volunteer") == 0 ? "志愿者" : "工作人员", m->to_name);
	tmpl_set(d, "TO", to);
	tmpl_set(d, "TEXT", m->text);
	sms_words(m, sms, sizeof(sms));
	/* A volunteer or staff member has the inbox copy too: read or not. */
	if (strcmp(m->to_what, "resident") != 0)
		snprintf(sms + strlen(sms), sizeof(sms) - strlen(sms), "%s",
		    strcmp(m->sms, "none") == 0 ? (m->read_at ? "，已读" : "，未读") :
		    (m->read_at ? " · 站内信已读" : " · 站内信未读"));
	tmpl_set(d, "SMS", sms);
	tmpl_set(d, "SMS_STATE", m->sms);
	l->n++;
}

int
desk_order_log_fill(struct db *db, struct tmpl_dict *d, int64_t order_id, int sms_on)
{
	struct msg_list ml = { d, 0 };

	/* Without a gateway nobody gets an SMS: said once, for every step. */
	if (!sms_on)
		tmpl_show(d, "NO_GATEWAY");
	if (order_each_urge(db, order_id, add_urge, d) != MODEL_OK ||
	    message_each_of_order(db, order_id, add_msg, &ml) != DB_OK)
		return -1;
	if (ml.n == 0)
		tmpl_show(d, "NO_MSG");
	return 0;
}
