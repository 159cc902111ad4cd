/*
 * One static inline per special instruction (after xv6's x86.h), so C code
 * never needs inline assembly of its own.
 */
#ifndef ASM_X86_H
#define ASM_X86_H

#include <stdint.h>

/* Returns the byte read from I/O port port. */
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Write the byte v to I/O port port. */
static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

/* Write the 16-bit word v to I/O port port. */
static inline void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

/* Write the 32-bit word v to I/O port port. */
static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* Disable interrupts (clear EFLAGS.IF). */
static inline void cli(void)
{
	asm volatile("cli" ::: "memory");
}

/* Enable interrupts (set EFLAGS.IF). */
static inline void sti(void)
{
	asm volatile("sti" ::: "memory");
}

/* Halt the CPU until the next interrupt. */
static inline void hlt(void)
{
	asm volatile("hlt" ::: "memory");
}

/* Enable interrupts and halt until the next one, with no window between. */
static inline void sti_hlt(void)
{
	asm volatile("sti; hlt" ::: "memory");
}

/* Take any pending interrupt, then disable them again: sti only takes
 * effect after the next instruction, so the nop is the window. */
static inline void irq_window(void)
{
	asm volatile("sti; nop; cli" ::: "memory");
}

/* Returns the current EFLAGS. */
static inline uint32_t read_eflags(void)
{
	uint32_t f;
	asm volatile("pushfl; popl %0" : "=r"(f));
	return f;
}

/* Returns CR0 (CR0_* bits, asm/mmu.h). */
static inline uint32_t rcr0(void)
{
	uint32_t v;
	asm volatile("movl %%cr0, %0" : "=r"(v));
	return v;
}

/* Load v into CR0. */
static inline void lcr0(uint32_t v)
{
	asm volatile("movl %0, %%cr0" : : "r"(v) : "memory");
}

/* Returns CR2: the linear address of the last page fault. */
static inline uint32_t rcr2(void)
{
	uint32_t v;
	asm volatile("movl %%cr2, %0" : "=r"(v));
	return v;
}

/* Returns CR3: the physical address of the page directory. */
static inline uint32_t rcr3(void)
{
	uint32_t v;
	asm volatile("movl %%cr3, %0" : "=r"(v));
	return v;
}

/* Load the page directory at physical address pa (flushes the TLB). */
static inline void lcr3(uint32_t pa)
{
	asm volatile("movl %0, %%cr3" : : "r"(pa) : "memory");
}

/* Returns CR4 (CR4_* bits, asm/mmu.h). */
static inline uint32_t rcr4(void)
{
	uint32_t v;
	asm volatile("movl %%cr4, %0" : "=r"(v));
	return v;
}

