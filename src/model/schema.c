/*
 * schema.c: reads the embedded schema.sql version by version and applies the
 * versions a database lacks. Data is never dropped: a version only adds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/schema.h"
#include "lib/util.h"

/* Generated from schema.sql by the Makefile (xxd -i). */
extern unsigned char schema_sql[];
extern unsigned int schema_sql_len;

static const char marker[] = "-- version: ";

/*
 * Finds version v's statements in the embedded text: sets *start and *len.
 * Returns 1 if found, else 0.
 */
static int
schema_section(int v, const char **start, size_t *len)
{
	const char *text = (const char *)schema_sql;
	const char *end = text + schema_sql_len;
	const char *p = text, *found = NULL;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		/* A marker is the whole line: "-- version: " and digits. */
		if ((size_t)(eol - p) > sizeof(marker) - 1 &&
		    memcmp(p, marker, sizeof(marker) - 1) == 0 &&
		    strspn(p + sizeof(marker) - 1, "0123456789") ==
		    (size_t)(eol - p) - (sizeof(marker) - 1)) {
			int n = atoi(p + sizeof(marker) - 1);
			if (found) {
				*start = found;
				*len = (size_t)(p - found);
				return 1;
			}
			if (n == v)
				found = nl ? nl + 1 : end;
		}
		p = nl ? nl + 1 : end;
	}
	if (found) {
		*start = found;
		*len = (size_t)(end - found);
		return 1;
	}
	return 0;
}

int
schema_latest(void)
{
	const char *s;
	size_t n;
	int v = 0;

	while (schema_section(v + 1, &s, &n))
		v++;
	return v;
}

int
schema_upgrade(struct db *db, char *err, size_t errlen)
{
	int have, latest = schema_latest(), applied = 0;

	have = db_user_version(db);
	if (have < 0) {
		snprintf(err, errlen, "cannot read the schema version");
		return -1;
	}
	if (have > latest) {
		snprintf(err, errlen, "the database is at schema version %d, newer "
		    "than this sidan (%d): refusing to touch it", have, latest);
		return -1;
	}
	for (int v = have + 1; v <= latest; v++) {
		const char *s;
		size_t n;
		char *sql, msg[512], pragma[64];

		if (!schema_section(v, &s, &n)) {
			snprintf(err, errlen, "schema version %d missing", v);
			return -1;
		}
		if (db_tx_begin(db) != DB_OK) {
			snprintf(err, errlen, "the database is busy; try again");
			return -1;
		}
		sql = xstrndup(s, n);
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d;", v);
		if (db_exec(db, sql, msg, sizeof(msg)) != DB_OK ||
		    db_exec(db, pragma, msg, sizeof(msg)) != DB_OK) {
			free(sql);
			db_tx_rollback(db);
			snprintf(err, errlen, "schema version %d: %s", v, msg);
			return -1;
		}
		free(sql);
		if (db_tx_commit(db) != DB_OK) {
			snprintf(err, errlen, "schema version %d: commit failed", v);
			return -1;
		}
		applied++;
	}
	return applied;
}
