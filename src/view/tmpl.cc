/*
 * tmpl.cc: the only C++ in sidan, a thin extern "C" shim over ctemplate.
 * Every entry point catches all exceptions: C callers never see one.
 * A tmpl_dict is a ctemplate::TemplateDictionary in disguise.
 */
#include <dirent.h>
#include <string.h>

#include <algorithm>
#include <string>
#include <vector>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_emitter.h>

#include "view/tmpl.h"

using ctemplate::TemplateDictionary;

/* The per-process cache, frozen after tmpl_load_all. */
static ctemplate::TemplateCache *cache;

/* Appends expansion output straight into a struct buf (no std::string). */
class BufEmitter : public ctemplate::ExpandEmitter {
	struct buf *out_;
public:
	explicit BufEmitter(struct buf *out) : out_(out) {}
	void Emit(char c) { buf_append(out_, &c, 1); }
	void Emit(const std::string &s) { buf_append(out_, s.data(), s.size()); }
	void Emit(const char *s) { buf_puts(out_, s); }
	void Emit(const char *s, size_t n) { buf_append(out_, s, n); }
};

static TemplateDictionary *
D(struct tmpl_dict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

/*
 * Names of variables, sections and includes, with their ctemplate ids
 * worked out once per process. Given a plain char *, ctemplate hashes the
 * name and looks it up in its global id-to-name map on every SetValue,
 * ShowSection and AddSectionDictionary: a sixth of a desk page's time. A
 * name whose id is known skips both. The memo is keyed by the caller's
 * pointer (names are nearly always literals) and keeps its own copy of the
 * text, so a name built in a reused buffer is recognised as new when its
 * text changes. Entries are never freed: ctemplate's map points into them.
 */
enum { NAME_SLOTS = 1024 };	/* a power of two; sidan has ~600 names */
struct name_slot {
	const char			*key;	/* the caller's pointer */
	ctemplate::StaticTemplateString	*name;	/* our copy, with its id */
};
static struct name_slot name_slots[NAME_SLOTS];

/* Returns name as a TemplateString that carries its id. */
static ctemplate::TemplateString
tmpl_name(const char *name)
{
	size_t h = (reinterpret_cast<uintptr_t>(name) >> 3) * 0x9E3779B97F4A7C15ULL;

	for (size_t i = 0; i < 8; i++) {
		struct name_slot *s = &name_slots[(h + i) & (NAME_SLOTS - 1)];
		if (s->key == name &&
		    strcmp(s->name->do_not_use_directly_.ptr_, name) == 0)
			return ctemplate::TemplateString(*s->name);
		if (s->key == NULL || s->key == name) {
			size_t n = strlen(name);
			char *copy = new char[n + 1];
			memcpy(copy, name, n + 1);
			s->name = new ctemplate::StaticTemplateString{ { copy, n, 0 } };
			/* Works out the id and enters it in ctemplate's map. */
			ctemplate::StaticTemplateStringInitializer init(s->name);
			s->key = name;
			return ctemplate::TemplateString(*s->name);
		}
	}
	return ctemplate::TemplateString(name);	/* a crowded neighbourhood */
}

/* Lists the *.tpl files of dir, sorted. Returns false if dir cannot be read. */
static bool
list_templates(const char *dir, std::vector<std::string> *names)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	if (dp == NULL)
		return false;
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n > 4 && strcmp(de->d_name + n - 4, ".tpl") == 0)
			names->push_back(de->d_name);
	}
	closedir(dp);
	std::sort(names->begin(), names->end());
	return true;
}

/*
 * Loads every template of dir into c. Returns 0, or -1 with err naming the
 * file. ctemplate checks syntax and the AUTOESCAPE pragma at load time; a
 * template without the pragma is refused here, so none can escape unescaped.
 */
