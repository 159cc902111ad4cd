# Host unit tests for lib/iov_iter.c, with the fake kernel environment of
# tests/host/fake_kernel.c. Included by the top-level Makefile; paths are
# relative to the repository root. lib/string.c is not linked: on the host,
# libc's memcpy/memset stand in for it.

HOSTCC ?= gcc
IOV_HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Itests/host/include -Iinclude -Iarch/x86/include
IOV_HOST_SRCS := lib/iov_iter.c tests/host/fake_kernel.c tests/host/fake_pipe.c \
	tests/host/test_iov_iter.c
IOV_HOST_DEPS := include/lib/iov_iter.h include/kernel/libdeps.h tests/host/include/asm/uaccess.h \
	arch/x86/include/asm/page.h include/kernel/errno.h \
	include/kernel/compiler.h include/uapi/uio.h include/lib/string.h \
	include/kernel/atomic_context.h include/kernel/pipe_buf.h

HOST_TESTS += build/host/test_iov_iter

build/host/test_iov_iter: $(IOV_HOST_SRCS) $(IOV_HOST_DEPS) tests/host/iov.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(IOV_HOST_CFLAGS) -o $@ $(IOV_HOST_SRCS)
