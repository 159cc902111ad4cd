/*
 * iov_iter: one cursor over user buffers, kernel buffers or pages.
 *
 * read(2), readv(2), pread64(2) and the kernel's own I/O all describe their
 * buffers with a struct iov_iter (include/lib/iov_iter.h), so a file's
 * read_iter/write_iter has one copy loop whatever the memory is:
 *
 *   segments:  [ seg 0 ][ seg 1 ][] [ seg 3 ........ ]
 *                            ^  `-- zero-length segments are skipped
 *              iov ----------'  iov_offset = bytes already used of *iov
 *              nr_segs = segments left, the current one included
 *              count   = bytes left in total (may end before the segments do)
 *
 * Each kind of segment has its own way to move bytes:
 *   ITER_IOVEC  user memory: the raw copies and __clear_user, which may
 *               stop early on a fault and say how many bytes they did not
 *               move; iovec_iterate walks the iovec array itself, with the
 *               op's step chosen once per call, and skips access_ok where
 *               import_iovec or import_single_range checked every segment
 *   ITER_KVEC   kernel memory: memcpy/memset, never short (but see
 *               copy_mc_to_iter: a poisoned source ends any kind short)
 *   ITER_BVEC   bv_len bytes from bv_offset of bv_page and, when the segment
 *               runs past that page, of the pages after it in page_array
 *               (a compound page); each page is reached on its own through
 *               kmap_local_page, since a high page has no fixed address and
 *               two pages are never known to be adjacent in kernel memory
 *   ITER_PIPE   no segments: the head of a pipe's ring (include/kernel/
 *               pipe_buf.h). Copies fill anonymous buffers there (topping up
 *               the one this iterator began last, as Linux's push_pipe), and
 *               copy_page_to_iter puts in a reference to the page instead of
 *               its bytes; revert takes the newest bytes back out
 *   ITER_DISCARD no segments and no memory: a copy into it only counts
 *
 * Every transfer runs the same loop (iterate() below) one segment at a time
 * and advances the cursor by exactly the bytes it moved, so a fault partway
 * leaves the iterator on the byte that faulted and the caller returns the
 * partial count. iov_iter_revert() walks the same segments backwards, so a
 * caller that moved too far (a short write to a file) can give bytes back.
 *
 * The direction is fixed at set-up: data_source is READ (0) when the
 * iterator is the destination (a read fills it) and WRITE (1) when it is the
 * source. Copying the wrong way moves nothing; ITER_PIPE and ITER_DISCARD
 * are always destinations.
 *
 * copy_page_to_iter()/copy_page_from_iter() with a user iterator take
 * Linux's highmem path (docs/iov_iter.md walks through one): fault the first
 * segment's part in (fault_in_writeable/fault_in_readable), copy under
 * kmap_atomic with page faults disabled, and if that comes back short, go on
 * from the same byte under kmap() with the faulting copy. Both ways are
 * counted (copy_page_atomic_count, copy_page_fallback_count: /proc/vmstat).
 *
 * import_iovec() turns a user iovec array into an ITER_IOVEC iterator with
 * Linux's checks in Linux's order; the comment above it lists them.
 */
#include <lib/iov_iter.h>
#include <kernel/libdeps.h>
#include <kernel/highmem.h>
#include <kernel/atomic_context.h>
#include <kernel/errno.h>
#include <kernel/pipe_buf.h>
#include <lib/string.h>
#include <asm/page.h>
#include <asm/uaccess.h>

/* What a transfer does at each segment. */
enum iter_op {
	ITER_OP_TO,		 /* kernel buffer -> iterator */
	ITER_OP_FROM,		 /* iterator -> kernel buffer */
	ITER_OP_ZERO,		 /* zeroes -> iterator */
	ITER_OP_MC,		 /* kernel buffer -> iterator, machine-check safe */
	ITER_OP_FROM_FLUSHCACHE, /* iterator -> kernel buffer, flushed from the cache */
	ITER_OP_FROM_NOCACHE,	 /* iterator -> kernel buffer, non-temporal stores */
	ITER_OP_TO_INATOMIC,	 /* kernel buffer -> user iterator, page faults disabled */
	ITER_OP_FROM_INATOMIC,	 /* user iterator -> kernel buffer, page faults disabled */
};

unsigned long copy_page_atomic_count, copy_page_fallback_count;

/* iov_iter_advance walks ITER_KVEC segments as struct iovecs. */
_Static_assert(sizeof(struct kvec) == sizeof(struct iovec) &&
		       offsetof(struct kvec, iov_len) == offsetof(struct iovec, iov_len),
	       "struct kvec and struct iovec have one layout");

/* Set when fail_usercopy failed a copy made with page faults disabled: the
 * fault it stands for is final, so copy_page_user does not retry it under
 * kmap (one CPU, and nothing sleeps between the copy and the check). */
