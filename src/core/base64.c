/* SPDX-License-Identifier: MIT */
/* Base64 encoding (RFC 4648 section 4, with padding). */
#include <stdint.h>
#include <core/base64.h>

static const char base64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#define BASE64_PAD '='
#define BITS_PER_SYMBOL 6
#define SYMBOL_MASK 0x3f

void base64_encode(const void *data, size_t len, char *buf)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 2 < len; i += 3, buf += 4) {
		uint32_t group = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		buf[0] = base64_alphabet[group >> 18 & SYMBOL_MASK];
		buf[1] = base64_alphabet[group >> 12 & SYMBOL_MASK];
		buf[2] = base64_alphabet[group >> BITS_PER_SYMBOL & SYMBOL_MASK];
		buf[3] = base64_alphabet[group & SYMBOL_MASK];
	}
	if (i < len) {
		uint32_t group = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			group |= (uint32_t)p[i + 1] << 8;
		buf[0] = base64_alphabet[group >> 18 & SYMBOL_MASK];
		buf[1] = base64_alphabet[group >> 12 & SYMBOL_MASK];
		buf[2] = i + 1 < len ?
			 base64_alphabet[group >> BITS_PER_SYMBOL & SYMBOL_MASK] :
			 BASE64_PAD;
		buf[3] = BASE64_PAD;
		buf += 4;
	}
	*buf = '\0';
}
