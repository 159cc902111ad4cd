/*
 * execve: replace the current process's image with an ELF32 program (or
 * a "#!" script's interpreter) from the ramfs, in three steps as Linux's:
 *   1. load the image: exec_open finds the file and checks that it may be
 *      run (not open for writing: -ETXTBSY), its first bytes say what it
 *      is, and the ELF loader (kernel/binfmt_elf.c) builds a new address
 *      space from its pages, and its interpreter's when PT_INTERP names
 *      one, with the initial stack (load_image);
 *   2. replace the old image (replace_image): past this point of no
 *      return the process has only the new one;
 *   3. start the thread: start_thread (asm/processor.h) sets the user
 *      registers the return to user mode loads, at the interpreter's
 *      entry if there is one, else the program's.
 * Until step 2 the old image is untouched, so a failing execve returns
 * its error to a process that still exists. Linux finds some problems
 * only after its point of no return, while it maps the segments (bad
 * segment bounds, one below mmap_min_addr, an interpreter that cannot be
 * mapped): the process then dies of SIGSEGV, and Mica does the same
 * (exec_fatal) although it still has the old image.
 *
 * While a process runs a program, the program's file cannot be opened
 * for writing or truncated (-ETXTBSY), as Linux's deny_write_access on
 * mm->exe_file: proc_set_exe counts it in the inode's i_writecount.
 *
 * The new stack, from TASK_SIZE down, as Linux lays it out:
 *   a NULL word, the path given to execve (AT_EXECFN)
 *   environment strings, argument strings   <- env_start, arg_start
 *   (down to 16 bytes) "i686" (AT_PLATFORM), 16 random bytes (AT_RANDOM)
 *   auxv pairs {AT_SYSINFO, AT_SYSINFO_EHDR, AT_MINSIGSTKSZ, ..., AT_NULL}
 *   envp[] then NULL, argv[] then NULL, argc   <- esp, 16-byte aligned
 */
#include <kernel/proc.h>
#include <kernel/mount.h>
#include <kernel/posix_timers.h>
#include <kernel/permission.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/binfmt.h>
#include <asm/uaccess.h>
#include <asm/arch.h>
#include <kernel/random.h>
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/tls.h>
#include <asm/vdso.h>
#include <asm/x86.h>

#define S_IXUGO 0111	    /* any execute bit */
#define SHEBANG_LEN 2	    /* "#!" */
#define BINPRM_BUF_SIZE 256 /* the first bytes that say what a file is, as Linux */
#define STACK_ALIGN 16	    /* esp at the program's entry */
#define AT_RANDOM_WORDS 4   /* 16 bytes for AT_RANDOM */
#define ELF_PLATFORM "i686" /* AT_PLATFORM, as i386 Linux (uname -m) */
#define CPUID_FEATURES 1    /* cpuid leaf whose edx is AT_HWCAP */

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31
#define AT_SYSINFO 32	   /* __kernel_vsyscall in the vDSO */
#define AT_SYSINFO_EHDR 33 /* the vDSO's ELF header */
#define AT_MINSIGSTKSZ 51

/* What the auxiliary vector tells the new image. */
struct exec_aux {
	uint32_t phdr, phnum;  /* the program's headers, mapped */
	uint32_t base;	       /* the interpreter's load bias, or 0 */
	uint32_t sysinfo;      /* AT_SYSINFO: the vDSO's __kernel_vsyscall */
	uint32_t sysinfo_ehdr; /* AT_SYSINFO_EHDR: the vDSO */
	uint32_t entry;	       /* the program's entry */
	uint32_t uid, euid, gid, egid, secure;
};

/* Where execve put the strings on the new stack: [arg_start, env_start)
 * and [env_start, env_end). */
struct exec_strings {
	uint32_t arg_start, env_start, env_end;
	uint32_t auxv[SAVED_AUXV_WORDS]; /* and the auxv they got */
};

