/*
 * writer_wire.c: encodes and decodes a new request for the writer process
 * (see writer_wire.h). A message is a fixed header (numbers, flags, the
 * token hash) and then the texts, each ending in a NUL, in one fixed order;
 * a text the request does not have (NULL) is marked absent in the header.
 */
#include <string.h>

#include "http/writer_wire.h"

#define WIRE_MAGIC	0x53445731u	/* "SDW1" */

/* The texts, in the order they follow the header. */
enum { T_ADDRESS, T_NEED, T_WANTED, T_NAME, T_PHONE, T_EMAIL, T_CHANNEL, T_NONCE,
	T_CLIENT, T_MEDIA, T__N };

struct wire_head {
	uint32_t	magic;
	uint32_t	present;	/* bit T_*: the text is there; bit 31: token hash */
	uint64_t	seq;
	int64_t		deadline_ms;
	int64_t		service_id, org_id, api_key_id, staff_id;
	double		lat, lon;
	int32_t		has_geo, consent, no_sms, limit_confirmed;
	int32_t		per_phone, per_client;
	unsigned char	token_hash[32];
};

#define HAS_TOKEN	(1u << 31)

/* Returns the address of text i of o. */
static const char **
text_of(struct order_new *o, int i)
{
	switch (i) {
	case T_ADDRESS: return &o->address;
	case T_NEED: return &o->need;
	case T_WANTED: return &o->wanted_time;
	case T_NAME: return &o->contact_name;
	case T_PHONE: return &o->contact_phone;
	case T_EMAIL: return &o->contact_email;
	case T_CHANNEL: return &o->channel;
	case T_NONCE: return &o->form_nonce;
	case T_CLIENT: return &o->client;
	default: return &o->media_url;
	}
}

size_t
wire_order_put(uint64_t seq, int64_t deadline_ms, const struct order_new *o,
    const struct order_limits *lim, unsigned char *out, size_t cap)
{
	struct order_new copy = *o;
	struct wire_head h;
	size_t len = sizeof(h);

	memset(&h, 0, sizeof(h));	/* padding too: every byte sent is set */
	h.magic = WIRE_MAGIC;
	h.seq = seq;
	h.deadline_ms = deadline_ms;
	h.service_id = o->service_id;
	h.org_id = o->org_id;
	h.api_key_id = o->api_key_id;
	h.staff_id = o->staff_id;
	h.lat = o->lat;
	h.lon = o->lon;
	h.has_geo = o->has_geo;
	h.consent = o->consent;
	h.no_sms = o->no_sms;
	h.limit_confirmed = o->limit_confirmed;
	h.per_phone = lim->per_phone;
	h.per_client = lim->per_client;

	if (o->confirm != NULL || cap < sizeof(h))
		return 0;
	if (o->token_hash) {
		memcpy(h.token_hash, o->token_hash, 32);
		h.present |= HAS_TOKEN;
	}
	for (int i = 0; i < T__N; i++) {
		const char *s = *text_of(&copy, i);
		size_t n;

		if (s == NULL)
			continue;
		h.present |= 1u << i;
		if ((n = strlen(s) + 1) > cap - len)
			return 0;
		memcpy(out + len, s, n);
		len += n;
	}
	memcpy(out, &h, sizeof(h));
	return len;
}

int
wire_order_get(unsigned char *msg, size_t len, struct wire_order *w)
{
	struct wire_head h;
	size_t at = sizeof(h);

	if (len < sizeof(h) || len > WIRE_MAX)
		return -1;
	memcpy(&h, msg, sizeof(h));
	if (h.magic != WIRE_MAGIC || (h.present & ~(HAS_TOKEN | ((1u << T__N) - 1))) != 0)
		return -1;
	msg[len] = '\0';
	memset(w, 0, sizeof(*w));
	w->seq = h.seq;
	w->deadline_ms = h.deadline_ms;
	w->o = (struct order_new){
		.service_id = h.service_id, .org_id = h.org_id,
		.api_key_id = h.api_key_id, .staff_id = h.staff_id,
		.lat = h.lat, .lon = h.lon, .has_geo = h.has_geo != 0,
		.consent = h.consent != 0, .no_sms = h.no_sms != 0,
		.limit_confirmed = h.limit_confirmed != 0,
	};
	w->lim = (struct order_limits){ h.per_phone, h.per_client };
	if (h.present & HAS_TOKEN) {
		memcpy(w->token_hash, h.token_hash, 32);
		w->o.token_hash = w->token_hash;
	}
	for (int i = 0; i < T__N; i++) {
		const char *s, *end;

		if (!(h.present & (1u << i)))
			continue;
		if (at >= len)
			return -1;
		s = (const char *)msg + at;
		if ((end = memchr(s, '\0', len - at)) == NULL)
			return -1;
		*text_of(&w->o, i) = s;
		at += (size_t)(end - s) + 1;
	}
	/* Every byte accounted for, and a channel (the column is NOT NULL). */
	return at == len && w->o.channel != NULL ? 0 : -1;
}
