/*
 * Selftests of the arch helpers the syscalls and execve are built on:
 * TLS descriptors round-trip between struct user_desc and the GDT format
 * (and the requests Linux refuses stay refused), start_thread gives the
 * register state execve documents, and the memory-map interface mm/ uses
 * describes the RAM the page allocator manages.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/memmap.h>
#include <kernel/proc.h>
#include <asm/mmu.h>
#include <asm/processor.h>
#include <asm/tls.h>

#define USER_DATA_DESC 0x00CFF2000000FFFFull /* flat, DPL 3, data r/w, present */
#define TEST_ENTRY 0x08048000u
#define TEST_STACK 0xBFFFF000u

/* Returns whether a and b agree in every field tls_read_desc fills. */
static bool same_desc(const struct user_desc *a, const struct user_desc *b)
{
	return a->base_addr == b->base_addr && a->limit == b->limit &&
	       a->seg_32bit == b->seg_32bit && a->contents == b->contents &&
	       a->read_exec_only == b->read_exec_only && a->limit_in_pages == b->limit_in_pages &&
	       a->seg_not_present == b->seg_not_present && a->useable == b->useable;
}

/* Accepted descriptors come back field for field from the GDT format. */
static void tls_roundtrip(void)
{
	static const struct user_desc ok[] = {
		{ 6, 0x00000000, 0xFFFFF, 1, 0, 0, 1, 0, 1 },
		{ 7, 0xB7FF1234, 0x00FFF, 1, 0, 1, 0, 0, 0 },
		{ 8, 0x12345678, 0xABCDE, 1, 1, 0, 1, 0, 1 }, /* expand-down */
		{ 6, 0xFFFFFFFF, 0x00000, 1, 1, 1, 0, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		struct user_desc back = { 0 };
		uint64_t d = tls_make_desc(&ok[i]);

		KT_EXPECT(tls_desc_okay(&ok[i]));
		KT_EXPECT(d != 0);
		KT_EXPECT_EQ((d >> 40) & SEG_A_DPL(DPL_USER), SEG_A_DPL(DPL_USER));
		tls_read_desc(d, &back);
		KT_EXPECT(same_desc(&ok[i], &back));
	}
}

/* A flat writable 32-bit data request encodes as the GDT's user data
 * segment; clearing requests give 0; what Linux refuses is refused. */
static void tls_encoding(void)
{
	struct user_desc flat = { 6, 0, 0xFFFFF, 1, 0, 0, 1, 0, 0 };
	struct user_desc zero = { 6, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct user_desc empty = { 6, 0, 0, 0, 0, 1, 0, 1, 0 };
	struct user_desc bits16 = { 6, 0, 0xFFFFF, 0, 0, 0, 1, 0, 0 };
	struct user_desc code = { 6, 0, 0xFFFFF, 1, 2, 0, 1, 0, 0 };
	struct user_desc absent = { 6, 0, 0xFFFFF, 1, 0, 0, 1, 1, 0 };

	KT_EXPECT_EQ(tls_make_desc(&flat), USER_DATA_DESC);
	KT_EXPECT(tls_desc_okay(&zero) && tls_make_desc(&zero) == 0);
	KT_EXPECT(tls_desc_okay(&empty) && tls_make_desc(&empty) == 0);
	KT_EXPECT(!tls_desc_okay(&bits16));
	KT_EXPECT(!tls_desc_okay(&code));
	KT_EXPECT(!tls_desc_okay(&absent));
}

/* start_thread: zero registers but eip, esp, IF and the user segments. */
static void start_thread_state(void)
{
	struct trapframe tf;

	memset(&tf, 0xA5, sizeof(tf));
	start_thread(&tf, TEST_ENTRY, TEST_STACK);
	KT_EXPECT_EQ(tf.eip, TEST_ENTRY);
	KT_EXPECT_EQ(tf.esp, TEST_STACK);
	KT_EXPECT_EQ(tf.cs, SEG_UCODE);
	KT_EXPECT(tf.ds == SEG_UDATA && tf.es == SEG_UDATA && tf.ss == SEG_UDATA);
	KT_EXPECT(tf.fs == SEG_NULL && tf.gs == SEG_NULL);
	KT_EXPECT_EQ(tf.eflags, FL_IF | FL_1);
	KT_EXPECT(tf.eax == 0 && tf.ebx == 0 && tf.ecx == 0 && tf.edx == 0);
	KT_EXPECT(tf.esi == 0 && tf.edi == 0 && tf.ebp == 0);
	KT_EXPECT(tf_from_user(&tf));
}

/* The memory map has RAM reaching pmm_ram_top, ends where it says, and
 * every boot module lies below the top of RAM and is reserved. */
static void memmap_interface(void)
{
	struct mem_range r;
	uint64_t ram_end = 0;
	uint32_t start, end;
	int n = 0, mods = 0;

	KT_EXPECT(!memmap_range(-1, &r));
	while (memmap_range(n, &r)) {
		if (r.type == MEM_RAM && r.base + r.len > ram_end)
			ram_end = r.base + r.len;
		n++;
	}
	KT_EXPECT(n > 0);
	KT_EXPECT(!memmap_range(n, &r));
	KT_EXPECT(ram_end >= pmm_ram_top());
	KT_EXPECT(pmm_ram_top() > 0);
	KT_EXPECT(!memmap_module(-1, &start, &end));
	while (memmap_module(mods, &start, &end)) {
		KT_EXPECT(start < end);
		KT_EXPECT(end <= pmm_ram_top());
		KT_EXPECT(page_array[start >> PAGE_SHIFT].flags & PG_RESERVED);
		mods++;
	}
	KT_EXPECT(mods > 0); /* the initramfs */
}

static const struct ktest_case cases[] = {
	{ "tls_roundtrip", tls_roundtrip },
	{ "tls_encoding", tls_encoding },
	{ "start_thread_state", start_thread_state },
	{ "memmap_interface", memmap_interface },
};
KTEST_SUITE(arch, cases);
