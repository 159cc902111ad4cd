/*
 * Host unit test for lib/chacha20.c (built with ASan and UBSan), against
 * the test vectors of RFC 8439: the block function (2.3.2), the
 * encryption of the "sunscreen" text (2.4.2, two blocks, so the counter
 * must move on), and the all-zero key of appendix A.1. Then XOR in place
 * matches XOR into another buffer, and a second pass decrypts.
 */
#include <stdint.h>
#include <stdio.h>
#include <lib/chacha20.h>
#include <lib/string.h>

#include "check.h"

static const char sunscreen[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
				"only one tip for the future, sunscreen would be it.";

/* RFC 8439 2.3.2 */
static const uint8_t block_232[64] = {
	0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3,
	0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22,
	0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa,
	0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1,
	0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
};

/* RFC 8439 2.4.2 */
static const uint8_t cipher_242[114] = {
	0x6e, 0x2e, 0x35, 0x9a, 0x25, 0x68, 0xf9, 0x80, 0x41, 0xba, 0x07, 0x28, 0xdd, 0x0d, 0x69,
	0x81, 0xe9, 0x7e, 0x7a, 0xec, 0x1d, 0x43, 0x60, 0xc2, 0x0a, 0x27, 0xaf, 0xcc, 0xfd, 0x9f,
	0xae, 0x0b, 0xf9, 0x1b, 0x65, 0xc5, 0x52, 0x47, 0x33, 0xab, 0x8f, 0x59, 0x3d, 0xab, 0xcd,
	0x62, 0xb3, 0x57, 0x16, 0x39, 0xd6, 0x24, 0xe6, 0x51, 0x52, 0xab, 0x8f, 0x53, 0x0c, 0x35,
	0x9f, 0x08, 0x61, 0xd8, 0x07, 0xca, 0x0d, 0xbf, 0x50, 0x0d, 0x6a, 0x61, 0x56, 0xa3, 0x8e,
	0x08, 0x8a, 0x22, 0xb6, 0x5e, 0x52, 0xbc, 0x51, 0x4d, 0x16, 0xcc, 0xf8, 0x06, 0x81, 0x8c,
	0xe9, 0x1a, 0xb7, 0x79, 0x37, 0x36, 0x5a, 0xf9, 0x0b, 0xbf, 0x74, 0xa3, 0x5b, 0xe6, 0xb4,
	0x0b, 0x8e, 0xed, 0xf2, 0x78, 0x5e, 0x42, 0x87, 0x4d,
};

/* RFC 8439 A.1, test vector #1: key 0, nonce 0, counter 0 */
static const uint8_t zero_a1[64] = {
	0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5, 0x53,
	0x86, 0xbd, 0x28, 0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a, 0xa8, 0x36,
	0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7, 0xda, 0x41, 0x59, 0x7c, 0x51, 0x57, 0x48,
	0x8d, 0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37, 0x6a, 0x43, 0xb8, 0xf4,
	0x15, 0x18, 0xa1, 0x1c, 0xc3, 0x87, 0xb6, 0x69, 0xb2, 0xee, 0x65, 0x86,
};

static uint8_t key[32];

/* Key 00 01 02 ... 1f, as both RFC sections use. */
static void set_key(void)
{
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
}

/* Index of the first byte where a and b differ, or -1. */
static int first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return (int)i;
	return -1;
}

/* 2.3.2: one block, and the counter moves on. */
static void test_block(void)
{
	static const uint8_t nonce[12] = { 0, 0, 0, 0x09, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	uint32_t st[CHACHA20_STATE_WORDS];
	uint8_t out[64];

	set_key();
	chacha20_init(st, key, 1, nonce);
	check(st[0] == 0x61707865 && st[4] == 0x03020100 && st[12] == 1 && st[13] == 0x09000000,
	      "initial state words wrong");
	chacha20_block(st, out);
	check(first_diff(out, block_232, 64) < 0, "block differs at byte %d",
	      first_diff(out, block_232, 64));
	check(st[12] == 2, "counter is %u after one block, not 2", (unsigned)st[12]);
}

/* 2.4.2: 114 bytes over two blocks. */
static void test_encrypt(void)
{
	static const uint8_t nonce[12] = { 0, 0, 0, 0, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	uint32_t st[CHACHA20_STATE_WORDS];
	uint8_t out[114];

	check(sizeof(sunscreen) - 1 == 114, "plaintext is %zu bytes", sizeof(sunscreen) - 1);
	set_key();
	chacha20_init(st, key, 1, nonce);
	chacha20_xor(st, out, (const uint8_t *)sunscreen, 114);
	check(first_diff(out, cipher_242, 114) < 0, "ciphertext differs at byte %d",
	      first_diff(out, cipher_242, 114));
	check(st[12] == 3, "counter is %u after two blocks, not 3", (unsigned)st[12]);
}

/* A.1 #1: the all-zero key, nonce and counter. */
static void test_zero(void)
{
	static const uint8_t zero12[12];
	uint32_t st[CHACHA20_STATE_WORDS];
	uint8_t zkey[32] = { 0 }, out[64];

	chacha20_init(st, zkey, 0, zero12);
	chacha20_block(st, out);
	check(first_diff(out, zero_a1, 64) < 0, "block differs at byte %d",
	      first_diff(out, zero_a1, 64));
}

/* In place equals out of place, for lengths around block edges; a second
 * pass with the same state decrypts. */
static void test_in_place(void)
{
	static const uint8_t nonce[12] = { 1, 2, 3 };
	uint8_t a[300], b[300], c[300];

	set_key();
	for (size_t len = 0; len <= sizeof(a); len += 7) {
		uint32_t s1[CHACHA20_STATE_WORDS], s2[CHACHA20_STATE_WORDS];
		for (size_t i = 0; i < len; i++)
			a[i] = b[i] = (uint8_t)(i * 37 + len);
		chacha20_init(s1, key, 7, nonce);
		chacha20_init(s2, key, 7, nonce);
		chacha20_xor(s1, c, a, len);
		chacha20_xor(s2, b, b, len);
		check(first_diff(b, c, len) < 0, "len %zu: in place differs", len);
		chacha20_init(s1, key, 7, nonce);
		chacha20_xor(s1, c, c, len);
		check(first_diff(a, c, len) < 0, "len %zu: decryption differs", len);
	}
}

static const struct host_test tests[] = {
	{ "RFC 8439 2.3.2 block function", test_block },
	{ "RFC 8439 2.4.2 encryption over two blocks", test_encrypt },
	{ "RFC 8439 A.1 vector 1 (zero key)", test_zero },
	{ "XOR in place, block edges, decryption", test_in_place },
};

int main(void)
{
	return run_tests(tests, ARRAY_SIZE(tests));
}