static bool inatomic_injected;

/* Length of the current segment, whatever its kind. */
static size_t seg_len(const struct iov_iter *i)
{
	switch (i->type) {
	case ITER_IOVEC:
		return i->iov->iov_len;
	case ITER_KVEC:
		return i->kvec->iov_len;
	default:
		return i->bvec->bv_len;
	}
}

/* Move the segment pointer by n entries (n < 0 goes back). */
static void seg_move(struct iov_iter *i, long n)
{
	switch (i->type) {
	case ITER_IOVEC:
		i->iov += n;
		break;
	case ITER_KVEC:
		i->kvec += n;
		break;
	default:
		i->bvec += n;
		break;
	}
}

/* The user address of the byte under an ITER_IOVEC cursor. */
static char __user *seg_uaddr(const struct iov_iter *i)
{
	return (char __user *)i->iov->iov_base + i->iov_offset;
}

/* Do op on len bytes of kernel memory at p; buf is the other side (unused
 * for ZERO). Returns the bytes NOT moved: nonzero only for ITER_OP_MC and
 * a poisoned source. */
static size_t kernel_step(char *p, enum iter_op op, char *buf, size_t len)
{
	switch (op) {
	case ITER_OP_MC:
		return copy_mc_to_kernel(p, buf, len);
	case ITER_OP_TO:
	case ITER_OP_TO_INATOMIC:
		memcpy(p, buf, len);
		break;
	case ITER_OP_FROM:
	case ITER_OP_FROM_INATOMIC:
	case ITER_OP_FROM_NOCACHE: /* kernel sources: an ordinary copy, as Linux */
		memcpy(buf, p, len);
		break;
	case ITER_OP_FROM_FLUSHCACHE:
		memcpy_flushcache(buf, p, len);
		break;
	default:
		memset(p, 0, len);
		break;
	}
	return 0;
}

/* Do op on len bytes of the current ITER_BVEC segment from the cursor, one
 * page at a time: the segment may run over several pages of a compound run,
 * and each is mapped alone with kmap_local_page. Returns the bytes NOT moved
 * (nonzero only for ITER_OP_MC and a poisoned source). */
static size_t bvec_step(const struct iov_iter *i, enum iter_op op, char *buf, size_t len)
{
	size_t off = i->bvec->bv_offset + i->iov_offset, done = 0;

	while (done < len) {
		struct page *pg = nth_page(i->bvec->bv_page, off / PAGE_SIZE);
		size_t poff = off % PAGE_SIZE, n = len - done, left;

		if (n > PAGE_SIZE - poff)
			n = PAGE_SIZE - poff;
		char *kaddr = kmap_local_page(pg);
		left = kernel_step(kaddr + poff, op, buf ? buf + done : NULL, n);
		kunmap_local(kaddr);
		done += n - left;
		off += n - left;
		if (left)
			break;
	}
	return len - done;
}

/* Do op on len bytes of the current ITER_KVEC or ITER_BVEC segment from the
 * cursor; buf is the kernel side (unused for ZERO). Returns the number of
 * bytes NOT moved: nonzero only for ITER_OP_MC and a poisoned source. */
static size_t seg_step(const struct iov_iter *i, enum iter_op op, char *buf, size_t len)
{
	if (i->type == ITER_BVEC)
		return bvec_step(i, op, buf, len);
	return kernel_step((char *)i->kvec->iov_base + i->iov_offset, op, buf, len);
}

/* clang-format off */
/*
 * The ITER_IOVEC loop (Linux's iterate_iovec macro): STEP, an expression in
 * `u` (the user address), `len` (bytes of this segment to do) and `done`
 * (bytes done before it) that yields the bytes NOT moved, runs on each
 * segment's part from the cursor for up to `bytes` (> 0, at most count,
 * every segment in reach checked by access_ok): one step when they end
 * inside the current segment (read, write, a page of a big buffer), else a
 * walk, which goes on past the last byte only over the zero-length
 * segments after it. Stops at the first short step; so leaves the cursor
 * as iov_iter_advance would (past used-up and zero-length segments).
 * Yields the bytes moved.
 */
