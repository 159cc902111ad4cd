/*
 * cpio "newc" archive reader (lib/cpio.c). The initramfs is one of these.
 *
 * Usage:
 *   struct cpio_iter it; struct cpio_entry e; int r;
 *   cpio_iter_init(&it, data, size);
 *   while ((r = cpio_next(&it, &e)) > 0) { ... }
 *   if (r < 0) the archive is malformed; cpio_strerror(r) says why.
 * r == 0 means the TRAILER!!! entry was reached.
 */
#ifndef LIB_CPIO_H
#define LIB_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name; /* not NUL-terminated inside the archive: use namelen */
	size_t namelen;	  /* without the trailing NUL */
	uint32_t mode;	  /* st_mode: type bits and permissions */
	uint32_t ino, uid, gid, nlink, mtime;
	const void *data; /* file contents (or symlink target) */
	size_t size;
};

struct cpio_iter {
	const unsigned char *base;
	size_t size;
	size_t pos;
};

enum {
	CPIO_EBADMAGIC = -1, /* header magic is not 070701 or 070702 */
	CPIO_ETRUNC = -2,    /* header, name or data runs past the end */
	CPIO_EBADHEX = -3,   /* a header field is not 8 hex digits */
	CPIO_EBADNAME = -4,  /* name size 0, or name not NUL-terminated */
};

void cpio_iter_init(struct cpio_iter *it, const void *data, size_t size);
/* Returns 1 and fills *e for the next entry, 0 at the trailer, or CPIO_E*. */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);
const char *cpio_strerror(int err);

#endif
