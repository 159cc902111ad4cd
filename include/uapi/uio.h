/* struct iovec, as in the Linux i386 user ABI. */
#ifndef UAPI_UIO_H
#define UAPI_UIO_H

#include <stddef.h>

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#endif
