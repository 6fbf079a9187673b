/*
 * news.h: how 工作动态 are written into pages, shared by /news, the home,
 * site and platform pages, the activity pages and the desk: the list of
 * the latest articles (templates/news_latest.tpl), an article's facts, its
 * paragraphs and its photos.
 */
#ifndef SIDAN_PAGE_NEWS_H
#define SIDAN_PAGE_NEWS_H

#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "model/news.h"
#include "view/tmpl.h"

/* How many articles a page of /news lists. */
#define NEWS_PER_PAGE	20

/*
 * Includes templates/news_latest.tpl as {{>NEWS_LATEST}} in d, listing the
 * published articles f picks (each with its date, place, platform, a few
 * words of its text and its first photo as a small thumbnail), and a link
 * to /news unless all_link is 0. Sets *more as news_each_published does
 * when more is not NULL. Returns how many were listed, or -1 on a database
 * error.
 */
int	news_add_latest(struct req *r, struct tmpl_dict *d, const struct news_filter *f,
	    int all_link, int *more);
/* Sets NEWS_ID, NEWS_TITLE, DATE (Beijing, "2026年6月15日") and DAY
 * (YYYY-MM-DD) of its publication (or last change for a draft), PLACE,
 * PLACE_ID, PLATFORM, PLATFORM_CODE and HAS_PLATFORM, UNIT (the author's
 * place: the byline), IS_FENGCAI with ACTIVITY_ID and ACTIVITY_TITLE, and
 * NEWS_DEMO, from n into d. */
void	news_fill(struct tmpl_dict *d, const struct news *n);
/* Adds to d one section named section per paragraph of body (paragraphs
 * are split on blank lines; a paragraph keeps its single line breaks), with
 * TEXT. Returns how many. */
int	news_paragraphs(struct tmpl_dict *d, const char *section, const char *body);
/* Adds article id's photos to d as sections named section (photo_show's
 * SRC, THUMB, ID; WIDTH and HEIGHT fitted to 160 px wide; and ALT, "第 N
 * 张照片"). Returns how many, or -1 on a database error. */
int	news_photos(struct req *r, struct tmpl_dict *d, const char *section, int64_t id);

#endif
