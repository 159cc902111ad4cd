/*
 * The user address space of the uaccess and iov_iter selftests; the map is
 * in usermap.h. Its pages are allocated here and mapped by hand (vm_map),
 * with VMAs that match, and freed by mm_destroy() in usermap_unload().
 */
#include <kernel/mm.h>
#include <kernel/vma.h>
#include "usermap.h"

struct mm *usermap_mm;
static struct page *rw_page[2], *ro_page;

int usermap_load(bool readonly_page)
{
	struct mm *mm = mm_create();

	if (!mm)
		return -1;
	rw_page[0] = alloc_zeroed_page();
	rw_page[1] = alloc_zeroed_page();
	ro_page = readonly_page ? alloc_zeroed_page() : NULL;
	if (!rw_page[0] || !rw_page[1] || (readonly_page && !ro_page))
		panic("usermap_load: out of pages");
	if (vm_map(mm->pgdir, U, rw_page[0], PTE_U | PTE_W) ||
	    vm_map(mm->pgdir, U + PAGE_SIZE, rw_page[1], PTE_U | PTE_W) ||
	    (readonly_page && vm_map(mm->pgdir, R, ro_page, PTE_U)) ||
	    vma_add(mm, U, UEND, VM_READ | VM_WRITE) ||
	    (readonly_page && vma_add(mm, R, R + PAGE_SIZE, VM_READ)))
		panic("usermap_load: cannot build the test mm");
	usermap_mm = mm;
	switch_pgdir(mm->pgdir);
	return 0;
}

void usermap_unload(void)
{
	if (!usermap_mm)
		return;
	switch_pgdir(kpgdir);
	mm_destroy(usermap_mm);
	usermap_mm = NULL;
	rw_page[0] = rw_page[1] = ro_page = NULL;
}

uint8_t *uk(uint32_t a)
{
	if (ro_page && a >= R && a < R + PAGE_SIZE)
		return (uint8_t *)page_address(ro_page) + (a - R);
	BUG_ON(a < U || a >= UEND);
	return (uint8_t *)page_address(rw_page[(a - U) / PAGE_SIZE]) + a % PAGE_SIZE;
}

void peek(uint32_t a, void *buf, size_t n)
{
	for (uint8_t *b = buf; n;) {
		size_t chunk = min(n, PAGE_SIZE - a % PAGE_SIZE);
		memcpy(b, uk(a), chunk);
		a += chunk, b += chunk, n -= chunk;
	}
}

void poke(uint32_t a, const void *buf, size_t n)
{
	for (const uint8_t *b = buf; n;) {
		size_t chunk = min(n, PAGE_SIZE - a % PAGE_SIZE);
		memcpy(uk(a), b, chunk);
		a += chunk, b += chunk, n -= chunk;
	}
}

void poke_fill(uint32_t a, int c, size_t n)
{
	while (n) {
		size_t chunk = min(n, PAGE_SIZE - a % PAGE_SIZE);
		memset(uk(a), c, chunk);
		a += chunk, n -= chunk;
	}
}
