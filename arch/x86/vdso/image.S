/*
 * The vDSO image (arch/x86/vdso/vdso32.S linked as a shared object, the
 * Makefile's build/vdso/vdso32.so) in the kernel's read-only data:
 * vdso_init copies it into the pages every process maps.
 */
	.section .rodata
	.balign 16
	.globl vdso_image_start
vdso_image_start:
	.incbin VDSO_IMAGE
	.globl vdso_image_end
vdso_image_end:
	.section .note.GNU-stack, "", @progbits
