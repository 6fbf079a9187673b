/*
 * error.c: the error pages. Each is a real page in the site layout, in plain
 * Chinese, with the request id to quote to the center; none shows SQL, file
 * paths or other internals.
 */
#include <stdio.h>

#include "page/part/page.h"

/* The heading and the advice for each status. */
static void
error_text(int status, const char **title, const char **advice)
{
	switch (status) {
	case 400:
		*title = "请求有误";
		*advice = "您提交的内容格式不正确，系统无法处理。请返回上一页检查后重试。";
		break;
	case 403:
		*title = "没有权限";
		*advice = "您没有进行此操作的权限，或页面已过期。请刷新页面后重试；如需帮助，请联系文明实践中心。";
		break;
	case 404:
		*title = "页面不存在";
		*advice = "您要找的页面不存在或已被移除。请检查网址，或从首页重新进入。";
		break;
	case 405:
		*title = "不支持此操作";
		*advice = "此页面不支持这种访问方式。请从页面上的链接或按钮进入。";
		break;
	case 409:
		*title = "操作没有完成";
		*advice = "情况刚刚发生了变化，您的操作没有执行。请看最新情况后再操作。";
		break;
	case 413:
		*title = "提交内容过多";
		*advice = "您提交的内容超过了允许的大小。请精简后重新提交。";
		break;
	case 415:
		*title = "提交格式不支持";
		*advice = "请使用页面上的表单提交。";
		break;
	case 429:
		*title = "操作过于频繁";
		*advice = "您的操作太频繁了，请稍后再试。";
		break;
	case 503:
		*title = "系统繁忙";
		*advice = "系统正忙，您的内容尚未保存。请稍等片刻后重新提交。";
		break;
	default:
		*title = "系统出错了";
		*advice = "系统处理时出现问题，我们会尽快修复。请稍后再试。";
		break;
	}
}

void
page_error(struct req *r, int status)
{
	page_error_advice(r, status, NULL);
}

void
page_error_advice(struct req *r, int status, const char *custom)
{
	struct page pg;
	struct tmpl_dict *d;
	const char *title, *advice;

	if (status < 400 || status > 599)
		status = 500;
	error_text(status, &title, &advice);
	if (custom)
		advice = custom;
	http_reset(r);
	http_status(r, status);
	if (status == 405 && r->allow[0])
		http_header(r, "Allow", r->allow);
	if (status == 503)
		http_header(r, "Retry-After", "5");
	http_header(r, "Cache-Control", "no-store");
	d = page_begin(r, &pg, title, "error.tpl", NULL);
	tmpl_set(d, "HEADING", title);
	/* Back to where the person works: the desk, my tasks, or the portal. */
	tmpl_set(d, "BACK_HREF", r->signin ? "/desk" : r->volunteer ? "/v" : "/");
	tmpl_set(d, "BACK_LABEL", r->signin ? "返回工作台" : r->volunteer ? "返回我的任务" : "返回首页");
	tmpl_set_int(d, "STATUS", status);
	tmpl_set(d, "ADVICE", advice);
	tmpl_set(d, "REQUEST_ID", r->id);
	if (page_finish(r, &pg) != 0) {
		/* The templates themselves failed: a minimal page, still Chinese. */
		char body[512];
		int n = snprintf(body, sizeof(body), "<!DOCTYPE html><html lang=\"zh-CN\">"
		    "<meta charset=\"utf-8\"><title>%s</title><h1>%s</h1>"
		    "<p>%s</p><p>请求编号：%s</p></html>", title, title, advice, r->id);
		http_body(r, body, (size_t)n);
	}
}
