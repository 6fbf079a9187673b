/*
 * image_convert.h: turns one uploaded picture into the two JPEG files sidan
 * keeps (a display size and a thumbnail), through libvips. Part of the
 * sidan-image helper program only: sidan's workers never link libvips, they
 * run this program as a child (src/page/part/photo_upload.c).
 */
#ifndef SIDAN_IMAGE_CONVERT_H
#define SIDAN_IMAGE_CONVERT_H

/* The sides of the two outputs (longest side, in pixels) and the largest
 * picture accepted: more pixels than this is refused before decoding. */
#define IMAGE_DISPLAY_SIDE	1280
#define IMAGE_THUMB_SIDE	320
#define IMAGE_MAX_PIXELS	50000000LL	/* 50 megapixels */
#define IMAGE_MAX_SIDE		16384

enum image_result {
	IMAGE_OK = 0,
	IMAGE_ETYPE,		/* not a JPEG, PNG or WebP picture */
	IMAGE_ETOOLARGE,	/* too many pixels (a decompression bomb, or simply too big) */
	IMAGE_EBROKEN,		/* a picture of an accepted type that cannot be decoded whole */
	IMAGE_EWRITE,		/* an output could not be written (a full disk) */
	IMAGE_RESULT__MAX
};

/* What was written: the pixel sizes of both outputs. */
struct image_sizes {
	int	width, height;
	int	thumb_width, thumb_height;
};

/*
 * Decodes in (JPEG, PNG or WebP only), turns it upright by its orientation
 * tag, fits it within IMAGE_DISPLAY_SIDE (never enlarging), flattens any
 * transparency onto white and writes it as a progressive JPEG to display
 * with no metadata at all (no EXIF, GPS, XMP, ICC or comments); then the
 * same within IMAGE_THUMB_SIDE to thumb. vips_init must have been called.
 * Returns IMAGE_OK and fills *out, or the reason it refused.
 */
enum image_result image_convert(const char *in, const char *display,
	    const char *thumb, struct image_sizes *out);

/* The word the helper prints for a result ("ok", "type", "too_large",
 * "broken", "write"): the protocol between sidan-image and sidan. */
const char *image_result_word(enum image_result r);

#endif
