/*
 * execve and execveat: the path is copied in and the program found and
 * checked, then the argument and environment strings are copied in
 * (within Linux's limits), before do_execve_inode (kernel/exec.c)
 * replaces the image.
 */
#include <kernel/proc.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/procfs.h>
#include <kernel/syscalls.h>
#include <asm/uaccess.h>

#define MAX_ARG_STRLEN ((long)(32 * PAGE_SIZE)) /* signed, as strnlen_user returns */
#define MAX_ARG_TOTAL (2048 * 1024)		/* a quarter of the 8 MiB stack, as Linux */
/* each pointer counts against the total too, as on Linux */
#define MAX_ARGS (MAX_ARG_TOTAL / sizeof(char *))

/*
 * The strings execve copies in, in one kmalloc'd buffer that grows as
 * they come (doubling from ARGBUF_MIN), so a call with a few short
 * strings takes a small object, not MAX_ARG_TOTAL bytes of pages.
 */
#define ARGBUF_MIN 512
struct argbuf {
	char *buf;
	size_t size, len; /* bytes allocated, bytes used */
};

/* Make room for n more bytes in ab. Returns 0 or -ENOMEM. */
static int argbuf_room(struct argbuf *ab, size_t n)
{
	size_t size = ab->size ? ab->size : ARGBUF_MIN;

	if (ab->len + n <= ab->size)
		return 0;
	while (size < ab->len + n)
		size *= 2;
	char *nb = kmalloc(size);
	if (!nb)
		return -ENOMEM;
	memcpy(nb, ab->buf, ab->len);
	kfree(ab->buf);
	ab->buf = nb;
	ab->size = size;
	return 0;
}

/*
 * Copy the first n strings of a user array (counted by count_strings) to
 * the end of ab, their offsets in ab->buf into vec[0..n-1] (argbuf_ptrs
 * turns them into pointers once every string is in), and end vec with
 * NULL. *used counts the bytes against MAX_ARG_TOTAL. Returns 0, -EFAULT,
 * -E2BIG or -ENOMEM.
 */
static long copy_strings(const char __user *const __user *uarr, long n, struct argbuf *ab,
			 size_t *used, char **vec)
{
	for (long i = 0; i < n; i++) {
		const char __user *up;
		if (get_user(up, uarr + i))
			return -EFAULT;
		long len = strnlen_user(up, MAX_ARG_STRLEN);
		if (len == 0)
			return -EFAULT;
		if (len > MAX_ARG_STRLEN || *used + len > MAX_ARG_TOTAL)
			return -E2BIG;
		if (argbuf_room(ab, len))
			return -ENOMEM;
		if (strncpy_from_user(ab->buf + ab->len, up, len) != len - 1)
			return -EFAULT;
		vec[i] = (char *)(uintptr_t)ab->len; /* an offset until argbuf_ptrs */
		ab->len += len;
		*used += len;
	}
	vec[n] = NULL;
	return 0;
}

/* Turn the n offsets copy_strings left in vec into pointers into ab. */
static void argbuf_ptrs(const struct argbuf *ab, char **vec, long n)
{
	for (long i = 0; i < n; i++)
		vec[i] = ab->buf + (uintptr_t)vec[i];
}

/* The number of strings in a NULL-terminated user array: >= 0, or
 * -EFAULT, or -E2BIG past MAX_ARGS. */
static long count_strings(const char __user *const __user *uarr)
{
	long n = 0;

	if (!uarr)
		return 0;
	for (;; n++) {
		const char __user *up;
		if (get_user(up, uarr + n))
			return -EFAULT;
		if (!up)
			return n;
		if (n >= (long)MAX_ARGS)
			return -E2BIG;
	}
}

#define EXECVEAT_FLAGS (AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)
#define FD_NAME_MAX 24 /* "/dev/fd/" and an fd number */

/*
 * The program execveat names: path from dirfd (AT_FDCWD: the cwd; an
 * absolute path ignores it), or with AT_EMPTY_PATH and an empty path the
 * file dirfd holds (an O_PATH fd will do). Returns the inode (with a
 * reference) after exec_check, or NULL with *err: -EBADF, -ENOTDIR, the
 * lookup's errors, -ELOOP (AT_SYMLINK_NOFOLLOW on a link), -EACCES,
 * -ETXTBSY.
 */
static struct inode *execveat_inode(int dirfd, const char *path, long flags, long *err)
{
	struct inode *ip;
	int e = 0;

