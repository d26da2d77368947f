/* SPDX-License-Identifier: MIT */
/* Unit tests for the heap allocator and its checking mode. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <core/heap.h>
#include "test.h"

#define HEAP_ALIGN 16
/* Slots of the random allocation workload and how many steps it runs. */
#define RANDOM_SLOTS 512
#define RANDOM_STEPS 10000
#define RANDOM_SEED 0x12345678U
/* Blocks allocated then freed in shuffled order by the coalescing test. */
#define COALESCE_BLOCKS 2000
/* Headroom for block overhead when asking for "almost all" of a block. */
#define OVERHEAD_SLACK 256
#define PACKET_SIZE 1600
#define PACKET_COUNT 5000
#define HUGE_BLOCK (256UL * 1024 * 1024)
#define MIB (1024UL * 1024)

#ifdef __SANITIZE_ADDRESS__
int __asan_address_is_poisoned(void const volatile *addr);
#endif

/* Fixed-seed xorshift generator, so every run sees the same workload. */
static uint32_t rng_state;

static void rng_seed(uint32_t seed)
{
	rng_state = seed;
}

static uint32_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* A size for the random workload: mostly packets, sometimes big buffers. */
static size_t random_size(void)
{
	uint32_t kind = rng_next() % 100;

	if (kind < 70)
		return rng_next() % 2048;
	if (kind < 98)
		return rng_next() % (16 * 1024);
	return rng_next() % MIB;
}

/* The byte at offset I of a block tagged TAG. */
static uint8_t pattern_byte(uint32_t tag, size_t i)
{
	return (uint8_t)(tag * 31 + i * 7 + (i >> 8));
}

static void fill_block(uint8_t *p, size_t len, uint32_t tag)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pattern_byte(tag, i);
}

/* True if the block still holds the pattern fill_block() wrote. */
static bool block_intact(const uint8_t *p, size_t len, uint32_t tag)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != pattern_byte(tag, i))
			return false;
	}
	return true;
}

static void shuffle(unsigned int *order, unsigned int n)
{
	unsigned int i, j, tmp;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rng_next() % (i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
}

static size_t largest_free(void)
{
	struct heap_stats stats;

	heap_get_stats(&stats);
	return stats.largest_free;
}

static unsigned int live_blocks(void)
{
	struct heap_stats stats;

	heap_get_stats(&stats);
	return stats.blocks;
}

UNIT_TEST(malloc_small_sizes_aligned_and_distinct)
{
	uint8_t *blocks[64];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(blocks); i++) {
		blocks[i] = malloc(i * 3);
		CHECK(blocks[i] != NULL);
		CHECK_INT((uintptr_t)blocks[i] % HEAP_ALIGN, 0);
		fill_block(blocks[i], i * 3, i);
	}
	for (i = 0; i < ARRAY_SIZE(blocks); i++) {
		for (j = 0; j < i; j++)
			CHECK(blocks[i] != blocks[j]);
		CHECK(block_intact(blocks[i], i * 3, i));
	}
	for (i = 0; i < ARRAY_SIZE(blocks); i++)
		free(blocks[i]);
}

UNIT_TEST(malloc_zero_is_unique_and_freeable)
{
	unsigned int before = live_blocks();
	void *a = malloc(0);
	void *b = malloc(0);
	void *c = zalloc(0);

	CHECK(a != NULL);
	CHECK(b != NULL);
	CHECK(c != NULL);
	CHECK(a != b && b != c && a != c);
	CHECK_INT(live_blocks(), before + 3);
	free(a);
	free(b);
	free(c);
	CHECK_INT(live_blocks(), before);
	free(NULL);
	CHECK_INT(live_blocks(), before);
}

UNIT_TEST(malloc_stats_track_blocks)
{
	struct heap_stats before, during, after;
	void *p;

	heap_get_stats(&before);
	p = malloc(1000);
	heap_get_stats(&during);
	CHECK(p != NULL);
	CHECK_INT(during.blocks, before.blocks + 1);
	CHECK(during.used >= before.used + 1000);
	CHECK(during.used <= before.used + 1000 + OVERHEAD_SLACK);
	CHECK_INT(during.total, before.total);
	CHECK(before.total >= before.used + before.largest_free);
	free(p);
	heap_get_stats(&after);
	CHECK_INT(after.blocks, before.blocks);
	CHECK_INT(after.used, before.used);
	CHECK_INT(after.largest_free, before.largest_free);
}

