/*
 * The calls on file descriptors: close, dup, dup2, dup3, fcntl64, pipe,
 * pipe2 and ioctl. An fd is a slot in the process's table (fs/fdtable.c)
 * pointing at a shared struct file; FD_CLOEXEC is the slot's own flag.
 */
#include <kernel/fs.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030

/* close(2): 0 or -EBADF. */
long sys_close(long fd)
{
	return fd_close(fd);
}

/* dup(2): the lowest free fd, sharing the file; -EBADF, -EMFILE. */
long sys_dup(long fd)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	int nfd = fd_install(f, 0, 0);
	if (nfd >= 0)
		file_get(f);
	return nfd;
}

/* dup2(2): newfd (closed first if open), sharing oldfd's file; -EBADF. */
long sys_dup2(long oldfd, long newfd)
{
	struct file *f = fget_raw(oldfd);

	if (!f || fd_table_fit(newfd))
		return -EBADF;
	if (oldfd == newfd)
		return newfd;
	file_get(f);
	if (current->files[newfd])
		fd_close(newfd);
	return fd_install(f, newfd, 0);
}

/* Is cmd one of the fcntl commands an O_PATH fd allows (Linux's
 * check_fcntl_cmd)? */
static bool path_fcntl_cmd(long cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

/* fcntl64: F_DUPFD(_CLOEXEC), F_GETFD/F_SETFD, F_GETFL/F_SETFL; others -EINVAL. */
long sys_fcntl64(long fd, long cmd, long arg)
{
	struct file *f = fget_raw(fd);
	int nfd;

	if (!f || ((f->flags & O_PATH) && !path_fcntl_cmd(cmd)))
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || (uint64_t)arg >= rlimit_cur(current, RLIMIT_NOFILE))
			return -EINVAL;
		nfd = fd_install(f, arg, cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
		if (nfd >= 0)
			file_get(f);
		return nfd;
	case F_GETFD:
		return current->fd_flags[fd];
	case F_SETFD:
		current->fd_flags[fd] = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return pipe_fcntl(f, cmd, arg);
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
		return 0;
	}
	return -EINVAL;
}

/* pipe2: a new pipe's two fds into ufds; flags O_CLOEXEC and O_NONBLOCK
 * for both ends, O_DIRECT for packets (the write end shows it). Returns 0,
 * or -EINVAL (other flags), -EMFILE, -ENOMEM, -EFAULT (fds closed again). */
long sys_pipe2(long ufds, long flags)
{
	struct file *rd, *wr;
	int fds[2];
	uint32_t fd_flags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if (fd_count_free(2) < 2)
		return -EMFILE;
	long err = pipe_create(&rd, &wr, flags & (O_NONBLOCK | O_DIRECT));
	if (err)
		return err;
	fds[0] = fd_install(rd, 0, fd_flags);
	fds[1] = fd_install(wr, 0, fd_flags);
	if (copy_to_user((void __user *)ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* pipe(2): pipe2 with no flags. */
long sys_pipe(long ufds)
{
	return sys_pipe2(ufds, 0);
}

/* dup2 that sets FD_CLOEXEC from flags; oldfd == newfd is -EINVAL. */
long sys_dup3(long oldfd, long newfd, long flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	long fd = sys_dup2(oldfd, newfd);
	if (fd >= 0)
		current->fd_flags[fd] = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	return fd;
}

/* The ioctls every file has (as Linux's do_vfs_ioctl), then the file's own. */
long sys_ioctl(long fd, long cmd, long arg)
{
	struct file *f = fget(fd);
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		current->fd_flags[fd] = cmd == FIOCLEX ? FD_CLOEXEC : 0;
		return 0;
	case FIONBIO:
		if (get_user(on, (int __user *)arg))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	case FIONREAD: /* a regular file's here; a pipe's is its own */
		if (f->inode && S_ISREG(f->inode->mode))
			return ioctl_fionread(arg, f->inode->size - f->pos);
		break;
	}
	if (!f->fop->ioctl)
		return -ENOTTY;
	return f->fop->ioctl(f, cmd, arg);
}