/* Push n bytes onto the new user stack. Returns 0 or -EFAULT. */
static int push(uint32_t *sp, const void *data, uint32_t n)
{
	*sp -= n;
	return copy_to_user((void __user *)*sp, data, n) ? -EFAULT : 0;
}

/* AT_HWCAP: what cpuid leaf 1 says in edx, as Linux's ELF_HWCAP on i386. */
static uint32_t elf_hwcap(void)
{
	uint32_t a, b, c, d;

	cpuid(CPUID_FEATURES, &a, &b, &c, &d);
	return d;
}

/*
 * Build the initial stack (see the top of the file) in the new address
 * space, which must be the current one, for argc/argv, envc/envp and the
 * path execfn; set *spp to its final esp and *strs to where the strings
 * went. Returns 0, -EFAULT or -ENOMEM.
 */
static int build_stack(uint32_t *spp, const char *execfn, char *const argv[], char *const envp[],
		       int argc, int envc, const struct exec_aux *ax, struct exec_strings *strs)
{
	uint32_t sp = TASK_SIZE - sizeof(uint32_t); /* the NULL word at the top */
	uint32_t *uargv = kmalloc((argc + envc + 2) * sizeof(uint32_t));
	uint32_t random[AT_RANDOM_WORDS];
	int err = -EFAULT;

	if (!uargv)
		return -ENOMEM;
	if (push(&sp, execfn, strlen(execfn) + 1))
		goto out;
	uint32_t at_execfn = sp;
	strs->env_end = sp;
	for (int i = envc - 1; i >= 0; i--) {
		if (push(&sp, envp[i], strlen(envp[i]) + 1))
			goto out;
		uargv[argc + 1 + i] = sp;
	}
	strs->env_start = sp;
	for (int i = argc - 1; i >= 0; i--) {
		if (push(&sp, argv[i], strlen(argv[i]) + 1))
			goto out;
		uargv[i] = sp;
	}
	strs->arg_start = sp;
	uargv[argc] = 0;
	uargv[argc + 1 + envc] = 0;
	sp &= ~(STACK_ALIGN - 1u); /* Linux's arch_align_stack, without randomization */
	if (push(&sp, ELF_PLATFORM, sizeof(ELF_PLATFORM)))
		goto out;
	uint32_t at_platform = sp;
	get_random_bytes(random, sizeof(random)); /* the generator of kernel/random.c */
	if (push(&sp, random, sizeof(random)))
		goto out;
	uint32_t at_random = sp;

	/* Linux's order (create_elf_tables, i386's ARCH_DLINFO first) */
	uint32_t auxv[] = {
		AT_SYSINFO,	 ax->sysinfo,
		AT_SYSINFO_EHDR, ax->sysinfo_ehdr,
		AT_MINSIGSTKSZ,	 sigframe_max_size(),
		AT_HWCAP,	 elf_hwcap(),
		AT_PAGESZ,	 PAGE_SIZE,
		AT_CLKTCK,	 USER_HZ,
		AT_PHDR,	 ax->phdr,
		AT_PHENT,	 sizeof(Elf32_Phdr),
		AT_PHNUM,	 ax->phnum,
		AT_BASE,	 ax->base,
		AT_FLAGS,	 0,
		AT_ENTRY,	 ax->entry,
		AT_UID,		 ax->uid,
		AT_EUID,	 ax->euid,
		AT_GID,		 ax->gid,
		AT_EGID,	 ax->egid,
		AT_SECURE,	 ax->secure,
		AT_RANDOM,	 at_random,
		AT_HWCAP2,	 0, /* no FSGSBASE on i386 */
		AT_EXECFN,	 at_execfn,
		AT_PLATFORM,	 at_platform,
		AT_NULL,	 0,
	};
	/* argc + argv + NULL + envp + NULL + auxv, ending 16-byte aligned */
	uint32_t words = 1 + argc + 1 + envc + 1 + ARRAY_SIZE(auxv);
	sp = (sp - words * sizeof(uint32_t)) & ~(STACK_ALIGN - 1u);
	uint32_t p = sp;
	uint32_t argc32 = argc;
	uint32_t vecs = (argc + envc + 2) * sizeof(uint32_t); /* argv, envp, NULLs */
	if (copy_to_user((void __user *)p, &argc32, sizeof(argc32)) ||
	    copy_to_user((void __user *)(p + sizeof(argc32)), uargv, vecs) ||
	    copy_to_user((void __user *)(p + sizeof(argc32) + vecs), auxv, sizeof(auxv)))
		goto out;
	*spp = sp;
	/* saved_auxv belongs to the process, which still runs its old image;
	 * the caller copies it in past the point of no return */
	_Static_assert(sizeof(auxv) <= sizeof(strs->auxv), "SAVED_AUXV_WORDS too small");
	memset(strs->auxv, 0, sizeof(strs->auxv));
	memcpy(strs->auxv, auxv, sizeof(auxv));
	err = 0;
out:
	kfree(uargv);
	return err;
}

