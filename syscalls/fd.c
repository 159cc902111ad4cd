/*
 * The calls on file descriptors: close, dup, dup2, dup3, pipe,
 * pipe2 and ioctl (fcntl is in syscalls/fcntl.c). An fd is a slot in the process's table (fs/fdtable.c)
 * pointing at a shared struct file; FD_CLOEXEC is the slot's own flag.
 */
#include <kernel/fs.h>
#include <kernel/pipe.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

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

/* pipe2: a new pipe's two fds into ufds; flags O_CLOEXEC and O_NONBLOCK
 * for both ends, O_DIRECT for packets (the write end shows it). Returns 0,
 * or -EINVAL (other flags), -EMFILE, -ENOMEM, -EFAULT (fds closed again). */
long sys_pipe2(void __user *ufds, long flags)
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
long sys_pipe(void __user *ufds)
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
long sys_ioctl(long fd, long cmd, unsigned long arg)
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
