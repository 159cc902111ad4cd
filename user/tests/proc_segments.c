/*
 * proc_segments: user segment registers that the kernel must reload on
 * the way back to user mode. A TLS descriptor (set_thread_area) can be
 * emptied while %fs still selects it; the next return from the kernel
 * then cannot reload %fs. Linux resets the register to 0 and goes on;
 * the kernel must neither oops nor kill the process. Also checks that a
 * busy %fs survives system calls, and that the direction flag set by
 * user code does not leak into the kernel's copies.
 */
#include "tap.h"

#include <stdint.h>
#include <sys/syscall.h>

struct user_desc {
	unsigned int entry_number;
	unsigned int base_addr;
	unsigned int limit;
	unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
		seg_not_present : 1, useable : 1;
};

static int data = 42;

static unsigned int get_fs(void)
{
	unsigned int v;
	__asm__ volatile("mov %%fs, %0" : "=r"(v));
	return v & 0xffff;
}

int main(void)
{
	struct user_desc u;
	int v = 0;

	plan(7);
	memset(&u, 0, sizeof(u));
	u.entry_number = -1;
	u.base_addr = (unsigned int)(uintptr_t)&data;
	u.limit = 0xfffff;
	u.seg_32bit = 1;
	u.limit_in_pages = 1;
	u.useable = 1;
	is(sys1(SYS_set_thread_area, &u), 0, "set_thread_area makes a new TLS entry");
	unsigned int sel = (u.entry_number << 3) | 3;
	__asm__ volatile("mov %0, %%fs" : : "r"(sel));
	__asm__ volatile("movl %%fs:0, %0" : "=r"(v));
	is(v, 42, "%%fs:0 reads the variable");
	is(sys0(SYS_getpid) > 0, 1, "a system call with %%fs loaded");
	is(get_fs(), sel, "%%fs survives the system call");

	memset(&u, 0, sizeof(u));
	u.entry_number = sel >> 3;
	u.read_exec_only = 1;
	u.seg_not_present = 1;
	is(sys1(SYS_set_thread_area, &u), 0, "empty the entry %%fs still selects");
	is(get_fs(), 0, "and %%fs was reset to 0");

	/* the direction flag is user state: the kernel's copies must not care */
	char buf[16] = "abcdefghijklmno";
	int p[2];
	pipe(p);
	__asm__ volatile("std" ::: "memory");
	long w = sys3(SYS_write, p[1], buf, 15);
	__asm__ volatile("cld" ::: "memory");
	char back[16] = { 0 };
	ok(w == 15 && read(p[0], back, 15) == 15 && !memcmp(back, buf, 15),
	   "a write made with DF set copies forwards");
	return done();
}