#define ITERATE_IOVEC(i, bytes, STEP)						\
	({									\
		const struct iovec *iov_ = (i)->iov;				\
		size_t off_ = (i)->iov_offset, want_ = (bytes), done = 0;	\
		unsigned long nr_ = (i)->nr_segs;				\
										\
		if (nr_ && want_ < iov_->iov_len - off_) {			\
			/* ends inside this segment: one step, no walk */	\
			char __user *u = (char __user *)iov_->iov_base + off_;	\
			size_t len = want_;					\
										\
			done = len - (STEP);					\
			(i)->iov_offset = off_ + done;				\
		} else if (nr_) {						\
			for (;;) {						\
				size_t len = iov_->iov_len - off_, left_;	\
				char __user *u = (char __user *)iov_->iov_base + off_; \
										\
				if (len > want_ - done)				\
					len = want_ - done;			\
				if (len) {					\
					left_ = (STEP);				\
					done += len - left_;			\
					off_ += len - left_;			\
					if (left_)				\
						break;				\
				}						\
				/* bytes ran out inside it, or (done == want_)	\
				 * this is the next non-empty one: stop here */	\
				if (off_ < iov_->iov_len)			\
					break;					\
				iov_++;						\
				off_ = 0;					\
				if (--nr_ == 0)					\
					break;					\
			}							\
			(i)->iov = iov_;					\
			(i)->nr_segs = nr_;					\
			(i)->iov_offset = off_;					\
		}								\
		(i)->count -= done;						\
		done;								\
	})
/* clang-format on */

/*
 * For an iterator whose segments the set-up did not check (iov_iter_init):
 * how many of the bytes from the cursor come before the first non-empty
 * segment part that fails access_ok, which is where a copy must stop as if
 * that segment had faulted. Returns at most bytes.
 */
static size_t iovec_accessible(const struct iov_iter *i, size_t bytes)
{
	const struct iovec *iov = i->iov;
	size_t off = i->iov_offset, ok = 0;

	for (unsigned long nr = i->nr_segs; nr && ok < bytes; nr--, iov++, off = 0) {
		size_t len = iov->iov_len - off;

		if (len > bytes - ok)
			len = bytes - ok;
		if (len && !access_ok((char __user *)iov->iov_base + off, len))
			break;
		ok += len;
	}
	return ok;
}

/* An injected fail_usercopy failure for a copy made with page faults
 * disabled: true if it fails, and then remembered as final (see
 * inatomic_injected). */
static bool inatomic_fail(void)
{
	if (!should_fail_usercopy())
		return false;
	inatomic_injected = true;
	return true;
}

/*
 * op over the ITER_IOVEC cursor of i for up to bytes (> 0, at most count),
 * buf the kernel side (NULL for ZERO): the loop for each op, chosen once,
 * after access_ok of the segments in reach if the set-up did not check.
 * Every step asks fail_usercopy first (but MC: copy_mc_to_user has its own
 * rules); a from-user step leaves the uncopied tail of buf alone, since
 * buf may be a file page whose bytes past a fault must survive. Returns
 * the bytes moved.
 */
static size_t iovec_iterate(struct iov_iter *i, enum iter_op op, char *buf, size_t bytes)
{
	if (!i->user_checked) {
		bytes = iovec_accessible(i, bytes);
		if (bytes == 0) { /* stop at the bad segment, as a fault there would */
			iov_iter_advance(i, 0);
			return 0;
		}
	}
	switch (op) {
	case ITER_OP_TO:
		return ITERATE_IOVEC(i, bytes,
				     should_fail_usercopy() ? len
							    : raw_copy_to_user(u, buf + done, len));
	case ITER_OP_FROM:
		return ITERATE_IOVEC(
			i, bytes,
			should_fail_usercopy() ? len : raw_copy_from_user(buf + done, u, len));
	case ITER_OP_MC:
		return ITERATE_IOVEC(i, bytes, copy_mc_to_user(u, buf + done, len));
	case ITER_OP_FROM_FLUSHCACHE:
		return ITERATE_IOVEC(
			i, bytes,
			should_fail_usercopy() ? len : __copy_user_flushcache(buf + done, u, len));
	case ITER_OP_FROM_NOCACHE:
		return ITERATE_IOVEC(
			i, bytes,
			should_fail_usercopy() ? len : __copy_user_nocache(buf + done, u, len));
	case ITER_OP_TO_INATOMIC:
		return ITERATE_IOVEC(i, bytes,
				     inatomic_fail() ? len
						     : __copy_to_user_inatomic(u, buf + done, len));
	case ITER_OP_FROM_INATOMIC:
		return ITERATE_IOVEC(
			i, bytes,
			inatomic_fail() ? len : __copy_from_user_inatomic(buf + done, u, len));
	default:
		return ITERATE_IOVEC(i, bytes, should_fail_usercopy() ? len : __clear_user(u, len));
	}
}

/* Where the next up to *n bytes into pipe iterator i go: the rest of the
 * anonymous buffer it is filling (while that is still the pipe's newest),
 * else a new one. Returns the buffer, with *n cut to its room, or NULL
 * when the ring is full or no page is to be had. */
static struct pipe_buf *pipe_room(struct iov_iter *i, size_t *n)
{
	struct pipe *p = i->pipe;
	struct pipe_buf *b;

