/*
 * netmap.c: draws the network of sites as SVG (see netmap.h). The tree is a
 * column layout 360 units wide, so that on a phone one unit is about one
 * pixel: a trunk from the center, a branch per institute with its name,
 * and its stations and bases as rows of dots. Colours, sizes and fonts
 * come from classes the stylesheet defines (.net, q0..q3, demo dashes).
 */
#include <stdio.h>
#include <string.h>

#include "view/netmap.h"

#define W	360		/* viewBox width */
#define TRUNK_X	14		/* the center's trunk */
#define INST_X	32		/* institutes' nodes */
#define DOT_X0	60		/* the first dot of a row */
#define DOT_DX	20		/* dot spacing */
#define PER_ROW	((W - DOT_X0) / DOT_DX)

/* cos(x) for |x| <= pi/2 by its Taylor series (error below 0.001), so
 * that sidan does not need libm for one projection. */
static double
cos_approx(double x)
{
	double x2 = x * x;

	return 1 - x2 / 2 + x2 * x2 / 24 - x2 * x2 * x2 / 720;
}

#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

int
netmap_bucket_requests(int n)
{
	return n <= 0 ? 0 : n <= 2 ? 1 : n <= 9 ? 2 : 3;
}

int
netmap_bucket_activities(int n)
{
	return n <= 0 ? 0 : n <= 2 ? 1 : 2;
}

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

/* Returns the short Chinese name of a node's kind. */
static const char *
kind_short(const struct netmap_node *n)
{
	switch (n->kind) {
	case 'c': return "中心";
	case 'i': return "实践所";
	case 's': return "实践站";
	default: return n->sub == 'f' ? "特色基地" : "志愿服务基地";
	}
}

/* Returns the radius of a node: by kind, larger with more activities. */
static int
radius(const struct netmap_node *n)
{
	int a = netmap_bucket_activities(n->activities);

	return (n->kind == 'c' ? 11 : n->kind == 'i' ? 8 : 4) + 2 * a;
}

/* Opens a node's link with its title: the name; the kind unless it is a
 * station (the diagram groups them) or the name says it; 演示 for demo rows
 * unless the name says it; this month's requests and activities, each
 * only when not nought and in the fewest bytes ("：点单12、活动1"; the page
 * says what they mean: every byte counts ~320 times, and a month with
 * requests at every site must still fit in 60 KB with the CSS). */
static void
node_open(struct buf *b, const struct netmap_node *n)
{
	const char *kind = kind_short(n);
	int say_kind = n->kind != 's' && strstr(n->name, kind) == NULL;
	int say_demo = n->is_demo && strstr(n->name, "演示") == NULL;

	buf_printf(b, "<a href=\"/sites/%lld\"><title>", (long long)n->id);
	esc(b, n->name);
	if (say_kind || say_demo)
		buf_printf(b, "（%s%s%s）", say_kind ? kind : "",
		    say_kind && say_demo ? "，" : "", say_demo ? "演示" : "");
	if (n->requests)
		buf_printf(b, "：点单%d", n->requests);
	if (n->activities)
		buf_printf(b, "%s活动%d", n->requests ? "、" : "：", n->activities);
	buf_puts(b, "</title>");
}

/* Appends a node's dot at (x, y), or at x in the current row group when y
 * is negative: class q1..q3 by requests (none: the default colour), d for
 * demo rows unless the group says it (in_demo). */
static void
node_dot(struct buf *b, const struct netmap_node *n, double x, double y, int in_demo)
{
	static const char *const qclass[] = { "", "q1", "q2", "q3" };
	int q = netmap_bucket_requests(n->requests), d = n->is_demo && !in_demo;

	buf_printf(b, "<circle cx=\"%.0f\"", x);
	if (y >= 0)
		buf_printf(b, " cy=\"%.0f\"", y);
	buf_printf(b, " r=\"%d\"", radius(n));
	if (q > 0 || d)
		buf_printf(b, " class=\"%s%s%s\"", qclass[q], q > 0 && d ? " " : "", d ? "d" : "");
	buf_puts(b, "/>");
}

