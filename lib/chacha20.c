/*
 * ChaCha20 as RFC 8439 defines it, in plain C with no CPU dependency, so
 * the host unit test (tests/host/test_chacha20.c) checks this very file
 * against the RFC's test vectors.
 *
 * The state is a 4x4 matrix of little-endian words:
 *   constants "expand 32-byte k" | key[0..3]
 *   key[4..7]                    | counter, nonce[0..2]
 * A block is 10 double rounds (a column round, then a diagonal round) of
 * quarter rounds, plus the input state added back word by word.
 */
#include <lib/chacha20.h>
#include <lib/string.h>

/* "expand 32-byte k" as four little-endian words */
static const uint32_t sigma[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

/* x rotated left by n bits (0 < n < 32). */
static uint32_t rotl32(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

/* The little-endian word at p. */
static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Store v at p, little-endian. */
static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* RFC 8439 2.1: the quarter round on words a, b, c, d of x. */
static void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 7);
}

/* Fill state from the constants, key, counter and nonce (RFC 8439 2.3). */
void chacha20_init(uint32_t state[CHACHA20_STATE_WORDS], const uint8_t *key, uint32_t counter,
		   const uint8_t *nonce)
{
	for (int i = 0; i < 4; i++)
		state[i] = sigma[i];
	for (int i = 0; i < 8; i++)
		state[4 + i] = get_le32(key + 4 * i);
	state[12] = counter;
	for (int i = 0; i < 3; i++)
		state[13 + i] = get_le32(nonce + 4 * i);
}

/* Ten double rounds over x in place. */
void chacha20_permute(uint32_t x[CHACHA20_STATE_WORDS])
{
	for (int i = 0; i < 10; i++) {
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
}

/* The block for state's counter into out; the counter moves on by one.
 * The working copy is wiped, so no keystream is left on the stack. */
void chacha20_block(uint32_t state[CHACHA20_STATE_WORDS], uint8_t out[CHACHA20_BLOCK_SIZE])
{
	uint32_t x[CHACHA20_STATE_WORDS];

	memcpy(x, state, sizeof(x));
	chacha20_permute(x);
	for (int i = 0; i < CHACHA20_STATE_WORDS; i++)
		put_le32(out + 4 * i, x[i] + state[i]);
	memset(x, 0, sizeof(x));
	state[12]++;
}

/* XOR in with the keystream into out, len bytes, a block at a time. */
void chacha20_xor(uint32_t state[CHACHA20_STATE_WORDS], uint8_t *out, const uint8_t *in, size_t len)
{
	uint8_t ks[CHACHA20_BLOCK_SIZE];

	while (len) {
		size_t n = len < sizeof(ks) ? len : sizeof(ks);
		chacha20_block(state, ks);
		for (size_t i = 0; i < n; i++)
			out[i] = in[i] ^ ks[i];
		out += n;
		in += n;
		len -= n;
	}
	memset(ks, 0, sizeof(ks));
}
