/*
 * kmain: the boot sequence, called by boot/entry.S on the boot stack with
 * paging on and the kernel running at its higher-half address.
 */
#include <kernel/kernel.h>
#include <kernel/multiboot.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <kernel/random.h>
#include <kernel/fs.h>
#include <kernel/ktest.h>
#include <kernel/kstack.h>
#include <kernel/highmem.h>
#include <kernel/console.h>
#include <asm/arch.h>
#include <asm/mce.h>
#include <asm/flushcache.h>
#include <asm/x86.h>
#include <asm/alternative.h>
#include <asm/uaccess.h>
#include <asm/vdso.h>

#define MAX_INIT_ARGV 32 /* as many as kernel/cmdline.c keeps */

#define BAD_SELECTOR 0xFFF8	    /* beyond the GDT's limit: loading it is a #GP */
#define UNMAPPED_STACK 0xFFFFF000u  /* no page table maps this */
#define SOME_USER_ADDR 0x08048000ul /* a user address; never touched */

static volatile int runaway_stop = -1; /* never reached: the recursion is endless */

/* Recurses, 256 bytes of stack a level, until the stack hits its guard page. */
static int __attribute__((noinline)) runaway(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == runaway_stop)
		return 0;
	return runaway(depth + 1) + frame[0];
}

/* Runs off the bottom of the kernel stack it was started on. */
static void __attribute__((noreturn)) runaway_task(void)
{
	runaway(0);
	panic("runaway_task: the recursion ended");
}

/* oops=kstack: the same overflow on a process's kernel stack, which has
 * its guard page in the stack area (kernel/kstack.c). */
static void kstack_overflow(void)
{
	struct proc *p = proc_alloc();

	if (!p)
		panic("kstack_overflow: no process slot");
	strlcpy(p->name, "kstack-test", sizeof(p->name));
	call_on_stack(runaway_task, (uint32_t)p->kstack + KSTACK_SIZE);
}

#define OOPS_USER_PAGE 0x40000000u /* oops=smap|smep: the user page they touch */
#define OP_RET 0xC3		   /* the one instruction that page holds: ret */

/* oops=smap|smep: load a fresh address space with one user page at
 * OOPS_USER_PAGE holding a ret instruction. Returns its address. */
static uint32_t map_user_page(void)
{
	struct mm *mm = mm_create();
	struct page *pg = alloc_zeroed_page();

	if (!mm || !pg || vm_map(mm->pgdir, OOPS_USER_PAGE, pg, PTE_U | PTE_W))
		panic("map_user_page: no memory for the test page");
	*(uint8_t *)page_address(pg) = OP_RET;
	switch_pgdir(mm->pgdir);
	return OOPS_USER_PAGE;
}

#define MCE_SPIN_PAGES 4       /* the buffer oops=mce copies */
#define MCE_SPIN_ROUNDS 400000 /* a bound: tens of seconds under TCG */

/* oops=mce: copy a buffer with plain memcpy over and over (not a
 * machine-check-safe copy), telling the log where its source is, so that a
 * machine check injected from outside (tests/run.py) panics with the
 * decoded report. Returns if none came within MCE_SPIN_ROUNDS copies. */
static void plain_copy_spin(void)
{
	struct page *p = alloc_pages(2 * MCE_SPIN_PAGES);

	if (!p)
		return;
	char *src = page_address(p), *dst = src + MCE_SPIN_PAGES * PAGE_SIZE;

	memset(src, 0x5a, MCE_SPIN_PAGES * PAGE_SIZE);
	printk("mce: plain copy: spinning in memcpy, source at phys %#x\n",
	       (unsigned)page_to_phys(p));
	for (int i = 0; i < MCE_SPIN_ROUNDS; i++) {
		memcpy(dst, src, MCE_SPIN_PAGES * PAGE_SIZE);
		asm volatile("" ::: "memory");
	}
	free_pages(p, 2 * MCE_SPIN_PAGES);
}

/*
 * Faults on purpose for the oops tests: oops=null|write-ro|ud2|gp|stack|
 * kstack|double|smap|smep, and the heap defects uaf|redzone|double-free.
 * null and write-ro are page faults, ud2 an invalid opcode, gp a
 * general-protection fault (a selector beyond the GDT), stack a runaway
 * recursion into the guard page below the boot stack, kstack the same on a
 * process's kernel stack, double an exception raised with esp pointing at
 * an unmapped page; the last three end in the double-fault task's report.
 * smap reads a user page outside a user_access_begin() window, smep
 * calls into one (both run through where the CPU lacks the feature or
 * the command line turned it off). mce spins in memcpy for tests/run.py
 * to inject a machine check into. With slub_debug, the heap defects
 * oops=uaf|redzone|double-free (mm/kmalloc.c) report without stopping the kernel: the
 * boot ends here instead.
 */
