/*
 * Selftests for atomic context (include/kernel/atomic_context.h): the
 * _inatomic copies with page faults disabled, and might_fault()'s report.
 *
 * Each case builds a private mm with one read-write VMA, RW .. RW+4P, and
 * runs as a fake current process on it, so that page_fault() would
 * resolve a fault there (demand-zero, copy-on-write) if it were allowed
 * to. With page faults disabled it must not be: the copy comes back short
 * and the page tables are as they were. Each case checks the free page
 * count comes back.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/vma.h>
#include <kernel/proc.h>
#include <kernel/log.h>
#include <kernel/atomic_context.h>
#include <asm/uaccess.h>
#include <lib/iov_iter.h>
#include "mmpeek.h"

#define P PAGE_SIZE
#define RW 0x10000000u
#define LOG_TAIL 4096 /* what the report cases read back of the log */

#define barrier() asm volatile("" ::: "memory")

static struct proc fake;
static uint8_t kbuf[2 * P];
static const char report_head[] = "BUG: sleeping function called from invalid context at ";

/* Build the mm and make it current (as a fake process). Returns it, or
 * NULL with nothing changed. */
static struct mm *enter_mm(void)
{
	struct mm *m = mm_create();

	if (!m)
		return NULL;
	if (vma_add(m, RW, RW + 4 * P, VM_READ | VM_WRITE)) {
		mm_destroy(m);
		return NULL;
	}
	KT_EXPECT(current == NULL);
	fake.mm = m;
	fake.pid = 4242;
	memcpy(fake.name, "atomic-test", sizeof("atomic-test"));
	current = &fake;
	switch_pgdir(m->pgdir);
	return m;
}

/* Undo enter_mm and free m. */
static void leave_mm(struct mm *m)
{
	current = NULL;
	fake.mm = NULL;
	switch_pgdir(kpgdir);
	mm_destroy(m);
}

/* The PTE mapping va in m (0 if none). */
static pte_t pte_at(struct mm *m, uint32_t va)
{
	pte_t pte = 0;

	vm_lookup(m->pgdir, va, &pte);
	return pte;
}

/* A present page is copied to and from as usual with page faults off. */
static void inatomic_present(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm();
	NEED(m);

	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "x", 1), 0); /* fault it in */
	KT_EXPECT(pte_at(m, RW) & PTE_W);
	pagefault_disable();
	KT_EXPECT(pagefault_disabled());
	KT_EXPECT(faulthandler_disabled());
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + 0x10), "hello", 6), 0);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + 0x20), "abcd", 4), 0);
	memset(kbuf, 0xCC, 16);
	KT_EXPECT_EQ(__copy_from_user_inatomic(kbuf, (const void __user *)(RW + 0x10), 6), 0);
	pagefault_enable();
	KT_EXPECT(!pagefault_disabled());
	barrier();
	KT_EXPECT_EQ(memcmp(kbuf, "hello", 6), 0);
	KT_EXPECT(mm_equals(m, RW + 0x20, "abcd", 4));
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A never-touched page is not given its zero page: the copy is short, the
 * PTE stays empty; once page faults are on again the copy works. */
