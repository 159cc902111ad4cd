/*
 * splice(2): data between a file and a pipe, or between two pipes, without
 * a trip through user memory, as Linux's fs/splice.c.
 *
 *   file -> pipe   the file's splice_read; for most files that is its
 *                  read_iter on an ITER_PIPE iterator (lib/iov_iter.c),
 *                  whose copy_page_to_iter puts a reference to each ramfs
 *                  page into the ring instead of copying it
 *   pipe -> file   the file's splice_write; for most files its write_iter
 *                  on an ITER_BVEC over the buffers at the pipe's tail,
 *                  after which the bytes it took are consumed
 *   pipe -> pipe   whole buffers move from one ring to the other; a part
 *                  of one is split off by taking another page reference
 *
 * Waiting is Linux's: a splice into a pipe waits while it is full, a
 * splice out of one while it is empty and has a writer (SPLICE_F_NONBLOCK,
 * or O_NONBLOCK on the pipe, makes that -EAGAIN; a signal -EINTR, which
 * SA_RESTART restarts). A splice into a pipe with no reader is SIGPIPE and
 * -EPIPE. While another file's read_iter or write_iter runs on the ring
 * (it may sleep: a tty), the pipe is held (pipe_lock), so no reader,
 * writer or other splice changes the ring under it.
 */
#include <kernel/fs.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/highmem.h>
#include <kernel/splice.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

/* f's pipe when f is a pipe or an open FIFO (their files use pipe_ops),
 * else NULL. */
struct pipe *get_pipe_info(struct file *f)
{
	return f->fop == &pipe_ops ? f->private : NULL;
}

/* Wait until pipe has a free slot. Returns 0, or -EPIPE (after SIGPIPE)
 * when it has no reader, -EAGAIN (SPLICE_F_NONBLOCK), -EINTR. */
static int wait_for_space(struct pipe *pipe, unsigned int flags)
{
	for (;;) {
		if (pipe->readers == 0) {
			send_signal(current, SIGPIPE);
			return -EPIPE;
		}
		if (!pipe_full(pipe))
			return 0;
		if (flags & SPLICE_F_NONBLOCK)
			return -EAGAIN;
		if (pipe_sleep(pipe, &pipe->writers_wait))
			return -EINTR;
	}
}

/* Wait until pipe has data, unless some was already moved (moved) or no
 * writer is left. Returns 1 (data), 0 (stop), -EAGAIN (SPLICE_F_NONBLOCK)
 * or -EINTR. */
static int wait_for_data(struct pipe *pipe, unsigned int flags, bool moved)
{
	while (pipe_empty(pipe)) {
		if (pipe->writers == 0 || moved)
			return 0;
		if (flags & SPLICE_F_NONBLOCK)
			return -EAGAIN;
		if (pipe_sleep(pipe, &pipe->readers_wait))
			return -EINTR;
	}
	return 1;
}

/* Move up to len bytes from in into pipe: wait for room, then in's
 * splice_read with the pipe held. Returns the bytes moved, 0 at end of
 * file, or -errno (see include/kernel/splice.h). */
ssize_t splice_file_to_pipe(struct file *in, struct pipe *pipe, loff_t *ppos, size_t len,
			    unsigned int flags)
{
	loff_t *pos = ppos ? ppos : &in->pos;
	ssize_t ret;

	for (;;) {
		if ((ret = wait_for_space(pipe, flags)))
			return ret;
		if (pipe_lock(pipe))
			return -EINTR;
		if (!pipe_full(pipe))
			break;
		pipe_unlock(pipe); /* filled while we waited for it: wait again */
	}
	if (!file_readable(in)) {
		ret = -EBADF;
		goto out;
	}
	/* no more than the free slots hold, and than one read moves */
	len = min(len, (size_t)(pipe->nslots - pipe_occupancy(pipe)) * PAGE_SIZE);
	len = min(len, (size_t)MAX_RW_COUNT);
	if (*pos < 0 || (uint64_t)*pos + len > (uint64_t)INT64_MAX) {
		ret = -EINVAL; /* Linux's rw_verify_area */
		goto out;
	}
	ret = in->fop->splice_read ? in->fop->splice_read(in, pos, pipe, len, flags) : -EINVAL;
out:
	pipe_unlock(pipe);
	if (ret > 0)
		pipe_wake(&pipe->readers_wait);
	return ret;
}

