/*
 * What lib/ code needs from its environment. The kernel provides these in
 * arch/x86/usercopy.c, mm/ and mm/kmalloc.c; the host unit tests provide
 * fakes (tests/host/fake_kernel.c). lib/ never includes arch headers.
 */
#ifndef KERNEL_LIBDEPS_H
#define KERNEL_LIBDEPS_H

#include <stddef.h>
#include <stdbool.h>
#include <kernel/compiler.h>

struct page;

/* Copy routines: return the number of bytes NOT copied (0 on success). */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
/* copy_from_user without the zero-fill of the uncopied tail. */
unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
/* The out-of-line form of access_ok(): addr + size doesn't wrap, <= TASK_SIZE. */
bool user_access_ok(const void __user *addr, unsigned long size);
/* Kernel virtual address of a page's first byte. */
void *page_address(struct page *page);
void *kmalloc(size_t size);
void kfree(void *p);

#endif
