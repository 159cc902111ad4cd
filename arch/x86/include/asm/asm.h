/*
 * Helpers shared by C inline assembly and .S files.
 *
 * _ASM_EXTABLE(from, to) emits one exception-table entry: "if the
 * instruction at from faults, resume at to". Entries are two absolute
 * .long addresses, so gdb's x/2a shows both as symbols. In C it expands to
 * a string for an asm() statement; in a .S file to the directives
 * themselves. The local labels around a faulting instruction have fixed
 * roles everywhere: 1: may fault, 2: continues, 3: is the fixup.
 */
#ifndef ASM_ASM_H
#define ASM_ASM_H

/* Hand-aligned assembly macros and tables: clang-format leaves them be. */
/* clang-format off */

#ifdef __ASSEMBLY__
#define _ASM_EXTABLE(from, to)		\
	.pushsection __ex_table, "a";	\
	.balign 4;			\
	.long from, to;			\
	.popsection
#else
#define _ASM_EXTABLE(from, to)				\
	"	.pushsection __ex_table, \"a\"\n"	\
	"	.balign 4\n"				\
	"	.long " #from ", " #to "\n"		\
	"	.popsection\n"
#endif

/* clang-format on */

#endif
