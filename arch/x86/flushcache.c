/*
 * Cache-flushing and non-temporal copies: memcpy_flushcache (kernel
 * source), __copy_user_flushcache and __copy_user_nocache (user source).
 * asm/flushcache.h lists the implementations; flushcache_init picks one
 * from cpuid at boot and says which on the boot log, e.g.
 *
 *   flushcache: movnti stores and sfence (SSE2), 64-byte lines
 *
 * The movnti copy (SSE2 CPUs) runs in three parts, because movnti stores
 * 4-byte words and is only worth using where the words are aligned:
 *
 *   dst:  |h h h|w w w w|w w w w| ... |w w w w|t t|
 *          plain  movnti (aligned words)   plain
 *
 * The head (up to 3 bytes, until dst is 4-byte aligned) and the tail (0-3
 * bytes) are ordinary byte stores, which land in the cache; a flushcache
 * copy flushes their lines (clflush) before the closing sfence, which
 * orders the non-temporal stores before anything that follows. The source
 * may have any alignment: the words are loaded unaligned.
 *
 * A user source can fault. Every load from it is one instruction with an
 * exception-table entry (__get_user_asm): a faulting word load falls back
 * to byte loads from that word on, so the copy stops exactly at the first
 * byte that cannot be read, and every routine returns the number of bytes
 * NOT copied, like every other user copy. The loads run inside one SMAP
 * window (stac before the first, clac after the last; a fault resumes
 * inside it). The flush and the fence still run over what was copied.
 *
 * On CPUs without SSE2 the copy is the ordinary __copy_from_user_ll or
 * memcpy, then (flushcache only) clflushopt or clflush of every line it
 * wrote and a locked add as the fence (mfence is SSE2); with neither
 * instruction, no flush at all: the boot log says the copies are not
 * cache-flushing on this CPU.
 */
#include <kernel/kernel.h>
#include <asm/flushcache.h>
#include <asm/smap.h>
#include <asm/uaccess.h>
#include <asm/x86.h>

#define CPUID_LEAF_MAX 0		/* eax: the highest basic leaf */
#define CPUID_LEAF_FEATURES 1		/* edx/ebx: the features below */
#define CPUID_LEAF_EXT 7		/* ebx: structured extended features */
#define CPUID_EDX_CLFSH (1u << 19)	/* leaf 1 edx: clflush */
#define CPUID_EDX_SSE2 (1u << 26)	/* leaf 1 edx: SSE2, hence movnti */
#define CPUID_EBX_CLFLUSHOPT (1u << 23) /* leaf 7 ebx: clflushopt */
#define CLFLUSH_SIZE_SHIFT 8		/* leaf 1 ebx[15:8]: line size / 8 */
#define CLFLUSH_SIZE_MASK 0xFFu
#define CLFLUSH_SIZE_UNIT 8
#define DEFAULT_LINE 64 /* when cpuid gives no line size */
#define WORD 4		/* what movnti stores */

enum flushcache_kind flushcache_kind = FLUSHCACHE_PLAIN;
uint32_t flushcache_line = DEFAULT_LINE;
static bool has_clflush, has_clflushopt, has_sse2;

/* One non-temporal 4-byte store of v at dst (SSE2). */
static inline void movnti(void *dst, uint32_t v)
{
	asm volatile("movnti %1, %0" : "=m"(*(uint32_t *)dst) : "r"(v));
}

/* Order every earlier store, non-temporal ones too, before later ones. */
static inline void sfence(void)
{
	asm volatile("sfence" : : : "memory");
}

/* Write back and invalidate the cache line holding p. */
static inline void clflush(const void *p)
{
	asm volatile("clflush %0" : "+m"(*(volatile char *)p));
}

/* clflush, weakly ordered: needs a fence after the last one. */
static inline void clflushopt(const void *p)
{
	asm volatile("clflushopt %0" : "+m"(*(volatile char *)p));
}

/* A full fence without SSE2: a locked add to the stack orders every
 * earlier load, store and clflush(opt) before later ones. */
static inline void locked_fence(void)
{
	asm volatile("lock; addl $0, (%%esp)" : : : "memory", "cc");
}