static void inatomic_demand_zero(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm();
	NEED(m);

	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "x", 1), 0); /* page 0 present */
	uint32_t mid = nr_free_pages();
	pagefault_disable();
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + P), "hello", 6), 6);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + P + 8), "abcd", 4), 4);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + 2 * P), kbuf, P), P);
	/* from the present page into the missing one: the first 4 bytes go */
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + P - 4), "0123456789", 10), 6);
	memset(kbuf, 0xCC, 16);
	KT_EXPECT_EQ(__copy_from_user_inatomic(kbuf, (const void __user *)(RW + 3 * P), 16), 16);
	pagefault_enable();
	barrier();
	KT_EXPECT_EQ(kbuf[0], 0xCC); /* the uncopied tail is left alone */
	KT_EXPECT_EQ(kbuf[15], 0xCC);
	KT_EXPECT_EQ(pte_at(m, RW + P), 0);
	KT_EXPECT_EQ(pte_at(m, RW + 2 * P), 0);
	KT_EXPECT_EQ(pte_at(m, RW + 3 * P), 0);
	KT_EXPECT_EQ(nr_free_pages(), mid); /* nothing was allocated */
	KT_EXPECT(mm_equals(m, RW + P - 4, "0123", 4));

	/* page faults on: the same copies resolve the fault */
	KT_EXPECT_EQ(__copy_to_user((void __user *)(RW + P), "hello", 6), 0);
	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + P - 4), "0123456789", 10), 0);
	barrier();
	KT_EXPECT(pte_at(m, RW + P) & PTE_P);
	KT_EXPECT(mm_equals(m, RW + P, "456789", 6));
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* A page shared copy-on-write with another mm stays shared and read-only:
 * the write is short, the page unchanged; read access still works. */
static void inatomic_cow(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm(), *child;
	NEED(m);

	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 0x10), "hello", 6), 0);
	child = mm_dup(m);
	if (!child) {
		leave_mm(m);
		NEED(child);
	}
	uint32_t shared = vm_lookup(m->pgdir, RW, NULL);
	KT_EXPECT(shared != 0);
	KT_EXPECT_EQ(vm_lookup(child->pgdir, RW, NULL), shared);
	KT_EXPECT_EQ(pte_at(m, RW) & (PTE_P | PTE_W), PTE_P);
	uint32_t mid = nr_free_pages();

	pagefault_disable();
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + 0x10), "HELLO", 6), 6);
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)(RW + 0x10), "H", 1), 1);
	memset(kbuf, 0xCC, 16);
	KT_EXPECT_EQ(__copy_from_user_inatomic(kbuf, (const void __user *)(RW + 0x10), 6), 0);
	pagefault_enable();
	barrier();
	KT_EXPECT_EQ(memcmp(kbuf, "hello", 6), 0);
	KT_EXPECT_EQ(vm_lookup(m->pgdir, RW, NULL), shared); /* still shared */
	KT_EXPECT_EQ(pte_at(m, RW) & PTE_W, 0);
	KT_EXPECT_EQ(phys_to_page(shared)->refcount, 2);
	KT_EXPECT_EQ(nr_free_pages(), mid);
	KT_EXPECT(page_equals(phys_to_page(shared), 0x10, "hello", 6));

	/* page faults on: the write takes its private copy */
	KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 0x10), "HELLO", 6), 0);
	barrier();
	KT_EXPECT(vm_lookup(m->pgdir, RW, NULL) != shared);
	KT_EXPECT(pte_at(m, RW) & PTE_W);
	KT_EXPECT(mm_equals(m, RW + 0x10, "HELLO", 6));
	KT_EXPECT(page_equals(phys_to_page(shared), 0x10, "hello", 6)); /* the child's */
	mm_destroy(child);
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* pagefault_disable nests: faults stay unresolved until the last enable;
 * an interrupt handler (irq_enter) disables them too. */
static void nesting(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm();
	NEED(m);

	pagefault_disable();
	pagefault_disable();
	pagefault_enable();
	KT_EXPECT(pagefault_disabled());
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)RW, "ab", 2), 2);
	pagefault_enable();
	KT_EXPECT(!pagefault_disabled());
	KT_EXPECT(!faulthandler_disabled());
	KT_EXPECT_EQ(pte_at(m, RW), 0);

	irq_enter();
	KT_EXPECT(in_interrupt());
	KT_EXPECT(faulthandler_disabled());
	KT_EXPECT(!pagefault_disabled());
	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)RW, "ab", 2), 2);
	irq_exit();
	KT_EXPECT(!in_interrupt());
	KT_EXPECT_EQ(pte_at(m, RW), 0);

	KT_EXPECT_EQ(__copy_to_user_inatomic((void __user *)RW, "ab", 2), 0);
	KT_EXPECT(pte_at(m, RW) & PTE_P);
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* The log written since position from, NUL-terminated, in buf (the last
 * n - 1 bytes of it if there is more). */