static int
load_into(ctemplate::TemplateCache *c, const char *dir, char *err, size_t errlen)
{
	std::vector<std::string> names;

	if (!list_templates(dir, &names)) {
		snprintf(err, errlen, "cannot read template directory %s", dir);
		return -1;
	}
	if (names.empty()) {
		snprintf(err, errlen, "no *.tpl files in %s", dir);
		return -1;
	}
	c->SetTemplateRootDirectory(dir);
	for (const std::string &name : names) {
		std::string path = std::string(dir) + "/" + name;
		FILE *f = fopen(path.c_str(), "r");
		char head[64] = "";
		if (f == NULL || fgets(head, sizeof(head), f) == NULL ||
		    strncmp(head, "{{%AUTOESCAPE context=\"HTML\"}}", 30) != 0) {
			if (f)
				fclose(f);
			snprintf(err, errlen, "template %s: must start with "
			    "{{%%AUTOESCAPE context=\"HTML\"}}", path.c_str());
			return -1;
		}
		fclose(f);
		if (!c->LoadTemplate(name, ctemplate::STRIP_BLANK_LINES)) {
			snprintf(err, errlen, "template %s: does not parse "
			    "(see ctemplate's message above)", path.c_str());
			return -1;
		}
	}
	return 0;
}

extern "C" int
tmpl_load_all(const char *dir, char *err, size_t errlen)
{
	try {
		ctemplate::TemplateCache *c = new ctemplate::TemplateCache();
		if (load_into(c, dir, err, errlen) != 0) {
			delete c;
			return -1;
		}
		c->Freeze();
		delete cache;
		cache = c;
		return 0;
	} catch (...) {
		snprintf(err, errlen, "templates in %s: unexpected error", dir);
		return -1;
	}
}

extern "C" int
tmpl_check_all(const char *dir, char *err, size_t errlen)
{
	try {
		ctemplate::TemplateCache c;
		return load_into(&c, dir, err, errlen);
	} catch (...) {
		snprintf(err, errlen, "templates in %s: unexpected error", dir);
		return -1;
	}
}

extern "C" struct tmpl_dict *
tmpl_dict_new(void)
{
	try {
		return reinterpret_cast<struct tmpl_dict *>(
		    new TemplateDictionary("page"));
	} catch (...) {
		abort();	/* only std::bad_alloc: as xmalloc does */
	}
}

extern "C" void
tmpl_dict_free(struct tmpl_dict *d)
{
	delete D(d);
}

extern "C" void
tmpl_set(struct tmpl_dict *d, const char *key, const char *value)
{
	try {
		D(d)->SetValue(tmpl_name(key), value ? value : "");
	} catch (...) {
		abort();
	}
}

extern "C" void
tmpl_set_int(struct tmpl_dict *d, const char *key, long long value)
{
	try {
		D(d)->SetFormattedValue(tmpl_name(key), "%lld", value);
	} catch (...) {
		abort();
	}
}

extern "C" void
tmpl_show(struct tmpl_dict *d, const char *section)
{
	try {
		D(d)->ShowSection(tmpl_name(section));
	} catch (...) {
		abort();
	}
}

extern "C" struct tmpl_dict *
tmpl_add_section(struct tmpl_dict *d, const char *section)
{
	try {
		return reinterpret_cast<struct tmpl_dict *>(
		    D(d)->AddSectionDictionary(tmpl_name(section)));
	} catch (...) {
		abort();
	}
}

extern "C" struct tmpl_dict *
tmpl_add_include(struct tmpl_dict *d, const char *name, const char *file)
{
	try {
		TemplateDictionary *inc = D(d)->AddIncludeDictionary(tmpl_name(name));
		inc->SetFilename(file);
		return reinterpret_cast<struct tmpl_dict *>(inc);
	} catch (...) {
		abort();
	}
}

extern "C" int
tmpl_expand(const char *file, const struct tmpl_dict *d, struct buf *out)
{
	try {
		BufEmitter e(out);
		if (cache == NULL)
			return -1;
		return cache->ExpandNoLoad(file, ctemplate::STRIP_BLANK_LINES,
		    reinterpret_cast<const TemplateDictionary *>(d), NULL, &e)
		    ? 0 : -1;
	} catch (...) {
		return -1;
	}
}