UNIT_TEST(malloc_random_workload_never_overlaps)
{
	static uint8_t *ptrs[RANDOM_SLOTS];
	static size_t sizes[RANDOM_SLOTS];
	static uint32_t tags[RANDOM_SLOTS];
	struct heap_stats before, after;
	unsigned int step, slot, failures = 0;

	heap_get_stats(&before);
	rng_seed(RANDOM_SEED);
	for (step = 0; step < RANDOM_STEPS; step++) {
		slot = rng_next() % RANDOM_SLOTS;
		if (ptrs[slot]) {
			if (!block_intact(ptrs[slot], sizes[slot], tags[slot]))
				failures++;
			free(ptrs[slot]);
			ptrs[slot] = NULL;
			continue;
		}
		sizes[slot] = random_size();
		tags[slot] = step;
		ptrs[slot] = malloc(sizes[slot]);
		CHECK(ptrs[slot] != NULL);
		if (!ptrs[slot])
			continue;
		CHECK_INT((uintptr_t)ptrs[slot] % HEAP_ALIGN, 0);
		fill_block(ptrs[slot], sizes[slot], step);
	}
	for (slot = 0; slot < RANDOM_SLOTS; slot++) {
		if (!ptrs[slot])
			continue;
		if (!block_intact(ptrs[slot], sizes[slot], tags[slot]))
			failures++;
		free(ptrs[slot]);
		ptrs[slot] = NULL;
	}
	CHECK_INT(failures, 0);
	CHECK_INT(heap_check(), 0);
	heap_get_stats(&after);
	CHECK_INT(after.used, before.used);
	CHECK_INT(after.largest_free, before.largest_free);
}

UNIT_TEST(malloc_free_in_any_order_coalesces)
{
	static uint8_t *ptrs[COALESCE_BLOCKS];
	static unsigned int order[COALESCE_BLOCKS];
	size_t largest = largest_free();
	unsigned int i;
	void *all;

	rng_seed(RANDOM_SEED ^ 1);
	for (i = 0; i < COALESCE_BLOCKS; i++) {
		ptrs[i] = malloc(rng_next() % 5000);
		CHECK(ptrs[i] != NULL);
	}
	shuffle(order, COALESCE_BLOCKS);
	for (i = 0; i < COALESCE_BLOCKS; i++)
		free(ptrs[order[i]]);
	CHECK_INT(largest_free(), largest);
	all = malloc(largest - OVERHEAD_SLACK);
	CHECK(all != NULL);
	free(all);
	CHECK(malloc(largest + 1) == NULL);
	CHECK_INT(largest_free(), largest);
}

UNIT_TEST(malloc_huge_block_and_many_packets)
{
	static void *packets[PACKET_COUNT];
	unsigned int i, round;
	uint8_t *huge = malloc(HUGE_BLOCK);

	CHECK(huge != NULL);
	if (huge) {
		huge[0] = 1;
		huge[HUGE_BLOCK - 1] = 2;
		CHECK_INT(huge[0] + huge[HUGE_BLOCK - 1], 3);
		free(huge);
	}
	for (round = 0; round < 3; round++) {
		for (i = 0; i < PACKET_COUNT; i++) {
			packets[i] = malloc(PACKET_SIZE);
			CHECK(packets[i] != NULL);
		}
		for (i = 0; i < PACKET_COUNT; i += 2)
			free(packets[i]);
		for (i = 1; i < PACKET_COUNT; i += 2)
			free(packets[i]);
	}
}

UNIT_TEST(malloc_zalloc_and_calloc_zero_fill)
{
	uint8_t zero[300] = { 0 };
	uint8_t *dirty = malloc(sizeof(zero));
	uint8_t *z, *c;

	CHECK(dirty != NULL);
	memset(dirty, 0xaa, sizeof(zero));
	free(dirty);
	z = zalloc(sizeof(zero));
	c = calloc(3, 100);
	CHECK(z != NULL && c != NULL);
	CHECK_MEM(z, zero, sizeof(zero));
	CHECK_MEM(c, zero, sizeof(zero));
	free(z);
	free(c);
}

UNIT_TEST(malloc_overflowing_sizes_return_null)
{
	unsigned int before = live_blocks();

	CHECK(malloc(SIZE_MAX) == NULL);
	CHECK(malloc(SIZE_MAX - 15) == NULL);
	CHECK(malloc(SIZE_MAX / 2) == NULL);
	CHECK(malloc(SIZE_MAX / 4 + 1) == NULL);
	CHECK(zalloc(SIZE_MAX) == NULL);
	CHECK(calloc(SIZE_MAX / 2 + 1, 2) == NULL);
	CHECK(calloc(2, SIZE_MAX / 2 + 1) == NULL);
	CHECK(calloc((size_t)1 << 32, (size_t)1 << 32) == NULL);
	CHECK(calloc(SIZE_MAX, SIZE_MAX) == NULL);
	CHECK(malloc_aligned(SIZE_MAX, 4096) == NULL);
	CHECK(malloc_aligned(SIZE_MAX - 4096, 4096) == NULL);
	CHECK(malloc_aligned(16, (SIZE_MAX >> 1) + 1) == NULL);
	CHECK(malloc(largest_free()) == NULL);
	CHECK_INT(live_blocks(), before);
}

