/* Kernel stacks with unmapped guard pages below them (kernel/kstack.c). */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include <stdint.h>
#include <stdbool.h>

#define KSTACK_AREA 0xF0000000u	   /* virtual area of the process stacks */
#define BOOT_STACK_SIZE (4 * 4096) /* boot/entry.S */
#define KSTACK_BOOT (-2)	   /* kstack_guard_slot: the boot stack's guard */

void kstack_init(void);
char *kstack_alloc(int slot);
void kstack_free(char *stack);
bool kstack_mapped(uint32_t a);
int kstack_guard_slot(uint32_t a);

#endif
