/*
 * utf8.h: UTF-8 text as the boundary parsers, the validators and the
 * command line need it: whether bytes are well-formed, how many characters
 * a string holds, and where to cut it between characters. Knows nothing of
 * sidan.
 */
#ifndef SIDAN_UTF8_H
#define SIDAN_UTF8_H

#include <stddef.h>

/* Returns 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), else 0. NUL bytes count as valid here. */
int		 utf8_valid(const char *s, size_t n);
/* Number of characters (code points) in a valid UTF-8 string. */
size_t		 utf8_chars(const char *s);
/* Returns how many bytes of s make its longest prefix of at most max bytes
 * that ends between characters, for quoting a part of s ("%.*s"). */
int		 utf8_prefix(const char *s, size_t max);

#endif
