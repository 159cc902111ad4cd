# Host unit tests for lib/: included by the top-level Makefile.
#
# Each test is one tests/host/test_*.c linked with exactly the lib/*.c files
# it exercises, built with the host compiler under ASan and UBSan. lib/ is
# compiled unchanged; tests/host/host_prefix.h is force-included to rename
# its symbols (memcpy -> lib_memcpy...) away from the host libc's.
#
# Defines HOST_TESTS (appended to, so other fragments may add theirs in any
# order) and the phony target host-tests, which builds every one of them.
# The binaries print TAP; test_elf optionally takes a real ELF file as argv[1].

HOSTCC ?= gcc
HOST_CFLAGS ?= -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -fno-builtin \
	-Itests/host/include -Iinclude -Iarch/x86/include -include tests/host/host_prefix.h

# The sources to compile: the prerequisites' .c files, less the case files of
# tests/lib/, which the tests #include (they are shared with tests/kernel/).
HOST_SRCS = $(filter-out tests/lib/%,$(filter %.c,$^))

# Headers and shared case files every host test may depend on.
HOST_TEST_HDRS := tests/host/host_prefix.h tests/host/check.h $(wildcard tests/lib/*) \
	$(wildcard include/lib/*.h include/kernel/*.h arch/x86/include/asm/*.h)

HOST_TESTS += build/host/test_string build/host/test_vsnprintf build/host/test_sort \
	build/host/test_extable build/host/test_cpio build/host/test_elf \
	build/host/test_chacha20

build/host/test_string: tests/host/test_string.c lib/string.c $(HOST_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_SRCS)

build/host/test_vsnprintf: tests/host/test_vsnprintf.c lib/vsnprintf.c lib/string.c $(HOST_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_SRCS)

build/host/test_sort: tests/host/test_sort.c lib/sort.c lib/vsnprintf.c lib/string.c $(HOST_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_SRCS)

build/host/test_extable: tests/host/test_extable.c lib/extable.c lib/sort.c $(HOST_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_SRCS)

build/host/test_cpio: tests/host/test_cpio.c lib/cpio.c lib/string.c $(HOST_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_SRCS)

build/host/test_elf: tests/host/test_elf.c lib/elf.c lib/string.c $(HOST_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_SRCS)

build/host/test_chacha20: tests/host/test_chacha20.c lib/chacha20.c lib/string.c $(HOST_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_SRCS)

# Expand HOST_TESTS when the target is built, not when this line is read, so
# fragments included after this one still add their tests to host-tests.
.SECONDEXPANSION:
.PHONY: host-tests
host-tests: $$(HOST_TESTS)
