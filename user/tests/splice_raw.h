/*
 * splice_raw.h - the splice(2) call made raw (six arguments: the last goes
 * in ebp) and the helpers the splice tests share: pipes, FIONREAD, poll.
 */
#ifndef SPLICE_RAW_H
#define SPLICE_RAW_H

#include "raw.h"
#include <poll.h>
#include <sys/ioctl.h>

#define NR_SPLICE 313 /* i386 */
#ifndef SPLICE_F_MOVE
#define SPLICE_F_MOVE 1
#define SPLICE_F_NONBLOCK 2
#define SPLICE_F_MORE 4
#define SPLICE_F_GIFT 8
#endif

/* A raw system call with six arguments, the last in ebp. */
static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long args[2] = { nr, f }, ret;
	__asm__ volatile("push %%ebp\n\tmov 4(%%eax), %%ebp\n\tmov (%%eax), %%eax\n\t"
			 "int $0x80\n\tpop %%ebp"
			 : "=a"(ret)
			 : "a"(args), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}

/* splice(2), raw: the bytes moved or -errno. */
static inline long splice_raw(long in, void *off_in, long out, void *off_out, unsigned long len,
			      unsigned long flags)
{
	return sys6(NR_SPLICE, in, (long)off_in, out, (long)off_out, (long)len, (long)flags);
}

/* pipe2 with flags into p; the raw result. */
static inline long mkpipe(int p[2], long flags)
{
	p[0] = p[1] = -1;
	return RSYS(SYS_pipe2, p, flags);
}

/* Closes both ends of p (those still open). */
static inline void closep(int p[2])
{
	if (p[0] >= 0)
		RSYS(SYS_close, p[0]);
	if (p[1] >= 0)
		RSYS(SYS_close, p[1]);
	p[0] = p[1] = -1;
}

/* FIONREAD of fd: the bytes waiting, or -errno. */
static inline long nread(long fd)
{
	int n = 0;
	long r = RSYS(SYS_ioctl, fd, FIONREAD, &n);

	return r < 0 ? r : n;
}

/* poll(2) of fd for events, not waiting; the revents, or -errno. */
static inline long revents(long fd, short events)
{
	struct pollfd pf = { (int)fd, events, 0 };
	long r = RSYS(SYS_poll, &pf, 1, 0);

	return r < 0 ? r : pf.revents;
}

/* Writes n bytes of pat(off...) to fd; returns write's result. */
static inline long write_pat(long fd, unsigned off, unsigned n)
{
	static unsigned char b[70000];

	fill_pat(b, off, n);
	return RSYS(SYS_write, fd, b, n);
}

/* Reads n bytes from fd and checks they are pat(off...): 1 if so. */
static inline int read_is_pat(long fd, unsigned off, unsigned n)
{
	static unsigned char b[70000];

	return n <= sizeof(b) && read_full(fd, b, n) == (long)n && is_pat(b, off, n);
}

#endif /* SPLICE_RAW_H */
