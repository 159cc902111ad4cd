/*
 * execve: replace the current process's image with a static ELF32
 * program (or a "#!" script's interpreter) from the ramfs, in three
 * steps as Linux's:
 *   1. load the image: exec_open finds the file and checks that it may
 *      be run, it is read whole through kernel_read (an ITER_KVEC read),
 *      checked by elf_validate (lib/elf.c), and a new address space is
 *      built from it with its initial stack (load_elf);
 *   2. replace the old image (replace_image): past this point of no
 *      return the process has only the new one;
 *   3. start the thread: start_thread (asm/processor.h) sets the user
 *      registers the return to user mode loads.
 * Until step 2 the old image is untouched, so a failing execve returns
 * its error to a process that still exists. No
 * segment may lie below MMAP_MIN (64 KiB, Linux's default mmap_min_addr),
 * so no user page sits where a stray descriptor-table lookup could land;
 * such a program is refused with SIGSEGV, as Linux does.
 *
 * The new stack, from TASK_SIZE down, as Linux lays it out:
 *   argument and environment strings, 16 random bytes (AT_RANDOM)
 *   (padding to 16 bytes)
 *   auxv: {AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_ENTRY, AT_RANDOM,
 *          ..., AT_NULL} pairs
 *   envp[] then NULL, argv[] then NULL, argc      <- esp
 */
#include <kernel/proc.h>
#include <kernel/mount.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <lib/elf.h>
#include <asm/uaccess.h>
#include <asm/arch.h>
#include <kernel/random.h>
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/tls.h>
#include <asm/x86.h>

#define MAX_EXEC_SIZE (64 << 20) /* largest program execve loads */
#define S_IXUGO 0111		 /* any execute bit */
#define SHEBANG_LEN 2		 /* "#!" */
#define STACK_ALIGN 16		 /* esp at the program's entry */
#define AT_RANDOM_WORDS 4	 /* 16 bytes for AT_RANDOM */

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
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31

/* Copy program header i of the size-byte image with ELF header eh into
 * *ph. Returns false if it does not lie wholly inside the image. The one
 * place exec.c reads a program header. */
static bool get_phdr(const uint8_t *image, size_t size, const Elf32_Ehdr *eh, uint32_t i,
		     Elf32_Phdr *ph)
{
	uint64_t off = (uint64_t)eh->e_phoff + (uint64_t)i * sizeof(*ph);

	if (off + sizeof(*ph) > size)
		return false;
	memcpy(ph, image + off, sizeof(*ph));
	return true;
}

