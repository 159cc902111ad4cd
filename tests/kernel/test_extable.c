/*
 * Selftests for the exception table (arch/x86/extable.c, lib/extable.c):
 * its shape (sorted at boot, instructions in .text, fixups in .fixup or
 * just after their instruction, every type known), the search, that every
 * EX_TYPE_* has its sites and fixup_exception() dispatches on the type,
 * and that each kind of uaccess instruction really resumes at its fixup
 * when it faults.
 *
 * For the faults .init loads the address space of usermap.h (read-write
 * pages up to UEND, nothing mapped at UEND). With no current process,
 * every fault there goes to the fixup.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <asm/uaccess.h>
#include <asm/x86.h>
#include <asm/arch.h>
#include <asm/mce.h>
#include <asm/trapframe.h>
#include "usermap.h"

extern char __fixup_start[], __fixup_end[];

typedef struct exception_table_entry ex_t;

static bool in_text(unsigned long a)
{
	return a >= (unsigned long)_kernel_start && a < (unsigned long)__fixup_start;
}

static bool in_fixup(unsigned long a)
{
	return a >= (unsigned long)__fixup_start && a < (unsigned long)__fixup_end;
}

static size_t nentries(void)
{
	return __stop___ex_table - __start___ex_table;
}

/* Load the address space of usermap.h, without its read-only page. */
static void extable_init_mm(void)
{
	usermap_load(false);
}

static void sorted_and_placed(void)
{
	size_t n = nentries(), bad_insn = 0, bad_fixup = 0, dup = 0, bad_type = 0;

	KT_EXPECT(n > 0);
	KT_EXPECT((uintptr_t)__fixup_start < (uintptr_t)__fixup_end);
	KT_EXPECT((uintptr_t)__fixup_end <= (uintptr_t)_etext);
	KT_EXPECT(extable_is_sorted(__start___ex_table, __stop___ex_table));
	for (const ex_t *e = __start___ex_table; e < __stop___ex_table; e++) {
		if (!in_text(e->insn)) {
			if (bad_insn++ == 0)
				printk("    # entry %u: insn %08lx not in .text\n",
				       (unsigned)(e - __start___ex_table), e->insn);
		}
		/* A fixup is .fixup code, or (for "rep movsb" and friends,
		 * whose ecx already says how much is left) the resume point
		 * just after the instruction, in the same function. */
		bool ok = in_fixup(e->fixup);
		if (!ok && in_text(e->fixup) && e->fixup > e->insn && e->fixup - e->insn <= 16) {
			const char *a = ksym_lookup(e->insn, NULL);
			const char *b = ksym_lookup(e->fixup, NULL);
			ok = a && b && !strcmp(a, b);
		}
		if (!ok && bad_fixup++ == 0)
			printk("    # entry %u: fixup %08lx for insn %08lx is neither in .fixup "
			       "nor right after it\n",
			       (unsigned)(e - __start___ex_table), e->fixup, e->insn);
		if (e > __start___ex_table && e[-1].insn >= e->insn)
			dup++;
		if (!ex_type_known(e->type) && bad_type++ == 0)
			printk("    # entry %u: unknown type %lu\n",
			       (unsigned)(e - __start___ex_table), e->type);
	}
	KT_EXPECT_EQ(bad_type, 0);
	KT_EXPECT_EQ(bad_insn, 0);
	KT_EXPECT_EQ(bad_fixup, 0);
	KT_EXPECT_EQ(dup, 0); /* strictly increasing: one entry per insn */
}

