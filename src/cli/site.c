/*
 * site.c: `sidan site import FILE.csv`: adds or updates sites (and
 * their coordinates, address, opening hours, office phone) from a CSV file
 * whose header names its columns. Every row is checked; if any is bad,
 * each bad row is reported with its line number and the reason (in
 * Chinese) and nothing from the file is applied: the whole file is one
 * transaction, rolled back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "lib/csv.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "lib/validate.h"
#include "model/site_import.h"

static const char usage_site[] =
"usage: sidan site import FILE.csv [--db PATH]\n"
"\n"
"Adds or updates sites from a CSV file (UTF-8, comma-separated, the first line\n"
"naming the columns, in any order). A site is matched by its code: a new code\n"
"adds a site, a known one updates it. The format of deploy/data/shuocheng_sites.csv\n"
"is accepted as it is. Columns:\n"
"  code          the site's code (statistical division code where known); empty:\n"
"                the code becomes PARENT_CODE/NAME, as for stations without a code\n"
"  name          required, 1 to 100 characters\n"
"  kind          required: center, institute, station or base\n"
"  parent_code   required except for the center: the code of a site in the\n"
"                database or on an earlier line of the file. An institute hangs\n"
"                under the center, a station under an institute, a base under\n"
"                either\n"
"  parent_name   optional, for people reading the file; not used\n"
"  source        optional: where the row's facts were read\n"
"  base_kind     for a new base, required: feature (特色基地) or volunteer (志愿服务基地)\n"
"  lat, lon      optional, both or neither: latitude -90..90, longitude -180..180,\n"
"                decimal degrees (e.g. 39.3325, 112.4286)\n"
"  address       optional, at most 100 characters\n"
"  open_hours    optional, at most 100 characters (e.g. 周一至周五 8:30-17:30)\n"
"  office_phone  optional: an office's landline (e.g. 0349-5021234), never a\n"
"                person's mobile number\n"
"An empty cell leaves what the database has; any other column is an error.\n"
"A site's kind cannot be changed. If any row is bad, every bad row is printed\n"
"with its line number and reason, the exit status is 1 and nothing is changed;\n"
"else the counts of sites added and updated are printed.\n"
"  --db PATH     database file (env SIDAN_DB, default var/sidan.db)\n";

/* The columns a file may have. */
enum col {
	C_CODE = 0, C_NAME, C_KIND, C_PARENT_CODE, C_PARENT_NAME, C_SOURCE,
	C_BASE_KIND, C_LAT, C_LON, C_ADDRESS, C_OPEN_HOURS, C_OFFICE_PHONE,
	C__MAX
};

static const struct {
	const char	*name;
	int		 required;	/* the header must name it */
} cols[C__MAX] = {
	[C_CODE] = { "code", 1 }, [C_NAME] = { "name", 1 }, [C_KIND] = { "kind", 1 },
	[C_PARENT_CODE] = { "parent_code", 1 }, [C_PARENT_NAME] = { "parent_name", 0 },
	[C_SOURCE] = { "source", 0 }, [C_BASE_KIND] = { "base_kind", 0 },
	[C_LAT] = { "lat", 0 }, [C_LON] = { "lon", 0 }, [C_ADDRESS] = { "address", 0 },
	[C_OPEN_HOURS] = { "open_hours", 0 }, [C_OFFICE_PHONE] = { "office_phone", 0 },
};

#define MAX_FILE	(16 * 1024 * 1024)
#define MAX_CODE	63		/* bytes; pages copy codes into 64 bytes */

/* The report of bad rows, printed at the end. */
struct report {
	struct buf	 text;
	int		 bad;
};

/* Records that the row on line has problem msg. */
static void
report_bad(struct report *rep, size_t line, const char *msg)
{
	buf_printf(&rep->text, "第 %zu 行：%s\n", line, msg);
	rep->bad++;
}

