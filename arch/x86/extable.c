/*
 * The exception table of the running kernel: the entries the assembler
 * collected in section __ex_table (see asm/uaccess.h). It is sorted by
 * instruction address once at boot, before the kernel's read-only data is
 * write-protected, and then searched by binary search on every kernel
 * fault that the page-fault handler could not resolve.
 */
#include <kernel/kernel.h>
#include <asm/uaccess.h>
#include <asm/trapframe.h>
#include <asm/arch.h>

/* Returns the number of entries in the kernel's exception table. */
static size_t table_size(void)
{
	return __stop___ex_table - __start___ex_table;
}

/* Sort the exception table once at boot; panics if it is still unsorted. */
void extable_init(void)
{
	sort_extable(__start___ex_table, __stop___ex_table);
	if (!extable_is_sorted(__start___ex_table, __stop___ex_table))
		panic("extable_init: exception table not sorted after sorting");
	pr_info("extable: %u entries\n", (unsigned)table_size());
}

/* Returns the table entry for the faulting instruction at addr, or NULL. */
const struct exception_table_entry *search_exception_tables(unsigned long addr)
{
	return search_extable(__start___ex_table, table_size(), addr);
}

/* If the trap's EIP has a fixup, resume there and return 1; else 0. */
int fixup_exception(struct trapframe *tf)
{
	const struct exception_table_entry *e = search_exception_tables(tf->eip);

	if (!e)
		return 0;
	tf->eip = e->fixup;
	return 1;
}
