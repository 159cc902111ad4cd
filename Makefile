# Mica: the one entry point. `make help` lists the targets.
#
# Kernel objects are listed explicitly below, one line per subsystem.
# Every build writes build/kernel.elf, build/kernel.asm (objdump -dS) and
# build/kernel.sym (nm -n). The kernel is linked twice: the first link gives
# the addresses for the embedded symbol table (tools/gensyms.py), which sits
# in .rodata after .text, so the second link moves no code.

CROSS ?= i686-linux-gnu-
CC := $(CROSS)gcc
LD := $(CROSS)ld
NM := $(CROSS)nm
OBJDUMP := $(CROSS)objdump
HOSTCC ?= gcc
UCC ?= i386-linux-musl-gcc
PYTHON ?= python3
QEMU ?= qemu-system-i386
ACCEL ?= tcg
MEM ?= 128
B := build

CFLAGS := -m32 -march=i486 -mtune=generic -std=gnu11 -ffreestanding -fno-builtin -nostdlib \
	-fno-pie -fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -ggdb -Og -fno-omit-frame-pointer \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Iarch/x86/include -I$(B)/gen -MMD -MP
ASFLAGS := -m32 -ggdb -Iinclude -Iarch/x86/include -I$(B)/gen -MMD -MP -D__ASSEMBLY__
LDFLAGS := -m elf_i386 -nostdlib -z noexecstack -T linker.ld
UCFLAGS := -static -O2 -Wall -Wextra -Werror
# the same programs with Debian's default toolchain and glibc (static)
GCC_GLIBC ?= i686-linux-gnu-gcc
GLIBC_UCFLAGS := -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64

BOOT_OBJS := boot/entry.o
ARCH_OBJS := arch/x86/gdt.o arch/x86/idt.o arch/x86/trapasm.o arch/x86/trap.o \
	arch/x86/pic.o arch/x86/pit.o arch/x86/serial.o arch/x86/vga.o \
	arch/x86/power.o arch/x86/swtch.o arch/x86/usercopy.o arch/x86/extable.o \
	arch/x86/fault.o arch/x86/oops.o arch/x86/syscall.o arch/x86/tls.o arch/x86/kbd.o arch/x86/rtc.o arch/x86/signal.o \
	arch/x86/doublefault.o arch/x86/fpu.o arch/x86/smap.o arch/x86/alternative.o \
	arch/x86/flushcache.o arch/x86/vdso.o arch/x86/vdso/image.o arch/x86/sysenter.o \
	arch/x86/entry_sysenter.o
MM_OBJS := mm/pmm.o mm/highmem.o mm/vm.o mm/kmalloc.o mm/mmap.o mm/fault.o mm/oom.o mm/filemap.o
KERNEL_OBJS := kernel/main.o kernel/printk.o kernel/panic.o kernel/cmdline.o \
	kernel/ktest.o kernel/proc.o kernel/sched.o kernel/fork.o kernel/exit.o \
	kernel/exec.o kernel/binfmt_elf.o kernel/signal.o kernel/multiboot.o kernel/kstack.o
KERNEL_OBJS += kernel/futex.o kernel/jobctl.o kernel/wait.o kernel/timer.o kernel/pidhash.o
KERNEL_OBJS += kernel/random.o
KERNEL_OBJS += kernel/acct.o
KERNEL_OBJS += kernel/cred.o
KERNEL_OBJS += kernel/atomic_context.o
KERNEL_OBJS += kernel/clock_timer.o kernel/posix-timers.o
KERNEL_OBJS += kernel/fault-inject.o kernel/fail_usercopy.o
FS_OBJS := fs/file.o fs/fdtable.o fs/ramfs.o fs/dirent.o fs/namei.o fs/initramfs.o \
	fs/console.o fs/ttyS.o fs/devices.o fs/procfs.o fs/pipe.o fs/locks.o fs/fifo.o \
	fs/proc/pid.o fs/proc/link.o fs/proc/fd.o \
	fs/proc/cmdline.o fs/proc/stat.o fs/proc/maps.o fs/proc/smaps.o fs/proc/vmstat.o
