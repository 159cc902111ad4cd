/*
 * Pipes: a ring of PIPE_SIZE bytes in whole pages, read through
 * copy_page_to_iter and written through copy_page_from_iter. pipe(2)'s
 * pipes and open FIFOs (fs/fifo.c) are the same object; an O_RDWR open
 * of a FIFO is a reader and a writer at once.
 *
 * `head` and `tail` count every byte ever written and read; the ring
 * holds head - tail bytes. A reader sleeps while the ring is empty and
 * a writer exists, and reads 0 (end-of-file) once none does. A writer
 * with no reader left gets -EPIPE and SIGPIPE. A write of at most
 * PIPE_BUF bytes waits until it fits whole, so it is never interleaved
 * with another writer's; longer writes go in pieces as room appears.
 * Data moves in chunks that never cross a ring page; as in Linux, a chunk
 * whose copy faults is neither committed (write) nor consumed (read).
 *
 * Readers and writers sleep on separate channels, and each side wakes only
 * the other, when the condition it waits for may have changed: readers
 * when data arrives or the last writer goes, writers when room appears or
 * the last reader goes. Two writers blocked on a full pipe therefore stay
 * asleep until a reader or a signal comes.
 */
#include <kernel/fs.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

/* Wake one side's sleepers, and every poller (readiness changed). */
void pipe_wake(char *chan)
{
	wakeup(chan);
	poll_wake();
}

/* Read what is waiting, sleeping while the pipe is empty and has a writer.
 * Returns the bytes read, 0 at end of file, -EAGAIN, -EINTR or -EFAULT. */
static ssize_t pipe_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct pipe *p = f->private;
	size_t total = 0;

	if (iov_iter_count(to) == 0)
		return 0;
	while (p->head == p->tail) {
		if (p->writers == 0)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on(&p->readers_wait))
			return -EINTR;
	}
	while (p->head != p->tail && iov_iter_count(to)) {
		uint32_t off = p->tail % PIPE_SIZE;
		size_t chunk =
			min((size_t)(PAGE_SIZE - off % PAGE_SIZE), (size_t)(p->head - p->tail));
		chunk = min(chunk, iov_iter_count(to));
		size_t n = copy_page_to_iter(p->pages[off / PAGE_SIZE], off % PAGE_SIZE, chunk, to);
		if (n < chunk)
			break; /* as Linux: a chunk that faults is not consumed */
		p->tail += n;
		total += n;
	}
	if (!total)
		return -EFAULT;
	pipe_wake(&p->writers_wait); /* room appeared */
	return total;
}

/* Write all of from, sleeping while the pipe is full; PIPE_BUF or less goes
 * in at once. Returns the bytes written, or -EPIPE (after SIGPIPE), -EAGAIN,
 * -EINTR or -EFAULT when none went in (else the bytes that did). */
static ssize_t pipe_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct pipe *p = f->private;
	size_t total = 0, want = iov_iter_count(from);

	while (total < want) {
		if (p->readers == 0) {
			if (total)
				return total;
			send_signal(current, SIGPIPE);
			return -EPIPE;
		}
		size_t room = PIPE_SIZE - (p->head - p->tail);
		/* an atomic write waits for room for all of it */
		if (room == 0 || (want <= PIPE_BUF && room < want)) {
			if (f->flags & O_NONBLOCK)
				return total ? (ssize_t)total : -EAGAIN;
			if (sleep_on(&p->writers_wait))
				return total ? (ssize_t)total : -EINTR;
			continue;
		}
		while (room && total < want) {
			uint32_t off = p->head % PIPE_SIZE;
			size_t chunk = min((size_t)(PAGE_SIZE - off % PAGE_SIZE), room);
			chunk = min(chunk, want - total);
			size_t n = copy_page_from_iter(p->pages[off / PAGE_SIZE], off % PAGE_SIZE,
						       chunk, from);
			if (n < chunk) { /* as Linux: a chunk that faults is dropped */
				if (total)
					pipe_wake(&p->readers_wait);
				return total ? (ssize_t)total : -EFAULT;
			}
			p->head += n;
			total += n;
			room -= n;
		}
		pipe_wake(&p->readers_wait); /* data arrived */
	}
	return total;
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

	if (cmd != FIONREAD)
		return -ENOTTY;
	return ioctl_fionread(arg, p->head - p->tail);
}

/* The read end is readable with data, hung up with no writer (unless it
 * opened a FIFO with no writer and none has come since); the write end is
 * writable with room, in error with no reader (as Linux's). */
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
		if (p->head - p->tail < PIPE_SIZE)
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

/* A new pipe with no ends, its ring's pages allocated (they are user
 * data, so a full memory refuses them); NULL when memory is out. */
struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	for (unsigned int i = 0; i < PIPE_PAGES; i++) {
		if (!(p->pages[i] = alloc_user_page())) {
			pipe_free(p);
			return NULL;
		}
	}
	return p;
}

/* Free p and its pages; a FIFO's inode forgets it. */
void pipe_free(struct pipe *p)
{
	if (p->inode)
		p->inode->pipe = NULL;
	for (unsigned int i = 0; i < PIPE_PAGES; i++)
		if (p->pages[i])
			put_page(p->pages[i]);
	kfree(p);
}

/* A new pipe: its two files, or -ENOMEM with everything made so far
 * undone. */
int pipe_create(struct file **rd, struct file **wr)
{
	struct pipe *p = pipe_alloc();
	struct inode *ip = inode_new(S_IFIFO | 0600);

	*rd = *wr = NULL;
	if (!p || !ip)
		goto nomem;
	ip->nlink = 1;
	*rd = file_alloc(ip, O_RDONLY, &pipe_ops);
	*wr = file_alloc(ip, O_WRONLY, &pipe_ops);
	if (!*rd || !*wr)
		goto nomem;
	inode_put(ip);
	(*rd)->private = (*wr)->private = p;
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