	if (i->last_offset > 0 && (size_t)i->last_offset < PAGE_SIZE && !pipe_empty(p) &&
	    p->head == i->head + 1) {
		if (*n > PAGE_SIZE - (size_t)i->last_offset)
			*n = PAGE_SIZE - i->last_offset;
		return pipe_buf(p, i->head);
	}
	b = pipe_push_anon(p, false);
	if (!b)
		return NULL;
	i->head = p->head - 1;
	i->last_offset = 0;
	if (*n > PAGE_SIZE)
		*n = PAGE_SIZE;
	return b;
}

/* iterate() for ITER_PIPE: op (TO, MC or ZERO) on up to bytes (at most
 * count) into anonymous buffers at the pipe's head, through kmap_local_page.
 * Stops when the ring is full, no page is left, or (MC) the source is
 * poisoned. Returns the bytes put in. */
static size_t pipe_iterate(struct iov_iter *i, enum iter_op op, char *buf, size_t bytes)
{
	size_t done = 0;

	while (done < bytes) {
		size_t n = bytes - done, left = 0;
		struct pipe_buf *b = pipe_room(i, &n);
		if (!b)
			break;
		char *addr = kmap_local_page(b->page);
		char *to = addr + b->offset + b->len;
		if (op == ITER_OP_ZERO)
			memset(to, 0, n);
		else if (op == ITER_OP_MC)
			left = copy_mc_to_kernel(to, buf + done, n);
		else
			memcpy(to, buf + done, n);
		kunmap_local(addr);
		n -= left;
		b->len += n;
		i->count -= n;
		done += n;
		i->last_offset = b->offset + b->len;
		if (b->len == 0) { /* a new buffer that got nothing: take it out */
			pipe_pop_head(i->pipe);
			i->last_offset = 0;
		}
		if (left)
			break;
	}
	return done;
}

/* copy_page_to_iter for ITER_PIPE, as Linux's copy_page_to_iter_pipe: no
 * copy, but a buffer with a reference to page (or the reference buffer
 * made just before grown, when these bytes follow its own in the same
 * page). A page that can take no more references is copied instead.
 * Returns the bytes put in (at most count): 0 when the ring is full. */
static size_t copy_page_to_iter_pipe(struct page *page, size_t offset, size_t bytes,
				     struct iov_iter *i)
{
	struct pipe *p = i->pipe;
	struct pipe_buf *b;

	if (bytes > i->count)
		bytes = i->count;
	if (!bytes)
		return 0;
	if (i->last_offset < 0 && !pipe_empty(p) && p->head == i->head + 1) {
		b = pipe_buf(p, i->head);
		if (b->page == page && (size_t)-i->last_offset == offset) {
			b->len += bytes;
			i->last_offset -= bytes;
			i->count -= bytes;
			return bytes;
		}
	}
	b = pipe_push_page(p, page, offset, bytes);
	if (!b) {
		if (pipe_full(p))
			return 0;
		char *addr = kmap_local_page(page);
		size_t n = pipe_iterate(i, ITER_OP_TO, addr + offset, bytes);
		kunmap_local(addr);
		return n;
	}
	i->head = p->head - 1;
	i->last_offset = -(int)(offset + bytes);
	i->count -= bytes;
	return bytes;
}

/* iov_iter_revert for ITER_PIPE: take the newest bytes back out of the
 * buffers this iterator put in (back to start_head), shortening the last
 * one kept or releasing whole ones; then go on filling where that leaves. */
static void pipe_revert(struct iov_iter *i, size_t unroll)
{
	struct pipe *p = i->pipe;

	while (unroll && p->head != i->start_head && !pipe_empty(p)) {
		struct pipe_buf *b = pipe_buf(p, p->head - 1);
		if (unroll < b->len) {
			b->len -= unroll;
			break;
		}
		unroll -= b->len;
		pipe_pop_head(p);
	}
	i->last_offset = 0;
	if (p->head != i->start_head && !pipe_empty(p)) {
		struct pipe_buf *b = pipe_buf(p, p->head - 1);
		int end = b->offset + b->len;
		i->head = p->head - 1;
		i->last_offset = b->ops == &anon_pipe_buf_ops ? end : -end;
	}
}

/* The one transfer loop: op on up to `bytes` (clamped to count) from the
 * cursor on, segment by segment, advancing as it goes. Stops at the first
 * byte that faults. Returns the bytes moved. */
