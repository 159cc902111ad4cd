/*
 * Trap numbers: the vector each CPU exception, hardware interrupt and the
 * system call arrives on (after xv6's traps.h). Usable from C and from
 * assembly (trapasm.S).
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

/* CPU exceptions, vectors 0-31 (the CPU reserves them). */
#define T_DIVIDE 0	 /* divide error */
#define T_DEBUG 1	 /* debug exception */
#define T_NMI 2		 /* non-maskable interrupt */
#define T_BRKPT 3	 /* breakpoint (int3) */
#define T_OFLOW 4	 /* overflow (into) */
#define T_BOUND 5	 /* bound range exceeded */
#define T_ILLOP 6	 /* invalid opcode (ud2) */
#define T_DEVICE 7	 /* device not available */
#define T_DOUBLE_FAULT 8 /* double fault: a task gate, arch/x86/doublefault.c */
#define T_COPROC 9	 /* coprocessor segment overrun (reserved since the 486) */
#define T_TS 10		 /* invalid TSS */
#define T_NP 11		 /* segment not present */
#define T_STACK 12	 /* stack-segment fault */
#define T_GP 13		 /* general protection */
#define T_PAGE_FAULT 14	 /* page fault */
#define T_FPERR 16	 /* x87 floating-point error */
#define T_ALIGN 17	 /* alignment check */
#define T_MCHK 18	 /* machine check */
#define T_SIMDERR 19	 /* SIMD floating-point error */
#define T_NEXCEPTIONS 32 /* vectors below this are CPU exceptions */

/* Hardware interrupts: the PICs deliver IRQ n on vector IRQ0 + n. */
#define IRQ0 32		      /* first PIC vector (arch/x86/pic.c) */
#define NIRQS 16	      /* IRQ 0-15, two cascaded 8259s */
#define IRQ_TIMER 0	      /* PIT channel 0 (arch/x86/pit.c) */
#define IRQ_KBD 1	      /* PS/2 keyboard (arch/x86/kbd.c) */
#define IRQ_CASCADE 2	      /* the slave PIC's line into the master */
#define IRQ_COM1 4	      /* COM1 receive (arch/x86/serial.c) */
#define IRQ_SPURIOUS_MASTER 7 /* where the master PIC reports a spurious IRQ */
#define IRQ_SPURIOUS_SLAVE 15 /* where the slave PIC reports a spurious IRQ */

/* The system call gate: int $0x80, as Linux i386. */
#define T_SYSCALL 0x80
#define SYSCALL_INSN_LEN 2 /* int $0x80: rewinding eip by this restarts the call */
#define NVECTORS 256	   /* IDT entries */

/* Not a CPU vector: the frame trapasm.S rebuilds when the iret to user
 * mode faults (a bad cs or ss from sigreturn); trap() sends SIGSEGV. */
#define T_IRET_FAULT 0x100

#endif
