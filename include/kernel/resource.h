/*
 * Resource limits (getrlimit, setrlimit, prlimit64): each process has a
 * soft (cur) and a hard (max) limit on every resource, inherited by fork
 * and kept across execve. The kernel checks the soft limit where a
 * resource is taken, through rlimit_cur(); syscalls/rlimit.c has the
 * calls and the defaults init starts with.
 */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <kernel/kernel.h>

#define RLIMIT_CPU 0	     /* CPU time, seconds: SIGXCPU, then SIGKILL at max */
#define RLIMIT_FSIZE 1	     /* file size, bytes: SIGXFSZ and EFBIG */
#define RLIMIT_DATA 2	     /* data segment, bytes (kept, not enforced) */
#define RLIMIT_STACK 3	     /* main stack, bytes */
#define RLIMIT_CORE 4	     /* core file size: 0 means no core dump */
#define RLIMIT_RSS 5	     /* resident set (ignored, as Linux) */
#define RLIMIT_NPROC 6	     /* processes of the user */
#define RLIMIT_NOFILE 7	     /* file descriptors: one more than the highest */
#define RLIMIT_MEMLOCK 8     /* locked memory, bytes */
#define RLIMIT_AS 9	     /* address space, bytes */
#define RLIMIT_LOCKS 10	     /* file locks */
#define RLIMIT_SIGPENDING 11 /* queued signals */
#define RLIMIT_MSGQUEUE 12   /* POSIX message queue bytes */
#define RLIMIT_NICE 13	     /* nice ceiling */
#define RLIMIT_RTPRIO 14     /* real-time priority ceiling */
#define RLIMIT_RTTIME 15     /* real-time CPU time, microseconds */
#define RLIM_NLIMITS 16

#define RLIM64_INFINITY (~0ull)
#define NR_OPEN 1048576 /* the most RLIMIT_NOFILE can be (Linux's fs.nr_open) */

/* One resource's limits, as prlimit64 passes them. */
struct rlimit64 {
	uint64_t cur, max;
};

struct proc;
/* p's soft limit on resource res (RLIMIT_*). */
uint64_t rlimit_cur(const struct proc *p, int res);
/* A write of *count bytes at pos to a regular file: 0 with *count cut to
 * fit under RLIMIT_FSIZE, or -EFBIG (SIGXFSZ sent) at or past it. */
long rlimit_fsize_write(int64_t pos, size_t *count);
/* A file growing to size: 0, or -EFBIG (SIGXFSZ sent) past RLIMIT_FSIZE. */
long rlimit_fsize_grow(int64_t size);
/* Set init's limits to the defaults Linux starts a process with. */
void rlimit_init(struct proc *p);

#endif
