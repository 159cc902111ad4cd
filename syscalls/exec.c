/*
 * execve: the path and the argument and environment strings are copied
 * in from user space (within Linux's limits) before do_execve
 * (kernel/exec.c) replaces the image.
 */
#include <kernel/proc.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <asm/uaccess.h>

#define MAX_ARG_STRLEN ((long)(32 * PAGE_SIZE)) /* signed, as strnlen_user returns */
#define MAX_ARG_TOTAL (2048 * 1024)		/* a quarter of the 8 MiB stack, as Linux */
/* each pointer counts against the total too, as on Linux */
#define MAX_ARGS (MAX_ARG_TOTAL / sizeof(char *))

/*
 * Copy the first n strings of a user array (counted by count_strings) into
 * buf at *used, their kernel pointers into vec[0..n-1], and end vec with
 * NULL. Returns 0, -EFAULT or -E2BIG.
 */
static long copy_strings(long uarr, long n, char *buf, size_t *used, char **vec)
{
	for (long i = 0; i < n; i++) {
		uint32_t up;
		if (get_user(up, (uint32_t __user *)uarr + i))
			return -EFAULT;
		long len = strnlen_user((const char __user *)up, MAX_ARG_STRLEN);
		if (len == 0)
			return -EFAULT;
		if (len > MAX_ARG_STRLEN || *used + len > MAX_ARG_TOTAL)
			return -E2BIG;
		if (strncpy_from_user(buf + *used, (const char __user *)up, len) != len - 1)
			return -EFAULT;
		vec[i] = buf + *used;
		*used += len;
	}
	vec[n] = NULL;
	return 0;
}

/* The number of strings in a NULL-terminated user array: >= 0, or
 * -EFAULT, or -E2BIG past MAX_ARGS. */
static long count_strings(long uarr)
{
	long n = 0;

	if (!uarr)
		return 0;
	for (;; n++) {
		uint32_t up;
		if (get_user(up, (uint32_t __user *)uarr + n))
			return -EFAULT;
		if (!up)
			return n;
		if (n >= (long)MAX_ARGS)
			return -E2BIG;
	}
}

/* execve(path, argv, envp): run path with copies of the argument and
 * environment strings. Does not return on success; -ENOENT, -EACCES,
 * -EFAULT, -E2BIG, -ENOMEM... as Linux, checking the file first. */
long sys_execve(long upath, long uargv, long uenvp)
{
	long err;
	int perr;
	char *path = getname((const char __user *)upath, &perr);

	if (!path)
		return perr;
	/* as Linux: the file is found and checked before the arguments are read */
	struct inode *ip = exec_open(path, &err);
	if (!ip) {
		kfree(path);
		return err;
	}
	inode_put(ip);
	long argc = count_strings(uargv), envc = count_strings(uenvp);
	if (argc < 0 || envc < 0 || argc + envc > (long)MAX_ARGS) {
		kfree(path);
		return argc < 0 ? argc : envc < 0 ? envc : -E2BIG;
	}
	char *buf = kmalloc(MAX_ARG_TOTAL);
	char **argv = kmalloc((argc + 1) * sizeof(char *));
	char **envp = kmalloc((envc + 1) * sizeof(char *));
	size_t used = (argc + envc) * sizeof(char *); /* the pointers' share */
	err = -ENOMEM;
	if (buf && argv && envp) {
		err = copy_strings(uargv, argc, buf, &used, argv);
		if (!err)
			err = copy_strings(uenvp, envc, buf, &used, envp);
		if (!err)
			err = do_execve(path, argv, envp);
	}
	kfree(buf);
	kfree(argv);
	kfree(envp);
	kfree(path);
	return err;
}
