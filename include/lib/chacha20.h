/*
 * ChaCha20 (RFC 8439), the stream cipher behind /dev/urandom and
 * getrandom (kernel/random.c). The state is 16 words: 4 constants, the
 * 256-bit key, a 32-bit block counter and a 96-bit nonce.
 */
#ifndef LIB_CHACHA20_H
#define LIB_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_SIZE 32
#define CHACHA20_NONCE_SIZE 12
#define CHACHA20_BLOCK_SIZE 64
#define CHACHA20_STATE_WORDS 16

/* Set state to the constants, key (32 bytes), counter and nonce (12). */
void chacha20_init(uint32_t state[CHACHA20_STATE_WORDS], const uint8_t *key, uint32_t counter,
		   const uint8_t *nonce);
/* The 20 rounds over state in place, without the final addition: the
 * bare permutation (for building a sponge). */
void chacha20_permute(uint32_t state[CHACHA20_STATE_WORDS]);
/* One 64-byte keystream block of state into out (RFC 8439 2.3); the
 * block counter (state[12]) then moves on by one. */
void chacha20_block(uint32_t state[CHACHA20_STATE_WORDS], uint8_t out[CHACHA20_BLOCK_SIZE]);
/* XOR len bytes of in with the keystream from state into out (in and
 * out may be the same), block by block (RFC 8439 2.4). */
void chacha20_xor(uint32_t state[CHACHA20_STATE_WORDS], uint8_t *out, const uint8_t *in,
		  size_t len);

#endif
