/*
 * Things nearly every kernel file needs: printk, panic, BUG_ON, and the
 * freestanding C types.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <lib/string.h>
#include <lib/printf.h>

typedef int32_t ssize_t;
typedef int64_t loff_t;
typedef int pid_t;

/* Print to the kernel log (serial, mirrored to VGA). Returns bytes printed. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
/* printk unless the command line said "quiet". */
#define pr_info(...)                         \
	do {                                 \
		if (!cmdline_quiet)          \
			printk(__VA_ARGS__); \
	} while (0)

/* Stop the kernel: print "panic: ..." with a backtrace, then halt. */
void panic(const char *fmt, ...) __noreturn __attribute__((format(printf, 1, 2)));
#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (unlikely(cond))                                            \
			panic("%s:%d: BUG_ON(%s)", __FILE__, __LINE__, #cond); \
	} while (0)
/* A kernel bug here, as Linux's BUG(): "kernel BUG at FILE:LINE!", then
 * an invalid opcode (ud2), which the trap handler reports as an oops with
 * the registers and the call trace. Does not return. */
#define BUG()                                                         \
	do {                                                          \
		printk("kernel BUG at %s:%d!\n", __FILE__, __LINE__); \
		__builtin_trap();                                     \
	} while (0)

/* Command line (kernel/cmdline.c). */
extern bool cmdline_quiet;
extern bool cmdline_test;		/* run in-kernel selftests */
extern const char *cmdline_test_suites; /* "test=a,b": only these suites */
extern const char *cmdline_init;	/* init=/path */
extern int cmdline_init_argc;		/* arguments after "--" */
extern const char *cmdline_init_argv[];
extern const char *cmdline_oops; /* oops=...: deliberate fault for tests */
extern bool cmdline_slub_debug;	 /* slub_debug, kmalloc_debug: mm/kmalloc.c checks */
extern bool cmdline_mce_inject;	 /* mce_inject: tests/run.py injects a machine check */
extern bool cmdline_page_poison; /* page_poison=1: mm/pmm.c poisons freed pages */
extern int cmdline_console_port; /* console=ttyS<n-1>: kernel log on COMn */
extern bool cmdline_highmem_set; /* highmem=nn[KMG] was given */
extern uint64_t cmdline_highmem; /* its size in bytes (mm/pmm.c) */
void cmdline_parse(const char *s);
void cmdline_report(void);
/* nosmap, nosmep: leave CR4.SMAP, CR4.SMEP off (arch/x86/smap.c). */
extern bool cmdline_nosmap, cmdline_nosmep;
/* kernel/main.c: the boot sequence, called by boot/entry.S; never returns. */
void kmain(uint32_t magic, uint32_t info);

/* Power off QEMU with this status (isa-debug-exit), or halt. */
void power_off(int status) __noreturn;
#define POWER_OFF_PANIC 101 /* the status after a panic (kernel/panic.c) */
#define POWER_OFF_OOPS 102  /* the status after an oops (arch/x86/oops.c) */

/* Symbol lookup in the embedded table: name of the function holding addr. */
const char *ksym_lookup(unsigned long addr, unsigned long *offset);
/* Print a frame-pointer backtrace starting from this ebp. */
void backtrace_from(unsigned long eip, unsigned long ebp);
/* Up to max return addresses of the current call chain into out, newest
 * first: with skip 0 the first is where stack_trace_save returns to, and
 * skip leaves out that many more. A list shorter than max ends with 0.
 * Returns how many were stored. */
int stack_trace_save(unsigned long *out, int max, int skip);
/* Print "Call trace:" and the call chain, starting at dump_stack's caller. */
void dump_stack(void);
/* Print a saved list (0-ended or max long) as "  [<addr>] func+0x..". */
void stack_trace_print(const unsigned long *entries, int max);

extern char _kernel_start[], _etext[], _erodata[], _edata[], _kernel_end[];

#endif
