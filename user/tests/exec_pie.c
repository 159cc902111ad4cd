/*
 * exec_pie - the stack and auxv execve gives a static-pie program (ET_DYN
 * without PT_INTERP; the Makefile links it so): see exec_auxv.h.
 */
#define EXEC_PIE 1
#include "exec_auxv.h"