static void log_since(uint64_t from, char *buf, size_t n)
{
	uint64_t end = log_end();

	if (end - from > n - 1)
		from = log_line_start(end - (n - 1));
	log_copy(from, buf, end - from);
	buf[end - from] = '\0';
}

/* The number of times needle occurs in s. */
static int count_of(const char *s, const char *needle)
{
	size_t len = strlen(needle);
	int n = 0;

	for (const char *p = s; *p; p++)
		if (!strncmp(p, needle, len)) {
			n++;
			p += len - 1;
		}
	return n;
}

static char logbuf[LOG_TAIL];

/* Three faulting copies from one call site. */
static __attribute__((noinline)) void copy_thrice(void)
{
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(copy_to_user((void __user *)(RW + 4 * i), "abcd", 4), 0);
}

/* A function that may sleep: its callers are the sites reported. */
static __attribute__((noinline)) void may_sleep(void)
{
	might_sleep();
}

/* Faulting copies from one site with page faults disabled: one report, and
 * none when that site is reached again; a get_user site: its own report;
 * none outside atomic context. */
static void might_fault_once(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm();
	NEED(m);
	uint32_t v = 0;

	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "x", 1), 0);
	unsigned long reports = might_sleep_reports;
	uint64_t pos = log_end();
	copy_thrice(); /* not atomic: quiet */
	KT_EXPECT_EQ(get_user(v, (uint32_t __user *)RW), 0);
	log_since(pos, logbuf, sizeof(logbuf));
	KT_EXPECT_EQ(count_of(logbuf, report_head), 0);
	KT_EXPECT_EQ(might_sleep_reports, reports);

	pos = log_end();
	pagefault_disable();
	copy_thrice();
	pagefault_enable();
	log_since(pos, logbuf, sizeof(logbuf));
	KT_EXPECT_EQ(count_of(logbuf, report_head), 1);
	KT_EXPECT_EQ(count_of(logbuf, "BUG: sleeping function called from invalid context at "
				      "arch/x86/usercopy.c:"),
		     1);
	KT_EXPECT_EQ(count_of(logbuf, "in_atomic(): 1, irqs_disabled(): 0, pid: 4242, name: "
				      "atomic-test\n"),
		     1);
	KT_EXPECT_EQ(count_of(logbuf, "pagefault_disabled: 1, hardirq: 0\n"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "Call trace:"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] __might_sleep+"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] copy_to_user+"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] copy_thrice+"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] might_fault_once+"), 1);
	KT_EXPECT_EQ(might_sleep_reports, reports + 1);

	pos = log_end();
	pagefault_disable();
	copy_thrice(); /* the same site: reported already */
	for (int i = 0; i < 2; i++)
		KT_EXPECT_EQ(get_user(v, (uint32_t __user *)RW), 0);
	pagefault_enable();
	log_since(pos, logbuf, sizeof(logbuf));
	KT_EXPECT_EQ(count_of(logbuf, report_head), 1);
	KT_EXPECT_EQ(count_of(logbuf, "invalid context at tests/kernel/test_atomic.c:"), 1);
	KT_EXPECT_EQ(v, 0x64636261); /* "abcd": the copies still worked */
	KT_EXPECT_EQ(might_sleep_reports, reports + 2);
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* An iterator over user memory checks too (copy_to_iter, copy_from_iter
 * and its flushcache and nocache forms):
 * one report per calling site; one over kernel memory never does. */
