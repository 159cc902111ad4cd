/*
 * Selftests for strnlen_user (arch/x86/usercopy.c), the uaccess routine
 * of labs/04-strnlen-asm: its contract (the size with the NUL, > n with
 * no NUL in the first n bytes, 0 on a fault or at TASK_SIZE), its own
 * exception table entry, and that a string running into an unmapped
 * page resumes at that entry's fixup. They have a suite of their own so
 * that a strnlen_user without a fixup oopses this suite only, not the
 * uaccess and extable suites.
 *
 * .init loads the address space of usermap.h: read-write pages up to
 * UEND, nothing mapped at UEND.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>
#include "usermap.h"

extern char __fixup_start[], __fixup_end[];

static const char kstring[] = "a kernel string";

/* Load the address space of usermap.h, without its read-only page. */
static void strnlen_init(void)
{
	usermap_load(false);
}

/* The entries whose instruction is in strnlen_user; *uaccess counts those
 * of EX_TYPE_UACCESS with a fixup in .fixup. */
static int own_entries(int *uaccess)
{
	int n = 0;

	*uaccess = 0;
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table;
	     e++) {
		const char *name = ksym_lookup(e->insn, NULL);
		if (!name || strcmp(name, "strnlen_user"))
			continue;
		n++;
		*uaccess += e->type == EX_TYPE_UACCESS &&
			    e->fixup >= (unsigned long)__fixup_start &&
			    e->fixup < (unsigned long)__fixup_end;
	}
	return n;
}

/* strnlen_user has a table entry of its own: a uaccess one, with its fixup
 * in .fixup. */
static void own_entry(void)
{
	int uaccess, entries_in_strnlen_user = own_entries(&uaccess);

	KT_EXPECT(entries_in_strnlen_user >= 1);
	KT_EXPECT_EQ(uaccess, entries_in_strnlen_user);
}

/* The contract on strings that are there: no byte read can fault. */
static void contract(void)
{
	NEED_MM();
	poke(U + 100, "hello", 6);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(U + 100), 32), 6);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(U + 100), 6), 6);
	KT_EXPECT(strnlen_user((const char __user *)(U + 100), 5) > 5);
	KT_EXPECT(strnlen_user((const char __user *)(U + 100), 3) > 3);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(U + 105), 3), 1);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(U + 100), 0), 0);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(U + 100), -1), 0);
	/* across the boundary of the two mapped pages */
	poke_fill(U + PAGE_SIZE - 10, 'x', 20);
	poke(U + PAGE_SIZE + 10, "", 1);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(U + PAGE_SIZE - 10), 64), 21);
	/* the NUL is the last mapped byte */
	poke(UEND - 6, "abcde", 6);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(UEND - 6), 32), 6);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(UEND - 1), 32), 1);
	/* n stops the scan before the unmapped page */
	poke(UEND - 6, "abcdef", 6);
	KT_EXPECT(strnlen_user((const char __user *)(UEND - 6), 4) > 4);
	KT_EXPECT(strnlen_user((const char __user *)(UEND - 6), 6) > 6);
	/* a kernel address is refused before anything is read */
	KT_EXPECT_EQ(strnlen_user((__force const char __user *)kstring, 32), 0);
}

/* Strings that run into the unmapped page, or up to TASK_SIZE: each read
 * that faults resumes at the fixup, and the result is 0. */
static void faults(void)
{
	NEED_MM();
	poke(UEND - 6, "abcdef", 6);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(UEND - 6), 32), 0);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(UEND - 6), 7), 0);
	KT_EXPECT_EQ(strnlen_user((const char __user *)UEND, 32), 0);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(UEND + PAGE_SIZE - 1), 1), 0);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(TASK_SIZE - 2), 32), 0);
	KT_EXPECT_EQ(strnlen_user((const char __user *)0, 32), 0);
	/* still sound after the faults */
	poke(UEND - 6, "abcde", 6);
	KT_EXPECT_EQ(strnlen_user((const char __user *)(UEND - 6), 32), 6);
}

static const struct ktest_case cases[] = {
	{ "own_entry", own_entry },
	{ "contract", contract },
	{ "faults", faults },
};
KTEST_SUITE(strnlen, cases, .init = strnlen_init, .exit = usermap_unload);
