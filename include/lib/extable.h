/*
 * The exception table (see arch/x86/include/asm/uaccess.h for the design).
 * Each entry pairs the address of an instruction that may fault with the
 * address of its fixup, and says by its type which faults may use it.
 * lib/extable.c sorts the table by insn, searches it and judges the type.
 */
#ifndef LIB_EXTABLE_H
#define LIB_EXTABLE_H

/*
 * Entry types, as Linux's EX_TYPE_*. The assembler emits them as numbers
 * (asm/asm.h), so they are plain macros.
 *   EX_TYPE_DEFAULT          resume at fixup: a kernel-address fault of
 *                            code that expects it (a segment reload, iret)
 *   EX_TYPE_UACCESS          a user access: resume at fixup; the only type
 *                            a fault on a user address may use
 *   EX_TYPE_DEFAULT_MCE_SAFE a machine-check-safe load: a #MC (or a #PF
 *                            on a kernel address) resumes at fixup
 *   EX_TYPE_FAULT_MCE_SAFE   the same, and eax gets the trap number
 */
#define EX_TYPE_NONE 0
#define EX_TYPE_DEFAULT 1
#define EX_TYPE_UACCESS 2
#define EX_TYPE_DEFAULT_MCE_SAFE 3
#define EX_TYPE_FAULT_MCE_SAFE 4
#define EX_TYPE_MAX 4 /* the highest known type */

#ifndef __ASSEMBLY__
#include <stddef.h>

/* What raised the exception that looks for a fixup. */
enum ex_cause {
	EX_CAUSE_PF_USER,   /* a page fault on a user address (< TASK_SIZE) */
	EX_CAUSE_PF_KERNEL, /* a page fault on a kernel address */
	EX_CAUSE_MCE,	    /* a machine check (vector 18) */
	EX_CAUSE_OTHER,	    /* any other exception: #GP, #NP, #SS, ... */
};

struct exception_table_entry {
	unsigned long insn;  /* address of the instruction that may fault */
	unsigned long fixup; /* where to resume when it does */
	unsigned long type;  /* EX_TYPE_*: which faults may resume there */
};

/* Sort entries [start, finish) by insn, ascending. */
void sort_extable(struct exception_table_entry *start, struct exception_table_entry *finish);
/* Returns 1 if entries [start, finish) are sorted by insn, else 0. */
int extable_is_sorted(const struct exception_table_entry *start,
		      const struct exception_table_entry *finish);
/* Binary search for insn == value. Returns the entry, or NULL. */
const struct exception_table_entry *search_extable(const struct exception_table_entry *base,
						   size_t num, unsigned long value);
/* Returns 1 if type is one of the EX_TYPE_* above (not NONE), else 0. */
int ex_type_known(unsigned long type);
/* The name of an entry type ("EX_TYPE_UACCESS"), or "EX_TYPE_?" if unknown. */
const char *ex_type_name(unsigned long type);
/* Returns 1 if an entry of this type may fix up an exception of this
 * cause, else 0 (then the exception is an oops or a panic). */
int ex_type_accepts(unsigned long type, enum ex_cause cause);
/* Returns 1 if an entry of this type is a machine-check-safe site. */
int ex_type_mce_safe(unsigned long type);

#endif /* __ASSEMBLY__ */

#endif
