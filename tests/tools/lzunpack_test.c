/* SPDX-License-Identifier: MIT */
/* Host checks of lz_unpack on what lzpack wrote; run by tests/tools/run. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/lzunpack.h"

#define EXIT_USAGE 2
#define DST_SLACK 4096		/* extra room offered beyond the original */
#define MAX_TRUNCATIONS 200	/* prefixes tried; all of them if fewer */
#define FLIP_TRIALS 300
#define GARBAGE_TRIALS 200
#define GARBAGE_MAX 2048
#define BYTE_BITS 8
#define DECIMAL 10
/* Of the single bit flips in a stream of at least FLIP_MIN_STREAM bytes,
 * at least this percentage must be rejected. (In shorter streams many
 * flips land in the unused bits of the last bit byte.) */
#define MIN_REJECTED_PERCENT 90
#define FLIP_MIN_STREAM 256
#define PERCENT 100
/* xorshift64* (Vigna): three shifts and a multiplier. */
#define XORSHIFT_A 12
#define XORSHIFT_B 25
#define XORSHIFT_C 27
#define XORSHIFT_MULT 2685821657736338717ull

struct blob {
	uint8_t *data;
	size_t len;
};

static uint64_t rng_state;

/* A small repeatable generator for test data and faults. */
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> XORSHIFT_A;
	rng_state ^= rng_state << XORSHIFT_B;
	rng_state ^= rng_state >> XORSHIFT_C;
	return rng_state * XORSHIFT_MULT;
}

static size_t rng_below(size_t n)
{
	return (size_t)(rng_next() % n);
}

static void *xmalloc(size_t len)
{
	/* One byte at least, so a zero-length buffer is still a real one. */
	void *p = malloc(len ? len : 1);

	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(EXIT_FAILURE);
	}
	return p;
}

static struct blob read_file(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *fp = fopen(path, "rb");
	long len;

	if (!fp || fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET)) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	b.len = (size_t)len;
	b.data = xmalloc(b.len);
	if (fread(b.data, 1, b.len, fp) != b.len) {
		fprintf(stderr, "%s: short read\n", path);
		exit(EXIT_FAILURE);
	}
	fclose(fp);
	return b;
}

/* Undo lzpack --x86 after unpacking. */
static bool x86_filter;

/* Unpack SRC_LEN bytes of SRC into a buffer of exactly DST_LEN bytes (so the
 * sanitizer sees any overrun); compare with WANT if the result is wanted. */
static long unpack(const uint8_t *src, size_t src_len, size_t dst_len,
		   const struct blob *want, bool *same)
{
	uint8_t *in = xmalloc(src_len), *out = xmalloc(dst_len);
	long got;

	memcpy(in, src, src_len);
	got = lz_unpack(in, src_len, out, dst_len);
	if (got >= 0 && x86_filter)
		lz_unfilter_x86(out, (size_t)got);
	*same = got == (long)want->len && !memcmp(out, want->data, want->len);
	free(in);
	free(out);
	return got;
}

/* Round trips: exact room, spare room, and one byte too little. */
static int check_unpack(const struct blob *packed, const struct blob *orig)
{
	bool same;
	long got;

	got = unpack(packed->data, packed->len, orig->len, orig, &same);
	if (!same) {
		printf("exact room: got %ld, want %zu bytes as packed\n", got,
		       orig->len);
		return EXIT_FAILURE;
	}
	got = unpack(packed->data, packed->len, orig->len + DST_SLACK, orig,
		     &same);
	if (!same) {
		printf("spare room: got %ld, want %zu bytes as packed\n", got,
		       orig->len);
		return EXIT_FAILURE;
	}
	if (orig->len) {
		got = unpack(packed->data, packed->len, orig->len - 1, orig,
			     &same);
		if (got >= 0) {
			printf("room for %zu of %zu bytes: got %ld, want an "
			       "error\n", orig->len - 1, orig->len, got);
			return EXIT_FAILURE;
		}
	}
	return EXIT_SUCCESS;
}

