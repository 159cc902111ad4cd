/*
 * Kernel stacks with guard pages. Every process's kernel stack lives in
 * its own slot of a virtual area above the direct map, and the page below
 * each stack is never mapped:
 *
 *   KSTACK_AREA + slot * KSTACK_SLOT  -> guard page (not present)
 *                         + PAGE_SIZE -> the KSTACK_SIZE stack
 *
 * A kernel that runs off the bottom of a stack faults on the guard page;
 * the CPU cannot push that fault's frame on the same stack either, so it
 * raises a double fault, which a task gate takes to a stack of its own
 * (arch/x86/doublefault.c), and the oops names the overflow. Without the
 * guard the overflow would run on through whatever the direct map holds
 * below the stack. The boot stack (boot/entry.S) gets a guard page too.
 *
 * The area's page tables are static and entered in kpgdir by kstack_init
 * before any address space is created, so every page directory shares
 * them and a stack mapped later is visible everywhere.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/kstack.h>
#include <asm/x86.h>
#include <asm/mmu.h>

#define KSTACK_PAGES (KSTACK_SIZE / PAGE_SIZE)
#define KSTACK_SLOT (PAGE_SIZE + KSTACK_SIZE) /* guard page, then the stack */
#define KSTACK_AREA_SIZE (NPROC * KSTACK_SLOT)
#define KSTACK_PTS ((KSTACK_AREA_SIZE / PAGE_SIZE + NPTENTRIES - 1) / NPTENTRIES)

_Static_assert(KSTACK_AREA >= PAGE_OFFSET + MAX_DIRECT_MAP, "above the direct map");
_Static_assert(KSTACK_AREA % (4u << 20) == 0, "starts on a page-table boundary");

extern char boot_stack[], boot_stack_guard[];

static pte_t kstack_pt[KSTACK_PTS][NPTENTRIES] __aligned(PAGE_SIZE);

/* The page-table entry that maps va inside the stack area. */
static pte_t *kstack_pte(uint32_t va)
{
	uint32_t n = (va - KSTACK_AREA) / PAGE_SIZE;

	return &kstack_pt[n / NPTENTRIES][n % NPTENTRIES];
}

/* Enter the area's page tables in kpgdir and unmap the boot stack's
 * guard page. Call after vm_init, before the first pgdir_create. */
void kstack_init(void)
{
	for (unsigned int i = 0; i < KSTACK_PTS; i++)
		kpgdir[PDX(KSTACK_AREA) + i] = V2P(kstack_pt[i]) | PTE_P | PTE_W;
	pte_t *guard = walk_pgdir(kpgdir, (uint32_t)boot_stack_guard, false);
	if (!guard)
		panic("kstack_init: the boot stack is not mapped with small pages");
	*guard = 0;
	lcr3(V2P(kpgdir));
}

/* Map a fresh kernel stack in slot (a process-table index). Returns its
 * lowest address, or NULL when memory is out. */
char *kstack_alloc(int slot)
{
	struct page *pg = alloc_pages(KSTACK_PAGES);
	uint32_t base = KSTACK_AREA + slot * KSTACK_SLOT + PAGE_SIZE;

	if (!pg)
		return NULL;
	for (unsigned int i = 0; i < KSTACK_PAGES; i++)
		*kstack_pte(base + i * PAGE_SIZE) =
			(page_to_phys(pg) + i * PAGE_SIZE) | PTE_P | PTE_W;
	for (unsigned int i = 0; i < KSTACK_PAGES; i++)
		invlpg((void *)(base + i * PAGE_SIZE));
	return (char *)base;
}

/* Unmap and free the stack kstack_alloc returned. */
void kstack_free(char *stack)
{
	uint32_t base = (uint32_t)stack;
	struct page *pg = phys_to_page(PTE_ADDR(*kstack_pte(base)));

	for (unsigned int i = 0; i < KSTACK_PAGES; i++) {
		*kstack_pte(base + i * PAGE_SIZE) = 0;
		invlpg((void *)(base + i * PAGE_SIZE));
	}
	free_pages(pg, KSTACK_PAGES);
}

/* Is [a, a + 8) inside a mapped kernel stack page (for the backtrace)? */
bool kstack_mapped(uint32_t a)
{
	if (a >= (uint32_t)boot_stack && a + 8 <= (uint32_t)boot_stack + BOOT_STACK_SIZE)
		return true;
	if (a < KSTACK_AREA || a >= KSTACK_AREA + KSTACK_AREA_SIZE)
		return false;
	return (*kstack_pte(a) & PTE_P) && PGROUNDDOWN(a) == PGROUNDDOWN(a + 7);
}

/* If a lies in a guard page, the stack it guards: the process-table slot,
 * KSTACK_BOOT for the boot stack; otherwise -1. */
int kstack_guard_slot(uint32_t a)
{
	if (a >= (uint32_t)boot_stack_guard && a < (uint32_t)boot_stack_guard + PAGE_SIZE)
		return KSTACK_BOOT;
	if (a < KSTACK_AREA || a >= KSTACK_AREA + KSTACK_AREA_SIZE)
		return -1;
	if ((a - KSTACK_AREA) % KSTACK_SLOT >= PAGE_SIZE)
		return -1;
	return (a - KSTACK_AREA) / KSTACK_SLOT;
}
