/*
 * Pipes: a ring of slots, each a page of user memory holding one run of
 * bytes (offset, len), as Linux's pipe_buffer ring. pipe(2)'s pipes and
 * open FIFOs (fs/fifo.c) are the same object; an O_RDWR open of a FIFO
 * is a reader and a writer at once.
 *
 * `head` and `tail` count slots ever filled and emptied; head - tail are
 * in use, at most nslots (16 by default: 64 KiB). A write first tops up
 * the last slot with its tail (len % PAGE_SIZE bytes) if all of that fits
 * there, then fills whole new slots, so a write of at most PIPE_BUF
 * bytes lands in one piece and is never interleaved with another's, and
 * how many writes fill a pipe is the same as on Linux (a slot with one
 * byte left in it still counts as used). A writer with O_DIRECT makes
 * packets: each slot it fills is one, never topped up, and a read takes
 * at most one packet and drops what the reader had no room for.
 *
 * A reader sleeps while the ring is empty and a writer exists, and reads
 * 0 (end-of-file) once none does. A writer with no reader left gets
 * SIGPIPE, and -EPIPE if nothing went in. Every slot has its page from
 * the pipe's creation (or from the F_SETPIPE_SZ that made it) to its end,
 * so a pipe's memory does not change as data comes and goes. As in
 * Linux, a chunk whose copy faults is neither committed (write) nor
 * consumed (read).
 *
 * Readers and writers sleep on separate channels, and each side wakes only
 * the other, when the condition it waits for may have changed: readers
 * when data arrives or the last writer goes, writers when a slot is freed
 * or the last reader goes.
 */
#include <kernel/fs.h>
#include <kernel/permission.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

#define PIPE_DEF_SLOTS (PIPE_SIZE / PAGE_SIZE)
#define PIPE_MAX_ROUND (1u << 31)     /* the largest size F_SETPIPE_SZ rounds */
#define PIPE_MAX_SIZE_DEFAULT 1048576 /* /proc/sys/fs/pipe-max-size at boot */

/* Above this, a pipe may not grow (F_SETPIPE_SZ is -EPERM, as for a
 * process without CAP_SYS_RESOURCE) and new pipes are made smaller. */
static uint32_t pipe_max_size = PIPE_MAX_SIZE_DEFAULT;

/* Wake one side's sleepers, and every poller (readiness changed). */
void pipe_wake(char *chan)
{
	wakeup(chan);
	poll_wake();
}

/* The slot that counter n (head or tail) names. */
static struct pipe_buf *slot(struct pipe *p, uint32_t n)
{
	return &p->bufs[n & (p->nslots - 1)];
}

/* Empty the slot at the tail (its page stays with it). */
static void release_tail(struct pipe *p)
{
	slot(p, p->tail)->len = 0;
	p->tail++;
}

/* Read what is waiting, sleeping while the pipe is empty and has a writer.
 * Returns the bytes read, 0 at end of file, -EAGAIN, -EINTR or -EFAULT. */
static ssize_t pipe_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct pipe *p = f->private;
	size_t left = iov_iter_count(to), total = 0;
	bool freed = false, fault = false;

	if (left == 0)
		return 0;
	for (;;) {
		if (p->head != p->tail) {
			struct pipe_buf *b = slot(p, p->tail);
			size_t chars = min((size_t)b->len, left);
			if (copy_page_to_iter(b->page, b->offset, chars, to) < chars) {
				fault = true; /* as Linux: the chunk is not consumed */
				break;
			}
			total += chars;
			b->offset += chars;
			b->len -= chars;
			if (b->flags & PIPE_BUF_PACKET) {
				b->len = 0; /* the rest of a packet goes */
				left = chars;
			}
			if (b->len == 0) {
				release_tail(p);
				freed = true;
			}
			left -= chars;
			if (left == 0)
				break;
			if (p->head != p->tail)
				continue;
		}
		if (p->writers == 0 || total)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on(&p->readers_wait))
			return -EINTR;
	}
	if (freed)
		pipe_wake(&p->writers_wait); /* a slot is free */
	return total || !fault ? (ssize_t)total : -EFAULT;
}

/* Top up the last slot with the tail of a write of want bytes from from,
 * if it is not empty, can merge and has room for all of it. Returns the
 * bytes put there (maybe 0), or -EFAULT when the copy faulted. */
static ssize_t merge_tail(struct pipe *p, size_t want, struct iov_iter *from)
{
	size_t chars = want & (PAGE_SIZE - 1);

	if (!chars || p->head == p->tail)
		return 0;
	struct pipe_buf *b = slot(p, p->head - 1);
	size_t off = b->offset + b->len;
	if (!(b->flags & PIPE_BUF_CAN_MERGE) || off + chars > PAGE_SIZE)
		return 0;
	if (copy_page_from_iter(b->page, off, chars, from) < chars)
		return -EFAULT; /* as Linux: nothing of it is committed */
	b->len += chars;
	return chars;
}