/* Map the PT_LOAD segment ph of image into mm. Returns 0 or -ENOMEM. */
static int load_segment(struct mm *mm, const uint8_t *image, const Elf32_Phdr *ph)
{
	uint32_t start = PGROUNDDOWN(ph->p_vaddr);
	uint32_t end = PGROUNDUP(ph->p_vaddr + ph->p_memsz);
	uint32_t flags = VM_READ;

	if (ph->p_flags & PF_W)
		flags |= VM_WRITE;
	if (ph->p_flags & PF_X)
		flags |= VM_EXEC;
	if (ph->p_memsz == 0)
		return 0;
	if (vma_add(mm, start, end, flags | VM_EXEFILE))
		return -ENOMEM;
	find_vma(mm, start)->vm_pgoff = ph->p_offset >> PAGE_SHIFT; /* for maps */
	/* pages with file bytes are filled now; the rest (.bss) appear
	 * zeroed on first touch, like any page of the VMA */
	for (uint32_t va = start; va < end; va += PAGE_SIZE) {
		/* the part of [va, va + PAGE_SIZE) backed by file bytes */
		uint32_t lo = max(va, ph->p_vaddr);
		uint32_t hi = min(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
		if (lo >= hi)
			continue;
		struct page *pg = alloc_user_page();
		if (!pg)
			return -ENOMEM;
		memcpy((char *)page_address(pg) + (lo - va),
		       image + ph->p_offset + (lo - ph->p_vaddr), hi - lo);
		if (vm_map(mm->pgdir, va, pg, PTE_U | ((flags & VM_WRITE) ? PTE_W : 0))) {
			put_page(pg);
			return -ENOMEM;
		}
		mm_rss_add(mm, 1);
	}
	return 0;
}

/* Where the argument and environment strings went on the new stack:
 * [arg_start, env_start) and [env_start, TASK_SIZE). */
struct exec_strings {
	uint32_t arg_start, env_start;
};

/* Push n bytes onto the new user stack. Returns 0 or -EFAULT. */
static int push(uint32_t *sp, const void *data, uint32_t n)
{
	*sp -= n;
	return copy_to_user((void __user *)*sp, data, n) ? -EFAULT : 0;
}

/* Build the initial stack (strings, AT_RANDOM bytes, auxv, envp, argv,
 * argc) in the new address space, which must be the current one; set *spp
 * to its final esp. Returns 0, -EFAULT or -ENOMEM. */
static int build_stack(uint32_t *spp, char *const argv[], char *const envp[], int argc, int envc,
		       const Elf32_Ehdr *eh, uint32_t phdr_addr, struct exec_strings *strs)
{
	uint32_t sp = TASK_SIZE;
	uint32_t *uargv = kmalloc((argc + envc + 2) * sizeof(uint32_t));
	uint32_t random[AT_RANDOM_WORDS];
	int err = -EFAULT;

	if (!uargv)
		return -ENOMEM;
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
	uint32_t execfn = argc ? uargv[0] : 0;
	uargv[argc] = 0;
	uargv[argc + 1 + envc] = 0;
	get_random_bytes(random, sizeof(random)); /* the generator of kernel/random.c */
	if (push(&sp, random, sizeof(random)))
		goto out;
	uint32_t at_random = sp;

	uint32_t auxv[] = {
		AT_PHDR,   phdr_addr,	AT_PHENT,  sizeof(Elf32_Phdr),
		AT_PHNUM,  eh->e_phnum, AT_PAGESZ, PAGE_SIZE,
		AT_BASE,   0,		AT_FLAGS,  0,
		AT_ENTRY,  eh->e_entry, AT_UID,	   0,
		AT_EUID,   0,		AT_GID,	   0,
		AT_EGID,   0,		AT_HWCAP,  0,
		AT_CLKTCK, HZ,		AT_SECURE, 0,
		AT_RANDOM, at_random,	AT_EXECFN, execfn,
		AT_NULL,   0,
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
	err = 0;
out:
	kfree(uargv);
	return err;
}

/* Returns where the program headers are in the new image, for AT_PHDR:
 * PT_PHDR's address, else where a PT_LOAD maps them, else 0. */
static uint32_t find_phdr_addr(const uint8_t *image, size_t size, const Elf32_Ehdr *eh)
{
	Elf32_Phdr ph;

	for (uint32_t i = 0; i < eh->e_phnum && get_phdr(image, size, eh, i, &ph); i++)
		if (ph.p_type == PT_PHDR)
			return ph.p_vaddr;
	for (uint32_t i = 0; i < eh->e_phnum && get_phdr(image, size, eh, i, &ph); i++)
		if (ph.p_type == PT_LOAD && eh->e_phoff >= ph.p_offset &&
		    eh->e_phoff - ph.p_offset < ph.p_filesz)
			return ph.p_vaddr + (eh->e_phoff - ph.p_offset);
	return 0;
}

/*
 * Look up path and check that it may be executed: a regular file with an
 * execute bit. The one lookup and permission check of execve, used by
 * sys_execve before it reads the arguments and by the loader. Returns the
 * inode (with a reference), or NULL with *err = the lookup error or -EACCES.
 */
struct inode *exec_open(const char *path, long *err)
{
	int e = 0;
	struct inode *ip = namei(path, &e);

	if (!ip) {
		*err = e;
		return NULL;
	}
	if (!S_ISREG(ip->mode) || !(ip->mode & S_IXUGO)) {
		inode_put(ip);
		*err = -EACCES;
		return NULL;
	}
	return ip;
}

/* Read the whole executable at path into a kmalloc'd buffer and set
 * *size and *ipp (its inode, with a reference). Returns the buffer, or
 * NULL with *err set. */
static uint8_t *read_image(const char *path, size_t *size, struct inode **ipp, long *err)
{
	struct inode *ip = exec_open(path, err);

	if (!ip)
		return NULL;
	if (ip->size < SHEBANG_LEN) { /* too short even for "#!" */
		inode_put(ip);
		*err = -ENOEXEC;
		return NULL;
	}
	if (ip->size > MAX_EXEC_SIZE) { /* read whole below: keep it sane */
		inode_put(ip);
		*err = -ENOMEM;
		return NULL;
	}
	*size = ip->size;
	uint8_t *image = kmalloc(*size);
	struct file *f = image ? file_alloc(ip, O_RDONLY, ip->fop) : NULL;
	if (!f) {
		inode_put(ip);
		kfree(image);
		*err = -ENOMEM;
		return NULL;
	}
	ssize_t n = kernel_read(f, image, *size, 0);
	file_put(f);
	if (n != (ssize_t)*size) {
		inode_put(ip);
		kfree(image);
		*err = n < 0 ? n : -EIO;
		return NULL;
	}
	*ipp = ip;
	return image;
}

#define MAX_INTERP_DEPTH 4
#define INTERP_LINE 256

static long execve_depth(const char *path, char *const argv[], char *const envp[], int depth);

/*
 * A "#!interpreter [arg]" script: run the interpreter with argv
 * {interpreter, [arg,] path, argv[1], ...}, as Linux's binfmt_script does.
 * Returns the result of that execve.
 */
static long exec_script(const uint8_t *image, size_t size, const char *path, char *const argv[],
			char *const envp[], int depth)
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
	long err = execve_depth(interp, nargv, envp, depth + 1);
	kfree(nargv);
	return err;
}

/*
 * A PT_LOAD segment below MMAP_MIN: Linux finds out only after the point
 * of no return and kills the process with SIGSEGV, which no handler can
 * catch. Mica still has the old image, but does the same.
 */
static void segment_refused(const char *path)
{
	if (!current->mm) /* init: nothing to kill yet */
		return;
	pr_info("exec %s: a segment lies below mmap_min_addr (0x%x)\n", path, MMAP_MIN);
	current->sigaction[SIGSEGV - 1].handler = SIG_DFL;
	force_signal(current, SIGSEGV, SI_KERNEL, 0);
}

/* Does a PT_LOAD segment of the ELF image lie below MMAP_MIN? For an
 * image whose header elf_validate accepted; still reads only the program
 * headers that lie inside the file. Returns true if one does. */
static bool below_mmap_min(const uint8_t *image, size_t size)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;

	if (size < sizeof(eh))
		return false;
	memcpy(&eh, image, sizeof(eh));
	for (uint32_t i = 0; i < eh.e_phnum && get_phdr(image, size, &eh, i, &ph); i++)
		if (ph.p_type == PT_LOAD && ph.p_memsz && ph.p_vaddr < MMAP_MIN)
			return true;
	return false;
}

