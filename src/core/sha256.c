/* SPDX-License-Identifier: MIT */
/* SHA-256 as FIPS 180-4 defines it, for `sha256sum` and image checks. */
#include <string.h>
#include <byteswap.h>
#include <core/sha256.h>

/* First 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* First 32 bits of the fractional parts of the square roots of the first 8 primes. */
static const uint32_t initial_state[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/* Length field at the end of the padded message: 64 bits. */
#define SHA256_LENGTH_FIELD 8

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

/* Process one 64-byte block into the state. */
static void sha256_block(uint32_t state[8], const uint8_t *block)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = get_be32(block + 4 * i);
	for (; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			      (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			      (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = state[0]; b = state[1]; c = state[2]; d = state[3];
	e = state[4]; f = state[5]; g = state[6]; h = state[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
		     ((e & f) ^ (~e & g)) + round_constants[i] + w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	state[0] += a; state[1] += b; state[2] += c; state[3] += d;
	state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

void sha256_init(struct sha256_ctx *ctx)
{
	memcpy(ctx->state, initial_state, sizeof(ctx->state));
	ctx->length = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t fill = ctx->length % SHA256_BLOCK_LEN;

	ctx->length += len;
	if (fill) {
		size_t take = SHA256_BLOCK_LEN - fill;
		if (take > len)
			take = len;
		memcpy(ctx->block + fill, p, take);
		p += take;
		len -= take;
		if (fill + take < SHA256_BLOCK_LEN)
			return;
		sha256_block(ctx->state, ctx->block);
	}
	for (; len >= SHA256_BLOCK_LEN; p += SHA256_BLOCK_LEN,
	     len -= SHA256_BLOCK_LEN)
		sha256_block(ctx->state, p);
	memcpy(ctx->block, p, len);
}

void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_LEN])
{
	uint64_t bits = ctx->length * 8;
	size_t fill = ctx->length % SHA256_BLOCK_LEN;
	unsigned int i;

	ctx->block[fill++] = 0x80;
	if (fill > SHA256_BLOCK_LEN - SHA256_LENGTH_FIELD) {
		memset(ctx->block + fill, 0, SHA256_BLOCK_LEN - fill);
		sha256_block(ctx->state, ctx->block);
		fill = 0;
	}
	memset(ctx->block + fill, 0,
	       SHA256_BLOCK_LEN - SHA256_LENGTH_FIELD - fill);
	put_be32(ctx->block + SHA256_BLOCK_LEN - 8, (uint32_t)(bits >> 32));
	put_be32(ctx->block + SHA256_BLOCK_LEN - 4, (uint32_t)bits);
	sha256_block(ctx->state, ctx->block);
	for (i = 0; i < 8; i++)
		put_be32(digest + 4 * i, ctx->state[i]);
}

void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LEN])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}
