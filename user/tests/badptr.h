/*
 * badptr.h: the five kinds of bad pointer that proc_badptr and
 * proc_badptr_calls pass to every pointer-taking system call:
 *
 *   0  NULL
 *   1  0xC0000000 (KERNEL_BASE, the first kernel address)
 *   2  0xC0100000 (KERNEL_TEXT, kernel text)
 *   3  an unmapped user page between two mapped ones (badptr_hole)
 *   4  an object wrapping past 4 GiB: half below, half above
 *
 * On a 64-bit Linux host the kernel addresses are merely unmapped user
 * addresses; the calls give -EFAULT all the same. Call badptr_setup()
 * once before bad_ptr(BADPTR_HOLE, ...).
 */
#ifndef BADPTR_H
#define BADPTR_H

#include <sys/mman.h>
#include <sys/syscall.h>

#include "tap.h"

#define BADPTR_PAGE 4096UL
#ifndef PAGE /* raw.h has it too */
#define PAGE BADPTR_PAGE
#endif
#define NKINDS 5
#define BADPTR_HOLE 3 /* the kind that is an unmapped user page */
#define BADPTR_WRAP 4 /* the kind that wraps past 4 GiB */

static const char *const kind_name[NKINDS] = {"NULL", "0xC0000000", "0xC0100000",
					      "an unmapped page", "an object wrapping past 4 GiB"};
static unsigned long badptr_hole; /* an unmapped page between two mapped ones */

/* Maps three anonymous pages and unmaps the middle one (badptr_hole).
 * Returns the first page, mapped and writable. */
static inline unsigned long badptr_setup(void)
{
	long area = sys5(SYS_mmap2, 0, 3 * BADPTR_PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1);

	badptr_hole = (unsigned long)area + BADPTR_PAGE;
	sys2(SYS_munmap, badptr_hole, BADPTR_PAGE);
	return (unsigned long)area;
}

/* The bad pointer of a kind, for an object of size bytes. */
static inline unsigned long bad_ptr(int kind, unsigned long size)
{
	switch (kind) {
	case 0:
		return 0;
	case 1:
		return KERNEL_BASE;
	case 2:
		return KERNEL_TEXT;
	case BADPTR_HOLE:
		return badptr_hole;
	default:
		return 0xFFFFFFFFUL - size / 2 + 1; /* half below 4 GiB, half above */
	}
}

/* The lowest free fd now (open, then close, /dev/null). */
static inline int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	close(fd);
	return fd;
}

#endif /* BADPTR_H */