/* Move up to len bytes out of pipe into out through its splice_write.
 * Returns the bytes moved, 0 at the pipe's end, or -errno. */
ssize_t splice_pipe_to_file(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
			    unsigned int flags)
{
	loff_t *pos = ppos ? ppos : &out->pos;

	if (!out->fop->splice_write)
		return -EINVAL;
	return out->fop->splice_write(pipe, out, pos, len, flags);
}

/* splice_read through in's read_iter on an ITER_PIPE at the pipe's head
 * (the caller holds the pipe). Returns the bytes put in; on an error,
 * whatever went in is taken back out. A pipe destination cannot fault,
 * so a copy that came up short ran out of pages: -ENOMEM. */
ssize_t generic_file_splice_read(struct file *in, loff_t *ppos, struct pipe *pipe, size_t len,
				 unsigned int flags)
{
	struct iov_iter to;
	ssize_t ret;

	if (!in->fop->read_iter)
		return -EINVAL;
	iov_iter_pipe(&to, READ, pipe, len);
	size_t want = iov_iter_count(&to);
	ret = in->fop->read_iter(in, &to, ppos);
	if (ret < 0) {
		iov_iter_revert(&to, want - iov_iter_count(&to));
		if (ret == -EFAULT)
			ret = -ENOMEM;
	}
	return ret;
}

/* Take n bytes (no more than it holds) off pipe's tail: whole buffers are
 * released, a partial one is shortened. Returns whether a slot was freed. */
static bool pipe_consume(struct pipe *pipe, size_t n)
{
	bool freed = false;

	while (n && !pipe_empty(pipe)) {
		struct pipe_buf *b = pipe_buf(pipe, pipe->tail);
		if (n < b->len) {
			b->offset += n;
			b->len -= n;
			break;
		}
		n -= b->len;
		pipe_buf_release(pipe, b);
		pipe->tail++;
		freed = true;
	}
	/* empty buffers left at the tail (a failed write's) go too */
	while (!pipe_empty(pipe) && pipe_buf(pipe, pipe->tail)->len == 0) {
		pipe_buf_release(pipe, pipe_buf(pipe, pipe->tail));
		pipe->tail++;
		freed = true;
	}
	return freed;
}

/* What a splice out of a pipe does with up to len bytes of its buffers
 * (the pipe held, not empty): returns the bytes it took, or -errno. */
typedef ssize_t (*splice_actor)(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len);

/* The loop of a splice out of pipe into out: wait for data, let actor take
 * what is there (up to len), consume that, and go on until len is done or
 * the pipe is empty after something moved. Returns the bytes moved, or the
 * first error when nothing did. */
static ssize_t splice_from_pipe(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
				unsigned int flags, splice_actor actor)
{
	size_t total = 0;
	ssize_t ret = 0;

	while (len) {
		if ((ret = wait_for_data(pipe, flags, total > 0)) <= 0)
			break;
		if ((ret = pipe_lock(pipe)))
			break;
		bool freed = pipe_consume(pipe, 0); /* empty buffers (a failed write's) */
		if (pipe_empty(pipe)) {		    /* nothing left after all */
			pipe_unlock(pipe);
			if (freed)
				pipe_wake(&pipe->writers_wait);
			continue;
		}
		ret = actor(pipe, out, ppos, len);
		freed = (ret > 0 && pipe_consume(pipe, ret)) || freed;
		pipe_unlock(pipe);
		if (freed)
			pipe_wake(&pipe->writers_wait);
		if (ret <= 0)
			break;
		total += ret;
		len -= ret;
	}
	return total ? (ssize_t)total : ret;
}

/* The actor of iter_file_splice_write: up to len bytes of the buffers from
 * the tail, as one ITER_BVEC, through out's write_iter at *ppos. Returns
 * what that returns (the bytes written or -errno), or a buffer's confirm
 * error, or -ENOMEM. */
