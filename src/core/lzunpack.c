/* SPDX-License-Identifier: MIT */
/* LZ decompressor (format in core/lzunpack.h): tiny, bounds-checked. */
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <core/lzunpack.h>

/* What reads past the end of the input see: all-ones bits end every gamma
 * code and never form the end marker, so a truncated stream runs into an
 * output bound or a bad offset and fails. */
#define LZ_PAST_END 0xff
/* Set above a fresh bit byte; the bit buffer is empty when only it is left. */
#define LZ_BITS_SENTINEL 0x100
#define LZ_BITS_EMPTY 1
#define LZ_OFFSET_LOW_BITS 8
/* x86 call: opcode E8, then a 32-bit operand relative to the call's end. */
#define X86_CALL 0xe8
#define X86_CALL_LEN 5

/* A 32-bit word at any address (x86 allows unaligned access). */
typedef uint32_t __attribute__((may_alias, aligned(1))) lz_unaligned32;

struct lz_in {
	const uint8_t *src, *end;
	unsigned bits;
};

/* Next input byte. Out of line: inlined at its four callers it costs more
 * than the calls. */
static __attribute__((noinline)) unsigned lz_byte(struct lz_in *in)
{
	if (in->src == in->end)
		return LZ_PAST_END;
	return *in->src++;
}

static unsigned lz_bit(struct lz_in *in)
{
	unsigned bits = in->bits;

	if (bits == LZ_BITS_EMPTY)
		bits = lz_byte(in) | LZ_BITS_SENTINEL;
	in->bits = bits >> 1;
	return bits & 1;
}

/* Read an interlaced Elias gamma code (a number >= 1, wrapping if corrupt). */
static size_t lz_gamma(struct lz_in *in)
{
	size_t n = 1;

	while (!lz_bit(in))
		n = n << 1 | lz_bit(in);
	return n;
}

long lz_unpack(const void *src, size_t src_len, void *dst, size_t dst_len)
{
	struct lz_in in = {
		src, (const uint8_t *)src + src_len, LZ_BITS_EMPTY
	};
	uint8_t *out = dst;
	/* No offset yet: a repeat match would copy each byte onto itself. */
	size_t done = 0, offset = 0, len;
	_Bool literal = 0;
	/* The check byte plus the output must sum to 0 mod 256. */
	uint8_t sum = (uint8_t)lz_byte(&in);

	for (;;) {
		if (lz_bit(&in)) {
			offset = (lz_gamma(&in) - 1) << LZ_OFFSET_LOW_BITS;
			offset |= lz_byte(&in);
			if (!offset)
				return sum ? -EINVAL : (long)done;
			if (offset > done)
				return -EINVAL;
			len = lz_gamma(&in) + 1;
			literal = 0;
		} else {
			len = lz_gamma(&in);
			/* 0 after literals: repeat match; else literals. */
			literal = !literal;
		}
		for (; len; len--, done++) {
			if (done == dst_len)
				return -EINVAL;
			out[done] = literal ? lz_byte(&in) : out[done - offset];
			sum += out[done];
		}
	}
}

void lz_unfilter_x86(void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i + X86_CALL_LEN <= len; i++) {
		if (p[i] == X86_CALL) {
			lz_unaligned32 *operand = (lz_unaligned32 *)(p + i + 1);

			*operand -= (uint32_t)(i + X86_CALL_LEN);
			i += X86_CALL_LEN - 1;
		}
	}
}
