/*
 * The global descriptor table, laid out as Linux i386 does where it
 * matters to user programs:
 *   1 kernel code  2 kernel data  3 user code  4 user data  5 TSS
 *   6-8 TLS slots, loaded from the current process on every switch
 *       (set_thread_area, syscalls/tls.c over arch/x86/tls.c)
 *   9 the double-fault task's TSS (arch/x86/doublefault.c)
 * Flat 4 GiB segments; paging does all the protection. The main TSS only
 * supplies esp0/ss0, the kernel stack for traps from user mode.
 *
 * There is no LDT. The CPU comes out of reset with an LDT of base 0 and
 * limit 0xFFFF, which would make every TI=1 selector a lookup in user
 * memory at linear address index * 8 (a user call gate into ring 0), so
 * gdt_init loads the null LDT selector: from then on every LDT selector
 * faults with #GP, as on Linux without modify_ldt.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <asm/x86.h>
#include <asm/mmu.h>
#include <asm/arch.h>
#include <asm/tss.h>
#include <asm/desc.h>

#define DF_STACK_SIZE 8192

static uint64_t gdt[GDT_ENTRIES] __aligned(8);
struct tss tss;
static struct tss df_tss;
static uint8_t df_stack[DF_STACK_SIZE] __aligned(16);

/* The double-fault task: kernel segments, the kernel page directory, its
 * own stack, interrupts off, starting at double_fault_task. */
static void df_tss_init(void)
{
	df_tss.eip = (uint32_t)double_fault_task;
	df_tss.esp = df_tss.esp0 = (uint32_t)df_stack + DF_STACK_SIZE;
	df_tss.ss = df_tss.ss0 = df_tss.ds = df_tss.es = SEG_KDATA;
	df_tss.cs = SEG_KCODE;
	df_tss.fs = df_tss.gs = SEG_NULL;
	df_tss.ldt = SEG_NULL;
	df_tss.eflags = FL_1; /* IF off */
	df_tss.cr3 = V2P(kpgdir);
	df_tss.iomap_base = sizeof(df_tss);
}

/* Fill the GDT (flat kernel and user segments, the two TSSs), load it, and
 * reload every segment register, the task register and the (null) LDT. */
void gdt_init(void)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __packed desc = { sizeof(gdt) - 1, (uint32_t)gdt };

	const uint8_t code = SEG_A_P | SEG_A_S | SEG_A_CODE | SEG_A_RW; /* r/x */
	const uint8_t data = SEG_A_P | SEG_A_S | SEG_A_RW;		/* r/w */
	const uint8_t flat = SEG_F_G | SEG_F_DB;			/* 32-bit, 4 GiB */

	gdt[GDT_KCODE] = desc_pack(0, SEG_LIMIT_MAX, code | SEG_A_DPL(DPL_KERNEL), flat);
	gdt[GDT_KDATA] = desc_pack(0, SEG_LIMIT_MAX, data | SEG_A_DPL(DPL_KERNEL), flat);
	gdt[GDT_UCODE] = desc_pack(0, SEG_LIMIT_MAX, code | SEG_A_DPL(DPL_USER), flat);
	gdt[GDT_UDATA] = desc_pack(0, SEG_LIMIT_MAX, data | SEG_A_DPL(DPL_USER), flat);
	tss.ss0 = SEG_KDATA;
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: user port I/O faults */
	gdt[GDT_TSS] = desc_pack((uint32_t)&tss, sizeof(tss) - 1, SEG_A_P | STS_T32A, 0);
	gdt[GDT_DFTSS] = desc_pack((uint32_t)&df_tss, sizeof(df_tss) - 1, SEG_A_P | STS_T32A, 0);
	lgdt(&desc);
	reload_segments(SEG_KCODE, SEG_KDATA);
	ltr(SEG_TSS);
	lldt(SEG_NULL);
}

/* The double-fault task needs the kernel page directory: call after vm_init. */
void gdt_init_double_fault(void)
{
	df_tss_init();
}

/* The kernel stack the CPU switches to on a trap from user mode. */
void tss_set_esp0(uint32_t esp0)
{
	tss.esp0 = esp0;
}

/* Install a process's three TLS descriptors in GDT slots 6-8. The kernel
 * itself never has a TLS selector loaded (trapasm.S), so this cannot
 * invalidate a live segment register. */
void gdt_set_tls(const uint64_t tls[3])
{
	for (int i = 0; i < GDT_TLS_ENTRIES; i++)
		gdt[GDT_TLS_MIN + i] = tls[i];
}
