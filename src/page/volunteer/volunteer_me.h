/*
 * volunteer_me.h: "/v/me" is drawn by volunteer_me.c; its forms are
 * answered there (光荣榜, the certificate) and in volunteer_me_messages.c
 * (消息设置), which shows the page again with what was typed and the
 * errors beside its fields.
 */
#ifndef SIDAN_PAGE_VOLUNTEER_ME_H
#define SIDAN_PAGE_VOLUNTEER_ME_H

#include "http/http.h"

/* The 消息设置 form as sent, to show again: the box, the two times as
 * typed, and the message beside each time (NULL: none). */
struct vme_prefs_form {
	int		 broadcasts;
	const char	*quiet_from, *quiet_to;
	const char	*err_from, *err_to;
};

/* Draws "/v/me" with status. typed_name and typed_on are what the roll form
 * sent (typed_name NULL: the stored values) and roll_error the message
 * beside its display name (or NULL); prefs what the 消息设置 form sent (NULL:
 * the stored preferences); notice a confirmation, or NULL. Returns 0 or an
 * HTTP status. */
int	vme_page(struct req *r, int status, const char *typed_name, int typed_on,
	    const char *roll_error, const struct vme_prefs_form *prefs, const char *notice);

/* Writes minutes after midnight as "HH:MM" into out[6]. */
void	vme_hhmm(int minutes, char out[6]);

#endif