FS_OBJS += fs/tty.o fs/timerfd.o
FS_OBJS += fs/permission.o
FS_OBJS += fs/proc/fault_inject.o fs/proc/uts.o
FS_OBJS += fs/pmem.o
FS_OBJS += fs/splice.o
LIB_OBJS := lib/string.o lib/vsnprintf.o lib/sort.o lib/extable.o lib/cpio.o \
	lib/elf.o lib/iov_iter.o lib/chacha20.o
SYSCALL_OBJS := syscalls/table.o syscalls/read_write.o syscalls/process.o \
	syscalls/mman.o syscalls/open.o syscalls/stat.o syscalls/dir.o \
	syscalls/misc.o syscalls/time.o syscalls/fsmisc.o \
	syscalls/fd.o syscalls/names.o syscalls/link.o syscalls/utimes.o
SYSCALL_OBJS += syscalls/tls.o syscalls/sigreturn.o syscalls/futex.o syscalls/prctl.o
SYSCALL_OBJS += syscalls/signal.o syscalls/timer.o syscalls/exec.o \
	syscalls/session.o syscalls/rlimit.o syscalls/wait.o
SYSCALL_OBJS += syscalls/poll.o
SYSCALL_OBJS += syscalls/clone.o
SYSCALL_OBJS += syscalls/random.o
SYSCALL_OBJS += syscalls/sysinfo.o
SYSCALL_OBJS += syscalls/sigaltstack.o syscalls/chroot.o
SYSCALL_OBJS += syscalls/rusage.o syscalls/syslog.o syscalls/sigqueue.o
SYSCALL_OBJS += syscalls/sigold.o
SYSCALL_OBJS += syscalls/sched.o
SYSCALL_OBJS += syscalls/mount.o
FS_OBJS += fs/mount.o
SYSCALL_OBJS += syscalls/mremap.o syscalls/mlock.o
SYSCALL_OBJS += syscalls/fcntl.o syscalls/fallocate.o
SYSCALL_OBJS += syscalls/sendfile.o
SYSCALL_OBJS += syscalls/cred.o
ARCH_OBJS += arch/x86/mce.o arch/x86/copy_mc.o arch/x86/copy_mc_user.o
# every tests/kernel/*.c: each test_*.c defines a KTEST_SUITE, which
# registers itself (include/kernel/ktest.h), so adding a file is enough
KTEST_OBJS := $(patsubst %.c,%.o,$(sort $(wildcard tests/kernel/*.c)))

OBJS := $(addprefix $(B)/obj/,$(BOOT_OBJS) $(ARCH_OBJS) $(MM_OBJS) \
	$(KERNEL_OBJS) $(FS_OBJS) $(LIB_OBJS) $(SYSCALL_OBJS) $(KTEST_OBJS)) \
	$(B)/obj/vectors.o

USER_PROGS := init sh echo cat ls wc mkdir true false uname clear iovdemo bench mcevictim pmemvictim
USER_BINS := $(addprefix $(B)/user/,$(USER_PROGS))
USER_TEST_SRCS := $(sort $(wildcard user/tests/*.c))
USER_TESTS := $(patsubst user/tests/%.c,$(B)/user/tests/%,$(USER_TEST_SRCS))
GLIBC_TESTS := $(patsubst user/tests/%.c,$(B)/user-glibc/tests/%,$(USER_TEST_SRCS))

KERNEL := $(B)/kernel.elf
INITRD := $(B)/initramfs.cpio
ISO := $(B)/mica.iso

QEMU_BASE := $(QEMU) -machine pc,accel=$(ACCEL) -cpu max -m $(MEM) -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
QEMU_BOOT := -kernel $(KERNEL) -initrd $(INITRD)

.PHONY: all kernel user iso run run-iso run-elf gdb test test-prereqs labs handout grade bench bench-linux bench-doc clean deps help host-tests fuzz \
	format format-check contracts-check check

all: kernel user $(INITRD) $(ISO) compile_commands.json

# every target that compiles the kernel goes through here, so the editors'
# compile_commands.json always matches the object list
kernel: $(KERNEL) compile_commands.json

help:
	@echo "make            kernel, user programs, initramfs, ISO"
	@echo "make run        boot in QEMU to the shell (ACCEL=kvm to use KVM; ASH=1: busybox ash)"
	@echo "make run-iso    the same through GRUB"
	@echo "make run-elf ELF=prog ARGS='a b'   run a static i386 ELF as init"
	@echo "make gdb        QEMU waits for gdb; gdb stops at kmain (ELF=prog ARGS=...: with prog)"
	@echo "make test       every test; last line 'N passed, N failed'"
	@echo "make labs       the lab numbers (labs/NN-name/README.md is each handout)"
	@echo "make handout LAB=n OUT=DIR   lab n's starting tree: its solution and later labs' stubbed"
	@echo "make grade [LAB=n]   points per exercise and 'Score: N/M' (tests from a pristine copy)"
	@echo "make bench      benchmarks, Mica against Linux in guest instructions (FILTER=name)"
	@echo "make bench-linux  the Linux side of make bench again (build/bench/linux.txt)"
	@echo "make fuzz SEED=n CALLS=n   the syscall fuzzer on Mica"
	@echo "make format-check   every kernel source formatted as .clang-format says"
	@echo "make format         apply .clang-format to every kernel source"
	@echo "make check      sparse over every kernel source (__user checks); fails on any warning"
	@echo "make contracts-check   every kernel function has its contract comment"
	@echo "make clean"

deps:
	@tools/install-deps.sh

# ---- kernel ----
$(B)/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/obj/%.o: %.S Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c $< -o $@

$(B)/gen/vectors.S: tools/vectors.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/vectors.py > $@

$(B)/obj/vectors.o: $(B)/gen/vectors.S
	$(CC) $(ASFLAGS) -c $< -o $@

# The vDSO (arch/x86/vdso.c): arch/x86/vdso/vdso32.S linked as an ELF
# shared object by its own linker script, soname linux-gate.so.1 and both
# hash tables, as Linux's; the offsets the kernel needs (entry points,
# the int $0x80 landing pad, the sysenter sequence) go from its symbols
# into vdso-offsets.h, and the stripped image (dynamic symbols kept) is
# .incbin'd by arch/x86/vdso/image.S. It may hold no relocation.
VDSO_LDFLAGS := -nostdlib -shared -Wl,-T,arch/x86/vdso/vdso32.lds -Wl,-soname=linux-gate.so.1 \
	-Wl,--hash-style=both -Wl,--eh-frame-hdr -Wl,-z,max-page-size=4096 -Wl,--build-id=sha1 \
	-Wl,--no-undefined -Wl,-z,noexecstack
$(B)/vdso/vdso32.so.dbg: arch/x86/vdso/vdso32.S arch/x86/vdso/vdso32.lds Makefile
	@mkdir -p $(dir $@)
	$(CC) -m32 -D__ASSEMBLY__ $(VDSO_LDFLAGS) -o $@ $<
	@$(CROSS)readelf -r $@ | grep -q "no relocations" || \
		{ echo "$@: the vDSO has relocations"; exit 1; }

$(B)/vdso/vdso32.so: $(B)/vdso/vdso32.so.dbg
	$(CROSS)objcopy --strip-all $< $@

$(B)/gen/vdso-offsets.h: $(B)/vdso/vdso32.so.dbg
	@mkdir -p $(dir $@)
	$(NM) $< | awk 'BEGIN { print "/* generated from the vDSO link by the Makefile */" } \
		$$3 ~ /^(__kernel_[a-z_]+|int80_landing_pad|sysenter_seq)$$/ { n = $$3; \
		sub(/^_+/, "", n); printf "#define VDSO_%s 0x%s\n", toupper(n), $$1 }' > $@

$(B)/obj/arch/x86/vdso/image.o: $(B)/vdso/vdso32.so
# the sysenter entry's C half runs for every system call: optimized
$(B)/obj/arch/x86/sysenter.o: CFLAGS := $(filter-out -Og,$(CFLAGS)) -O2
$(B)/obj/arch/x86/vdso/image.o: ASFLAGS += -DVDSO_IMAGE='"$(B)/vdso/vdso32.so"'
$(addprefix $(B)/obj/,arch/x86/vdso.o arch/x86/sysenter.o arch/x86/trap.o arch/x86/signal.o \
	kernel/exec.o kernel/main.o mm/fault.o tests/kernel/test_vdso.o): $(B)/gen/vdso-offsets.h

$(B)/gen/ksyms_empty.S: tools/gensyms.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gensyms.py < /dev/null > $@

$(B)/kernel.pass1.elf: $(OBJS) $(B)/obj/ksyms_empty.o linker.ld
	$(LD) $(LDFLAGS) -o $@ $(OBJS) $(B)/obj/ksyms_empty.o

$(B)/obj/ksyms_empty.o: $(B)/gen/ksyms_empty.S
	$(CC) $(ASFLAGS) -c $< -o $@

$(B)/gen/ksyms.S: $(B)/kernel.pass1.elf tools/gensyms.py
	$(NM) -n $< | $(PYTHON) tools/gensyms.py > $@

$(B)/obj/ksyms.o: $(B)/gen/ksyms.S
	$(CC) $(ASFLAGS) -c $< -o $@

$(KERNEL): $(OBJS) $(B)/obj/ksyms.o linker.ld tools/check-relink.sh
	$(LD) $(LDFLAGS) -o $@ $(OBJS) $(B)/obj/ksyms.o
	@tools/check-relink.sh $(NM) $(B)/kernel.pass1.elf $@
	$(OBJDUMP) -dS $@ > $(B)/kernel.asm
	$(NM) -n $@ > $(B)/kernel.sym

-include $(OBJS:.o=.d)

# ---- user programs and the initramfs ----
$(B)/user/%: user/%.c
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -o $@ $<

$(B)/user/init: user/init.c user/leakcheck.c user/leakcheck.h
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -o $@ $(filter %.c,$^)

user: $(USER_BINS) $(USER_TESTS) $(GLIBC_TESTS) $(B)/user/fuzz $(B)/user/faultsweep \
	$(B)/user/suiterun

# the tests include tap.h, raw.h...: a header change rebuilds them
$(B)/user/tests/%: user/tests/%.c $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -o $@ $<

$(B)/user-glibc/tests/%: user/tests/%.c $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(GCC_GLIBC) $(GLIBC_UCFLAGS) -o $@ $<

# exec_pie is a static-pie program (ET_DYN without PT_INTERP). musl's
# gcc wrapper cannot link one by itself, so it gets musl's rcrt1.o (which
# relocates the program) and the PIE start files by hand.
MUSL_LIBDIR := /usr/lib/i386-linux-musl
$(B)/user/tests/exec_pie: user/tests/exec_pie.c $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(UCC) $(filter-out -static,$(UCFLAGS)) -fPIE -nostartfiles \
		-Wl,-static,-pie,--no-dynamic-linker,-z,text -o $@ $(MUSL_LIBDIR)/rcrt1.o \
		$(MUSL_LIBDIR)/crti.o $$($(UCC) -print-file-name=crtbeginS.o) $< \
		$$($(UCC) -print-file-name=crtendS.o) $(MUSL_LIBDIR)/crtn.o

$(B)/user-glibc/tests/exec_pie: user/tests/exec_pie.c $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(GCC_GLIBC) $(filter-out -static,$(GLIBC_UCFLAGS)) -static-pie -o $@ $<

# exec_sharedpage is linked so that its data segment starts in its text
# segment's last page (user/tests/exec_sharedpage.ld).
SHAREDPAGE_LD := user/tests/exec_sharedpage.ld
$(B)/user/tests/exec_sharedpage: user/tests/exec_sharedpage.c $(SHAREDPAGE_LD) $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -Wl,-T,$(SHAREDPAGE_LD) -o $@ $<

$(B)/user-glibc/tests/exec_sharedpage: user/tests/exec_sharedpage.c $(SHAREDPAGE_LD) $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(GCC_GLIBC) $(GLIBC_UCFLAGS) -Wl,-T,$(SHAREDPAGE_LD) -o $@ $<

# Dynamically linked programs (docs/testing.md): each user/dyn/*.c with
# both C libraries' default (PIE) link, hello also without PIE and
# static (make bench's baseline), in build/user-dyn/LIBC/; and a selection of the user tests linked with
# glibc dynamically, run as user/NAME@glibc-dyn.
DYN_PROGS := $(patsubst user/dyn/%.c,%,$(sort $(wildcard user/dyn/*.c)))
DYN_BINS := $(foreach l,glibc musl,$(addprefix $(B)/user-dyn/$(l)/,$(DYN_PROGS))) \
	$(foreach l,glibc musl,$(B)/user-dyn/$(l)-nopie/hello $(B)/user-dyn/$(l)-static/hello)
DYN_UCFLAGS := -O2 -Wall -Wextra -Werror
GLIBC_DYN_NAMES ?= hello_printf fs_rw fs_stdio mm_fmap mm_ftrunc mm_mlock proc_clone proc_cow \
	proc_fork proc_pid_maps proc_signals proc_tls
GLIBC_DYN_TESTS := $(addprefix $(B)/user-glibc-dyn/tests/,$(GLIBC_DYN_NAMES))
user: $(DYN_BINS) $(GLIBC_DYN_TESTS)

$(B)/user-dyn/glibc/%: user/dyn/%.c $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(GCC_GLIBC) $(DYN_UCFLAGS) -D_GNU_SOURCE -o $@ $<

$(B)/user-dyn/glibc-nopie/%: user/dyn/%.c
	@mkdir -p $(dir $@)
	$(GCC_GLIBC) $(DYN_UCFLAGS) -no-pie -o $@ $<

$(B)/user-dyn/glibc-static/%: user/dyn/%.c
	@mkdir -p $(dir $@)
	$(GCC_GLIBC) $(DYN_UCFLAGS) -static -o $@ $<

$(B)/user-dyn/musl-static/%: user/dyn/%.c
	@mkdir -p $(dir $@)
	$(UCC) $(DYN_UCFLAGS) -static -o $@ $<

$(B)/user-dyn/musl/%: user/dyn/%.c $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(UCC) $(DYN_UCFLAGS) -o $@ $<

$(B)/user-dyn/musl-nopie/%: user/dyn/%.c
	@mkdir -p $(dir $@)
	$(UCC) $(DYN_UCFLAGS) -no-pie -o $@ $<

$(B)/user-glibc-dyn/tests/%: user/tests/%.c $(wildcard user/tests/*.h)
	@mkdir -p $(dir $@)
	$(GCC_GLIBC) $(filter-out -static,$(GLIBC_UCFLAGS)) -o $@ $<

# The syscall fuzzer: not in the initramfs, and never run on the host
# (it refuses to): tools/run-elf loads it, through tests/run.py.
FUZZ_SRCS := $(sort $(wildcard user/fuzz/*.c)) user/fuzz/raw.S
$(B)/gen/mica_calls.h: include/kernel/syscalls.h tools/gen-fuzz-calls.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gen-fuzz-calls.py $< > $@

$(B)/user/fuzz: $(FUZZ_SRCS) user/fuzz/fuzz.h $(B)/gen/mica_calls.h
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -I$(B)/gen -o $@ $(FUZZ_SRCS)

# Debian's i386 packages whose files run on Mica, unmodified:
# tools/install-deps.sh downloads each into $(B)/debs (never installing it
# on the host) and it is unpacked here into $(B)/pkgs/NAME.
$(B)/pkgs/%/.unpacked:
	@tools/install-deps.sh
	@rm -rf $(B)/pkgs/$* && mkdir -p $(B)/pkgs
	set -- $(B)/debs/$*_*_i386.deb && dpkg-deb -x "$$1" $(B)/pkgs/$*
	@touch $@

# busybox-static: the initramfs carries it as /bin/busybox.
BUSYBOX := $(B)/pkgs/busybox-static/bin/busybox
$(BUSYBOX): $(B)/pkgs/busybox-static/.unpacked
	@touch $@

# Dynamically linked programs: glibc's loader and the libraries they need
# from libc6 at Debian's paths (/lib/ld-linux.so.2 is the package's link),
# and musl's loader, its libc.so, from the musl:i386 package the musl
# toolchain links against, at that package's paths (/lib/ld-musl-i386.so.1
# its link to i386-linux-musl/libc.so). No ld.so.cache: both loaders
# search their default paths.
GLIBC_PKG := $(B)/pkgs/libc6
GLIBC_LIBS := ld-linux.so.2 libc.so.6 libm.so.6
MUSL_LIBC := /usr/lib/i386-linux-musl/libc.so
MUSL_LDSO := /lib/ld-musl-i386.so.1
DYN_FILES := $(GLIBC_PKG)/lib/ld-linux.so.2=/lib/ld-linux.so.2 \
	$(foreach l,$(GLIBC_LIBS),$(GLIBC_PKG)/lib/i386-linux-gnu/$(l)=/lib/i386-linux-gnu/$(l)) \
	$(MUSL_LIBC)=/lib/i386-linux-musl/libc.so $(MUSL_LDSO)=$(MUSL_LDSO)

$(INITRD): $(USER_BINS) $(USER_TESTS) $(BUSYBOX) $(GLIBC_PKG)/.unpacked $(MUSL_LIBC) user/motd \
		user/passwd user/group user/kconfig syscalls/misc.c tools/mkinitramfs.py Makefile
	$(PYTHON) tools/mkinitramfs.py $@ $(B)/user $(USER_PROGS) -- $(USER_TESTS) \
		--file $(BUSYBOX)=/bin/busybox $(addprefix --file ,$(DYN_FILES))

# ---- ISO through GRUB ----
$(ISO): $(KERNEL) $(INITRD) boot/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(KERNEL) $(B)/iso/boot/kernel.elf
	cp $(INITRD) $(B)/iso/boot/initramfs.cpio
	cp boot/grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2> $(B)/grub-mkrescue.log || \
		{ cat $(B)/grub-mkrescue.log; exit 1; }

iso: $(ISO)

# ---- running ----
CMDLINE ?=
# make run ASH=1: init runs busybox's ash as the login shell
ifeq ($(ASH),1)
CMDLINE += -- --login /bin/busybox ash
endif
run: deps
	@$(MAKE) --no-print-directory kernel user $(INITRD)
	@echo "Booting Mica in QEMU ($(ACCEL)). Quit with Ctrl-A X; or type 'exit' in the shell."
	$(QEMU_BASE) $(QEMU_BOOT) -append "$(CMDLINE)" -display none -serial mon:stdio || true

run-iso: deps
	@$(MAKE) --no-print-directory $(ISO)
	@echo "Booting Mica through GRUB. Quit with Ctrl-A X."
	$(QEMU_BASE) -cdrom $(ISO) -display none -serial mon:stdio || true

# The program's exit status is reported in a line of its own, not as a
# make error: a test program that fails is not a failed build.
run-elf: deps
	@$(MAKE) --no-print-directory -s kernel $(INITRD)
	@tools/run-elf $(ELF) $(ARGS); status=$$?; \
	if [ $$status -ne 0 ]; then echo "run-elf: $(ELF) exited with status $$status"; fi

# make gdb [ELF=prog ARGS="a b"]: tools/gdb-run picks the port (25000 +
# uid % 5000, or GDBPORT) and stops QEMU when gdb exits.
gdb: deps
	@$(MAKE) --no-print-directory kernel user $(INITRD)
	@MICA_QEMU="$(QEMU_BASE) $(QEMU_BOOT)" MICA_CMDLINE="$(CMDLINE)" tools/gdb-run $(ELF) $(ARGS)

# ---- tests ----
-include tests/host/host.mk
-include tests/host/iov.mk

test: deps
	@$(MAKE) --no-print-directory -j2 test-prereqs
	@$(PYTHON) tests/run.py

# what tests/run.py needs built (make grade builds it too)
test-prereqs: kernel user $(INITRD) $(ISO) host-tests $(HOST_TESTS)

# ---- labs (docs/labs.md): make labs; make handout LAB=n OUT=DIR; make grade [LAB=n] ----
labs:
	@$(PYTHON) tools/labs.py list

handout:
	@test -n "$(LAB)" -a -n "$(OUT)" || { echo "usage: make handout LAB=n OUT=DIR"; exit 2; }
	@$(PYTHON) tools/labs.py handout $(LAB) $(OUT)

grade: deps
	@$(PYTHON) tools/labs.py grade $(LAB)

# make fuzz SEED="1 2" CALLS=200000: the fuzzer on Mica, one boot per seed
SEED ?= 1
CALLS ?= 100000
fuzz: deps
	@$(MAKE) --no-print-directory kernel $(INITRD) $(B)/user/fuzz
	@FUZZ_SEEDS="$(SEED)" FUZZ_CALLS="$(CALLS)" $(PYTHON) tests/run.py -k fuzz/

# make bench (docs/bench.md): user/bench on Mica and on Debian's Linux
# kernel, both in QEMU with -icount shift=0, one table. FILTER (or
# BENCH_ARGS) picks lines by name; bench-linux's figures are kept in
# $(B)/bench/linux.txt and made again when the bench binary is newer.
FILTER ?=
LINUX_PKG := $(B)/pkgs/linux-image
LINUX_BENCH := $(B)/bench/linux.txt
$(LINUX_PKG)/.unpacked:
	@tools/install-deps.sh --bench
	@rm -rf $(LINUX_PKG) && mkdir -p $(LINUX_PKG)
	set -- $(B)/debs/linux-image-*-686_*_i386.deb && dpkg-deb -x "$$1" $(LINUX_PKG)
	@touch $@

$(LINUX_BENCH): $(B)/user/bench $(LINUX_PKG)/.unpacked $(BUSYBOX) $(GLIBC_PKG)/.unpacked \
		$(DYN_BINS) tests/bench.py
	$(PYTHON) tests/bench.py linux $@ $(addprefix --file ,$(DYN_FILES))

bench-linux: deps
	@$(MAKE) --no-print-directory user
	@rm -f $(LINUX_BENCH)
	@$(MAKE) --no-print-directory $(LINUX_BENCH)

bench: deps
	@$(MAKE) --no-print-directory kernel user $(INITRD) $(LINUX_BENCH)
	@$(PYTHON) tests/bench.py table $(FILTER) $(BENCH_ARGS)

# make bench-doc: make bench, all lines, written into docs/bench.md too
bench-doc: deps
	@$(MAKE) --no-print-directory kernel user $(INITRD) $(LINUX_BENCH)
	@$(PYTHON) tests/bench.py table --write-doc

# ---- make check: sparse over every kernel C source ----
# The same file list as the kernel link (the C files among $(OBJS), the
# in-kernel tests included) and the same -I/-D flags as CFLAGS. sparse
# defines __CHECKER__, which turns __user into noderef + address space 1
# (include/kernel/compiler.h). Flags:
#   -m32              the i386 target: 32-bit long and pointers
#   -nostdinc -isystem GCC's own headers (stdint.h, stddef.h...) of the
#                     cross compiler, not the host's x86_64 libc headers
#   -D__float128=...  GCC's i386 stddef.h names __float128 in max_align_t,
#                     a type sparse 0.6 knows on x86_64 only
#   -Wbitwise -Wno-return-void -Wno-unknown-attribute  Linux's CHECKFLAGS
#   -Wcast-to-as      also refuse casting a plain integer to a __user
#                     pointer without __force (off by default in Linux)
# Sparse's defaults stay on: address-space, noderef, decl (a non-static
# function or variable with no prototype in a header), and the rest;
# -Wshadow stays off, as in Linux. Any warning fails the target.
SPARSE ?= sparse
CHECK_SRCS := $(wildcard $(patsubst $(B)/obj/%.o,%.c,$(OBJS)))
CHECKFLAGS := -m32 -std=gnu11 -ffreestanding -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -D__float128="long double" \
	-Iinclude -Iarch/x86/include -I$(B)/gen \
	-Wbitwise -Wno-return-void -Wno-unknown-attribute -Wcast-to-as -fmax-warnings=unlimited

check: deps $(B)/gen/vdso-offsets.h
	@out=$$(for f in $(CHECK_SRCS); do $(SPARSE) $(CHECKFLAGS) $$f; done 2>&1); \
	if [ -n "$$out" ]; then printf '%s\n' "$$out"; \
		echo "make check: sparse warnings (above) in $(words $(CHECK_SRCS)) files"; exit 1; fi; \
	echo "make check: sparse clean on $(words $(CHECK_SRCS)) files"

# ---- style checks ----
# The kernel's C sources and headers (user programs and host tests keep the
# same style but are not checked).
FORMAT_SRCS = $(shell git ls-files -- arch boot fs include kernel lib mm syscalls tests/kernel tests/lib \
	| grep -E '\.[ch]$$')

format-check:
	@clang-format --dry-run -Werror $(FORMAT_SRCS) && echo "format-check: $(words $(FORMAT_SRCS)) files formatted"

format:
	clang-format -i $(FORMAT_SRCS)

contracts-check:
	@$(PYTHON) tools/check-contracts.py

compile_commands.json: tools/gen-compile-commands.py Makefile
	$(PYTHON) tools/gen-compile-commands.py "$(CC)" "$(CFLAGS)" \
		$(patsubst $(B)/obj/%.o,%,$(filter $(B)/obj/%,$(OBJS))) > $@

clean:
	rm -rf $(B) compile_commands.json
