/*
 * chart.h: bar charts as SVG, drawn on the server: readable on a phone
 * (they scale to the width), with a <title> and <desc> for screen readers;
 * pages put a table of the same numbers beside them.
 */
#ifndef SIDAN_CHART_H
#define SIDAN_CHART_H

#include <stddef.h>

#include "lib/util.h"

#define CHART_MAX_SERIES 3
#define CHART_MAX_BARS 24

struct chart {
	const char	*title;
	const char	*unit;			/* shown after values, e.g. "%" or "件" */
	size_t		 nseries, nbars;
	const char	*series[CHART_MAX_SERIES];	/* legend names */
	const char	*labels[CHART_MAX_BARS];	/* under each bar */
	double		 values[CHART_MAX_SERIES][CHART_MAX_BARS];
	double		 max;			/* the axis top; 0: from the data */
};

/* Appends the chart as a standalone SVG document to out (stacked bars when
 * there is more than one series). */
void	chart_svg(const struct chart *c, struct buf *out);

#endif
