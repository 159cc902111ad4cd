/*
 * Pipes and FIFOs share one object, struct pipe (fs/pipe.c): the data
 * ring and the counts of the open ends. pipe(2) makes one with both ends
 * open; a FIFO's inode gets one at its first open (fs/fifo.c), which goes
 * when the last end closes, so a FIFO keeps nothing between uses.
 */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include <kernel/fs.h>

#define PIPE_PAGES (PIPE_SIZE / PAGE_SIZE)

struct page;

struct pipe {
	struct page *pages[PIPE_PAGES];
	uint32_t head, tail;
	int readers, writers; /* open files that read, that write */
	/* opens of each kind ever made: a waiting FIFO open watches these */
	uint32_t r_counter, w_counter;
	struct inode *inode; /* a FIFO's inode (whose ->pipe this is), or NULL */
	char readers_wait, writers_wait, open_wait; /* the wait channels */
};

extern const struct file_operations pipe_ops;
/* A new pipe with no ends open, or NULL without memory. */
struct pipe *pipe_alloc(void);
/* Free p (no ends open), detaching it from its FIFO's inode. */
void pipe_free(struct pipe *p);
/* Wake the sleepers on chan (one of p's channels) and every poller. */
void pipe_wake(char *chan);

#endif
