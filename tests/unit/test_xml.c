/*
 * test_xml.c: the Open311 XML writer: the declaration, the escaping of each
 * special character, characters XML 1.0 cannot hold (dropped), Chinese and
 * other non-ASCII text (unchanged), integers, and nesting.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api/xml.h"

/* Returns the element <t>text</t> as written, in a static buffer. */
static const char *
elem(const char *text)
{
	static char out[1024];
	struct buf b;

	buf_init(&b);
	xml_elem(&b, "t", text);
	assert_true(b.len < sizeof(out));
	memcpy(out, b.data, b.len + 1);
	buf_free(&b);
	return out;
}

static void
test_begin(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	xml_begin(&b);
	assert_string_equal(b.data, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	buf_free(&b);
}

static void
test_escape_each(void **state)
{
	(void)state;
	assert_string_equal(elem("a&b"), "<t>a&amp;b</t>");
	assert_string_equal(elem("a<b"), "<t>a&lt;b</t>");
	assert_string_equal(elem("a>b"), "<t>a&gt;b</t>");
	assert_string_equal(elem("a\"b"), "<t>a&quot;b</t>");
	assert_string_equal(elem("a'b"), "<t>a&apos;b</t>");
	assert_string_equal(elem("<script>alert('x' & \"y\")</script>"),
	    "<t>&lt;script&gt;alert(&apos;x&apos; &amp; &quot;y&quot;)&lt;/script&gt;</t>");
	/* An entity in the input is text, not markup: escaped again. */
	assert_string_equal(elem("&amp;"), "<t>&amp;amp;</t>");
	assert_string_equal(elem("]]>"), "<t>]]&gt;</t>");
	assert_string_equal(elem("&&&"), "<t>&amp;&amp;&amp;</t>");
}

static void
test_empty_and_null(void **state)
{
	(void)state;
	assert_string_equal(elem(""), "<t></t>");
	assert_string_equal(elem(NULL), "<t></t>");
}

static void
test_controls_dropped(void **state)
{
	char in[40];
	size_t n = 0;

	(void)state;
	/* Every C0 control but tab, LF and CR goes. */
	for (int c = 1; c < 0x20; c++)
		if (c != '\t' && c != '\n' && c != '\r')
			in[n++] = (char)c;
	in[n] = '\0';
	assert_string_equal(elem(in), "<t></t>");
	snprintf(in, sizeof(in), "a%cb%cc%cd", 0x01, 0x1b, 0x0c);
	assert_string_equal(elem(in), "<t>abcd</t>");
	/* Tab and LF stay; CR becomes a reference so a parser keeps it. */
	assert_string_equal(elem("a\tb\nc\r\nd"), "<t>a\tb\nc&#13;\nd</t>");
	/* U+FFFE and U+FFFF are not XML characters; U+FFFD is. */
	assert_string_equal(elem("x\xef\xbf\xbey\xef\xbf\xbfz\xef\xbf\xbd"),
	    "<t>xyz\xef\xbf\xbd</t>");
	/* DEL and C1 controls are allowed by XML 1.0 and kept. */
	assert_string_equal(elem("a\x7f" "b\xc2\x85" "c"), "<t>a\x7f" "b\xc2\x85" "c</t>");
	assert_string_equal(elem("\x01ok\x02"), "<t>ok</t>");
}

static void
test_bad_utf8_dropped(void **state)
{
	(void)state;
	assert_string_equal(elem("a\x80" "b"), "<t>ab</t>");		/* lone continuation */
	assert_string_equal(elem("a\xc0\xaf" "b"), "<t>ab</t>");	/* overlong '/' */
	assert_string_equal(elem("a\xed\xa0\x80" "b"), "<t>ab</t>");	/* surrogate */
	assert_string_equal(elem("a\xf4\x90\x80\x80" "b"), "<t>ab</t>");	/* above U+10FFFF */
	assert_string_equal(elem("a\xe6\x96"), "<t>a</t>");		/* truncated at the end */
	assert_string_equal(elem("\xe6<\xe6\x96\x87"), "<t>&lt;文</t>");	/* truncated, then resync */
	assert_string_equal(elem("\xff\xfe"), "<t></t>");
}

static void
test_chinese_unchanged(void **state)
{
	const char *zh = "朔城区新时代文明实践中心：群众点单、中心派单、志愿者接单、群众评单。";
	char want[512];

	(void)state;
	snprintf(want, sizeof(want), "<t>%s</t>", zh);
	assert_string_equal(elem(zh), want);
	assert_string_equal(elem("马邑村 <东>"), "<t>马邑村 &lt;东&gt;</t>");
	assert_string_equal(elem("\xf0\x9f\x98\x80 é"), "<t>\xf0\x9f\x98\x80 é</t>");
}

static void
test_int(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	xml_elem_int(&b, "a", 0);
	xml_elem_int(&b, "b", -42);
	xml_elem_int(&b, "c", LLONG_MAX);
	xml_elem_int(&b, "d", LLONG_MIN);
	assert_string_equal(b.data, "<a>0</a><b>-42</b><c>9223372036854775807</c>"
	    "<d>-9223372036854775808</d>");
	buf_free(&b);
}

static void
test_nesting(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	xml_begin(&b);
	xml_open(&b, "service_requests");
	xml_open(&b, "request");
	xml_elem_int(&b, "service_request_id", 7);
	xml_elem(&b, "status", "open");
	xml_elem(&b, "description", "路灯坏了 & 不亮");
	xml_elem(&b, "media_url", NULL);
	xml_close(&b, "request");
	xml_open(&b, "request");
	xml_elem(&b, "service_code", "a.b-c_1");
	xml_close(&b, "request");
	xml_close(&b, "service_requests");
	assert_string_equal(b.data,
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<service_requests>"
	    "<request><service_request_id>7</service_request_id><status>open</status>"
	    "<description>路灯坏了 &amp; 不亮</description><media_url></media_url></request>"
	    "<request><service_code>a.b-c_1</service_code></request>"
	    "</service_requests>");
	assert_int_equal(b.len, strlen(b.data));
	buf_free(&b);
}

/* Appending goes on after what the buffer held already. */
static void
test_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "x");
	xml_elem(&b, "t", "y");
	assert_string_equal(b.data, "x<t>y</t>");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_begin),
		cmocka_unit_test(test_escape_each),
		cmocka_unit_test(test_empty_and_null),
		cmocka_unit_test(test_controls_dropped),
		cmocka_unit_test(test_bad_utf8_dropped),
		cmocka_unit_test(test_chinese_unchanged),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_appends),
	};
	return cmocka_run_group_tests_name("xml", tests, NULL, NULL);
}
