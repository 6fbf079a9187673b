/*
 * site.c: read queries over the sites for the directory, the site pages,
 * the posters and the map: sites in tree order with their details, a
 * site's children and teams, and requests counted per site; and the
 * desk's edits of a site's details, each changed field recorded in
 * site_changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/kept.h"
#include "model/scope.h"
#include "model/site.h"
#include "lib/util.h"

/* The columns every site row is read with, in the order site_read wants. */
#define SITE_COLUMNS \
	"o.id, o.code, o.name, o.kind, coalesce(o.division, ''),"		\
	" coalesce(o.base_kind, ''), coalesce(o.parent_id, 0),"			\
	" coalesce(p.name, ''), coalesce(p.kind, ''), o.address, o.open_hours,"	\
	" o.office_phone, o.lat IS NOT NULL AND o.lon IS NOT NULL,"		\
	" coalesce(o.lat, 0), coalesce(o.lon, 0), o.source, o.is_demo,"		\
	" (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id)"		\
	" FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"

/* The sites under ?1 and ?1 itself (the tree is at most three deep). */
#define SUBTREE \
	"(SELECT id FROM orgs WHERE id = ?1 OR parent_id = ?1"			\
	" OR parent_id IN (SELECT id FROM orgs WHERE parent_id = ?1))"

/* Reads the SITE_COLUMNS of st's current row into s. */
static void
site_read(sqlite3_stmt *st, struct site *s)
{
	s->id = sqlite3_column_int64(st, 0);
	s->code = db_text(st, 1);
	s->name = db_text(st, 2);
	s->kind = db_text(st, 3);
	s->division = db_text(st, 4);
	s->base_kind = db_text(st, 5);
	s->parent_id = sqlite3_column_int64(st, 6);
	s->parent_name = db_text(st, 7);
	s->parent_kind = db_text(st, 8);
	s->address = db_text(st, 9);
	s->open_hours = db_text(st, 10);
	s->office_phone = db_text(st, 11);
	s->has_coords = sqlite3_column_int(st, 12);
	s->lat = sqlite3_column_double(st, 13);
	s->lon = sqlite3_column_double(st, 14);
	s->source = db_text(st, 15);
	s->is_demo = sqlite3_column_int(st, 16);
	s->children = sqlite3_column_int(st, 17);
}

/* Steps st to the end, calling fn for each row; resets st. Returns DB_OK
 * or an error. */
