/*
 * Selftests of SMAP and SMEP (arch/x86/smap.c), the stac/clac
 * alternatives (arch/x86/alternative.c) and the user-access window
 * (asm/uaccess.h, asm/smap.h).
 *
 * They pass whether or not the CPU has SMAP: where it is on, EFLAGS.AC
 * must be set inside every window and clear after it; where it is off,
 * stac and clac are NOPs and AC is never set. Either way every access
 * inside a window must work, every uaccess routine must return with AC
 * clear (on success and on a fault), and every stac/clac site must hold
 * the bytes the alternatives promise. .init loads the user address space
 * of usermap.h; as in the uaccess suite there is no current process, so a
 * faulting access goes straight to its fixup. The trap entry's clac and
 * swtch's EFLAGS are checked from the outside: an interrupt and a switch
 * taken inside a window leave it open for the code that opened it.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <asm/alternative.h>
#include <asm/smap.h>
#include <asm/uaccess.h>
#include <asm/arch.h>
#include <asm/mmu.h>
#include <asm/x86.h>
#include "usermap.h"

#define BAD_KADDR 0xF0000000u /* kernel half, mapped by nothing */

extern char alltraps[];

static uint32_t free_before_init;

/* Returns whether EFLAGS.AC is set now. */
static bool ac_set(void)
{
	return read_eflags() & FL_AC;
}

/* Is SMAP on (so stac really sets AC)? */
static bool smap_on(void)
{
	return cpu_feature_enabled(X86_FEATURE_SMAP);
}

/* Load the test address space and a read-only page at R. */
static void smap_init_suite(void)
{
	free_before_init = nr_free_pages();
	usermap_load(true);
}

/* CR4 has SMEP and SMAP exactly when the kernel says they are on, and
 * they are on wherever cpuid has them and the command line allows. */
static void cr4_matches_features(void)
{
	uint32_t a, b, c, d, max;

	cpuid(0, &max, &b, &c, &d);
	b = 0;
	if (max >= CPUID_LEAF_EXT_FEATURES)
		cpuid(CPUID_LEAF_EXT_FEATURES, &a, &b, &c, &d);
	KT_EXPECT_EQ(!!(rcr4() & CR4_SMAP), smap_on());
	KT_EXPECT_EQ(!!(rcr4() & CR4_SMEP), cpu_feature_enabled(X86_FEATURE_SMEP));
	KT_EXPECT_EQ(smap_on(), !!(b & CPUID7_EBX_SMAP) && !cmdline_nosmap);
	KT_EXPECT_EQ(cpu_feature_enabled(X86_FEATURE_SMEP),
		     !!(b & CPUID7_EBX_SMEP) && !cmdline_nosmep);
}

/* Returns whether some recorded stac/clac site lies in function fn. */
static bool site_in(const char *fn)
{
	for (struct alt_instr *a = __alt_instructions; a < __alt_instructions_end; a++) {
		unsigned long off;
		const char *name = ksym_lookup(a->site, &off);
		if (name && !strcmp(name, fn))
			return true;
	}
	return false;
}

/* Every recorded site holds stac or clac where SMAP is on and the 3-byte
 * NOP everywhere else; the entry code and the copy routines are among them. */
