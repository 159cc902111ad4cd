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
	X(379, pwritev2)                                                       \
	X(313, splice) X(315, tee) X(316, vmsplice) X(187, sendfile) X(239, sendfile64)
/* clang-format on */

/* __NR_name: each call's number, as Linux's <asm/unistd_32.h> names it. */
#define __NR_ENUM(nr, name) __NR_##name = nr,
enum {
	SYSCALL_LIST(__NR_ENUM)
};
#undef __NR_ENUM

/*
 * Each call's real prototype, grouped by the file that defines it. A
 * pointer argument is typed as the user pointer it is (__user), so sparse
 * (make check) follows it into the call; the i386 ABI passes every
 * argument in one 32-bit register either way, and syscall_table reaches
 * each through syscall_fn. Every definition sees its prototype here.
 */
/* clang-format off */
struct cap_header;
struct iovec;

/* fs/timerfd.c */
long sys_timerfd_create(long clockid, long flags);
long sys_timerfd_gettime(long fd, void __user *ucur);
long sys_timerfd_gettime64(long fd, void __user *ucur);
long sys_timerfd_settime(long fd, long flags, const void __user *unew, void __user *uold);
long sys_timerfd_settime64(long fd, long flags, const void __user *unew, void __user *uold);
/* syscalls/chroot.c */
long sys_chroot(const char __user *upath);
/* syscalls/clone.c */
long sys_clone(long flags, long newsp, int __user *ptid, const void __user *tls, int __user *ctid);
long sys_get_robust_list(long pid, void __user *__user *uhead, uint32_t __user *ulen);
long sys_set_robust_list(void __user *head, long len);
long sys_vfork(void);
/* syscalls/cred.c */
long sys_capget(struct cap_header __user *uhdr, void __user *udata);
long sys_capset(struct cap_header __user *uhdr, const void __user *udata);
long sys_getegid(void);
long sys_getegid32(void);
long sys_geteuid(void);
long sys_geteuid32(void);
long sys_getgid(void);
long sys_getgid32(void);
long sys_getgroups(long size, void __user *list);
long sys_getgroups32(long size, void __user *list);
long sys_getresgid(void __user *r, void __user *e, void __user *s);
long sys_getresgid32(void __user *r, void __user *e, void __user *s);
long sys_getresuid(void __user *r, void __user *e, void __user *s);
long sys_getresuid32(void __user *r, void __user *e, void __user *s);
long sys_getuid(void);
long sys_getuid32(void);
long sys_setfsgid(long g);
long sys_setfsgid32(long g);
long sys_setfsuid(long u);
long sys_setfsuid32(long u);
long sys_setgid(long g);
long sys_setgid32(long g);
long sys_setgroups(long size, const void __user *list);
long sys_setgroups32(long size, const void __user *list);
long sys_setregid(long r, long e);
long sys_setregid32(long r, long e);
long sys_setresgid(long r, long e, long s);
long sys_setresgid32(long r, long e, long s);
long sys_setresuid(long r, long e, long s);
long sys_setresuid32(long r, long e, long s);
long sys_setreuid(long r, long e);
long sys_setreuid32(long r, long e);
long sys_setuid(long u);
long sys_setuid32(long u);
/* syscalls/dir.c */
long sys_getdents64(long fd, void __user *ubuf, long count);
/* syscalls/exec.c */
long sys_execve(const char __user *upath, const char __user *const __user *uargv, const char __user *const __user *uenvp);
long sys_execveat(long dirfd, const char __user *upath, const char __user *const __user *uargv, const char __user *const __user *uenvp, long flags);
/* syscalls/fallocate.c */
long sys_fadvise64(long fd, long off_lo, long off_hi, long len, long advice);
long sys_fadvise64_64(long fd, long off_lo, long off_hi, long len_lo, long len_hi, long advice);
long sys_fallocate(long fd, long mode, long off_lo, long off_hi, long len_lo, long len_hi);
/* syscalls/fcntl.c */
long sys_fcntl(long fd, long cmd, unsigned long arg);
long sys_fcntl64(long fd, long cmd, unsigned long arg);
long sys_flock(long fd, long op);
/* syscalls/fd.c */
long sys_close(long fd);
long sys_dup(long fd);
long sys_dup2(long oldfd, long newfd);
long sys_dup3(long oldfd, long newfd, long flags);
long sys_ioctl(long fd, long cmd, unsigned long arg);
long sys_pipe(void __user *ufds);
long sys_pipe2(void __user *ufds, long flags);
/* syscalls/fsmisc.c */
long sys_chmod(const char __user *upath, long mode);
long sys_chown(const char __user *upath, long uid, long gid);
long sys_chown32(const char __user *upath, long uid, long gid);
long sys_fchmod(long fd, long mode);
long sys_fchmodat(long dirfd, const char __user *upath, long mode);
long sys_fchmodat2(long dirfd, const char __user *upath, long mode, long flags);
long sys_fchown(long fd, long uid, long gid);
long sys_fchown32(long fd, long uid, long gid);
long sys_fchownat(long dirfd, const char __user *upath, long uid, long gid, long flags);
long sys_fdatasync(long fd);
long sys_fsync(long fd);
long sys_ftruncate(long fd, long len);
long sys_ftruncate64(long fd, long lo, long hi);
long sys_lchown(const char __user *upath, long uid, long gid);
long sys_lchown32(const char __user *upath, long uid, long gid);
long sys_truncate(const char __user *upath, long len);
long sys_truncate64(const char __user *upath, long lo, long hi);
/* syscalls/futex.c */
long sys_futex(uint32_t __user *uaddr, long op, long val, const void __user *uts);
long sys_futex_time64(uint32_t __user *uaddr, long op, long val, const void __user *uts);
/* syscalls/link.c */
long sys_link(const char __user *uold, const char __user *unew);
long sys_linkat(long odfd, const char __user *uold, long ndfd, const char __user *unew, long flags);
long sys_mknod(const char __user *upath, long mode, long dev);
long sys_mknodat(long dirfd, const char __user *upath, long mode, long dev);
long sys_readlink(const char __user *upath, void __user *ubuf, long size);
long sys_readlinkat(long dirfd, const char __user *upath, void __user *ubuf, long size);
long sys_symlink(const char __user *utarget, const char __user *unew);
long sys_symlinkat(const char __user *utarget, long ndfd, const char __user *unew);
/* syscalls/misc.c */
long sys_oldolduname(void __user *ubuf);
long sys_olduname(void __user *ubuf);
long sys_personality(long persona);
long sys_setdomainname(const void __user *uname, long len);
long sys_sethostname(const void __user *uname, long len);
long sys_uname(void __user *ubuf);
/* syscalls/mlock.c */
long sys_mlock(long addr, long len);
long sys_mlock2(long addr, long len, long flags);
long sys_mlockall(long flags);
long sys_munlock(long addr, long len);
long sys_munlockall(void);
/* syscalls/mman.c */
long sys_brk(long addr);
long sys_madvise(long addr, long len, long advice);
long sys_mincore(long addr, long len, void __user *uvec);
long sys_mmap2(long addr, long len, long prot, long flags, long fd, long pgoff);
long sys_mprotect(long addr, long len, long prot);
long sys_msync(long addr, long len, long flags);
long sys_munmap(long addr, long len);
long sys_old_mmap(const void __user *uargs);
/* syscalls/mount.c */
long sys_mount(const char __user *usrc, const char __user *utarget, const char __user *utype, long flags, const void __user *udata);
long sys_umount(const char __user *upath);
long sys_umount2(const char __user *upath, long flags);
/* syscalls/mremap.c */
long sys_mremap(long addr, long old_len, long new_len, long flags, long new_addr);
/* syscalls/names.c */
long sys_access(const char __user *upath, long mode);
long sys_chdir(const char __user *upath);
long sys_faccessat(long dirfd, const char __user *upath, long mode);
long sys_faccessat2(long dirfd, const char __user *upath, long mode, long flags);
long sys_fchdir(long fd);
long sys_getcwd(void __user *ubuf, long size);
long sys_mkdir(const char __user *path, long mode);
long sys_mkdirat(long dirfd, const char __user *path, long mode);
long sys_rename(const char __user *uold, const char __user *unew);
long sys_renameat(long odfd, const char __user *uold, long ndfd, const char __user *unew);
long sys_renameat2(long odfd, const char __user *uold, long ndfd, const char __user *unew, long flags);
long sys_rmdir(const char __user *path);
long sys_unlink(const char __user *path);
long sys_unlinkat(long dirfd, const char __user *path, long flags);
/* syscalls/open.c */
long sys_creat(const char __user *path, long mode);
long sys_open(const char __user *path, long flags, long mode);
long sys_openat(long dirfd, const char __user *path, long flags, long mode);
/* syscalls/poll.c */
long sys__newselect(long n, void __user *uin, void __user *uout, void __user *uex, void __user *utv);
long sys_poll(void __user *ufds, long nfds, long timeout_ms);
long sys_ppoll(void __user *ufds, long nfds, void __user *uts, const void __user *usig, long size);
long sys_ppoll_time64(void __user *ufds, long nfds, void __user *uts, const void __user *usig, long size);
long sys_pselect6(long n, void __user *uin, void __user *uout, void __user *uex, void __user *uts, const void __user *usig);
long sys_pselect6_time64(long n, void __user *uin, void __user *uout, void __user *uex, void __user *uts, const void __user *usig);
long sys_select(const void __user *uargs);
/* syscalls/prctl.c */
long sys_prctl(long option, long arg2, long arg3, long arg4, long arg5);
/* syscalls/process.c */
long sys_exit(long code);
long sys_exit_group(long code);
long sys_fork(void);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_set_tid_address(int __user *tidptr);
long sys_umask(long mask);
/* syscalls/random.c */
long sys_getrandom(void __user *ubuf, long len, long flags);
/* syscalls/read_write.c */
long sys__llseek(long fd, long hi, long lo, void __user *uresult, long whence);
long sys_lseek(long fd, long off, long whence);
long sys_pread64(long fd, void __user *buf, long count, long lo, long hi);
/* fs/splice.c */
long sys_splice(long fd_in, loff_t __user *off_in, long fd_out, loff_t __user *off_out, long len,
		long flags);
