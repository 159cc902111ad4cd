/*
 * The pipe-ring functions of include/kernel/pipe_buf.h for the host unit
 * tests of lib/iov_iter.c: enough of fs/pipe.c for an ITER_PIPE to fill a
 * ring the test made. Anonymous buffers take the fake pages in turn
 * (fake_page), and no page has a reference count, so a page reference is
 * just the pointer. Their bytes are reached through fake_kernel.c's
 * kmap_local_page, a bounce buffer of one page.
 */
#include <kernel/libdeps.h>
#include <kernel/pipe_buf.h>

struct page *fake_page(unsigned long n);
extern const unsigned long fake_nr_pages;

static unsigned long next_anon; /* the fake page the next anonymous buffer takes */

const struct pipe_buf_operations anon_pipe_buf_ops;
const struct pipe_buf_operations page_pipe_buf_ops;

/* A new empty anonymous buffer at the head (the next fake page), or NULL
 * when the ring is full. */
struct pipe_buf *pipe_push_anon(struct pipe *p, bool packet)
{
	if (pipe_full(p))
		return NULL;
	struct pipe_buf *b = pipe_buf(p, p->head++);
	b->page = fake_page(next_anon++ % fake_nr_pages);
	b->offset = b->len = 0;
	b->flags = packet ? PIPE_BUF_PACKET : PIPE_BUF_CAN_MERGE;
	b->ops = &anon_pipe_buf_ops;
	return b;
}

/* A buffer at the head naming len bytes of page from offset, or NULL when
 * the ring is full. */
struct pipe_buf *pipe_push_page(struct pipe *p, struct page *page, size_t offset, size_t len)
{
	if (pipe_full(p))
		return NULL;
	struct pipe_buf *b = pipe_buf(p, p->head++);
	b->page = page;
	b->offset = offset;
	b->len = len;
	b->flags = 0;
	b->ops = &page_pipe_buf_ops;
	return b;
}

/* Take the newest buffer out of the ring. */
void pipe_pop_head(struct pipe *p)
{
	struct pipe_buf *b = pipe_buf(p, --p->head);

	b->ops = NULL;
	b->len = 0;
	b->page = NULL;
}
