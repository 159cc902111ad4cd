/*
 * Thread-local storage descriptors (arch/x86/tls.c): a process's three
 * GDT slots 6-8, as Linux i386 keeps them. struct user_desc is the ABI of
 * set_thread_area and get_thread_area (syscalls/tls.c); the helpers here
 * turn it into a GDT descriptor and back, and install a process's slots.
 */
#ifndef ASM_TLS_H
#define ASM_TLS_H

#include <stdbool.h>
#include <stdint.h>

struct proc;

/* As Linux's <asm/ldt.h>: 16 bytes, the flags packed in the last word. */
struct user_desc {
	uint32_t entry_number;
	uint32_t base_addr;
	uint32_t limit;
	uint32_t seg_32bit : 1;
	uint32_t contents : 2;
	uint32_t read_exec_only : 1;
	uint32_t limit_in_pages : 1;
	uint32_t seg_not_present : 1;
	uint32_t useable : 1;
};

/* Returns whether u may go into a TLS slot (Linux's tls_desc_okay): a
 * request that clears the slot, or a present 32-bit data segment. */
bool tls_desc_okay(const struct user_desc *u);
/* Returns the GDT descriptor for u (a DPL-3 data segment), or 0 when u
 * asks for the slot to be cleared. */
uint64_t tls_make_desc(const struct user_desc *u);
/* Fill u's base, limit and flags from the GDT descriptor d (entry_number
 * is left alone). */
void tls_read_desc(uint64_t d, struct user_desc *u);
/* Returns the first of p's TLS slots (a GDT index) that is empty, or -1. */
int tls_free_slot(const struct proc *p);
/* Returns p's descriptor in GDT slot idx (GDT_TLS_MIN..GDT_TLS_MAX). */
uint64_t tls_get(const struct proc *p, int idx);
/* Put d in p's GDT slot idx (GDT_TLS_MIN..GDT_TLS_MAX), and in the GDT
 * itself when p is running. */
void tls_set(struct proc *p, int idx, uint64_t d);
/* Empty all of p's TLS slots (execve), in the GDT too if p is running. */
void tls_clear(struct proc *p);

#endif
