/* SPDX-License-Identifier: MIT */
/* Unit tests for the pseudo-random generator. */
#include <stdlib.h>
#include "test.h"

#define SAMPLES 20000
#define SEQUENCE_LEN 16
#define RANDOM_BITS 31
#define RANDOM_LIMIT (1L << RANDOM_BITS)
#define BUCKETS 16
/* Allowed deviation from a perfectly even split, in percent. */
#define TOLERANCE_PERCENT 10

/* Put the generator back on an unpredictable course for other tests. */
static void reseed_unpredictably(long entropy)
{
	srandom((unsigned int)entropy);
}

/* Is COUNT within TOLERANCE_PERCENT of EXPECTED? */
static int near(long count, long expected)
{
	long slack = expected * TOLERANCE_PERCENT / 100;

	return count >= expected - slack && count <= expected + slack;
}

UNIT_TEST(random_seed_is_reproducible)
{
	long entropy = random();
	long first[SEQUENCE_LEN];
	int i, same = 0, differ = 0;

	srandom(42);
	for (i = 0; i < SEQUENCE_LEN; i++)
		first[i] = random();
	srandom(42);
	for (i = 0; i < SEQUENCE_LEN; i++)
		same += random() == first[i];
	srandom(43);
	for (i = 0; i < SEQUENCE_LEN; i++)
		differ += random() != first[i];
	CHECK_INT(same, SEQUENCE_LEN);
	CHECK(differ >= SEQUENCE_LEN - 1);
	reseed_unpredictably(entropy);
}

UNIT_TEST(random_zero_seed_is_not_stuck)
{
	long entropy = random();
	long value;
	int i, changes = 0;

	srandom(0);
	value = random();
	for (i = 0; i < SEQUENCE_LEN; i++) {
		long next = random();

		changes += next != value;
		value = next;
	}
	CHECK(changes >= SEQUENCE_LEN - 1);
	reseed_unpredictably(entropy);
}

UNIT_TEST(random_range_and_bit_balance)
{
	long entropy = random();
	long bit_counts[RANDOM_BITS] = { 0 };
	long low[BUCKETS] = { 0 }, high[BUCKETS] = { 0 };
	int i, bit, out_of_range = 0, unbalanced = 0;

	srandom(12345);
	for (i = 0; i < SAMPLES; i++) {
		long r = random();

		out_of_range += r < 0 || r >= RANDOM_LIMIT;
		for (bit = 0; bit < RANDOM_BITS; bit++)
			bit_counts[bit] += (r >> bit) & 1;
		low[r % BUCKETS]++;
		high[r / (RANDOM_LIMIT / BUCKETS)]++;
	}
	CHECK_INT(out_of_range, 0);
	for (bit = 0; bit < RANDOM_BITS; bit++)
		unbalanced += !near(bit_counts[bit], SAMPLES / 2);
	for (i = 0; i < BUCKETS; i++) {
		unbalanced += !near(low[i], SAMPLES / BUCKETS);
		unbalanced += !near(high[i], SAMPLES / BUCKETS);
	}
	CHECK_INT(unbalanced, 0);
	reseed_unpredictably(entropy);
}

UNIT_TEST(random_successive_values_independent)
{
	long entropy = random();
	long prev, repeats = 0, rises = 0;
	int i;

	srandom(7);
	prev = random();
	for (i = 0; i < SAMPLES; i++) {
		long r = random();

		repeats += r == prev;
		rises += r > prev;
		prev = r;
	}
	CHECK_INT(repeats, 0);
	CHECK(near(rises, SAMPLES / 2));
	reseed_unpredictably(entropy);
}
