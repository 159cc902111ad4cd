/*
 * Helpers shared by C inline assembly and .S files.
 *
 * _ASM_EXTABLE_TYPE(from, to, type) emits one exception-table entry: "if
 * the instruction at from faults in a way an entry of this type may fix
 * (lib/extable.c ex_type_accepts), resume at to". Entries are three
 * absolute .longs (insn, fixup, EX_TYPE_* from lib/extable.h), so gdb's
 * x/3a shows both addresses as symbols. The short forms name the type:
 *   _ASM_EXTABLE(from, to)      EX_TYPE_DEFAULT (not a user address)
 *   _ASM_EXTABLE_UA(from, to)   EX_TYPE_UACCESS (every user access)
 * In C they expand to a string for an asm() statement; in a .S file to
 * the directives themselves. The local labels around a faulting
 * instruction have fixed roles everywhere: 1: may fault, 2: continues,
 * 3: is the fixup.
 */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#include <lib/extable.h>

/* Hand-aligned assembly macros and tables: clang-format leaves them be. */
/* clang-format off */

#ifdef __ASSEMBLY__
#define _ASM_EXTABLE_TYPE(from, to, type)	\
	.pushsection __ex_table, "a";		\
	.balign 4;				\
	.long from, to, type;			\
	.popsection
#else
#define __ASM_STR(x) #x
#define _ASM_EXTABLE_TYPE(from, to, type)			\
	"	.pushsection __ex_table, \"a\"\n"		\
	"	.balign 4\n"					\
	"	.long " #from ", " #to ", " __ASM_STR(type) "\n"	\
	"	.popsection\n"
#endif

#define _ASM_EXTABLE(from, to)		_ASM_EXTABLE_TYPE(from, to, EX_TYPE_DEFAULT)
#define _ASM_EXTABLE_UA(from, to)	_ASM_EXTABLE_TYPE(from, to, EX_TYPE_UACCESS)

/* clang-format on */

#endif
