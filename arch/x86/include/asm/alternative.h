/*
 * Alternatives: instructions the kernel rewrites once at boot to suit the
 * CPU, as Linux's .altinstructions. ALTERNATIVE(old, new, feature) puts
 * old in the code and records a struct alt_instr for the site in section
 * .altinstructions; new goes to .altinstr_replacement, away from the code.
 * apply_alternatives() (arch/x86/alternative.c) copies new over old,
 * padded with NOPs to old's length, where the condition holds:
 *   feature            the feature is on
 *   ALT_NOT(feature)   the feature is off
 * The one user today is asm/smap.h: stac and clac stay where SMAP is on
 * and become NOPs everywhere else, ALTERNATIVE("stac", "",
 * ALT_NOT(X86_FEATURE_SMAP)), because on a CPU without SMAP they are
 * invalid opcodes (#UD). The patching runs before the first one could
 * execute, while the kernel text is still writable.
 */
#ifndef ASM_ALTERNATIVE_H
#define ASM_ALTERNATIVE_H

/* Hand-aligned assembly macros: clang-format leaves them be. */
/* clang-format off */

#include <asm/cpufeature.h>

#define ALT_FLAG_NOT 0x8000 /* in the feature word: patch when the feature is off */
#define ALT_NOT(feature) ((feature) | ALT_FLAG_NOT)
#define ALT_FEATURE_MASK 0x7fff

#define __ALT_STR(x) #x
#define ALT_STR(x) __ALT_STR(x)

#ifdef __ASSEMBLY__
/* The same record from a .S file: ALTERNATIVE(clac, , ALT_NOT(...)). */
#define ALTERNATIVE(oldinstr, newinstr, feature)		\
	661: oldinstr; 662:;					\
	.pushsection .altinstructions, "a";			\
	.balign 4;						\
	.long 661b, 663f;					\
	.word feature;						\
	.byte 662b - 661b, 664f - 663f;				\
	.popsection;						\
	.pushsection .altinstr_replacement, "ax";		\
	663: newinstr; 664:;					\
	.popsection
#else
#include <stdint.h>

/* One site, as ALTERNATIVE lays it out in .altinstructions. */
struct alt_instr {
	uint32_t site;	  /* address of the original instruction(s) */
	uint32_t repl;	  /* address of the replacement */
	uint16_t feature; /* X86_FEATURE_*, with ALT_FLAG_NOT */
	uint8_t len;	  /* bytes at site */
	uint8_t replen;	  /* bytes of replacement, at most len */
} __attribute__((packed, aligned(4)));

_Static_assert(sizeof(struct alt_instr) == 12, "the layout ALTERNATIVE emits");

#define ALTERNATIVE(oldinstr, newinstr, feature)			\
	"661:\n\t" oldinstr "\n662:\n"					\
	"\t.pushsection .altinstructions, \"a\"\n"			\
	"\t.balign 4\n"							\
	"\t.long 661b, 663f\n"						\
	"\t.word " ALT_STR(feature) "\n"				\
	"\t.byte 662b - 661b, 664f - 663f\n"				\
	"\t.popsection\n"						\
	"\t.pushsection .altinstr_replacement, \"ax\"\n"		\
	"663:\n\t" newinstr "\n664:\n"					\
	"\t.popsection\n"

extern struct alt_instr __alt_instructions[], __alt_instructions_end[];

/* Patch every recorded site for the features now enabled; returns the
 * number of sites patched. Runs once, before any site executes. */
int apply_alternatives(void);

/* Returns whether the site of a is patched, i.e. its condition holds. */
bool alt_applies(const struct alt_instr *a);

/* The NOP bytes the padding uses for n bytes (1-4: one instruction each;
 * Linux's generic i386 NOPs, which every x86 since the 386 runs). */
const uint8_t *alt_nop(unsigned n);
#define ALT_MAX_NOP 4
#endif

/* clang-format on */

#endif
