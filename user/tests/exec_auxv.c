/*
 * exec_auxv - the stack and auxv execve gives an ET_EXEC program: see
 * exec_auxv.h.
 */
#include "exec_auxv.h"
