/*
 * What lib/ code needs from the memory manager. The kernel provides these in
 * mm/; the host unit tests provide fakes (tests/host/fake_kernel.c). The
 * user-copy routines lib/iov_iter.c uses come from <asm/uaccess.h>, and the
 * host tests have a stand-in for that header (tests/host/include/asm/), and
 * one for kernel/highmem.h (the kmap calls, compound_head, compound_nr).
 * ITER_PIPE reaches a pipe's ring through include/kernel/pipe_buf.h, whose
 * functions fs/pipe.c provides (and the host tests fake).
 */
#ifndef KERNEL_LIBDEPS_H
#define KERNEL_LIBDEPS_H

#include <stddef.h>
#include <stdbool.h>
#include <kernel/compiler.h>

struct page;

/* Kernel virtual address of a page's first byte. */
void *page_address(struct page *page);
void *kmalloc(size_t size);
void kfree(void *p);
/* Map a page for a moment (include/kernel/highmem.h); unmap in stack order. */
void *kmap_local_page(struct page *page);
void kunmap_local(const void *addr);
/* Should this user copy fail as a fault would (kernel/fail_usercopy.c)? */
bool should_fail_usercopy(void);
/* The kernel log (kernel/printk.c). */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