/*
 * Look up path and check that it may be executed: a regular file the
 * caller may execute, not open for writing anywhere. The one lookup and
 * permission check of execve, used by sys_execve before it reads the
 * arguments and by the loader (for the program and its interpreter).
 * Returns the inode (with a reference), or NULL with *err = the lookup
 * error, -EACCES or -ETXTBSY.
 */
struct inode *exec_open(const char *path, long *err)
{
	int e = 0;
	struct inode *ip = namei(path, &e);

	if (!ip) {
		*err = e;
		return NULL;
	}
	*err = exec_check(ip);
	if (*err) {
		inode_put(ip);
		return NULL;
	}
	return ip;
}

/* exec_open's checks of an inode already found: 0, -EACCES (not a
 * regular ramfs file the caller may execute: root needs at least one x
 * bit, fs/permission.c) or -ETXTBSY (open for writing, Linux's
 * deny_write_access). */
long exec_check(const struct inode *ip)
{
	if (!S_ISREG(ip->mode) || ip->fop != &ramfs_file_ops || inode_permission(ip, MAY_EXEC))
		return -EACCES;
	return ip->i_writecount > 0 ? -ETXTBSY : 0;
}

/* Make ip (or nothing) p's program: p holds a reference to it and, as
 * Linux's mm->exe_file, keeps it from being written while it runs (one
 * count below zero in i_writecount); the old program is let go. */
void proc_set_exe(struct proc *p, struct inode *ip)
{
	if (ip) {
		inode_get(ip);
		ip->i_writecount--;
	}
	if (p->exe) {
		p->exe->i_writecount++;
		inode_put(p->exe);
	}
	p->exe = ip;
}

/* The file ip (or, when NULL, path) names, after exec_open's checks,
 * opened read-only: the file, or NULL with *err set. */
static struct file *exec_open_file(const char *path, struct inode *ip, long *err)
{
	if (ip) {
		*err = exec_check(ip);
		if (*err)
			return NULL;
		inode_get(ip);
	} else {
		ip = exec_open(path, err);
	}
	if (!ip)
		return NULL;
	struct file *f = file_alloc(ip, O_RDONLY, ip->fop);
	inode_put(ip);
	if (!f)
		*err = -ENOMEM;
	return f;
}

#define MAX_INTERP_DEPTH 4
#define INTERP_LINE 256

static long execve_depth(const char *path, struct inode *ip, const char *execfn, const char *comm,
			 char *const argv[], char *const envp[], int depth);

/*
 * A "#!interpreter [arg]" script (its first size bytes in image): run the
 * interpreter with argv {interpreter, [arg,] path, argv[1], ...}, as
 * Linux's binfmt_script does; AT_EXECFN stays execfn and the process's
 * name comes from comm. Returns the result of that execve.
 */