UNIT_TEST(malloc_aligned_all_powers_of_two)
{
	static const size_t sizes[] = { 0, 1, 100, 1500, 5000, 70000 };
	size_t align, i;
	uint8_t *p;

	for (align = 1; align <= 1024 * 1024; align <<= 1) {
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			p = malloc_aligned(sizes[i], align);
			CHECK(p != NULL);
			if (!p)
				continue;
			CHECK_INT((uintptr_t)p % align, 0);
			CHECK_INT((uintptr_t)p % HEAP_ALIGN, 0);
			memset(p, 0x5a, sizes[i]);
			free(p);
		}
	}
}

UNIT_TEST(malloc_aligned_block_resizes_and_frees)
{
	uint8_t *p = malloc_aligned(100, 4096);
	uint8_t *q;

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_INT((uintptr_t)p % 4096, 0);
	fill_block(p, 100, 5);
	q = realloc(p, 10000);
	CHECK(q != NULL);
	if (!q) {
		free(p);
		return;
	}
	CHECK(block_intact(q, 100, 5));
	q = realloc(q, 50);
	CHECK(block_intact(q, 50, 5));
	free(q);
}

UNIT_TEST(malloc_aligned_rejects_bad_alignment)
{
	CHECK(malloc_aligned(64, 0) == NULL);
	CHECK(malloc_aligned(64, 3) == NULL);
	CHECK(malloc_aligned(64, 48) == NULL);
	CHECK(malloc_aligned(64, 4097) == NULL);
}

UNIT_TEST(malloc_aligned_blocks_reused_after_free)
{
	static void *bufs[PACKET_COUNT];
	struct heap_stats before, after;
	unsigned int i, round;

	heap_get_stats(&before);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < PACKET_COUNT; i++) {
			bufs[i] = malloc_aligned(PACKET_SIZE, 64);
			CHECK_INT((uintptr_t)bufs[i] % 64, 0);
		}
		for (i = 0; i < PACKET_COUNT; i++)
			free(bufs[PACKET_COUNT - 1 - i]);
	}
	heap_get_stats(&after);
	CHECK_INT(after.used, before.used);
	CHECK_INT(after.largest_free, before.largest_free);
}

UNIT_TEST(malloc_realloc_shrinks_and_regrows_in_place)
{
	uint8_t *p = malloc(MIB);
	uint8_t *q;

	CHECK(p != NULL);
	if (!p)
		return;
	fill_block(p, MIB, 7);
	q = realloc(p, MIB / 2);
	CHECK(q == p);
	CHECK(block_intact(q, MIB / 2, 7));
	q = realloc(p, MIB);
	CHECK(q == p);
	CHECK(block_intact(q, MIB / 2, 7));
	fill_block(q, MIB, 8);
	CHECK(block_intact(q, MIB, 8));
	q = realloc(p, 1000);
	CHECK(q == p);
	q = realloc(p, 900);
	CHECK(q == p);
	q = realloc(p, 1000);
	CHECK(q == p);
	CHECK(block_intact(q, 900, 8));
	free(q);
}

UNIT_TEST(malloc_realloc_grows_big_buffer_in_place)
{
	uint8_t *p = malloc(MIB);
	uint8_t *q;
	size_t size;
	unsigned int moves = 0;

	CHECK(p != NULL);
	if (!p)
		return;
	p[0] = 0x42;
	for (size = 2 * MIB; size <= 64 * MIB; size += MIB) {
		q = realloc(p, size);
		CHECK(q != NULL);
		if (!q)
			break;
		moves += q != p;
		p = q;
		p[size - 1] = 0x24;
	}
	CHECK(moves <= 1);
	CHECK_INT(p[0], 0x42);
	free(p);
}

