/*
 * Kernel-only processes for the selftests that need a scheduler (run
 * from kmain's context with sched_run_until, before init starts): each
 * starts in a kernel function on its own stack, on one shared empty
 * address space, and ends with kproc_exit.
 */
#ifndef TESTS_KERNEL_KPROC_H
#define TESTS_KERNEL_KPROC_H

#include <kernel/proc.h>

/* A runnable kernel-only process that starts in fn; NULL if none can be
 * had. */
struct proc *kproc(void (*fn)(void), const char *name);
/* The end of a kernel-only process: an autoreaped zombie, freed by the
 * scheduler once off its stack. */
void __noreturn kproc_exit(void);
/* Let go of the shared address space once every kproc is gone. */
void kproc_mm_release(void);
/* Returns whether every process slot is unused: the test's are gone. */
bool all_gone(void *arg);

#endif