static ssize_t write_buffers(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len)
{
	uint32_t n = 0, used = pipe_occupancy(pipe);
	size_t bytes = 0;
	struct iov_iter from;
	struct bio_vec *bv = kmalloc(used * sizeof(*bv));
	ssize_t ret;

	if (!bv)
		return -ENOMEM;
	for (uint32_t k = 0; k < used && bytes < len; k++) {
		struct pipe_buf *b = pipe_buf(pipe, pipe->tail + k);
		if ((ret = pipe_buf_confirm(pipe, b))) {
			if (!n) {
				kfree(bv);
				return ret;
			}
			break;
		}
		bv[n].bv_page = b->page;
		bv[n].bv_offset = b->offset;
		bv[n].bv_len = min((size_t)b->len, len - bytes);
		bytes += bv[n].bv_len;
		n++;
	}
	iov_iter_bvec(&from, WRITE, bv, n, bytes);
	ret = bytes ? out->fop->write_iter(out, &from, ppos) : 0;
	kfree(bv);
	return ret;
}

/* splice_write for a file with a write_iter (see splice.h). */
ssize_t iter_file_splice_write(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
			       unsigned int flags)
{
	if (!out->fop->write_iter)
		return -EINVAL;
	return splice_from_pipe(pipe, out, ppos, len, flags, write_buffers);
}

/* The actor of splice_write_null: up to len bytes from the tail are read
 * into an ITER_DISCARD, which only counts them. Returns that count. */
static ssize_t drop_buffers(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len)
{
	struct iov_iter sink;

	iov_iter_discard(&sink, READ, len);
	for (uint32_t k = pipe->tail; k != pipe->head && iov_iter_count(&sink); k++) {
		struct pipe_buf *b = pipe_buf(pipe, k);
		size_t n = min((size_t)b->len, iov_iter_count(&sink));
		if (copy_page_to_iter(b->page, b->offset, n, &sink) < n)
			break;
	}
	return len - iov_iter_count(&sink);
}

/* splice_write of /dev/null and /dev/zero (see splice.h). */
ssize_t splice_write_null(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
			  unsigned int flags)
{
	return splice_from_pipe(pipe, out, ppos, len, flags, drop_buffers);
}

/* Wait until in has data and out has room (Linux's ipipe_prep and
 * opipe_prep). Returns 0, or -EPIPE (after SIGPIPE), -EAGAIN, -EINTR. */
static int pipes_ready(struct pipe *in, struct pipe *out, unsigned int flags)
{
	while (pipe_empty(in) && in->writers) {
		if (flags & SPLICE_F_NONBLOCK)
			return -EAGAIN;
		if (pipe_sleep(in, &in->readers_wait))
			return -EINTR;
	}
	while (pipe_full(out)) {
		if (out->readers == 0) {
			send_signal(current, SIGPIPE);
			return -EPIPE;
		}
		if (flags & SPLICE_F_NONBLOCK)
			return -EAGAIN;
		if (pipe_sleep(out, &out->writers_wait))
			return -EINTR;
	}
	return 0;
}

/* Move up to len bytes from pipe in to pipe out (Linux's
 * splice_pipe_to_pipe): whole buffers move, the last one may be split by
 * a second reference. Returns the bytes moved, 0 when in is empty with no
 * writer, or -EPIPE, -EAGAIN, -EINTR, -EFAULT (a page that can take no
 * more references) when none moved. */