UNIT_TEST(malloc_realloc_moves_and_keeps_contents)
{
	unsigned int before = live_blocks();
	uint8_t *p = malloc(100);
	uint8_t *q;

	CHECK(p != NULL);
	if (!p)
		return;
	fill_block(p, 100, 3);
	q = realloc(p, 100000);
	CHECK(q != NULL);
	CHECK(q != p);
	CHECK_INT((uintptr_t)q % HEAP_ALIGN, 0);
	CHECK(block_intact(q, 100, 3));
	CHECK_INT(live_blocks(), before + 1);
	fill_block(q, 100000, 4);
	p = realloc(q, 50);
	CHECK(block_intact(p, 50, 4));
	free(p);
	CHECK_INT(live_blocks(), before);
}

UNIT_TEST(malloc_realloc_edge_cases)
{
	unsigned int before = live_blocks();
	uint8_t *p = realloc(NULL, 40);
	uint8_t *q;

	CHECK(p != NULL);
	if (!p)
		return;
	fill_block(p, 40, 9);
	CHECK(realloc(p, SIZE_MAX) == NULL);
	CHECK(realloc(p, largest_free() + MIB) == NULL);
	CHECK(block_intact(p, 40, 9));
	q = realloc(p, 0);
	CHECK(q != NULL);
	CHECK_INT(live_blocks(), before + 1);
	free(q);
	CHECK_INT(live_blocks(), before);
}

#ifdef HEAP_CHECK

/* What the test handler saw. */
static unsigned int error_count;
static char error_message[64];
static const void *error_ptr;

static void record_heap_error(const char *message, const void *ptr)
{
	error_count++;
	strlcpy(error_message, message, sizeof(error_message));
	error_ptr = ptr;
}

static void (*saved_handler)(const char *message, const void *ptr);

static void catch_heap_errors(void)
{
	saved_handler = heap_error_handler;
	heap_error_handler = record_heap_error;
	error_count = 0;
	error_message[0] = '\0';
	error_ptr = NULL;
}

static void restore_heap_errors(void)
{
	heap_error_handler = saved_handler;
}

UNIT_TEST(malloc_check_double_free_detected)
{
	unsigned int before = live_blocks();
	void *keep = malloc(32);
	void *p = malloc(200);

	catch_heap_errors();
	free(p);
	CHECK_INT(error_count, 0);
	free(p);
	CHECK_INT(error_count, 1);
	CHECK_STR(error_message, "double free");
	CHECK(error_ptr == p);
	CHECK_INT(heap_check(), 0);
	CHECK_INT(error_count, 1);
	free(keep);
	free(keep);
	CHECK_INT(error_count, 2);
	CHECK_STR(error_message, "double free");
	restore_heap_errors();
	CHECK_INT(live_blocks(), before);
}

UNIT_TEST(malloc_check_one_byte_overrun_detected)
{
	uint8_t *p = malloc(13);
	uint8_t saved;
	unsigned int before;

	CHECK(p != NULL);
	if (!p)
		return;
	before = live_blocks();
	catch_heap_errors();
	heap_asan_unpoison(p + 13, 1);
	saved = p[13];
	p[13] ^= 0xff;
	CHECK_INT(heap_check(), -EFAULT);
	CHECK_INT(error_count, 1);
	CHECK_STR(error_message, "overrun after block of 13 bytes");
	CHECK(error_ptr == p);
	free(p);
	CHECK_INT(error_count, 2);
	CHECK_STR(error_message, "overrun after block of 13 bytes");
	CHECK_INT(live_blocks(), before);
	p[13] = saved;
	heap_asan_poison(p + 13, 1);
	CHECK_INT(heap_check(), 0);
	free(p);
	CHECK_INT(error_count, 2);
	restore_heap_errors();
}

UNIT_TEST(malloc_check_underrun_detected)
{
	uint8_t *p = malloc(64);
	uint8_t saved;

	CHECK(p != NULL);
	if (!p)
		return;
	catch_heap_errors();
	heap_asan_unpoison(p - 1, 1);
	saved = p[-1];
	p[-1] ^= 0x01;
	free(p);
	CHECK_INT(error_count, 1);
	CHECK_STR(error_message, "underrun");
	CHECK(error_ptr == p);
	CHECK_INT(heap_check(), -EFAULT);
	CHECK_INT(error_count, 2);
	p[-1] = saved;
	heap_asan_poison(p - 1, 1);
	free(p);
	CHECK_INT(error_count, 2);
	restore_heap_errors();
}

