/*
 * desk_news.c: staff write, publish and withdraw 工作动态 and 活动风采.
 * (Being built: until then each answers 404.)
 */
#include "page/part/page.h"

int page_desk_news(struct req *r) { (void)r; return 404; }
int page_desk_news_new_form(struct req *r) { (void)r; return 404; }
int page_desk_news_create(struct req *r) { (void)r; return 404; }
int page_desk_news_edit_form(struct req *r) { (void)r; return 404; }
int page_desk_news_save(struct req *r) { (void)r; return 404; }
int page_desk_news_publish(struct req *r) { (void)r; return 404; }
int page_desk_news_unpublish(struct req *r) { (void)r; return 404; }
int page_desk_news_photo_remove(struct req *r) { (void)r; return 404; }