static void iter_might_fault(void)
{
	uint32_t before = nr_free_pages();
	struct mm *m = enter_mm();
	NEED(m);
	struct iovec iov = { (void __user *)(unsigned long)RW, 16 };
	struct kvec kv = { kbuf, 16 };
	struct iov_iter it;
	char data[16] = "0123456789abcde";

	KT_EXPECT_EQ(copy_to_user((void __user *)RW, "x", 1), 0);
	unsigned long reports = might_sleep_reports;
	uint64_t pos = log_end();
	pagefault_disable();
	iov_iter_kvec(&it, READ, &kv, 1, 16);
	KT_EXPECT_EQ(copy_to_iter(data, 16, &it), 16);
	KT_EXPECT_EQ(might_sleep_reports, reports); /* kernel memory: quiet */
	iov_iter_init(&it, READ, &iov, 1, 16);
	KT_EXPECT_EQ(copy_to_iter(data, 16, &it), 16);
	iov_iter_init(&it, WRITE, &iov, 1, 16);
	KT_EXPECT_EQ(copy_from_iter(kbuf, 16, &it), 16);
	iov_iter_init(&it, WRITE, &iov, 1, 16);
	KT_EXPECT_EQ(_copy_from_iter_flushcache(kbuf, 16, &it), 16);
	iov_iter_init(&it, WRITE, &iov, 1, 16);
	KT_EXPECT_EQ(_copy_from_iter_nocache(kbuf, 16, &it), 16);
	pagefault_enable();
	log_since(pos, logbuf, sizeof(logbuf));
	KT_EXPECT_EQ(might_sleep_reports, reports + 4);
	KT_EXPECT_EQ(count_of(logbuf, "invalid context at lib/iov_iter.c:"), 4);
	KT_EXPECT_EQ(count_of(logbuf, "] copy_to_iter+"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] copy_from_iter+"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] _copy_from_iter_flushcache+"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] _copy_from_iter_nocache+"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "] iter_might_fault+"), 4);
	KT_EXPECT_EQ(memcmp(kbuf, data, 16), 0); /* the copies still worked */
	leave_mm(m);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* might_sleep() reports in an interrupt and with interrupts saved off, with
 * in_atomic() and irqs_disabled() as they are; quiet otherwise. */
static void might_sleep_contexts(void)
{
	unsigned long reports = might_sleep_reports;
	uint64_t pos = log_end();
	uint32_t flags;

	may_sleep();
	KT_EXPECT_EQ(might_sleep_reports, reports);
	irq_enter();
	may_sleep();
	irq_exit();
	local_irq_save(flags);
	KT_EXPECT(irqs_disabled());
	may_sleep();
	local_irq_restore(flags);
	KT_EXPECT(!irqs_disabled());
	may_sleep();
	log_since(pos, logbuf, sizeof(logbuf));
	KT_EXPECT_EQ(might_sleep_reports, reports + 2);
	KT_EXPECT_EQ(count_of(logbuf, report_head), 2);
	KT_EXPECT_EQ(
		count_of(logbuf, "in_atomic(): 1, irqs_disabled(): 0, pid: 0, name: swapper\n"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "pagefault_disabled: 0, hardirq: 1\n"), 1);
	KT_EXPECT_EQ(
		count_of(logbuf, "in_atomic(): 0, irqs_disabled(): 1, pid: 0, name: swapper\n"), 1);
	KT_EXPECT_EQ(count_of(logbuf, "invalid context at tests/kernel/test_atomic.c:"), 2);
	KT_EXPECT_EQ(count_of(logbuf, "] may_sleep+"), 2);
}

static const struct ktest_case cases[] = {
	{ "inatomic_present", inatomic_present },
	{ "inatomic_demand_zero", inatomic_demand_zero },
	{ "inatomic_cow", inatomic_cow },
	{ "nesting", nesting },
	{ "might_fault_once", might_fault_once },
	{ "iter_might_fault", iter_might_fault },
	{ "might_sleep_contexts", might_sleep_contexts },
};
KTEST_SUITE(atomic, cases);
