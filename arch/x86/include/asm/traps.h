/* Trap numbers with a special role; usable from C and assembly. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#define T_DOUBLE_FAULT 8	/* a task gate: arch/x86/doublefault.c */
#define T_TS 10			/* invalid TSS */
#define T_NP 11			/* segment not present */
#define T_GP 13			/* general protection */
#define T_PAGE_FAULT 14
/* Not a CPU vector: the frame trapasm.S rebuilds when the iret to user
 * mode faults (a bad cs or ss from sigreturn); trap() sends SIGSEGV. */
#define T_IRET_FAULT 0x100

#endif
