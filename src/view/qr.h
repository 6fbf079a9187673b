/*
 * qr.h: QR codes as SVG (libqrencode), for tracking links and posters.
 */
#ifndef SIDAN_QR_H
#define SIDAN_QR_H

#include "lib/util.h"

/* Appends an SVG image of a QR code holding text to out, with a quiet zone
 * of four modules and a <title> naming what it opens. Returns 0 or -1. */
int	qr_svg(const char *text, const char *title, struct buf *out);

#endif