static ssize_t splice_pipe_to_pipe(struct pipe *in, struct pipe *out, size_t len,
				   unsigned int flags)
{
	ssize_t ret = 0;
	bool freed = false;
	int err;

retry:
	if ((err = pipes_ready(in, out, flags)))
		return err;
	if (in->locked || out->locked) { /* a splice is inside one of them */
		struct pipe *held = in->locked ? in : out;
		if (pipe_lock(held))
			return -EINTR;
		pipe_unlock(held);
		goto retry;
	}
	do {
		if (out->readers == 0) {
			send_signal(current, SIGPIPE);
			if (!ret)
				ret = -EPIPE;
			break;
		}
		if (pipe_empty(in) && in->writers == 0)
			break;
		if (pipe_empty(in) || pipe_full(out)) {
			if (ret)
				break;
			if (flags & SPLICE_F_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			goto retry;
		}
		struct pipe_buf *ib = pipe_buf(in, in->tail);
		struct pipe_buf *ob = pipe_buf(out, out->head);
		size_t n;
		if (len >= ib->len) { /* the whole buffer moves */
			*ob = *ib;
			ib->ops = NULL;
			ib->page = NULL;
			ib->len = 0;
			in->tail++;
			freed = true;
			n = ob->len;
		} else { /* a part: the page is shared by a second reference */
			if (!pipe_buf_get(in, ib)) {
				if (!ret)
					ret = -EFAULT;
				break;
			}
			*ob = *ib;
			ob->flags &= ~(PIPE_BUF_GIFT | PIPE_BUF_CAN_MERGE);
			ob->len = len;
			ib->offset += len;
			ib->len -= len;
			n = len;
		}
		out->head++;
		ret += n;
		len -= n;
	} while (len);
	if (ret > 0)
		pipe_wake(&out->readers_wait);
	if (freed)
		pipe_wake(&in->writers_wait);
	return ret;
}

/* Linux's rw_verify_area for a splice of len bytes at pos: -EINVAL for a
 * negative offset or one whose end would pass the largest loff_t, else 0. */
static int verify_area(loff_t pos, size_t len)
{
	if (pos < 0 || (uint64_t)pos + len > (uint64_t)INT64_MAX)
		return -EINVAL;
	return 0;
}

/* The splice between the open files in and out (Linux's do_splice), at
 * the offsets pin and pout point at where given (written back), else at
 * the files' positions. Returns the bytes moved or -errno. */
static ssize_t do_splice(struct file *in, loff_t *pin, struct file *out, loff_t *pout, size_t len,
			 unsigned int flags)
{
	struct pipe *ipipe = get_pipe_info(in), *opipe = get_pipe_info(out);
	loff_t pos;
	ssize_t ret;

	if (!file_readable(in) || !file_writable(out))
		return -EBADF;
	if (ipipe && opipe) {
		if (ipipe == opipe)
			return -EINVAL;
		if ((in->flags | out->flags) & O_NONBLOCK)
			flags |= SPLICE_F_NONBLOCK;
		return splice_pipe_to_pipe(ipipe, opipe, len, flags);
	}
	if (ipipe) {
		if (pout && !out->fop->llseek)
			return -EINVAL; /* no positioned writes to it */
		pos = pout ? *pout : out->pos;
		if (out->flags & O_APPEND)
			return -EINVAL;
		if ((ret = verify_area(pos, len)))
			return ret;
		if (in->flags & O_NONBLOCK)
			flags |= SPLICE_F_NONBLOCK;
		ret = splice_pipe_to_file(ipipe, out, &pos, len, flags);
		*(pout ? pout : &out->pos) = pos;
		return ret;
	}
	if (opipe) {
		if (pin && !in->fop->llseek)
			return -EINVAL; /* no positioned reads from it */
		pos = pin ? *pin : in->pos;
		if (out->flags & O_NONBLOCK)
			flags |= SPLICE_F_NONBLOCK;
		ret = splice_file_to_pipe(in, opipe, &pos, len, flags);
		*(pin ? pin : &in->pos) = pos;
		return ret;
	}
	return -EINVAL; /* neither is a pipe */
}

/*
 * splice(2): up to len bytes from fd_in to fd_out, one of them a pipe. The
 * checks come in Linux's order: len 0 -> 0; unknown flags -> -EINVAL; bad
 * fds -> -EBADF; an offset for a pipe -> -ESPIPE; an offset pointer that
 * cannot be read -> -EFAULT; then do_splice's. The offsets used are
 * written back (-EFAULT if they cannot be, after the move).
 */
long sys_splice(long fd_in, loff_t __user *off_in, long fd_out, loff_t __user *off_out, long len,
		long flags)
{
	struct file *in, *out;
	loff_t oin, oout;
	ssize_t ret;

	if (len == 0)
		return 0;
	if ((unsigned long)flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!(in = fget(fd_in)) || !(out = fget(fd_out)))
		return -EBADF;
	if ((off_in && get_pipe_info(in)) || (off_out && get_pipe_info(out)))
		return -ESPIPE;
	if (off_out && copy_from_user(&oout, off_out, sizeof(oout)))
		return -EFAULT;
	if (off_in && copy_from_user(&oin, off_in, sizeof(oin)))
		return -EFAULT;
	ret = do_splice(in, off_in ? &oin : NULL, out, off_out ? &oout : NULL,
			min((size_t)(unsigned long)len, (size_t)MAX_RW_COUNT), flags);
	if (ret < 0)
		return ret;
	if (off_out && copy_to_user(off_out, &oout, sizeof(oout)))
		return -EFAULT;
	if (off_in && copy_to_user(off_in, &oin, sizeof(oin)))
		return -EFAULT;
	return ret;
}

/*
 * tee(2), vmsplice(2) and do_splice_direct: the calls built on the ring
 * and on splice_file_to_pipe/splice_pipe_to_file above.
 *
 * tee duplicates buffers: each of the input's buffers from its tail on
 * is copied into a slot of the output with one more reference to its page
 * (pipe_buf_get), cut to what len leaves; the copy never merges and never
 * carries a gift, and the input is not consumed (Linux's link_pipe).
 *
 * vmsplice to a pipe puts the caller's pages themselves into the ring:
 * each piece of a segment within one page is a page-reference buffer, the
 * page found (faulted in for reading first, as get_user_pages) in the
 * caller's page tables, so a later store to it shows in what is read.
 * vmsplice from a pipe copies into the vector as a read would, except
 * that it waits only without SPLICE_F_NONBLOCK (the file's O_NONBLOCK is
 * not looked at, as in Linux) and a buffer whose copy faults stays whole.
 *
 * do_splice_direct moves file to file through a pipe of its own, one
 * pipeful a round: splice_file_to_pipe fills it, splice_pipe_to_file
 * empties it, until len is done, the input ends or the output takes less.
 */

/* Hold both a and b (pipe_lock), waiting until neither is held by
 * another splice. Returns 0, or -EINTR when a signal came first (neither
 * is held then). Neither is held while waiting for the other, so two
 * callers cannot deadlock. */
static int lock_two(struct pipe *a, struct pipe *b)
{
	for (;;) {
		if (pipe_lock(a))
			return -EINTR;
		if (!b->locked) {
			b->locked = true; /* nothing runs between the check and here */
			return 0;
		}
		pipe_unlock(a);
		if (pipe_lock(b))
			return -EINTR;
		pipe_unlock(b);
	}
}

/* Let go of both pipes lock_two held. */
static void unlock_two(struct pipe *a, struct pipe *b)
{
	pipe_unlock(a);
	pipe_unlock(b);
}

/* Copy up to len bytes of in's buffers into out by reference (both held).
 * Returns the bytes copied, or -EPIPE (after SIGPIPE: out has no reader)
 * or -EFAULT (a page can take no more references) when none were. */
static ssize_t link_pipe(struct pipe *in, struct pipe *out, size_t len)
{
	ssize_t ret = 0;

	for (uint32_t t = in->tail; len;) {
		if (!out->readers) {
			send_signal(current, SIGPIPE);
			return ret ? ret : -EPIPE;
		}
		if (t == in->head || pipe_full(out))
			break;
		struct pipe_buf *ib = pipe_buf(in, t);
		if (!pipe_buf_get(in, ib))
			return ret ? ret : -EFAULT;
		struct pipe_buf *ob = pipe_buf(out, out->head++);
		*ob = *ib;
		ob->flags &= ~(PIPE_BUF_GIFT | PIPE_BUF_CAN_MERGE);
		if (ob->len > len)
			ob->len = len;
		ret += ob->len;
		len -= ob->len;
		t++;
	}
	return ret;
}

/* tee(2) on two pipe files: the checks after the fds (EBADF for a wrong
 * mode, EINVAL for a non-pipe or one pipe twice), then wait for a buffer
 * in in (or its end) and a free slot in out (-EPIPE without a reader), and
 * copy. Returns the bytes copied, 0 at in's end, or -errno. */
static ssize_t do_tee(struct file *in, struct file *out, size_t len, unsigned int flags)
{
	struct pipe *ip = get_pipe_info(in), *op = get_pipe_info(out);
	ssize_t ret;

	if (!file_readable(in) || !file_writable(out))
		return -EBADF;
	if (!ip || !op || ip == op)
		return -EINVAL;
	if ((in->flags | out->flags) & O_NONBLOCK)
		flags |= SPLICE_F_NONBLOCK;
	for (;;) {
		if ((ret = wait_for_data(ip, flags, false)) < 0)
			return ret;
		if ((ret = wait_for_space(op, flags)))
			return ret;
		if ((ret = lock_two(ip, op)))
			return ret;
		/* both ready and held; or changed while we waited to hold them */
		if (!(pipe_empty(ip) && ip->writers) && !(pipe_full(op) && op->readers))
			break;
		unlock_two(ip, op);
	}
	ret = link_pipe(ip, op, len);
	unlock_two(ip, op);
	if (ret > 0)
		pipe_wake(&op->readers_wait);
	return ret;
}

/* tee(2): copy up to len bytes waiting in pipe fdin into pipe fdout
 * without consuming them. Returns the bytes copied or -errno, in Linux's
 * order: flags (-EINVAL), len 0 (0), then the fds (-EBADF). */
long sys_tee(long fdin, long fdout, unsigned long len, unsigned long flags)
{
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!len)
		return 0;
	struct file *in = fget(fdin), *out = fget(fdout);
	if (!in || !out)
		return -EBADF;
	return do_tee(in, out, len, flags);
}

