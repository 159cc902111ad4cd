/*
 * Selftests for machine checks and the machine-check-safe copies
 * (arch/x86/mce.c, arch/x86/copy_mc.S): the boot set-up of the banks,
 * every alignment and length of copy_mc_to_kernel, the short counts of a
 * fault on an unmapped kernel source and on a user destination, the trap
 * number of mc_read_long, and, with mce_inject on the command line, a
 * machine check injected by tests/run.py during a long copy: the copy
 * comes back short, the page is recorded as poisoned, the kernel goes on.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <asm/mce.h>
#include <asm/mmu.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include <asm/x86.h>
#include <lib/iov_iter.h>
#include "usermap.h"

#define INJECT_PAGES 16	     /* the source of the injected copy: 64 KiB */
#define INJECT_ROUNDS 200000 /* copies to wait for the machine check in */

/* Returns true if kernel address va is mapped in kpgdir. */
static bool kmapped(uint32_t va)
{
	pte_t *pte = walk_pgdir(kpgdir, va, false);

	return pte && (*pte & PTE_P);
}

/* Returns a kernel address whose page is unmapped while the page below it
 * is mapped (the end of the direct map), or 0 if none is found. */
static uint32_t unmapped_after_mapped(void)
{
	for (uint32_t va = PAGE_OFFSET + PAGE_SIZE; va && va < 0xFFFFF000u; va += PAGE_SIZE)
		if (kmapped(va - PAGE_SIZE) && !kmapped(va))
			return va;
	return 0;
}

static void copy_mc_init(void)
{
	if (usermap_load(false))
		panic("copy_mc_init: no user address space");
}

/* Where CPUID has MCE and MCA (QEMU's -cpu max), mce_init enabled every
 * bank MCG_CAP counts and CR4.MCE, and no machine check is in progress;
 * elsewhere (-cpu pentium) it left both off. */
static void boot_setup(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID_EDX_MCE) || !(d & CPUID_EDX_MCA)) {
		KT_EXPECT_EQ(mce_banks(), 0);
		KT_EXPECT(!(rcr4() & CR4_MCE));
		return;
	}
	KT_EXPECT(mce_banks() > 0);
	KT_EXPECT_EQ(mce_banks(), (int)(rdmsr(MSR_IA32_MCG_CAP) & MCG_BANKCNT_MASK));
	KT_EXPECT(rcr4() & CR4_MCE);
	KT_EXPECT_EQ(rdmsr(MSR_IA32_MCG_STATUS) & MCG_STATUS_MCIP, 0);
	if (rdmsr(MSR_IA32_MCG_CAP) & MCG_CTL_P)
		KT_EXPECT_EQ(rdmsr(MSR_IA32_MCG_CTL), ~0ull);
	for (int i = 0; i < mce_banks(); i++) {
		KT_EXPECT_EQ(rdmsr(MSR_IA32_MCx_CTL(i)), ~0ull);
		KT_EXPECT_EQ(rdmsr(MSR_IA32_MCx_STATUS(i)) & MCI_STATUS_VAL, 0);
	}
}

/* Every source and destination alignment, lengths 0..40 and one of a
 * page and a bit: all copied, nothing written past the end. */
static void alignments(void)
{
	static uint8_t src[PAGE_SIZE + 64], dst[PAGE_SIZE + 64];
	size_t bad = 0;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 3);
	for (int so = 0; so < 8; so++)
		for (int d = 0; d < 4; d++)
			for (size_t n = 0; n <= 41; n++) {
				size_t len = n == 41 ? PAGE_SIZE + 13 : n;
				memset(dst, 0xEE, sizeof(dst));
				unsigned long left = copy_mc_to_kernel(dst + d, src + so, len);
				if (left || memcmp(dst + d, src + so, len) ||
				    dst[d + len] != 0xEE || (d && dst[d - 1] != 0xEE)) {
					if (bad++ == 0)
						printk("    # so %d do %d len %u: left %lu\n", so,
						       d, (unsigned)len, left);
				}
			}
	KT_EXPECT_EQ(bad, 0);
}