static void alternatives_sites(void)
{
	static const uint8_t stac_b[] = STAC_BYTES, clac_b[] = CLAC_BYTES;
	int n = 0, bad = 0, first_alltraps = 0;

	for (struct alt_instr *a = __alt_instructions; a < __alt_instructions_end; a++) {
		const uint8_t *site = (const uint8_t *)a->site;

		n++;
		KT_EXPECT_EQ(a->feature, ALT_NOT(X86_FEATURE_SMAP));
		KT_EXPECT_EQ(a->len, STAC_LEN);
		KT_EXPECT_EQ(a->replen, 0);
		KT_EXPECT(a->site >= (uint32_t)_kernel_start && a->site < (uint32_t)_etext);
		if (a->site == (uint32_t)alltraps)
			first_alltraps++;
		bool ok = smap_on() ? !memcmp(site, stac_b, STAC_LEN) ||
					      !memcmp(site, clac_b, STAC_LEN)
				    : !memcmp(site, alt_nop(STAC_LEN), STAC_LEN);
		if (!ok && bad++ < 3)
			printk("    # site %p holds %02x %02x %02x\n", site, site[0], site[1],
			       site[2]);
	}
	KT_EXPECT_EQ(bad, 0);
	KT_EXPECT(n > 20);
	KT_EXPECT_EQ(first_alltraps, 1); /* clac is alltraps' first instruction */
	KT_EXPECT(site_in("__copy_to_user_ll"));
	KT_EXPECT(site_in("__copy_from_user_ll"));
	KT_EXPECT(site_in("__clear_user"));
	KT_EXPECT(site_in("strncpy_from_user"));
	KT_EXPECT(site_in("strnlen_user"));
	KT_EXPECT(site_in("movnti_copy")); /* __copy_user_flushcache's loads */
}

/* Inside a window, unsafe_put_user/unsafe_get_user of every width reach
 * the user page, AC is set (with SMAP) and clear again after. */
static void window_read_write(void)
{
	uint8_t b = 0;
	uint16_t h = 0;
	uint32_t w = 0;
	uint64_t q = 0;
	uint8_t got[16];

	NEED_MM();
	poke_fill(U, 0, 16);
	KT_EXPECT(!ac_set());
	if (!user_access_begin((void __user *)U, 16)) {
		KT_EXPECT(!"user_access_begin refused a good range");
		return;
	}
	KT_EXPECT_EQ(ac_set(), smap_on());
	unsafe_put_user((uint8_t)0xA5, (uint8_t __user *)U, fault);
	unsafe_put_user((uint16_t)0xBEEF, (uint16_t __user *)(U + 1), fault);
	unsafe_put_user(0x12345678u, (uint32_t __user *)(U + 3), fault);
	unsafe_put_user(0x0102030405060708ull, (uint64_t __user *)(U + 7), fault);
	unsafe_get_user(b, (uint8_t __user *)U, fault);
	unsafe_get_user(h, (uint16_t __user *)(U + 1), fault);
	unsafe_get_user(w, (uint32_t __user *)(U + 3), fault);
	unsafe_get_user(q, (uint64_t __user *)(U + 7), fault);
	KT_EXPECT_EQ(ac_set(), smap_on());
	user_access_end();
	KT_EXPECT(!ac_set());
	KT_EXPECT_EQ(b, 0xA5);
	KT_EXPECT_EQ(h, 0xBEEF);
	KT_EXPECT_EQ(w, 0x12345678u);
	KT_EXPECT_EQ(q, 0x0102030405060708ull);
	barrier();
	peek(U, got, sizeof(got));
	KT_EXPECT_EQ(got[0], 0xA5);
	KT_EXPECT_EQ(got[1] | got[2] << 8, 0xBEEF);
	KT_EXPECT_EQ(got[15], 0);
	return;
fault:
	user_access_end();
	KT_EXPECT(!"an access inside the window faulted");
}

/* user_access_begin refuses what access_ok refuses, and leaves the
 * window shut when it does. */
static void begin_refuses_bad_ranges(void)
{
	KT_EXPECT(!user_access_begin((void __user *)BAD_KADDR, 4));
	KT_EXPECT(!ac_set());
	KT_EXPECT(!user_access_begin((void __user *)(TASK_SIZE - 4), 8));
	KT_EXPECT(!ac_set());
	KT_EXPECT(!user_access_begin((void __user *)0xFFFFFFF0u, 0x20)); /* wraps */
	KT_EXPECT(!ac_set());
	KT_EXPECT(user_access_begin((void __user *)(TASK_SIZE - 4), 4));
	KT_EXPECT_EQ(ac_set(), smap_on());
	user_access_end();
	KT_EXPECT(!ac_set());
}

/* A fault inside the window lands on the label with the window still
 * open (x reads as 0); user_access_end closes it. unsafe_copy_to_user
 * stops at the fault with the bytes before it written. */
