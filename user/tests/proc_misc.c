/*
 * proc_misc - uname, nanosleep, sched_yield, ioctl, unknown syscall numbers,
 * set_tid_address and TLS (set_thread_area, %gs, musl's __thread).
 *
 * Calls go through the raw int $0x80 helpers so the kernel's exact result is
 * checked. Anything that loads %gs with a new selector runs in a forked child:
 * a bad descriptor would kill only that child.
 */
#include "tap.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <termios.h>

/* Linux's struct user_desc for set_thread_area. */
struct tls_desc {
	unsigned int entry_number;
	unsigned int base_addr;
	unsigned int limit;
	unsigned int seg_32bit : 1;
	unsigned int contents : 2;
	unsigned int read_exec_only : 1;
	unsigned int limit_in_pages : 1;
	unsigned int seg_not_present : 1;
	unsigned int useable : 1;
};

struct ts32 {
	long sec, nsec;
};

static __thread int tls_var = 5;
static unsigned tls_buf[4] = {0, 0x600DF00D, 0, 0};
static unsigned tls_buf2[4] = {0, 0xBEEFCAFE, 0, 0};

#define NR_OLDUNAME 109
#define NR_OLDOLDUNAME 59

/* uname: the fields, and bad buffers; olduname and oldolduname. */
static void test_uname(void)
{
	struct utsname u;
	int term = 1;

	memset(&u, 0xff, sizeof(u));
	is(sys1(SYS_uname, &u), 0, "uname returns 0");
	for (int i = 0; i < 6; i++)
		term &= memchr((char *)&u + i * sizeof(u.sysname), 0, sizeof(u.sysname)) != NULL;
	ok(term, "every uname field is NUL-terminated");
	ok(strcmp(u.sysname, "Linux") == 0 || strcmp(u.sysname, "Mica") == 0,
	   "sysname is Linux or Mica");
	ok(u.release[0] != '\0', "release is not empty");
	ok(u.version[0] != '\0', "version is not empty");
	ok(u.machine[0] != '\0', "machine is not empty");
	is_err(sys1(SYS_uname, NULL), EFAULT, "uname(NULL)");
	is_err(sys1(SYS_uname, KERNEL_BASE), EFAULT, "uname(0xC0000000)");
	is_err(sys1(SYS_uname, KERNEL_TEXT), EFAULT, "uname(0xC0100000)");
	is_err(sys1(SYS_uname, 0xFFFFFF00UL), EFAULT, "uname buffer wrapping past 4 GiB");

	/* the old i386 forms: five fields of 65 bytes, and of 9 */
	static char old[6 * 65];
	memset(old, 0x5a, sizeof(old));
	is(sys1(NR_OLDUNAME, old), 0, "olduname returns 0");
	ok(memcmp(old, &u, 5 * 65) == 0 && (unsigned char)old[5 * 65] == 0x5a,
	   "olduname: uname's first five fields, nothing past them");
	memset(old, 0x5a, sizeof(old));
	is(sys1(NR_OLDOLDUNAME, old), 0, "oldolduname returns 0");
	int same = 1;
	for (int i = 0; i < 5; i++)
		same &= memcmp(old + i * 9, (char *)&u + i * 65, 8) == 0 && old[i * 9 + 8] == 0;
	ok(same && (unsigned char)old[45] == 0x5a,
	   "oldolduname: each field uname's first 8 bytes and a NUL");
	is_err(sys1(NR_OLDUNAME, NULL), EFAULT, "olduname(NULL)");
	is_err(sys1(NR_OLDOLDUNAME, KERNEL_BASE), EFAULT, "oldolduname(0xC0000000)");
}

