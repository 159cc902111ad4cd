/*
 * The kernel's random numbers: an entropy pool feeding a ChaCha20
 * generator, in the shape of Linux's random.c (5.18 and later).
 *
 * The pool is a sponge over the ChaCha20 permutation (lib/chacha20.c):
 * 16 words of state, input XORed into the first 8 (the rate, 32 bytes at
 * a time) and then permuted; the other 8 (the capacity) are never given
 * out. Extraction permutes, takes the rate, then zeroes the rate and
 * permutes again, so the state that gave a key cannot be rebuilt from a
 * later one. Input comes from:
 *   boot        the TSC, RDRAND words (where CPUID has them), the wall
 *               clock, the free memory and the jiffies count
 *   interrupts  each one's TSC, vector and interrupted EIP, gathered in a
 *               small fast pool and absorbed every FAST_POOL_IRQS of them
 *   user space  every write to /dev/random or /dev/urandom
 * The pool is counted as seeded from boot on (the CPU's counters and
 * RDRAND), so reads never wait, as on a Linux whose generator is ready.
 *
 * The generator holds a base key. Each request first runs one ChaCha20
 * block under it with a fresh nonce: the block's first half becomes the
 * base key (fast key erasure: the key that made earlier output is gone)
 * and its second half keys this request's own stream, which is wiped
 * when the request ends. The base key is folded back through the pool
 * and re-extracted when new input has come and RESEED_TICKS have passed
 * (or at RNDRESEEDCRNG).
 *
 * Apart from all that, prandom_u32_state() is a plain seedable generator
 * (include/kernel/prandom.h) for users that want a repeatable sequence.
 */
#include <kernel/random.h>
#include <kernel/prandom.h>
#include <kernel/proc.h>
#include <kernel/mm.h>
#include <lib/chacha20.h>
#include <asm/arch.h>
#include <asm/fpu.h>
#include <asm/x86.h>

#define POOL_RATE_WORDS 8      /* the sponge's rate: 32 bytes absorbed a permutation */
#define FAST_POOL_IRQS 64      /* interrupts gathered before they reach the pool */
#define RESEED_TICKS (HZ * 60) /* the base key is renewed at most this often */
#define BOOT_RDRAND_WORDS 16   /* RDRAND words mixed in at boot */
#define RDRAND_RETRIES 10      /* tries per word, as Intel advises */

extern uint32_t boot_epoch; /* arch/x86/rtc.c: the wall clock at boot */

static uint32_t pool[CHACHA20_STATE_WORDS];
static bool pool_fresh; /* input came since the last reseed */
static uint32_t fast_pool[4];
static uint32_t fast_count;
static uint8_t base_key[CHACHA20_KEY_SIZE];
static uint32_t generation; /* the nonce of the next key-erasure block */
static uint64_t last_reseed;

/* Set n bytes at p to zero in a way the compiler keeps. */
static void wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n--)
		*v++ = 0;
}

/* Absorb len bytes of data into the pool, a rate block at a time; each
 * block's length goes into the capacity, so blocks of different lengths
 * never absorb alike. */
void add_random_bytes(const void *data, size_t len)
{
	const uint8_t *d = data;

	while (len) {
		size_t n = min(len, (size_t)POOL_RATE_WORDS * 4);
		for (size_t i = 0; i < n; i++)
			pool[i / 4] ^= (uint32_t)d[i] << (8 * (i % 4));
		pool[POOL_RATE_WORDS] ^= (uint32_t)n;
		chacha20_permute(pool);
		d += n;
		len -= n;
	}
	pool_fresh = true;
}

/* Squeeze 32 bytes out of the pool into out, then make the state that
 * gave them unrecoverable (see the file comment). */