static enum db_err
site_run(sqlite3_stmt *st, void (*fn)(void *arg, const struct site *), void *arg)
{
	struct site s;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		site_read(st, &s);
		fn(arg, &s);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_each(struct db *db, void (*fn)(void *arg, const struct site *), void *arg)
{
	/* Groups: the center; each institute with what hangs under it (the
	 * institute first, then its stations, then its bases); last the bases
	 * under the center. */
	static const char sql[] =
	    "SELECT " SITE_COLUMNS
	    " ORDER BY o.kind <> 'center',"
	    " CASE WHEN o.kind = 'institute' THEN o.sort"
	    "  WHEN p.kind = 'institute' THEN p.sort ELSE 1000000000 END,"
	    " CASE WHEN o.kind = 'institute' THEN o.code"
	    "  WHEN p.kind = 'institute' THEN p.code ELSE '' END,"
	    " CASE o.kind WHEN 'institute' THEN 0 WHEN 'station' THEN 1 ELSE 2 END,"
	    " coalesce(o.base_kind, ''), o.sort, o.code";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	return site_run(st, fn, arg);
}

enum db_err
site_get(struct db *db, int64_t id, void (*fn)(void *arg, const struct site *),
    void *arg, int *found)
{
	static const char sql[] = "SELECT " SITE_COLUMNS " WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct site s;
	int rc;

	*found = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		site_read(st, &s);
		*found = 1;
		fn(arg, &s);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_each_child(struct db *db, int64_t id,
    void (*fn)(void *arg, const struct site *), void *arg)
{
	static const char sql[] =
	    "SELECT " SITE_COLUMNS " WHERE o.parent_id = ?1"
	    " ORDER BY CASE o.kind WHEN 'institute' THEN 0 WHEN 'station' THEN 1 ELSE 2 END,"
	    " coalesce(o.base_kind, ''), o.sort, o.code";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return site_run(st, fn, arg);
}

enum db_err
site_each_team(struct db *db, int64_t id,
    void (*fn)(void *arg, const struct site_team *), void *arg)
{
	static const char sql[] =
	    "SELECT id, name, kind, is_demo FROM teams WHERE org_id = ?1 AND active = 1"
	    " ORDER BY sort, name";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct site_team t = {
			.id = sqlite3_column_int64(st, 0),
			.name = db_text(st, 1),
			.kind = db_text(st, 2),
			.is_demo = sqlite3_column_int(st, 3),
		};
		fn(arg, &t);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* This month's requests per site as the housekeeping process last kept
 * them (site_keep, the kept row "sites.month"): counting them takes a
 * range of a month's requests, too much for a public page at district
 * scale. A worker reads the row at most every KEPT_RECHECK seconds. */
static struct {
	int		 ok;
	int64_t		 at, since;
	size_t		 n;
	int64_t		*id;
	int		*count;
} kept;

/* Brings kept up to date from the kept row when figures are kept. Returns
 * 1 when it holds the counts of the month from since, 0 when not (figures
 * are not kept, there is no row yet, or it is of another month), -1 on a
 * database error. */
static int
kept_read(struct db *db, int64_t since)
{
	int64_t ksince, made_at, now = now_unix();
	const cJSON *pair;
	cJSON *body;
	size_t n = 0;
	int rc;

	if (!kept_on())
		return 0;
	if (!kept.ok || kept_stale(kept.at, now)) {
		kept.ok = 0;
		if ((rc = kept_get(db, "sites.month", &ksince, &made_at, &body)) != 1)
			return rc;
		n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(body, "counts"));
		kept.id = xrealloc(kept.id, (n ? n : 1) * sizeof(*kept.id));
		kept.count = xrealloc(kept.count, (n ? n : 1) * sizeof(*kept.count));
		kept.n = 0;
		cJSON_ArrayForEach(pair, cJSON_GetObjectItem(body, "counts")) {
			const cJSON *id = cJSON_GetArrayItem(pair, 0), *c = cJSON_GetArrayItem(pair, 1);
			if (kept.n == n || !cJSON_IsNumber(id) || !cJSON_IsNumber(c))
				break;
			kept.id[kept.n] = (int64_t)id->valuedouble;
			kept.count[kept.n++] = c->valueint;
		}
		cJSON_Delete(body);
		kept.since = ksince;
		kept.at = now;
		kept.ok = 1;
	}
	return kept.since == since;
}

/* Counts this month's requests under id from the kept counts: the ids of
 * the subtree (a few hundred sites at most) summed. */
static enum db_err
month_from_kept(struct db *db, int64_t id, int *out)
{
	static const char sql[] = "SELECT id FROM orgs WHERE id IN " SUBTREE;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*out = 0;
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t org = sqlite3_column_int64(st, 0);
		for (size_t i = 0; i < kept.n; i++)
			if (kept.id[i] == org)
				*out += kept.count[i];
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_figures(struct db *db, int64_t id, int64_t month_start, struct site_figures *out)
{
	/* All requests from the per-place counts the triggers keep (schema
	 * v9); this month's from the kept counts, or else from the requests
	 * themselves, by place and time. */
	static const char all_sql[] =
	    "SELECT coalesce(sum(n), 0) FROM order_counts WHERE org_id IN " SUBTREE;
	static const char month_sql[] =
	    "SELECT count(*) FROM orders WHERE org_id IN " SUBTREE " AND created_at >= ?2";
	sqlite3_stmt *st;
	int rc;

	*out = (struct site_figures){ 0 };
	if ((st = db_stmt(db, all_sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->all = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err_of(rc);
	if ((rc = kept_read(db, month_start)) < 0)
		return DB_ERROR;
	if (rc == 1)
		return month_from_kept(db, id, &out->month);
	if ((st = db_stmt(db, month_sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, month_start);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->month = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

/* Counts the requests of each site made at or after since, from the
 * requests themselves. */
static enum db_err
requests_by_org_compute(struct db *db, int64_t since,
    void (*fn)(void *arg, int64_t org_id, int n), void *arg)
{
	/* One range of orders_by_org_time per site: the cost follows this
	 * month's requests, not all of them. */
	static const char sql[] =
	    "SELECT id, n FROM (SELECT o.id, (SELECT count(*) FROM orders r"
	    " WHERE r.org_id = o.id AND r.created_at >= ?1) AS n FROM orgs o) WHERE n > 0";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));
	sqlite3_reset(st);
	return db_err_of(rc);
}

enum db_err
site_requests_by_org(struct db *db, int64_t since,
    void (*fn)(void *arg, int64_t org_id, int n), void *arg)
{
	int rc = kept_read(db, since);

	if (rc < 0)
		return DB_ERROR;
	if (rc == 0)
		return requests_by_org_compute(db, since, fn, arg);
	for (size_t i = 0; i < kept.n; i++)
		fn(arg, kept.id[i], kept.count[i]);
	return DB_OK;
}

/* Adds [org_id, n] to the array arg (a cJSON *), marking a failure in its
 * valueint. */
static void
keep_add(void *arg, int64_t org_id, int n)
{
	cJSON *a = arg, *pair = cJSON_CreateArray();

	if (pair == NULL || !cJSON_AddItemToArray(a, pair) ||
	    !cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)org_id)) ||
	    !cJSON_AddItemToArray(pair, cJSON_CreateNumber(n)))
		a->valueint = 1;
}

enum db_err
site_keep(struct db *db, int64_t month_start, int64_t now)
{
	cJSON *body = cJSON_CreateObject(), *counts;
	enum db_err e = DB_ERROR;

	if (body != NULL && (counts = cJSON_AddArrayToObject(body, "counts")) != NULL) {
		counts->valueint = 0;
		e = requests_by_org_compute(db, month_start, keep_add, counts);
		if (e == DB_OK)
			e = counts->valueint ? DB_ERROR : kept_put(db, "sites.month", month_start, now, body);
	}
	cJSON_Delete(body);
	kept.ok = 0;	/* this process reads the row like any other */
	return e;
}

const char *
site_kind_label(const char *kind, const char *base_kind)
{
	if (strcmp(kind, "center") == 0)
		return "新时代文明实践中心";
	if (strcmp(kind, "institute") == 0)
		return "新时代文明实践所";
	if (strcmp(kind, "station") == 0)
		return "新时代文明实践站";
	if (base_kind && strcmp(base_kind, "feature") == 0)
		return "特色基地";
	return "志愿服务基地";
}

int
site_order_preset(const char *kind, const char *parent_kind)
{
	return strcmp(kind, "station") == 0 || strcmp(kind, "institute") == 0 ||
	    (strcmp(kind, "base") == 0 && strcmp(parent_kind, "institute") == 0);
}

int
site_in_scope(const struct place_scope *sc, int64_t id, int64_t parent_id)
{
	if (sc->team_id)
		return 0;
	if (sc->station_id)
		return id == sc->station_id;
	if (sc->institute_id)
		return id == sc->institute_id || parent_id == sc->institute_id;
	return 1;
}

void
site_degrees_format(double v, char *buf, size_t len)
{
	/* The shortest of %.1g .. %.17g that reads back exactly. */
	for (int p = 1; p <= 17; p++) {
		snprintf(buf, len, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* Writes a position as the change log keeps it: "lat, lon", or "" for none. */
static void
position_text(int has, double lat, double lon, char *buf, size_t len)
{
	char a[32], o[32];

	if (!has) {
		buf[0] = '\0';
		return;
	}
	site_degrees_format(lat, a, sizeof(a));
	site_degrees_format(lon, o, sizeof(o));
	snprintf(buf, len, "%s, %s", a, o);
}

/* Records that field of site id went from old to new. Returns DB_OK or an
 * error. */
static enum db_err
change_log(struct db *db, int64_t id, int64_t user_id, int64_t at, const char *field,
    const char *old, const char *new)
{
	static const char sql[] =
	    "INSERT INTO site_changes(org_id, user_id, at, field, old_value, new_value)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_text(st, 4, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, old, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, new, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_err_of(rc);
}

enum db_err
site_details_set(struct db *db, int64_t id, int64_t user_id,
    const struct site_details *d, int *found, int *changed)
{
	static const char get[] =
	    "SELECT address, open_hours, office_phone, lat IS NOT NULL AND lon IS NOT NULL,"
	    " coalesce(lat, 0), coalesce(lon, 0) FROM orgs WHERE id = ?1";
	static const char upd[] =
	    "UPDATE orgs SET address = ?2, open_hours = ?3, office_phone = ?4,"
	    " lat = CASE WHEN ?5 THEN ?6 END, lon = CASE WHEN ?5 THEN ?7 END WHERE id = ?1";
	static const char *const names[3] = { "address", "open_hours", "office_phone" };
	const char *now_v[3] = { d->address, d->open_hours, d->office_phone };
	char *was[3] = { NULL, NULL, NULL }, was_pos[80], new_pos[80];
	int64_t at = now_unix();
	sqlite3_stmt *st;
	enum db_err e;
	int rc, was_has = 0;
	double was_lat = 0, was_lon = 0;

	*found = *changed = 0;
	if ((e = db_tx_begin(db)) != DB_OK)
		return e;
	if ((st = db_stmt(db, get)) == NULL) {
		e = DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*found = 1;
		for (int i = 0; i < 3; i++)
			was[i] = xstrdup(db_text(st, i));
		was_has = sqlite3_column_int(st, 3);
		was_lat = sqlite3_column_double(st, 4);
		was_lon = sqlite3_column_double(st, 5);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		e = db_err_of(rc);
		goto fail;
	}
	if (!*found) {
		db_tx_rollback(db);
		return DB_OK;
	}
	for (int i = 0; i < 3; i++) {
		if (strcmp(was[i], now_v[i]) == 0)
			continue;
		if ((e = change_log(db, id, user_id, at, names[i], was[i], now_v[i])) != DB_OK)
			goto fail;
		(*changed)++;
	}
	if (was_has != d->has_coords ||
	    (d->has_coords && (was_lat != d->lat || was_lon != d->lon))) {
		position_text(was_has, was_lat, was_lon, was_pos, sizeof(was_pos));
		position_text(d->has_coords, d->lat, d->lon, new_pos, sizeof(new_pos));
		if ((e = change_log(db, id, user_id, at, "position", was_pos, new_pos)) != DB_OK)
			goto fail;
		(*changed)++;
	}
	if (*changed) {
		if ((st = db_stmt(db, upd)) == NULL) {
			e = DB_ERROR;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, d->address, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, d->open_hours, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, d->office_phone, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, d->has_coords);
		sqlite3_bind_double(st, 6, d->lat);
		sqlite3_bind_double(st, 7, d->lon);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			e = db_err_of(rc);
			goto fail;
		}
	}
	for (int i = 0; i < 3; i++)
		free(was[i]);
	if (*changed == 0) {
		db_tx_rollback(db);	/* nothing written */
		return DB_OK;
	}
	if ((e = db_tx_commit(db)) != DB_OK)
		*changed = 0;
	return e;
fail:
	for (int i = 0; i < 3; i++)
		free(was[i]);
	db_tx_rollback(db);
	*changed = 0;
	return e == DB_OK ? DB_ERROR : e;
}

enum db_err
site_each_change(struct db *db, int64_t id, int limit,
    void (*fn)(void *arg, const struct site_change *), void *arg)
{
	static const char sql[] =
	    "SELECT c.at, coalesce(u.name, ''), coalesce(u.login, ''), c.field, c.old_value,"
	    " c.new_value FROM site_changes c LEFT JOIN users u ON u.id = c.user_id"
	    " WHERE c.org_id = ?1 ORDER BY c.at DESC, c.id DESC LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct site_change c = {
			.at = sqlite3_column_int64(st, 0), .user = db_text(st, 1),
			.login = db_text(st, 2), .field = db_text(st, 3),
			.old_value = db_text(st, 4), .new_value = db_text(st, 5),
		};
		fn(arg, &c);
	}
	sqlite3_reset(st);
	return db_err_of(rc);
}

const char *
site_field_label(const char *field)
{
	static const char *const k[][2] = {
		{ "address", "地址" }, { "open_hours", "开放时间" },
		{ "office_phone", "办公电话" }, { "position", "坐标（纬度, 经度）" },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(field, k[i][0]) == 0)
			return k[i][1];
	return field;
}