/* Write all of from, sleeping while the pipe is full (see the file
 * comment for how slots fill). Returns the bytes written, or -EPIPE
 * (after SIGPIPE), -EAGAIN, -EINTR or -EFAULT when none went in
 * (else the bytes that did). */
static ssize_t pipe_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct pipe *p = f->private;
	size_t want = iov_iter_count(from);
	ssize_t total, err = 0;

	if (want == 0)
		return 0;
	if (p->readers == 0) {
		send_signal(current, SIGPIPE);
		return -EPIPE;
	}
	total = merge_tail(p, want, from);
	if (total < 0 || (size_t)total == want)
		goto out;
	for (;;) {
		if (p->readers == 0) {
			send_signal(current, SIGPIPE);
			err = -EPIPE;
			break;
		}
		if (p->head - p->tail < p->nslots) {
			struct pipe_buf *b = slot(p, p->head++);
			b->offset = b->len = 0;
			b->flags = (f->flags & O_DIRECT) ? PIPE_BUF_PACKET : PIPE_BUF_CAN_MERGE;
			size_t n = copy_page_from_iter(b->page, 0, PAGE_SIZE, from);
			if (n < PAGE_SIZE && iov_iter_count(from)) {
				err = -EFAULT; /* the slot stays, empty */
				break;
			}
			b->len = n;
			total += n;
			if (!iov_iter_count(from))
				break;
			continue;
		}
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		if (total)
			pipe_wake(&p->readers_wait); /* let them make room */
		if (sleep_on(&p->writers_wait)) {
			err = -EINTR;
			break;
		}
	}
out:
	if (total > 0)
		pipe_wake(&p->readers_wait); /* data arrived */
	return total ? total : err;
}

/* An open file of the pipe is closed: drop its counts, wake the other
 * side, and free the pipe once no end is left. */
static void pipe_release(struct file *f)
{
	struct pipe *p = f->private;

	if (file_readable(f) && --p->readers == 0)
		pipe_wake(&p->writers_wait); /* they may get EPIPE now */
	if (file_writable(f) && --p->writers == 0)
		pipe_wake(&p->readers_wait); /* they may read end-of-file now */
	if (p->readers == 0 && p->writers == 0)
		pipe_free(p);
}

/* FIONREAD: how many bytes a read could take now. */
static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->private;
	loff_t n = 0;

	if (cmd != FIONREAD)
		return -ENOTTY;
	for (uint32_t i = p->tail; i != p->head; i++)
		n += slot(p, i)->len;
	return ioctl_fionread(arg, n);
}

/* The read end is readable with data, hung up with no writer (unless it
 * opened a FIFO with no writer and none has come since); the write end is
 * writable with a free slot, in error with no reader (as Linux's). */
static unsigned int pipe_poll(struct file *f)
{
	struct pipe *p = f->private;
	unsigned int mask = 0;

	if (file_readable(f)) {
		if (p->head != p->tail)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0 && f->pipe_seen != p->w_counter)
			mask |= POLLHUP;
	}
	if (file_writable(f)) {
		if (p->head - p->tail < p->nslots)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

const struct file_operations pipe_ops = {
	.poll = pipe_poll,
	.read_iter = pipe_read,
	.write_iter = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* Size as F_SETPIPE_SZ and pipe-max-size round it: a power-of-two number
 * of pages, at least one; 0 when above 2 GiB. */
static uint32_t round_pipe_size(uint32_t size)
{
	uint32_t r = PAGE_SIZE;

	if (size > PIPE_MAX_ROUND)
		return 0;
	while (r < size)
		r <<= 1;
	return r;
}

/* Give p a ring of nslots (a power of two), the slots in use moved over
 * in order and every slot with a page (the old free slots' pages reused,
 * new ones taken, spare ones freed). Returns 0, -EBUSY (more in use than
 * that) or -ENOMEM (with nothing changed). */
static int pipe_resize(struct pipe *p, uint32_t nslots)
{
	uint32_t used = p->head - p->tail, i, k = used;

	if (nslots < used)
		return -EBUSY;
	struct pipe_buf *bufs = kzalloc(nslots * sizeof(*bufs));
	if (!bufs)
		return -ENOMEM;
	for (i = p->nslots; i < nslots; i++) {
		if (!(bufs[i].page = alloc_user_page())) {
			while (i-- > p->nslots)
				put_page(bufs[i].page);
			kfree(bufs);
			return -ENOMEM;
		}
	}
	for (i = 0; i < p->nslots; i++) {
		struct pipe_buf *b = slot(p, p->tail + i);
		if (i < used)
			bufs[i] = *b;
		else if (k < nslots && !bufs[k].page)
			bufs[k++].page = b->page;
		else
			put_page(b->page);
	}
	kfree(p->bufs);
	p->bufs = bufs;
	p->nslots = nslots;
	p->tail = 0;
	p->head = used;
	pipe_wake(&p->writers_wait); /* there may be room now */
	return 0;
}

/* F_GETPIPE_SZ and F_SETPIPE_SZ on f: the pipe's size in bytes (after
 * the change), or -EBADF (not a pipe), -EINVAL (size over 2 GiB), -EPERM
 * (growing above pipe-max-size), -EBUSY (fewer slots than in use), -ENOMEM. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->private;

	if (f->fop != &pipe_ops)
		return -EBADF;
	if (cmd == F_SETPIPE_SZ) {
		uint32_t size = round_pipe_size((uint32_t)arg);
		uint32_t nslots = size / PAGE_SIZE;
		if (!nslots)
			return -EINVAL;
		if (nslots > p->nslots && size > pipe_max_size)
			return -EPERM;
		int err = pipe_resize(p, nslots);
		if (err)
			return err;
	}
	return p->nslots * PAGE_SIZE;
}

/* A new pipe with no ends and an empty ring of 16 slots (fewer when
 * pipe-max-size is below 64 KiB), each with its page (user memory, so a
 * full memory refuses them); NULL when memory is out. */
struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));
	uint32_t nslots = PIPE_DEF_SLOTS;

	if (!p)
		return NULL;
	if (nslots * PAGE_SIZE > pipe_max_size)
		nslots = pipe_max_size / PAGE_SIZE;
	if (!(p->bufs = kzalloc(nslots * sizeof(*p->bufs)))) {
		kfree(p);
		return NULL;
	}
	p->nslots = nslots;
	for (uint32_t i = 0; i < nslots; i++) {
		if (!(p->bufs[i].page = alloc_user_page())) {
			pipe_free(p);
			return NULL;
		}
	}
	return p;
}

