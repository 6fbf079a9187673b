/*
 * qr.c: draws a QR code as one SVG path, a run of dark modules at a time.
 */
#include <qrencode.h>
#include <string.h>

#include "view/qr.h"

/* Appends s with the five XML special characters escaped. */
static void
xml_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default: buf_append(out, s, 1); break;
		}
	}
}

int
qr_svg(const char *text, const char *title, struct buf *out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int w, size;

	if (q == NULL)
		return -1;
	w = q->width;
	size = w + 8;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
	    " shape-rendering=\"crispEdges\" role=\"img\"><title>", size, size);
	xml_text(out, title);
	buf_printf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", size, size);
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w; x++) {
			int run = 0;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			if (run) {
				buf_printf(out, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
				x += run - 1;
			}
		}
	}
	buf_puts(out, "\"/></svg>\n");
	QRcode_free(q);
	return 0;
}
