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

struct page;

/* One slot of the ring: a page holding len bytes from offset. */
struct pipe_buf {
	struct page *page;
	uint16_t offset, len;
	uint8_t flags;
};
#define PIPE_BUF_CAN_MERGE 0x1 /* a later small write may top it up */
#define PIPE_BUF_PACKET 0x2    /* an O_DIRECT packet: read whole or cut */

struct pipe {
	struct pipe_buf *bufs; /* the ring, nslots long (a power of two) */
	uint32_t nslots;
	uint32_t head, tail;  /* slots ever filled, ever emptied */
	int readers, writers; /* open files that read, that write */
	/* opens of each kind ever made: a waiting FIFO open watches these */
	uint32_t r_counter, w_counter;
	struct inode *inode; /* the FIFO's or pipe's inode, whose ->pipe this is */
	bool anon;	     /* pipe(2)'s: an open of it (/proc/PID/fd/N) never waits */
	char readers_wait, writers_wait, open_wait; /* the wait channels */
};

extern const struct file_operations pipe_ops;
/* A new pipe with no ends open, or NULL without memory. */
struct pipe *pipe_alloc(void);
/* Free p (no ends open), detaching it from its FIFO's inode. */
void pipe_free(struct pipe *p);
/* Wake the sleepers on chan (one of p's channels) and every poller. */
void pipe_wake(char *chan);
/* F_GETPIPE_SZ/F_SETPIPE_SZ on f: the size in bytes, or -errno. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg);
/* Make /proc/sys/fs/pipe-max-size in the directory fs. */
void pipe_sysctl_init(struct inode *fs);

#endif