static void search(void)
{
	size_t missed = 0, false_hits = 0;

	for (const ex_t *e = __start___ex_table; e < __stop___ex_table; e++) {
		const ex_t *f = search_exception_tables(e->insn);
		if (f != e)
			missed++;
		/* the next byte only matches if another entry starts there
		 * (one-byte instructions such as trapret's pops) */
		const ex_t *next = search_exception_tables(e->insn + 1);
		if ((next && next->insn != e->insn + 1) ||
		    (in_fixup(e->fixup) && search_exception_tables(e->fixup)))
			false_hits++;
	}
	KT_EXPECT_EQ(missed, 0);
	KT_EXPECT_EQ(false_hits, 0);
	KT_EXPECT(search_exception_tables(0) == NULL);
	KT_EXPECT(search_exception_tables(0xFFFFFFFFu) == NULL);
	KT_EXPECT(search_exception_tables((unsigned long)ktest_run_all) == NULL);
	KT_EXPECT(search_exception_tables((unsigned long)copy_to_user) == NULL);
	KT_EXPECT(search_exception_tables((unsigned long)__copy_to_user_ll) == NULL);
	KT_EXPECT(search_exception_tables(__start___ex_table[0].insn - 1) == NULL);
	KT_EXPECT(search_exception_tables(__stop___ex_table[-1].insn + 1) == NULL);

	/* the library search on a table of our own */
	ex_t t[5] = { { 50, 1, EX_TYPE_DEFAULT },
		      { 10, 2, EX_TYPE_UACCESS },
		      { 40, 3, EX_TYPE_DEFAULT_MCE_SAFE },
		      { 20, 4, EX_TYPE_FAULT_MCE_SAFE },
		      { 30, 5, EX_TYPE_UACCESS } };
	KT_EXPECT(!extable_is_sorted(t, t + 5));
	sort_extable(t, t + 5);
	KT_EXPECT(extable_is_sorted(t, t + 5));
	for (int i = 0; i < 5; i++)
		KT_EXPECT_EQ(t[i].insn, 10 * (i + 1));
	KT_EXPECT_EQ(t[0].fixup, 2);
	KT_EXPECT_EQ(t[4].fixup, 1);
	KT_EXPECT_EQ(t[0].type, EX_TYPE_UACCESS); /* the type moves with its entry */
	KT_EXPECT_EQ(t[1].type, EX_TYPE_FAULT_MCE_SAFE);
	KT_EXPECT_EQ(t[3].type, EX_TYPE_DEFAULT_MCE_SAFE);
	KT_EXPECT_EQ(t[4].type, EX_TYPE_DEFAULT);
	KT_EXPECT(search_extable(t, 5, 30) == &t[2]);
	KT_EXPECT(search_extable(t, 5, 10) == &t[0]);
	KT_EXPECT(search_extable(t, 5, 50) == &t[4]);
	KT_EXPECT(search_extable(t, 5, 35) == NULL);
	KT_EXPECT(search_extable(t, 5, 5) == NULL);
	KT_EXPECT(search_extable(t, 5, 55) == NULL);
	KT_EXPECT(search_extable(t, 0, 10) == NULL);
}

/* Entries whose instruction lies in function fn and whose type is type
 * (or any type, for EX_TYPE_NONE); the opcodes of the first two go to
 * op[0..1] as (first byte << 8 | second byte). */
static int entries_typed(const char *fn, unsigned long type, unsigned op[2])
{
	int n = 0;

	for (const ex_t *e = __start___ex_table; e < __stop___ex_table; e++) {
		const char *name = ksym_lookup(e->insn, NULL);
		if (!name || strcmp(name, fn) || (type != EX_TYPE_NONE && e->type != type))
			continue;
		if (n < 2 && op) {
			const uint8_t *p = (const uint8_t *)e->insn;
			op[n] = p[0] << 8 | p[1];
		}
		n++;
	}
	return n;
}

/* Entries in function fn, of any type (see entries_typed). */
static int entries_in(const char *fn, unsigned op[2])
{
	return entries_typed(fn, EX_TYPE_NONE, op);
}

/* Each bulk routine has two entries, on its two string instructions
 * (strnlen_user's own entry is checked by tests/kernel/test_strnlen.c). */
static void coverage(void)
{
	unsigned op[2] = { 0, 0 };
	size_t unnamed = 0;

	KT_EXPECT_EQ(entries_in("__copy_to_user_ll", op), 2);
	KT_EXPECT_EQ(op[0], 0xF3A5); /* rep movsl */
	KT_EXPECT_EQ(op[1], 0xF3A4); /* rep movsb */
	op[0] = op[1] = 0;
	KT_EXPECT_EQ(entries_in("__copy_from_user_ll", op), 2);
	KT_EXPECT_EQ(op[0], 0xF3A5);
	KT_EXPECT_EQ(op[1], 0xF3A4);
	op[0] = op[1] = 0;
	KT_EXPECT_EQ(entries_in("__clear_user", op), 2);
	KT_EXPECT_EQ(op[0], 0xF3AB); /* rep stosl */
	KT_EXPECT_EQ(op[1], 0xF3AA); /* rep stosb */
	KT_EXPECT(entries_in("strncpy_from_user", NULL) >= 1);
	for (const ex_t *e = __start___ex_table; e < __stop___ex_table; e++)
		unnamed += !ksym_lookup(e->insn, NULL) || !ksym_lookup(e->fixup, NULL);
	KT_EXPECT_EQ(unnamed, 0);
}

