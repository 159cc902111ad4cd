/*
 * The page size: the one definition, used by the kernel and by lib/ (and so
 * by lib's host unit tests, which include this header unchanged).
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#endif
