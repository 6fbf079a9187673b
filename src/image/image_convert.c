/*
 * image_convert.c: one uploaded picture in, two clean JPEG files out, all
 * through libvips (no decoder of ours). The type is checked against an
 * allow-list of loaders, the pixel count is read from the header before any
 * pixel is decoded (so a small file that would expand to gigabytes is
 * refused), decoding fails on truncated data, and the savers strip every
 * piece of metadata: a resident's photo must not carry where it was taken.
 */
#include <string.h>

#include <vips/vips.h>

#include "image/image_convert.h"

/* The loaders accepted, by libvips's type name. */
static const char *const allowed_loaders[] = {
	"VipsForeignLoadJpegFile",
	"VipsForeignLoadPngFile",
	"VipsForeignLoadWebpFile",
	NULL
};

/* Returns 1 if loader (a type name, or NULL) is on the allow-list. */
static int
loader_allowed(const char *loader)
{
	for (size_t i = 0; loader && allowed_loaders[i]; i++)
		if (strcmp(loader, allowed_loaders[i]) == 0)
			return 1;
	return 0;
}

/*
 * Makes img ready for JPEG: transparency flattened onto white, sRGB, 8 bits.
 * Takes img's reference; returns the new image (or NULL on error).
 */
static VipsImage *
jpeg_ready(VipsImage *img)
{
	VipsImage *t = NULL;

	if (vips_image_hasalpha(img)) {
		VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
		int rc = vips_flatten(img, &t, "background", white, NULL);
		vips_area_unref(VIPS_AREA(white));
		g_object_unref(img);
		if (rc != 0)
			return NULL;
		img = t;
	}
	if (img->Type != VIPS_INTERPRETATION_sRGB) {
		if (vips_colourspace(img, &t, VIPS_INTERPRETATION_sRGB, NULL) != 0) {
			g_object_unref(img);
			return NULL;
		}
		g_object_unref(img);
		img = t;
	}
	if (img->BandFmt != VIPS_FORMAT_UCHAR) {
		if (vips_cast_uchar(img, &t, NULL) != 0) {
			g_object_unref(img);
			return NULL;
		}
		g_object_unref(img);
		img = t;
	}
	return img;
}

/*
 * Fits the picture in path within side x side and saves it to dest as a
 * JPEG of quality q without metadata. Returns IMAGE_OK, IMAGE_EBROKEN when
 * the picture cannot be decoded, or IMAGE_EWRITE when dest cannot be written.
 */
static enum image_result
fit_and_save(const char *path, const char *dest, int side, int q,
    int *w, int *h)
{
	VipsImage *img = NULL;

	if (vips_thumbnail(path, &img, side, "height", side,
	    "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL) != 0)
		return IMAGE_EBROKEN;
	if ((img = jpeg_ready(img)) == NULL)
		return IMAGE_EBROKEN;
	*w = vips_image_get_width(img);
	*h = vips_image_get_height(img);
	if (vips_jpegsave(img, dest, "Q", q, "strip", TRUE,
	    "optimize_coding", TRUE, "interlace", TRUE, NULL) != 0) {
		g_object_unref(img);
		/* Decoding happens while saving: tell a bad picture from a
		 * bad disk by what libvips said. */
		const char *why = vips_error_buffer();
		return strstr(why, "write") || strstr(why, "space") ||
		    strstr(why, "No such") ? IMAGE_EWRITE : IMAGE_EBROKEN;
	}
	g_object_unref(img);
	return IMAGE_OK;
}

enum image_result
image_convert(const char *in, const char *display, const char *thumb,
    struct image_sizes *out)
{
	VipsImage *head;
	long long pixels;
	int w, h;
	enum image_result r;

	memset(out, 0, sizeof(*out));
	if (!loader_allowed(vips_foreign_find_load(in)))
		return IMAGE_ETYPE;
	/* The header only: no pixel is decoded yet. */
	head = vips_image_new_from_file(in, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	if (head == NULL)
		return IMAGE_EBROKEN;
	w = vips_image_get_width(head);
	h = vips_image_get_height(head);
	g_object_unref(head);
	pixels = (long long)w * (long long)h;
	if (w <= 0 || h <= 0)
		return IMAGE_EBROKEN;
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE || pixels > IMAGE_MAX_PIXELS)
		return IMAGE_ETOOLARGE;
	if ((r = fit_and_save(in, display, IMAGE_DISPLAY_SIDE, 82,
	    &out->width, &out->height)) != IMAGE_OK)
		return r;
	/* The thumbnail is made from the clean display file. */
	r = fit_and_save(display, thumb, IMAGE_THUMB_SIDE, 75,
	    &out->thumb_width, &out->thumb_height);
	return r == IMAGE_EBROKEN ? IMAGE_EWRITE : r;
}

const char *
image_result_word(enum image_result r)
{
	static const char *const words[IMAGE_RESULT__MAX] = {
		[IMAGE_OK] = "ok",
		[IMAGE_ETYPE] = "type",
		[IMAGE_ETOOLARGE] = "too_large",
		[IMAGE_EBROKEN] = "broken",
		[IMAGE_EWRITE] = "write",
	};
	return (unsigned)r < IMAGE_RESULT__MAX ? words[r] : "write";
}