static long exec_script(const uint8_t *image, size_t size, const char *path, const char *execfn,
			const char *comm, char *const argv[], char *const envp[], int depth)
{
	char line[INTERP_LINE];
	size_t n = 0;

	if (depth >= MAX_INTERP_DEPTH)
		return -ELOOP;
	for (size_t i = SHEBANG_LEN; i < size && image[i] != '\n' && n < sizeof(line) - 1; i++)
		line[n++] = image[i] == '\t' ? ' ' : image[i];
	line[n] = '\0';
	char *interp = line;
	while (*interp == ' ')
		interp++;
	if (!*interp)
		return -ENOEXEC;
	char *arg = interp;
	while (*arg && *arg != ' ')
		arg++;
	if (*arg) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
		for (char *e = arg + strlen(arg); e > arg && e[-1] == ' ';)
			*--e = '\0'; /* the rest of the line, trimmed, is one argument */
	}
	int argc = 0;
	while (argv && argv[argc])
		argc++;
	char **nargv = kmalloc((argc + 4) * sizeof(char *));
	if (!nargv)
		return -ENOMEM;
	int k = 0;
	nargv[k++] = interp;
	if (*arg)
		nargv[k++] = arg;
	nargv[k++] = (char *)path;
	for (int i = 1; i < argc; i++)
		nargv[k++] = argv[i];
	nargv[k] = NULL;
	long err = execve_depth(interp, NULL, execfn, comm, nargv, envp, depth + 1);
	kfree(nargv);
	return err;
}

/*
 * A problem Linux finds past its point of no return, while it maps the
 * new image: the process dies of SIGSEGV, which no handler can catch.
 * Mica still has the old image, but does the same (init, which has no
 * image yet, just gets the error). Returns err.
 */
static long exec_fatal(const char *path, const char *why, long err)
{
	pr_info("exec %s: %s\n", path, why);
	if (!current->mm)
		return err;
	current->sigaction[SIGSEGV - 1].handler = SIG_DFL;
	force_signal(current, SIGSEGV, SI_KERNEL, 0);
	return err;
}

/* The ids the new image of program exe runs with, for its auxiliary
 * vector: cred_exec's on a copy (the real change comes past the point of
 * no return); AT_SECURE for a set-ID exec. */
static void exec_ids(const struct inode *exe, struct exec_aux *ax)
{
	struct cred c = current->cred; /* cred_exec leaves the shared group list alone */

	(void)cred_exec(&c, exe, fs_nosuid(exe));
	ax->uid = c.uid;
	ax->euid = c.euid;
	ax->gid = c.gid;
	ax->egid = c.egid;
	ax->secure = c.euid != c.uid || c.egid != c.gid;
}

/* What load_image built: the new address space and where to start. */
struct exec_result {
	struct mm *mm;
	uint32_t entry, sp;
	struct exec_strings strs;
};

/*
 * Step 1 of execve for the ELF program im (from path): open and check its
 * interpreter if PT_INTERP names one, then build a new address space with
 * the stack VMA, the program, the interpreter and the initial stack. The
 * current address space is untouched. Returns 0 with *res set, an error
 * that leaves the old image (-ENOENT, -EACCES, -ETXTBSY, -ELIBBAD, -EIO,
 * -ENOEXEC, -ENOMEM), or a fatal one after exec_fatal.
 */
static long load_image(const char *path, const char *execfn, struct elf_image *im,
		       char *const argv[], char *const envp[], int argc, int envc,
		       struct exec_result *res)
{
	struct elf_image interp = { 0 };
	struct exec_aux ax = { 0 };
	struct mm *old = current->mm;
	char *iname;
	long err = elf_interp_name(im, &iname);

