/*
 * task.h: 志愿者接单: the requests a volunteer may take (dispatched to one
 * of their teams, or published for their area), taking one (where one
 * volunteer is wanted exactly one wins; where N are wanted, up to N),
 * giving it back before starting, and completing it with the hours served.
 */
#ifndef SIDAN_MODEL_TASK_H
#define SIDAN_MODEL_TASK_H

#include <stdint.h>

#include "model/db.h"
#include "model/err.h"
#include "model/media.h"
#include "model/order.h"

struct task {
	int64_t		 id;
	const char	*code;
	const char	*state;
	const char	*service;
	const char	*platform;
	const char	*place;
	const char	*institute;
	const char	*need;
	const char	*wanted_time;
	int64_t		 created_at;
	int		 wanted;	/* volunteers wanted */
	int		 taken;		/* volunteers who accepted */
	int		 mine;		/* I accepted it and am serving */
	int		 via_team;	/* dispatched to my team (else open to my area) */
};

/* A volunteer named in a completion report, with the minutes they served. */
struct served {
	int64_t	volunteer_id;
	int	minutes;
};


/* Calls fn for limit of the tasks volunteer vid serves and those open to
 * them, from offset on: theirs first, then newest first. *more is 1 when
 * there are more after these; *open is task_count_open's number, or -1
 * when no task came back (past the end). */
enum model_err	task_each(struct db *db, int64_t vid, int offset, int limit, int *more, int *open,
		    void (*fn)(void *, const struct task *), void *arg);
/* Counts the tasks open to vid that they have not taken. -1 on error. */
int		task_count_open(struct db *db, int64_t vid);
/* Reads one task as volunteer vid may see it (MODEL_NOT_FOUND otherwise). */
enum model_err	task_get(struct db *db, int64_t vid, const char *code,
		    void (*fn)(void *arg, const struct task *), void *arg);
/* Returns the id of the request with code if volunteer vid may take it or
 * serves or served it (even when its places are all taken now); 0 if not,
 * -1 on error. */
int64_t		task_id_for(struct db *db, int64_t vid, const char *code);
/* What the serving volunteer may read of the resident, and only while
 * serving: who to ask for, how to call them, where to go. */
struct task_contact {
	char	 name[64];
	char	 phone[16];
	char	 address[804];	/* the 详细地址 typed (200 characters at most) */
};
/* Fills *out for a volunteer serving an active task only. Returns MODEL_OK,
 * or MODEL_NOT_MINE when they may not see it. */
enum model_err	task_contact(struct db *db, int64_t vid, int64_t order_id,
		    struct task_contact *out);
enum model_err	task_accept(struct db *db, int64_t vid, int64_t order_id);
enum model_err	task_give_back(struct db *db, int64_t vid, int64_t order_id,
		    const char *reason);
/* Completes the task vid serves (结项): what was done, when, the minutes of
 * each volunteer named, and the n photos vid took (staged pairs, kept as
 * PHOTO_COMPLETION, their files published under media_dir), all in one
 * write transaction. Returns MODEL_OK, MODEL_NOT_MINE, MODEL_BAD_STATE,
 * MODEL_BAD_VOLUNTEER or a store error. */
enum model_err	task_complete(struct db *db, int64_t vid, int64_t order_id,
		    const char *what, int64_t started, int64_t ended,
		    const struct served *who, size_t nwho,
		    const struct media_pair *photos, size_t n, const char *media_dir);
/* Calls fn for each volunteer serving the task (for the completion form). */
enum model_err	task_each_server(struct db *db, int64_t order_id,
		    void (*fn)(void *arg, int64_t vid, const char *name, const char *number),
		    void *arg);

#endif
