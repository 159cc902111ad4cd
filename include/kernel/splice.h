/*
 * splice(2) and its family: moving data between files and pipes through
 * the pipe's ring of page buffers (fs/splice.c), as Linux's fs/splice.c.
 *
 * A file takes part through two file_operations hooks: splice_read puts
 * its data into a pipe (generic_file_splice_read: its read_iter on an
 * ITER_PIPE iterator, so a ramfs file's pages go in by reference), and
 * splice_write takes data out of one (iter_file_splice_write: its
 * write_iter on an ITER_BVEC over the pipe's buffers; splice_write_null:
 * the data read into an ITER_DISCARD and dropped). A file without the hook
 * cannot be spliced that way: -EINVAL, as Linux's.
 */
#ifndef KERNEL_SPLICE_H
#define KERNEL_SPLICE_H

#include <kernel/fs.h>

#define SPLICE_F_MOVE 1	    /* move pages instead of copying (a hint) */
#define SPLICE_F_NONBLOCK 2 /* do not wait on a pipe: -EAGAIN */
#define SPLICE_F_MORE 4	    /* more data comes (a hint) */
#define SPLICE_F_GIFT 8	    /* vmsplice: the pages are given to the kernel */
#define SPLICE_F_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

struct pipe;

/* f's pipe when f is a pipe or an open FIFO, else NULL. */
struct pipe *get_pipe_info(struct file *f);

/* Move up to len bytes from in (at *ppos, or its position if ppos is
 * NULL) into pipe through in's splice_read, waiting for room unless
 * SPLICE_F_NONBLOCK. Returns the bytes moved, 0 at end of file, or -EPIPE
 * (after SIGPIPE: no reader), -EAGAIN, -EINTR, -EBADF, -EINVAL. */
ssize_t splice_file_to_pipe(struct file *in, struct pipe *pipe, loff_t *ppos, size_t len,
			    unsigned int flags);
/* Move up to len bytes out of pipe into out (at *ppos, or its position if
 * ppos is NULL) through out's splice_write, waiting for data unless
 * SPLICE_F_NONBLOCK. Returns the bytes moved, 0 when the pipe is empty
 * and has no writer, or -EAGAIN, -EINTR, -EINVAL or out's write error. */
ssize_t splice_pipe_to_file(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
			    unsigned int flags);
/* file to file through a per-call internal pipe (sendfile's path). */
ssize_t do_splice_direct(struct file *in, loff_t *ppos, struct file *out, loff_t *opos, size_t len,
			 unsigned int flags);

/* splice_read for a file with a read_iter: it reads into an ITER_PIPE at
 * the pipe's head. Returns the bytes put in, or its error (-ENOMEM when
 * no page could be had for the pipe). */
ssize_t generic_file_splice_read(struct file *in, loff_t *ppos, struct pipe *pipe, size_t len,
				 unsigned int flags);
/* splice_write for a file with a write_iter: the pipe's buffers are
 * written through it as one ITER_BVEC, and what it took is consumed.
 * Returns the bytes written, or the first error when none were. */
ssize_t iter_file_splice_write(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
			       unsigned int flags);
/* splice_write of /dev/null and /dev/zero: up to len bytes of the pipe are
 * read into an ITER_DISCARD, so they are consumed and dropped. Returns the
 * bytes dropped. */
ssize_t splice_write_null(struct pipe *pipe, struct file *out, loff_t *ppos, size_t len,
			  unsigned int flags);

#endif