static void fault_goes_to_label(void)
{
	uint32_t v = 0xDEADBEEF;
	uint8_t src[16];
	int where = 0;

	NEED_MM();
	if (!user_access_begin((void __user *)U, UEND - U + PAGE_SIZE))
		goto refused;
	unsafe_get_user(v, (uint32_t __user *)UEND, f1);
	where = 1;
f1:
	KT_EXPECT_EQ(where, 0);
	KT_EXPECT_EQ(v, 0);
	KT_EXPECT_EQ(ac_set(), smap_on());
	user_access_end();
	KT_EXPECT(!ac_set());

	if (!user_access_begin((void __user *)R, 4))
		goto refused;
	unsafe_put_user(1u, (uint32_t __user *)R, f2); /* read-only page */
	where = 2;
f2:
	KT_EXPECT_EQ(where, 0);
	user_access_end();
	KT_EXPECT(!ac_set());

	memset(src, 0x77, sizeof(src));
	poke_fill(UEND - 8, 0, 8);
	if (!user_access_begin((void __user *)(UEND - 8), sizeof(src)))
		goto refused;
	unsafe_copy_to_user((void __user *)(UEND - 8), src, sizeof(src), f3);
	where = 3;
f3:
	user_access_end();
	KT_EXPECT_EQ(where, 0);
	KT_EXPECT(!ac_set());
	barrier();
	KT_EXPECT_EQ(*uk(UEND - 8), 0x77);
	KT_EXPECT_EQ(*uk(UEND - 1), 0x77);
	return;
refused:
	KT_EXPECT(!"user_access_begin refused a good range");
}

/* Evaluate the uaccess call e and expect its result r and AC clear after. */
#define CLOSED_AFTER(e, r)                         \
	do {                                       \
		KT_EXPECT_EQ((long long)(e), (r)); \
		KT_EXPECT(!ac_set());              \
	} while (0)

/* Every uaccess routine returns with the window shut, on success and on a
 * fault. */
static void routines_close_window(void)
{
	uint32_t w = 0;
	uint64_t q = 0;
	char buf[32];

	NEED_MM();
	memset(buf, 0x42, sizeof(buf));
	poke(U, "hello", 6);
	CLOSED_AFTER(get_user(w, (uint32_t __user *)U), 0);
	CLOSED_AFTER(get_user(w, (uint32_t __user *)UEND), -EFAULT);
	CLOSED_AFTER(get_user(q, (uint64_t __user *)(UEND - 4)), -EFAULT);
	CLOSED_AFTER(__get_user(w, (uint32_t __user *)U), 0);
	CLOSED_AFTER(__get_user(w, (uint32_t __user *)UEND), -EFAULT);
	CLOSED_AFTER(put_user(w, (uint32_t __user *)(U + 64)), 0);
	CLOSED_AFTER(put_user(w, (uint32_t __user *)R), -EFAULT);
	CLOSED_AFTER(__put_user(w, (uint32_t __user *)(U + 64)), 0);
	CLOSED_AFTER(__put_user(q, (uint64_t __user *)(UEND - 4)), -EFAULT);
	CLOSED_AFTER(copy_to_user((void __user *)(U + 100), buf, sizeof(buf)), 0);
	CLOSED_AFTER(copy_to_user((void __user *)(UEND - 8), buf, sizeof(buf)), 24);
	CLOSED_AFTER(copy_to_user((void __user *)R, buf, 4), 4); /* constant size */
	CLOSED_AFTER(copy_from_user(buf, (const void __user *)U, sizeof(buf)), 0);
	CLOSED_AFTER(copy_from_user(buf, (const void __user *)(UEND - 8), sizeof(buf)), 24);
	CLOSED_AFTER(__copy_to_user_ll((void __user *)(UEND - 3), buf, 7), 4);
	CLOSED_AFTER(__copy_from_user_ll(buf, (const void __user *)(UEND - 3), 7), 4);
	CLOSED_AFTER(clear_user((void __user *)(U + 200), 50), 0);
	CLOSED_AFTER(clear_user((void __user *)(UEND - 10), 50), 40);
	CLOSED_AFTER(strncpy_from_user(buf, (const char __user *)U, sizeof(buf)), 5);
	CLOSED_AFTER(strncpy_from_user(buf, (const char __user *)UEND, sizeof(buf)), -EFAULT);
	CLOSED_AFTER(strnlen_user((const char __user *)U, 32), 6);
	CLOSED_AFTER(strnlen_user((const char __user *)UEND, 32), 0);
	CLOSED_AFTER(__copy_user_flushcache(buf, (const void __user *)U, 16), 0);
	CLOSED_AFTER(__copy_user_flushcache(buf, (const void __user *)(UEND - 8), 16), 8);
	CLOSED_AFTER(__copy_user_nocache(buf, (const void __user *)(UEND - 5), 16), 11);
}