long sys_tee(long fdin, long fdout, unsigned long len, unsigned long flags);
long sys_vmsplice(long fd, const struct iovec __user *uiov, unsigned long nr_segs,
		  unsigned long flags);
/* syscalls/sendfile.c */
long sys_sendfile(long out_fd, long in_fd, int32_t __user *uoff, unsigned long count);
long sys_sendfile64(long out_fd, long in_fd, loff_t __user *uoff, unsigned long count);
long sys_preadv(long fd, const struct iovec __user *vec, long vlen, long lo, long hi);
long sys_preadv2(long fd, const struct iovec __user *vec, long vlen, long lo, long hi, long flags);
long sys_pwrite64(long fd, void __user *buf, long count, long lo, long hi);
long sys_pwritev(long fd, const struct iovec __user *vec, long vlen, long lo, long hi);
long sys_pwritev2(long fd, const struct iovec __user *vec, long vlen, long lo, long hi, long flags);
long sys_read(long fd, void __user *buf, long count);
long sys_readv(long fd, const struct iovec __user *vec, long vlen);
long sys_write(long fd, void __user *buf, long count);
long sys_writev(long fd, const struct iovec __user *vec, long vlen);
/* syscalls/rlimit.c */
long sys_getrlimit(long res, void __user *ulim);
long sys_prlimit64(long pid, long res, const void __user *unew, void __user *uold);
long sys_setrlimit(long res, const void __user *ulim);
long sys_ugetrlimit(long res, void __user *ulim);
/* syscalls/rusage.c */
long sys_getrusage(long who, void __user *uru);
long sys_times(void __user *ubuf);
/* syscalls/sched.c */
long sys_getcpu(void __user *ucpu, void __user *unode);
long sys_getpriority(long which, long who);
long sys_nice(long inc);
long sys_sched_get_priority_max(long policy);
long sys_sched_get_priority_min(long policy);
long sys_sched_getaffinity(long pid, unsigned long len, void __user *umask);
long sys_sched_getparam(long pid, void __user *uparam);
long sys_sched_getscheduler(long pid);
long sys_sched_rr_get_interval(long pid, void __user *uts);
long sys_sched_rr_get_interval_time64(long pid, void __user *uts);
long sys_sched_setaffinity(long pid, unsigned long len, const void __user *umask);
long sys_sched_setparam(long pid, const void __user *uparam);
long sys_sched_setscheduler(long pid, long policy, const void __user *uparam);
long sys_sched_yield(void);
long sys_setpriority(long which, long who, long nice);
/* syscalls/session.c */
long sys_getpgid(long pid);
long sys_getpgrp(void);
long sys_getsid(long pid);
long sys_setpgid(long pid, long pgid);
long sys_setsid(void);
/* syscalls/sigaltstack.c */
long sys_sigaltstack(const void __user *uss, void __user *uoss);
/* syscalls/signal.c */
long sys_kill(long pid, long sig);
long sys_pause(void);
long sys_rt_sigaction(long sig, const void __user *uact, void __user *uoact, long size);
long sys_rt_sigpending(void __user *uset, long size);
long sys_rt_sigprocmask(long how, const void __user *uset, void __user *uoldset, long size);
long sys_rt_sigsuspend(const void __user *umask, long size);
long sys_rt_sigtimedwait(const void __user *uset, void __user *uinfo, const void __user *uts, long size);
long sys_rt_sigtimedwait_time64(const void __user *uset, void __user *uinfo, const void __user *uts, long size);
long sys_tgkill(long tgid, long tid, long sig);
long sys_tkill(long tid, long sig);
/* syscalls/sigold.c */
long sys_sgetmask(void);
long sys_sigaction(long sig, const void __user *uact, void __user *uoact);
long sys_signal(long sig, long handler);
long sys_sigpending(void __user *uset);
long sys_sigprocmask(long how, const void __user *uset, void __user *uoset);
long sys_sigsuspend(long unused1, long unused2, long mask);
long sys_ssetmask(long mask);
/* syscalls/sigqueue.c */
long sys_rt_sigqueueinfo(long pid, long sig, const void __user *uinfo);
long sys_rt_tgsigqueueinfo(long tgid, long tid, long sig, const void __user *uinfo);
/* syscalls/sigreturn.c */
long sys_rt_sigreturn(void);
long sys_sigreturn(void);
/* syscalls/stat.c */
long sys_fstat64(long fd, void __user *buf);
long sys_fstatat64(long dirfd, const char __user *path, void __user *buf, long flags);
long sys_fstatfs(long fd, void __user *ubuf);
long sys_fstatfs64(long fd, long sz, void __user *ubuf);
long sys_lstat64(const char __user *path, void __user *buf);
long sys_stat64(const char __user *path, void __user *buf);
long sys_statfs(const char __user *upath, void __user *ubuf);
long sys_statfs64(const char __user *upath, long sz, void __user *ubuf);
long sys_statx(long dirfd, const char __user *upath, long flags, long mask, void __user *ubuf);
/* syscalls/sysinfo.c */
long sys_sysinfo(void __user *uinfo);
/* syscalls/syslog.c */
long sys_syslog(long type, void __user *ubuf, long len);
/* syscalls/time.c */
long sys_clock_getres(long id, void __user *uts);
long sys_clock_getres_time64(long id, void __user *uts);
long sys_clock_gettime(long id, void __user *uts);
long sys_clock_gettime64(long id, void __user *uts);
long sys_clock_nanosleep(long id, long flags, const void __user *ureq, void __user *urem);
long sys_clock_nanosleep_time64(long id, long flags, const void __user *ureq, void __user *urem);
long sys_clock_settime(long id, const void __user *uts);
long sys_clock_settime64(long id, const void __user *uts);
long sys_gettimeofday(void __user *utv, void __user *utz);
long sys_nanosleep(const void __user *ureq, void __user *urem);
long sys_restart_syscall(void);
long sys_settimeofday(const void __user *utv, const void __user *utz);
long sys_stime(const int32_t __user *ut);
long sys_time(uint32_t __user *ut);
/* syscalls/timer.c */
long sys_alarm(long seconds);
long sys_getitimer(long which, void __user *uval);
long sys_setitimer(long which, const void __user *unew, void __user *uold);
long sys_timer_create(long clockid, const void __user *usev, int32_t __user *uid);
long sys_timer_delete(long id);
long sys_timer_getoverrun(long id);
long sys_timer_gettime(long id, void __user *ucur);
long sys_timer_gettime64(long id, void __user *ucur);
long sys_timer_settime(long id, long flags, const void __user *unew, void __user *uold);
long sys_timer_settime64(long id, long flags, const void __user *unew, void __user *uold);
/* syscalls/tls.c */
long sys_get_thread_area(void __user *uinfo);
long sys_set_thread_area(void __user *uinfo);
/* syscalls/utimes.c */
long sys_futimesat(long dirfd, const char __user *upath, const void __user *utimes);
long sys_utime(const char __user *upath, const void __user *ubuf);
long sys_utimensat(long dirfd, const char __user *upath, const void __user *utimes, long flags);
long sys_utimensat_time64(long dirfd, const char __user *upath, const void __user *utimes, long flags);
long sys_utimes(const char __user *upath, const void __user *utimes);
/* syscalls/wait.c */
long sys_wait4(long pid, int __user *ustatus, long options, void __user *urusage);
long sys_waitid(long idtype, long id, void __user *uinfo, long options, void __user *urusage);
long sys_waitpid(long pid, int __user *ustatus, long options);
/* clang-format on */

#endif
