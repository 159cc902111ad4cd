/*
 * rng.c - the worker's random numbers: xorshift64* seeded by splitmix64
 * from (seed, life), so each life's stream depends on nothing else.
 * The state lives in .bss; the pools never hand its address to a call.
 */
#include "fuzz.h"

static uint64_t state;

/* splitmix64: one step of a good 64-bit mixer. Returns the mixed value. */
static uint64_t mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Starts the stream of life number life under seed. */
void rng_seed(uint64_t seed, uint64_t life)
{
	state = mix(mix(seed) ^ mix(life + 0x1234567ULL));
	if (!state)
		state = 1;
}

/* Returns the next 32 random bits. */
uint32_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 0x2545f4914f6cdd1dULL) >> 32);
}

/* Returns a number in 0..n-1 (0 when n is 0). */
uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(((uint64_t)rnd() * n) >> 32) : 0;
}

/* Returns 1 with probability 1/n. */
int one_in(uint32_t n)
{
	return rnd_below(n) == 0;
}
