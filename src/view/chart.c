/*
 * chart.c: stacked bar charts in SVG (see chart.h). Text is escaped for
 * XML; numbers are printed with at most one decimal.
 */
#include <stdio.h>
#include <string.h>

#include "view/chart.h"

static const char *const colours[CHART_MAX_SERIES] = { "#b3121f", "#e8a33d", "#8a8a8a" };

/* Appends s escaped for XML text and attributes. */
static void
esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_append(b, s, 1); break;
		}
	}
}

/* Appends v with at most one decimal. */
static void
num(struct buf *b, double v)
{
	if (v == (double)(long long)v)
		buf_printf(b, "%lld", (long long)v);
	else
		buf_printf(b, "%.1f", v);
}

void
chart_svg(const struct chart *c, struct buf *out)
{
	const double w = 640, h = 320, left = 48, right = 12, top = 44, bottom = 56;
	double max = c->max, plot_w = w - left - right, plot_h = h - top - bottom, slot;

	if (max <= 0) {
		for (size_t i = 0; i < c->nbars; i++) {
			double sum = 0;
			for (size_t k = 0; k < c->nseries; k++)
				sum += c->values[k][i];
			if (sum > max)
				max = sum;
		}
		if (max <= 0)
			max = 1;
		/* Counts: an even top, so the middle line is a whole number too. */
		if (max > 1 && max != (double)(long long)max)
			max = (double)((long long)max + 1);
		if ((long long)max % 2)
			max += 1;
	}
	slot = c->nbars ? plot_w / (double)c->nbars : plot_w;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\""
	    " role=\"img\" aria-labelledby=\"t d\" font-family=\"sans-serif\" font-size=\"12\">"
	    "<title id=\"t\">", w, h);
	esc(out, c->title);
	buf_puts(out, "</title><desc id=\"d\">");
	if (c->nbars == 0)
		buf_puts(out, "暂无数据。");
	for (size_t i = 0; i < c->nbars; i++) {
		esc(out, c->labels[i]);
		buf_puts(out, "：");
		for (size_t k = 0; k < c->nseries; k++) {
			if (c->nseries > 1) {
				esc(out, c->series[k]);
				buf_puts(out, " ");
			}
			num(out, c->values[k][i]);
			esc(out, c->unit);
			buf_puts(out, k + 1 < c->nseries ? "，" : "");
		}
		buf_puts(out, i + 1 < c->nbars ? "；" : "。");
	}
	buf_printf(out, "</desc><rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>", w, h);
	buf_printf(out, "<text x=\"%.0f\" y=\"22\" font-size=\"16\" font-weight=\"bold\" fill=\"#1f1f1f\">", left);
	esc(out, c->title);
	buf_puts(out, "</text>");
	/* Axis: 0, half, max. */
	for (int g = 0; g <= 2; g++) {
		double y = top + plot_h - plot_h * g / 2.0;
		buf_printf(out, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3dcd6\"/>",
		    left, w - right, y, y);
		buf_printf(out, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#595959\">", left - 6, y + 4);
		num(out, max * g / 2.0);
		buf_puts(out, "</text>");
	}
	for (size_t i = 0; i < c->nbars; i++) {
		double x = left + slot * (double)i + slot * 0.15, bw = slot * 0.7, base = top + plot_h;
		for (size_t k = 0; k < c->nseries; k++) {
			double bh = plot_h * c->values[k][i] / max;
			if (bh <= 0)
				continue;
			base -= bh;
			buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
			    x, base, bw, bh, colours[k]);
		}
		buf_printf(out, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#1f1f1f\">",
		    x + bw / 2, h - bottom + 16);
		esc(out, c->labels[i]);
		buf_puts(out, "</text>");
	}
	/* Legend. */
	for (size_t k = 0; c->nseries > 1 && k < c->nseries; k++) {
		double x = left + 130.0 * (double)k;
		buf_printf(out, "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		    "<text x=\"%.0f\" y=\"%.0f\" fill=\"#1f1f1f\">", x, h - 22, colours[k], x + 16, h - 12);
		esc(out, c->series[k]);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</svg>\n");
}
