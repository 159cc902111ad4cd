/*
 * Selftests of the segment and fault-handling set-up: there is no LDT
 * (an LDT selector finds nothing even with a descriptor at linear 0 + 8,
 * where the CPU's reset-time LDT would have looked), the double-fault
 * task's TSS is in place, kernel stacks have unmapped guard pages, and
 * sigreturn's FPU check looks at MXCSR only in the fxsave layout.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <kernel/kstack.h>
#include <asm/x86.h>
#include <asm/mmu.h>

#define USER_DATA_DESC 0x00CFF2000000FFFFull /* flat, DPL 3, data r/w, present */
#define LDT_INDEX1_RPL3 ((1 << 3) | SEL_TI | SEL_RPL)
#define AR_PRESENT 0x8000
#define AR_DPL3 0x6000
#define AR_TYPE_MASK 0x1F00
#define AR_TSS_AVAILABLE 0x0900

static void no_ldt(void)
{
	KT_EXPECT_EQ(sldt(), SEG_NULL);
	struct mm *mm = mm_create();
	struct page *pg = alloc_zeroed_page();
	KT_EXPECT(mm && pg);
	if (!mm || !pg)
		return;
	((uint64_t *)page_address(pg))[1] = USER_DATA_DESC;
	KT_EXPECT_EQ(vm_map(mm->pgdir, 0, pg, PTE_U | PTE_W), 0);
	switch_pgdir(mm->pgdir);
	int32_t ldt = lar(LDT_INDEX1_RPL3);
	int32_t gdt = lar(SEG_UDATA);
	switch_pgdir(kpgdir);
	mm_destroy(mm);
	KT_EXPECT_EQ(ldt, -1);
	/* lar itself works: the GDT's user data segment is there */
	KT_EXPECT(gdt != -1 && (gdt & AR_PRESENT) && (gdt & AR_DPL3) == AR_DPL3);
}

static void double_fault_tss(void)
{
	int32_t ar = lar(SEG_DFTSS);

	KT_EXPECT(ar != -1);
	KT_EXPECT_EQ(ar & AR_TYPE_MASK, AR_TSS_AVAILABLE); /* not busy: never entered */
	KT_EXPECT(ar & AR_PRESENT);
	KT_EXPECT_EQ(ar & AR_DPL3, 0);
}

static void stack_guards(void)
{
	struct proc *p = proc_alloc();

	KT_EXPECT(p != NULL);
	if (!p)
		return;
	uint32_t base = (uint32_t)p->kstack;
	KT_EXPECT(kstack_mapped(base));
	KT_EXPECT(kstack_mapped(base + KSTACK_SIZE - 8));
	KT_EXPECT(!kstack_mapped(base - 8));
	KT_EXPECT_EQ(kstack_guard_slot(base - 4), (int)(p - proc_table));
	KT_EXPECT_EQ(kstack_guard_slot(base - PAGE_SIZE), (int)(p - proc_table));
	KT_EXPECT_EQ(kstack_guard_slot(base), -1);
	KT_EXPECT(vm_lookup(kpgdir, base - PAGE_SIZE, NULL) == 0);
	p->kstack[0] = 1; /* the stack itself is writable */
	p->kstack[KSTACK_SIZE - 1] = 1;
	uint32_t before = nr_free_pages();
	proc_free(p);
	KT_EXPECT_EQ(nr_free_pages(), before + KSTACK_SIZE / PAGE_SIZE);
	KT_EXPECT(!kstack_mapped(base));
}

static void fpu_layouts(void)
{
	uint8_t img[512];
	uint32_t all = 0xFFFFFFFFu, masks = 0x1F80; /* MXCSR at reset */

	memset(img, 0x5A, sizeof(img));
	memcpy(img + 24, &all, 4);
	KT_EXPECT_EQ(fpu_check_layout(img, false), 0);	    /* fnsave: offset 24 is FOS */
	KT_EXPECT_EQ(fpu_check_layout(img, true), -EINVAL); /* fxsave: reserved MXCSR bits */
	memcpy(img + 24, &masks, 4);
	KT_EXPECT_EQ(fpu_check_layout(img, true), 0);
}

static const struct ktest_case cases[] = {
	{ "no_ldt", no_ldt },
	{ "double_fault_tss", double_fault_tss },
	{ "stack_guards", stack_guards },
	{ "fpu_layouts", fpu_layouts },
};
KTEST_SUITE(segments, cases);