/* The page at user address va of mm with one more reference, as
 * get_user_pages without FOLL_WRITE finds it: a page mapped there for the
 * user (its fast path: the PTE alone decides, so a PROT_WRITE-only page
 * already stored into counts); else, in a readable VMA, a page hidden by
 * PROT_NONE made present again or a file mapping's page faulted in, and
 * for anonymous memory not yet touched a fresh zeroed page that is not
 * mapped (Linux's zero page: what the program stores there later is its
 * own copy). NULL with *err -EFAULT (no readable mapping) or -ENOMEM. */
static struct page *get_user_page(struct mm *mm, uint32_t va, int *err)
{
	pte_t *pte = va < TASK_SIZE ? walk_pgdir(mm->pgdir, va, false) : NULL;
	struct page *pg;
	struct vma *v;

	*err = -EFAULT;
	if (pte && (*pte & PTE_P) && (*pte & PTE_U))
		goto found;
	v = va < TASK_SIZE ? find_vma(mm, va) : NULL;
	if (!v || !(v->flags & VM_READ))
		return NULL;
	if ((!pte || !PTE_HAS_PAGE(*pte)) && !v->file) {
		struct page *zero = alloc_highuser_page();
		if (!zero)
			*err = -ENOMEM;
		return zero;
	}
	int e = handle_mm_fault(mm, va, PF_USER);
	if (e) {
		*err = e == -ENOMEM ? -ENOMEM : -EFAULT;
		return NULL;
	}
	pte = walk_pgdir(mm->pgdir, va, false);
	if (!pte || !(*pte & PTE_P))
		return NULL;
found:
	pg = phys_to_page(PTE_ADDR(*pte));
	get_page(pg);
	return pg;
}