static size_t iterate(struct iov_iter *i, enum iter_op op, char *buf, size_t bytes)
{
	size_t done = 0;

	if (bytes > i->count)
		bytes = i->count;
	if (i->type == ITER_DISCARD) {
		i->count -= bytes; /* nothing to touch: only count */
		return bytes;
	}
	if (i->type == ITER_PIPE)
		return pipe_iterate(i, op, buf, bytes);
	if (i->type == ITER_IOVEC)
		return bytes ? iovec_iterate(i, op, buf, bytes) : 0;
	while (done < bytes && i->nr_segs) {
		size_t len = seg_len(i) - i->iov_offset;
		size_t moved;

		if (len == 0) {
			/* A zero-length segment: nothing to do but step over it. */
			seg_move(i, 1);
			i->nr_segs--;
			i->iov_offset = 0;
			continue;
		}
		if (len > bytes - done)
			len = bytes - done;
		moved = len - seg_step(i, op, op == ITER_OP_ZERO ? NULL : buf + done, len);
		iov_iter_advance(i, moved);
		done += moved;
		if (moved < len)
			break;
	}
	return done;
}

/* Set up i over the user segments iov[0..nr_segs) holding count bytes.
 * direction is READ if the segments are to be filled, WRITE if read from. */
void iov_iter_init(struct iov_iter *i, unsigned int direction, const struct iovec *iov,
		   unsigned long nr_segs, size_t count)
{
	i->type = ITER_IOVEC;
	i->data_source = direction != READ;
	i->user_checked = false;
	i->iov_offset = 0;
	i->count = count;
	i->iov = iov;
	i->nr_segs = nr_segs;
}

/* Set up i over the kernel buffers kvec[0..nr_segs) holding count bytes. */
void iov_iter_kvec(struct iov_iter *i, unsigned int direction, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count)
{
	i->type = ITER_KVEC;
	i->user_checked = false;
	i->data_source = direction != READ;
	i->iov_offset = 0;
	i->count = count;
	i->kvec = kvec;
	i->nr_segs = nr_segs;
}

/* Set up i over the page pieces bvec[0..nr_segs) holding count bytes. */
void iov_iter_bvec(struct iov_iter *i, unsigned int direction, const struct bio_vec *bvec,
		   unsigned long nr_segs, size_t count)
{
	i->type = ITER_BVEC;
	i->user_checked = false;
	i->data_source = direction != READ;
	i->iov_offset = 0;
	i->count = count;
	i->bvec = bvec;
	i->nr_segs = nr_segs;
}

/* Set up i as the head of pipe, taking up to count bytes, at most what
 * its free slots hold. A pipe iterator is a destination whatever
 * direction says (Linux requires READ); copies from it move nothing. */
void iov_iter_pipe(struct iov_iter *i, unsigned int direction, struct pipe *pipe, size_t count)
{
	size_t room = (size_t)(pipe->nslots - pipe_occupancy(pipe)) * PAGE_SIZE;

	(void)direction;
	i->type = ITER_PIPE;
	i->user_checked = false;
	i->data_source = READ;
	i->iov_offset = 0;
	i->count = count < room ? count : room;
	i->pipe = pipe;
	i->head = i->start_head = pipe->head;
	i->last_offset = 0;
}

/* Set up i to take count bytes and drop them: every copy into it only
 * counts and advances. A destination whatever direction says. */
void iov_iter_discard(struct iov_iter *i, unsigned int direction, size_t count)
{
	(void)direction;
	i->type = ITER_DISCARD;
	i->user_checked = false;
	i->data_source = READ;
	i->iov_offset = 0;
	i->count = count;
	i->iov = NULL;
	i->nr_segs = 0;
	i->last_offset = 0;
}

/* Copy up to bytes from addr into the iterator, which must be a destination.
 * Returns the bytes copied: short only if a user segment faults. */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	if (i->data_source != READ)
		return 0;
	if (i->type == ITER_IOVEC)
		might_fault(); /* user memory: the copy may fault and resolve it */
	/* The cast drops const only to share iterate(); TO never writes buf. */
	return iterate(i, ITER_OP_TO, (char *)addr, bytes);
}

/*
 * As copy_to_iter, but every load of addr is machine-check safe (Linux's
 * _copy_mc_to_iter): user segments through copy_mc_to_user, kernel and
 * page segments through copy_mc_to_kernel. A poisoned source ends the copy
 * short for every kind, and the iterator advances by exactly the bytes
 * copied. Returns the bytes copied.
 */
size_t copy_mc_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	if (i->data_source != READ)
		return 0;
	if (i->type == ITER_IOVEC)
		might_fault();
	return iterate(i, ITER_OP_MC, (char *)addr, bytes);
}

/* Copy up to bytes from the iterator, which must be a source, into addr.
 * Returns the bytes copied: short only if a user segment faults. */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	if (i->data_source != WRITE)
		return 0;
	if (i->type == ITER_IOVEC)
		might_fault();
	return iterate(i, ITER_OP_FROM, addr, bytes);
}

/* copy_from_iter, but no byte of addr stays only in the CPU cache (for
 * persistent memory; arch/x86/flushcache.c says how, per CPU). Returns
 * the bytes copied: short only if a user segment faults. */
