/*
 * Multiboot v1 entry. GRUB or QEMU -kernel jumps to _start (in .boot, linked at its physical address) with paging
 * off, EAX = 0x2BADB002 and EBX = the physical address of the Multiboot
 * information. We turn on paging with a boot page directory that maps the
 * first 16 MiB of RAM at 0 (so the next instruction still exists) and
 * 768 MiB at PAGE_OFFSET, jump to the higher half, switch to the boot stack
 * and call kmain(magic, info). mm/vm.c later replaces the boot page
 * directory with the real one, which no longer maps low memory.
 */
#include <asm/mmu.h>

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003	/* page-align modules, give the memory map */

	.section .multiboot, "a"
	.align 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	cld
	movl %eax, %esi			/* Multiboot magic */
	movl %ebx, %edi			/* Multiboot info, physical */

	movl %cr4, %eax
	orl $CR4_PSE, %eax
	movl %eax, %cr4
	movl $(boot_pgdir - PAGE_OFFSET), %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0

	movl $higher_half, %eax
	jmp *%eax

	.text
higher_half:
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp			/* ends the backtrace */
	pushl %edi
	pushl %esi
	call kmain
1:	cli
	hlt
	jmp 1b

/*
 * 4 MiB pages (PTE_P | PTE_W | PTE_PS): the first 16 MiB at 0, and the first
 * 768 MiB (the whole direct map) at PAGE_OFFSET, so the Multiboot
 * information is reachable wherever the boot loader put it.
 */
#define BIG(n) (((n) << 22) | PTE_P | PTE_W | PTE_PS)
	.data
	.align PAGE_SIZE
	.globl boot_pgdir
boot_pgdir:
	.set n, 0
	.rept 4
	.long BIG(n)
	.set n, n + 1
	.endr
	.fill (PAGE_OFFSET >> 22) - 4, 4, 0
	.set n, 0
	.rept MAX_DIRECT_MAP >> 22
	.long BIG(n)
	.set n, n + 1
	.endr
	.fill 1024 - (PAGE_OFFSET >> 22) - (MAX_DIRECT_MAP >> 22), 4, 0

	.bss
	.align PAGE_SIZE
	.globl boot_stack_guard
boot_stack_guard:		/* unmapped by kstack_init: overflows fault */
	.space PAGE_SIZE
	.globl boot_stack
boot_stack:
	.space 4 * PAGE_SIZE
	.globl boot_stack_top
boot_stack_top:
