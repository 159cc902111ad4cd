/*
 * proc_groups - getgroups32 (205) and the old 16-bit getgroups (80)
 * (busybox's id -G asks for them): a process whose ancestors never called
 * setgroups has no supplementary groups, as every process under Linux's
 * init; the list is then neither read nor written, and only a negative
 * size is an error.
 *
 * Raw int $0x80 calls, so the kernel's own result is checked; then the C
 * library's getgroups(). On Linux the program first empties its own list
 * with setgroups(0, NULL) (root may), in case whoever started it had
 * groups; on Mica, init has none, so the list is empty already (setgroups
 * itself is tested in proc_creds).
 */
#include "tap.h"

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_GETGROUPS16 80
#define NR_GETGROUPS32 205
#define NR_SETGROUPS32 206
#define SENTINEL32 0xdeadbeefu
#define SENTINEL16 0xbeefu
#define UNMAPPED 0x10		/* in the never-mapped first page */
#define KERNEL_ADDR 0xC0000000u /* Mica's kernel; unmapped on a 64-bit host */

/* getgroups32: the count, an untouched list, and the errors. */
static void test_getgroups32(void)
{
	uint32_t g[2] = {SENTINEL32, SENTINEL32};

	is(sys2(NR_GETGROUPS32, 0, 0), 0, "getgroups32(0, NULL) counts 0 groups");
	is(sys2(NR_GETGROUPS32, 2, g), 0, "getgroups32(2, list) gives 0 groups");
	ok(g[0] == SENTINEL32 && g[1] == SENTINEL32, "and writes nothing into the list");
	is(sys2(NR_GETGROUPS32, 1, UNMAPPED), 0, "an unmapped list is not touched: 0");
	is(sys2(NR_GETGROUPS32, 1, KERNEL_ADDR), 0, "nor a kernel address: 0");
	is_err(sys2(NR_GETGROUPS32, -1, g), EINVAL, "a negative size is EINVAL");
	is_err(sys2(NR_GETGROUPS32, -1, 0), EINVAL, "checked before the list: EINVAL with NULL");
}

/* the old getgroups with 16-bit entries. */
static void test_getgroups16(void)
{
	uint16_t g[2] = {SENTINEL16, SENTINEL16};

	is(sys2(NR_GETGROUPS16, 0, 0), 0, "getgroups(0, NULL) counts 0 groups");
	is(sys2(NR_GETGROUPS16, 2, g), 0, "getgroups(2, list) gives 0 groups");
	ok(g[0] == SENTINEL16 && g[1] == SENTINEL16, "and writes nothing into the list");
	is_err(sys2(NR_GETGROUPS16, -5, g), EINVAL, "a negative size is EINVAL");
}

/* the C library's wrapper agrees. */
static void test_libc(void)
{
	gid_t g[4];
	volatile int negative = -1; /* not known to the compiler's checks */

	is(getgroups(0, NULL), 0, "libc getgroups(0, NULL) is 0");
	is(getgroups(4, g), 0, "libc getgroups(4, list) is 0");
	is_errno(getgroups(negative, g), EINVAL, "libc getgroups(-1, list) is EINVAL");
}

int main(void)
{
	plan(14);
	if (!on_mica())
		sys2(NR_SETGROUPS32, 0, 0); /* the precondition; see the top */
	test_getgroups32();
	test_getgroups16();
	test_libc();
	return done();
}
