/*
 * TLS descriptors: a process's three TLS segments, the GDT slots 6-8 (as
 * on Linux i386). musl calls set_thread_area (syscalls/tls.c) with
 * entry_number -1 at start-up, gets a slot back, and loads %gs with
 * (slot << 3) | 3 so %gs:0 points at its thread block. The descriptors
 * are per process and copied into the GDT on every switch, before the
 * process's own segment registers are reloaded on its way back to user
 * mode; the kernel itself never runs with a TLS selector loaded
 * (arch/x86/trapasm.S), so rewriting a slot is always safe.
 * The descriptors are packed and unpacked by asm/desc.h.
 *
 * Also per process and set on every switch: whether rdtsc works in user
 * mode (CR4.TSD, prctl's PR_SET_TSC).
 */
#include <kernel/proc.h>
#include <asm/arch.h>
#include <asm/mmu.h>
#include <asm/tls.h>
#include <asm/desc.h>
#include <asm/x86.h>

#define SEG_A_CONTENTS_SHIFT 2 /* user_desc.contents: the access byte's DC and CODE bits */

/* Returns whether u is empty as Linux's LDT_empty() means it. */
static bool desc_empty(const struct user_desc *u)
{
	return u->base_addr == 0 && u->limit == 0 && u->contents == 0 && u->read_exec_only == 1 &&
	       u->seg_32bit == 0 && u->limit_in_pages == 0 && u->seg_not_present == 1 &&
	       u->useable == 0;
}

/* Returns whether all of u's fields are zero: Linux's LDT_zero(), which
 * also clears the slot. */
static bool desc_zero(const struct user_desc *u)
{
	return u->base_addr == 0 && u->limit == 0 && u->contents == 0 && u->read_exec_only == 0 &&
	       u->seg_32bit == 0 && u->limit_in_pages == 0 && u->seg_not_present == 0 &&
	       u->useable == 0;
}

/*
 * May u go into a TLS slot? As Linux's tls_desc_okay: an empty or zero
 * request (which clears the slot), or a present 32-bit data segment.
 * No code segments, no 16-bit segments (an iret to a 16-bit stack leaks
 * the top of the kernel's esp), no not-present ones (which would make
 * segment loads fault with #NP instead of #GP). DPL 3 is forced below.
 * Returns true if it may.
 */
bool tls_desc_okay(const struct user_desc *u)
{
	if (desc_empty(u) || desc_zero(u))
		return true;
	return u->seg_32bit && u->contents <= 1 && !u->seg_not_present;
}

/* Returns the GDT descriptor for u: a DPL-3 data segment, or 0 for a
 * cleared slot. */
uint64_t tls_make_desc(const struct user_desc *u)
{
	if (desc_empty(u) || desc_zero(u))
		return 0;
	uint32_t access = (u->read_exec_only ? 0 : SEG_A_RW) |
			  (u->contents << SEG_A_CONTENTS_SHIFT) | SEG_A_S | SEG_A_DPL(DPL_USER) |
			  (u->seg_not_present ? 0 : SEG_A_P);
	uint32_t flags = (u->useable ? SEG_F_AVL : 0) | (u->seg_32bit ? SEG_F_DB : 0) |
			 (u->limit_in_pages ? SEG_F_G : 0);
	return desc_pack(u->base_addr, u->limit, access, flags);
}

/* Fill u's base, limit and flags from descriptor d, the inverse of
 * tls_make_desc (a cleared slot reads back as not present, read-only). */
void tls_read_desc(uint64_t d, struct user_desc *u)
{
	uint32_t access = desc_access(d), flags = desc_flags(d);

	u->base_addr = desc_base(d);
	u->limit = desc_limit(d);
	u->seg_32bit = !!(flags & SEG_F_DB);
	u->contents = (access >> SEG_A_CONTENTS_SHIFT) & 3;
	u->read_exec_only = !(access & SEG_A_RW);
	u->limit_in_pages = !!(flags & SEG_F_G);
	u->seg_not_present = !(access & SEG_A_P);
	u->useable = !!(flags & SEG_F_AVL);
}

/* Returns the GDT index of p's first empty TLS slot, or -1 if none is. */
int tls_free_slot(const struct proc *p)
{
	for (int idx = GDT_TLS_MIN; idx <= GDT_TLS_MAX; idx++)
		if (p->tls[idx - GDT_TLS_MIN] == 0)
			return idx;
	return -1;
}

/* Returns p's descriptor in TLS slot idx (a GDT index, 6-8). */
uint64_t tls_get(const struct proc *p, int idx)
{
	return p->tls[idx - GDT_TLS_MIN];
}

/* Set p's TLS slot idx (a GDT index, 6-8) to d; the GDT follows when p is
 * the running process (otherwise the next switch to p installs it). */
void tls_set(struct proc *p, int idx, uint64_t d)
{
	p->tls[idx - GDT_TLS_MIN] = d;
	if (p == current)
		gdt_set_tls(p->tls);
}

/* Empty all three of p's TLS slots, in the GDT too when p is running. */
void tls_clear(struct proc *p)
{
	memset(p->tls, 0, sizeof(p->tls));
	if (p == current)
		gdt_set_tls(p->tls);
}

/* Let user mode run rdtsc, or make it a #GP (SIGSEGV) with CR4.TSD. */
void tsc_set_user(bool allowed)
{
	uint32_t cr4 = rcr4();
	uint32_t want = allowed ? cr4 & ~CR4_TSD : cr4 | CR4_TSD;

	if (want != cr4)
		lcr4(want);
}
