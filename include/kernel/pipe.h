/*
 * Pipes and FIFOs share one object, struct pipe (fs/pipe.c): the data
 * ring and the counts of the open ends. pipe(2) makes one with both ends
 * open; a FIFO's inode gets one at its first open (fs/fifo.c), which goes
 * when the last end closes, so a FIFO keeps nothing between uses.
 */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include <kernel/fs.h>

#define F_SETPIPE_SZ 1031 /* fcntl: set a pipe's size, Linux's number */
#define F_GETPIPE_SZ 1032 /* fcntl: get it */

#include <kernel/pipe_buf.h>

extern const struct file_operations pipe_ops;
/* A new pipe with no ends open, or NULL without memory. */
struct pipe *pipe_alloc(void);
/* Free p (no ends open), detaching it from its FIFO's inode. */
void pipe_free(struct pipe *p);
/* Wake the sleepers on chan (one of p's channels) and every poller. */
void pipe_wake(struct wait_queue_head *wq);
/* F_GETPIPE_SZ/F_SETPIPE_SZ on f: the size in bytes, or -errno. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg);
/* Wait until no splice holds p (pipe_lock), then hold it. Returns 0, or
 * -EINTR when a signal came first. */
int pipe_lock(struct pipe *p);
/* Let go of p and wake whoever waits for it. */
void pipe_unlock(struct pipe *p);
/* Sleep on chan (one of p's channels) until woken, then until no splice
 * holds p. Returns 0 or -EINTR. */
int pipe_sleep(struct pipe *p, struct wait_queue_head *wq);
/* Make /proc/sys/fs/pipe-max-size in the directory fs. */
void pipe_sysctl_init(struct inode *fs);

#endif
