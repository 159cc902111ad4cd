/*
 * Random numbers (kernel/random.c): an entropy pool and a ChaCha20
 * generator behind /dev/random, /dev/urandom, getrandom and AT_RANDOM.
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <kernel/kernel.h>
#include <lib/iov_iter.h>

#define GRND_NONBLOCK 0x1 /* getrandom: do not wait for the pool (it never does) */
#define GRND_RANDOM 0x2	  /* getrandom: as /dev/random */
#define GRND_INSECURE 0x4 /* getrandom: even before seeding */

/* Seed the pool at boot and take the first key. */
void random_init(void);
/* Mix len bytes of data into the pool. */
void add_random_bytes(const void *data, size_t len);
/* From every hardware interrupt: its timing, vector and EIP. */
void add_interrupt_randomness(int irq, uint32_t eip);
/* Fill buf with len random bytes, for the kernel. */
void get_random_bytes(void *buf, size_t len);
/* Random bytes into to, as reads and getrandom give them: the count, or
 * -EFAULT when none could be copied; a signal stops it at a page. */
ssize_t get_random_bytes_iter(struct iov_iter *to);
/* Mix all of from into the pool: the count taken, or -EFAULT. */
ssize_t add_random_iter(struct iov_iter *from);
/* Renew the generator's key from the pool now. */
void random_reseed(void);

#endif
