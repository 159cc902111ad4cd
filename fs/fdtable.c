/*
 * Per-process file descriptor tables: proc->files[fd] points at a shared
 * struct file, proc->fd_flags[fd] holds FD_CLOEXEC. fork copies the table
 * (the files are shared, offsets and all); execve closes the FD_CLOEXEC
 * ones; exit closes everything.
 */
#include <kernel/fs.h>
#include <kernel/proc.h>

/* The file open on fd in the current process, or NULL; no reference. */
struct file *fget(int fd)
{
	if (fd < 0 || fd >= NOFILE || !current)
		return NULL;
	return current->files[fd];
}

/* Put f at the lowest free fd >= min with fd_flags; the table takes the
 * caller's reference. Returns the fd or -EMFILE. */
int fd_install(struct file *f, int min, uint32_t fd_flags)
{
	for (int fd = min < 0 ? 0 : min; fd < NOFILE; fd++) {
		if (!current->files[fd]) {
			current->files[fd] = f;
			current->fd_flags[fd] = fd_flags;
			return fd;
		}
	}
	return -EMFILE;
}

/* Close fd in the current process: 0 or -EBADF. */
int fd_close(int fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	current->files[fd] = NULL;
	current->fd_flags[fd] = 0;
	file_put(f);
	return 0;
}

/* Give child every open file of parent, sharing them (fork). */
void fd_table_dup(struct proc *child, struct proc *parent)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		child->files[fd] = parent->files[fd];
		child->fd_flags[fd] = parent->fd_flags[fd];
		if (child->files[fd])
			file_get(child->files[fd]);
	}
}

/* Close every fd of p (exit). */
void fd_table_close_all(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd]) {
			struct file *f = p->files[fd];
			p->files[fd] = NULL;
			file_put(f);
		}
	}
}

/* Close p's FD_CLOEXEC fds (execve). */
void fd_table_cloexec(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd] && (p->fd_flags[fd] & FD_CLOEXEC)) {
			struct file *f = p->files[fd];
			p->files[fd] = NULL;
			p->fd_flags[fd] = 0;
			file_put(f);
		}
	}
}