UNIT_TEST(malloc_check_bad_pointers_rejected)
{
	static uint64_t outside[8];
	uint64_t on_stack[4];
	uint8_t *p = malloc(256);
	unsigned int before = live_blocks();

	catch_heap_errors();
	free(p + 64);
	CHECK_INT(error_count, 1);
	CHECK_STR(error_message, "bad pointer");
	CHECK(error_ptr == p + 64);
	free(p + 1);
	CHECK_INT(error_count, 2);
	CHECK_STR(error_message, "bad pointer");
	free(outside);
	CHECK_INT(error_count, 3);
	CHECK_STR(error_message, "bad pointer");
	free(on_stack);
	CHECK_INT(error_count, 4);
	CHECK(realloc(p + 16, 10) == NULL);
	CHECK_INT(error_count, 5);
	CHECK_STR(error_message, "bad pointer");
	CHECK_INT(live_blocks(), before);
	CHECK_INT(heap_check(), 0);
	CHECK_INT(error_count, 5);
	restore_heap_errors();
	free(p);
}

UNIT_TEST(malloc_check_freed_memory_poisoned)
{
	uint8_t *p = malloc(256);
	bool poisoned = true;
	size_t i;

	CHECK(p != NULL);
	if (!p)
		return;
	memset(p, 0x11, 256);
	free(p);
	heap_asan_unpoison(p, 256);
	for (i = 2 * sizeof(void *); i < 256; i++)
		poisoned = poisoned && p[i] == HEAP_POISON_BYTE;
	heap_asan_poison(p, 256);
	CHECK(poisoned);
}

#ifdef __SANITIZE_ADDRESS__
UNIT_TEST(malloc_check_asan_poisons_outside_live_blocks)
{
	uint8_t *p = malloc(13);
	uint8_t *q;

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(!__asan_address_is_poisoned(p));
	CHECK(!__asan_address_is_poisoned(p + 12));
	CHECK(__asan_address_is_poisoned(p + 13));
	CHECK(__asan_address_is_poisoned(p - 1));
	q = realloc(p, 40);
	CHECK(q == p || __asan_address_is_poisoned(p));
	CHECK(!__asan_address_is_poisoned(q + 39));
	CHECK(__asan_address_is_poisoned(q + 40));
	q = realloc(q, 5);
	CHECK(!__asan_address_is_poisoned(q + 4));
	CHECK(__asan_address_is_poisoned(q + 5));
	free(q);
	CHECK(__asan_address_is_poisoned(q));
}
#endif

#endif /* HEAP_CHECK */

/* Whether LEN bytes at P lie inside one of the N ranges. */
static bool confine_covers(const struct heap_range *ranges, int n,
			   const void *p, size_t len)
{
	uintptr_t start = (uintptr_t)p;
	int i;

	for (i = 0; i < n; i++) {
		if (start >= ranges[i].start && start + len <= ranges[i].end)
			return true;
	}
	return false;
}

#define CONFINE_RANGES 8
#define CONFINE_WINDOW (4 * MIB)
#define CONFINE_BIG (200 * 1024)
#define CONFINE_SMALL 100

UNIT_TEST(malloc_confine_keeps_to_window_and_live_blocks)
{
	struct heap_range ranges[CONFINE_RANGES];
	uint8_t *small = malloc(CONFINE_SMALL), *big = malloc(CONFINE_BIG);
	uint8_t *gone = malloc(CONFINE_BIG);
	uint8_t *a, *b;
	int n;

	CHECK(small && big && gone);
	free(gone);
	n = heap_confine(CONFINE_WINDOW, ranges, CONFINE_RANGES, MIB);
	CHECK(n >= 1);
	if (n >= 1) {
		CHECK_INT(ranges[0].end - ranges[0].start >= CONFINE_WINDOW, 1);
		CHECK(confine_covers(ranges, n, small, CONFINE_SMALL));
		CHECK(confine_covers(ranges, n, big, CONFINE_BIG));
		a = malloc(CONFINE_SMALL);
		b = malloc(MIB);
		CHECK(a && confine_covers(ranges, 1, a, CONFINE_SMALL));
		CHECK(b && confine_covers(ranges, 1, b, MIB));
		CHECK(malloc(2 * CONFINE_WINDOW) == NULL);
		free(big);
		big = NULL;
		free(a);
		free(b);
		heap_unconfine();
	}
	free(big);
	free(small);
	CHECK_INT(heap_check(), 0);
	gone = malloc(2 * CONFINE_WINDOW);
	CHECK(gone != NULL);
	free(gone);
}

UNIT_TEST(malloc_confine_refuses_too_large_a_window)
{
	struct heap_range ranges[CONFINE_RANGES];
	struct heap_stats st;

	heap_get_stats(&st);
	CHECK_INT(heap_confine(st.largest_free + MIB, ranges, CONFINE_RANGES,
			       MIB), -ENOMEM);
	CHECK_INT(heap_check(), 0);
}
