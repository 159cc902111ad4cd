/*
 * Selftests for the ELF loader (kernel/binfmt_elf.c) where user space
 * cannot look: a program's text is the file's own page in every address
 * space that runs it, its data is a private copy once written (the file
 * page unchanged), the segments are file VMAs with their file offsets,
 * and everything is freed when the address spaces and the file go.
 */
#include <kernel/ktest.h>
#include <kernel/binfmt.h>
#include <kernel/vma.h>
#include <kernel/fs.h>
#include <kernel/highmem.h>

#define P PAGE_SIZE
#define TEXT 0x08048000u /* the program: text page 0, data page 1 */
#define DATA (TEXT + P)
#define MARK 0x5a /* what the data page holds in the file */

/* A two-page ET_EXEC image in a new ramfs file, open read-only (one
 * reference): R+X text from offset 0, R+W data from offset P. */
static struct file *make_program(void)
{
	struct inode *ip = inode_new(S_IFREG | 0755);
	struct file *f = ip ? file_alloc(ip, O_RDWR, ip->fop) : NULL;

	if (ip)
		inode_put(ip);
	if (!f)
		return NULL;
	struct page *p0 = ramfs_get_page(ip, 0, NULL), *p1 = ramfs_get_page(ip, 1, NULL);
	if (!p0 || !p1) {
		file_put(f);
		return NULL;
	}
	ip->size = 2 * P;
	Elf32_Ehdr *eh = kmap_local_page(p0); /* file pages may be high memory */
	Elf32_Phdr *ph = (Elf32_Phdr *)(eh + 1);
	memcpy(eh->e_ident, ELFMAG, 4);
	eh->e_ident[4] = ELFCLASS32;
	eh->e_ident[5] = ELFDATA2LSB;
	eh->e_ident[6] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_entry = TEXT + 0x100;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	ph[0] = (Elf32_Phdr){ PT_LOAD, 0, TEXT, TEXT, P, P, PF_R | PF_X, P };
	ph[1] = (Elf32_Phdr){ PT_LOAD, P, DATA, DATA, P, P, PF_R | PF_W, P };
	kunmap_local(eh);
	char *k1 = kmap_local_page(p1);
	memset(k1, MARK, P);
	kunmap_local(k1);
	return f;
}

/* The page mapped at va in m, or NULL. */
static struct page *mapped_page(struct mm *m, uint32_t va)
{
	uint32_t pa = vm_lookup(m->pgdir, va, NULL);

	return pa ? phys_to_page(pa) : NULL;
}

/* A new address space with f's program mapped, or NULL. */
static struct mm *load(struct file *f)
{
	struct elf_image im;
	struct mm *m = mm_create();

	if (!m)
		return NULL;
	if (elf_image_read(&im, f, false) || elf_map(m, &im, 0, VM_EXEFILE)) {
		elf_image_put(&im);
		mm_destroy(m);
		return NULL;
	}
	elf_image_put(&im);
	return m;
}

/* Two address spaces running one program share its text frame, the
 * file's own page; a write to data copies it; all is freed at the end. */
static void text_shared_data_private(void)
{
	uint32_t before = nr_free_pages();
	struct file *f = make_program();

	KT_EXPECT(f != NULL);
	if (!f)
		return;
	struct inode *ip = f->inode;
	struct mm *a = load(f), *b = load(f);
	KT_EXPECT(a != NULL && b != NULL);
	if (a && b) {
		struct vma *t = find_vma(a, TEXT), *d = find_vma(a, DATA);
		KT_EXPECT(t && t->file == f && t->vm_pgoff == 0 && (t->flags & VM_EXEFILE));
		KT_EXPECT(d && d->file == f && d->vm_pgoff == 1 && (d->flags & VM_WRITE));
		KT_EXPECT_EQ(f->refcount, 5); /* ours and four VMAs */
		KT_EXPECT_EQ(handle_mm_fault(a, TEXT, PF_USER), 0);
		KT_EXPECT_EQ(handle_mm_fault(b, TEXT, PF_USER), 0);
		KT_EXPECT(mapped_page(a, TEXT) == ramfs_find_page(ip, 0));
		KT_EXPECT(mapped_page(b, TEXT) == mapped_page(a, TEXT));
		KT_EXPECT_EQ(handle_mm_fault(a, DATA, PF_USER | PF_WRITE), 0);
		KT_EXPECT_EQ(handle_mm_fault(b, DATA, PF_USER), 0);
		struct page *copy = mapped_page(a, DATA);
		KT_EXPECT(copy && copy != ramfs_find_page(ip, 1));
		KT_EXPECT(mapped_page(b, DATA) == ramfs_find_page(ip, 1));
		KT_EXPECT_EQ(handle_mm_fault(a, TEXT, PF_USER | PF_WRITE), -EFAULT);
	}
	if (a)
		mm_destroy(a);
	if (b)
		mm_destroy(b);
	KT_EXPECT_EQ(f->refcount, 1);
	file_put(f);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* The loader's header checks, as execve meets them. */
static void header_errors(void)
{
	struct file *f = make_program();
	struct elf_image im;

	KT_EXPECT(f != NULL);
	if (!f)
		return;
	/* mapped for the whole case: the loader's own mappings nest inside */
	Elf32_Ehdr *eh = kmap_local_page(ramfs_find_page(f->inode, 0));
	KT_EXPECT_EQ(elf_image_read(&im, f, false), 0);
	KT_EXPECT(im.file == f && im.eh.e_phnum == 2);
	elf_image_put(&im);
	eh->e_machine = 62;
	KT_EXPECT_EQ(elf_image_read(&im, f, false), -ENOEXEC);
	KT_EXPECT_EQ(elf_image_read(&im, f, true), -ELIBBAD);
	KT_EXPECT(im.file == NULL && im.ph == NULL);
	eh->e_machine = EM_386;
	eh->e_type = ET_REL; /* an interpreter's type is checked later */
	KT_EXPECT_EQ(elf_image_read(&im, f, false), -ENOEXEC);
	KT_EXPECT_EQ(elf_image_read(&im, f, true), 0);
	elf_image_put(&im);
	f->inode->size = sizeof(Elf32_Ehdr) - 1;
	KT_EXPECT_EQ(elf_image_read(&im, f, true), -EIO);
	KT_EXPECT_EQ(f->refcount, 1);
	kunmap_local(eh);
	file_put(f);
}

static const struct ktest_case cases[] = {
	{ "text_shared_data_private", text_shared_data_private },
	{ "header_errors", header_errors },
};
KTEST_SUITE(binfmt, cases);