/* An interrupt taken inside the window does not close it for the
 * interrupted code: iret gives AC back. */
static void interrupt_keeps_window(void)
{
	uint64_t t0 = jiffies;

	stac();
	while (jiffies == t0)
		sti_hlt(); /* the timer interrupt arrives here */
	cli();
	KT_EXPECT_EQ(ac_set(), smap_on());
	clac();
	KT_EXPECT(!ac_set());
	KT_EXPECT(jiffies != t0);
}

void swtch(struct context **old, struct context *new); /* arch/x86/swtch.S */

static struct context *main_ctx, *side_ctx;
static uint32_t side_stack[1024] __aligned(16);
static volatile uint32_t side_eflags;

/* The other side of switch_keeps_window: record the EFLAGS it starts
 * with and switch straight back. Never returns. */
static void __noreturn side_context(void)
{
	side_eflags = read_eflags();
	swtch(&side_ctx, main_ctx);
	panic("side_context: resumed after the test ended");
}

/* A context switch neither carries the window into the next context nor
 * loses it for the one that left: swtch keeps EFLAGS per context. */
static void switch_keeps_window(void)
{
	struct context *c = (struct context *)&side_stack[ARRAY_SIZE(side_stack) - 8];

	memset(c, 0, sizeof(*c) + sizeof(uint32_t)); /* and a null return address */
	c->eflags = FL_1;			     /* as proc_alloc starts a process */
	c->eip = (uint32_t)side_context;
	side_ctx = c;
	side_eflags = FL_AC;
	stac();
	swtch(&main_ctx, side_ctx);
	KT_EXPECT_EQ(ac_set(), smap_on()); /* ours came back */
	clac();
	KT_EXPECT(!(side_eflags & FL_AC)); /* and the other never had it */
	KT_EXPECT(side_eflags & FL_1);
}

/* user_access_save() closes an open window for a call; restore opens it
 * again, and leaves a closed one closed. */
static void save_restore(void)
{
	stac();
	unsigned long f = user_access_save();
	KT_EXPECT(!ac_set());
	user_access_restore(f);
	KT_EXPECT_EQ(ac_set(), smap_on());
	clac();
	f = user_access_save();
	user_access_restore(f);
	KT_EXPECT(!ac_set());
}

/* Last: unload the mm and check every page came back. */
static void teardown_frees_everything(void)
{
	NEED_MM();
	usermap_unload();
	KT_EXPECT_EQ(nr_free_pages(), free_before_init);
}

static const struct ktest_case cases[] = {
	{ "cr4_matches_features", cr4_matches_features },
	{ "alternatives_sites", alternatives_sites },
	{ "window_read_write", window_read_write },
	{ "begin_refuses_bad_ranges", begin_refuses_bad_ranges },
	{ "fault_goes_to_label", fault_goes_to_label },
	{ "routines_close_window", routines_close_window },
	{ "interrupt_keeps_window", interrupt_keeps_window },
	{ "switch_keeps_window", switch_keeps_window },
	{ "save_restore", save_restore },
	{ "teardown_frees_everything", teardown_frees_everything },
};
KTEST_SUITE(smap, cases, .init = smap_init_suite, .exit = usermap_unload);
