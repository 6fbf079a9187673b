/*
 * order_form.h: the 群众点单 form as its files share it: order_form.c (the
 * form: its fields, shown), order_submit.c (checked and stored, step 1,
 * staff entry) and order_confirm.c (step 2, the 验证码). Not for other pages.
 */
#ifndef SIDAN_PAGE_ORDER_FORM_H
#define SIDAN_PAGE_ORDER_FORM_H

#include <stdint.h>

#include "http/csrf.h"
#include "http/request.h"
#include "lib/phone.h"
#include "model/err.h"
#include "model/order.h"
#include "page/part/photo_upload.h"

/* The fields of the form, in the order they appear. */
enum field {
	F_SERVICE = 0,
	F_INSTITUTE,
	F_STATION,
	F_ADDRESS,
	F_NEED,
	F_WANTED,
	F_PHOTO,		/* residents only: up to PHOTO_MAX_REQUEST files */
	F_NAME,
	F_PHONE,
	F_CONSENT,
	F_CHANNEL,		/* staff only: phone or walkin */
	F_NOSMS,		/* with a gateway: "1" for 不接收短信 */
	F__MAX
};

/* Each field's name in the form, label in the error summary, length limit
 * in characters, and whether it is required (order_form.c). */
struct order_field {
	const char	*name;
	const char	*label;
	size_t		 max;
	int		 required;
};
extern const struct order_field order_form_fields[F__MAX];

/* The keys of the fields in the template: V_<key> is the value typed,
 * E_<key> the section of its error. */
extern const char *const order_form_keys[F__MAX];

/* The form as typed, and what is wrong with it. */
struct order_form {
	char	*value[F__MAX];		/* trimmed copies; never NULL */
	char	 error[F__MAX][240];	/* "" when the field is fine */
	int	 nerrors;
	char	 nonce[CSRF_NONCE_LEN];
	char	 csrf[44];
	const char *notice;		/* a message above the form, or NULL */
	int	 staff;			/* staff entering a request taken by phone or in person */
	int64_t	 scope_inst;		/* staff: the only 所 they may choose, or 0 */
	int64_t	 scope_station;		/* staff: the only 站 they may choose, or 0 */
	char	 phone[PHONE_MAX];	/* the phone as stored (phone_read), once checked */
	int	 sms;			/* a gateway is configured (config_sms_on) */
	char	*code;			/* step 2: the 验证码 as typed; never NULL */
	char	 code_error[160];	/* ... and what is wrong with it, or "" */
	struct photo_batch *photos;	/* the resident's photos, carried from step to
					 * step; NULL on the staff form */
};

/* Fills f from a kv list (query or body); missing fields are "". */
void	order_form_read(struct order_form *f, const struct kvlist *kv);
/* Frees what order_form_read allocated. */
void	order_form_free(struct order_form *f);
/* Sets field i's error message (counted once in f->nerrors). */
void	order_form_error(struct order_form *f, enum field i, const char *msg);
/* Renders the form with status (200, or 400/429/503 after a failed POST).
 * Returns 0 or an HTTP error status. */
int	order_form_render(struct req *r, struct order_form *f, int status);
/* Checks and stores a submitted form (order_submit.c; f->staff and its
 * scope set by the caller: desk_new.c); answers with the next page. Returns 0 or an HTTP
 * error status. */
int	order_form_submit(struct req *r, struct order_form *f0);
/* Answers a request refused for a daily limit (err) with the full form,
 * 429 and Retry-After: tomorrow. Returns 0 or an HTTP error status. */
int	order_form_limit(struct req *r, struct order_form *f, enum model_err err,
	    const struct order_limits *lim);
/* Adds to d the photos f carries (a count, hidden inputs), if any. */
void	order_form_photos(struct tmpl_dict *d, const struct order_form *f);
/* The manage page of the request made from f's form, into url. */
void	order_form_manage_url(struct req *r, const struct order_form *f, char url[96]);

/* Step 2 (order_confirm.c). Each returns 0 or an HTTP error status. */
/* Renders the 验证码 page with status, a notice above it or NULL. */
int	order_confirm_render(struct req *r, struct order_form *f, int status,
	    const char *notice);
/* Sends a code (resend: again) and shows the 验证码 page. */
int	order_confirm_send(struct req *r, struct order_form *f, struct order_new *o,
	    const struct order_limits *lim, int resend);
/* Checks the typed code and makes the request, or shows what is wrong. */
int	order_confirm_check(struct req *r, struct order_form *f, struct order_new *o,
	    const struct order_limits *lim);

#endif
