/*
 * Pipes: a ring of buffers, each a reference to one page holding one run
 * of bytes (offset, len), as Linux's pipe_buffer ring (the structures are
 * in include/kernel/pipe_buf.h). pipe(2)'s pipes and open FIFOs
 * (fs/fifo.c) are the same object; an O_RDWR open of a FIFO is a reader
 * and a writer at once.
 *
 * `head` and `tail` count buffers ever filled and emptied; head - tail are
 * in use, at most nslots (16 by default: 64 KiB). A write first tops up
 * the last buffer with its tail (len % PAGE_SIZE bytes) if all of that
 * fits there and the buffer may merge (an anonymous one), then fills whole
 * new buffers, so a write of at most PIPE_BUF bytes lands in one piece and
 * is never interleaved with another's, and how many writes fill a pipe is
 * the same as on Linux (a buffer with one byte left in it still counts as
 * used). A writer with O_DIRECT makes packets: each buffer it fills is
 * one, never topped up, and a read takes at most one packet and drops
 * what the reader had no room for.
 *
 * Buffers come in two kinds (their ops): anonymous ones hold one of the
 * pipe's own pages; page references (splice of a file, vmsplice) hold
 * someone else's page and are never written into. The pipe keeps a pool
 * of spare pages for anonymous buffers, filled to nslots when the pipe is
 * made or resized: a write takes its pages from there (a new page only if
 * the pool ran dry, e.g. after tee shared a page), and a buffer read to
 * the end gives its page back when nobody else holds it, so a pipe's
 * memory stays put as data comes and goes, pipe(2) is ENOMEM when memory
 * is short, and everything comes back when the pipe goes.
 *
 * A reader sleeps while the ring is empty and a writer exists, and reads
 * 0 (end-of-file) once none does. A writer with no reader left gets
 * SIGPIPE, and -EPIPE if nothing went in. As in Linux, a chunk whose copy
 * faults is neither committed (write) nor consumed (read).
 *
 * Readers and writers sleep on separate channels, and each side wakes only
 * the other, when the condition it waits for may have changed: readers
 * when data arrives or the last writer goes, writers when a slot is freed
 * or the last reader goes. A splice that calls another file's read_iter or
 * write_iter (which may sleep) with the ring half used holds the pipe
 * (pipe_lock); readers, writers and resizes wait until it lets go.
 */
#include <kernel/fs.h>
#include <kernel/permission.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/highmem.h>
#include <kernel/splice.h>
#include <asm/uaccess.h>

#define PIPE_DEF_SLOTS (PIPE_SIZE / PAGE_SIZE)
#define PIPE_MAX_ROUND (1u << 31)     /* the largest size F_SETPIPE_SZ rounds */
#define PIPE_MAX_SIZE_DEFAULT 1048576 /* /proc/sys/fs/pipe-max-size at boot */

/* Above this, a pipe may not grow (F_SETPIPE_SZ is -EPERM, as for a
 * process without CAP_SYS_RESOURCE) and new pipes are made smaller. */
static uint32_t pipe_max_size = PIPE_MAX_SIZE_DEFAULT;

/* Wake one side's sleepers, and every poller (readiness changed). */
void pipe_wake(struct wait_queue_head *wq)
{
	wake_up_all(wq);
}

/* Most references a spliced page may carry, with room below the
 * counter's limit for the mappings and files that hold it too. */
#define PAGE_REF_MAX 0xf000

/* Returns 0 once no splice holds p, or -EINTR when a signal came first. */
static int wait_unlocked(struct pipe *p)
{
	while (p->locked)
		if (wait_sleep(&p->lock_wait))
			return -EINTR;
	return 0;
}

/* Wait until no splice holds p, then hold it. Returns 0 or -EINTR. */
int pipe_lock(struct pipe *p)
{
	int err = wait_unlocked(p);

	if (!err)
		p->locked = true;
	return err;
}

/* Let go of p and wake whoever waits for it. */
void pipe_unlock(struct pipe *p)
{
	p->locked = false;
	wake_up_all(&p->lock_wait);
}

/* Sleep on chan until woken, then until no splice holds p. Returns 0 or
 * -EINTR. */
int pipe_sleep(struct pipe *p, struct wait_queue_head *wq)
{
	int err = wait_sleep(wq);

	return err ? err : wait_unlocked(p);
}

/* An anonymous buffer is read to its end: its page goes back to the pool
 * if the pool has room and nobody else (tee) holds it, else is put. */
static void anon_release(struct pipe *p, struct pipe_buf *b)
{
	if (b->page->refcount == 1 && p->npool < p->nslots)
		p->pool[p->npool++] = b->page;
	else
		put_page(b->page);
}

/* Another reference to b's page for a copy of b: true, or false when the
 * page carries PAGE_REF_MAX already. */
