/*
 * panic() and the backtrace machinery. Every function keeps a frame
 * pointer (-fno-omit-frame-pointer), so the frames form a list:
 *   [ebp]   the caller's ebp      [ebp+4] the return address
 * We follow it while each next ebp is a frame we may read (frame_ok): 4-byte
 * aligned, above the frame before it, and inside a mapped kernel stack
 * (kernel/kstack.c) or RAM's part of the direct map. That ends the walk at
 * the 0 that boot/entry.S puts in ebp, and at the top of a process's
 * kernel stack, where the chain reaches the user's ebp saved by the trap
 * entry. A zero return address also ends it, and backtrace_from prints at
 * most BACKTRACE_MAX_FRAMES. Each return address is named with the symbol table that
 * tools/gensyms.py embedded into .rodata at build time.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <asm/x86.h>
#include <asm/mmu.h>
#include <lib/sort.h>
#include <kernel/kstack.h>

#define BACKTRACE_MAX_FRAMES 32 /* backtrace_from prints no more */

extern const uint32_t ksyms_count;
extern const uint32_t ksyms_addrs[];
extern const uint32_t ksyms_names[];
extern const char ksyms_strtab[];

/*
 * Order an address against symbol i for bsearch(): symbol i covers
 * [ksyms_addrs[i], ksyms_addrs[i + 1]), the last one up to _etext.
 */
static int cmp_sym(const void *key, const void *elem)
{
	unsigned long addr = *(const unsigned long *)key;
	const uint32_t *a = elem;

	if (addr < *a)
		return -1;
	if (a + 1 < ksyms_addrs + ksyms_count && addr >= a[1])
		return 1;
	return 0;
}

/* Returns the name of the function containing addr and sets *offset, or
 * NULL when addr is outside the kernel text. */
const char *ksym_lookup(unsigned long addr, unsigned long *offset)
{
	const uint32_t *a;

	if (addr < (unsigned long)_kernel_start || addr >= (unsigned long)_etext ||
	    ksyms_count == 0)
		return NULL;
	a = bsearch(&addr, ksyms_addrs, ksyms_count, sizeof(ksyms_addrs[0]), cmp_sym);
	if (!a)
		return NULL;
	if (offset)
		*offset = addr - *a;
	return ksyms_strtab + ksyms_names[a - ksyms_addrs];
}

/* Print one backtrace line: eip and the function+offset it lies in. */
static void print_frame(unsigned long eip)
{
	unsigned long off;
	const char *name = ksym_lookup(eip, &off);

	if (name)
		printk("  [<%08lx>] %s+0x%lx\n", eip, name, off);
	else
		printk("  [<%08lx>] ?\n", eip);
}

/* Is ebp a frame pointer we may follow after prev (the frame before it,
 * 0 for the first)? Frames go up the stack, and lie in a mapped kernel
 * stack or in RAM's part of the direct map. That stops a walk at the top
 * of the kernel stack, where the chain reaches the user's ebp saved by
 * the trap entry: a user value, which may be any address at all. */
static bool frame_ok(unsigned long ebp, unsigned long prev)
{
	unsigned long ram = (unsigned long)max_low_pfn << PAGE_SHIFT; /* low memory */
	bool direct = ebp >= PAGE_OFFSET && ebp - PAGE_OFFSET + 8 <= ram;

	if ((ebp & 3) || (prev && ebp <= prev))
		return false;
	return direct || kstack_mapped(ebp);
}

/* Save the return addresses of the current call chain; see kernel.h.
 * Returns how many were stored. */
int stack_trace_save(unsigned long *out, int max, int skip)
{
	unsigned long ebp = (unsigned long)__builtin_frame_address(0);
	unsigned long prev = 0;
	int n = 0;

	while (n < max && frame_ok(ebp, prev)) {
		unsigned long ret = ((unsigned long *)ebp)[1];
		prev = ebp;
		ebp = ((unsigned long *)ebp)[0];
		if (!ret)
			break;
		if (skip > 0)
			skip--;
		else
			out[n++] = ret;
	}
	if (n < max)
		out[n] = 0;
	return n;
}

/* Print a saved list of return addresses, one symbolized line each. */
void stack_trace_print(const unsigned long *entries, int max)
{
	for (int i = 0; i < max && entries[i]; i++)
		print_frame(entries[i]);
}

/* Print "Call trace:" and the chain of calls that led to our caller. */
void dump_stack(void)
{
	unsigned long ebp = (unsigned long)__builtin_frame_address(0);

	backtrace_from(((unsigned long *)ebp)[1], ((unsigned long *)ebp)[0]);
}

/* Print the call trace from eip up the frame-pointer chain at ebp, at most
 * BACKTRACE_MAX_FRAMES frames, stopping at a zero return address or a frame outside the
 * kernel stacks. */
void backtrace_from(unsigned long eip, unsigned long ebp)
{
	printk("Call trace:\n");
	print_frame(eip);
	/* LAB 1 BEGIN */
	unsigned long prev = 0;

	for (int depth = 0; depth < BACKTRACE_MAX_FRAMES; depth++) {
		if (!frame_ok(ebp, prev))
			break;
		unsigned long ret = ((unsigned long *)ebp)[1];
		prev = ebp;
		ebp = ((unsigned long *)ebp)[0];
		if (!ret)
			break;
		print_frame(ret);
	}
	/* LAB 1 STUB
	// LAB 1, exercise "Walk the frame pointers" (labs/01-boot-gdb/README.md):
	// print_frame() each return address up the chain that starts at ebp,
	// while frame_ok() allows, at most BACKTRACE_MAX_FRAMES of them.
	(void)ebp;
	   LAB 1 END */
}

/* Print "panic: " and the message, a backtrace, and halt for good.
 * For broken kernel invariants only. Does not return. */
void panic(const char *fmt, ...)
{
	va_list ap;

	cli();
	printk("\npanic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	backtrace_from((unsigned long)__builtin_return_address(0), read_ebp());
	printk("---[ end kernel panic ]---\n");
	power_off(POWER_OFF_PANIC);
}
