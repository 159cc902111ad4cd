/* struct iovec, as in the Linux i386 user ABI. */
#ifndef UAPI_UIO_H
#define UAPI_UIO_H

#include <stddef.h>
#include <kernel/compiler.h>

struct iovec {
	void __user *iov_base; /* a user address: reached only through uaccess */
	size_t iov_len;
};

#endif
