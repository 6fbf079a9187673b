/*
 * netmap.h: the network of sites (一图可视) drawn as inline SVG on the
 * server: a tree diagram of the whole network, and a plot of the sites that
 * have coordinates. Each node is a link to its site page (/sites/ID) with a
 * <title> naming the site and its figures; colour says this month's
 * requests, size this month's activities (netmap_bucket_* give the classes
 * the legend uses).
 */
#ifndef SIDAN_NETMAP_H
#define SIDAN_NETMAP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

/* One site as the map draws it. */
struct netmap_node {
	int64_t		 id;
	int64_t		 parent_id;	/* 0 for the center */
	char		 kind;		/* 'c' center, 'i' institute, 's' station, 'b' base */
	char		 sub;		/* for bases: 'f' feature, 'v' volunteer; else 0 */
	int		 is_demo;
	int		 requests;	/* this month, at the site itself */
	int		 activities;	/* this month, at the site itself */
	int		 has_coords;
	double		 lat, lon;
	char		*name;		/* owned by the caller */
};

/* The colour class for a number of requests: 0 (none), 1 (1-2), 2 (3-9),
 * 3 (10 or more). */
int	netmap_bucket_requests(int n);
/* The size class for a number of activities: 0 (none), 1 (1-2), 2 (3+). */
int	netmap_bucket_activities(int n);

/* Appends the tree diagram of nodes (in the order site_each gives: the
 * center, each institute followed by its sites, then the center's bases)
 * to out as one <svg> element, labelled by title. */
void	netmap_tree_svg(const struct netmap_node *n, size_t count,
	    const char *title, struct buf *out);
/* Appends a plot of the nodes that have coordinates (equirectangular,
 * fitted to their bounding box) to out as one <svg> element. Nodes without
 * coordinates are left out, never placed. Returns how many were placed. */
size_t	netmap_geo_svg(const struct netmap_node *n, size_t count,
	    const char *title, struct buf *out);

#endif