static bool page_buf_get(struct pipe *p, struct pipe_buf *b)
{
	if (b->page->refcount >= PAGE_REF_MAX)
		return false;
	get_page(b->page);
	return true;
}

/* A page reference is read to its end: drop it. */
static void page_buf_release(struct pipe *p, struct pipe_buf *b)
{
	put_page(b->page);
}

const struct pipe_buf_operations anon_pipe_buf_ops = {
	.release = anon_release,
	.get = page_buf_get,
};

const struct pipe_buf_operations page_pipe_buf_ops = {
	.release = page_buf_release,
	.get = page_buf_get,
};

/* Drop b's page through its ops and leave the slot empty. */
void pipe_buf_release(struct pipe *p, struct pipe_buf *b)
{
	const struct pipe_buf_operations *ops = b->ops;

	b->ops = NULL;
	b->len = 0;
	if (ops && ops->release)
		ops->release(p, b);
	b->page = NULL;
}

/* One more reference to b's page: true, or false when it can take none. */
bool pipe_buf_get(struct pipe *p, struct pipe_buf *b)
{
	return b->ops->get ? b->ops->get(p, b) : false;
}

/* 0 when b's bytes may be read (a NULL confirm always may), else -errno. */
int pipe_buf_confirm(struct pipe *p, struct pipe_buf *b)
{
	return b->ops->confirm ? b->ops->confirm(p, b) : 0;
}

/* A new empty anonymous buffer at the head, its page from the pool (or a
 * new one when the pool is dry): the buffer, or NULL (ring full, no page). */
struct pipe_buf *pipe_push_anon(struct pipe *p, bool packet)
{
	struct page *pg;

	if (pipe_full(p))
		return NULL;
	pg = p->npool ? p->pool[--p->npool] : alloc_highuser_page();
	if (!pg)
		return NULL;
	struct pipe_buf *b = pipe_buf(p, p->head++);
	b->page = pg;
	b->offset = b->len = 0;
	b->flags = packet ? PIPE_BUF_PACKET : PIPE_BUF_CAN_MERGE;
	b->ops = &anon_pipe_buf_ops;
	return b;
}

/* A buffer at the head referring to len bytes of page from offset, with a
 * reference of its own: the buffer, or NULL (ring full, page at its limit). */
struct pipe_buf *pipe_push_page(struct pipe *p, struct page *page, size_t offset, size_t len)
{
	if (pipe_full(p) || page->refcount >= PAGE_REF_MAX)
		return NULL;
	get_page(page);
	struct pipe_buf *b = pipe_buf(p, p->head++);
	b->page = page;
	b->offset = offset;
	b->len = len;
	b->flags = 0;
	b->ops = &page_pipe_buf_ops;
	return b;
}

/* Take the newest buffer out of the ring, releasing it. */
void pipe_pop_head(struct pipe *p)
{
	pipe_buf_release(p, pipe_buf(p, --p->head));
}

/* Empty the buffer at the tail and step past it. */
static void release_tail(struct pipe *p)
{
	pipe_buf_release(p, pipe_buf(p, p->tail));
	p->tail++;
}

/* Read what is waiting, sleeping while the pipe is empty and has a writer.
 * Returns the bytes read, 0 at end of file, -EAGAIN, -EINTR, -EFAULT, or
 * a buffer's confirm error when nothing was read. */
static ssize_t pipe_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct pipe *p = f->private;
	size_t left = iov_iter_count(to), total = 0;
	bool freed = false;
	ssize_t err = 0;

	if (left == 0)
		return 0;
	if (wait_unlocked(p))
		return -EINTR;
	for (;;) {
		if (!pipe_empty(p)) {
			struct pipe_buf *b = pipe_buf(p, p->tail);
			size_t chars = min((size_t)b->len, left);
			if ((err = pipe_buf_confirm(p, b)))
				break;
			if (copy_page_to_iter(b->page, b->offset, chars, to) < chars) {
				err = -EFAULT; /* as Linux: the chunk is not consumed */
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
			if (!pipe_empty(p))
				continue;
		}
		if (p->writers == 0 || total)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (pipe_sleep(p, &p->readers_wait))
			return -EINTR;
	}
	if (freed)
		pipe_wake(&p->writers_wait); /* a slot is free */
	return total ? (ssize_t)total : err;
}

/* Top up the last buffer with the tail of a write of want bytes from
 * from, if it can merge (anonymous, not a packet) and has room for all of
 * it. Returns the bytes put there (maybe 0), or -EFAULT when the copy
 * faulted. */