/* The name of implementation k, as the boot log says it. */
const char *flushcache_name(enum flushcache_kind k)
{
	switch (k) {
	case FLUSHCACHE_MOVNTI:
		return "movnti";
	case FLUSHCACHE_CLFLUSHOPT:
		return "clflushopt";
	case FLUSHCACHE_CLFLUSH:
		return "clflush";
	default:
		return "plain";
	}
}

/* True if this CPU can run implementation k. */
bool flushcache_supported(enum flushcache_kind k)
{
	switch (k) {
	case FLUSHCACHE_MOVNTI:
		return has_sse2;
	case FLUSHCACHE_CLFLUSHOPT:
		return has_clflushopt;
	case FLUSHCACHE_CLFLUSH:
		return has_clflush;
	default:
		return true;
	}
}

/* Choose the implementation from cpuid and say which on the boot log. */
void flushcache_init(void)
{
	uint32_t max, a, b, c, d, line;

	cpuid(CPUID_LEAF_MAX, &max, &b, &c, &d);
	cpuid(CPUID_LEAF_FEATURES, &a, &b, &c, &d);
	has_clflush = d & CPUID_EDX_CLFSH;
	line = ((b >> CLFLUSH_SIZE_SHIFT) & CLFLUSH_SIZE_MASK) * CLFLUSH_SIZE_UNIT;
	if (has_clflush && line)
		flushcache_line = line;
	if (max >= CPUID_LEAF_EXT) {
		uint32_t b7;
		cpuid(CPUID_LEAF_EXT, &a, &b7, &c, &d);
		has_clflushopt = b7 & CPUID_EBX_CLFLUSHOPT;
	}
	cpuid(CPUID_LEAF_FEATURES, &a, &b, &c, &d);
	has_sse2 = d & CPUID_EDX_SSE2;
	if (has_sse2)
		flushcache_kind = FLUSHCACHE_MOVNTI;
	else if (has_clflushopt)
		flushcache_kind = FLUSHCACHE_CLFLUSHOPT;
	else if (has_clflush)
		flushcache_kind = FLUSHCACHE_CLFLUSH;
	else
		flushcache_kind = FLUSHCACHE_PLAIN;

	switch (flushcache_kind) {
	case FLUSHCACHE_MOVNTI:
		pr_info("flushcache: movnti stores and sfence (SSE2), %u-byte lines\n",
			flushcache_line);
		break;
	case FLUSHCACHE_CLFLUSHOPT:
	case FLUSHCACHE_CLFLUSH:
		pr_info("flushcache: copy, then %s of each %u-byte line and a fence (no SSE2)\n",
			flushcache_name(flushcache_kind), flushcache_line);
		break;
	default:
		pr_info("flushcache: plain copies, not cache-flushing on this CPU "
			"(no SSE2, no clflush)\n");
		break;
	}
}

/* Flush every cache line touching [p, p + n) with clflushopt where the
 * chosen implementation has it, else clflush. No fence. */
static void flush_lines(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(flushcache_line - 1);
	uintptr_t end = (uintptr_t)p + n;

	if (n == 0)
		return;
	for (; a < end; a += flushcache_line) {
		if (flushcache_kind == FLUSHCACHE_CLFLUSHOPT)
			clflushopt((const void *)a);
		else
			clflush((const void *)a);
	}
}

/* Load one byte from src into *v; a user source goes through the
 * exception table. Returns 0, or -EFAULT (user sources only). */
static inline int load8(uint8_t *v, const char *src, bool user)
{
	int err = 0;

	if (!user) {
		*v = *(const uint8_t *)src;
		return 0;
	}
	__get_user_asm(*v, (const uint8_t __user *)(__force uintptr_t)src, err, "b", "b", "=q");
	return err;
}

/* Load 4 bytes (any alignment) from src into *v, as load8. */
static inline int load32(uint32_t *v, const char *src, bool user)
{
	int err = 0;

	if (!user) {
		memcpy(v, src, WORD);
		return 0;
	}
	__get_user_asm(*v, (const uint32_t __user *)(__force uintptr_t)src, err, "l", "", "=r");
	return err;
}

/* The movnti copy of n bytes from src (user memory if user) to dst, as
 * the file's comment draws it; flush also flushes the lines of the plain
 * head and tail stores. Ends with sfence. Returns the bytes not copied. */
