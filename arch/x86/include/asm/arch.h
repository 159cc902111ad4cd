/* Interfaces of the arch/x86 drivers and tables, used by the rest of the kernel. */
#ifndef ASM_ARCH_H
#define ASM_ARCH_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <asm/traps.h>
#include <lib/extable.h>

struct trapframe;

/* serial.c */
void serial_init(void);
void serial_enable_rx_irq(void (*rx)(char c));
void serial_putc(int port, char c);
void serial_write(int port, const char *s, size_t len);
void serial_irq(void);
/* rtc.c */
void rtc_init(void);
extern uint32_t boot_epoch; /* seconds since 1970 at boot (rtc_init) */
/* trap.c: the C entry of every trap, called from trapasm.S */
void trap(struct trapframe *tf);
/* The end of trap() on the way to user mode (preemption, signals), for an
 * entry that returns without dispatching (arch/x86/sysenter.c). */
void trap_return_to_user(struct trapframe *tf);
/* kbd.c */
void kbd_init(void (*input)(char c));
void kbd_irq(void);
/* vga.c */
void vga_clear(void);
void vga_putc(char c);
void vga_write(const char *s, size_t n);
/* gdt.c */
void gdt_init(void);
void tss_set_esp0(uint32_t esp0);
void gdt_set_tls(const uint64_t tls[3]);
/* tls.c: let user mode run rdtsc (false: it faults, SIGSEGV), per process. */
void tsc_set_user(bool allowed);
void gdt_init_double_fault(void);
/* idt.c */
void idt_init(void);
/* pic.c */
void pic_init(void);
void pic_unmask(int irq);
void pic_eoi(int irq);
bool pic_spurious(int irq);
/* pit.c */
#define HZ 100
void pit_init(void);
extern volatile uint64_t jiffies;
/* fault.c, oops.c */
void page_fault(struct trapframe *tf);
void oops(struct trapframe *tf, const char *what) __attribute__((noreturn));
void oops_double_fault(const struct trapframe *tf, uint32_t sp, const char *why)
	__attribute__((noreturn));
/* extable.c */
void extable_init(void);
int fixup_exception(struct trapframe *tf, enum ex_cause cause);
/* syscall.c */
void syscall_dispatch(struct trapframe *tf);

#endif
