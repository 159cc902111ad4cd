/*
 * Cache-flushing and non-temporal copies (arch/x86/flushcache.c).
 *
 * A flushcache copy leaves no byte of its destination only in the CPU's
 * caches: when it returns, every byte it wrote is on its way to memory
 * (as Linux's memcpy_flushcache, for persistent memory). A nocache copy
 * only asks the CPU not to keep the destination in its caches, for data
 * that will not be read back soon. How, is chosen once at boot from
 * cpuid (flushcache_init):
 *
 *   FLUSHCACHE_MOVNTI      SSE2: movnti stores (non-temporal, 4 bytes),
 *                          plain stores for the unaligned head and tail,
 *                          their lines flushed, then sfence
 *   FLUSHCACHE_CLFLUSHOPT  no SSE2, CLFLUSHOPT: an ordinary copy, then
 *   FLUSHCACHE_CLFLUSH     clflushopt (or clflush) of every destination
 *                          line, then a locked add as the fence
 *   FLUSHCACHE_PLAIN       neither: an ordinary copy, not cache-flushing
 *                          (wbinvd would flush every cache: not used)
 *
 * The nocache copies use movnti where there is SSE2 and an ordinary copy
 * anywhere else; they never flush.
 */
#ifndef ASM_FLUSHCACHE_H
#define ASM_FLUSHCACHE_H

#include <kernel/kernel.h>

enum flushcache_kind {
	FLUSHCACHE_PLAIN,
	FLUSHCACHE_CLFLUSH,
	FLUSHCACHE_CLFLUSHOPT,
	FLUSHCACHE_MOVNTI,
};

/* The implementation chosen at boot, and the cache-line size flushed. */
extern enum flushcache_kind flushcache_kind;
extern uint32_t flushcache_line;

/* Choose the implementation from cpuid and say which on the boot log. */
void flushcache_init(void);
/* The name of an implementation, as the boot log says it ("movnti"...). */
const char *flushcache_name(enum flushcache_kind k);
/* True if this CPU can run implementation k (the selftests try each). */
bool flushcache_supported(enum flushcache_kind k);

#endif
