/*
 * The out-of-memory killer. When a page fault from user mode cannot get
 * a page, the process to kill is the one holding the most user pages, as
 * Linux's OOM killer chooses by size, not the process that happened to
 * fault: a small process must not die for a big one's appetite. init
 * (pid 1) is never chosen. While the last victim is still dying, no
 * other is chosen: the faulting process waits for its memory and retries
 * the access. A victim that has not gone after OOM_WAIT_TICKS is passed
 * over and the next biggest is chosen, so that one process that cannot
 * die (asleep where SIGKILL does not wake it) cannot stop the others.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/vma.h>
#include <asm/mmu.h>
#include <asm/arch.h>

#define OOM_WAIT_TICKS (HZ / 2)

static struct proc *dying; /* the last victim, while it has memory */
static pid_t dying_pid;
static uint64_t dying_since; /* jiffies when it was sent SIGKILL */

/* Returns the number of pages mm's user page tables hold. */
static uint32_t mm_pages(struct mm *mm)
{
	uint32_t n = 0;

	for (uint32_t pdx = 0; pdx < PDX(TASK_SIZE); pdx++) {
		pde_t pde = mm->pgdir[pdx];
		if (!(pde & PTE_P))
			continue;
		pte_t *pt = P2V(PTE_ADDR(pde));
		for (int i = 0; i < NPTENTRIES; i++)
			if (PTE_HAS_PAGE(pt[i]))
				n++;
	}
	return n;
}

/* Returns true if p is alive and holds an address space. */
static bool has_memory(struct proc *p)
{
	return p->mm && p->state != P_UNUSED && p->state != P_ZOMBIE && p->state != P_EMBRYO;
}

/* Frees memory for current, whose user page fault found none: sends
 * SIGKILL to the process with the most user pages (or waits for the last
 * victim while it is dying). Returns true if current may retry the
 * access once the scheduler has run the victim; false if current itself
 * is the victim (it has been sent SIGKILL). */
bool oom_kill(void)
{
	struct proc *victim = NULL;
	uint32_t most = 0;
	bool stuck = false;

	if (dying && dying != current && dying->pid == dying_pid && has_memory(dying)) {
		if (jiffies - dying_since < OOM_WAIT_TICKS)
			return true; /* wait for it */
		stuck = true;	     /* it did not go: pass it over */
	}
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (!has_memory(p) || p->pid == 1 || (stuck && p == dying))
			continue;
		uint32_t n = mm_pages(p->mm);
		if (n > most) {
			most = n;
			victim = p;
		}
	}
	if (!victim)
		victim = current;
	printk("mica: out of memory: killed pid %d (%s), %u pages\n", victim->pid, victim->name,
	       most);
	send_signal(victim, SIGKILL);
	dying = victim;
	dying_pid = victim->pid;
	dying_since = jiffies;
	return victim != current;
}
