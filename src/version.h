/*
 * version.h: the version of sidan, in one place. `sidan --version` prints
 * it; packaging reads it from here (the line below, between the quotes).
 */
#ifndef SIDAN_VERSION_H
#define SIDAN_VERSION_H

#define SIDAN_VERSION "0.9.0"

#endif
