/* SPDX-License-Identifier: MIT */
/* SHA-256 (FIPS 180-4), incremental. */
#ifndef CORE_SHA256_H
#define CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_BLOCK_LEN 64

struct sha256_ctx {
	uint32_t state[8];
	uint64_t length;		/* bytes hashed so far */
	uint8_t block[SHA256_BLOCK_LEN];	/* partial block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_LEN]);
/* One-shot digest of DATA. */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LEN]);

#endif
