/*
 * Kernel-only processes for the selftests: see kproc.h.
 */
#include <kernel/mm.h>
#include <kernel/vma.h>
#include "kproc.h"

static struct mm *kmm; /* the empty address space they all run on */

/* A runnable kernel-only process that starts in fn; NULL if none can be
 * had. */
struct proc *kproc(void (*fn)(void), const char *name)
{
	struct proc *p = proc_alloc();

	if (!p)
		return NULL;
	if (!kmm)
		kmm = mm_create();
	if (!kmm) {
		proc_free(p);
		return NULL;
	}
	p->mm = kmm;
	strlcpy(p->name, name, sizeof(p->name));
	p->context->eip = (uint32_t)fn;
	make_runnable(p);
	return p;
}

/* Become an autoreaped zombie and leave the CPU for good. */
void __noreturn kproc_exit(void)
{
	current->state = P_ZOMBIE;
	current->autoreap = true;
	sched();
	panic("kproc_exit: a zombie ran again");
}

/* Put the shared address space (made again by the next kproc). */
void kproc_mm_release(void)
{
	if (kmm) {
		mm_put(kmm);
		kmm = NULL;
	}
}

/* Returns whether every process slot is unused. */
bool all_gone(void *arg)
{
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state != P_UNUSED)
			return false;
	return true;
}
