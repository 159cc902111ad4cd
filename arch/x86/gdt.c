/*
 * The global descriptor table, laid out as Linux i386 does where it
 * matters to user programs:
 *   1 kernel code  2 kernel data  3 user code  4 user data  5 TSS
 *   6-8 TLS slots, loaded from the current process on every switch
 *       (set_thread_area, arch/x86/tls.c)
 * Flat 4 GiB segments; paging does all the protection. The TSS only
 * supplies esp0/ss0, the kernel stack for traps from user mode.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/mmu.h>
#include <asm/arch.h>

struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __packed;

static uint64_t gdt[GDT_ENTRIES] __aligned(8);
static struct tss tss;

/* Build a segment descriptor from base, limit (in 4 KiB units when g) and
 * the access byte (present, DPL, type). */
static uint64_t seg_desc(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	uint64_t d = 0;

	d |= limit & 0xFFFF;
	d |= (uint64_t)(base & 0xFFFFFF) << 16;
	d |= (uint64_t)access << 40;
	d |= (uint64_t)((limit >> 16) & 0xF) << 48;
	d |= (uint64_t)(flags & 0xF) << 52;
	d |= (uint64_t)(base >> 24) << 56;
	return d;
}

void gdt_init(void)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __packed desc = { sizeof(gdt) - 1, (uint32_t)gdt };

	gdt[GDT_KCODE] = seg_desc(0, 0xFFFFF, 0x9A, 0xC);	/* P, DPL0, code r/x */
	gdt[GDT_KDATA] = seg_desc(0, 0xFFFFF, 0x92, 0xC);	/* P, DPL0, data r/w */
	gdt[GDT_UCODE] = seg_desc(0, 0xFFFFF, 0xFA, 0xC);	/* P, DPL3, code r/x */
	gdt[GDT_UDATA] = seg_desc(0, 0xFFFFF, 0xF2, 0xC);	/* P, DPL3, data r/w */
	tss.ss0 = SEG_KDATA;
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap: user port I/O faults */
	gdt[GDT_TSS] = seg_desc((uint32_t)&tss, sizeof(tss) - 1, 0x89, 0x0);
	lgdt(&desc);
	reload_segments(SEG_KCODE, SEG_KDATA);
	ltr(SEG_TSS);
}

/* The kernel stack the CPU switches to on a trap from user mode. */
void tss_set_esp0(uint32_t esp0)
{
	tss.esp0 = esp0;
}

/* Install a process's three TLS descriptors in GDT slots 6-8. */
void gdt_set_tls(const uint64_t tls[3])
{
	for (int i = 0; i < GDT_TLS_ENTRIES; i++)
		gdt[GDT_TLS_MIN + i] = tls[i];
}
