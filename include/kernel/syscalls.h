/*
 * The system calls, Linux i386 numbering (syscalls/table.c). Each takes
 * up to six longs (ebx, ecx, edx, esi, edi, ebp) and returns a long:
 * a result >= 0 or -errno.
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include <kernel/kernel.h>

typedef long (*syscall_fn)(long, long, long, long, long, long);
#define NR_SYSCALLS 453
extern const syscall_fn syscall_table[NR_SYSCALLS];

/* One row per line of related calls. */
/* clang-format off */
#define SYSCALL_LIST(X)                                                        \
	X(0, restart_syscall) X(1, exit) X(2, fork) X(3, read) X(4, write) X(5, open) X(6, close)    \
	X(168, poll) X(309, ppoll) X(414, ppoll_time64) X(82, select)          \
	X(48, signal) X(67, sigaction) X(68, sgetmask) X(69, ssetmask)        \
	X(72, sigsuspend) X(73, sigpending) X(126, sigprocmask)                \
	X(142, _newselect) X(308, pselect6) X(413, pselect6_time64)            \
	X(7, waitpid) X(10, unlink) X(11, execve) X(12, chdir) X(19, lseek)    \
	X(358, execveat)                                                       \
	X(20, getpid) X(33, access) X(37, kill) X(39, mkdir) X(40, rmdir)      \
	X(41, dup) X(42, pipe) X(45, brk) X(54, ioctl) X(63, dup2)             \
	X(64, getppid) X(90, old_mmap) X(91, munmap) X(114, wait4)             \
	X(122, uname) X(125, mprotect) X(140, _llseek) X(145, readv)           \
	X(109, olduname) X(59, oldolduname)                                    \
	X(146, writev) X(158, sched_yield) X(162, nanosleep) X(174, rt_sigaction) \
	X(175, rt_sigprocmask) X(180, pread64) X(181, pwrite64) X(183, getcwd) \
	X(192, mmap2) X(195, stat64) X(196, lstat64) X(197, fstat64)           \
	X(24, getuid) X(47, getgid) X(49, geteuid) X(50, getegid)              \
	X(199, getuid32) X(200, getgid32) X(201, geteuid32) X(202, getegid32)  \
	X(80, getgroups) X(205, getgroups32) X(81, setgroups) X(206, setgroups32) \
	X(23, setuid) X(213, setuid32) X(46, setgid) X(214, setgid32)          \
	X(70, setreuid) X(203, setreuid32) X(71, setregid) X(204, setregid32)  \
	X(164, setresuid) X(208, setresuid32) X(165, getresuid) X(209, getresuid32) \
	X(170, setresgid) X(210, setresgid32) X(171, getresgid) X(211, getresgid32) \
	X(138, setfsuid) X(215, setfsuid32) X(139, setfsgid) X(216, setfsgid32) \
	X(184, capget) X(185, capset) X(74, sethostname) X(121, setdomainname) \
	X(220, getdents64) X(221, fcntl64) X(224, gettid) X(243, set_thread_area) \
	X(244, get_thread_area) X(252, exit_group) X(258, set_tid_address)     \
	X(295, openat) X(296, mkdirat) X(300, fstatat64) X(301, unlinkat)      \
	X(333, preadv) X(334, pwritev) X(13, time) X(57, setpgid) X(60, umask)    \
	X(65, getpgrp) X(66, setsid) X(78, gettimeofday) X(132, getpgid)       \
	X(147, getsid) X(191, ugetrlimit) X(219, madvise) X(265, clock_gettime) \
	X(144, msync) X(218, mincore) X(163, mremap)                           \
	X(150, mlock) X(151, munlock) X(152, mlockall) X(153, munlockall)      \
	X(376, mlock2)                                                         \
	X(266, clock_getres) X(340, prlimit64) X(403, clock_gettime64)          \
	X(38, rename) X(331, pipe2) X(330, dup3) X(133, fchdir)                \
	X(194, ftruncate64) X(193, truncate64) X(118, fsync) X(148, fdatasync) \
	X(15, chmod) X(94, fchmod) X(238, tkill) X(270, tgkill)         \
	X(119, sigreturn) X(173, rt_sigreturn) X(29, pause) X(27, alarm)       \
	X(176, rt_sigpending) X(179, rt_sigsuspend) X(104, setitimer)             \
	X(105, getitimer) X(172, prctl)    \
	X(259, timer_create) X(260, timer_settime) X(261, timer_gettime)       \
	X(262, timer_getoverrun) X(263, timer_delete) X(409, timer_settime64)  \
	X(408, timer_gettime64) X(186, sigaltstack) X(61, chroot)              \
	X(322, timerfd_create) X(325, timerfd_settime) X(326, timerfd_gettime) \
	X(411, timerfd_settime64) X(410, timerfd_gettime64)                    \
	X(120, clone) X(190, vfork) X(240, futex) X(422, futex_time64)         \
	X(311, set_robust_list) X(312, get_robust_list) X(267, clock_nanosleep)                        \
	X(407, clock_nanosleep_time64)                                         \
	X(177, rt_sigtimedwait) X(421, rt_sigtimedwait_time64) X(284, waitid)   \
	X(9, link) X(303, linkat) X(83, symlink) X(304, symlinkat) X(85, readlink) \
	X(305, readlinkat) X(14, mknod) X(297, mknodat) X(302, renameat)       \
	X(353, renameat2) X(307, faccessat) X(439, faccessat2) X(99, statfs) X(100, fstatfs) X(306, fchmodat) X(452, fchmodat2) \
	X(212, chown32) X(198, lchown32) X(207, fchown32) X(298, fchownat)     \
	X(182, chown) X(16, lchown) X(95, fchown)                              \
	X(320, utimensat) X(412, utimensat_time64) X(271, utimes)             \
	X(299, futimesat) X(30, utime) X(383, statx) X(268, statfs64)         \
	X(269, fstatfs64) X(21, mount) X(22, umount) X(52, umount2)           \
	X(92, truncate) X(93, ftruncate) X(8, creat)                         \
	X(355, getrandom) X(116, sysinfo)                                      \
	X(77, getrusage) X(43, times)                                          \
	X(154, sched_setparam) X(155, sched_getparam) X(156, sched_setscheduler) \
	X(157, sched_getscheduler) X(159, sched_get_priority_max)             \
	X(160, sched_get_priority_min) X(161, sched_rr_get_interval)          \
	X(423, sched_rr_get_interval_time64) X(241, sched_setaffinity)        \
	X(242, sched_getaffinity) X(318, getcpu) X(34, nice) X(96, getpriority) \
	X(97, setpriority) X(136, personality)                                \
	X(75, setrlimit) X(76, getrlimit) X(103, syslog)          \
	X(264, clock_settime) X(404, clock_settime64) X(406, clock_getres_time64) \
	X(79, settimeofday) X(25, stime) X(178, rt_sigqueueinfo)             \
	X(335, rt_tgsigqueueinfo)    \
	X(55, fcntl) X(143, flock)    \
	X(324, fallocate) X(250, fadvise64) X(272, fadvise64_64) X(378, preadv2) \
	X(379, pwritev2)
/* clang-format on */

/* __NR_name: each call's number, as Linux's <asm/unistd_32.h> names it. */
#define __NR_ENUM(nr, name) __NR_##name = nr,
enum {
	SYSCALL_LIST(__NR_ENUM)
};
#undef __NR_ENUM

#endif
