/*
 * hotline.c: fills the phones for residents without the form (see
 * hotline.h). The hotline is the centre's office phone, kept on the desk
 * under 站点信息 like every site's; nothing is shown where none is on record.
 */
#include "http/app.h"
#include "model/org.h"
#include "page/part/hotline.h"

int
hotline_fill(struct req *r, struct tmpl_dict *d, int64_t org_id)
{
	char hotline[64], site[64];

	if (org_phones(r->app->db, org_id, hotline, site) != DB_OK)
		return -1;
	if (hotline[0]) {
		tmpl_set(d, "HOTLINE", hotline);
		tmpl_show(d, "HAS_HOTLINE");
	}
	if (site[0] && org_id) {
		tmpl_set(d, "SITE_PHONE", site);
		tmpl_show(d, "HAS_SITE_PHONE");
	}
	return 0;
}