size_t _copy_from_iter_flushcache(void *addr, size_t bytes, struct iov_iter *i)
{
	if (i->data_source != WRITE)
		return 0;
	if (i->type == ITER_IOVEC)
		might_fault();
	return iterate(i, ITER_OP_FROM_FLUSHCACHE, addr, bytes);
}

/* copy_from_iter with non-temporal stores from user segments (data that
 * will not be read back soon). Returns the bytes copied: short only if a
 * user segment faults. */
size_t _copy_from_iter_nocache(void *addr, size_t bytes, struct iov_iter *i)
{
	if (i->data_source != WRITE)
		return 0;
	if (i->type == ITER_IOVEC)
		might_fault();
	return iterate(i, ITER_OP_FROM_NOCACHE, addr, bytes);
}

/* Write up to bytes zeroes into the iterator, which must be a destination.
 * Returns the bytes zeroed: short only if a user segment faults. */
size_t iov_iter_zero(size_t bytes, struct iov_iter *i)
{
	if (i->data_source != READ)
		return 0;
	if (i->type == ITER_IOVEC)
		might_fault();
	return iterate(i, ITER_OP_ZERO, NULL, bytes);
}

/*
 * True if [offset, offset + n) from page's start lies in page or, when page
 * is part of a compound run, in the run from page to its end (Linux's
 * page_copy_sane). Anything else is the caller's bug: a WARNING line, and
 * the copy moves nothing.
 */
static bool page_copy_sane(struct page *page, size_t offset, size_t n)
{
	size_t v = n + offset;

	if (v >= n && v <= PAGE_SIZE)
		return true; /* the common case: within the one page */
	struct page *head = compound_head(page);
	size_t before = (size_t)(page_to_pfn(page) - page_to_pfn(head)) * PAGE_SIZE;
	size_t run = (size_t)compound_nr(head) * PAGE_SIZE;
	if (v >= n && before <= run && v <= run - before)
		return true;
	printk("WARNING: page_copy_sane: offset %zu + %zu bytes run past the %zu bytes "
	       "of the page's run from it\n",
	       offset, n, run - before);
	return false;
}

/*
 * Copy bytes (within one page) between page + offset and user iterator i
 * (to_user: into it), Linux's highmem way: fault the current segment's part
 * in; copy under kmap_atomic with page faults disabled; if that comes back
 * short (or the fault-in did), kunmap_atomic and go on from the same byte
 * under kmap() with the faulting copy. A failure fail_usercopy injected
 * into the atomic copy ends it there, as the fault it stands for would.
 * Returns the bytes moved.
 */
static size_t copy_page_user(struct page *page, size_t offset, size_t bytes, struct iov_iter *i,
			     bool to_user)
{
	char __user *first;
	size_t done = 0, missed, seg;
	char *kaddr;

	if (bytes > i->count)
		bytes = i->count;
	if (bytes == 0)
		return 0;
	might_fault();
	first = seg_uaddr(i);
	seg = i->iov->iov_len - i->iov_offset; /* what the first segment takes */
	if (seg > bytes)
		seg = bytes;
	missed = to_user ? fault_in_writeable(first, seg) : fault_in_readable(first, seg);
	if (missed == 0) {
		inatomic_injected = false;
		kaddr = kmap_atomic(page);
		done = iovec_iterate(i, to_user ? ITER_OP_TO_INATOMIC : ITER_OP_FROM_INATOMIC,
				     kaddr + offset, bytes);
		kunmap_atomic(kaddr);
		if (done == bytes) {
			copy_page_atomic_count++;
			return done;
		}
		if (inatomic_injected)
			return done; /* an injected fault: final, no retry */
	}
	copy_page_fallback_count++; /* a page not present, copy-on-write, or a bad address */
	kaddr = kmap(page);
	done += iterate(i, to_user ? ITER_OP_TO : ITER_OP_FROM, kaddr + offset + done,
			bytes - done);
	kunmap(page);
	return done;
}

/*
 * Walk page + offset for bytes, page by page over a compound run, moving
 * each page's part into the iterator (to_iter) or out of it: through
 * copy_page_user for a user iterator, else kmap_local_page and
 * copy_to_iter/copy_from_iter. Returns the bytes moved; stops at a short one.
 */
static size_t copy_page_iter(struct page *page, size_t offset, size_t bytes, struct iov_iter *i,
			     bool to_iter)
{
	size_t res = 0;

	page = nth_page(page, offset / PAGE_SIZE);
	offset %= PAGE_SIZE;
	for (;;) {
		size_t n = bytes < PAGE_SIZE - offset ? bytes : PAGE_SIZE - offset, moved;

		if (i->type == ITER_IOVEC) {
			moved = copy_page_user(page, offset, n, i, to_iter);
		} else {
			char *kaddr = kmap_local_page(page);
			moved = to_iter ? copy_to_iter(kaddr + offset, n, i)
					: copy_from_iter(kaddr + offset, n, i);
			kunmap_local(kaddr);
		}
		res += moved;
		bytes -= moved;
		if (moved < n || bytes == 0)
			break;
		page = nth_page(page, 1);
		offset = 0;
	}
	return res;
}