/* Is the image a "#!" script? */
static bool is_script(const uint8_t *image, size_t size)
{
	return size >= SHEBANG_LEN && image[0] == '#' && image[1] == '!';
}

/* Check the ELF image of the file at path before anything is built from
 * it: elf_validate's verdict, and no segment below MMAP_MIN (which kills
 * the process, as on Linux). Returns 0, -ENOEXEC, -EINVAL or -EPERM. */
static long check_elf(const char *path, const uint8_t *image, size_t size)
{
	const char *why;
	long err = elf_validate(image, size, TASK_SIZE, &why);

	/* a sound header (no -ENOEXEC): Linux would go on to map the segments */
	if (err != -ENOEXEC && below_mmap_min(image, size)) {
		segment_refused(path);
		return -EPERM;
	}
	if (err)
		pr_info("exec %s: %s\n", path, why);
	return err;
}

/*
 * Step 1 of execve: build a new address space from the checked ELF image,
 * with its segments, its stack VMA and the initial stack for argv/envp
 * (argc, envc strings). The current address space is untouched. Returns 0
 * with *newmm, *entry and *sp set, or -ENOMEM/-EFAULT.
 */
static long load_elf(const uint8_t *image, size_t size, char *const argv[], char *const envp[],
		     int argc, int envc, struct mm **newmm, uint32_t *entry, uint32_t *sp,
		     struct exec_strings *strs)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	struct mm *mm = mm_create();
	struct mm *old = current->mm;
	uint32_t brk = 0;
	long err = 0;

	if (!mm)
		return -ENOMEM;
	memcpy(&eh, image, sizeof(eh));
	for (uint32_t i = 0; i < eh.e_phnum && !err && get_phdr(image, size, &eh, i, &ph); i++) {
		if (ph.p_type != PT_LOAD)
			continue;
		err = load_segment(mm, image, &ph);
		brk = max(brk, PGROUNDUP(ph.p_vaddr + ph.p_memsz));
	}
	if (!err)
		err = vma_add(mm, TASK_SIZE - PAGE_SIZE, TASK_SIZE,
			      VM_READ | VM_WRITE | VM_GROWSDOWN);
	if (!err) {
		mm->start_brk = mm->brk = brk;
		mm->mmap_base = mmap_base_for_stack(rlimit_cur(current, RLIMIT_STACK));
		/* the stack is written through the new page tables */
		switch_pgdir(mm->pgdir);
		current->mm = mm;
		err = build_stack(sp, argv, envp, argc, envc, &eh, find_phdr_addr(image, size, &eh),
				  strs);
		current->mm = old;
	}
	if (err) {
		switch_pgdir(old ? old->pgdir : kpgdir);
		mm_destroy(mm);
		return err;
	}
	*newmm = mm;
	*entry = eh.e_entry;
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
	current->clear_child_tid = 0;
	current->robust_list = 0;      /* as Linux: the new image has none */
	current->did_exec = true;      /* setpgid by the parent: -EACCES now */
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
	return execve_depth(path, argv, envp, 0);
}