/* Drop the TLB entry of the page holding va. */
static inline void invlpg(const void *va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Returns the frame pointer of the caller. */
static inline uint32_t read_ebp(void)
{
	uint32_t v;
	asm volatile("movl %%ebp, %0" : "=r"(v));
	return v;
}

/* Returns the time-stamp counter (only where cpuid reports TSC). */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Load the GDT register from the 6-byte descriptor at desc. */
static inline void lgdt(const void *desc)
{
	asm volatile("lgdt (%0)" : : "r"(desc) : "memory");
}

/* Load the IDT register from the 6-byte descriptor at desc. */
static inline void lidt(const void *desc)
{
	asm volatile("lidt (%0)" : : "r"(desc) : "memory");
}

/* Load the task register with the TSS selector sel. */
static inline void ltr(uint16_t sel)
{
	asm volatile("ltr %0" : : "r"(sel));
}

/* Load the LDT register; selector 0 means "no LDT": every TI=1 selector
 * then faults with #GP, whatever is in memory. */
static inline void lldt(uint16_t sel)
{
	asm volatile("lldt %0" : : "r"(sel));
}

/* Returns the selector in the LDT register. */
static inline uint16_t sldt(void)
{
	uint16_t sel;
	asm volatile("sldt %0" : "=r"(sel));
	return sel;
}

#define LAR_ACCESS_MASK 0x00FFFF00 /* lar's result: the access byte and flags */

/* lar: returns the access rights of the descriptor sel names, or -1 when the
 * CPU finds no descriptor the current privilege level may inspect. */
static inline int32_t lar(uint16_t sel)
{
	uint32_t v = 0;
	uint8_t okflag;
	asm volatile("larl %2, %0\n\tsetz %1" : "+r"(v), "=qm"(okflag) : "r"((uint32_t)sel) : "cc");
	return okflag ? (int32_t)(v & LAR_ACCESS_MASK) : -1;
}

/* Load sel into %gs. */
static inline void load_gs(uint16_t sel)
{
	asm volatile("movw %0, %%gs" : : "r"(sel));
}

/* Switch to the stack at esp and raise #UD there: the double-fault test
 * (oops=double), since the CPU cannot push the #UD frame. */
static inline void __attribute__((noreturn)) ud2_on_stack(uint32_t esp)
{
	asm volatile("movl %0, %%esp\n\tud2" : : "r"(esp) : "memory");
	__builtin_unreachable();
}

/* Call fn on the stack whose top is sp; fn must not return. */
static inline void __attribute__((noreturn)) call_on_stack(void (*fn)(void), uint32_t sp)
{
	asm volatile("movl %0, %%esp\n\txorl %%ebp, %%ebp\n\tcall *%1"
		     :
		     : "r"(sp), "r"(fn)
		     : "memory");
	__builtin_unreachable();
}

/* Load sel into %fs. */
static inline void load_fs(uint16_t sel)
{
	asm volatile("movw %0, %%fs" : : "r"(sel));
}

/* Reload all data segment registers and CS after a new GDT. */
static inline void reload_segments(uint16_t cs, uint16_t ds)
{
	asm volatile("movw %1, %%ax\n\t"
		     "movw %%ax, %%ds\n\t"
		     "movw %%ax, %%es\n\t"
		     "movw %%ax, %%ss\n\t"
		     "xorw %%ax, %%ax\n\t"
		     "movw %%ax, %%fs\n\t"
		     "movw %%ax, %%gs\n\t"
		     "pushl %0\n\t"
		     "pushl $1f\n\t"
		     "lret\n"
		     "1:"
		     :
		     : "ri"((uint32_t)cs), "ri"(ds)
		     : "eax", "memory");
}

/* Save the x87 and SSE state (512 bytes, 16-byte aligned) at area. */
static inline void fxsave(void *area)
{
	asm volatile("fxsave (%0)" : : "r"(area) : "memory");
}

/* Load the x87 and SSE state saved by fxsave at area. */
static inline void fxrstor(const void *area)
{
	asm volatile("fxrstor (%0)" : : "r"(area) : "memory");
}

/* Save the x87 state (108 bytes) and reinitialise the FPU. */
static inline void fnsave(void *area)
{
	asm volatile("fnsave (%0)" : : "r"(area) : "memory");
}

/* Load the x87 state saved by fnsave at area. */
static inline void frstor(const void *area)
{
	asm volatile("frstor (%0)" : : "r"(area) : "memory");
}

/* Run cpuid for leaf (subleaf 0) and return eax, ebx, ecx, edx. */
static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

#define CPUID_EDX_TSC (1u << 4)	    /* cpuid leaf 1, edx: rdtsc */
#define CPUID_ECX_RDRAND (1u << 30) /* cpuid leaf 1, ecx: rdrand */
#define CPUID_EDX_FXSR (1u << 24)   /* fxsave/fxrstor */
#define CPUID_EDX_SSE (1u << 25)    /* SSE */

/* One word from the CPU's random number generator into *v. Returns false
 * when none was ready (carry clear); only where cpuid reports RDRAND. */
static inline bool rdrand32(uint32_t *v)
{
	uint8_t ok;
	asm volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
	return ok;
}

/* Reset the x87 FPU to its initial state. */
static inline void fninit(void)
{
	asm volatile("fninit");
}

/* Load v into CR4. */
static inline void lcr4(uint32_t v)
{
	asm volatile("movl %0, %%cr4" : : "r"(v) : "memory");
}

#endif