static ssize_t merge_tail(struct pipe *p, size_t want, struct iov_iter *from)
{
	size_t chars = want & (PAGE_SIZE - 1);

	if (!chars || pipe_empty(p))
		return 0;
	struct pipe_buf *b = pipe_buf(p, p->head - 1);
	size_t off = b->offset + b->len;
	if (b->ops != &anon_pipe_buf_ops || !(b->flags & PIPE_BUF_CAN_MERGE) ||
	    off + chars > PAGE_SIZE)
		return 0;
	if (copy_page_from_iter(b->page, off, chars, from) < chars)
		return -EFAULT; /* as Linux: nothing of it is committed */
	b->len += chars;
	return chars;
}

/* Write all of from, sleeping while the pipe is full (see the file
 * comment for how buffers fill). Returns the bytes written, or -EPIPE
 * (after SIGPIPE), -EAGAIN, -EINTR, -EFAULT or -ENOMEM (no page for a
 * buffer) when none went in (else the bytes that did). */
static ssize_t pipe_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct pipe *p = f->private;
	size_t want = iov_iter_count(from);
	ssize_t total, err = 0;

	if (want == 0)
		return 0;
	if (wait_unlocked(p))
		return -EINTR;
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
		if (!pipe_full(p)) {
			struct pipe_buf *b = pipe_push_anon(p, f->flags & O_DIRECT);
			if (!b) {
				err = -ENOMEM;
				break;
			}
			size_t n = copy_page_from_iter(b->page, 0, PAGE_SIZE, from);
			if (n < PAGE_SIZE && iov_iter_count(from)) {
				err = -EFAULT; /* as Linux: the buffer stays, empty */
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
		if (pipe_sleep(p, &p->writers_wait)) {
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
		n += pipe_buf(p, i)->len;
	return ioctl_fionread(arg, n);
}

/* The read end is readable with data, hung up with no writer (unless it
 * opened a FIFO with no writer and none has come since); the write end is
 * writable with a free slot, in error with no reader (as Linux's). */
static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private;
	unsigned int mask = 0;

	if (file_readable(f))
		poll_wait(f, &p->readers_wait, pt);
	if (file_writable(f))
		poll_wait(f, &p->writers_wait, pt);
	if (file_readable(f)) {
		if (!pipe_empty(p))
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0 && f->pipe_seen != p->w_counter)
			mask |= POLLHUP;
	}
	if (file_writable(f)) {
		if (!pipe_full(p))
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

/* Give p a ring of nslots (a power of two), the buffers in use moved
 * over in order, and a pool that with them makes nslots pages (new pages
 * taken, spare ones freed). Returns 0, -EBUSY (more in use than that),
 * -EINTR or -ENOMEM (with nothing changed). */
static int pipe_resize(struct pipe *p, uint32_t nslots)
{
	uint32_t used = pipe_occupancy(p), want = nslots - used, npool = p->npool, i;

	if (wait_unlocked(p))
		return -EINTR;
	if (nslots < used)
		return -EBUSY;
	struct pipe_buf *bufs = kzalloc(nslots * sizeof(*bufs));
	struct page **pool = kzalloc(nslots * sizeof(*pool));
	if (!bufs || !pool)
		goto nomem;
	for (i = 0; i < want && i < npool; i++)
		pool[i] = p->pool[i];
	for (; i < want; i++)
		if (!(pool[i] = alloc_highuser_page()))
			goto nomem;
	for (uint32_t k = want; k < npool; k++)
		put_page(p->pool[k]);
	for (i = 0; i < used; i++)
		bufs[i] = *pipe_buf(p, p->tail + i);
	kfree(p->bufs);
	kfree(p->pool);
	p->bufs = bufs;
	p->pool = pool;
	p->npool = want;
	p->nslots = nslots;
	p->tail = 0;
	p->head = used;
	pipe_wake(&p->writers_wait); /* there may be room now */
	return 0;
nomem:
	if (pool)
		for (i = npool; i < want && pool[i]; i++)
			put_page(pool[i]);
	kfree(pool);
	kfree(bufs);
	return -ENOMEM;
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
 * pipe-max-size is below 64 KiB), and a page in the pool for each (user
 * memory, so a full memory refuses them); NULL when memory is out. */
struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));
	uint32_t nslots = PIPE_DEF_SLOTS;

	if (!p)
		return NULL;
	if (nslots * PAGE_SIZE > pipe_max_size)
		nslots = pipe_max_size / PAGE_SIZE;
	p->bufs = kzalloc(nslots * sizeof(*p->bufs));
	p->pool = kzalloc(nslots * sizeof(*p->pool));
	p->nslots = nslots;
	if (!p->bufs || !p->pool) {
		pipe_free(p);
		return NULL;
	}
	for (; p->npool < nslots; p->npool++) {
		if (!(p->pool[p->npool] = alloc_highuser_page())) {
			pipe_free(p);
			return NULL;
		}
	}
	return p;
}