/* nanosleep with the 32-bit timespec: good and bad requests. */
static void test_nanosleep(void)
{
	struct ts32 t = {0, 10000000}, rem = {7, 7};

	is(sys2(SYS_nanosleep, &t, NULL), 0, "nanosleep 10 ms returns 0");
	is(sys2(SYS_nanosleep, &t, &rem), 0, "nanosleep 10 ms with a rem pointer returns 0");
	t.nsec = 0;
	is(sys2(SYS_nanosleep, &t, NULL), 0, "nanosleep of zero time returns 0");
	t.nsec = 1000;
	is(sys2(SYS_nanosleep, &t, KERNEL_BASE), 0, "rem is not written when not interrupted");
	is_err(sys2(SYS_nanosleep, NULL, NULL), EFAULT, "nanosleep(NULL)");
	is_err(sys2(SYS_nanosleep, KERNEL_TEXT, NULL), EFAULT, "nanosleep(0xC0100000)");
	t.nsec = 1000000000;
	is_err(sys2(SYS_nanosleep, &t, NULL), EINVAL, "nanosleep with tv_nsec 1e9");
	t.nsec = -1;
	is_err(sys2(SYS_nanosleep, &t, NULL), EINVAL, "nanosleep with tv_nsec -1");
	t.sec = -1;
	t.nsec = 0;
	is_err(sys2(SYS_nanosleep, &t, NULL), EINVAL, "nanosleep with tv_sec -1");
	is(sys0(SYS_sched_yield), 0, "sched_yield returns 0");
}

/* ioctl: ENOTTY on things that are not terminals, EBADF on bad fds; the console on Mica. */
static void test_ioctl(void)
{
	struct winsize ws;
	struct termios tio;
	int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDONLY), p[2], con;

	pipe(p);
	is_err(sys3(SYS_ioctl, null, TIOCGWINSZ, &ws), ENOTTY, "TIOCGWINSZ on /dev/null");
	is_err(sys3(SYS_ioctl, null, TCGETS, &tio), ENOTTY, "TCGETS on /dev/null");
	is_err(sys3(SYS_ioctl, zero, TIOCGWINSZ, &ws), ENOTTY, "TIOCGWINSZ on /dev/zero");
	is_err(sys3(SYS_ioctl, p[0], TIOCGWINSZ, &ws), ENOTTY, "TIOCGWINSZ on a pipe");
	is_err(sys3(SYS_ioctl, p[1], TCGETS, &tio), ENOTTY, "TCGETS on a pipe");
	is_err(sys3(SYS_ioctl, null, 0x12345678, 0), ENOTTY, "unknown request on /dev/null");
	is_err(sys3(SYS_ioctl, p[0], TIOCGWINSZ, NULL), ENOTTY, "TIOCGWINSZ on a pipe, NULL arg");
	is_err(sys3(SYS_ioctl, -1, TIOCGWINSZ, &ws), EBADF, "ioctl on fd -1");
	is_err(sys3(SYS_ioctl, 999, TCGETS, &tio), EBADF, "ioctl on fd 999");
	close(p[1]);
	is_err(sys3(SYS_ioctl, p[1], TIOCGWINSZ, &ws), EBADF, "ioctl on a closed fd");
	close(p[0]);
	close(null);
	close(zero);

	if (on_mica()) {
		con = open("/dev/console", O_RDWR);
		is(sys3(SYS_ioctl, con, TIOCGWINSZ, &ws), 0, "TIOCGWINSZ on /dev/console");
		is(sys3(SYS_ioctl, con, TCGETS, &tio), 0, "TCGETS on /dev/console");
		is_err(sys3(SYS_ioctl, con, TIOCGWINSZ, KERNEL_BASE), EFAULT,
		       "TIOCGWINSZ on /dev/console into 0xC0000000");
		close(con);
	} else {
		skip("TIOCGWINSZ on /dev/console");
		skip("TCGETS on /dev/console");
		skip("TIOCGWINSZ on /dev/console into 0xC0000000");
	}
}

/* Numbers with no system call behind them. */
static void test_enosys(void)
{
	static const long nrs[] = {9999, 500, 17, 31, 222, -1, 0x7fffffff};
	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		is_err(sys3(nrs[i], 1, 2, 3), ENOSYS, "syscall number %ld", nrs[i]);
}

/* The descriptor for tls_buf (or buf) as musl builds it: 4 GiB limit in pages. */
static void tls_fill(struct tls_desc *d, unsigned entry, void *buf)
{
	memset(d, 0, sizeof(*d));
	d->entry_number = entry;
	d->base_addr = (unsigned)(unsigned long)buf;
	d->limit = 0xfffff;
	d->seg_32bit = 1;
	d->limit_in_pages = 1;
	d->useable = 1;
}

