/*
 * Fault injection (kernel/fault-inject.c), as Linux's fault attributes:
 * a struct fault_attr says how often a call site should pretend to fail,
 * and should_fail() decides, one call at a time, applying the knobs in
 * Linux's order:
 *   1. probability 0: never (the fast way out)
 *   2. task-filter set and the caller's make-it-fail clear: no
 *   3. times 0 (no failures left): no
 *   4. space larger than this call's size: no, and space -= size
 *   5. interval > 1: count the call; no unless count % interval == 0
 *   6. a random percent at or above probability: no
 * and otherwise the call fails: with verbose 1 a line on the kernel log
 * (2: and the call trace), and times goes down by one unless it is -1.
 *
 * fail_usercopy is the one attribute today: should_fail_usercopy() is
 * asked by every checked user-copy entry point (docs/fault-injection.md).
 */
#ifndef KERNEL_FAULT_INJECT_H
#define KERNEL_FAULT_INJECT_H

#include <kernel/kernel.h>
#include <kernel/prandom.h>

struct fault_attr {
	const char *name;	   /* as the log line names it */
	unsigned long probability; /* percent of the calls that fail */
	unsigned long interval;	   /* > 1: only every interval-th call may fail */
	int times;		   /* failures left; -1 is no limit */
	int space;		   /* a size budget used up before any failure */
	unsigned long verbose;	   /* 0 silent, 1 a log line, 2 and a call trace */
	bool task_filter;	   /* only processes with make-it-fail set */
	unsigned long count;	   /* calls that reached the interval check */
	unsigned long injected;	   /* failures forced since boot (Mica's own) */
	bool seeded;		   /* rnd has its seed */
	struct rnd_state rnd;	   /* the random percent's generator */
};

/* Linux's FAULT_ATTR_INITIALIZER: off (probability 0), interval 1,
 * times 1, space 0, verbose 2, no task filter. */
#define FAULT_ATTR_INITIALIZER(nm)                                    \
	{                                                             \
		.name = (nm), .interval = 1, .times = 1, .verbose = 2 \
	}

/* Should the call of this size fail? Applies attr's knobs in the order
 * above and counts what it must. Returns true to inject a failure. */
bool should_fail(struct fault_attr *attr, ssize_t size);
/* Take "<interval>,<probability>,<space>,<times>" (the command line's
 * form). Returns true, or false (and attr unchanged) if it does not parse. */
bool setup_fault_attr(struct fault_attr *attr, const char *str);
/* Seed attr's generator with seed, so a run can be repeated. */
void fault_attr_seed(struct fault_attr *attr, uint64_t seed);

/* Parse s (n bytes, an optional trailing newline) as Linux's kstrtoull or
 * kstrtoll with base 0: decimal, 0x hex or 0 octal, a '-' only when
 * is_signed. Returns 0 with *v set, -EINVAL or -ERANGE. */
int fault_parse_number(const char *s, size_t n, bool is_signed, long long *v);

/* The fail_usercopy attribute (kernel/fail_usercopy.c). */
extern struct fault_attr fail_usercopy;
/* Should this user copy fail as if its first byte had faulted? Asked by
 * copy_to_user, copy_from_user, get_user, put_user, clear_user,
 * strncpy_from_user, strnlen_user and lib/iov_iter.c's copyin/copyout. */
bool should_fail_usercopy(void);
/* The command line's fail_usercopy= and fail_usercopy_seed= words. */
void setup_fail_usercopy(const char *v);
void setup_fail_usercopy_seed(const char *v);

#endif
