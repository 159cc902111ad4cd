/*
 * Exception table sorting and search.
 *
 * Each entry says: if the instruction at insn faults, resume at fixup. The
 * page-fault handler looks up the faulting EIP here, so the table is kept
 * sorted by insn and searched by binary search: O(log n) in the fault path,
 * and no allocation. Entries are compared with < and >, never by
 * subtraction, which could overflow for addresses far apart.
 */
#include <stddef.h>
#include <lib/extable.h>
#include <lib/sort.h>

/* Order two entries by insn for sort(). Returns <0, 0 or >0. */
static int cmp_ex(const void *a, const void *b)
{
	unsigned long x = ((const struct exception_table_entry *)a)->insn;
	unsigned long y = ((const struct exception_table_entry *)b)->insn;

	return (x > y) - (x < y);
}

/* Sort entries [start, finish) by insn, ascending. */
void sort_extable(struct exception_table_entry *start, struct exception_table_entry *finish)
{
	if (finish > start)
		sort(start, (size_t)(finish - start), sizeof(*start), cmp_ex);
}

/* Returns 1 if entries [start, finish) are sorted by insn, else 0. */
int extable_is_sorted(const struct exception_table_entry *start,
		      const struct exception_table_entry *finish)
{
	const struct exception_table_entry *e;

	if (finish <= start)
		return 1;
	for (e = start + 1; e < finish; e++)
		if (e[-1].insn > e->insn)
			return 0;
	return 1;
}

/* Order a key (an unsigned long address) against an entry for bsearch(). */
static int cmp_key_ex(const void *key, const void *elem)
{
	unsigned long x = *(const unsigned long *)key;
	unsigned long y = ((const struct exception_table_entry *)elem)->insn;

	return (x > y) - (x < y);
}

/*
 * Binary search the num sorted entries at base for insn == value.
 * Returns the entry, or NULL if value is not in the table.
 */
const struct exception_table_entry *search_extable(const struct exception_table_entry *base,
						   size_t num, unsigned long value)
{
	if (num == 0)
		return NULL;
	return bsearch(&value, base, num, sizeof(*base), cmp_key_ex);
}

/* Returns 1 if type is one of the known EX_TYPE_* values, else 0. */
int ex_type_known(unsigned long type)
{
	return type >= EX_TYPE_DEFAULT && type <= EX_TYPE_MAX;
}

/* The name of an entry type, or "EX_TYPE_?" if unknown. */
const char *ex_type_name(unsigned long type)
{
	static const char *const names[EX_TYPE_MAX + 1] = {
		[EX_TYPE_DEFAULT] = "EX_TYPE_DEFAULT",
		[EX_TYPE_UACCESS] = "EX_TYPE_UACCESS",
		[EX_TYPE_DEFAULT_MCE_SAFE] = "EX_TYPE_DEFAULT_MCE_SAFE",
		[EX_TYPE_FAULT_MCE_SAFE] = "EX_TYPE_FAULT_MCE_SAFE",
	};

	return ex_type_known(type) ? names[type] : "EX_TYPE_?";
}

/* Returns 1 if an entry of this type is a machine-check-safe site. */
int ex_type_mce_safe(unsigned long type)
{
	return type == EX_TYPE_DEFAULT_MCE_SAFE || type == EX_TYPE_FAULT_MCE_SAFE;
}

/*
 * Which exceptions each type may fix up. A user-address page fault only
 * at a uaccess site; a kernel-address page fault at any site (a uaccess
 * routine given a kernel pointer by __get_user, a machine-check-safe copy
 * of an unmapped kernel page); a machine check only at an MCE-safe site;
 * any other exception only at a DEFAULT site (no user address can raise a
 * #GP on i386: segments are flat and there are no non-canonical
 * addresses). Returns 1 if accepted, else 0.
 */
int ex_type_accepts(unsigned long type, enum ex_cause cause)
{
	if (!ex_type_known(type))
		return 0;
	switch (cause) {
	case EX_CAUSE_PF_USER:
		return type == EX_TYPE_UACCESS;
	case EX_CAUSE_PF_KERNEL:
		return 1;
	case EX_CAUSE_MCE:
		return ex_type_mce_safe(type);
	case EX_CAUSE_OTHER:
		return type == EX_TYPE_DEFAULT;
	}
	return 0;
}
