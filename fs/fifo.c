/*
 * FIFOs (named pipes): a FIFO inode opens onto a struct pipe (fs/pipe.c),
 * made at the first open and freed by the last close, and from then on
 * its files are pipe files. The open rules are Linux's:
 *   O_RDONLY  waits until a writer has opened (since this open began);
 *             with O_NONBLOCK it returns at once
 *   O_WRONLY  waits until a reader has opened; with O_NONBLOCK and no
 *             reader it is ENXIO
 *   O_RDWR    counts as both ends and never waits
 * Access mode 3 (neither end) is EINVAL, as Linux's. A pipe(2) pipe
 * opened again (through /proc/PID/fd/N) never waits, as on Linux.
 * A waiting open is woken on the pipe's open channel by any open of the
 * other kind; it watches that kind's counter of opens ever made, so a
 * partner that opens and closes at once still releases it. A signal
 * ends the wait with -EINTR (restarted under SA_RESTART), undoing the
 * open's counts.
 */
#include <kernel/fs.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>

/* Sleep until *counter moves on from its value now. Returns 0, or
 * -EINTR when a signal came first. */
static int wait_for_partner(struct pipe *p, uint32_t *counter)
{
	uint32_t seen = *counter;

	while (*counter == seen)
		if (wait_sleep(&p->open_wait))
			return -EINTR;
	return 0;
}

/* A FIFO's open: attach f to ip's pipe (made if none) as the ends its
 * access mode names, waiting for the other end as the rules above say.
 * Returns 0, or -ENXIO, -EINTR, -EINVAL (access mode 3), -ENOMEM. */
static int fifo_open(struct inode *ip, struct file *f)
{
	struct pipe *p = ip->pipe;
	int err = 0;

	if ((f->flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	if (!p) {
		if (!(p = pipe_alloc()))
			return -ENOMEM;
		p->inode = ip;
		ip->pipe = p;
	}
	f->private = p;
	f->fop = &pipe_ops;
	switch (f->flags & O_ACCMODE) {
	case O_RDONLY:
		p->r_counter++;
		if (p->readers++ == 0)
			pipe_wake(&p->open_wait);
		if (p->writers || p->anon)
			break;
		if (f->flags & O_NONBLOCK)
			f->pipe_seen = p->w_counter; /* no POLLHUP until a writer came */
		else if ((err = wait_for_partner(p, &p->w_counter)) && --p->readers == 0)
			pipe_wake(&p->writers_wait);
		break;
	case O_WRONLY:
		if ((f->flags & O_NONBLOCK) && !p->readers && !p->anon) {
			err = -ENXIO;
			break;
		}
		p->w_counter++;
		if (p->writers++ == 0)
			pipe_wake(&p->open_wait);
		if (!p->readers && !p->anon && (err = wait_for_partner(p, &p->r_counter)) &&
		    --p->writers == 0)
			pipe_wake(&p->readers_wait);
		break;
	case O_RDWR:
		p->r_counter++;
		p->w_counter++;
		if (p->readers++ == 0 || p->writers == 0)
			pipe_wake(&p->open_wait);
		p->writers++;
		break;
	}
	if (err && p->readers == 0 && p->writers == 0)
		pipe_free(p);
	return err;
}

const struct file_operations fifo_ops = {
	.open = fifo_open,
};