	if (!path) {
		struct file *f = fget_raw(dirfd);
		if (!f || !f->inode) {
			*err = -EBADF;
			return NULL;
		}
		ip = f->inode;
		inode_get(ip);
	} else {
		struct inode *base = dirfd_inode(dirfd, path, &e);
		ip = base ? lookup_at(base, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
				      &e)
			  : NULL;
		if (!ip) {
			*err = e;
			return NULL;
		}
	}
	*err = S_ISLNK(ip->mode) ? -ELOOP : exec_check(ip);
	if (*err) {
		inode_put(ip);
		return NULL;
	}
	return ip;
}

/*
 * The name execveat gives the program (AT_EXECFN), as Linux: path itself
 * when absolute or from AT_FDCWD, else "/dev/fd/N/path", or "/dev/fd/N"
 * for the fd's own file. Returns it kmalloc'd, or NULL without memory.
 */
static char *execveat_filename(int dirfd, const char *path)
{
	size_t len = (path ? strlen(path) : 0) + FD_NAME_MAX;
	char *name = kmalloc(len);

	if (!name)
		return NULL;
	if (path && (path[0] == '/' || dirfd == AT_FDCWD))
		strlcpy(name, path, len);
	else if (path)
		snprintf(name, len, "/dev/fd/%d/%s", dirfd, path);
	else
		snprintf(name, len, "/dev/fd/%d", dirfd);
	return name;
}

/* The last component of ip's path into buf (size bytes), for the comm of
 * a program execveat found through an fd, as Linux names it after the
 * file; NULL when the path cannot be had. */
static const char *file_name(struct inode *ip, char *buf, size_t size)
{
	if (inode_path(ip, buf, size) < 0)
		return NULL;
	const char *slash = strrchr(buf, '/');
	return slash && slash[1] ? slash + 1 : buf;
}

/*
 * execveat(dirfd, path, argv, envp, flags): run the program path names
 * from dirfd with copies of the argument and environment strings, as
 * Linux checks it: the path (-EFAULT, -ENAMETOOLONG; "" is -ENOENT without
 * AT_EMPTY_PATH), the flags (-EINVAL), the program (execveat_inode), then
 * the strings (-EFAULT, -E2BIG). Does not return on success.
 */
long sys_execveat(long dirfd, const char __user *upath, const char __user *const __user *uargv,
		  const char __user *const __user *uenvp, long flags)
{
	long err;
	int perr;
	char *path = getname((const char __user *)upath, &perr);

	if (!path && (perr != -ENOENT || !(flags & AT_EMPTY_PATH)))
		return perr;
	if (flags & ~EXECVEAT_FLAGS) {
		kfree(path);
		return -EINVAL;
	}
	/* as Linux: the file is found and checked before the arguments are read */
	struct inode *ip = execveat_inode((int)dirfd, path, flags, &err);
	char *filename = ip ? execveat_filename((int)dirfd, path) : NULL;
	if (!filename) {
		if (ip)
			inode_put(ip);
		kfree(path);
		return ip ? -ENOMEM : err;
	}
	long argc = count_strings(uargv), envc = count_strings(uenvp);
	struct argbuf ab = { NULL, 0, 0 };
	char **argv = NULL, **envp = NULL;
	if (argc < 0 || envc < 0 || argc + envc > (long)MAX_ARGS) {
		err = argc < 0 ? argc : envc < 0 ? envc : -E2BIG;
		goto out;
	}
	argv = kmalloc((argc + 1) * sizeof(char *));
	envp = kmalloc((envc + 1) * sizeof(char *));
	size_t used = (argc + envc) * sizeof(char *); /* the pointers' share */
	err = -ENOMEM;
	if (argv && envp) {
		err = copy_strings(uargv, argc, &ab, &used, argv);
		if (!err)
			err = copy_strings(uenvp, envc, &ab, &used, envp);
	}
	if (!err) {
		argbuf_ptrs(&ab, argv, argc);
		argbuf_ptrs(&ab, envp, envc);
		/* a program found through an fd is named after its file, as Linux */
		bool fdpath = !path || (path[0] != '/' && dirfd != AT_FDCWD);
		char *comm = fdpath ? kmalloc(PATH_MAX) : NULL;
		err = do_execve_inode(ip, filename, comm ? file_name(ip, comm, PATH_MAX) : NULL,
				      argv, envp);
		kfree(comm);
	}
out:
	kfree(ab.buf);
	kfree(argv);
	kfree(envp);
	inode_put(ip);
	kfree(filename);
	kfree(path);
	return err;
}

/* execve(path, argv, envp): execveat from the cwd with no flags. */
long sys_execve(const char __user *upath, const char __user *const __user *uargv,
		const char __user *const __user *uenvp)
{
	return sys_execveat(AT_FDCWD, upath, uargv, uenvp, 0);
}
