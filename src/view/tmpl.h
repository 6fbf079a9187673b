/*
 * tmpl.h: the C face of ctemplate. Templates live in one directory, are all
 * loaded and checked at start-up (tmpl_load_all), and then frozen. Pages fill
 * a dictionary and expand a template into a struct buf. Every template starts
 * with {{%AUTOESCAPE context="HTML"}}, so values set here are escaped for
 * where they appear.
 */
#ifndef SIDAN_TMPL_H
#define SIDAN_TMPL_H

#include <stddef.h>

#include "lib/util.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tmpl_dict;

/* Loads every *.tpl in dir into this process's template cache and freezes
 * it. Returns 0, or -1 with a message naming the bad file in err. */
int	 tmpl_load_all(const char *dir, char *err, size_t errlen);
/* Loads every *.tpl in dir into a throwaway cache, only to check them.
 * Returns 0, or -1 with a message naming the bad file in err. */
int	 tmpl_check_all(const char *dir, char *err, size_t errlen);

/* Returns a new top-level dictionary (never NULL). */
struct tmpl_dict *tmpl_dict_new(void);
/* Frees a top-level dictionary and all its children; accepts NULL. */
void	 tmpl_dict_free(struct tmpl_dict *d);
/* Sets {{KEY}} to a copy of value (escaped at expansion). */
void	 tmpl_set(struct tmpl_dict *d, const char *key, const char *value);
void	 tmpl_set_int(struct tmpl_dict *d, const char *key, long long value);
/* Shows {{#SECTION}} once, with the variables of d. */
void	 tmpl_show(struct tmpl_dict *d, const char *section);
/* Adds one repetition of {{#SECTION}}; returns its dictionary (owned by d). */
struct tmpl_dict *tmpl_add_section(struct tmpl_dict *d, const char *section);
/* Makes {{>NAME}} include the template file; returns its dictionary. */
struct tmpl_dict *tmpl_add_include(struct tmpl_dict *d, const char *name,
	    const char *file);

/* Expands the template file with d, appending to out. Returns 0 or -1. */
int	 tmpl_expand(const char *file, const struct tmpl_dict *d, struct buf *out);

#ifdef __cplusplus
}
#endif

#endif
