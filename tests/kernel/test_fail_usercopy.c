/*
 * Selftests of fail_usercopy at the routines themselves: for each checked
 * entry point, a failure injected into the call (the attribute armed for
 * one failure, no task filter) must return exactly what a real fault on
 * the copy's first byte returns (the same call on UEND, the unmapped
 * page of usermap.h), leave user memory alone, zero-fill as a fault does,
 * and use up one failure; a copy of zero bytes is not a copy and is not
 * counted. The attribute is saved before each case and put back after.
 */
#include <kernel/ktest.h>
#include <kernel/fault-inject.h>
#include <asm/uaccess.h>
#include "usermap.h"

#define N 64

static uint8_t kbuf[N], kref[N];
static struct fault_attr saved;

/* Load the user pages and fill them with 0x5A. */
static void fuc_init(void)
{
	if (usermap_load(false))
		return;
	poke_fill(U, 0x5A, 2 * PAGE_SIZE);
}

/* Arm fail_usercopy for one failure of any caller, silently. */
static void arm(void)
{
	saved = fail_usercopy;
	fail_usercopy.task_filter = false;
	fail_usercopy.interval = 1;
	fail_usercopy.space = 0;
	fail_usercopy.times = 1;
	fail_usercopy.verbose = 0;
	fail_usercopy.probability = 100;
}

/* Put the attribute back as it was, keeping the injected count. */
static void disarm(void)
{
	unsigned long injected = fail_usercopy.injected;

	fail_usercopy = saved;
	fail_usercopy.injected = injected;
}

/* Has user memory at U kept its 0x5A fill over n bytes? */
static bool untouched(size_t n)
{
	uint8_t b[N];

	barrier();
	peek(U, b, n);
	for (size_t i = 0; i < n; i++)
		if (b[i] != 0x5A)
			return false;
	return true;
}

/* copy_to_user and copy_from_user: n not copied, the destination zeroed
 * by copy_from_user, as on UEND. */
static void copies(void)
{
	NEED_MM();
	memset(kbuf, 0x11, N);
	unsigned long real_to = copy_to_user((void __user *)UEND, kbuf, N);
	memset(kref, 0xAA, N);
	unsigned long real_from = copy_from_user(kref, (const void __user *)UEND, N);
	arm();
	KT_EXPECT_EQ(copy_to_user((void __user *)U, kbuf, N), real_to);
	KT_EXPECT_EQ(fail_usercopy.times, 0);
	KT_EXPECT(untouched(N));
	fail_usercopy.times = 1;
	memset(kbuf, 0xAA, N);
	KT_EXPECT_EQ(copy_from_user(kbuf, (const void __user *)U, N), real_from);
	KT_EXPECT(!memcmp(kbuf, kref, N)); /* zeroed, as after the fault */
	KT_EXPECT_EQ(kbuf[0], 0);
	KT_EXPECT_EQ(copy_from_user(kbuf, (const void __user *)U, N), 0); /* times 0 now */
	KT_EXPECT_EQ(kbuf[0], 0x5A);
	disarm();
	KT_EXPECT_EQ(real_to, N);
	KT_EXPECT_EQ(real_from, N);
}

/* get_user and put_user of each size: -EFAULT, the value 0, nothing
 * written, as on UEND. */
#define GET_PUT(type)                                                           \
	do {                                                                    \
		type v = (type) ~(type)0, r = v;                                \
		int real_get = get_user(r, (type __user *)UEND);                \
		int real_put = put_user(v, (type __user *)UEND);                \
		arm();                                                          \
		KT_EXPECT_EQ(get_user(v, (type __user *)U), real_get);          \
		KT_EXPECT_EQ(v, r);                                             \
		fail_usercopy.times = 1;                                        \
		KT_EXPECT_EQ(put_user((type)0x77, (type __user *)U), real_put); \
		KT_EXPECT(untouched(sizeof(type)));                             \
		disarm();                                                       \
		KT_EXPECT_EQ(real_get, -EFAULT);                                \
		KT_EXPECT_EQ(r, 0);                                             \
	} while (0)

/* get_user/put_user at 1, 2, 4 and 8 bytes. */
static void get_put(void)
{
	NEED_MM();
	GET_PUT(uint8_t);
	GET_PUT(uint16_t);
	GET_PUT(uint32_t);
	GET_PUT(uint64_t);
}

/* clear_user: n not cleared; strncpy_from_user -EFAULT; strnlen_user 0:
 * each what a fault on UEND gives. */
static void clear_and_strings(void)
{
	NEED_MM();
	unsigned long real_clear = clear_user((void __user *)UEND, N);
	long real_cpy = strncpy_from_user((char *)kref, (const char __user *)UEND, N);
	long real_len = strnlen_user((const char __user *)UEND, N);

	arm();
	KT_EXPECT_EQ(clear_user((void __user *)U, N), real_clear);
	KT_EXPECT(untouched(N));
	fail_usercopy.times = 1;
	KT_EXPECT_EQ(strncpy_from_user((char *)kbuf, (const char __user *)U, N), real_cpy);
	fail_usercopy.times = 1;
	KT_EXPECT_EQ(strnlen_user((const char __user *)U, N), real_len);
	KT_EXPECT_EQ(fail_usercopy.times, 0);
	disarm();
	KT_EXPECT_EQ(real_clear, N);
	KT_EXPECT_EQ(real_cpy, -EFAULT);
	KT_EXPECT_EQ(real_len, 0);
}

/* A copy of nothing cannot fault: it returns 0 and uses no failure. */
static void zero_length(void)
{
	NEED_MM();
	arm();
	KT_EXPECT_EQ(copy_to_user((void __user *)U, kbuf, 0), 0);
	KT_EXPECT_EQ(copy_from_user(kbuf, (const void __user *)U, 0), 0);
	KT_EXPECT_EQ(clear_user((void __user *)U, 0), 0);
	KT_EXPECT_EQ(fail_usercopy.times, 1);
	KT_EXPECT_EQ(copy_to_user((void __user *)U, kbuf, 1), 1); /* the next real copy fails */
	KT_EXPECT_EQ(fail_usercopy.times, 0);
	disarm();
}

static const struct ktest_case cases[] = {
	{ "copies", copies },
	{ "get_put", get_put },
	{ "clear_and_strings", clear_and_strings },
	{ "zero_length", zero_length },
};
KTEST_SUITE(fail_usercopy, cases, .init = fuc_init, .exit = usermap_unload);
