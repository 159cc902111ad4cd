/*
 * Circular doubly linked lists, as Linux's list_head: a struct list_head
 * sits inside each member and in the list's head; container_of() gets the
 * member back. Adding and removing are O(1).
 *
 * A head or member that is all zeroes (a fresh kmalloc'ed and memset
 * object, a static) is valid here: a zero head reads as empty and is made
 * circular by the first add (list_lazy_init), and a zero member reads as
 * on no list. list_del_init leaves a member zeroed again, so
 * list_linked() tells whether it is on a list.
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <kernel/compiler.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}

/* Make head an empty list. */
static inline void list_init(struct list_head *head)
{
	head->next = head->prev = head;
}

/* Make a zeroed head circular (empty) before its first use. */
static inline void list_lazy_init(struct list_head *head)
{
	if (!head->next)
		list_init(head);
}

/* Is the list at head empty (a zeroed head is)? */
static inline bool list_empty(const struct list_head *head)
{
	return !head->next || head->next == head;
}

/* Is member e on some list? */
static inline bool list_linked(const struct list_head *e)
{
	return e->next != NULL;
}

/* Put e between prev and next. */
static inline void list_insert(struct list_head *e, struct list_head *prev, struct list_head *next)
{
	e->prev = prev;
	e->next = next;
	prev->next = e;
	next->prev = e;
}

/* Add e at the front of the list at head. */
static inline void list_add(struct list_head *e, struct list_head *head)
{
	list_lazy_init(head);
	list_insert(e, head, head->next);
}

/* Add e at the end of the list at head. */
static inline void list_add_tail(struct list_head *e, struct list_head *head)
{
	list_lazy_init(head);
	list_insert(e, head->prev, head);
}

/* Take e off its list and mark it on none (list_linked is false). */
static inline void list_del_init(struct list_head *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = e->prev = NULL;
}

/* Move every member of list to the end of head, leaving list empty. */
static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	if (list_empty(list))
		return;
	list_lazy_init(head);
	struct list_head *first = list->next, *last = list->prev;
	first->prev = head->prev;
	head->prev->next = first;
	last->next = head;
	head->prev = last;
	list_init(list);
}

/* The structure of type whose member list_head is at e. */
#define list_entry(e, type, member) container_of(e, type, member)
/* The first member of a non-empty list. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)

/* Walk the list at head with pos (a struct list_head *); n keeps the next
 * one, so pos may be taken off the list. A zeroed head walks nothing. */
#define list_for_each_safe(pos, n, head)                                               \
	for (pos = (head)->next ? (head)->next : (head), n = pos->next; pos != (head); \
	     pos = n, n = pos->next)

#endif
