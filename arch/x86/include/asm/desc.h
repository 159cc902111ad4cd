/*
 * Segment descriptors: the one place that packs and unpacks the 8-byte
 * GDT format (gdt.c's fixed segments, tls.c's TLS slots).
 *   bits  0-15 limit 0-15      16-39 base 0-23    40-47 access byte
 *   bits 48-51 limit 16-19     52-55 flags        56-63 base 24-31
 * The access byte and flags bits are SEG_A_*, STS_* and SEG_F_* in
 * asm/mmu.h.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <stdint.h>

#define DESC_LIMIT_LO_MASK 0xFFFFu  /* limit bits in the low word */
#define DESC_BASE_LO_MASK 0xFFFFFFu /* base bits 0-23 */
#define DESC_BASE_LO_SHIFT 16
#define DESC_ACCESS_SHIFT 40
#define DESC_LIMIT_HI_SHIFT 48
#define DESC_FLAGS_SHIFT 52
#define DESC_BASE_HI_SHIFT 56
#define DESC_NIBBLE 0xFu /* limit 16-19, and the flags */
#define DESC_BYTE 0xFFu	 /* the access byte, base 24-31 */

/* Returns the descriptor for base, a 20-bit limit (in 4 KiB units with
 * SEG_F_G), the access byte and the flags nibble. */
static inline uint64_t desc_pack(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	uint64_t d = 0;

	d |= limit & DESC_LIMIT_LO_MASK;
	d |= (uint64_t)(base & DESC_BASE_LO_MASK) << DESC_BASE_LO_SHIFT;
	d |= (uint64_t)access << DESC_ACCESS_SHIFT;
	d |= (uint64_t)((limit >> 16) & DESC_NIBBLE) << DESC_LIMIT_HI_SHIFT;
	d |= (uint64_t)(flags & DESC_NIBBLE) << DESC_FLAGS_SHIFT;
	d |= (uint64_t)(base >> 24) << DESC_BASE_HI_SHIFT;
	return d;
}

/* Returns the 32-bit base of descriptor d. */
static inline uint32_t desc_base(uint64_t d)
{
	return ((uint32_t)(d >> DESC_BASE_LO_SHIFT) & DESC_BASE_LO_MASK) |
	       (((uint32_t)(d >> DESC_BASE_HI_SHIFT) & DESC_BYTE) << 24);
}

/* Returns the 20-bit limit of descriptor d (in the unit SEG_F_G says). */
static inline uint32_t desc_limit(uint64_t d)
{
	return ((uint32_t)d & DESC_LIMIT_LO_MASK) |
	       (((uint32_t)(d >> DESC_LIMIT_HI_SHIFT) & DESC_NIBBLE) << 16);
}

/* Returns the access byte of descriptor d. */
static inline uint8_t desc_access(uint64_t d)
{
	return (uint8_t)(d >> DESC_ACCESS_SHIFT);
}

/* Returns the flags nibble of descriptor d. */
static inline uint8_t desc_flags(uint64_t d)
{
	return (uint8_t)((d >> DESC_FLAGS_SHIFT) & DESC_NIBBLE);
}

#endif
