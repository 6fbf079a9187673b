/*
 * xml.h: a minimal XML writer for the Open311 GeoReport v2 XML format:
 * elements with text content, nothing else (no attributes, no namespaces).
 * Output is appended to a struct buf. Text is escaped, and whatever XML 1.0
 * does not allow (control characters other than tab, CR and LF, U+FFFE,
 * U+FFFF, bytes that are not well-formed UTF-8) is dropped, so the document
 * is well-formed whatever text it is given. Tags must be plain XML names
 * (ASCII letters, digits, '_', '.', '-', not starting with a digit, '.' or
 * '-'); they come from the code, never from input, and are asserted.
 */
#ifndef SIDAN_API_XML_H
#define SIDAN_API_XML_H

#include "lib/util.h"

/* Appends the XML declaration and a newline. */
void	xml_begin(struct buf *b);
/* Appends the start tag <tag>. */
void	xml_open(struct buf *b, const char *tag);
/* Appends the end tag </tag>. */
void	xml_close(struct buf *b, const char *tag);
/* Appends <tag>text</tag> with text escaped; NULL text gives <tag></tag>. */
void	xml_elem(struct buf *b, const char *tag, const char *text);
/* Appends <tag>v</tag> with v in decimal. */
void	xml_elem_int(struct buf *b, const char *tag, long long v);

#endif
