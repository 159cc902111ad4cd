/*
 * relay.h - checks made in child processes, printed by the test's parent.
 *
 * A child must not print TAP itself (its lines could interleave with or
 * repeat its parent's), so it sends each result over a pipe instead:
 *
 *	relay_open();			before forking the children
 *	child_is(got, want, "name");	in any child, grandchild, exec'd image
 *	relay_collect(n);		in the parent: prints exactly n points
 *
 * Each record is one write(2) of less than PIPE_BUF bytes, so records
 * from several processes never mix. relay_collect() waits until every
 * holder of the write end is gone (or n records came) and prints a failing
 * point for each record that never arrived, so a child that dies early
 * cannot make the plan come out short.
 */
#ifndef RELAY_H
#define RELAY_H

#include "tap.h"

struct relay_rec {
	long got, want;
	char name[240];
};

static int relay_fd[2] = { -1, -1 };

/* Opens the pipe that children report through. Returns 0 or -1. */
static inline int relay_open(void)
{
	return pipe(relay_fd);
}

/* In a child: reports the check got == want, named by fmt. */
static inline void child_is(long got, long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void child_is(long got, long want, const char *fmt, ...)
{
	struct relay_rec r = { got, want, "" };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r.name, sizeof(r.name), fmt, ap);
	va_end(ap);
	if (write(relay_fd[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(120);
}

/* In a child: reports the check cond, named by fmt. */
#define child_ok(cond, ...) child_is(!!(cond), 1, __VA_ARGS__)

/* In a child: reports that a raw call returned -err. */
#define child_is_err(got, err, ...) child_is((got), -(long)(err), __VA_ARGS__)

/* In the parent: closes its write end, then prints n points from the
 * records the children send, and a failing one for each that is missing. */
static inline void relay_collect(int n)
{
	struct relay_rec r;
	int i;

	close(relay_fd[1]);
	for (i = 0; i < n; i++) {
		size_t have = 0;
		while (have < sizeof(r)) {
			ssize_t k = read(relay_fd[0], (char *)&r + have, sizeof(r) - have);
			if (k <= 0)
				break;
			have += (size_t)k;
		}
		if (have < sizeof(r))
			break;
		r.name[sizeof(r.name) - 1] = '\0';
		is(r.got, r.want, "%s", r.name);
	}
	for (; i < n; i++)
		ok(0, "a check a child should have sent (it died or stopped early)");
	close(relay_fd[0]);
	relay_fd[0] = relay_fd[1] = -1;
}

#endif /* RELAY_H */
