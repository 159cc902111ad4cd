/*
 * struct iov_iter: a cursor over a list of buffers (lib/iov_iter.c).
 *
 * One iterator walks one of three kinds of segment array:
 *   ITER_IOVEC  struct iovec[]    user memory, copied with copy_to_user/...
 *   ITER_KVEC   struct kvec[]     kernel buffers, copied with memcpy
 *   ITER_BVEC   struct bio_vec[]  (page, offset, len) triples
 * `iov` (or kvec/bvec) points at the current segment, `iov_offset` is how far
 * into it we are, `count` is the bytes left in total and `nr_segs` the
 * segments left including the current one. Every copy advances the cursor
 * by exactly the bytes it moved.
 *
 * Two kinds have no segment array, and are destinations only (READ):
 *   ITER_PIPE     a pipe's ring (struct pipe): copies append buffers at its
 *                 head, copy_page_to_iter by taking a page reference
 *   ITER_DISCARD  nothing: every copy into it only counts
 */
#ifndef LIB_IOV_ITER_H
#define LIB_IOV_ITER_H

#include <stddef.h>
#include <stdbool.h>
#include <kernel/compiler.h>
#include <uapi/uio.h>
#include <asm/page.h>

struct page;
struct pipe;

struct kvec {
	void *iov_base;
	size_t iov_len;
};

struct bio_vec {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
};

enum iter_type {
	ITER_IOVEC,
	ITER_KVEC,
	ITER_BVEC,
	ITER_PIPE,
	ITER_DISCARD,
};

/* data_source: READ (0) means data flows into the iterator's buffers
 * (a read(2) fills them); WRITE (1) means the buffers are the source. */
#define READ 0
#define WRITE 1

struct iov_iter {
	unsigned char type; /* enum iter_type */
	bool data_source;   /* WRITE if the buffers are the source */
	bool user_checked;  /* ITER_IOVEC: every segment passed access_ok at set-up */
	size_t iov_offset;  /* offset into the current segment */
	size_t count;	    /* bytes left */
	union {
		const struct iovec *iov;
		const struct kvec *kvec;
		const struct bio_vec *bvec;
		struct pipe *pipe; /* ITER_PIPE */
	};
	union {
		unsigned long nr_segs;		 /* segments left, current included */
		struct {			 /* ITER_PIPE */
			unsigned int head;	 /* the buffer last_offset speaks of */
			unsigned int start_head; /* the pipe's head at set-up */
		};
	};
	/* ITER_PIPE: > 0, the end of the anonymous buffer `head` that this
	 * iterator is filling; < 0, minus the end of the page reference it
	 * made there; 0, the next byte starts a new buffer */
	int last_offset;
};

#define UIO_FASTIOV 8
#define UIO_MAXIOV 1024 /* IOV_MAX */
/* INT_MAX rounded down to a page: the most one read or write moves. */
#define MAX_RW_COUNT (0x7fffffff & ~(PAGE_SIZE - 1))

void iov_iter_init(struct iov_iter *i, unsigned int direction, const struct iovec *iov,
		   unsigned long nr_segs, size_t count);
void iov_iter_kvec(struct iov_iter *i, unsigned int direction, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count);
void iov_iter_bvec(struct iov_iter *i, unsigned int direction, const struct bio_vec *bvec,
		   unsigned long nr_segs, size_t count);

/* Set up i as the head of pipe: up to count bytes (at most what the free
 * slots hold) go into new buffers there. direction must be READ. */
void iov_iter_pipe(struct iov_iter *i, unsigned int direction, struct pipe *pipe, size_t count);
/* Set up i to take count bytes and drop them. direction must be READ. */
void iov_iter_discard(struct iov_iter *i, unsigned int direction, size_t count);

/* Bytes the iterator still takes (destination) or gives (source). */
static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/* Whether i is over a pipe's ring. */
static inline bool iov_iter_is_pipe(const struct iov_iter *i)
{
	return i->type == ITER_PIPE;
}

