/*
 * raw.S - the fuzzer's ways into the kernel. C cannot name %ebp as an
 * asm operand, so the six-argument int $0x80 lives here. Every routine
 * is cdecl and saves the registers cdecl needs saved.
 *
 * The landing pads are where a worker's signal handlers and forged
 * sigreturn frames point: they end the worker at once, without touching
 * memory, the stack or any segment register, whatever state the kernel
 * left them in.
 */
#define NR_EXIT 1
#define NR_EXIT_GROUP 252
#define EXIT_LANDED_SIGRETURN 101
#define EXIT_LANDED_HANDLER 102

	.text

/* long fz_call(const long a[7]): system call a[0] with arguments a[1..6].
 * Returns the kernel's result. */
	.globl fz_call
fz_call:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov 20(%esp), %eax
	mov 4(%eax), %ebx
	mov 8(%eax), %ecx
	mov 12(%eax), %edx
	mov 16(%eax), %esi
	mov 20(%eax), %edi
	mov 24(%eax), %ebp
	mov 0(%eax), %eax
	int $0x80
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

/* long fz_call_fork(const long a[7]): as fz_call, for calls that may make
 * a new process (fork, vfork, clone, clone3). Where the call returns 0 --
 * in the child -- the child exits at once: it may have a new stack or
 * share its parent's memory, so it touches neither. Returns the result
 * in the parent. */
	.globl fz_call_fork
fz_call_fork:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov 20(%esp), %eax
	mov 4(%eax), %ebx
	mov 8(%eax), %ecx
	mov 12(%eax), %edx
	mov 16(%eax), %esi
	mov 20(%eax), %edi
	mov 24(%eax), %ebp
	mov 0(%eax), %eax
	int $0x80
	test %eax, %eax
	jnz 1f
	mov $NR_EXIT, %eax
	xor %ebx, %ebx
	int $0x80
	ud2
1:	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

/* long fz_sigreturn(long nr, void *frame): sigreturn or rt_sigreturn
 * (nr) with %esp at frame, as after a handler's return. If the kernel
 * takes the frame, execution goes where the frame says (a landing pad, or
 * a fault). If it refuses with an error, the stack comes back and the
 * error is returned. */
	.globl fz_sigreturn
fz_sigreturn:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov %esp, saved_esp
	mov 20(%esp), %eax
	mov 24(%esp), %esp
	int $0x80
	mov saved_esp, %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

/* void fz_land_sigreturn(void): where forged frames resume: exit_group(101). */
	.globl fz_land_sigreturn
fz_land_sigreturn:
	mov $NR_EXIT_GROUP, %eax
	mov $EXIT_LANDED_SIGRETURN, %ebx
	int $0x80
	ud2

/* void fz_land_handler(void): the only signal handler workers install:
 * exit_group(102). */
	.globl fz_land_handler
fz_land_handler:
	mov $NR_EXIT_GROUP, %eax
	mov $EXIT_LANDED_HANDLER, %ebx
	int $0x80
	ud2

	.bss
	.align 4
saved_esp:
	.long 0

	.section .note.GNU-stack, "", @progbits
