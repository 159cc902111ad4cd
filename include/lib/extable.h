/*
 * The exception table (see arch/x86/include/asm/uaccess.h for the design).
 * Each entry pairs the address of an instruction that may fault with the
 * address of its fixup. lib/extable.c sorts the table by insn and searches it.
 */
#ifndef LIB_EXTABLE_H
#define LIB_EXTABLE_H

#include <stddef.h>

struct exception_table_entry {
	unsigned long insn;  /* address of the instruction that may fault */
	unsigned long fixup; /* where to resume when it does */
};

/* Sort entries [start, finish) by insn, ascending. */
void sort_extable(struct exception_table_entry *start, struct exception_table_entry *finish);
/* Returns 1 if entries [start, finish) are sorted by insn, else 0. */
int extable_is_sorted(const struct exception_table_entry *start,
		      const struct exception_table_entry *finish);
/* Binary search for insn == value. Returns the entry, or NULL. */
const struct exception_table_entry *search_extable(const struct exception_table_entry *base,
						   size_t num, unsigned long value);

#endif