/* Whether i only counts what goes into it. */
static inline bool iov_iter_is_discard(const struct iov_iter *i)
{
	return i->type == ITER_DISCARD;
}

/* Whether i is over user memory (an iovec array). */
static inline bool iter_is_iovec(const struct iov_iter *i)
{
	return i->type == ITER_IOVEC;
}

/* Copy up to `bytes` from addr into the iterator. Returns bytes copied;
 * short only when a user segment faults (the copy stops at that byte). */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
/* copy_to_iter with machine-check-safe loads of addr: a poisoned source
 * ends it short, whatever the segments. Returns bytes copied. */
size_t copy_mc_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
/* Copy up to `bytes` from the iterator into addr. Returns bytes copied. */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);
/* copy_from_iter whose stores leave nothing of addr only in the CPU
 * cache (flushcache), or bypass it (nocache: movnti where the CPU has it).
 * Return bytes copied; short only when a user segment faults. */
size_t _copy_from_iter_flushcache(void *addr, size_t bytes, struct iov_iter *i);
size_t _copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i);

/* Linux's names for the callers; the same contracts. */
static inline size_t copy_from_iter_flushcache(void *addr, size_t bytes, struct iov_iter *i)
{
	return _copy_from_iter_flushcache(addr, bytes, i);
}

static inline size_t copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i)
{
	return _copy_from_iter_nocache(addr, bytes, i);
}

/* Page variants: offset + bytes must lie within the page, or within its
 * compound run from it, else 0 (page_copy_sane). With a user iterator,
 * Linux's highmem path: fault-in, kmap_atomic copy, kmap fallback. */
size_t copy_page_to_iter(struct page *page, size_t offset, size_t bytes, struct iov_iter *i);
size_t copy_page_from_iter(struct page *page, size_t offset, size_t bytes, struct iov_iter *i);
/* Page copies with a user iterator done wholly under kmap_atomic, and
 * those that had to finish under kmap (/proc/vmstat shows both). */
extern unsigned long copy_page_atomic_count, copy_page_fallback_count;
/* Write `bytes` zeroes into the iterator. Returns bytes zeroed. */
size_t iov_iter_zero(size_t bytes, struct iov_iter *i);
/* Move the cursor forward by `bytes` (clamped to count). */
void iov_iter_advance(struct iov_iter *i, size_t bytes);
/* Move the cursor back by `bytes`, which must not exceed what was advanced. */
void iov_iter_revert(struct iov_iter *i, size_t bytes);

/*
 * Read a user iovec array and set up an iterator over it, with Linux's
 * checks in Linux's order (see DESIGN: iovcnt 0 -> 0; <0 or > UIO_MAXIOV
 * -> -EINVAL; unreadable array -> -EFAULT; negative len -> -EINVAL, before
 * any later entry is read; access_ok failure -> -EFAULT; total clamped to
 * MAX_RW_COUNT), in one pass over the array.
 * *iovp points at the caller's fast array of UIO_FASTIOV entries; if more
 * are needed, a kept-warm array (or, while that is in use, a kmalloc'd
 * one) is used and *iovp is set to it, else *iovp is set to NULL. The
 * caller gives *iovp back with iovec_free() afterwards (NULL is ok).
 * Returns the total byte count (>= 0) or -errno.
 */
long import_iovec(int direction, const struct iovec __user *uvec, long nr_segs,
		  unsigned int fast_segs, struct iovec **iovp, struct iov_iter *i);
/* Give back the array import_iovec left in *iovp (NULL: nothing). */
void iovec_free(struct iovec *iov);
/* For the selftests: whether an import holds the kept-warm array now. */
bool iov_cache_in_use(void);
/* Set up i over the one user buffer [buf, buf + len) with iov as its
 * segment, after access_ok. Returns 0, or -EFAULT if access_ok refuses. */
int import_single_range(int direction, void __user *buf, size_t len, struct iovec *iov,
			struct iov_iter *i);

#endif
