/*
 * news.c: 工作动态 for the public: /news, one article, and the Atom feed.
 * (Being built: until then each answers 404.)
 */
#include "page/part/page.h"

int page_news_list(struct req *r) { (void)r; return 404; }
int page_news_atom(struct req *r) { (void)r; return 404; }
int page_news(struct req *r) { (void)r; return 404; }
