/*
 * The oops report: what the kernel prints when it faults where it never
 * should (a CPU exception in kernel mode with no exception-table entry).
 * Registers, CR2, the cause decoded in words (the page-fault error code,
 * the selector of a #GP, what made a double fault), a named backtrace,
 * and then the machine stops.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <asm/arch.h>
#include <asm/trapframe.h>
#include <asm/x86.h>
#include <asm/mmu.h>
#include <asm/traps.h>
#include <asm/cpufeature.h>

#define SEL_WORD 0xffff /* a selector's 16 bits in its 32-bit trapframe slot */

/* The rule a kernel-mode fault on a user page broke, if any. */
static const struct violation {
	const char *name, *rule;
} smep_violation = { "SMEP violation: ", "the kernel may not execute a user page" },
  smap_violation = { "SMAP violation: ", "a user page touched outside user_access_begin()/"
					 "user_access_end() (EFLAGS.AC clear)" };

/* Returns the rule a protection fault of tf at addr broke, or NULL: a
 * kernel-mode access to a present user page is an SMEP violation when it
 * was an instruction fetch with SMEP on, an SMAP violation when it was a
 * data access with SMAP on and EFLAGS.AC clear (outside the window). */
static const struct violation *smap_smep_violation(const struct trapframe *tf, uint32_t addr)
{
	if ((tf->err & (PF_PROT | PF_USER)) != PF_PROT || addr >= TASK_SIZE)
		return NULL;
	if (tf->err & PF_INSTR)
		return cpu_feature_enabled(X86_FEATURE_SMEP) ? &smep_violation : NULL;
	if (cpu_feature_enabled(X86_FEATURE_SMAP) && !(tf->eflags & FL_AC))
		return &smap_violation;
	return NULL;
}

/* Write into buf (n bytes) the page-fault error code err in words:
 * "kernel-mode write to a not-present page". */
static void decode_pf_error(uint32_t err, char *buf, size_t n)
{
	const char *who = err & PF_USER ? "user-mode" : "kernel-mode";
	const char *what = err & PF_INSTR   ? "instruction fetch from"
			   : err & PF_WRITE ? "write to"
					    : "read from";
	const char *page = err & PF_PROT ? "a protected page" : "a not-present page";

	snprintf(buf, n, "%s %s %s%s", who, what, page, err & PF_RSVD ? " (reserved bit set)" : "");
}

/* Everything after the first line of the report, then power off. sp is
 * the stack pointer at the fault; why, if not NULL, the decoded cause. */
static void __noreturn report(const struct trapframe *tf, uint32_t sp, const char *why)
{
	uint32_t cr2 = rcr2();
	unsigned long off;
	const char *fn = ksym_lookup(tf->eip, &off);

	if (why)
		printk("BUG: %s\n", why);
	printk("EIP: %04x:%08x %s+0x%lx  EFLAGS: %08x\n", tf->cs & SEL_WORD, tf->eip, fn ? fn : "?",
	       fn ? off : 0, tf->eflags);
	printk("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
	printk("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", tf->esi, tf->edi, tf->ebp, sp);
	printk("DS: %04x ES: %04x FS: %04x GS: %04x\n", tf->ds & SEL_WORD, tf->es & SEL_WORD,
	       tf->fs & SEL_WORD, tf->gs & SEL_WORD);
	printk("CR0: %08x CR2: %08x CR3: %08x CR4: %08x\n", rcr0(), cr2, rcr3(), rcr4());
	if (current)
		printk("Process: pid %d (%s)\n", current->pid, current->name);
	backtrace_from(tf->eip, tf->ebp);
	printk("---[ end trace ]---\n");
	power_off(POWER_OFF_OOPS);
}

/* The oops report for tf: the first line names what (an exception), then
 * the cause decoded (page fault, selector), registers and backtrace; then
 * the machine powers off. Does not return. */
void oops(struct trapframe *tf, const char *what)
{
	char why[128];
	const struct violation *v = NULL;

	cli();
	printk("\nOops: %s (trap %u, error code 0x%x)\n", what, tf->trapno, tf->err);
	if (tf->trapno == T_PAGE_FAULT) {
		char how[72];
		decode_pf_error(tf->err, how, sizeof(how));
		v = smap_smep_violation(tf, rcr2());
		snprintf(why, sizeof(why), "%s%s at address 0x%08x", v ? v->name : "", how, rcr2());
	} else if (tf->trapno >= T_TS && tf->trapno <= T_GP && tf->err) {
		/* #TS, #NP, #SS, #GP: the error code names a selector or gate */
		snprintf(why, sizeof(why), "selector 0x%04x (%s index %u) cannot be used", tf->err,
			 tf->err & SELERR_IDT  ? "IDT"
			 : tf->err & SELERR_TI ? "LDT"
					       : "GDT",
			 tf->err >> SELERR_INDEX_SHIFT);
	} else {
		why[0] = 0;
	}
	if (v) { /* the cause, then the rule */
		printk("BUG: %s\n", why);
		report(tf, tf_sp(tf), v->rule);
	}
	report(tf, tf_sp(tf), why[0] ? why : NULL);
}

/* The double-fault report: the state the CPU saved when it switched to
 * the double-fault task (arch/x86/doublefault.c). */
void oops_double_fault(const struct trapframe *tf, uint32_t sp, const char *why)
{
	printk("\nOops: double fault (trap %u, error code 0x%x)\n", tf->trapno, tf->err);
	report(tf, sp, why);
}