	if (err)
		return err;
	if (iname && !iname[0]) { /* Linux looks "" up as the cwd: a directory */
		kfree(iname);
		return -EACCES;
	}
	if (iname) {
		struct file *f = exec_open_file(iname, NULL, &err);
		kfree(iname);
		if (!f)
			return err;
		err = elf_image_read(&interp, f, true);
		file_put(f);
		if (err) {
			pr_info("exec %s: %s\n", path, interp.why);
			return err;
		}
	}
	struct mm *mm = mm_create();
	if (!mm) {
		elf_image_put(&interp);
		return -ENOMEM;
	}
	mm->mmap_base = mmap_base_for_stack(rlimit_cur(current, RLIMIT_STACK));
	/* the segments' tails and the stack are written through the new page tables */
	switch_pgdir(mm->pgdir);
	current->mm = mm;
	uint32_t bias;
	const char *why = NULL;
	/* the stack first, as Linux: a segment may not land on it */
	bool fatal = false;
	err = vma_add(mm, TASK_SIZE - PAGE_SIZE, TASK_SIZE, VM_READ | VM_WRITE | VM_GROWSDOWN);
	if (!err) {
		fatal = true; /* each problem from here is one Linux meets past its point of no return */
		err = elf_choose_bias(mm, im, interp.file != NULL, &bias);
	}
	if (!err)
		err = elf_map(mm, im, bias, VM_EXEFILE);
	if (err)
		why = im->why;
	res->entry = im->bias + im->eh.e_entry;
	if (!err && interp.file) {
		if (interp.eh.e_type != ET_EXEC && interp.eh.e_type != ET_DYN) {
			err = -EINVAL;
			why = "interpreter: not an executable";
		} else {
			err = elf_choose_bias(mm, &interp, false, &bias);
			if (!err)
				err = elf_map(mm, &interp, bias, 0);
			if (err)
				why = interp.why;
			/* as Linux, AT_BASE is 0 for an ET_EXEC interpreter */
			ax.base = interp.eh.e_type == ET_DYN ? interp.bias : 0;
			res->entry = interp.bias + interp.eh.e_entry;
		}
	}
	if (!err) {
		/* the vDSO below the program and its interpreter, as Linux's
		 * arch_setup_additional_pages */
		err = vdso_map(mm);
		if (err)
			why = "the vDSO cannot be mapped";
		ax.sysinfo = vdso_vsyscall(mm);
		ax.sysinfo_ehdr = mm->vdso_base;
	}
	if (!err) {
		/* as Linux: a static-pie program's heap starts at ELF_ET_DYN_BASE */
		uint32_t brk = im->eh.e_type == ET_DYN && !interp.file ? ELF_ET_DYN_BASE
								       : PGROUNDUP(im->end);
		mm->start_brk = mm->brk = brk;
		ax.phdr = elf_phdr_addr(im);
		ax.phnum = im->eh.e_phnum;
		ax.entry = im->bias + im->eh.e_entry;
		exec_ids(im->file->inode, &ax);
		err = build_stack(&res->sp, execfn, argv, envp, argc, envc, &ax, &res->strs);
		fatal = err == -EFAULT; /* as Linux's create_elf_tables; -ENOMEM is ours */
		if (fatal)
			why = "the initial stack cannot be written";
	}
	current->mm = old;
	elf_image_put(&interp);
	if (err) {
		switch_pgdir(old ? old->pgdir : kpgdir);
		mm_destroy(mm);
		return fatal ? exec_fatal(path, why ? why : "cannot be mapped", err) : err;
	}
	res->mm = mm;
	return 0;
}

/*
 * Step 2 of execve, the point of no return: the process drops its old
 * image for mm (already the loaded page directory) and everything that
 * belonged to it: the name becomes path's last component, close-on-exec
 * fds close, TLS slots empty, handlers reset (SIG_IGN stays), a clean FPU.
 */
