/*
 * photo_upload.c: converting and staging a form's photos (see
 * photo_upload.h). sidan-image runs once per file, as a child limited to
 * 1 GiB of address space, 20 s of CPU, 30 s of wall time and 32 MiB files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/app.h"
#include "lib/run.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "page/part/photo_upload.h"

static const struct run_limits image_limits = {
	.memory = 1024UL * 1024 * 1024,
	.cpu_seconds = 20,
	.file_size = 32UL * 1024 * 1024,
	.wall_ms = 30000,
};

/* Writes how a file is named to a person into buf: its name (shortened to
 * 24 characters), or "第 N 张照片". Returns buf. */
static const char *
file_label(const struct upload *u, size_t nth, char *buf, size_t len)
{
	if (u->filename && u->filename[0]) {
		/* At most 72 bytes of the name: about 24 Chinese characters. */
		int keep = utf8_prefix(u->filename, 72);
		snprintf(buf, len, "「%.*s%s」", keep, u->filename,
		    u->filename[keep] ? "…" : "");
	} else
		snprintf(buf, len, "第 %zu 张照片", nth);
	return buf;
}

/* Runs sidan-image on u and stages its two outputs into *out. Returns 0,
 * or sets b->error (and b->status for a full disk) and returns 1. */
static int
convert_one(struct req *r, const struct upload *u, size_t nth,
    struct photo_batch *b, struct media_pair *out)
{
	const char *dir = r->app->media_dir;
	char tmp[600], disp[700], thumb[700], line[128], label[160], word[16] = "";
	char *argv[5];
	int status, w, h, tw, th, fd;
	enum run_result rr;

	file_label(u, nth, label, sizeof(label));
	switch (u->state) {
	case UPLOAD_OK:
		break;
	case UPLOAD_TOO_BIG:
		snprintf(b->error, sizeof(b->error),
		    "%s超过 10 MB，请换一张较小的照片。", label);
		return 1;
	case UPLOAD_WRITE_FAILED:
		snprintf(b->error, sizeof(b->error),
		    "服务器存储空间不足，%s没能保存，请稍后再试。", label);
		b->status = 503;
		return 1;
	}
	if (u->size == 0) {
		snprintf(b->error, sizeof(b->error), "%s是空文件，请重新选择。", label);
		return 1;
	}
	media_tmpdir(dir, tmp, sizeof(tmp));
	snprintf(disp, sizeof(disp), "%s/conv-XXXXXX", tmp);
	snprintf(thumb, sizeof(thumb), "%s/conv-XXXXXX", tmp);
	if ((fd = mkstemp(disp)) < 0)
		goto full;
	close(fd);
	if ((fd = mkstemp(thumb)) < 0) {
		unlink(disp);
		goto full;
	}
	close(fd);
	argv[0] = r->app->image_helper;
	argv[1] = (char *)u->path;
	argv[2] = disp;
	argv[3] = thumb;
	argv[4] = NULL;
	rr = run_limited(argv, &image_limits, line, sizeof(line), &status);
	if (rr == RUN_EXITED && status == 0 &&
	    sscanf(line, "ok %d %d %d %d", &w, &h, &tw, &th) == 4 &&
	    media_stage(dir, disp, w, h, &out->file) == 0) {
		if (media_stage(dir, thumb, tw, th, &out->thumb) == 0)
			return 0;
		media_unstage(dir, &out->file);
		goto full;
	}
	unlink(disp);
	unlink(thumb);
	sscanf(line, "%15s", word);
	if (rr == RUN_EXITED && status == 2 && strcmp(word, "type") == 0)
		snprintf(b->error, sizeof(b->error),
		    "%s不是照片：只收 JPG、PNG 或 WebP 格式的照片。", label);
	else if (rr == RUN_EXITED && status == 2 && strcmp(word, "too_large") == 0)
		snprintf(b->error, sizeof(b->error),
		    "%s像素太多（超过 5000 万像素），请换一张或先缩小。", label);
	else if (rr == RUN_EXITED && status == 2)
		snprintf(b->error, sizeof(b->error),
		    "%s不完整或已损坏（可能没有传完），请重新选择。", label);
	else if (rr == RUN_EXITED && status == 1 && strcmp(word, "write") == 0)
		goto full_msg;
	else {
		fprintf(stderr, "sidan: %s: sidan-image %s (status %d)\n", r->id,
		    rr == RUN_FAILED ? "could not run" : rr == RUN_KILLED ?
		    "was stopped by a limit" : "failed", status);
		snprintf(b->error, sizeof(b->error),
		    "%s没能处理，请换一张照片再试。", label);
	}
	return 1;
full:
	unlink(disp);
	unlink(thumb);
full_msg:
	snprintf(b->error, sizeof(b->error),
	    "服务器存储空间不足，%s没能保存，请稍后再试。", label);
	b->status = 503;
	return 1;
}

