/*
 * fail_usercopy, as Linux's lib/fault-inject-usercopy.c: one fault
 * attribute that every checked user-copy entry point asks before it
 * touches user memory. When it says fail, the routine returns what a
 * fault on the copy's first byte returns (nothing copied), so callers
 * cannot tell the two apart. Knobs: the command line words
 *   fail_usercopy=<interval>,<probability>,<space>,<times>
 *   fail_usercopy_seed=N   (Mica's: the random percent's seed)
 * and the files of /proc/sys/debug/fail_usercopy/ (fs/proc/fault_inject.c).
 * Each call counts as size 1, as Linux's, so space is a count of copies.
 */
#include <kernel/fault-inject.h>

struct fault_attr fail_usercopy = FAULT_ATTR_INITIALIZER("fail_usercopy");

/* Should this user copy fail? Returns true to inject a fault. */
bool should_fail_usercopy(void)
{
	/* LAB 12 BEGIN */
	return fail_usercopy.probability && should_fail(&fail_usercopy, 1);
	/* LAB 12 STUB
	// LAB 12, exercise "Ask the attribute" (labs/12-fault-inject/README.md):
	// ask the fail_usercopy attribute whether this copy fails (one call
	// counts as size 1), cheaply when injection is off (probability 0).
	return false;
	   LAB 12 END */
}

/* The command line's fail_usercopy=<interval>,<probability>,<space>,<times>. */
void setup_fail_usercopy(const char *v)
{
	setup_fault_attr(&fail_usercopy, v);
}

/* The command line's fail_usercopy_seed=N: a fixed seed for the random
 * percent; a value that does not parse is ignored. */
void setup_fail_usercopy_seed(const char *v)
{
	long long seed;

	if (!fault_parse_number(v, strlen(v), false, &seed))
		fault_attr_seed(&fail_usercopy, (uint64_t)seed);
}