/* Appends the <svg> start tag and its title for a drawing h units high. */
static void
svg_open(struct buf *out, double w, double h, const char *title)
{
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"net\""
	    " viewBox=\"0 0 %.0f %.0f\" aria-labelledby=\"net-title\">"
	    "<title id=\"net-title\">", w, h);
	esc(out, title);
	buf_puts(out, "</title>\n");
}

void
netmap_tree_svg(const struct netmap_node *n, size_t count, const char *title,
    struct buf *out)
{
	struct buf lines, nodes;
	double y = 20, last_group_y = 20;
	size_t i = 0;
	int64_t center = 0;

	buf_init(&lines);
	buf_init(&nodes);
	if (count > 0 && n[0].kind == 'c') {
		center = n[0].id;
		node_open(&nodes, &n[0]);
		node_dot(&nodes, &n[0], TRUNK_X, y, 0);
		buf_printf(&nodes, "<text x=\"%d\" y=\"%.0f\" class=\"big\">", TRUNK_X + 18, y + 5);
		esc(&nodes, n[0].name);
		buf_puts(&nodes, "</text></a>\n");
		i = 1;
	}
	while (i < count) {
		const struct netmap_node *head = &n[i];
		int64_t parent;
		double gy = y + 34, ry = gy, lasty = gy;
		int col = 0, nkids = 0, group_open = 0, group_demo = 0;
		char prev = 0;

		/* A group: an institute and the sites under it, or the bases
		 * under the center (which have no node of their own here). */
		if (head->kind == 'i') {
			parent = head->id;
			i++;
		} else
			parent = head->parent_id;
		for (size_t k = i; k < count && n[k].parent_id == parent && n[k].kind != 'i'; k++)
			nkids++;
		if (head->kind == 'i') {
			node_open(&nodes, head);
			node_dot(&nodes, head, INST_X, gy, 0);
			buf_printf(&nodes, "<text x=\"%d\" y=\"%.0f\">", INST_X + 16, gy + 5);
			esc(&nodes, head->name);
			buf_printf(&nodes, "<tspan class=\"m\"> %d 个站点</tspan></text></a>\n", nkids);
		} else {
			buf_printf(&lines, "M%d %.0fh6", INST_X - 3, gy);
			buf_printf(&nodes, "<text x=\"%d\" y=\"%.0f\">%s基地"
			    "<tspan class=\"m\"> %d 个</tspan></text>\n", INST_X + 16, gy + 5,
			    parent == center ? "中心直属" : "其他", nkids);
		}
		/* The dots sit in row groups (<g transform>), a new one for
		 * each row and wherever demo rows begin or end (class d). */
		for (; i < count && n[i].parent_id == parent && n[i].kind != 'i'; i++) {
			char sub = n[i].kind == 's' ? 's' : n[i].sub;
			int newrow = prev == 0 || col == PER_ROW || sub != prev;
			if (newrow) {
				ry = (prev == 0 ? gy : ry) + 22;
				col = 0;
				buf_printf(&lines, "M%d %.0fH%d", INST_X, ry, DOT_X0 - 10);
			}
			if (newrow || n[i].is_demo != group_demo) {
				if (group_open)
					buf_puts(&nodes, "</g>\n");
				buf_printf(&nodes, "<g transform=\"translate(0 %.0f)\"%s>", ry,
				    n[i].is_demo ? " class=\"d\"" : "");
				group_open = 1;
				group_demo = n[i].is_demo;
			}
			prev = sub;
			node_open(&nodes, &n[i]);
			node_dot(&nodes, &n[i], DOT_X0 + col * DOT_DX, -1, group_demo);
			buf_puts(&nodes, "</a>");
			col++;
			lasty = ry;
		}
		if (group_open)
			buf_puts(&nodes, "</g>\n");
		group_open = 0;
		if (lasty > gy)
			buf_printf(&lines, "M%d %.0fV%.0f", INST_X, gy, lasty);
		buf_printf(&lines, "M%d %.0fH%d", TRUNK_X, gy, INST_X);
		last_group_y = gy;
		y = lasty;
	}
	svg_open(out, W, y + 24, title);
	buf_printf(out, "<path class=\"ln\" d=\"M%d 20V%.0f", TRUNK_X, last_group_y);
	buf_append(out, lines.data, lines.len);
	buf_puts(out, "\"/>\n");
	buf_append(out, nodes.data, nodes.len);
	buf_puts(out, "</svg>\n");
	buf_free(&lines);
	buf_free(&nodes);
}

