/*
 * image_main.c: the sidan-image helper program. sidan's worker runs it once
 * per uploaded picture, as a child with limits on memory, CPU time and file
 * size, so that libvips (and whatever a hostile file does to it) never lives
 * in a worker:
 *
 *   sidan-image IN DISPLAY THUMB
 *
 * It prints one line on stdout, "ok W H TW TH" or the word of the refusal
 * (image_convert.h), and exits 0 when the outputs were written, 2 when the
 * picture was refused, 1 on any other error. libvips's own complaint, if
 * any, goes to stderr for the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "image/image_convert.h"

int
main(int argc, char **argv)
{
	struct image_sizes sz;
	enum image_result r;

	if (argc != 4) {
		fprintf(stderr, "usage: sidan-image IN DISPLAY THUMB\n");
		return 1;
	}
	/* One thread, no operation cache, no loader outside the allow-list
	 * (image_convert checks too) and none that libvips marks untrusted. */
	setenv("VIPS_CONCURRENCY", "1", 1);
	/* No run-time code generation (orc): sidan.service forbids writable
	 * executable memory (MemoryDenyWriteExecute), and plain C is enough
	 * for a few photos. */
	setenv("VIPS_NOVECTOR", "1", 1);
	if (VIPS_INIT(argv[0]) != 0) {
		fprintf(stderr, "sidan-image: %s\n", vips_error_buffer());
		return 1;
	}
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	vips_block_untrusted_set(TRUE);
	r = image_convert(argv[1], argv[2], argv[3], &sz);
	if (r == IMAGE_OK)
		printf("ok %d %d %d %d\n", sz.width, sz.height,
		    sz.thumb_width, sz.thumb_height);
	else {
		printf("%s\n", image_result_word(r));
		if (*vips_error_buffer())
			fprintf(stderr, "sidan-image: %s", vips_error_buffer());
	}
	fflush(stdout);
	vips_shutdown();
	return r == IMAGE_OK ? 0 : r == IMAGE_EWRITE ? 1 : 2;
}
