/* SPDX-License-Identifier: MIT */
/* Decompressor for util/lzpack's LZ format (the compressed BIOS payload). */
#ifndef CORE_LZUNPACK_H
#define CORE_LZUNPACK_H

#include <stddef.h>

/*
 * Format. The first byte is a check byte: it and the decompressed bytes sum
 * to 0 mod 256. Then one stream of bytes holds two things interleaved: raw
 * bytes (literals and offset low bytes) and bit bytes. Whenever the decoder
 * needs a bit and has none left, it takes the next byte of the stream and
 * uses its 8 bits, least significant first. So the byte that supplies bits
 * 0-7 of a group comes first; raw bytes read between those bits follow it.
 *
 * Numbers N >= 1 are interlaced Elias gamma codes: for each bit of N below
 * its leading 1, most significant first, a 0 then that bit; then a 1.
 * So 1 is "1", 2 is "001", 3 is "011", 4 is "00001".
 *
 * The decoder keeps the last offset R (initially none) and whether the last
 * item was a literal run. Items:
 *
 *   0 N bytes...   literal run: N literal bytes (only after a match or
 *                  at the start)
 *   0 N            repeat match: N bytes from R back (only after literals;
 *                  invalid before the first match, though not detected)
 *   1 H B N        match: R = (H - 1) * 256 + B (B a raw byte), then
 *                  N + 1 bytes copied from R back; R = 0 ends the stream
 *                  and N is not sent; R past the start of the output is
 *                  invalid
 *
 * A match copies byte by byte, so it may overlap its own output.
 *
 * Filter. For x86 code, `lzpack --x86` first rewrites the 32-bit operand of
 * each E8 byte (call rel32) as operand + its end offset in the input: the
 * target relative to the start, alike for all calls to one function. It
 * scans from the start, skips the 4 operand bytes after each E8 it
 * rewrites, and leaves alone an E8 whose operand would pass the end.
 * lz_unfilter_x86() undoes this after lz_unpack().
 */

/*
 * Decompress SRC_LEN bytes at SRC into DST (room for DST_LEN bytes).
 * Returns the bytes written, or -EINVAL if the input is truncated, fails
 * its check byte, would write past DST_LEN or copy from before DST, or is
 * otherwise corrupt. It never reads or writes outside the two buffers,
 * whatever the input.
 */
long lz_unpack(const void *src, size_t src_len, void *dst, size_t dst_len);

/* Undo `lzpack --x86` on the LEN decompressed bytes at BUF (x86 only: it
 * relies on little-endian, unaligned 32-bit access). */
void lz_unfilter_x86(void *buf, size_t len);

#endif