/*
 * Copy bytes from page + offset into the iterator, which must be a
 * destination: a pipe takes a reference to the page, any other kind gets
 * a copy (copy_page_iter). Returns the bytes copied; 0 if page_copy_sane
 * refuses.
 */
size_t copy_page_to_iter(struct page *page, size_t offset, size_t bytes, struct iov_iter *i)
{
	if (!page_copy_sane(page, offset, bytes) || i->data_source != READ || bytes == 0)
		return 0;
	if (iov_iter_is_pipe(i))
		return copy_page_to_iter_pipe(page, offset, bytes, i);
	return copy_page_iter(page, offset, bytes, i, true);
}

/*
 * Copy bytes from the iterator, which must be a source, into page + offset:
 * as copy_page_to_iter, the other way (fault_in_readable and
 * __copy_from_user_inatomic for a user iterator). Returns the bytes copied;
 * 0 if page_copy_sane refuses.
 */
size_t copy_page_from_iter(struct page *page, size_t offset, size_t bytes, struct iov_iter *i)
{
	if (!page_copy_sane(page, offset, bytes) || i->data_source != WRITE || bytes == 0)
		return 0;
	return copy_page_iter(page, offset, bytes, i, false);
}

/* Move the cursor forward by bytes (at most count) without touching memory.
 * Segments used up (and zero-length ones) are stepped over, so a cursor at
 * the end of a segment is left at the start of the next one. ITER_PIPE and
 * ITER_DISCARD have no bytes to step over: only count goes down. */
void iov_iter_advance(struct iov_iter *i, size_t bytes)
{
	size_t off;

	if (bytes > i->count)
		bytes = i->count;
	i->count -= bytes;
	if (i->type == ITER_PIPE || i->type == ITER_DISCARD)
		return;		     /* no bytes to step over: only count */
	off = i->iov_offset + bytes; /* from the start of the current segment */
	if (i->type == ITER_IOVEC || i->type == ITER_KVEC) {
		/* the same layout: walk the array itself, no seg_len per step */
		const struct iovec *iov = i->iov;
		unsigned long nr = i->nr_segs;

		while (nr && off >= iov->iov_len) {
			off -= iov->iov_len;
			iov++;
			nr--;
		}
		i->iov = iov;
		i->nr_segs = nr;
		i->iov_offset = off;
		return;
	}
	while (i->nr_segs && off >= seg_len(i)) {
		off -= seg_len(i);
		seg_move(i, 1);
		i->nr_segs--;
	}
	i->iov_offset = off;
}

/* Move the cursor back by bytes, which must not exceed what it was advanced.
 * Walks back over whole segments (zero-length ones too) as needed; on
 * ITER_PIPE takes the newest bytes back out of the pipe (pipe_revert). */
void iov_iter_revert(struct iov_iter *i, size_t bytes)
{
	if (bytes == 0 || bytes > MAX_RW_COUNT)
		return;
	i->count += bytes;
	if (i->type == ITER_DISCARD)
		return;
	if (i->type == ITER_PIPE) {
		pipe_revert(i, bytes);
		return;
	}
	if (bytes <= i->iov_offset) {
		i->iov_offset -= bytes;
		return;
	}
	bytes -= i->iov_offset;
	for (;;) {
		size_t n;

		seg_move(i, -1);
		i->nr_segs++;
		n = seg_len(i);
		if (bytes <= n) {
			i->iov_offset = n - bytes;
			return;
		}
		bytes -= n;
	}
}

/* Set up i over the one user buffer [buf, buf + len), which must pass
 * access_ok (checked here, once: copies through i do not repeat it), with
 * iov as its segment. Returns 0, or -EFAULT when access_ok refuses. */
int import_single_range(int direction, void __user *buf, size_t len, struct iovec *iov,
			struct iov_iter *i)
{
	if (!access_ok(buf, len))
		return -EFAULT;
	iov->iov_base = buf;
	iov->iov_len = len;
	i->type = ITER_IOVEC; /* iov_iter_init's fields, set here: read's path */
	i->data_source = direction != READ;
	i->user_checked = true;
	i->iov_offset = 0;
	i->count = len;
	i->iov = iov;
	i->nr_segs = 1;
	return 0;
}