/* Free p, the buffers left in its ring and its pool; a FIFO's inode
 * forgets it. */
void pipe_free(struct pipe *p)
{
	if (p->inode)
		p->inode->pipe = NULL;
	if (p->bufs)
		while (!pipe_empty(p))
			release_tail(p);
	while (p->npool)
		put_page(p->pool[--p->npool]);
	kfree(p->pool);
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

/* Read a numeric sysctl holding v as Linux's proc_dointvec does: the
 * decimal text and a newline, all from offset 0 in one read (cut to the
 * reader's count); a read at any later offset is end of file. Returns
 * the bytes read, or -EFAULT. */
static ssize_t sysctl_number_read(uint32_t v, struct iov_iter *to, loff_t *pos)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u\n", v);

	if (*pos)
		return 0;
	return text_read(buf, min((size_t)len, iov_iter_count(to)), to, pos);
}

/* /proc/sys/fs/pipe-max-size: the limit in decimal. Returns bytes read. */
static ssize_t max_size_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return sysctl_number_read(pipe_max_size, to, pos);
}

/* The decimal number a sysctl write holds (blanks around it allowed),
 * at most UINT32_MAX, into *v. Returns the bytes taken, or -EINVAL (not
 * such a number) or -EFAULT. */
static ssize_t write_number(struct iov_iter *from, uint64_t *v)
{
	char buf[24];
	size_t len = iov_iter_count(from), i = 0;

	*v = 0;
	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_iter(buf, len, from) < len)
		return -EFAULT;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (i == len || buf[i] < '0' || buf[i] > '9')
		return -EINVAL;
	while (i < len && buf[i] >= '0' && buf[i] <= '9' && *v <= UINT32_MAX)
		*v = *v * 10 + (buf[i++] - '0');
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (i != len || *v > UINT32_MAX)
		return -EINVAL;
	return len;
}

/* Writing a number sets the limit, rounded as F_SETPIPE_SZ rounds. Returns
 * the bytes taken, or -EINVAL (not a number, or above 2 GiB), -EFAULT. */
static ssize_t max_size_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	uint64_t v;
	ssize_t len = write_number(from, &v);

	if (len < 0)
		return len;
	if (!round_pipe_size(v))
		return -EINVAL;
	pipe_max_size = round_pipe_size(v);
	return len;
}

static const struct file_operations max_size_ops = {
	.read_iter = max_size_read,
	.write_iter = max_size_write,
	.llseek = generic_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};

/*
 * /proc/sys/fs/pipe-user-pages-soft and -hard: Linux's limits on the pipe
 * pages one user may hold (16384 and 0, none, at boot), kept as numbers
 * a root may read and write. Mica checks neither: Linux does not apply
 * them to a privileged process, and Mica has no per-user page count.
 */
static uint32_t user_pages_soft = 16384, user_pages_hard;

/* Set *limit to the number written. Returns the bytes taken, or -EINVAL
 * (not a number that fits an unsigned long), -EFAULT. */
static ssize_t limit_write(uint32_t *limit, struct iov_iter *from)
{
	uint64_t v;
	ssize_t len = write_number(from, &v);

	if (len >= 0)
		*limit = v;
	return len;
}

/* pipe-user-pages-soft read: the limit. Returns bytes read. */
static ssize_t soft_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return sysctl_number_read(user_pages_soft, to, pos);
}

/* pipe-user-pages-soft write: a new limit (see limit_write). */
static ssize_t soft_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return limit_write(&user_pages_soft, from);
}

/* pipe-user-pages-hard read: the limit. Returns bytes read. */
static ssize_t hard_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return sysctl_number_read(user_pages_hard, to, pos);
}

/* pipe-user-pages-hard write: a new limit (see limit_write). */
static ssize_t hard_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return limit_write(&user_pages_hard, from);
}

static const struct file_operations soft_ops = {
	.read_iter = soft_read,
	.write_iter = soft_write,
	.llseek = generic_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};

static const struct file_operations hard_ops = {
	.read_iter = hard_read,
	.write_iter = hard_write,
	.llseek = generic_llseek,
	.splice_read = generic_file_splice_read,
	.splice_write = iter_file_splice_write,
};

/* Make /proc/sys/fs/pipe-max-size and pipe-user-pages-soft/-hard in fs
 * (the /proc/sys/fs directory). */
void pipe_sysctl_init(struct inode *fs)
{
	make_node(fs, "pipe-max-size", S_IFREG | 0644, 0, &max_size_ops);
	make_node(fs, "pipe-user-pages-soft", S_IFREG | 0644, 0, &soft_ops);
	make_node(fs, "pipe-user-pages-hard", S_IFREG | 0644, 0, &hard_ops);
}
