/*
 * A small seedable pseudo-random generator (kernel/random.c), for what
 * must be repeatable rather than secret, such as fault injection: the
 * same seed gives the same sequence. Linux's prandom_u32_state in shape;
 * the generator is Marsaglia's xorshift128. Never use it for keys.
 */
#ifndef KERNEL_PRANDOM_H
#define KERNEL_PRANDOM_H

#include <stdint.h>

struct rnd_state {
	uint32_t x, y, z, w; /* never all zero */
};

/* Set st to the state seed gives (any seed, 0 included, is fine). */
void prandom_seed_state(struct rnd_state *st, uint64_t seed);
/* The next 32 bits of st's sequence. */
uint32_t prandom_u32_state(struct rnd_state *st);

#endif