static unsigned long movnti_copy(char *dst, const char *src, unsigned long n, bool user, bool flush)
{
	char *start = dst, *head_end, *tail_start;
	uint8_t c;
	uint32_t w;

	/* LAB 11 BEGIN */
	if (user)
		stac(); /* one SMAP window for every load below (asm/smap.h) */
	/* LAB 11 STUB
	// LAB 11, exercise "Open the window in the flushcache copy"
	// (labs/11-smap-sparse/README.md): with SMAP on, the loads below
	// from a user source fault unless EFLAGS.AC is set. Open one window
	// before the first load, for a user source only.
	   LAB 11 END */
	while (n && ((uintptr_t)dst & (WORD - 1))) {
		if (load8(&c, src, user))
			break;
		*dst++ = c;
		src++;
		n--;
	}
	head_end = dst;
	if (!((uintptr_t)dst & (WORD - 1))) {
		while (n >= WORD) {
			if (load32(&w, src, user))
				break; /* the bytes below find where it stops */
			movnti(dst, w);
			dst += WORD;
			src += WORD;
			n -= WORD;
		}
	}
	tail_start = dst;
	while (n) {
		if (load8(&c, src, user))
			break;
		*dst++ = c;
		src++;
		n--;
	}
	/* LAB 11 BEGIN */
	if (user)
		clac();
	/* LAB 11 STUB
	// LAB 11, exercise "Open the window in the flushcache copy": close
	// the window after the last load, before the flushes.
	   LAB 11 END */
	if (flush && has_clflush) {
		flush_lines(start, head_end - start);
		flush_lines(tail_start, dst - tail_start);
	}
	sfence();
	return n;
}

/* Flush [dst, dst + n) after an ordinary copy, as the implementation
 * chosen says: every line and a fence, or nothing on a plain CPU. */
static void flush_after_copy(void *dst, size_t n)
{
	if (flushcache_kind != FLUSHCACHE_CLFLUSH && flushcache_kind != FLUSHCACHE_CLFLUSHOPT)
		return;
	flush_lines(dst, n);
	locked_fence();
}

/* Copy n bytes from kernel memory so that none of dst stays only in the
 * cache (where the CPU can: see flushcache_init). */
void memcpy_flushcache(void *dst, const void *src, size_t n)
{
	if (flushcache_kind == FLUSHCACHE_MOVNTI) {
		movnti_copy(dst, src, n, false, true);
		return;
	}
	memcpy(dst, src, n);
	flush_after_copy(dst, n);
}

/* Copy n bytes from user memory at src, unchecked (the caller did
 * access_ok), flushing dst from the cache as memcpy_flushcache. Returns
 * the bytes not copied; the uncopied tail of dst is left alone. */
unsigned long __copy_user_flushcache(void *dst, const void __user *src, unsigned long n)
{
	unsigned long left;

	/* LAB 11 BEGIN */
	if (flushcache_kind == FLUSHCACHE_MOVNTI)
		return movnti_copy(dst, (__force const char *)src, n, true, true);
	/* LAB 11 STUB
	// LAB 11, exercise "Make sparse clean" (labs/11-smap-sparse/README.md):
	// make check warns about this cast.
	if (flushcache_kind == FLUSHCACHE_MOVNTI)
		return movnti_copy(dst, (const char *)src, n, true, true);
	   LAB 11 END */
	left = __copy_from_user_ll(dst, src, n);
	flush_after_copy(dst, n - left);
	return left;
}

/* Copy n bytes from user memory at src, unchecked, with non-temporal
 * stores where the CPU has them (SSE2), else an ordinary copy. Returns the
 * bytes not copied; the uncopied tail of dst is left alone. */
unsigned long __copy_user_nocache(void *dst, const void __user *src, unsigned long n)
{
	/* LAB 11 BEGIN */
	if (flushcache_kind == FLUSHCACHE_MOVNTI)
		return movnti_copy(dst, (__force const char *)src, n, true, false);
	/* LAB 11 STUB
	// LAB 11, exercise "Make sparse clean": and about this one.
	if (flushcache_kind == FLUSHCACHE_MOVNTI)
		return movnti_copy(dst, (const char *)src, n, true, false);
	   LAB 11 END */
	return __copy_from_user_ll(dst, src, n);
}