static void deliberate_oops(const char *what)
{
	printk("mica: deliberate kernel fault: %s\n", what);
	if (!strcmp(what, "uaf") || !strcmp(what, "redzone") || !strcmp(what, "double-free")) {
		if (!kmalloc_debug)
			printk("mica: oops=%s needs slub_debug on the command line\n", what);
		else
			kmalloc_inject(what);
		power_off(102);
	}
	if (!strcmp(what, "null"))
		*(volatile int *)0 = 1;
	else if (!strcmp(what, "write-ro"))
		*(volatile char *)_kernel_start = 0;
	else if (!strcmp(what, "ud2"))
		__builtin_trap();
	else if (!strcmp(what, "gp"))
		load_fs(BAD_SELECTOR);
	else if (!strcmp(what, "stack"))
		runaway(0);
	else if (!strcmp(what, "kstack"))
		kstack_overflow();
	else if (!strcmp(what, "double"))
		ud2_on_stack(UNMAPPED_STACK);
	else if (!strcmp(what, "smap"))
		(void)*(volatile uint32_t *)map_user_page();
	else if (!strcmp(what, "smep"))
		((void (*)(void))map_user_page())();
	else if (!strcmp(what, "mce"))
		plain_copy_spin();
	else if (!strcmp(what, "copy-negative")) /* a length gone below zero */
		copy_to_user((void __user *)SOME_USER_ADDR, _kernel_start, (unsigned long)-1);
	printk("mica: oops=%s: unknown, or it did not fault\n", what);
}

/*
 * Add each module after the first (the initramfs) to the ramfs: a cpio
 * archive is unpacked, as Linux unpacks every archive of a concatenated
 * initramfs; any other module becomes a file at the path given as the last
 * word of its module command line.
 */
static void install_extra_modules(void)
{
	for (int i = 1; i < boot_info.nmods; i++) {
		struct boot_module *m = &boot_info.mods[i];
		const char *dest = strrchr(m->name, ' ');
		size_t size = m->end - m->start;

		if (size >= 6 && !memcmp(P2V(m->start), "070701", 6)) {
			initramfs_unpack(P2V(m->start), size);
			continue;
		}
		dest = dest ? dest + 1 : m->name;
		if (dest[0] != '/')
			continue;
		if (ramfs_create_file(dest, P2V(m->start), size, 0755))
			printk("mica: cannot install module as %s\n", dest);
	}
}

/* init's argv: its path, then the words after "--" on the command line. */
static const char **init_argv(void)
{
	static const char *argv[MAX_INIT_ARGV + 2];
	int n = 0;

	argv[n++] = cmdline_init;
	for (int i = 0; i < cmdline_init_argc && i < MAX_INIT_ARGV; i++)
		argv[n++] = cmdline_init_argv[i];
	argv[n] = NULL;
	return argv;
}

/* The kernel's C entry from boot/entry.S: bring up every subsystem in
 * order, then run the selftests or start init. Does not return. */
void kmain(uint32_t magic, uint32_t info)
{
	serial_init();
	vga_clear();
	multiboot_parse(magic, info);
	cmdline_parse(boot_info.cmdline); /* silent: console= picks the log's port */
	/* the banner first, as Linux's "Linux version" line: before anything
	 * the early set-up says */
	printk("Mica 1.0 (i386) booting%s%s\n", boot_info.loader[0] ? " from " : "",
	       boot_info.loader);
	cmdline_report();
	smap_init(); /* then the stac/clac sites can be made to fit the CPU */
	apply_alternatives();
	gdt_init();
	idt_init();
	pic_init();
	vm_init();
	kstack_init();
	highmem_init();
	gdt_init_double_fault();
	pmm_init();
	kmalloc_init();
	extable_init();
	vm_protect_kernel();
	fpu_init();
	mce_init();
	vdso_init(); /* and the sysenter entry where the CPU has it */
	pit_init();
	rtc_init();
	random_init();

	printk("memory: %u MiB usable, %u pages free; kernel %u KiB at 0x%08x\n",
	       nr_total_pages() / 256, nr_free_pages(),
	       (unsigned)(_kernel_end - _kernel_start) / 1024, (unsigned)_kernel_start);
	pmm_print_zones();
	pr_info("command line: %s\n", boot_info.cmdline);
	flushcache_init();

	ramfs_init();
	devices_init();
	if (boot_info.nmods > 0)
		initramfs_unpack(P2V(boot_info.mods[0].start),
				 boot_info.mods[0].end - boot_info.mods[0].start);
	else
		printk("mica: no initramfs module\n");
	install_extra_modules();
	serial_enable_rx_irq(console_input);
	kbd_init(console_input);

	if (cmdline_oops)
		deliberate_oops(cmdline_oops);
	if (cmdline_test)
		ktest_run_all();

	const char **argv = init_argv();
	pr_info("mica: starting %s\n", cmdline_init);
	proc_start_init(cmdline_init, argv);
	scheduler();
}
