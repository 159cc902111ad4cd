/*
 * The highmem interface (include/kernel/highmem.h) on a kernel whose RAM
 * all lies in the direct map: every page is low, so each mapping call is
 * page_address() and takes no slot.
 */
#include <kernel/highmem.h>

/* Returns whether page lies above the direct map: never, here. */
bool PageHighMem(const struct page *page)
{
	(void)page;
	return false;
}

/* Returns page's kernel address; the direct map needs no slot. */
void *kmap(struct page *page)
{
	might_sleep();
	return page_address(page);
}

/* Nothing to undo for a direct-map page. */
void kunmap(struct page *page)
{
	(void)page;
}

/* Returns page's kernel address; the direct map needs no slot. */
void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

/* Nothing to undo for a direct-map page. */
void kunmap_local(const void *addr)
{
	(void)addr;
}

/* A zeroed page for user or file data: all memory is low here. */
struct page *alloc_highuser_page(void)
{
	return alloc_user_page();
}
