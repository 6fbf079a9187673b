/*
 * message_text.c: the table of message kinds (who hears what, and the
 * text) and message_compose(), which fits a text into one SMS segment.
 * The README's table "Who hears what" is this table in words.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/message.h"
#include "model/message_text.h"
#include "lib/utf8.h"

#define A0 1u
#define A1 2u
#define A2 4u
#define A3 8u

/* kind, recipient, urgent, when, format, which arguments may be shortened. */
static const struct {
	struct message_kind	k;
	unsigned		shrink;
} kinds[] = {
	/* Residents (a mobile given and SMS not refused on the form). */
	{ { "resident_received", TO_RESIDENT, 0, "申请已受理（提交后）",
	    "【文明朔城】您的服务申请“%s”已受理，查询码%s，查看进度：" }, A0 },
	{ { "resident_rejected", TO_RESIDENT, 0, "不予受理，附理由",
	    "【文明朔城】您的服务申请“%s”不予受理：%s。详情：" }, A0 | A1 },
	{ { "resident_dispatched", TO_RESIDENT, 0, "已派单（给哪支队伍）",
	    "【文明朔城】您的服务申请“%s”已派单给%s，志愿者将与您联系：" }, A0 | A1 },
	{ { "resident_published", TO_RESIDENT, 0, "已发布，等待志愿者抢单",
	    "【文明朔城】您的服务申请“%s”已发布，正在等待志愿者接单：" }, A0 },
	{ { "resident_accepted", TO_RESIDENT, 0, "已接单（队伍和时间）",
	    "【文明朔城】您的服务申请“%s”已由%s于%s接单：" }, A0 | A1 },
	{ { "resident_completed", TO_RESIDENT, 0, "已完成，附评价链接",
	    "【文明朔城】您的服务申请“%s”已完成，请为这次服务评价：" }, A0 },
	{ { "resident_cancelled", TO_RESIDENT, 0, "工作人员取消，附理由",
	    "【文明朔城】您的服务申请“%s”已取消：%s。详情：" }, A0 | A1 },
	{ { "resident_reopened", TO_RESIDENT, 0, "重新办理",
	    "【文明朔城】您的服务申请“%s”已重新办理，中心将再次安排：" }, A0 },
	{ { "resident_rate_reminder", TO_RESIDENT, 0, "评价截止前3天仍未评价，提醒一次",
	    "【文明朔城】您的服务申请“%s”还未评价，%s前可以评价：" }, A0 },
	{ { "code_order", TO_RESIDENT, 1, "网上提交申请时确认手机号（验证码）",
	    "【文明朔城】验证码%s，用于确认手机号、提交服务申请，10分钟内有效，请勿告诉他人。" }, 0 },
	/* Volunteers (approved, not stood down). */
	{ { "task_team", TO_VOLUNTEER, 0, "任务派给本队",
	    "【文明朔城】新任务：%s（%s），已派给%s，请尽快接单：" }, A0 | A1 | A2 },
	{ { "task_open", TO_VOLUNTEER, 0, "附近有任务可抢单（就近分批）",
	    "【文明朔城】附近有可抢单的任务：%s（%s），先到先得：" }, A0 | A1 },
	{ { "task_urge", TO_VOLUNTEER, 0, "工作人员催办",
	    "【文明朔城】催办：任务“%s”（%s）还没有人接单，请尽快处理：" }, A0 | A1 },
	{ { "volunteer_approved", TO_VOLUNTEER, 0, "志愿者申请通过",
	    "【文明朔城】%s，您的志愿者申请已通过，编号%s，登录接单：" }, A0 },
	{ { "volunteer_declined", TO_VOLUNTEER, 0, "志愿者申请未通过，附理由",
	    "【文明朔城】%s，您的志愿者申请未通过：%s。" }, A0 | A1 },
	{ { "hours_confirmed", TO_VOLUNTEER, 0, "服务时长已确认",
	    "【文明朔城】您%s的服务时长%s已确认：" }, 0 },
	{ { "hours_corrected", TO_VOLUNTEER, 0, "服务时长已更正，附理由",
	    "【文明朔城】您%s的服务时长已更正为%s：%s。" }, A2 },
	{ { "activity_reminder", TO_VOLUNTEER, 0, "报名活动的前一天",
	    "【文明朔城】提醒：您报名的活动“%s”明天%s开始，地点：%s。" }, A0 | A2 },
	{ { "code_login", TO_VOLUNTEER, 1, "用验证码登录",
	    "【文明朔城】验证码%s，用于志愿者登录，10分钟内有效，请勿告诉他人。" }, 0 },
	/* Staff of the place in scope (inbox). */
	{ { "staff_digest", TO_STAFF, 0, "新的群众点单（汇总，每小时至多一条）",
	    "【文明朔城】有%s件新的群众点单待审核，请及时派单：" }, 0 },
	{ { "staff_poor_rating", TO_STAFF, 0, "群众评为不满意或非常不满意",
	    "【文明朔城】群众评单：%s（%s）评价为%s，请回访：" }, A1 },
	{ { "staff_escalate", TO_STAFF, 0, "督办：派单或发布后超时无人接单（先所，后中心）",
	    "【文明朔城】督办：%s（%s）派出%s小时仍无人接单，请协调：" }, A1 },
	{ { "staff_overdue", TO_STAFF, 0, "督办：超过办理期限（先所，后中心）",
	    "【文明朔城】督办：%s（%s）已超过办理期限%s，请协调：" }, A1 },
	{ { NULL, 0, 0, NULL, NULL }, 0 },
};