static void extract_pool(uint8_t out[CHACHA20_KEY_SIZE])
{
	chacha20_permute(pool);
	for (int i = 0; i < POOL_RATE_WORDS; i++) {
		for (int b = 0; b < 4; b++)
			out[4 * i + b] = (uint8_t)(pool[i] >> (8 * b));
		pool[i] = 0;
	}
	chacha20_permute(pool);
}

/* Fold the base key back into the pool and take a new one from it. */
static void reseed(void)
{
	add_random_bytes(base_key, sizeof(base_key));
	extract_pool(base_key);
	pool_fresh = false;
	last_reseed = jiffies;
}

/* Renew the base key now (RNDRESEEDCRNG). */
void random_reseed(void)
{
	reseed();
}

/* The key for one request (32 bytes into key), with fast key erasure of
 * the base key; reseeds first when it is due. */
static void make_request_key(uint8_t key[CHACHA20_KEY_SIZE])
{
	uint32_t st[CHACHA20_STATE_WORDS];
	uint8_t block[CHACHA20_BLOCK_SIZE], nonce[CHACHA20_NONCE_SIZE] = { 0 };

	if (pool_fresh && jiffies - last_reseed >= RESEED_TICKS)
		reseed();
	generation++;
	for (int b = 0; b < 4; b++)
		nonce[b] = (uint8_t)(generation >> (8 * b));
	chacha20_init(st, base_key, 0, nonce);
	chacha20_block(st, block);
	memcpy(base_key, block, CHACHA20_KEY_SIZE);
	memcpy(key, block + CHACHA20_KEY_SIZE, CHACHA20_KEY_SIZE);
	wipe(block, sizeof(block));
	wipe(st, sizeof(st));
}

/* Fill buf with len random bytes (for the kernel's own use). */
void get_random_bytes(void *buf, size_t len)
{
	uint8_t key[CHACHA20_KEY_SIZE], nonce[CHACHA20_NONCE_SIZE] = { 0 };
	uint32_t st[CHACHA20_STATE_WORDS];

	make_request_key(key);
	chacha20_init(st, key, 0, nonce);
	wipe(key, sizeof(key));
	memset(buf, 0, len);
	chacha20_xor(st, buf, buf, len);
	wipe(st, sizeof(st));
}

/* Random bytes into to, all of it unless a copy faults or a signal comes
 * at a page boundary (Linux's get_random_bytes_user). Returns the bytes
 * given, 0 for an empty iterator, or -EFAULT when none could be. */
ssize_t get_random_bytes_iter(struct iov_iter *to)
{
	uint8_t key[CHACHA20_KEY_SIZE], block[CHACHA20_BLOCK_SIZE];
	uint8_t nonce[CHACHA20_NONCE_SIZE] = { 0 };
	uint32_t st[CHACHA20_STATE_WORDS];
	size_t ret = 0;

	if (!iov_iter_count(to))
		return 0;
	make_request_key(key);
	if (iov_iter_count(to) <= CHACHA20_KEY_SIZE) { /* the key itself will do */
		ret = copy_to_iter(key, CHACHA20_KEY_SIZE, to);
		wipe(key, sizeof(key));
		return ret ? (ssize_t)ret : -EFAULT;
	}
	chacha20_init(st, key, 0, nonce);
	wipe(key, sizeof(key));
	for (;;) {
		chacha20_block(st, block);
		if (st[12] == 0)
			st[13]++; /* a 64-bit block counter, as Linux's */
		size_t copied = copy_to_iter(block, sizeof(block), to);
		ret += copied;
		if (!iov_iter_count(to) || copied != sizeof(block))
			break;
		if (ret % PAGE_SIZE == 0) {
			irq_window(); /* a long read lets the timer (and signals) in */
			if (signal_pending(current))
				break;
		}
	}
	wipe(block, sizeof(block));
	wipe(st, sizeof(st));
	return ret ? (ssize_t)ret : -EFAULT;
}

/* Mix everything in from into the pool, stopping early for a fault or a
 * signal at a page boundary (Linux's write_pool_user). Returns the bytes
 * taken, 0 for an empty iterator, or -EFAULT when none could be. */
