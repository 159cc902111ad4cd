/*
 * kmalloc/kfree. Small objects (up to 2048 bytes) come from slab pages of
 * one power-of-two size class each: the page's struct page holds its free
 * list and how many objects are out, and a page whose objects all come
 * back returns to the page allocator, so a fork/exit storm leaves the free
 * page count where it found it. Larger objects get a run of contiguous
 * pages whose length is kept in the first page's struct page.
 * Every object is aligned to its size class (16 at least), large ones to
 * a page.
 */
#include <kernel/mm.h>

#define MIN_SHIFT 4		/* 16 bytes */
#define MAX_SHIFT 11		/* 2048 bytes */
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)

static struct page *partial[NCLASSES];	/* slab pages with free objects */

static int size_class(size_t size)
{
	int c = 0;

	while ((1u << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

static void list_add(struct page **head, struct page *p)
{
	p->prev = NULL;
	p->next = *head;
	if (*head)
		(*head)->prev = p;
	*head = p;
}

static void list_del(struct page **head, struct page *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		*head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
}

/* A new slab page for class c, its objects chained into its free list. */
static struct page *new_slab(int c)
{
	struct page *p = alloc_page();
	size_t size = 1u << (c + MIN_SHIFT);

	if (!p)
		return NULL;
	p->flags = PG_SLAB;
	p->slab_class = c;
	p->inuse = 0;
	p->freelist = NULL;
	char *base = page_address(p);
	for (size_t off = PAGE_SIZE; off >= size; off -= size) {
		void **obj = (void **)(base + off - size);
		*obj = p->freelist;
		p->freelist = obj;
	}
	list_add(&partial[c], p);
	return p;
}

void kmalloc_init(void)
{
	for (int c = 0; c < NCLASSES; c++)
		partial[c] = NULL;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		size = 1;
	if (size > (1u << MAX_SHIFT)) {
		if (size > 64u << 20)
			return NULL;
		uint32_t n = PGROUNDUP(size) >> PAGE_SHIFT;
		struct page *p = alloc_pages(n);
		if (!p)
			return NULL;
		p->flags = PG_LARGE;
		p->npages = n;
		return page_address(p);
	}
	int c = size_class(size);
	struct page *p = partial[c] ? partial[c] : new_slab(c);
	if (!p)
		return NULL;
	void **obj = p->freelist;
	p->freelist = *obj;
	p->inuse++;
	if (!p->freelist)
		list_del(&partial[c], p);
	return obj;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *ptr)
{
	if (!ptr)
		return;
	struct page *p = virt_to_page(ptr);
	if (p->flags & PG_LARGE) {
		if ((uintptr_t)ptr & ~PAGE_MASK)
			panic("kfree: %p is not the start of a large object", ptr);
		uint32_t n = p->npages;
		p->flags = 0;
		free_pages(p, n);
		return;
	}
	if (!(p->flags & PG_SLAB))
		panic("kfree: %p was not allocated by kmalloc", ptr);
	int c = p->slab_class;
	if (((uintptr_t)ptr & ((1u << (c + MIN_SHIFT)) - 1)) != 0)
		panic("kfree: %p is misaligned for its size class", ptr);
	if (!p->freelist)
		list_add(&partial[c], p);
	*(void **)ptr = p->freelist;
	p->freelist = ptr;
	if (--p->inuse == 0) {
		list_del(&partial[c], p);
		p->flags = 0;
		free_pages(p, 1);
	}
}