/*
 * A source running into an unmapped kernel page: a page fault on a kernel
 * address at an MCE-safe load resumes at the fixup, and the count is that
 * of the aligned unit that faulted and all after it. 16 bytes from 6
 * before the hole: 2 head bytes, one long, then the long at the hole
 * faults: 10 left. From 5 before: 1 byte, one long: 11 left. mc_read_long
 * says 14 (page fault) there and 0 before it.
 */
static void unmapped_source(void)
{
	uint32_t hole = unmapped_after_mapped();
	uint8_t dst[32];
	unsigned long v = 0;

	KT_EXPECT(hole != 0);
	if (!hole)
		return;
	memset(dst, 0, sizeof(dst));
	KT_EXPECT_EQ(copy_mc_to_kernel(dst, (const void *)(hole - 6), 16), 10);
	KT_EXPECT_EQ(memcmp(dst, (const void *)(hole - 6), 6), 0);
	KT_EXPECT_EQ(copy_mc_to_kernel(dst, (const void *)(hole - 5), 16), 11);
	KT_EXPECT_EQ(copy_mc_to_kernel(dst, (const void *)hole, 16), 16);
	KT_EXPECT_EQ(copy_mc_to_kernel(dst, (const void *)(hole - 1), 1), 0);
	KT_EXPECT_EQ(copy_mc_to_kernel(dst, (const void *)(hole - 1), 2), 1);
	KT_EXPECT_EQ(mc_read_long(&v, (const unsigned long *)hole), T_PAGE_FAULT);
	KT_EXPECT_EQ(mc_read_long(&v, (const unsigned long *)(hole - 4)), 0);
	KT_EXPECT_EQ(v, *(const unsigned long *)(hole - 4));
}

/*
 * copy_mc_to_user into the user pages ending at UEND: a fault on a long
 * store falls back to bytes, so the count is exact: 16 bytes to UEND - 6
 * leave 10. A kernel destination is refused by access_ok (nothing moved).
 */
static void user_destination(void)
{
	uint8_t src[32], back[32];

	for (int i = 0; i < 32; i++)
		src[i] = (uint8_t)(0xA0 + i);
	poke_fill(UEND - 16, 0, 16);
	KT_EXPECT_EQ(copy_mc_to_user((void __user *)(UEND - 6), src, 16), 10);
	barrier();
	peek(UEND - 6, back, 6);
	KT_EXPECT_EQ(memcmp(back, src, 6), 0);
	KT_EXPECT_EQ(copy_mc_to_user((void __user *)(UEND - 7), src + 1, 16), 9);
	barrier();
	peek(UEND - 7, back, 7);
	KT_EXPECT_EQ(memcmp(back, src + 1, 7), 0);
	KT_EXPECT_EQ(copy_mc_to_user((void __user *)U, src, 32), 0);
	barrier();
	peek(U, back, 32);
	KT_EXPECT_EQ(memcmp(back, src, 32), 0);
	KT_EXPECT_EQ(copy_mc_to_user((void __user *)UEND, src, 8), 8);
	KT_EXPECT_EQ(copy_mc_to_user(NULL, src, 8), 8);
	KT_EXPECT_EQ(copy_mc_to_user((void __user *)(UEND - 6), src, 0), 0);
	KT_EXPECT_EQ(copy_mc_to_user((void __user *)(uintptr_t)back, src, 8), 8);
	KT_EXPECT_EQ(copy_mc_to_user((void __user *)(TASK_SIZE - 4), src, 8), 8);
}

/*
 * copy_mc_to_iter over kernel segments (ITER_KVEC) from a source that
 * runs into the unmapped page: short at the unit that faulted (16 bytes
 * from 6 before the hole: 6 copied), the iterator advanced by exactly
 * that; over user segments (ITER_IOVEC) a bad segment stops it as
 * copy_to_iter does.
 */