static unsigned get_gs(void)
{
	unsigned gs;
	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	return gs & 0xffff;
}

/* Loads %gs with sel, stores val at %gs:0, reads %gs:4, then restores %gs. */
static unsigned gs_access(unsigned sel, unsigned val)
{
	unsigned old = get_gs(), got;
	__asm__ volatile("mov %2, %%gs\n\t"
			 "movl %3, %%gs:0\n\t"
			 "movl %%gs:4, %0\n\t"
			 "mov %1, %%gs"
			 : "=&r"(got)
			 : "r"(old), "r"(sel), "r"(val)
			 : "memory");
	return got;
}

/* Child: use selector sel on tls_buf; exit 0 iff the store and load went through it. */
static void gs_child(long sel)
{
	unsigned got = gs_access((unsigned)sel, 0xA5A5A5A5);
	_exit(got == 0x600DF00D && tls_buf[0] == 0xA5A5A5A5 ? 0 : 1);
}

static void gs_child2(long sel)
{
	unsigned got = gs_access((unsigned)sel, 0x5A5A5A5A);
	_exit(got == 0xBEEFCAFE && tls_buf2[0] == 0x5A5A5A5A && tls_buf[0] == 0 ? 0 : 1);
}

static void tls_fork_child(long unused)
{
	(void)unused;
	if (tls_var != 6)
		_exit(1);
	tls_var = 7;
	_exit(tls_var == 7 ? 0 : 2);
}

/* set_thread_area, %gs, musl's TLS and set_tid_address. */
static void test_tls(void)
{
	static int tid_word;
	struct tls_desc d;
	unsigned musl_gs = get_gs(), entry, sel;
	long r;

	r = sys1(SYS_set_tid_address, &tid_word);
	is(r, sys0(SYS_gettid), "set_tid_address returns the tid");
	is(r, getpid(), "and the tid is the pid");

	ok((musl_gs & 7) == 3 && (musl_gs >> 3) != 0, "musl's %%gs is a ring-3 GDT selector");
	is(tls_var, 5, "__thread variable starts at 5");
	tls_var = 6;
	is(tls_var, 6, "__thread variable is writable");
	is_exit(run_child(tls_fork_child, 0), 0,
		"child sees the __thread value and writes its own");
	is(tls_var, 6, "parent's __thread value unchanged by the child");

	tls_fill(&d, (unsigned)-1, tls_buf);
	is(sys1(SYS_set_thread_area, &d), 0, "set_thread_area with entry_number -1");
	entry = d.entry_number;
	if (on_mica())
		ok(entry >= 6 && entry <= 8, "entry number is a TLS slot");
	else
		ok((entry >= 6 && entry <= 8) || (entry >= 12 && entry <= 14),
		   "entry number is a TLS slot");
	ok(entry != musl_gs >> 3, "entry differs from the one musl uses");
	sel = entry << 3 | 3;
	is_exit(run_child(gs_child, sel), 0, "store and load through %%gs with the new selector");
	is(tls_buf[0], 0, "the child's %%gs store did not reach the parent");
	is(tls_var, 6, "musl's TLS still works after the child used its own %%gs");

	tls_fill(&d, entry, tls_buf2);
	is(sys1(SYS_set_thread_area, &d), 0, "set_thread_area updating the same entry");
	is_exit(run_child(gs_child2, sel), 0, "%%gs with the updated entry points at the new base");

	is_err(sys1(SYS_set_thread_area, NULL), EFAULT, "set_thread_area(NULL)");
	is_err(sys1(SYS_set_thread_area, KERNEL_BASE), EFAULT, "set_thread_area(0xC0000000)");
	static const unsigned bad_entries[] = {100, 5, 9, 15};
	for (unsigned i = 0; i < 4; i++) {
		tls_fill(&d, bad_entries[i], tls_buf);
		is_err(sys1(SYS_set_thread_area, &d), EINVAL,
		       "set_thread_area with entry_number %u", bad_entries[i]);
	}
}

int main(void)
{
	plan(67);
	test_uname();
	test_nanosleep();
	test_ioctl();
	test_enosys();
	test_tls();
	return done();
}
