/*
 * Applying the alternatives (asm/alternative.h) once at boot. Each
 * struct alt_instr in .altinstructions names a site in the kernel text,
 * its replacement and the feature condition; where the condition holds,
 * the replacement is copied over the site and the rest of the site is
 * filled with NOPs. kmain calls apply_alternatives() right after the CPU
 * features are known (smap_init) and before any site can run: text is
 * still writable then (vm_protect_kernel comes later), and nothing has
 * entered user space.
 *
 * The NOPs are Linux's generic i386 ones, not the 0f 1f "nopl" forms,
 * which a Pentium (and older) would refuse as invalid opcodes.
 */
#include <kernel/kernel.h>
#include <asm/alternative.h>
#include <asm/x86.h>

static const uint8_t nops[ALT_MAX_NOP + 1][ALT_MAX_NOP] = {
	[1] = { 0x90 },			  /* nop */
	[2] = { 0x89, 0xf6 },		  /* movl %esi, %esi */
	[3] = { 0x8d, 0x76, 0x00 },	  /* leal 0(%esi), %esi */
	[4] = { 0x8d, 0x74, 0x26, 0x00 }, /* leal 0(%esi,%eiz,1), %esi */
};

/* Returns the n-byte NOP (n from 1 to ALT_MAX_NOP). */
const uint8_t *alt_nop(unsigned n)
{
	BUG_ON(n < 1 || n > ALT_MAX_NOP);
	return nops[n];
}

/* Returns whether a's condition holds: its feature is on, or, for an
 * ALT_NOT entry, off. */
bool alt_applies(const struct alt_instr *a)
{
	bool on = cpu_feature_enabled(a->feature & ALT_FEATURE_MASK);

	return (a->feature & ALT_FLAG_NOT) ? !on : on;
}

/* Fill n bytes at p with the fewest NOP instructions. */
static void fill_nops(uint8_t *p, unsigned n)
{
	while (n) {
		unsigned k = min(n, (unsigned)ALT_MAX_NOP);
		memcpy(p, nops[k], k);
		p += k, n -= k;
	}
}

/* Patch each site whose condition holds with its replacement, padded with
 * NOPs. Returns the number of sites patched; panics on a record whose
 * replacement is longer than its site (a build error in ALTERNATIVE's use). */
int apply_alternatives(void)
{
	int patched = 0, total = 0;

	for (struct alt_instr *a = __alt_instructions; a < __alt_instructions_end; a++) {
		uint8_t *site = (uint8_t *)a->site;

		total++;
		if (a->replen > a->len)
			panic("apply_alternatives: site %p: replacement of %u bytes for %u", site,
			      a->replen, a->len);
		if (!alt_applies(a))
			continue;
		memcpy(site, (const void *)a->repl, a->replen);
		fill_nops(site + a->replen, a->len - a->replen);
		patched++;
	}
	/* cpuid serialises: no stale prefetched copy of a site runs */
	uint32_t eax, ebx, ecx, edx;
	cpuid(0, &eax, &ebx, &ecx, &edx);
	pr_info("alternatives: %d sites, %d patched\n", total, patched);
	return patched;
}
