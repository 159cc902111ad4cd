/*
 * A pipe's ring of buffers (fs/pipe.c), as Linux's pipe_buffer ring: the
 * part of struct pipe that iov_iter's ITER_PIPE (lib/iov_iter.c), splice
 * (fs/splice.c) and the pipe's own read and write share. It needs no other
 * kernel header than wait.h (which needs none), so lib/ code built for
 * the host can include it.
 *
 * Each buffer holds a reference to one page and says which bytes of it
 * are data (offset, len), and how to treat that page (ops):
 *   anon_pipe_buf_ops  the pipe's own page, filled by write(2) or by a copy
 *                      into an ITER_PIPE; a later small write may top it up
 *                      (PIPE_BUF_CAN_MERGE); when read, the page goes back
 *                      to the pipe's pool if nobody else holds it
 *   page_pipe_buf_ops  a reference to someone else's page: a file's page
 *                      spliced in by copy_page_to_iter, a user page given
 *                      by vmsplice; never written into, put_page'd when read
 * tee(2) copies a buffer by taking one more reference (pipe_buf_get).
 *
 * `head` and `tail` count buffers ever filled and emptied; slot n of the
 * ring is bufs[n & (nslots - 1)]; head - tail are in use (pipe_occupancy).
 */
#ifndef KERNEL_PIPE_BUF_H
#define KERNEL_PIPE_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <kernel/wait.h>

struct page;
struct inode;
struct pipe;
struct pipe_buf;

/* What may be done with a buffer's page; a NULL hook does nothing. */
struct pipe_buf_operations {
	/* 0 when the buffer's bytes may be read now, else -errno. */
	int (*confirm)(struct pipe *p, struct pipe_buf *b);
	/* Drop the buffer's hold on its page (the buffer is empty after). */
	void (*release)(struct pipe *p, struct pipe_buf *b);
	/* Take one more reference for a copy of the buffer: true, or false
	 * when the page can take no more. */
	bool (*get)(struct pipe *p, struct pipe_buf *b);
};

/* One slot of the ring: len bytes from offset of page. */
struct pipe_buf {
	struct page *page;
	uint16_t offset, len;
	uint8_t flags;
	const struct pipe_buf_operations *ops; /* NULL in an empty slot */
};
#define PIPE_BUF_CAN_MERGE 0x1 /* a later small write may top it up */
#define PIPE_BUF_PACKET 0x2    /* an O_DIRECT packet: read whole or cut */
#define PIPE_BUF_GIFT 0x4      /* vmsplice's SPLICE_F_GIFT: the page was given */

struct pipe {
	struct pipe_buf *bufs; /* the ring, nslots long (a power of two) */
	uint32_t nslots;
	uint32_t head, tail; /* buffers ever filled, ever emptied */
	/* the pipe's spare pages for anonymous buffers: npool of them in
	 * pool[0..npool), never more than nslots (see fs/pipe.c) */
	struct page **pool;
	uint32_t npool;
	int readers, writers; /* open files that read, that write */
	/* opens of each kind ever made: a waiting FIFO open watches these */
	uint32_t r_counter, w_counter;
	struct inode *inode; /* the FIFO's or pipe's inode, whose ->pipe this is */
	bool anon;	     /* pipe(2)'s: an open of it (/proc/PID/fd/N) never waits */
	/* held by a splice across a call that may sleep with the ring half
	 * used; readers, writers and other splices wait on lock_wait */
	bool locked;
	struct wait_queue_head readers_wait, writers_wait; /* readers, writers and pollers */
	struct wait_queue_head open_wait, lock_wait;	   /* FIFO opens, splices */
};

extern const struct pipe_buf_operations anon_pipe_buf_ops;
extern const struct pipe_buf_operations page_pipe_buf_ops;

/* The slot that counter n (head or tail) names. */
static inline struct pipe_buf *pipe_buf(const struct pipe *p, uint32_t n)
{
	return &p->bufs[n & (p->nslots - 1)];
}

/* Buffers in use. */
static inline uint32_t pipe_occupancy(const struct pipe *p)
{
	return p->head - p->tail;
}

/* True when no buffer is in use. */
static inline bool pipe_empty(const struct pipe *p)
{
	return p->head == p->tail;
}

/* True when every slot is in use. */
static inline bool pipe_full(const struct pipe *p)
{
	return pipe_occupancy(p) >= p->nslots;
}

/* Drop buffer b's page (its ops' release) and leave it empty. */
void pipe_buf_release(struct pipe *p, struct pipe_buf *b);
/* Take one more reference to b's page for a copy of b: true, or false
 * when the page can take no more. */
bool pipe_buf_get(struct pipe *p, struct pipe_buf *b);
/* 0 when b's bytes may be read, else -errno. */
int pipe_buf_confirm(struct pipe *p, struct pipe_buf *b);

/* A new empty anonymous buffer at the head (mergeable unless packet),
 * its page from the pool (or a new one): the buffer, or NULL when the
 * ring is full or no page can be had. */
struct pipe_buf *pipe_push_anon(struct pipe *p, bool packet);
/* A new buffer at the head referring to len bytes of page from offset
 * (one more reference taken): the buffer, or NULL when the ring is full
 * or page can take no more references. */
struct pipe_buf *pipe_push_page(struct pipe *p, struct page *page, size_t offset, size_t len);
/* Take the newest buffer (at head - 1) out of the ring, released. */
void pipe_pop_head(struct pipe *p);

#endif