/* Every truncation must fail: the stream ends with its end marker. */
static bool check_truncations(const struct blob *packed,
			      const struct blob *orig)
{
	size_t step = packed->len / MAX_TRUNCATIONS + 1, cut;
	bool same;
	long got;

	for (cut = 0; cut < packed->len; cut += step) {
		got = unpack(packed->data, cut, orig->len, orig, &same);
		if (got >= 0) {
			printf("truncated to %zu of %zu bytes: got %ld, "
			       "want an error\n", cut, packed->len, got);
			return false;
		}
	}
	return true;
}

/* Single bit flips: count how many are rejected, and how many are noticed
 * (rejected, or output other than the original). */
static bool check_flips(const struct blob *packed, const struct blob *orig)
{
	uint8_t *copy = xmalloc(packed->len);
	unsigned trial, errors = 0, noticed = 0;
	bool same;

	for (trial = 0; trial < FLIP_TRIALS; trial++) {
		size_t bit = rng_below(packed->len * BYTE_BITS);

		memcpy(copy, packed->data, packed->len);
		copy[bit / BYTE_BITS] ^= (uint8_t)(1u << bit % BYTE_BITS);
		if (unpack(copy, packed->len, orig->len, orig, &same) < 0)
			errors++;
		if (!same)
			noticed++;
	}
	free(copy);
	printf("bit flips: %u of %u rejected, %u noticed\n", errors,
	       FLIP_TRIALS, noticed);
	return packed->len < FLIP_MIN_STREAM ||
	       errors * PERCENT >= FLIP_TRIALS * MIN_REJECTED_PERCENT;
}

/* Random input must never get past the bounds (the sanitizers watch). */
static void check_garbage(const struct blob *orig)
{
	uint8_t garbage[GARBAGE_MAX];
	unsigned trial, errors = 0;
	bool same;

	for (trial = 0; trial < GARBAGE_TRIALS; trial++) {
		size_t len = rng_below(GARBAGE_MAX), i;

		for (i = 0; i < len; i++)
			garbage[i] = (uint8_t)rng_next();
		if (unpack(garbage, len, orig->len, orig, &same) < 0)
			errors++;
	}
	printf("garbage: %u of %u rejected\n", errors, GARBAGE_TRIALS);
}

static int check_corrupt(const struct blob *packed, const struct blob *orig)
{
	bool ok = check_truncations(packed, orig);

	if (packed->len)
		ok = check_flips(packed, orig) && ok;
	check_garbage(orig);
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Write LEN bytes to PATH: random, or a random block of PERIOD repeated. */
static int write_random(const char *path, size_t len, size_t period)
{
	uint8_t *buf = xmalloc(len);
	FILE *fp = fopen(path, "wb");
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = period && i >= period ? buf[i - period] :
			 (uint8_t)rng_next();
	if (!fp || fwrite(buf, 1, len, fp) != len || fclose(fp)) {
		perror(path);
		return EXIT_FAILURE;
	}
	free(buf);
	return EXIT_SUCCESS;
}

static size_t number(const char *arg)
{
	char *end;
	unsigned long long n = strtoull(arg, &end, DECIMAL);

	if (!*arg || *end) {
		fprintf(stderr, "not a number: %s\n", arg);
		exit(EXIT_USAGE);
	}
	return (size_t)n;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: lzunpack_test unpack PACKED ORIGINAL [--x86]\n"
		"       lzunpack_test corrupt PACKED ORIGINAL SEED\n"
		"       lzunpack_test random OUT LEN SEED [PERIOD]\n");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct blob packed, orig;
	int status;

	if (argc >= 5 && argc <= 6 && !strcmp(argv[1], "random")) {
		rng_state = number(argv[4]) | 1;
		return write_random(argv[2], number(argv[3]),
				    argc == 6 ? number(argv[5]) : 0);
	}
	x86_filter = argc == 5 && !strcmp(argv[4], "--x86");
	if (!((argc == 4 || x86_filter) && !strcmp(argv[1], "unpack")) &&
	    !(argc == 5 && !strcmp(argv[1], "corrupt")))
		return usage();
	packed = read_file(argv[2]);
	orig = read_file(argv[3]);
	if (!strcmp(argv[1], "unpack")) {
		status = check_unpack(&packed, &orig);
	} else {
		rng_state = number(argv[4]) | 1;
		status = check_corrupt(&packed, &orig);
	}
	free(packed.data);
	free(orig.data);
	return status;
}