/* Reads the whole file into b. Returns 0, or -1 after saying why not. */
static int
read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "sidan: site import: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > MAX_FILE) {
			fprintf(stderr, "sidan: site import: %s: 文件超过 16 MB\n", path);
			fclose(f);
			return -1;
		}
		buf_append(b, chunk, n);
	}
	if (ferror(f)) {
		fprintf(stderr, "sidan: site import: %s: %s\n", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* Maps the header's names to columns into at[] (-1 where absent).
 * Returns 0, or -1 after reporting each problem on line 1. */
static int
read_header(const struct csv_record *h, int at[C__MAX], struct report *rep)
{
	char msg[200];
	int bad = 0;

	for (int c = 0; c < C__MAX; c++)
		at[c] = -1;
	for (size_t i = 0; i < h->n; i++) {
		const char *name = h->field[i];
		int c;
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			name += 3;	/* a byte-order mark, as spreadsheets write */
		for (c = 0; c < C__MAX && strcmp(name, cols[c].name) != 0; c++)
			;
		if (c == C__MAX) {
			snprintf(msg, sizeof(msg), "未知的列“%.*s”（可用的列见 sidan site import --help）",
			    utf8_prefix(name, 80), name);
			report_bad(rep, 1, msg);
			bad = 1;
		} else if (at[c] >= 0) {
			snprintf(msg, sizeof(msg), "列“%s”出现了两次", cols[c].name);
			report_bad(rep, 1, msg);
			bad = 1;
		} else
			at[c] = (int)i;
	}
	for (int c = 0; c < C__MAX; c++) {
		if (cols[c].required && at[c] < 0) {
			snprintf(msg, sizeof(msg), "缺少必需的列“%s”", cols[c].name);
			report_bad(rep, 1, msg);
			bad = 1;
		}
	}
	if ((at[C_LAT] < 0) != (at[C_LON] < 0)) {
		report_bad(rep, 1, "lat 和 lon 两列须同时出现");
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* Returns field c of rec trimmed in place ("" if the file has no such
 * column). */
static char *
field(const struct csv_record *rec, const int at[C__MAX], int c)
{
	char *s, *e;

	if (at[c] < 0 || (size_t)at[c] >= rec->n)
		return (char *)"";
	s = rec->field[at[c]];
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* Returns NULL for "" (not given), else s. */
static const char *
given(const char *s)
{
	return s[0] ? s : NULL;
}

/* The codes seen so far in the file, with their lines, to refuse repeats. */
struct seen {
	char	**code;
	size_t	 *line;
	size_t	  n, cap;
};

/* Returns the line on which code was seen, or 0; then records it. */
static size_t
seen_add(struct seen *s, const char *code, size_t line)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->code[i], code) == 0)
			return s->line[i];
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->code = xrealloc(s->code, s->cap * sizeof(*s->code));
		s->line = xrealloc(s->line, s->cap * sizeof(*s->line));
	}
	s->code[s->n] = xstrdup(code);
	s->line[s->n++] = line;
	return 0;
}

/* Checks one record and, if it is good, applies it. Counts into added and
 * updated; reports problems into rep. */
static void
import_record(struct db *db, const struct csv_record *rec, size_t line,
    const int at[C__MAX], size_t ncols, struct seen *seen, struct report *rep,
    int *added, int *updated)
{
	struct site_row row = { 0 };
	char code[512], msg[300];
	const char *lat = field(rec, at, C_LAT), *lon = field(rec, at, C_LON), *p;
	size_t before = (size_t)rep->bad, dup;
	enum site_import_result res;

	if (rec->n != ncols) {
		snprintf(msg, sizeof(msg), "有 %zu 列，表头有 %zu 列", rec->n, ncols);
		report_bad(rep, line, msg);
		return;
	}
	row.name = field(rec, at, C_NAME);
	row.kind = field(rec, at, C_KIND);
	row.parent_code = field(rec, at, C_PARENT_CODE);
	if (valid_line(row.name, 100, 1) != VALID_OK)
		report_bad(rep, line, "名称 name 须为一行、1 到 100 个字");
	if (strcmp(row.kind, "center") && strcmp(row.kind, "institute") &&
	    strcmp(row.kind, "station") && strcmp(row.kind, "base")) {
		snprintf(msg, sizeof(msg), "类型 kind 是“%.*s”，应为 center、institute、station 或 base",
		    utf8_prefix(row.kind, 40), row.kind);
		report_bad(rep, line, msg);
	}
	p = field(rec, at, C_CODE);
	if (p[0] == '\0' && row.parent_code[0] && row.name[0])
		snprintf(code, sizeof(code), "%s/%s", row.parent_code, row.name);
	else
		snprintf(code, sizeof(code), "%s", p);
	row.code = code;
	if (code[0] == '\0')
		report_bad(rep, line, "代码 code 为空，且没有 parent_code 和 name 可用来生成代码");
	else if (strlen(code) > MAX_CODE || valid_line(code, MAX_CODE, 1) != VALID_OK) {
		snprintf(msg, sizeof(msg), "代码“%.*s”太长或含有不可见字符（最多 %d 个字节）",
		    utf8_prefix(code, 80), code, MAX_CODE);
		report_bad(rep, line, msg);
	} else if ((dup = seen_add(seen, code, line)) != 0) {
		snprintf(msg, sizeof(msg), "代码“%.*s”与第 %zu 行重复", utf8_prefix(code, 200), code, dup);
		report_bad(rep, line, msg);
	}
	p = field(rec, at, C_BASE_KIND);
	if (p[0]) {
		if (strcmp(row.kind, "base") != 0)
			report_bad(rep, line, "只有基地（kind 为 base）才填 base_kind");
		else if (strcmp(p, "feature") && strcmp(p, "volunteer"))
			report_bad(rep, line, "base_kind 应为 feature（特色基地）或 volunteer（志愿服务基地）");
		row.base_kind = p;
	}
	/* The rules of site_import.h, shared with the desk's form. */
	switch (site_position_parse(lat, lon, &row.lat, &row.lon)) {
	case SITE_POS_OK:
		row.has_coords = 1;
		break;
	case SITE_POS_NONE:
		break;
	case SITE_POS_HALF:
		report_bad(rep, line, "纬度 lat 和经度 lon 须同时填写或同时留空");
		break;
	case SITE_POS_BAD_LAT:
		report_bad(rep, line, "纬度 lat 须是 -90 到 90 之间的数");
		break;
	case SITE_POS_BAD_LON:
		report_bad(rep, line, "经度 lon 须是 -180 到 180 之间的数");
		break;
	}
	row.address = given(field(rec, at, C_ADDRESS));
	if (row.address && site_text_check(row.address) != VALID_OK)
		report_bad(rep, line, "地址 address 须为一行、最多 100 个字");
	row.open_hours = given(field(rec, at, C_OPEN_HOURS));
	if (row.open_hours && site_text_check(row.open_hours) != VALID_OK)
		report_bad(rep, line, "开放时间 open_hours 须为一行、最多 100 个字");
	row.office_phone = given(field(rec, at, C_OFFICE_PHONE));
	if (row.office_phone && (p = site_office_phone_problem(row.office_phone)) != NULL)
		report_bad(rep, line, p);
	row.source = given(field(rec, at, C_SOURCE));
	if (row.source && valid_line(row.source, 200, 0) != VALID_OK)
		report_bad(rep, line, "来源 source 须为一行、最多 200 个字");
	if ((size_t)rep->bad != before)
		return;
	res = site_import_row(db, &row);
	if (res == SITE_ADDED)
		(*added)++;
	else if (res == SITE_UPDATED)
		(*updated)++;
	else
		report_bad(rep, line, site_import_strerror(res));
}

/* Imports path into db. Returns the exit status. */
static int
site_import(struct db *db, const char *path)
{
	struct buf text;
	struct csv c;
	struct csv_record rec;
	struct report rep = { 0 };
	struct seen seen = { 0 };
	int at[C__MAX], added = 0, updated = 0, rc, status = 1;
	size_t ncols = 0;

	buf_init(&text);
	buf_init(&rep.text);
	if (read_file(path, &text) != 0)
		goto out;
	if (!utf8_valid(text.data, text.len)) {
		fprintf(stderr, "sidan: site import: %s: 不是 UTF-8 编码的文本（请另存为 UTF-8 的 CSV）\n", path);
		goto out;
	}
	csv_open(&c, text.data, text.len);
	if ((rc = csv_next(&c, &rec)) != 1) {
		fprintf(stderr, "sidan: site import: %s: 第 1 行：%s\n", path,
		    rc == 0 ? "文件是空的，没有表头" : "表头格式不对");
		goto out;
	}
	ncols = rec.n;
	rc = read_header(&rec, at, &rep);
	csv_record_free(&rec);
	if (rc != 0)
		goto report;
	if (db_tx_begin(db) != DB_OK) {
		fprintf(stderr, "sidan: site import: the database is busy; try again\n");
		goto out;
	}
	while ((rc = csv_next(&c, &rec)) != 0) {
		if (rc < 0) {
			report_bad(&rep, c.line, "CSV 格式不对（引号不成对、引号后有多余字符或列太多）");
			continue;
		}
		import_record(db, &rec, c.line, at, ncols, &seen, &rep, &added, &updated);
		csv_record_free(&rec);
	}
	if (rep.bad) {
		db_tx_rollback(db);
		goto report;
	}
	if (db_tx_commit(db) != DB_OK) {
		fprintf(stderr, "sidan: site import: commit failed: nothing was changed\n");
		goto out;
	}
	printf("sidan: site import: %s: 新增 %d 个站点，更新 %d 个站点 (added %d, updated %d)\n",
	    path, added, updated, added, updated);
	status = 0;
	goto out;
report:
	fputs(rep.text.data ? rep.text.data : "", stderr);
	fprintf(stderr, "sidan: site import: %s: %d 处错误，文件中的内容都没有导入\n", path, rep.bad);
out:
	for (size_t i = 0; i < seen.n; i++)
		free(seen.code[i]);
	free(seen.code);
	free(seen.line);
	buf_free(&text);
	buf_free(&rep.text);
	return status;
}

int
cli_site(struct config *cfg, int argc, char **argv)
{
	enum cli_parsed p;
	struct db *db;
	int w, rc;

	if ((p = cli_parse(cfg, argc, argv, usage_site, NULL, &w)) != CLI_GO)
		return cli_exit(p);
	if (argc - w != 2 || strcmp(argv[w], "import") != 0) {
		fputs(usage_site, stderr);
		return 2;
	}
	if ((db = cli_open_current(cfg)) == NULL)
		return 1;
	rc = site_import(db, argv[w + 1]);
	db_close(db);
	return rc;
}