const struct message_kind *
message_kind_of(const char *kind)
{
	for (size_t i = 0; kinds[i].k.kind != NULL; i++)
		if (strcmp(kinds[i].k.kind, kind) == 0)
			return &kinds[i].k;
	return NULL;
}

/* Formats fmt with up to four arguments into out. */
static void
format4(char *out, size_t len, const char *fmt, const char *const a[4])
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(out, len, fmt, a[0], a[1], a[2], a[3]);
#pragma GCC diagnostic pop
}

char *
message_compose(char *out, size_t len, const char *kind, const char *const *args, int n)
{
	char cut[4][256];
	const char *a[4] = { "", "", "", "" };
	size_t chars[4] = { 0, 0, 0, 0 };
	unsigned shrink = 0;
	const char *fmt = "%s";

	for (size_t i = 0; kinds[i].k.kind != NULL; i++)
		if (strcmp(kinds[i].k.kind, kind) == 0) {
			fmt = kinds[i].k.format;
			shrink = kinds[i].shrink;
		}
	for (int i = 0; i < n && i < 4; i++) {
		snprintf(cut[i], sizeof(cut[i]), "%.*s", utf8_prefix(args[i], sizeof(cut[i]) - 1),
		    args[i]);
		a[i] = cut[i];
		chars[i] = utf8_chars(cut[i]);
	}
	/* Shorten the longest argument that may be shortened, a character at
	 * a time, until the text fits (each keeps at least 4 and its "…"). */
	for (;;) {
		size_t total, best = 4;
		int which = -1;

		format4(out, len, fmt, a);
		total = utf8_chars(out);
		if (total <= MESSAGE_MAX_CHARS)
			break;
		for (int i = 0; i < 4; i++)
			if ((shrink & (1u << i)) && chars[i] > best) {
				best = chars[i];
				which = i;
			}
		if (which < 0)
			break;
		/* Keep chars-2 characters and add "…": one fewer in all. */
		{
			char *s = cut[which];
			size_t keep = chars[which] - 2, k = 0;
			char *p = s;

			while (*p && k < keep) {
				p++;
				while ((*p & 0xC0) == 0x80)
					p++;
				k++;
			}
			snprintf(p, sizeof(cut[which]) - (size_t)(p - s), "…");
			chars[which] = keep + 1;
		}
	}
	return out;
}

void
message_date(long long t, int with_time, char *out, size_t len)
{
	time_t tt = (time_t)(t + 8 * 3600);
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (with_time)
		snprintf(out, len, "%d月%d日%02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min);
	else
		snprintf(out, len, "%d月%d日", tm.tm_mon + 1, tm.tm_mday);
}