/*
 * The kept-warm array for vectors of more than the caller's fast segments
 * (up to UIO_MAXIOV): one import at a time has it, so readv of 9..1,024
 * segments allocates nothing; an import while it is out (the holder sleeps
 * in a read) falls back to kmalloc. One CPU and no preemption in the kernel,
 * so a flag is all the locking it needs.
 */
static struct iovec iov_cache[UIO_MAXIOV];
static bool iov_cache_busy;

/* An array for n (<= UIO_MAXIOV) iovecs: iov_cache if it is free, else
 * kmalloc. Returns NULL when kmalloc fails. */
static struct iovec *iovec_alloc(unsigned long n)
{
	if (!iov_cache_busy) {
		iov_cache_busy = true;
		return iov_cache;
	}
	return kmalloc(n * sizeof(struct iovec));
}

/* Whether an import holds iov_cache now (for the selftests). */
bool iov_cache_in_use(void)
{
	return iov_cache_busy;
}

/* Give back an array import_iovec left in *iovp: iov_cache, a kmalloc'd
 * one, or NULL (nothing to do). */
void iovec_free(struct iovec *iov)
{
	if (iov == iov_cache)
		iov_cache_busy = false;
	else
		kfree(iov);
}

/*
 * Read nr_segs iovecs from uvec and set up an ITER_IOVEC iterator on them:
 * one copy of the array (rep movsl), then one pass in which each entry is
 * checked and added to the total. Checks, with the results of Linux (6.x,
 * and its compat path), which reads the entries one by one:
 *   1. nr_segs 0: an empty iterator, total 0.
 *   2. nr_segs < 0 or > UIO_MAXIOV: -EINVAL.
 *   3. more than fast_segs (or no fast array): iov_cache or kmalloc (see
 *      iovec_alloc), else -ENOMEM.
 *   4. the array's range fails access_ok, or an entry cannot be read (or an
 *      injected fail_usercopy failure): -EFAULT, unless
 *   5. an iov_len negative as ssize_t comes first: -EINVAL, so it wins over
 *      a later entry that cannot be read, and over a bad address anywhere.
 *   6. any segment failing access_ok(base, len): -EFAULT once every entry
 *      is read. Length 0 passes for a user address, mapped or not, but not
 *      for a kernel address.
 *   7. the total is clamped to MAX_RW_COUNT by shortening the segment that
 *      crosses it (and zeroing those after); never an error.
 * The iterator is user_checked: copies through it skip access_ok. On
 * success *iovp is the array to give back with iovec_free (NULL for the
 * fast array) and the total is returned; on error *iovp is NULL, nothing is
 * left allocated, and -errno is returned.
 */
long import_iovec(int direction, const struct iovec __user *uvec, long nr_segs,
		  unsigned int fast_segs, struct iovec **iovp, struct iov_iter *i)
{
	struct iovec *iov = *iovp;
	size_t total = 0;
	unsigned long n, readable;
	size_t left;
	bool bad_addr = false;
	long err = -EFAULT;

	if (nr_segs == 0) {
		iov_iter_init(i, direction, iov, 0, 0);
		*iovp = NULL;
		return 0;
	}
	if (nr_segs < 0 || nr_segs > UIO_MAXIOV) {
		*iovp = NULL;
		return -EINVAL;
	}
	n = nr_segs;
	if (n > fast_segs || !iov) {
		iov = iovec_alloc(n);
		if (!iov) {
			*iovp = NULL;
			return -ENOMEM;
		}
	}

	/* the array in one rep movsl; then only the entries read in full count */
	left = copy_from_user(iov, uvec, n * sizeof(*iov));
	readable = n - (left + sizeof(*iov) - 1) / sizeof(*iov);
	for (struct iovec *v = iov, *end = iov + readable; v < end; v++) {
		size_t len = v->iov_len;

		/* LAB 6 BEGIN */
		if ((long)len < 0) {
			err = -EINVAL;
			goto fail;
		}
		/* LAB 6 STUB
		// LAB 6, exercise "Refuse negative lengths" (labs/06-iov-iter/README.md)
		   LAB 6 END */
		if (!access_ok(v->iov_base, len))
			bad_addr = true; /* -EFAULT, unless a later length is negative */
		/* LAB 6 BEGIN */
		if (len > MAX_RW_COUNT - total) {
			len = MAX_RW_COUNT - total;
			v->iov_len = len;
		}
		/* LAB 6 STUB
		// LAB 6, exercise "Clamp the total" (labs/06-iov-iter/README.md)
		   LAB 6 END */
		total += len;
	}
	if (readable < n || bad_addr)
		goto fail;

	iov_iter_init(i, direction, iov, n, total);
	i->user_checked = true;
	*iovp = iov == *iovp ? NULL : iov;
	return total;

fail:
	if (iov != *iovp)
		iovec_free(iov);
	*iovp = NULL;
	return err;
}
