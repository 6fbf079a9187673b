/*
 * schema.h: creating and upgrading the database from schema.sql, which is
 * built into the binary (see the Makefile) and split into versions by
 * "-- version: N" lines.
 */
#ifndef SIDAN_SCHEMA_H
#define SIDAN_SCHEMA_H

#include <stddef.h>

#include "model/db.h"

/* The newest version schema.sql defines. */
int	schema_latest(void);
/*
 * Applies every version above the database's user_version, each in its own
 * write transaction. Returns the number applied (0 when up to date), or -1
 * with a message in err; refuses (-1) a database newer than this binary.
 */
int	schema_upgrade(struct db *db, char *err, size_t errlen);

#endif
