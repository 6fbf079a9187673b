/*
 * run.h: runs a helper program as a child with limits on its memory, CPU
 * time, file size and wall time, and captures the first line of what it
 * prints. Knows nothing of sidan: sidan runs sidan-image this way.
 */
#ifndef SIDAN_RUN_H
#define SIDAN_RUN_H

#include <stddef.h>

struct run_limits {
	size_t	memory;		/* bytes of address space (RLIMIT_AS) */
	int	cpu_seconds;	/* RLIMIT_CPU */
	size_t	file_size;	/* largest file it may write (RLIMIT_FSIZE) */
	int	wall_ms;	/* killed after this long */
};

enum run_result {
	RUN_EXITED = 0,		/* it ran and exited; *status is its exit status */
	RUN_FAILED,		/* it could not be started */
	RUN_KILLED,		/* a limit or a signal ended it */
};

/*
 * Runs argv[0] (a path) with argv, stdin from /dev/null, stdout captured
 * into out (size outlen, NUL-terminated, what did not fit dropped), stderr
 * shared with the caller's (the log). The child starts with no signal
 * blocked or ignored and no descriptor but 0, 1 and 2.
 * Returns how it ended; with RUN_EXITED, *status is the exit status.
 */
enum run_result run_limited(char *const argv[], const struct run_limits *lim,
	    char *out, size_t outlen, int *status);

#endif