/* Free p, its ring and the ring's pages; a FIFO's inode forgets it. */
void pipe_free(struct pipe *p)
{
	if (p->inode)
		p->inode->pipe = NULL;
	for (uint32_t i = 0; i < p->nslots; i++)
		if (p->bufs[i].page)
			put_page(p->bufs[i].page);
	kfree(p->bufs);
	kfree(p);
}

/* A new pipe: its two files, or -ENOMEM with everything made so far
 * undone. flags may hold O_NONBLOCK (both ends) and O_DIRECT (the write
 * end, which then makes packets). */
int pipe_create(struct file **rd, struct file **wr, uint32_t flags)
{
	struct pipe *p = pipe_alloc();
	struct inode *ip = inode_new(S_IFIFO | 0600);

	*rd = *wr = NULL;
	if (!p || !ip)
		goto nomem;
	ip->nlink = 1;
	inode_init_owner(ip, NULL); /* the caller's fsuid and fsgid, as Linux */
	*rd = file_alloc(ip, O_RDONLY | (flags & O_NONBLOCK), &pipe_ops);
	*wr = file_alloc(ip, O_WRONLY | (flags & (O_NONBLOCK | O_DIRECT)), &pipe_ops);
	if (!*rd || !*wr)
		goto nomem;
	(*rd)->private = (*wr)->private = p;
	p->inode = ip; /* so /proc/PID/fd/N opens this pipe again (fs/fifo.c) */
	ip->pipe = p;
	p->anon = true; /* and such an open never waits for the other end */
	inode_put(ip);
	p->readers = p->writers = 1;
	p->r_counter = p->w_counter = 1;
	return 0;
nomem:
	/* a file holds an inode reference, which file_put drops; with no
	 * fop it runs no pipe_release for a pipe not yet set up */
	if (*rd) {
		(*rd)->fop = NULL;
		file_put(*rd);
	}
	if (*wr) {
		(*wr)->fop = NULL;
		file_put(*wr);
	}
	*rd = *wr = NULL;
	if (p)
		pipe_free(p);
	if (ip)
		inode_put(ip);
	return -ENOMEM;
}

/* /proc/sys/fs/pipe-max-size: the limit in decimal. Returns bytes read. */
static ssize_t max_size_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[16];

	return text_read(buf, snprintf(buf, sizeof(buf), "%u\n", pipe_max_size), to, pos);
}

/* Writing a number sets the limit, rounded as F_SETPIPE_SZ rounds. Returns
 * the bytes taken, or -EINVAL (not a number, or above 2 GiB), -EFAULT. */
static ssize_t max_size_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	char buf[24];
	size_t len = iov_iter_count(from), i = 0;
	uint64_t v = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_iter(buf, len, from) < len)
		return -EFAULT;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (i == len || buf[i] < '0' || buf[i] > '9')
		return -EINVAL;
	while (i < len && buf[i] >= '0' && buf[i] <= '9' && v <= UINT32_MAX)
		v = v * 10 + (buf[i++] - '0');
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (i != len || v > UINT32_MAX || !round_pipe_size(v))
		return -EINVAL;
	pipe_max_size = round_pipe_size(v);
	return len;
}

static const struct file_operations max_size_ops = {
	.read_iter = max_size_read,
	.write_iter = max_size_write,
	.llseek = generic_llseek,
};

/* Make /proc/sys/fs/pipe-max-size in fs (the /proc/sys/fs directory). */
void pipe_sysctl_init(struct inode *fs)
{
	make_node(fs, "pipe-max-size", S_IFREG | 0644, 0, &max_size_ops);
}