ssize_t add_random_iter(struct iov_iter *from)
{
	uint8_t block[CHACHA20_BLOCK_SIZE];
	size_t ret = 0;

	if (!iov_iter_count(from))
		return 0;
	for (;;) {
		size_t copied = copy_from_iter(block, sizeof(block), from);
		ret += copied;
		add_random_bytes(block, copied);
		if (!iov_iter_count(from) || copied != sizeof(block))
			break;
		if (ret % PAGE_SIZE == 0) {
			irq_window();
			if (signal_pending(current))
				break;
		}
	}
	wipe(block, sizeof(block));
	return ret ? (ssize_t)ret : -EFAULT;
}

/* From the interrupt handler: stir the TSC, the vector and the
 * interrupted EIP into the fast pool; every FAST_POOL_IRQS interrupts it
 * goes into the pool. */
void add_interrupt_randomness(int irq, uint32_t eip)
{
	uint64_t t = cpu_has_tsc ? rdtsc() : jiffies;
	uint32_t i = fast_count++;

	fast_pool[i & 3] ^= (uint32_t)t;
	fast_pool[(i + 1) & 3] += (uint32_t)(t >> 32) ^ eip;
	fast_pool[(i + 2) & 3] ^= (fast_pool[i & 3] << 7 | fast_pool[i & 3] >> 25) ^ (uint32_t)irq;
	if (fast_count % FAST_POOL_IRQS == 0)
		add_random_bytes(fast_pool, sizeof(fast_pool));
}

/* Seed the pool from what the machine offers at boot, and take the first
 * base key. Runs after the CPU's features and the clock are known. */
void random_init(void)
{
	uint32_t a, b, c, d;
	uint64_t t = cpu_has_tsc ? rdtsc() : 0;
	uint32_t boot[4] = { (uint32_t)t, (uint32_t)(t >> 32), boot_epoch, nr_free_pages() };

	add_random_bytes(boot, sizeof(boot));
	cpuid(1, &a, &b, &c, &d);
	if (c & CPUID_ECX_RDRAND) {
		uint32_t words[BOOT_RDRAND_WORDS] = { 0 };
		for (int i = 0; i < BOOT_RDRAND_WORDS; i++)
			for (int k = 0; k < RDRAND_RETRIES && !rdrand32(&words[i]); k++)
				;
		add_random_bytes(words, sizeof(words));
		wipe(words, sizeof(words));
	}
	t = cpu_has_tsc ? rdtsc() : jiffies;
	add_random_bytes(&t, sizeof(t));
	reseed();
}

/* One step of splitmix32 on *s: a well-mixed word from a counter, so any
 * seed (0 too) spreads over every bit of the state. */
static uint32_t splitmix32(uint32_t *s)
{
	uint32_t z = (*s += 0x9e3779b9u);

	z = (z ^ (z >> 16)) * 0x85ebca6bu;
	z = (z ^ (z >> 13)) * 0xc2b2ae35u;
	return z ^ (z >> 16);
}

/* Set st to the state seed gives; never the all-zero state. */
void prandom_seed_state(struct rnd_state *st, uint64_t seed)
{
	uint32_t s = (uint32_t)seed ^ (uint32_t)(seed >> 32) * 0x27d4eb2du;

	st->x = splitmix32(&s);
	st->y = splitmix32(&s);
	st->z = splitmix32(&s);
	st->w = splitmix32(&s) | 1u;
}

/* The next 32 bits of st's xorshift128 sequence. */
uint32_t prandom_u32_state(struct rnd_state *st)
{
	uint32_t t = st->x ^ (st->x << 11);

	st->x = st->y;
	st->y = st->z;
	st->z = st->w;
	st->w = st->w ^ (st->w >> 19) ^ t ^ (t >> 8);
	return st->w;
}