int
photo_batch_read(struct req *r, const char *field, size_t max, struct photo_batch *b)
{
	char staged_key[80];
	size_t nth = 0, limit = max < PHOTO_MAX_NEWS ? max : PHOTO_MAX_NEWS;

	memset(b, 0, sizeof(*b));
	snprintf(staged_key, sizeof(staged_key), "%s_staged", field);
	/* What an earlier step staged: "FILE-WxH,THUMB-WxH". */
	for (size_t i = 0; i < r->form.n; i++) {
		const char *v = r->form.v[i].val, *comma;
		char one[100];
		struct media_pair m;

		if (strcmp(r->form.v[i].key, staged_key) != 0)
			continue;
		if ((comma = strchr(v, ',')) == NULL || (size_t)(comma - v) >= sizeof(one))
			return 400;
		snprintf(one, sizeof(one), "%.*s", (int)(comma - v), v);
		if (media_staged(r->app->media_dir, one, &m.file) != 0 ||
		    media_staged(r->app->media_dir, comma + 1, &m.thumb) != 0) {
			/* Gone (a day old, or the server restarted): say so. */
			snprintf(b->error, sizeof(b->error),
			    "之前选好的照片已过期，请重新选择。");
			continue;
		}
		if (b->n < limit)
			b->v[b->n++] = m;
	}
	for (size_t i = 0; i < r->uploads.n; i++) {
		const struct upload *u = &r->uploads.v[i];
		struct media_pair m;

		if (strcmp(u->field, field) != 0)
			continue;
		nth++;
		if (b->n >= limit) {
			snprintf(b->error, sizeof(b->error),
			    "最多 %zu 张照片，多出的没有收下。", limit);
			break;
		}
		if (convert_one(r, u, nth, b, &m) == 0)
			b->v[b->n++] = m;
	}
	return b->error[0] ? 1 : 0;
}

void
photo_batch_hidden(struct tmpl_dict *d, const char *section, const struct photo_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		char a[100], t[100], v[210];
		struct tmpl_dict *s = tmpl_add_section(d, section);
		snprintf(v, sizeof(v), "%s,%s",
		    media_staged_name(&b->v[i].file, a, sizeof(a)),
		    media_staged_name(&b->v[i].thumb, t, sizeof(t)));
		tmpl_set(s, "NAME", v);
	}
	tmpl_set_int(d, "COUNT", (long long)b->n);
}

const char *
photo_url(const char *hash, char *buf, size_t len)
{
	snprintf(buf, len, "/photos/%s.jpg", hash);
	return buf;
}

struct tmpl_dict *
photo_show(struct tmpl_dict *d, const char *section, const struct photo *p)
{
	struct tmpl_dict *s = tmpl_add_section(d, section);
	char url[100];

	tmpl_set(s, "SRC", photo_url(p->m.file.hash, url, sizeof(url)));
	tmpl_set(s, "THUMB", photo_url(p->m.thumb.hash, url, sizeof(url)));
	tmpl_set_int(s, "WIDTH", p->m.thumb.width);
	tmpl_set_int(s, "HEIGHT", p->m.thumb.height);
	tmpl_set_int(s, "ID", p->id);
	return s;
}

/* The public 服务照片 being listed: the section is added with the first. */
struct public_photos {
	struct tmpl_dict	*d, *list;
	int			 n;
};

/* Adds a 可公开 completion photo (photo_each_of_order). */
static void
add_public_photo(void *arg, const struct photo *p)
{
	struct public_photos *l = arg;

	if (l->list == NULL)
		l->list = tmpl_add_section(l->d, "DONE_PHOTOS");
	tmpl_set_int(photo_show(l->list, "PHOTO", p), "N", ++l->n);
}

int
photo_show_public(struct req *r, struct tmpl_dict *d, int64_t order_id)
{
	struct public_photos ph = { d, NULL, 0 };

	return photo_each_of_order(r->app->db, order_id, PHOTO_COMPLETION, 1,
	    add_public_photo, &ph) == DB_OK ? 0 : -1;
}