static void to_iter(void)
{
	uint32_t hole = unmapped_after_mapped();
	uint8_t a[5], b[20];
	struct kvec kv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct iovec iv[2] = { { (void __user *)(UEND - 4), 4 }, { (void __user *)UEND, 8 } };
	struct iov_iter it;
	uint8_t src[16];

	KT_EXPECT(hole != 0);
	if (!hole)
		return;
	iov_iter_kvec(&it, READ, kv, 2, sizeof(a) + sizeof(b));
	KT_EXPECT_EQ(copy_mc_to_iter((const void *)(hole - 6), 16, &it), 6);
	KT_EXPECT_EQ(iov_iter_count(&it), sizeof(a) + sizeof(b) - 6);
	KT_EXPECT_EQ(memcmp(a, (const void *)(hole - 6), 5), 0);
	KT_EXPECT_EQ(b[0], *(const uint8_t *)(hole - 1));
	KT_EXPECT_EQ(copy_mc_to_iter((const void *)(hole - 6), 16, &it), 6); /* no state kept */
	KT_EXPECT_EQ(iov_iter_count(&it), sizeof(a) + sizeof(b) - 12);

	memset(src, 0x42, sizeof(src));
	iov_iter_init(&it, READ, iv, 2, 12);
	KT_EXPECT_EQ(copy_mc_to_iter(src, sizeof(src), &it), 4);
	KT_EXPECT_EQ(iov_iter_count(&it), 8);
	iov_iter_kvec(&it, WRITE, kv, 2, sizeof(a));
	KT_EXPECT_EQ(copy_mc_to_iter(src, sizeof(src), &it), 0); /* a source iterator */
}

/* The poisoned-page record starts empty unless a machine check came. */
static void poison_record(void)
{
	uint64_t pages[MCE_MAX_POISON];
	int n = mce_poisoned_pages(pages, MCE_MAX_POISON);

	KT_EXPECT(n >= 0 && n <= MCE_MAX_POISON);
	if (!cmdline_mce_inject)
		KT_EXPECT_EQ(n, 0);
	KT_EXPECT(!mce_page_poisoned(0x7fff0000ull));
}

/*
 * mce_inject: copy 64 KiB with copy_mc_to_kernel, over and over, after
 * telling tests/run.py (on the log) the physical address of the source;
 * it injects an uncorrected, action-required error for that page through
 * the QEMU monitor. The copy that takes the #MC must come back short with
 * everything before the shortfall copied, the page must be recorded, and
 * the next copy must succeed.
 */
static void injected(void)
{
	if (!cmdline_mce_inject)
		KT_SKIP("needs mce_inject and tests/run.py's monitor");
	struct page *sp = alloc_pages(INJECT_PAGES), *dp = alloc_pages(INJECT_PAGES);
	KT_EXPECT(sp && dp);
	if (!sp || !dp)
		return;
	uint8_t *src = page_address(sp), *dst = page_address(dp);
	size_t len = INJECT_PAGES * PAGE_SIZE - 1;
	unsigned long left = 0;
	int round;

	for (size_t i = 0; i < INJECT_PAGES * PAGE_SIZE; i++)
		src[i] = (uint8_t)(i ^ (i >> 8));
	printk("mce: copy_mc: copying, source at phys %#x\n", (unsigned)page_to_phys(sp));
	for (round = 0; round < INJECT_ROUNDS && !left; round++)
		left = copy_mc_to_kernel(dst, src + 1, len);
	printk("    # machine check after %d copies: %lu of %u bytes not copied\n", round, left,
	       (unsigned)len);
	KT_EXPECT(left > 0 && left <= len);
	KT_EXPECT_EQ(memcmp(dst, src + 1, len - left), 0);
	KT_EXPECT(mce_page_poisoned(page_to_phys(sp)));
	KT_EXPECT(mce_page_poisoned(page_to_phys(sp) + PAGE_SIZE - 1));
	KT_EXPECT(!mce_page_poisoned(page_to_phys(sp) + PAGE_SIZE));
	KT_EXPECT_EQ(rdmsr(MSR_IA32_MCG_STATUS) & MCG_STATUS_MCIP, 0);
	KT_EXPECT_EQ(copy_mc_to_kernel(dst, src, len), 0); /* the kernel goes on */
	free_pages(sp, INJECT_PAGES);
	free_pages(dp, INJECT_PAGES);
}

static const struct ktest_case cases[] = {
	{ "boot_setup", boot_setup },
	{ "alignments", alignments },
	{ "unmapped_source", unmapped_source },
	{ "user_destination", user_destination },
	{ "to_iter", to_iter },
	{ "poison_record", poison_record },
	{ "injected", injected },
};
KTEST_SUITE(copy_mc, cases, .init = copy_mc_init, .exit = usermap_unload);