size_t
netmap_geo_svg(const struct netmap_node *n, size_t count, const char *title,
    struct buf *out)
{
	const double pad = 32, plot_w = W - 2 * pad, max_h = 440;
	double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180, kx, scale, h, dw, dh;
	size_t placed = 0;

	for (size_t i = 0; i < count; i++) {
		if (!n[i].has_coords)
			continue;
		placed++;
		lat0 = MIN(lat0, n[i].lat);
		lat1 = MAX(lat1, n[i].lat);
		lon0 = MIN(lon0, n[i].lon);
		lon1 = MAX(lon1, n[i].lon);
	}
	if (placed == 0) {
		svg_open(out, W, 120, title);
		buf_printf(out, "<rect class=\"frame\" x=\"1\" y=\"1\" width=\"%d\" height=\"118\"/>"
		    "<text x=\"%d\" y=\"64\" text-anchor=\"middle\">暂无站点登记坐标</text></svg>\n",
		    W - 2, W / 2);
		return 0;
	}
	/* Equirectangular: a degree of longitude is cos(latitude) as long as a
	 * degree of latitude. Fit the box to the width, or the height cap. */
	kx = cos_approx((lat0 + lat1) / 2 * 3.14159265358979 / 180);
	dw = (lon1 - lon0) * kx;
	dh = lat1 - lat0;
	if (dw <= 0 && dh <= 0)
		scale = 1;	/* one place: it goes in the middle */
	else if (dw <= 0)
		scale = (max_h - 2 * pad) / dh;
	else if (dh <= 0)
		scale = plot_w / dw;
	else
		scale = MIN(plot_w / dw, (max_h - 2 * pad) / dh);
	h = dh * scale + 2 * pad;
	if (h < 120)
		h = 120;
	svg_open(out, W, h, title);
	buf_printf(out, "<rect class=\"frame\" x=\"1\" y=\"1\" width=\"%d\" height=\"%.0f\"/>"
	    "<text x=\"%d\" y=\"18\" class=\"m\" text-anchor=\"end\">北 ↑</text>\n",
	    W - 2, h - 2, W - 8);
	for (int pass = 0; pass < 3; pass++) {
		/* Stations and bases first, institutes over them, the center on top. */
		for (size_t i = 0; i < count; i++) {
			const struct netmap_node *p = &n[i];
			int rank = p->kind == 'c' ? 2 : p->kind == 'i' ? 1 : 0;
			double x, y;
			if (!p->has_coords || rank != pass)
				continue;
			x = W / 2.0 + ((p->lon - (lon0 + lon1) / 2) * kx) * scale;
			y = h / 2.0 - (p->lat - (lat0 + lat1) / 2) * scale;
			node_open(out, p);
			node_dot(out, p, x, y, 0);
			if (rank > 0) {
				int right = x < W / 2.0;
				buf_printf(out, "<text x=\"%.0f\" y=\"%.0f\" class=\"m\"%s>",
				    right ? x + 10 : x - 10, y + 4, right ? "" : " text-anchor=\"end\"");
				esc(out, p->name);
				buf_puts(out, "</text>");
			}
			buf_puts(out, "</a>\n");
		}
	}
	buf_puts(out, "</svg>\n");
	return placed;
}