/*
 * Every type has its sites, and each site has the type its fault needs:
 * the user copies EX_TYPE_UACCESS only; trapret's segment pops and iret
 * EX_TYPE_DEFAULT; copy_mc_to_kernel's three loads (head, longs, tail)
 * EX_TYPE_DEFAULT_MCE_SAFE and nothing on its kernel stores; the user
 * form the same loads plus its three stores as EX_TYPE_UACCESS;
 * mc_read_long one EX_TYPE_FAULT_MCE_SAFE load.
 */
static void types(void)
{
	size_t count[EX_TYPE_MAX + 1] = { 0 };

	for (const ex_t *e = __start___ex_table; e < __stop___ex_table; e++)
		if (ex_type_known(e->type))
			count[e->type]++;
	for (unsigned long t = EX_TYPE_DEFAULT; t <= EX_TYPE_MAX; t++) {
		if (!count[t])
			printk("    # no entry of type %s\n", ex_type_name(t));
		KT_EXPECT(count[t] > 0);
	}
	KT_EXPECT_EQ(entries_typed("__copy_to_user_ll", EX_TYPE_UACCESS, NULL), 2);
	KT_EXPECT_EQ(entries_typed("__copy_from_user_ll", EX_TYPE_UACCESS, NULL), 2);
	KT_EXPECT_EQ(entries_typed("__clear_user", EX_TYPE_UACCESS, NULL), 2);
	KT_EXPECT_EQ(entries_typed("strncpy_from_user", EX_TYPE_UACCESS, NULL),
		     entries_in("strncpy_from_user", NULL));
	KT_EXPECT(entries_typed("trapret", EX_TYPE_DEFAULT, NULL) >= 5);
	KT_EXPECT_EQ(entries_typed("trapret", EX_TYPE_DEFAULT, NULL), entries_in("trapret", NULL));
	KT_EXPECT_EQ(entries_in("copy_mc_to_kernel", NULL), 3);
	KT_EXPECT_EQ(entries_typed("copy_mc_to_kernel", EX_TYPE_DEFAULT_MCE_SAFE, NULL), 3);
	KT_EXPECT_EQ(entries_in("__copy_mc_to_user_ll", NULL), 6);
	KT_EXPECT_EQ(entries_typed("__copy_mc_to_user_ll", EX_TYPE_DEFAULT_MCE_SAFE, NULL), 3);
	KT_EXPECT_EQ(entries_typed("__copy_mc_to_user_ll", EX_TYPE_UACCESS, NULL), 3);
	KT_EXPECT_EQ(entries_in("mc_read_long", NULL), 1);
	KT_EXPECT_EQ(entries_typed("mc_read_long", EX_TYPE_FAULT_MCE_SAFE, NULL), 1);
}

/* The first entry of the given type, or NULL. */
static const ex_t *first_of(unsigned long type)
{
	for (const ex_t *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->type == type)
			return e;
	return NULL;
}

/* Returns what fixup_exception does for a trap of vector trapno and this
 * cause at entry e's instruction: 1 (and the frame's eip is e's fixup,
 * its eax *eax) or 0 (and the frame is untouched). */
static int try_fixup(const ex_t *e, uint32_t trapno, enum ex_cause cause, uint32_t *eax)
{
	struct trapframe tf;

	memset(&tf, 0, sizeof(tf));
	tf.eip = e->insn;
	tf.trapno = trapno;
	tf.eax = 0x12345678;
	int r = fixup_exception(&tf, cause);
	if (eax)
		*eax = tf.eax;
	if (r && tf.eip != e->fixup)
		return -1;
	if (!r && (tf.eip != e->insn || tf.eax != 0x12345678))
		return -2;
	return r;
}

/*
 * fixup_exception() dispatches on the type, for a made-up frame at one
 * real entry of each type: a user-address page fault only at a uaccess
 * site, a kernel-address one anywhere, a machine check only at an
 * MCE-safe site, a #GP only at a DEFAULT site; FAULT_MCE_SAFE leaves the
 * trap number in eax. An address with no entry is never fixed.
 */
