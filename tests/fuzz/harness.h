/* SPDX-License-Identifier: MIT */
/* What every fuzz target shares: start-up, invariant checks, input readers. */
#ifndef TESTS_FUZZ_HARNESS_H
#define TESTS_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <core/compiler.h>

/* libFuzzer's entry points; the Makefile keeps these two names unrenamed. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Start nicboot as the host program does (heap, init functions), with
 * the consoles silenced and heap errors turned into crashes.
 */
void fuzz_setup(void);

/* Report a broken invariant and crash, so that libFuzzer keeps the input. */
void __noreturn fuzz_fail(const char *what, const char *file, int line);
#define fuzz_check(cond) \
	((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

/* Live blocks on nicboot's heap, which libFuzzer's leak check cannot see. */
unsigned int fuzz_heap_blocks(void);
/* At the end of an input: the heap is intact and holds BLOCKS blocks again. */
void fuzz_check_heap(unsigned int blocks);

/* The unread rest of the input. */
struct fuzz_input {
	const uint8_t *data;
	size_t len;
};

/* The next byte, or 0 once the input is used up. */
uint8_t fuzz_byte(struct fuzz_input *in);
/* The next two bytes, big endian (missing bytes count as 0). */
uint16_t fuzz_u16(struct fuzz_input *in);
/* Take up to LEN bytes: *BYTES points at them; returns how many. */
size_t fuzz_take(struct fuzz_input *in, size_t len, const uint8_t **bytes);
/*
 * The bytes up to the next NUL (or the end) as a new string on nicboot's
 * heap, exactly sized so that reading past it faults; NULL if out of memory.
 */
char *fuzz_string(struct fuzz_input *in);
/* A copy of LEN bytes in a block of exactly LEN bytes on nicboot's heap. */
void *fuzz_memdup(const void *data, size_t len);

#endif
