/*
 * SMEP and SMAP at boot. Where cpuid leaf 7 reports them, CR4.SMEP (the
 * kernel may not execute user pages) and CR4.SMAP (the kernel may not
 * read or write user pages outside a stac/clac window, asm/smap.h) are
 * switched on, unless the command line says nosmep or nosmap, as on
 * Linux. The result is the boot line "smap: SMEP on, SMAP on" and the
 * bits of x86_features_enabled the alternatives are applied for.
 */
#include <kernel/kernel.h>
#include <asm/cpufeature.h>
#include <asm/mmu.h>
#include <asm/x86.h>

#define CPUID_LEAF_MAX 0 /* cpuid leaf 0, eax: the highest leaf */

uint32_t x86_features_enabled;

/* Returns cpuid leaf 7's ebx, or 0 on a CPU whose highest leaf is below 7
 * (there, leaf 7 would return some other leaf's data). */
static uint32_t ext_features_ebx(void)
{
	uint32_t a, b, c, d;

	cpuid(CPUID_LEAF_MAX, &a, &b, &c, &d);
	if (a < CPUID_LEAF_EXT_FEATURES)
		return 0;
	cpuid(CPUID_LEAF_EXT_FEATURES, &a, &b, &c, &d);
	return b;
}

/* Switch on feature f (called name) through CR4 bit cr4 if the CPU has it
 * (has) and the command-line word `word` did not turn it off (off). Writes
 * its part of the boot line into buf and returns whether it is on. */
static bool enable(unsigned f, uint32_t cr4, bool has, bool off, const char *name, const char *word,
		   char *buf, size_t n)
{
	if (!has) {
		snprintf(buf, n, "%s off: the CPU lacks it", name);
		return false;
	}
	if (off) {
		snprintf(buf, n, "%s off: %s", name, word);
		return false;
	}
	lcr4(rcr4() | cr4);
	x86_features_enabled |= 1u << f;
	snprintf(buf, n, "%s on", name);
	return true;
}

/* Detect SMEP and SMAP, switch on those the CPU has (unless nosmep or
 * nosmap), record them and print the boot line. */
void smap_init(void)
{
	uint32_t ebx = ext_features_ebx();
	bool smep = ebx & CPUID7_EBX_SMEP, smap = ebx & CPUID7_EBX_SMAP;
	char a[48], b[48];

	if (!smep && !smap) {
		pr_info("smap: SMEP and SMAP off: the CPU lacks them\n");
		return;
	}
	enable(X86_FEATURE_SMEP, CR4_SMEP, smep, cmdline_nosmep, "SMEP", "nosmep", a, sizeof(a));
	enable(X86_FEATURE_SMAP, CR4_SMAP, smap, cmdline_nosmap, "SMAP", "nosmap", b, sizeof(b));
	pr_info("smap: %s, %s\n", a, b);
}
