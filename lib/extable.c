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
	/* LAB 3 BEGIN */
	unsigned long x = ((const struct exception_table_entry *)a)->insn;
	unsigned long y = ((const struct exception_table_entry *)b)->insn;

	return (x > y) - (x < y);
	/* LAB 3 STUB
	// LAB 3, exercise "Sort the table" (labs/03-extable/README.md):
	// compare the two entries' insn fields, without subtracting them.
	(void)a;
	(void)b;
	return 0;
	   LAB 3 END */
}

/* Sort entries [start, finish) by insn, ascending. */
void sort_extable(struct exception_table_entry *start, struct exception_table_entry *finish)
{
	/* LAB 3 BEGIN */
	if (finish > start)
		sort(start, (size_t)(finish - start), sizeof(*start), cmp_ex);
	/* LAB 3 STUB
	// LAB 3, exercise "Sort the table" (labs/03-extable/README.md):
	// sort [start, finish) with sort() from lib/sort.h and cmp_ex().
	(void)start;
	(void)finish;
	(void)cmp_ex;
	   LAB 3 END */
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

/*
 * Binary search the num sorted entries at base for insn == value: the
 * half-open range [lo, hi) still holds the entry if it is there at all.
 * Returns the entry, or NULL if value is not in the table.
 */
const struct exception_table_entry *search_extable(const struct exception_table_entry *base,
						   size_t num, unsigned long value)
{
	/* LAB 3 BEGIN */
	size_t lo = 0, hi = num;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (value < base[mid].insn)
			hi = mid;
		else if (value > base[mid].insn)
			lo = mid + 1;
		else
			return &base[mid];
	}
	return NULL;
	/* LAB 3 STUB
	// LAB 3, exercise "Search the table" (labs/03-extable/README.md):
	// a binary search of base[0..num) for the entry whose insn is value.
	(void)base;
	(void)num;
	(void)value;
	return NULL;
	   LAB 3 END */
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
