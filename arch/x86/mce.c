/*
 * Machine checks, as Linux's arch/x86/kernel/cpu/mce/core.c, small.
 *
 * At boot, where CPUID has MCE and MCA, every error-reporting bank is
 * switched on (MCG_CTL and each MCi_CTL all ones), its stale status is
 * cleared, and CR4.MCE is set: from then on an uncorrected error raises
 * #MC (vector 18) instead of shutting the machine down.
 *
 * On #MC the handler reads MCG_STATUS and every bank, clears what it read
 * and MCIP, and decides as Linux's do_machine_check:
 *   - kernel mode, EIP at an EX_TYPE_*_MCE_SAFE exception-table entry
 *     (a copy_mc load), no processor context corrupt: record the poisoned
 *     page (as memory_failure marks it HWPoison) and resume at the fixup,
 *     which returns the short count;
 *   - user mode: record the page and send the process SIGBUS with si_code
 *     BUS_MCEERR_AR and si_addr the page of its own that holds the poison;
 *   - anywhere else: the decoded report and "Kernel panic - not syncing:
 *     Fatal machine check".
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/pmem.h>
#include <kernel/vma.h>
#include <asm/arch.h>
#include <asm/fpu.h>
#include <asm/mce.h>
#include <asm/mmu.h>
#include <asm/trapframe.h>
#include <asm/uaccess.h>
#include <asm/x86.h>

#define HW_ERR "mce: [Hardware Error]: "
#define BUS_MCEERR_AR 4	   /* si_code: action-required memory error (Linux) */
#define MCACOD_MASK 0xffff /* MCi_STATUS: the architectural error code */
#define MCE_POISON_LINE 64 /* what one poisoned load reports: a cache line */

static int nbanks;			  /* banks enabled by mce_init; 0: machine checks off */
static uint64_t poisoned[MCE_MAX_POISON]; /* page addresses, oldest first */
static int npoisoned;

/* One bank's error as the handler read it. */
struct mce_bank {
	int bank;
	uint64_t status, addr, misc;
};

/* Returns the number of banks mce_init enabled (0: machine checks off). */
int mce_banks(void)
{
	return nbanks;
}

/* Enable machine-check reporting where CPUID has MCE and MCA. */
void mce_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID_EDX_MCE) || !(d & CPUID_EDX_MCA)) {
		pr_info("mce: not supported\n");
		return;
	}
	uint64_t cap = rdmsr(MSR_IA32_MCG_CAP);
	int n = (int)(cap & MCG_BANKCNT_MASK);

	if (n > MCE_MAX_BANKS)
		n = MCE_MAX_BANKS;
	if (cap & MCG_CTL_P)
		wrmsr(MSR_IA32_MCG_CTL, ~0ull);
	for (int i = 0; i < n; i++) {
		wrmsr(MSR_IA32_MCx_CTL(i), ~0ull);
		wrmsr(MSR_IA32_MCx_STATUS(i), 0);
	}
	wrmsr(MSR_IA32_MCG_STATUS, 0);
	lcr4(rcr4() | CR4_MCE);
	nbanks = n;
	pr_info("mce: %d banks%s%s\n", n, (cap & MCG_CTL_P) ? ", MCG_CTL" : "",
		(cap & MCG_SER_P) ? ", software error recovery" : "");
}

/* Returns true if the physical page holding paddr was reported poisoned. */
bool mce_page_poisoned(uint64_t paddr)
{
	uint64_t page = paddr & ~(uint64_t)(PAGE_SIZE - 1);

	for (int i = 0; i < npoisoned && i < MCE_MAX_POISON; i++)
		if (poisoned[i] == page)
			return true;
	return false;
}

/* Copy at most max recorded poisoned pages to out; returns how many
 * there are in all (at most MCE_MAX_POISON). */
int mce_poisoned_pages(uint64_t *out, int max)
{
	for (int i = 0; i < npoisoned && i < max; i++)
		out[i] = poisoned[i];
	return npoisoned;
}