static void dispatch(void)
{
	const ex_t *def = first_of(EX_TYPE_DEFAULT), *ua = first_of(EX_TYPE_UACCESS);
	const ex_t *mc = first_of(EX_TYPE_DEFAULT_MCE_SAFE),
		   *mcf = first_of(EX_TYPE_FAULT_MCE_SAFE);
	uint32_t eax = 0;

	KT_EXPECT(def && ua && mc && mcf);
	if (!def || !ua || !mc || !mcf)
		return;
	KT_EXPECT_EQ(try_fixup(def, T_PAGE_FAULT, EX_CAUSE_PF_USER, NULL), 0);
	KT_EXPECT_EQ(try_fixup(def, T_PAGE_FAULT, EX_CAUSE_PF_KERNEL, NULL), 1);
	KT_EXPECT_EQ(try_fixup(def, T_MCHK, EX_CAUSE_MCE, NULL), 0);
	KT_EXPECT_EQ(try_fixup(def, T_GP, EX_CAUSE_OTHER, NULL), 1);
	KT_EXPECT_EQ(try_fixup(ua, T_PAGE_FAULT, EX_CAUSE_PF_USER, NULL), 1);
	KT_EXPECT_EQ(try_fixup(ua, T_PAGE_FAULT, EX_CAUSE_PF_KERNEL, NULL), 1);
	KT_EXPECT_EQ(try_fixup(ua, T_MCHK, EX_CAUSE_MCE, NULL), 0);
	KT_EXPECT_EQ(try_fixup(ua, T_GP, EX_CAUSE_OTHER, NULL), 0);
	KT_EXPECT_EQ(try_fixup(mc, T_PAGE_FAULT, EX_CAUSE_PF_USER, NULL), 0);
	KT_EXPECT_EQ(try_fixup(mc, T_PAGE_FAULT, EX_CAUSE_PF_KERNEL, NULL), 1);
	KT_EXPECT_EQ(try_fixup(mc, T_MCHK, EX_CAUSE_MCE, &eax), 1);
	KT_EXPECT_EQ(eax, 0x12345678); /* DEFAULT_MCE_SAFE leaves eax alone */
	KT_EXPECT_EQ(try_fixup(mc, T_GP, EX_CAUSE_OTHER, NULL), 0);
	KT_EXPECT_EQ(try_fixup(mcf, T_PAGE_FAULT, EX_CAUSE_PF_USER, NULL), 0);
	KT_EXPECT_EQ(try_fixup(mcf, T_MCHK, EX_CAUSE_MCE, &eax), 1);
	KT_EXPECT_EQ(eax, T_MCHK);
	KT_EXPECT_EQ(try_fixup(mcf, T_PAGE_FAULT, EX_CAUSE_PF_KERNEL, &eax), 1);
	KT_EXPECT_EQ(eax, T_PAGE_FAULT);
	KT_EXPECT_EQ(try_fixup(mcf, T_GP, EX_CAUSE_OTHER, NULL), 0);

	ex_t none = { (unsigned long)ktest_run_all, 0, EX_TYPE_DEFAULT };
	KT_EXPECT_EQ(try_fixup(&none, T_GP, EX_CAUSE_OTHER, NULL), 0);
	KT_EXPECT_EQ(try_fixup(&none, T_MCHK, EX_CAUSE_MCE, NULL), 0);
}

/*
 * Fault each kind of uaccess instruction on the unmapped page and check
 * the fixup's result: get/put of every width (the 8-byte forms through
 * both of their instructions), the bulk copies through "rep movsl" and
 * through "rep movsb" alone in both directions, clear_user the same way,
 * and the byte loads of the string routines.
 */
