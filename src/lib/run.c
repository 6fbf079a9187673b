/*
 * run.c: a child process under limits (see run.h). fork and exec rather
 * than posix_spawn, for the rlimits and the signal reset between them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/run.h"

/* In the child: limits, a clean signal state, the pipe as stdout, exec.
 * Never returns. */
static void
child(char *const argv[], const struct run_limits *lim, int outfd, pid_t parent)
{
	struct rlimit as = { lim->memory, lim->memory };
	struct rlimit cpu = { (rlim_t)lim->cpu_seconds, (rlim_t)lim->cpu_seconds + 1 };
	struct rlimit fs = { lim->file_size, lim->file_size };
	sigset_t none;
	int devnull;

	/* Dies with its parent: a killed worker leaves no helper writing on. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(126);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	if (setrlimit(RLIMIT_AS, &as) != 0 || setrlimit(RLIMIT_CPU, &cpu) != 0 ||
	    setrlimit(RLIMIT_FSIZE, &fs) != 0)
		_exit(126);
	if ((devnull = open("/dev/null", O_RDONLY)) < 0 || dup2(devnull, 0) < 0 ||
	    dup2(outfd, 1) < 0)
		_exit(126);
	closefrom(3);
	execv(argv[0], argv);
	_exit(127);
}

/* Returns the monotonic clock in milliseconds. */
static long long
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum run_result
run_limited(char *const argv[], const struct run_limits *lim, char *out,
    size_t outlen, int *status)
{
	int fds[2], ws = 0, killed = 0;
	size_t got = 0;
	long long deadline = mono_ms() + lim->wall_ms;
	pid_t pid, self = getpid();

	*status = -1;
	if (outlen)
		out[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0)
		return RUN_FAILED;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return RUN_FAILED;
	}
	if (pid == 0)
		child(argv, lim, fds[1], self);
	close(fds[1]);
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		long long left = deadline - mono_ms();
		char chunk[256];
		ssize_t n;
		int rc;

		if (left <= 0) {
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		rc = poll(&p, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			continue;	/* the deadline is checked above */
		if ((n = read(fds[0], chunk, sizeof(chunk))) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n && got + 1 < outlen; i++)
			out[got++] = chunk[i];
		if (outlen)
			out[got] = '\0';
	}
	close(fds[0]);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (killed || !WIFEXITED(ws))
		return RUN_KILLED;
	*status = WEXITSTATUS(ws);
	return *status == 127 || *status == 126 ? RUN_FAILED : RUN_EXITED;
}