/* vmsplice to pipe p: each page piece of from's segments becomes a buffer
 * referring to the caller's page, until from is used up or the ring is
 * full. Returns the bytes put in, or -errno when none were. */
static ssize_t vmsplice_to_pipe(struct pipe *p, struct iov_iter *from, unsigned int flags)
{
	ssize_t total = 0;
	int err;

	for (;;) {
		if ((err = wait_for_space(p, flags)))
			return err;
		if (pipe_lock(p))
			return -EINTR;
		if (!pipe_full(p))
			break;
		pipe_unlock(p); /* filled while we waited to hold it */
	}
	while (iov_iter_count(from) && !pipe_full(p)) {
		iov_iter_advance(from, 0); /* onto the next non-empty segment */
		const struct iovec *iov = from->iov;
		uint32_t va = (uint32_t)iov->iov_base + from->iov_offset;
		size_t off = va & (PAGE_SIZE - 1);
		size_t len = min(iov->iov_len - from->iov_offset, PAGE_SIZE - off);
		struct page *pg = get_user_page(current->mm, PGROUNDDOWN(va), &err);
		if (!pg)
			break;
		struct pipe_buf *b = pipe_push_page(p, pg, off, len);
		put_page(pg); /* the buffer has its own reference */
		if (!b) {
			err = -EFAULT;
			break;
		}
		if (flags & SPLICE_F_GIFT)
			b->flags |= PIPE_BUF_GIFT;
		iov_iter_advance(from, len);
		total += len;
	}
	pipe_unlock(p);
	if (total)
		pipe_wake(&p->readers_wait);
	return total ? total : err;
}