static void every_kind_faults(void)
{
	NEED_MM();
	uint8_t b = 1;
	uint16_t h = 1;
	uint32_t w = 1;
	uint64_t q = 1;
	uint8_t kbuf[32];
	uint8_t *umem = uk(UEND - PAGE_SIZE); /* the last mapped page */

	KT_EXPECT_EQ(get_user(b, (uint8_t __user *)UEND), -EFAULT);
	KT_EXPECT_EQ(get_user(h, (uint16_t __user *)UEND), -EFAULT);
	KT_EXPECT_EQ(get_user(w, (uint32_t __user *)UEND), -EFAULT);
	KT_EXPECT_EQ(get_user(q, (uint64_t __user *)UEND), -EFAULT); /* 1st insn */
	KT_EXPECT_EQ(b | h | w | q, 0);
	q = 1;
	KT_EXPECT_EQ(get_user(q, (uint64_t __user *)(UEND - 4)), -EFAULT); /* 2nd insn */
	KT_EXPECT_EQ(q, 0);
	KT_EXPECT_EQ(put_user((uint8_t)1, (uint8_t __user *)UEND), -EFAULT);
	KT_EXPECT_EQ(put_user((uint16_t)1, (uint16_t __user *)UEND), -EFAULT);
	KT_EXPECT_EQ(put_user((uint32_t)1, (uint32_t __user *)UEND), -EFAULT);
	KT_EXPECT_EQ(put_user((uint64_t)1, (uint64_t __user *)UEND), -EFAULT);
	KT_EXPECT_EQ(put_user((uint64_t)1, (uint64_t __user *)(UEND - 4)), -EFAULT);

	/* 16 bytes from UEND - 6: one long by movsl, the next faults; movsb
	 * then moves 2 more bytes and faults: 10 left */
	for (int i = 0; i < 16; i++)
		kbuf[i] = (uint8_t)(0xA0 + i);
	memset(umem + PAGE_SIZE - 8, 0, 8);
	KT_EXPECT_EQ(copy_to_user((void __user *)(UEND - 6), kbuf, 16), 10);
	barrier();
	KT_EXPECT_EQ(memcmp(umem + PAGE_SIZE - 6, kbuf, 6), 0);
	/* 3 bytes: movsl has nothing to do, movsb faults after 1 */
	KT_EXPECT_EQ(copy_to_user((void __user *)(UEND - 1), kbuf + 8, 3), 2);
	barrier();
	KT_EXPECT_EQ(umem[PAGE_SIZE - 1], 0xA8);
	memset(kbuf, 0xCC, sizeof(kbuf));
	KT_EXPECT_EQ(__copy_from_user_ll(kbuf, (const void __user *)(UEND - 6), 16), 10);
	KT_EXPECT_EQ(kbuf[0], 0xA0);
	KT_EXPECT_EQ(kbuf[4], 0xA4);
	KT_EXPECT_EQ(kbuf[5], 0xA8);
	KT_EXPECT_EQ(kbuf[6], 0xCC);
	memset(kbuf, 0xCC, sizeof(kbuf));
	KT_EXPECT_EQ(__copy_from_user_ll(kbuf, (const void __user *)(UEND - 1), 3), 2);
	KT_EXPECT_EQ(kbuf[0], 0xA8);
	KT_EXPECT_EQ(kbuf[1], 0xCC);
	KT_EXPECT_EQ(__clear_user((void __user *)(UEND - 6), 16), 10);
	barrier();
	KT_EXPECT_EQ(umem[PAGE_SIZE - 6] | umem[PAGE_SIZE - 1], 0);
	umem[PAGE_SIZE - 1] = 0x77;
	KT_EXPECT_EQ(__clear_user((void __user *)(UEND - 1), 3), 2);
	barrier();
	KT_EXPECT_EQ(umem[PAGE_SIZE - 1], 0);
	/* the whole range faulting at once, in each direction */
	KT_EXPECT_EQ(copy_to_user((void __user *)UEND, kbuf, 32), 32);
	KT_EXPECT_EQ(copy_from_user(kbuf, (const void __user *)UEND, 32), 32);
	KT_EXPECT_EQ(clear_user((void __user *)UEND, 32), 32);

	memset(umem + PAGE_SIZE - 3, 'x', 3);
	KT_EXPECT_EQ(strncpy_from_user((char *)kbuf, (const char __user *)(UEND - 3), 10), -EFAULT);
	KT_EXPECT_EQ(strncpy_from_user((char *)kbuf, (const char __user *)(UEND - 3), 3), 3);
}

static const struct ktest_case cases[] = {
	{ "sorted_and_placed", sorted_and_placed },
	{ "search", search },
	{ "coverage", coverage },
	{ "types", types },
	{ "dispatch", dispatch },
	{ "every_kind_faults", every_kind_faults },
};
KTEST_SUITE(extable, cases, .init = extable_init_mm, .exit = usermap_unload);
