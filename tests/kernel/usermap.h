/*
 * A small user address space for the uaccess and iov_iter selftests.
 *
 * usermap_load() builds it and loads it, so that these user addresses are
 * live while a suite's cases run:
 *
 *   U      .. U+0x1FFF   two user read-write pages
 *   UEND = U+0x2000      unmapped: the first byte that faults
 *   R      .. R+0xFFF    a user read-only page (only if asked for), zeroed
 *
 * The tests look at user memory only through the kernel's direct map
 * (uk/peek/poke), never through the user pointer itself.
 */
#ifndef TESTS_KERNEL_USERMAP_H
#define TESTS_KERNEL_USERMAP_H

#include <kernel/ktest.h>
#include <kernel/mm.h>

#define U 0x40000000u
#define UEND (U + 2 * PAGE_SIZE)
#define R 0x40010000u

/* The uaccess asm declares no memory clobber; order our direct-map reads
 * after it explicitly. */
#define barrier() asm volatile("" ::: "memory")

/* NEED_MM(): a case that needs the loaded mm (NEED() is in kernel/ktest.h). */
#define NEED_MM() NEED(usermap_mm)

extern struct mm *usermap_mm; /* the loaded mm, or NULL */

/* Build the address space above (with the page at R if readonly_page) and
 * switch to it. Returns 0, or -1 with nothing loaded if mm_create() failed;
 * panics if it cannot map the pages. */
int usermap_load(bool readonly_page);

/* Switch back to kpgdir and free the mm and its pages; no-op if none. */
void usermap_unload(void);

/* Kernel (direct-map) address of the byte at user address a. */
uint8_t *uk(uint32_t a);

/* Read, write or fill n bytes of the user mapping at a, page by page. */
void peek(uint32_t a, void *buf, size_t n);
void poke(uint32_t a, const void *buf, size_t n);
void poke_fill(uint32_t a, int c, size_t n);

#endif
