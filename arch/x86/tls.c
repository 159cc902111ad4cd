/*
 * set_thread_area/get_thread_area: a process's three TLS segments, the
 * GDT slots 6-8 (as on Linux i386). musl calls set_thread_area with
 * entry_number -1 at start-up, gets a slot back, and loads %gs with
 * (slot << 3) | 3 so %gs:0 points at its thread block. The descriptors
 * are per process and copied into the GDT on every switch, before the
 * process's own segment registers are reloaded on its way back to user
 * mode; the kernel itself never runs with a TLS selector loaded
 * (arch/x86/trapasm.S), so rewriting a slot is always safe.
 */
#include <kernel/proc.h>
#include <asm/uaccess.h>
#include <asm/arch.h>
#include <asm/mmu.h>

struct user_desc {
	uint32_t entry_number;
	uint32_t base_addr;
	uint32_t limit;
	uint32_t seg_32bit : 1;
	uint32_t contents : 2;
	uint32_t read_exec_only : 1;
	uint32_t limit_in_pages : 1;
	uint32_t seg_not_present : 1;
	uint32_t useable : 1;
};

/* An empty descriptor: Linux's LDT_empty() test. */
static bool desc_empty(const struct user_desc *u)
{
	return u->base_addr == 0 && u->limit == 0 && u->contents == 0 && u->read_exec_only == 1 &&
	       u->seg_32bit == 0 && u->limit_in_pages == 0 && u->seg_not_present == 1 &&
	       u->useable == 0;
}

/* All fields zero: Linux's LDT_zero(), which also clears the slot. */
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
 */
static bool desc_okay(const struct user_desc *u)
{
	if (desc_empty(u) || desc_zero(u))
		return true;
	return u->seg_32bit && u->contents <= 1 && !u->seg_not_present;
}

/* The GDT descriptor for u: a DPL-3 data segment, or 0 for a cleared slot. */
static uint64_t make_desc(const struct user_desc *u)
{
	uint64_t d = 0;

	if (desc_empty(u) || desc_zero(u))
		return 0;
	d |= u->limit & 0xFFFF;
	d |= (uint64_t)(u->base_addr & 0xFFFFFF) << 16;
	/* type: data with read_exec_only and contents, S=1, DPL=3, P */
	uint32_t type = ((u->read_exec_only ^ 1) << 1) | (u->contents << 2);
	d |= (uint64_t)(type | 0x10 | 0x60 | (u->seg_not_present ? 0 : 0x80)) << 40;
	d |= (uint64_t)((u->limit >> 16) & 0xF) << 48;
	d |= (uint64_t)((u->useable ? 1 : 0) | (u->seg_32bit ? 4 : 0) |
			(u->limit_in_pages ? 8 : 0)) << 52;
	d |= (uint64_t)(u->base_addr >> 24) << 56;
	return d;
}

/*
 * The checks in Linux's order: EFAULT, EINVAL for a descriptor no TLS slot
 * may hold, then entry -1 takes the first free slot (ESRCH if none, the
 * slot number written back), then EINVAL for a slot outside 6-8. A
 * segment register that selects the slot keeps its old value until the
 * return to user mode reloads it; if the slot was emptied, that reload
 * fails and the register becomes null (trapasm.S).
 */
long sys_set_thread_area(long uinfo, long b, long c, long d, long e, long f)
{
	struct user_desc u;
	int idx;

	if (copy_from_user(&u, (const void __user *)uinfo, sizeof(u)))
		return -EFAULT;
	if (!desc_okay(&u))
		return -EINVAL;
	idx = (int)u.entry_number;
	if (idx == -1) {
		for (idx = GDT_TLS_MIN; idx <= GDT_TLS_MAX; idx++)
			if (current->tls[idx - GDT_TLS_MIN] == 0)
				break;
		if (idx > GDT_TLS_MAX)
			return -ESRCH;
		if (put_user((uint32_t)idx, (uint32_t __user *)uinfo))
			return -EFAULT;
	}
	if (idx < GDT_TLS_MIN || idx > GDT_TLS_MAX)
		return -EINVAL;
	current->tls[idx - GDT_TLS_MIN] = make_desc(&u);
	gdt_set_tls(current->tls);
	return 0;
}

long sys_get_thread_area(long uinfo, long b, long c, long d, long e, long f)
{
	uint32_t idx;

	if (get_user(idx, (uint32_t __user *)uinfo))
		return -EFAULT;
	if (idx < GDT_TLS_MIN || idx > GDT_TLS_MAX)
		return -EINVAL;
	uint64_t dsc = current->tls[idx - GDT_TLS_MIN];
	struct user_desc u = { .entry_number = idx };
	u.base_addr = ((dsc >> 16) & 0xFFFFFF) | ((dsc >> 56) << 24);
	u.limit = (dsc & 0xFFFF) | (((dsc >> 48) & 0xF) << 16);
	u.seg_32bit = (dsc >> 54) & 1;
	u.contents = (dsc >> 42) & 3;
	u.read_exec_only = !((dsc >> 41) & 1);
	u.limit_in_pages = (dsc >> 55) & 1;
	u.seg_not_present = !((dsc >> 47) & 1);
	u.useable = (dsc >> 52) & 1;
	return copy_to_user((void __user *)uinfo, &u, sizeof(u)) ? -EFAULT : 0;
}