/* vmsplice from pipe p: copy its buffers into to as a read does, taking
 * each buffer only once its copy is whole. Returns the bytes copied, 0 at
 * the end, or -errno (-EFAULT when the first copy faulted). */
static ssize_t vmsplice_to_user(struct pipe *p, struct iov_iter *to, unsigned int flags)
{
	ssize_t total = 0, err = 0;
	bool freed = false;

	while (iov_iter_count(to)) {
		int r = wait_for_data(p, flags, total > 0);
		if (r <= 0) {
			err = r;
			break;
		}
		if (pipe_lock(p)) {
			err = -EINTR;
			break;
		}
		while (!pipe_empty(p) && iov_iter_count(to)) {
			struct pipe_buf *b = pipe_buf(p, p->tail);
			size_t n = min((size_t)b->len, iov_iter_count(to));
			if ((err = pipe_buf_confirm(p, b)))
				break;
			if (copy_page_to_iter(b->page, b->offset, n, to) < n) {
				err = -EFAULT; /* as Linux: the buffer is not consumed */
				break;
			}
			b->offset += n;
			b->len -= n;
			total += n;
			if (!b->len) {
				pipe_buf_release(p, b);
				p->tail++;
				freed = true;
			}
		}
		pipe_unlock(p);
		if (err)
			break;
	}
	if (freed)
		pipe_wake(&p->writers_wait);
	return total ? total : err;
}

/* vmsplice(2): user memory into the pipe fd (open for writing), or the
 * pipe into user memory (fd open only for reading). Returns the bytes
 * moved or -errno, in Linux's order: flags (-EINVAL), the fd (-EBADF),
 * the vector (import_iovec), then a non-pipe (-EBADF). */
long sys_vmsplice(long fd, const struct iovec __user *uiov, unsigned long nr_segs,
		  unsigned long flags)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter it;
	struct file *f;
	int dir;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!(f = fget(fd)))
		return -EBADF;
	if (file_writable(f))
		dir = WRITE;
	else if (file_readable(f))
		dir = READ;
	else
		return -EBADF;
	long ret = import_iovec(dir, uiov, (long)nr_segs, UIO_FASTIOV, &iov, &it);
	if (ret > 0) {
		struct pipe *p = get_pipe_info(f);
		if (!p)
			ret = -EBADF;
		else if (dir == WRITE)
			ret = vmsplice_to_pipe(p, &it, flags);
		else
			ret = vmsplice_to_user(p, &it, flags);
	}
	iovec_free(iov);
	return ret;
}

/* Move up to len bytes from in (at *ppos) to out (at *opos) through a
 * pipe of the caller's own, a pipeful a round; both offsets advance by
 * what reached out. Returns the bytes moved, or -errno when none were:
 * -EBADF, -EINVAL (O_APPEND out, a pipe or a file that cannot be spliced
 * from), -ENOMEM, or the transfer's error. */
ssize_t do_splice_direct(struct file *in, loff_t *ppos, struct file *out, loff_t *opos, size_t len,
			 unsigned int flags)
{
	ssize_t total = 0, ret = 0;

	if (!file_writable(out) || !file_readable(in))
		return -EBADF;
	if (out->flags & O_APPEND)
		return -EINVAL;
	if (get_pipe_info(in))
		return -EINVAL; /* a pipe cannot be spliced from here */
	struct pipe *p = pipe_alloc();
	if (!p)
		return -ENOMEM;
	p->readers = p->writers = 1; /* its own ends: never EPIPE, never EOF */
	while (len) {
		loff_t start = *ppos;
		size_t want = min(len, (size_t)p->nslots * PAGE_SIZE);
		ssize_t got = splice_file_to_pipe(in, p, ppos, want, flags);
		if (got <= 0) {
			ret = got;
			break;
		}
		ssize_t put = splice_pipe_to_file(p, out, opos, got, flags);
		if (put <= 0) {
			*ppos = start;
			ret = put;
			break;
		}
		total += put;
		len -= put;
		if (put < got) {
			*ppos = start + put; /* the rest was not written: read it again */
			break;
		}
	}
	while (!pipe_empty(p))
		pipe_buf_release(p, pipe_buf(p, p->tail++));
	p->readers = p->writers = 0;
	pipe_free(p);
	return total ? total : ret;
}