/* Remember the page holding paddr as poisoned, as memory_failure marks it
 * HWPoison; logs it once. The table keeps the first MCE_MAX_POISON. The
 * cache line goes to /dev/pmem0's bad ranges too (if it is there), as
 * Linux's nfit_handle_mce adds it to the pmem badblocks. */
static void record_poison(uint64_t paddr)
{
	uint64_t page = paddr & ~(uint64_t)(PAGE_SIZE - 1);

	pmem_record_poison(paddr & ~(uint64_t)(MCE_POISON_LINE - 1), MCE_POISON_LINE);

	if (mce_page_poisoned(page))
		return;
	printk("Memory failure: %#llx: page marked poisoned\n", page >> PAGE_SHIFT);
	if (npoisoned < MCE_MAX_POISON)
		poisoned[npoisoned++] = page;
}

/* Print the names of the set MCi_STATUS bits, as Linux's decoders do. */
static void print_status_bits(uint64_t s)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} bits[] = {
		{ MCI_STATUS_VAL, "VAL" },     { MCI_STATUS_OVER, "OVER" },
		{ MCI_STATUS_UC, "UC" },       { MCI_STATUS_EN, "EN" },
		{ MCI_STATUS_MISCV, "MISCV" }, { MCI_STATUS_ADDRV, "ADDRV" },
		{ MCI_STATUS_PCC, "PCC" },     { MCI_STATUS_S, "S" },
		{ MCI_STATUS_AR, "AR" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if (s & bits[i].bit)
			printk(" %s", bits[i].name);
	printk(" MCACOD %#06llx\n", s & MCACOD_MASK);
}

/* Print one bank's error as Linux's print_mce, plus the decoded bits. */
static void print_mce(const struct trapframe *tf, uint64_t mcg, const struct mce_bank *m)
{
	unsigned long off = 0;
	const char *fn = ksym_lookup(tf->eip, &off);

	printk(HW_ERR "CPU 0: Machine Check%s: %llx Bank %d: %016llx\n",
	       (mcg & MCG_STATUS_MCIP) ? " Exception" : "", mcg, m->bank, m->status);
	printk(HW_ERR "RIP%s %02x:<%08x>", (mcg & MCG_STATUS_EIPV) ? "" : " !INEXACT!",
	       (unsigned)(tf->cs & 0xffff), (unsigned)tf->eip);
	if (!tf_from_user(tf) && fn)
		printk(" {%s+%#lx}", fn, off);
	printk("\n");
	printk(HW_ERR "TSC %llx", cpu_has_tsc ? rdtsc() : 0ull);
	if (m->status & MCI_STATUS_ADDRV)
		printk(" ADDR %llx", m->addr);
	if (m->status & MCI_STATUS_MISCV)
		printk(" MISC %llx", m->misc);
	printk("\n");
	printk(HW_ERR "Bank %d: STATUS %016llx:", m->bank, m->status);
	print_status_bits(m->status);
}

/* Print every bank read and the verdict, then stop the machine as Linux's
 * mce_panic. Does not return. */
static void __attribute__((noreturn))
mce_panic(const struct trapframe *tf, uint64_t mcg, const struct mce_bank *banks, int n,
	  const char *why)
{
	cli();
	if (n == 0) {
		struct mce_bank none = { 0, 0, 0, 0 };
		print_mce(tf, mcg, &none);
	}
	for (int i = 0; i < n; i++)
		print_mce(tf, mcg, &banks[i]);
	printk(HW_ERR "Machine check: %s\n", why);
	printk("Kernel panic - not syncing: Fatal machine check\n");
	backtrace_from(tf->eip, tf->ebp);
	printk("---[ end Kernel panic - not syncing: Fatal machine check ]---\n");
	power_off(POWER_OFF_PANIC);
}

/* Returns the user address in mm that maps the physical page of paddr,
 * or 0 if none does. */
static uint32_t user_address_of(struct mm *mm, uint64_t paddr)
{
	uint32_t page = (uint32_t)(paddr & ~(uint64_t)(PAGE_SIZE - 1));

	if (!mm || paddr >> 32)
		return 0;
	for (struct vma *v = mm->vmas; v; v = v->next)
		for (uint32_t va = v->start; va < v->end; va += PAGE_SIZE) {
			pte_t *pte = walk_pgdir(mm->pgdir, va, false);
			if (pte && (*pte & PTE_P) && PTE_ADDR(*pte) == page)
				return va;
		}
	return 0;
}

/* Vector 18: read and clear the banks, then recover at an MCE-safe fixup,
 * signal the user process, or panic with the decoded report. */
void do_machine_check(struct trapframe *tf)
{
	struct mce_bank banks[MCE_MAX_BANKS];
	const struct mce_bank *worst = NULL;
	int n = 0;
	uint64_t mcg = nbanks ? rdmsr(MSR_IA32_MCG_STATUS) : 0;

	for (int i = 0; i < nbanks; i++) {
		uint64_t s = rdmsr(MSR_IA32_MCx_STATUS(i));
		if (!(s & MCI_STATUS_VAL))
			continue;
		banks[n] = (struct mce_bank){ i, s, 0, 0 };
		if (s & MCI_STATUS_ADDRV)
			banks[n].addr = rdmsr(MSR_IA32_MCx_ADDR(i));
		if (s & MCI_STATUS_MISCV)
			banks[n].misc = rdmsr(MSR_IA32_MCx_MISC(i));
		wrmsr(MSR_IA32_MCx_STATUS(i), 0);
		if ((s & MCI_STATUS_UC) && (!worst || (s & MCI_STATUS_PCC)))
			worst = &banks[n];
		n++;
	}
	if (nbanks)
		wrmsr(MSR_IA32_MCG_STATUS, 0); /* MCIP off: the next #MC may come */

	if (!n)
		mce_panic(tf, mcg, banks, n, "Machine check from unknown source");
	if (!worst) {
		/* only corrected errors: nothing to recover, log and go on */
		for (int i = 0; i < n; i++)
			printk(HW_ERR "corrected error, bank %d, status %016llx\n", banks[i].bank,
			       banks[i].status);
		return;
	}
	if (worst->status & MCI_STATUS_PCC)
		mce_panic(tf, mcg, banks, n, "Processor context corrupt");
	if (!(mcg & (MCG_STATUS_RIPV | MCG_STATUS_EIPV)))
		mce_panic(tf, mcg, banks, n, "Neither restart nor error IP");

	if (tf_from_user(tf) && current) {
		uint32_t va = 0;
		if (worst->status & MCI_STATUS_ADDRV) {
			record_poison(worst->addr);
			va = user_address_of(current->mm, worst->addr);
		}
		printk(HW_ERR "pid %d (%s): uncorrected memory error in user mode: SIGBUS\n",
		       current->pid, current->name);
		if (va)
			force_signal(current, SIGBUS, BUS_MCEERR_AR, va);
		else
			force_signal(current, SIGBUS, SI_KERNEL, 0);
		return;
	}
	const struct exception_table_entry *e = search_exception_tables(tf->eip);
	if (!tf_from_user(tf) && (mcg & MCG_STATUS_EIPV) && e && ex_type_mce_safe(e->type)) {
		unsigned long off = 0;
		const char *fn = ksym_lookup(tf->eip, &off);
		printk(HW_ERR "recovered: machine check in %s+%#lx resumes at its fixup\n",
		       fn ? fn : "?", off);
		if (worst->status & MCI_STATUS_ADDRV)
			record_poison(worst->addr);
		if (fixup_exception(tf, EX_CAUSE_MCE))
			return;
	}
	mce_panic(tf, mcg, banks, n,
		  "Action required: data load in error *un*recoverable area of kernel");
}
