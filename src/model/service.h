/*
 * service.h: the service menu (服务菜单): what residents can ask for, by
 * platform. Also Open311's list of services.
 */
#ifndef SIDAN_MODEL_SERVICE_H
#define SIDAN_MODEL_SERVICE_H

#include <stdint.h>

#include "model/db.h"

struct service {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*summary;
	int		 due_hours;
	int		 escalate_hours;	/* 督办时限: hours after dispatch before 督办 */
	const char	*platform_code;
	const char	*platform_name;
	const char	*project_name;	/* "" if none */
	int		 active;
};

/* Calls fn for each active service, by platform then menu order. */
enum db_err	service_each(struct db *db,
		    void (*fn)(void *arg, const struct service *), void *arg);
/* Finds an active service by code. Returns DB_OK and calls fn once, or
 * DB_OK without calling fn when there is none, or an error. */
enum db_err	service_find(struct db *db, const char *code,
		    void (*fn)(void *arg, const struct service *), void *arg);
/* Calls fn for every service, retired ones too (for the admin). */
enum db_err	service_each_all(struct db *db,
		    void (*fn)(void *arg, const struct service *), void *arg);
/*
 * Adds (create 1) or changes the service with this code: its name, platform,
 * summary, due hours (1..2160), 督办 hours (escalate_hours, 1..720: how
 * long a dispatched or published request may wait for a volunteer before
 * the 所 and then the centre are told; 0 leaves it as it is, 24 for a new
 * item) and whether it is offered. Returns DB_OK;
 * DB_ERROR with *problem set to "code" (taken, or unknown when changing)
 * or "platform" (unknown); other errors as they come.
 */
enum db_err	service_save(struct db *db, int create, const char *code, const char *name,
		    const char *platform, const char *summary, int due_hours, int escalate_hours,
		    int active, const char **problem);

/* Returns the id of the active service with this code, 0 if none, -1 on error. */
int64_t		service_id_of(struct db *db, const char *code);

#endif
