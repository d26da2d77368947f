/* SPDX-License-Identifier: MIT */
/* SHA-256 against the FIPS 180-4 examples and split updates. */
#include <stdlib.h>
#include <string.h>
#include <core/sha256.h>
#include "test.h"

static void hex_digest(const uint8_t *digest, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < SHA256_DIGEST_LEN; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 0xf];
	}
	out[2 * SHA256_DIGEST_LEN] = '\0';
}

static void check_digest(const char *text, const char *expected)
{
	uint8_t digest[SHA256_DIGEST_LEN];
	char hex[2 * SHA256_DIGEST_LEN + 1];

	sha256(text, strlen(text), digest);
	hex_digest(digest, hex);
	CHECK_STR(hex, expected);
}

UNIT_TEST(sha256_known_vectors)
{
	check_digest("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_digest("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* 55 and 56 bytes: the padding spills into a second block at 56. */
	check_digest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		     "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	check_digest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		     "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

UNIT_TEST(sha256_million_a_in_odd_pieces)
{
	static const char expected[] =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	uint8_t digest[SHA256_DIGEST_LEN];
	char hex[2 * SHA256_DIGEST_LEN + 1];
	struct sha256_ctx ctx;
	char piece[997];
	size_t left = 1000000;

	memset(piece, 'a', sizeof(piece));
	sha256_init(&ctx);
	while (left) {
		size_t n = left < sizeof(piece) ? left : sizeof(piece);
		sha256_update(&ctx, piece, n);
		left -= n;
	}
	sha256_final(&ctx, digest);
	hex_digest(digest, hex);
	CHECK_STR(hex, expected);
}
