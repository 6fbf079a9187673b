/*
 * volunteer_code_login.c: PLACEHOLDER until its helper replaces it (answers 404).
 */
#include "http/route.h"
#include "page/part/page.h"

int
page_vlogin_code_form(struct req *r)
{
	route_error(r, 404);
	return 0;
}

int
page_vlogin_code_send(struct req *r)
{
	route_error(r, 404);
	return 0;
}

int
page_vlogin_code_check(struct req *r)
{
	route_error(r, 404);
	return 0;
}