/* do_execve, depth "#!" interpreters deep: load, replace, start. */
static long execve_depth(const char *path, char *const argv[], char *const envp[], int depth)
{
	static char *const empty_argv[] = { "", NULL };
	size_t size;
	long err;
	int argc = 0, envc = 0;
	struct mm *mm;
	uint32_t entry, sp;

	struct inode *exe;
	struct exec_strings strs;
	uint8_t *image = read_image(path, &size, &exe, &err);
	if (!image)
		return err;
	if (is_script(image, size)) {
		inode_put(exe); /* the interpreter is the program */
		err = exec_script(image, size, path, argv, envp, depth);
		kfree(image);
		return err;
	}
	err = check_elf(path, image, size);
	if (err) {
		inode_put(exe);
		kfree(image);
		return err;
	}
	while (argv && argv[argc])
		argc++;
	while (envp && envp[envc])
		envc++;
	if (argc == 0) /* as Linux: argv[0] is "" rather than missing */
		argv = empty_argv, argc = 1;

	err = load_elf(image, size, argv, envp, argc, envc, &mm, &entry, &sp, &strs);
	kfree(image);
	if (err) {
		inode_put(exe);
		return err;
	}
	replace_image(path, mm);
	cred_exec(&current->cred, exe, fs_nosuid(exe));
	if (current->exe)
		inode_put(current->exe);
	current->exe = exe;
	current->arg_start = strs.arg_start;
	current->arg_end = current->env_start = strs.env_start;
	current->env_end = TASK_SIZE;
	current->start_stack = sp;
	start_thread(current->tf, entry, sp);
	return 0;
}
