/*
 * The per-process part of /proc (fs/proc/), shared by its files.
 *
 * /proc itself is a ramfs directory made at boot with the machine-wide
 * files (fs/procfs.c) and the link "self". Everything under /proc/PID is
 * made up when a lookup asks for it (inode_operations.lookup): a node
 * describes a process by its pid (and, in fd/ and fdinfo/, a descriptor
 * by its number) and computes its contents on each read. Such a node
 * lives until the next path walk begins, unless something takes a
 * reference (an open file, a cwd); then it lives as long as that.
 * Nothing is kept per process, so nothing needs freeing when one dies:
 * its pid simply stops being found.
 *
 * Inode numbers are fixed per pid and node, so two stats agree:
 * PROC_INO_BASE + pid * PROC_INO_PER_PID + slot, the slot being 0 for
 * the directory, 1 + the entry's index for its files, PROC_INO_FD + N
 * for fd/N and PROC_INO_FDINFO + N for fdinfo/N. Made-up names sit at
 * directory positions from PROC_DYN_POS on, after every ramfs entry.
 */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

#include <kernel/fs.h>
#include <kernel/proc.h>

#define PROC_DYN_POS 0x100000 /* getdents64 position of the first made-up name */
#define PROC_INO_BASE 0x40000000u
#define PROC_INO_PER_PID 1024u
#define PROC_INO_FD 256u     /* fd/N is slot PROC_INO_FD + N */
#define PROC_INO_FDINFO 512u /* fdinfo/N is slot PROC_INO_FDINFO + N */
#define PROC_FD_LINK_SIZE 64 /* st_size of an fd/N link, as Linux shows it */

/* The fixed inode number of pid's node in slot. */
static inline uint32_t proc_ino(pid_t pid, uint32_t slot)
{
	return PROC_INO_BASE + (uint32_t)pid * PROC_INO_PER_PID + slot;
}

/* pid.c */
/* A node for lookup to return, freed by procfs_drain unless referenced:
 * mode, the pid (and fd) it describes, its inode number and operations;
 * a directory's parent is parent (counted). NULL without memory. */
struct inode *proc_node_new(struct inode *parent, uint32_t mode, pid_t pid, int fd, uint32_t ino,
			    const struct file_operations *fop, const struct inode_operations *iop);
/* The process node ip describes (a zombie included), or NULL once reaped. */
struct proc *proc_of(const struct inode *ip);
/* name[0..len) as a decimal number without leading zeros, or -1. */
int proc_name_number(const char *name, size_t len);
/* maps.c: the open hook of maps and environ: -EACCES without the right to
 * look into the process (may_inspect), -ESRCH once it was reaped, else 0. */
int proc_inspect_open(struct inode *ip, struct file *f);
/* Make /proc/self and turn /proc into the directory of every pid. */
void procfs_pid_init(struct inode *proc);
/* The hooks of a /proc node that has none of its own: read-only, no more. */
extern const struct inode_operations proc_file_iop;

/* link.c */
/* The absolute path of ip, found in the ramfs tree (for an open file
 * that lost its last name, "<old path> (deleted)"), into buf (size
 * bytes): its length, or -ENOENT (no name) or -ENAMETOOLONG. */
int inode_path(struct inode *ip, char *buf, size_t size);
/* What /proc/PID/fd/N says of open file f, as Linux: a path, "pipe:[INO]"
 * or the device's path. Returns the length, or -errno. */
int file_link_text(struct file *f, char *buf, size_t size);
extern const struct inode_operations proc_exe_iop, proc_cwd_iop, proc_root_link_iop;
/* Make /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd, links into
 * /proc/self/fd (boot). */
void dev_links_init(void);

/* fd.c: the fd/ and fdinfo/ directories. */
extern const struct inode_operations proc_fd_dir_iop, proc_fdinfo_dir_iop;

/* The files of /proc/PID: cmdline.c, stat.c, maps.c, and procfs.c's
 * mounts (the same as /proc/mounts). */
extern const struct file_operations proc_cmdline_ops, proc_environ_ops, proc_comm_ops;
extern const struct file_operations proc_auxv_ops;
extern const struct file_operations proc_stat_ops, proc_statm_ops, proc_status_ops;
extern const struct file_operations proc_maps_ops, proc_mounts_ops, proc_mountinfo_ops;
extern const struct file_operations proc_smaps_ops, proc_smaps_rollup_ops;
/* fault_inject.c: /proc/PID/make-it-fail, and /proc/sys/debug/fail_usercopy/
 * made in sys (/proc/sys) at boot. */
extern const struct file_operations proc_make_it_fail_ops;
void fault_inject_proc_init(struct inode *sys);
/* vmstat.c: make /proc/vmstat (boot). */
void vmstat_proc_init(struct inode *proc);

/* maps.c: the sizes (bytes) and bounds of a process's address space. */
struct vm_counts {
	uint32_t size;		       /* every VMA */
	uint32_t data;		       /* private writable ones but the stack */
	uint32_t stack;		       /* the stack */
	uint32_t exe;		       /* the program's executable segments */
	uint32_t shared;	       /* MAP_SHARED ones */
	uint32_t locked;	       /* VM_LOCKED ones (mlock) */
	uint32_t ptes;		       /* its page tables */
	uint32_t start_code, end_code; /* the first and last executable segment */
	uint32_t start_data, end_data; /* the program's first writable segment */
};
/* Fill *c for p (all zero for a zombie). */
void proc_vm_counts(const struct proc *p, struct vm_counts *c);
struct vma;
/* Append v's maps line to buf at *len (size bytes); name is scratch
 * space of PATH_MAX bytes. */
void proc_maps_line(char *buf, size_t size, size_t *len, const struct vma *v, const struct proc *p,
		    char *name);
/* The bytes p's maps lines take, with extra more per line. */
size_t proc_maps_size(const struct proc *p, char *name, size_t extra);

/* procfs.c: processes that exist; *running gets those running or
 * runnable. */
int count_procs(int *running);

#endif