static void replace_image(const char *path, struct mm *mm)
{
	struct mm *old = current->mm;
	const char *base = path;

	if (old)
		mm_release(current, old); /* clear_child_tid, a vfork parent */
	acct_mm_done(current, old);
	current->mm = mm;
	if (old)
		mm_put(old);
	for (const char *s = path; *s; s++)
		if (*s == '/' && s[1])
			base = s + 1;
	strlcpy(current->name, base, sizeof(current->name));
	fd_table_cloexec(current);
	tls_clear(current);
	current->clear_child_tid = NULL;
	current->robust_list = NULL;   /* as Linux: the new image has none */
	current->did_exec = true;      /* setpgid by the parent: -EACCES now */
	posix_timers_release(current); /* as Linux: timers end at execve */
	sas_reset(current);	       /* and so does the alternate signal stack */
	current->not_dumpable = false; /* prctl PR_SET_DUMPABLE */
	for (int s = 0; s < NSIG; s++) /* handlers are gone; SIG_IGN stays */
		if (current->sigaction[s].handler != SIG_IGN)
			current->sigaction[s] = (struct k_sigaction){ 0 };
	fpu_init_state(current);
	fpu_restore(current);
}

/* Replace the current image with the program at path; see the top of
 * the file. Returns 0 (the process then starts the new program on its
 * return to user mode) or -errno with the old image intact. */
long do_execve(const char *path, char *const argv[], char *const envp[])
{
	return execve_depth(path, NULL, path, NULL, argv, envp, 0);
}

/* do_execve of the program ip (execveat has found it) under the name
 * filename (AT_EXECFN, a script's argument), the process then called
 * comm (NULL: filename's last component). Returns as do_execve. */
long do_execve_inode(struct inode *ip, const char *filename, const char *comm, char *const argv[],
		     char *const envp[])
{
	return execve_depth(filename, ip, filename, comm, argv, envp, 0);
}

/* Is the start of a file (n bytes of buf) a "#!" script? */
static bool is_script(const uint8_t *buf, size_t n)
{
	return n >= SHEBANG_LEN && buf[0] == '#' && buf[1] == '!';
}

/* do_execve of path (or of ip, when not NULL, under the name path),
 * depth "#!" interpreters deep, with execfn the path the first execve was
 * given and comm the new name (NULL: path's): load, replace, start. */
static long execve_depth(const char *path, struct inode *ip, const char *execfn, const char *comm,
			 char *const argv[], char *const envp[], int depth)
{
	static char *const empty_argv[] = { "", NULL };
	uint8_t buf[BINPRM_BUF_SIZE];
	int argc = 0, envc = 0;
	long err;

	struct file *f = exec_open_file(path, ip, &err);
	if (!f)
		return err;
	ssize_t n = kernel_read(f, buf, sizeof(buf), 0);
	if (n < 0) {
		file_put(f);
		return n;
	}
	if (is_script(buf, n)) {
		file_put(f); /* the interpreter is the program */
		/* as Linux, the process is named after the script, not its interpreter */
		return exec_script(buf, n, path, execfn, comm ? comm : path, argv, envp, depth);
	}
	struct elf_image im;
	err = elf_image_read(&im, f, false);
	file_put(f);
	if (err) {
		pr_info("exec %s: %s\n", path, im.why);
		return err;
	}
	while (argv && argv[argc])
		argc++;
	while (envp && envp[envc])
		envc++;
	if (argc == 0) /* as Linux: argv[0] is "" rather than missing */
		argv = empty_argv, argc = 1;

	struct exec_result res;
	err = load_image(path, execfn, &im, argv, envp, argc, envc, &res);
	struct inode *exe = im.file->inode;
	inode_get(exe);
	elf_image_put(&im);
	if (err) {
		inode_put(exe);
		return err;
	}
	replace_image(comm ? comm : path, res.mm);
	/* dumpable unless set-ID or unreadable (replace_image cleared it) */
	current->not_dumpable = !cred_exec(&current->cred, exe, fs_nosuid(exe));
	proc_set_exe(current, exe);
	inode_put(exe);
	current->arg_start = res.strs.arg_start;
	current->arg_end = current->env_start = res.strs.env_start;
	current->env_end = res.strs.env_end;
	memcpy(current->saved_auxv, res.strs.auxv, sizeof(current->saved_auxv));
	current->start_stack = res.sp;
	start_thread(current->tf, res.entry, res.sp);
	return 0;
}
