/*
 * Per-process file descriptor tables: proc->files[fd] points at a shared
 * struct file, proc->fd_flags[fd] holds FD_CLOEXEC, for fd < max_fds.
 * A table starts as the NOFILE-long arrays inside struct proc and grows
 * (doubling, into kmalloc'd arrays) when an fd beyond it is taken, as
 * Linux's expand_files does; no fd reaches RLIMIT_NOFILE, whose hard
 * limit is at most NR_OPEN. fork copies the table (the files are shared,
 * offsets and all); execve closes the FD_CLOEXEC ones; exit closes
 * everything and frees a grown table. Every close drops the closing
 * process's POSIX record locks on that file (fs/locks.c), as Linux.
 */
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/locks.h>

/* The fds the current process may use: its RLIMIT_NOFILE, at most NR_OPEN. */
static int fd_limit(void)
{
	uint64_t lim = rlimit_cur(current, RLIMIT_NOFILE);

	return lim > NR_OPEN ? NR_OPEN : (int)lim;
}

/* Free p's grown table, going back to the arrays inside struct proc
 * (which the caller has emptied, or never used). */
static void fd_table_free(struct proc *p)
{
	if (p->files != p->fd_array) {
		kfree(p->files);
		kfree(p->fd_flags);
	}
	p->files = p->fd_array;
	p->fd_flags = p->fd_flags_array;
	p->max_fds = NOFILE;
}

/* Grow p's table to hold at least n fds (n <= NR_OPEN). Returns 0 or
 * -ENOMEM (the table is unchanged then). */
static int fd_table_grow(struct proc *p, int n)
{
	int size = p->max_fds;

	if (n <= size)
		return 0;
	while (size < n)
		size *= 2;
	if (size > NR_OPEN)
		size = NR_OPEN;
	struct file **files = kzalloc((size_t)size * sizeof(*files));
	uint8_t *flags = kzalloc((size_t)size);
	if (!files || !flags) {
		kfree(files);
		kfree(flags);
		return -ENOMEM;
	}
	memcpy(files, p->files, (size_t)p->max_fds * sizeof(*files));
	memcpy(flags, p->fd_flags, (size_t)p->max_fds);
	if (p->files != p->fd_array) {
		kfree(p->files);
		kfree(p->fd_flags);
	} else { /* the embedded arrays hold nothing from now on */
		memset(p->fd_array, 0, sizeof(p->fd_array));
		memset(p->fd_flags_array, 0, sizeof(p->fd_flags_array));
	}
	p->files = files;
	p->fd_flags = flags;
	p->max_fds = size;
	return 0;
}

/* The file open on fd in the current process, or NULL; no reference. */
struct file *fget_raw(int fd)
{
	if (fd < 0 || !current || fd >= current->max_fds)
		return NULL;
	return current->files[fd];
}

/* The same, but NULL for an O_PATH file, which only fget_raw's callers
 * (close, dup, fcntl, fstat, fchdir, dirfds) accept. */
struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);

	return f && !(f->flags & O_PATH) ? f : NULL;
}

/* Make the current table hold fd (dup2's newfd). Returns 0, -EBADF for
 * fd at or over RLIMIT_NOFILE (or negative), -ENOMEM. */
int fd_table_fit(int fd)
{
	if (fd < 0 || fd >= fd_limit())
		return -EBADF;
	return fd_table_grow(current, fd + 1);
}

/* How many fds below RLIMIT_NOFILE are free in the current process,
 * counting no further than want. */
int fd_count_free(int want)
{
	int n = 0, lim = fd_limit();

	for (int fd = 0; fd < lim && n < want; fd++)
		if (fd >= current->max_fds || !current->files[fd])
			n++;
	return n;
}

/* Put f at the lowest free fd >= min below RLIMIT_NOFILE with fd_flags;
 * the table takes the caller's reference. Returns the fd, -EMFILE, or
 * -ENOMEM when the table cannot grow. */
int fd_install(struct file *f, int min, uint32_t fd_flags)
{
	int lim = fd_limit();

	for (int fd = min < 0 ? 0 : min; fd < lim; fd++) {
		if (fd >= current->max_fds && fd_table_grow(current, fd + 1))
			return -ENOMEM;
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
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	current->files[fd] = NULL;
	current->fd_flags[fd] = 0;
	locks_remove_posix(current, f);
	file_put(f);
	return 0;
}

/* Give child every open file of parent, sharing them (fork). Returns 0,
 * or -ENOMEM when a grown table cannot be copied (child keeps none). */
int fd_table_dup(struct proc *child, struct proc *parent)
{
	int top = parent->max_fds;

	while (top > NOFILE && !parent->files[top - 1])
		top--;
	if (fd_table_grow(child, top))
		return -ENOMEM;
	for (int fd = 0; fd < top; fd++) {
		child->files[fd] = parent->files[fd];
		child->fd_flags[fd] = parent->fd_flags[fd];
		if (child->files[fd])
			file_get(child->files[fd]);
	}
	return 0;
}

/* Close every fd of p and free a grown table (exit). */
void fd_table_close_all(struct proc *p)
{
	for (int fd = 0; fd < p->max_fds; fd++) {
		if (p->files[fd]) {
			struct file *f = p->files[fd];
			p->files[fd] = NULL;
			locks_remove_posix(p, f);
			file_put(f);
		}
	}
	fd_table_free(p);
}

/* Close p's FD_CLOEXEC fds (execve). */
void fd_table_cloexec(struct proc *p)
{
	for (int fd = 0; fd < p->max_fds; fd++) {
		if (p->files[fd] && (p->fd_flags[fd] & FD_CLOEXEC)) {
			struct file *f = p->files[fd];
			p->files[fd] = NULL;
			p->fd_flags[fd] = 0;
			locks_remove_posix(p, f);
			file_put(f);
		}
	}
}
