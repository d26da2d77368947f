/* SPDX-License-Identifier: MIT */
/*
 * The heap allocator: boundary-tagged blocks kept in segregated free lists
 * (one bin per 16-byte size below 1 KiB, four bins per power of two above,
 * a bitmap to find the next non-empty bin), with coalescing of neighbours
 * on free, in-place realloc and aligned allocation for DMA.
 *
 * Every block starts with a header holding its size and the size of the
 * block below it, so both neighbours are found in constant time. Each
 * region ends with a zero-sized sentinel block that is never free, and
 * then the region's descriptor: what the heap keeps for itself sits at
 * the top, so the RAM below a region stays in one piece for a program
 * that is shown only the memory nicboot does not use (the PXE API).
 *
 * Placement: requests smaller than LARGE_REQUEST are carved from the top
 * of the free block chosen, larger ones from its bottom, so that big
 * buffers keep free space above them to grow into in place.
 *
 * Checking mode (HEAP_CHECK): headers also carry the requested size and an
 * address-dependent magic saying used or free; guard bytes precede and
 * follow the user area; freed memory is filled with HEAP_POISON_BYTE (up
 * to POISON_FILL_MAX bytes, so that freeing a huge buffer does not touch
 * every page of a lazily mapped heap). A header absorbed by coalescing
 * keeps its free magic, so a late second free() is still recognised.
 * free() and realloc() of anything but a live block report through
 * heap_error_handler and leave the heap untouched.
 *
 * Under AddressSanitizer, everything but the user areas of live blocks is
 * poisoned; the functions that handle heap metadata are HEAP_INTERNAL
 * (not instrumented) and unpoison user-visible bytes before filling them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <core/compiler.h>
#include <core/heap.h>
#include <core/platform.h>

#ifdef __SANITIZE_ADDRESS__
#define HEAP_INTERNAL __attribute__((no_sanitize_address))
#else
#define HEAP_INTERNAL
#endif

/* Alignment of every block and every pointer returned. */
#define HEAP_ALIGN 16
/* Bit of block.size marking a free block (sizes are multiples of 16). */
#define BLOCK_FREE ((size_t)1)
/* Largest request: leaves room for header and alignment without overflow. */
#define MAX_REQUEST (SIZE_MAX >> 2)
/* Requests from this block size up are placed low in a free block. */
#define LARGE_REQUEST (64 * 1024)
/* Entries of one bin tried before moving to the next bin. */
#define MAX_BIN_SCAN 8

#ifdef HEAP_CHECK
#define FRONT_GUARD_MIN 16
#define TAIL_GUARD 16
#define GUARD_BYTE 0xfd
/* Freed blocks are filled with poison up to this many bytes. */
#define POISON_FILL_MAX (1024 * 1024)
#define MAGIC_USED ((uintptr_t)0xa110ca7eU)
#define MAGIC_FREE ((uintptr_t)0xf4eeb10cU)
#define OVERRUN_MESSAGE_LEN 48
#else
#define FRONT_GUARD_MIN 0
#define TAIL_GUARD 0
#endif

struct block {
	size_t prev_size;	/* size of the block below, 0 for the first */
	size_t size;		/* with header; BLOCK_FREE if free */
#ifdef HEAP_CHECK
	size_t requested;	/* bytes the caller asked for */
	uintptr_t magic;	/* MAGIC_USED or MAGIC_FREE xor the address */
#endif
};

/* Kept in the user area of a free block. */
struct free_links {
	struct block *next;
	struct block *prev;
};

/* Kept at the end of each region, after its sentinel. */
struct heap_region {
	struct heap_region *next;
	struct block *first;
	struct block *sentinel;
};

#define HDR_SIZE ALIGN_UP(sizeof(struct block) + FRONT_GUARD_MIN, HEAP_ALIGN)
#define MIN_BLOCK \
	ALIGN_UP(HDR_SIZE + MAX(sizeof(struct free_links), TAIL_GUARD), \
		 HEAP_ALIGN)
#define REGION_HDR_SIZE ALIGN_UP(sizeof(struct heap_region), HEAP_ALIGN)

/* Bins: exact below EXACT_BIN_LIMIT, then SUB_BINS per power of two. */
#define EXACT_BIN_LOG2 10
#define EXACT_BIN_LIMIT (1UL << EXACT_BIN_LOG2)
#define EXACT_BINS (EXACT_BIN_LIMIT / HEAP_ALIGN)
#define SUB_BIN_LOG2 2
#define SUB_BINS (1U << SUB_BIN_LOG2)
#define SIZE_BITS (sizeof(size_t) * 8)
#define NUM_BINS (EXACT_BINS + (SIZE_BITS - EXACT_BIN_LOG2) * SUB_BINS)
#define BITS_PER_LONG (sizeof(unsigned long) * 8)
#define BIN_WORDS DIV_ROUND_UP(NUM_BINS, BITS_PER_LONG)

#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))

/* Where a new block goes inside a free block. */
struct placement {
	uintptr_t start;
	size_t size;		/* including slack too small to split off */
};

static struct heap_region *regions;
static struct block *bins[NUM_BINS];
static unsigned long bin_map[BIN_WORDS];
static size_t heap_total;
static size_t heap_used;
static unsigned int heap_blocks;

/*
 * Confinement (heap_confine): the window the heap may touch, and the free
 * blocks outside it, set aside with their headers as they were.
 */
#define PARKED_MAX 256
struct parked_block {
	struct block *b;
	size_t size;
	size_t prev_size;
};
static bool confined;
static uintptr_t window_lo, window_hi;
static struct parked_block parked[PARKED_MAX];
static unsigned int parked_count;

/* Whether ADDR lies in the window of a confined heap. */
static inline HEAP_INTERNAL bool in_window(uintptr_t addr)
{
	return addr >= window_lo && addr < window_hi;
}

/* Whether the heap may read or write block B's header (always, unless confined). */
static inline HEAP_INTERNAL bool touchable(const struct block *b)
{
	return !confined || in_window((uintptr_t)b);
}

static void __noreturn default_heap_error(const char *message,
					  const void *ptr)
{
	printf("heap: %s at %p\n", message, ptr);
	platform_poweroff(HEAP_ERROR_STATUS);
}

void (*heap_error_handler)(const char *message,
			   const void *ptr) = default_heap_error;

/* --- block headers ---------------------------------------------------- */

static inline HEAP_INTERNAL size_t block_size(const struct block *b)
{
	return b->size & ~BLOCK_FREE;
}

static inline HEAP_INTERNAL bool block_is_free(const struct block *b)
{
	return b->size & BLOCK_FREE;
}

static inline HEAP_INTERNAL struct block *next_block(const struct block *b)
{
	return (struct block *)((uintptr_t)b + block_size(b));
}

static inline HEAP_INTERNAL struct block *prev_block(const struct block *b)
{
	if (!b->prev_size)
		return NULL;
	return (struct block *)((uintptr_t)b - b->prev_size);
}

static inline HEAP_INTERNAL void *block_user(const struct block *b)
{
	return (void *)((uintptr_t)b + HDR_SIZE);
}

static inline HEAP_INTERNAL struct block *user_block(const void *ptr)
{
	return (struct block *)((uintptr_t)ptr - HDR_SIZE);
}

static inline HEAP_INTERNAL struct free_links *
block_links(const struct block *b)
{
	return block_user(b);
}

/* Block size needed for a request of REQUESTED bytes (within MAX_REQUEST). */
static HEAP_INTERNAL size_t request_block_size(size_t requested)
{
	return MAX(MIN_BLOCK,
		   ALIGN_UP(HDR_SIZE + requested + TAIL_GUARD, HEAP_ALIGN));
}

/* The region holding user pointer PTR of some block, or NULL. */
static HEAP_INTERNAL struct heap_region *find_region(const void *ptr)
{
	uintptr_t addr = (uintptr_t)ptr;
	struct heap_region *r;

	for (r = regions; r; r = r->next) {
		if (addr >= (uintptr_t)block_user(r->first) &&
		    addr < (uintptr_t)r->sentinel)
			return r;
	}
	return NULL;
}

#ifdef HEAP_CHECK

/* Fill [START, START+LEN) with BYTE and leave it poisoned for ASan. */
static HEAP_INTERNAL void fill_poisoned(uintptr_t start, size_t len, int byte)
{
	heap_asan_unpoison((void *)start, len);
	memset((void *)start, byte, len);
	heap_asan_poison((void *)start, len);
}

static inline HEAP_INTERNAL void set_magic(struct block *b, uintptr_t magic)
{
	b->magic = magic ^ (uintptr_t)b;
}

static inline HEAP_INTERNAL bool has_magic(const struct block *b,
					   uintptr_t magic)
{
	return b->magic == (magic ^ (uintptr_t)b);
}

/* Bytes of the block the caller may use. */
static inline HEAP_INTERNAL size_t user_len(const struct block *b)
{
	return b->requested;
}

/* Write the header of used block B and its guard bytes. */
static HEAP_INTERNAL void mark_used(struct block *b, size_t size,
				    size_t requested)
{
	uintptr_t user = (uintptr_t)block_user(b);

	b->size = size;
	b->requested = requested;
	set_magic(b, MAGIC_USED);
	fill_poisoned((uintptr_t)b + sizeof(*b), HDR_SIZE - sizeof(*b),
		      GUARD_BYTE);
	fill_poisoned(user + requested, size - HDR_SIZE - requested,
		      GUARD_BYTE);
}

static HEAP_INTERNAL void mark_free(struct block *b, size_t size)
{
	b->size = size | BLOCK_FREE;
	b->requested = 0;
	set_magic(b, MAGIC_FREE);
}

/* Write the zero-sized block that ends a region. */
static HEAP_INTERNAL void mark_sentinel(struct block *s)
{
	s->size = 0;
	s->requested = 0;
	set_magic(s, MAGIC_USED);
}

/* Fill LEN user bytes at START, no longer in use, with the poison pattern. */
static HEAP_INTERNAL void scrub(uintptr_t start, size_t len)
{
	memset((void *)start, HEAP_POISON_BYTE, MIN(len, POISON_FILL_MAX));
	heap_asan_poison((void *)start, len);
}

/* True if LEN bytes at START all hold GUARD_BYTE. */
static HEAP_INTERNAL bool guard_intact(uintptr_t start, size_t len)
{
	const uint8_t *bytes = (const uint8_t *)start;
	size_t i;

	for (i = 0; i < len; i++) {
		if (bytes[i] != GUARD_BYTE)
			return false;
	}
	return true;
}

static HEAP_INTERNAL const char *overrun_message(const struct block *b)
{
	static char message[OVERRUN_MESSAGE_LEN];

	snprintf(message, sizeof(message), "overrun after block of %lu bytes",
		 (unsigned long)b->requested);
	return message;
}

/* Problem with the magic, fields or guards of used block B in R, or NULL. */
static HEAP_INTERNAL const char *used_block_problem(const struct block *b,
						    const struct heap_region *r)
{
	uintptr_t addr = (uintptr_t)b;
	size_t size = b->size;

	if (has_magic(b, MAGIC_FREE))
		return "double free";
	if (!has_magic(b, MAGIC_USED))
		return "bad pointer";
	if (size % HEAP_ALIGN || size < MIN_BLOCK ||
	    size > (uintptr_t)r->sentinel - addr ||
	    b->requested > size - HDR_SIZE - TAIL_GUARD ||
	    b->prev_size % HEAP_ALIGN ||
	    b->prev_size > addr - (uintptr_t)r->first ||
	    next_block(b)->prev_size != size)
		return "corrupt block header";
	if (!guard_intact(addr + sizeof(*b), HDR_SIZE - sizeof(*b)))
		return "underrun";
	if (!guard_intact((uintptr_t)block_user(b) + b->requested,
			  size - HDR_SIZE - b->requested))
		return overrun_message(b);
	return NULL;
}

/* True if B is a plausible free block of region R. */
static HEAP_INTERNAL bool free_header_valid(const struct block *b,
					    const struct heap_region *r)
{
	return has_magic(b, MAGIC_FREE) &&
	       block_size(b) <= (uintptr_t)r->sentinel - (uintptr_t)b;
}

#else /* !HEAP_CHECK */

static inline HEAP_INTERNAL size_t user_len(const struct block *b)
{
	return block_size(b) - HDR_SIZE;
}

static inline HEAP_INTERNAL void mark_used(struct block *b, size_t size,
					   size_t requested)
{
	b->size = size;
}

static inline HEAP_INTERNAL void mark_free(struct block *b, size_t size)
{
	b->size = size | BLOCK_FREE;
}

static inline HEAP_INTERNAL void mark_sentinel(struct block *s)
{
	s->size = 0;
}

static inline HEAP_INTERNAL void scrub(uintptr_t start, size_t len)
{
	heap_asan_poison((void *)start, len);
}

static HEAP_INTERNAL const char *used_block_problem(const struct block *b,
						    const struct heap_region *r)
{
	uintptr_t addr = (uintptr_t)b;

	if (block_is_free(b))
		return "double free";
	if (b->size % HEAP_ALIGN || b->size < MIN_BLOCK ||
	    b->size > (uintptr_t)r->sentinel - addr ||
	    next_block(b)->prev_size != b->size)
		return "corrupt block header";
	return NULL;
}

static HEAP_INTERNAL bool free_header_valid(const struct block *b,
					    const struct heap_region *r)
{
	return block_is_free(b) &&
	       block_size(b) <= (uintptr_t)r->sentinel - (uintptr_t)b;
}

#endif /* HEAP_CHECK */

/* Bytes of the user area for a block of SIZE holding REQUESTED bytes. */
static HEAP_INTERNAL size_t user_len_for(size_t size, size_t requested)
{
#ifdef HEAP_CHECK
	return requested;
#else
	return size - HDR_SIZE;
#endif
}

/* --- bins --------------------------------------------------------------- */

static HEAP_INTERNAL unsigned int floor_log2(size_t x)
{
	return (unsigned int)(sizeof(unsigned long long) * 8 - 1 -
			      (unsigned int)__builtin_clzll(x));
}

/* The bin for free blocks of SIZE bytes. */
static HEAP_INTERNAL unsigned int bin_index(size_t size)
{
	unsigned int log2;

	if (size < EXACT_BIN_LIMIT)
		return size / HEAP_ALIGN;
	log2 = floor_log2(size);
	return EXACT_BINS + (log2 - EXACT_BIN_LOG2) * SUB_BINS +
	       ((size >> (log2 - SUB_BIN_LOG2)) & (SUB_BINS - 1));
}

/* The first non-empty bin at or above IDX, or -1. */
static HEAP_INTERNAL int next_nonempty_bin(unsigned int idx)
{
	unsigned int word = idx / BITS_PER_LONG;
	unsigned long bits;

	if (idx >= NUM_BINS)
		return -1;
	bits = bin_map[word] & (~0UL << (idx % BITS_PER_LONG));
	while (!bits) {
		if (++word == BIN_WORDS)
			return -1;
		bits = bin_map[word];
	}
	return (int)(word * BITS_PER_LONG + (unsigned int)__builtin_ctzl(bits));
}

/* The highest non-empty bin, or -1. */
static HEAP_INTERNAL int last_nonempty_bin(void)
{
	unsigned int word = BIN_WORDS;
	unsigned int top;

	while (word--) {
		if (!bin_map[word])
			continue;
		top = BITS_PER_LONG - 1 -
		      (unsigned int)__builtin_clzl(bin_map[word]);
		return (int)(word * BITS_PER_LONG + top);
	}
	return -1;
}

static HEAP_INTERNAL void bin_mark(unsigned int idx, bool nonempty)
{
	unsigned long bit = 1UL << (idx % BITS_PER_LONG);

	if (nonempty)
		bin_map[idx / BITS_PER_LONG] |= bit;
	else
		bin_map[idx / BITS_PER_LONG] &= ~bit;
}

static HEAP_INTERNAL void bin_insert(struct block *b)
{
	unsigned int idx = bin_index(block_size(b));
	struct free_links *links = block_links(b);

	links->prev = NULL;
	links->next = bins[idx];
	if (links->next)
		block_links(links->next)->prev = b;
	bins[idx] = b;
	bin_mark(idx, true);
}

static HEAP_INTERNAL void bin_remove(struct block *b)
{
	unsigned int idx = bin_index(block_size(b));
	struct free_links *links = block_links(b);

	if (links->prev)
		block_links(links->prev)->next = links->next;
	else
		bins[idx] = links->next;
	if (links->next)
		block_links(links->next)->prev = links->prev;
	if (!bins[idx])
		bin_mark(idx, false);
}

/* Make [B, B+SIZE) a free block and file it (B's prev_size is set). */
static HEAP_INTERNAL void make_free(struct block *b, size_t size)
{
	mark_free(b, size);
	next_block(b)->prev_size = size;
	bin_insert(b);
}

/* Make B a used block of SIZE bytes holding REQUESTED bytes. */
static HEAP_INTERNAL void make_used(struct block *b, size_t size,
				    size_t requested)
{
	mark_used(b, size, requested);
	next_block(b)->prev_size = size;
}

/* --- placement ---------------------------------------------------------- */

/* Try user address USER for an N-byte block inside free block F. */
static HEAP_INTERNAL bool place_at(const struct block *f, uintptr_t user,
				   size_t n, struct placement *pl)
{
	uintptr_t f_start = (uintptr_t)f;
	uintptr_t f_end = f_start + block_size(f);
	uintptr_t start = user - HDR_SIZE;
	size_t tail;

	if (user < HDR_SIZE || start < f_start || start > f_end)
		return false;
	if (start != f_start && start - f_start < MIN_BLOCK)
		return false;
	if (f_end - start < n)
		return false;
	tail = f_end - start - n;
	pl->start = start;
	pl->size = tail < MIN_BLOCK ? n + tail : n;
	return true;
}

/* Lowest ALIGN-aligned user address in F leaving a splittable gap below. */
static HEAP_INTERNAL uintptr_t low_user(const struct block *f, size_t align)
{
	uintptr_t f_start = (uintptr_t)f;
	uintptr_t user = ALIGN_UP(f_start + HDR_SIZE, align);

	while (user - HDR_SIZE != f_start &&
	       user - HDR_SIZE - f_start < MIN_BLOCK)
		user += align;
	return user;
}

/* Highest ALIGN-aligned user address for an N-byte block ending in F. */
static HEAP_INTERNAL uintptr_t high_user(const struct block *f, size_t n,
					 size_t align)
{
	uintptr_t f_end = (uintptr_t)f + block_size(f);

	if (block_size(f) < n)
		return 0;
	return ALIGN_DOWN(f_end - n + HDR_SIZE, align);
}

/* Decide where an N-byte block aligned to ALIGN goes in F, if it fits. */
static HEAP_INTERNAL bool plan(const struct block *f, size_t n, size_t align,
			       struct placement *pl)
{
	if (n < LARGE_REQUEST && place_at(f, high_user(f, n, align), n, pl))
		return true;
	return place_at(f, low_user(f, align), n, pl);
}

/* First block in bin IDX (up to LIMIT tried) that can hold the request. */
static HEAP_INTERNAL struct block *scan_bin(unsigned int idx, size_t n,
					    size_t align, unsigned int limit,
					    struct placement *pl)
{
	struct block *f = bins[idx];
	unsigned int tried;

	for (tried = 0; f && tried < limit; tried++) {
		if (plan(f, n, align, pl))
			return f;
		f = block_links(f)->next;
	}
	return NULL;
}

/*
 * A free block for an N-byte block aligned to ALIGN: the smallest bins
 * first, a few entries each; if that fails, every entry of every bin.
 */
static HEAP_INTERNAL struct block *find_fit(size_t n, size_t align,
					    struct placement *pl)
{
	static const unsigned int limits[] = { MAX_BIN_SCAN, ~0U };
	unsigned int pass;
	struct block *f;
	int idx;

	for (pass = 0; pass < ARRAY_SIZE(limits); pass++) {
		for (idx = next_nonempty_bin(bin_index(n)); idx >= 0;
		     idx = next_nonempty_bin((unsigned int)idx + 1)) {
			f = scan_bin((unsigned int)idx, n, align, limits[pass],
				     pl);
			if (f)
				return f;
		}
	}
	return NULL;
}

/* Turn the planned part of free block F into a used block. */
static HEAP_INTERNAL void *claim(struct block *f, const struct placement *pl,
				 size_t requested)
{
	uintptr_t f_start = (uintptr_t)f;
	uintptr_t f_end = f_start + block_size(f);
	uintptr_t b_end = pl->start + pl->size;
	struct block *b = (struct block *)pl->start;

	bin_remove(f);
	if (pl->start != f_start)
		make_free(f, pl->start - f_start);
	make_used(b, pl->size, requested);
	if (b_end != f_end)
		make_free((struct block *)b_end, f_end - b_end);
	heap_asan_unpoison(block_user(b), user_len(b));
	heap_used += pl->size;
	heap_blocks++;
	return block_user(b);
}

static HEAP_INTERNAL void *heap_alloc(size_t requested, size_t align)
{
	struct placement pl;
	struct block *f;

	if (requested > MAX_REQUEST)
		return NULL;
	f = find_fit(request_block_size(requested), align, &pl);
	if (!f)
		return NULL;
	return claim(f, &pl, requested);
}

/* --- freeing ------------------------------------------------------------ */

/* Problem with PTR as a pointer to a live block, or NULL if it is one. */
static HEAP_INTERNAL const char *live_block_problem(const void *ptr)
{
	struct heap_region *r;

	if ((uintptr_t)ptr % HEAP_ALIGN)
		return "bad pointer";
	r = find_region(ptr);
	if (!r)
		return "bad pointer";
	return used_block_problem(user_block(ptr), r);
}

/* Free [B, B+SIZE) merged with free neighbours (B's prev_size is set). */
static HEAP_INTERNAL void free_merged(struct block *b, size_t size)
{
	struct block *next = (struct block *)((uintptr_t)b + size);
	struct block *prev = prev_block(b);

	mark_free(b, size);
	if (touchable(next) && block_is_free(next)) {
		bin_remove(next);
		size += block_size(next);
	}
	if (prev && touchable(prev) && block_is_free(prev)) {
		bin_remove(prev);
		size += block_size(prev);
		b = prev;
	}
	make_free(b, size);
}

/* Return live block B to the free lists. */
static HEAP_INTERNAL void release(struct block *b)
{
	size_t size = block_size(b);

	scrub((uintptr_t)block_user(b), user_len(b));
	heap_used -= size;
	heap_blocks--;
	free_merged(b, size);
}

/* --- realloc ------------------------------------------------------------ */

/* Resize B to hold REQUESTED bytes (block size N) without moving it. */
static HEAP_INTERNAL bool resize_in_place(struct block *b, size_t n,
					  size_t requested)
{
	uintptr_t user = (uintptr_t)block_user(b);
	size_t old_len = user_len(b);
	size_t size = block_size(b);
	struct block *next = next_block(b);
	size_t new_len;

	if (n > size) {
		if (!touchable(next) || !block_is_free(next) ||
		    block_size(next) < n - size)
			return false;
		bin_remove(next);
		heap_used += block_size(next);
		size += block_size(next);
	}
	if (size - n < MIN_BLOCK)
		n = size;
	new_len = user_len_for(n, requested);
	if (new_len < old_len)
		scrub(user + new_len, old_len - new_len);
	make_used(b, n, requested);
	if (n != size) {
		heap_used -= size - n;
		free_merged(next_block(b), size - n);
	}
	if (new_len > old_len)
		heap_asan_unpoison((void *)(user + old_len), new_len - old_len);
	return true;
}

/* Move PTR's block to a new one of SIZE bytes; NULL leaves it untouched. */
static HEAP_INTERNAL void *move_block(void *ptr, size_t size)
{
	struct block *b = user_block(ptr);
	void *copy = heap_alloc(size, HEAP_ALIGN);

	if (!copy)
		return NULL;
	memcpy(copy, ptr, MIN(size, user_len(b)));
	release(b);
	return copy;
}

/* --- public interface ---------------------------------------------------- */

HEAP_INTERNAL void heap_add_region(void *start, size_t len)
{
	uintptr_t base = ALIGN_UP((uintptr_t)start, HEAP_ALIGN);
	uintptr_t end = (uintptr_t)start + MIN(len, UINTPTR_MAX -
					       (uintptr_t)start);
	struct heap_region *r;
	struct block *first;

	end = ALIGN_DOWN(end, HEAP_ALIGN);
	if (end < base ||
	    end - base < REGION_HDR_SIZE + MIN_BLOCK + HDR_SIZE)
		return;
	heap_asan_poison(start, len);
	r = (struct heap_region *)(end - REGION_HDR_SIZE);
	first = (struct block *)base;
	r->first = first;
	r->sentinel = (struct block *)((uintptr_t)r - HDR_SIZE);
	mark_sentinel(r->sentinel);
	first->prev_size = 0;
	make_free(first, (uintptr_t)r->sentinel - (uintptr_t)first);
	r->next = regions;
	regions = r;
	heap_total += len;
}

void *malloc(size_t size)
{
	return heap_alloc(size, HEAP_ALIGN);
}

void *malloc_aligned(size_t size, size_t align)
{
	if (!align || (align & (align - 1)) || align > MAX_REQUEST)
		return NULL;
	return heap_alloc(size, MAX(align, (size_t)HEAP_ALIGN));
}

void *zalloc(size_t size)
{
	void *ptr = malloc(size);

	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

void *calloc(size_t nmemb, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(nmemb, size, &total))
		return NULL;
	return zalloc(total);
}

HEAP_INTERNAL void free(void *ptr)
{
	const char *problem;

	if (!ptr)
		return;
	problem = live_block_problem(ptr);
	if (problem) {
		heap_error_handler(problem, ptr);
		return;
	}
	release(user_block(ptr));
}

HEAP_INTERNAL void *realloc(void *ptr, size_t size)
{
	const char *problem;

	if (!ptr)
		return malloc(size);
	problem = live_block_problem(ptr);
	if (problem) {
		heap_error_handler(problem, ptr);
		return NULL;
	}
	if (size > MAX_REQUEST)
		return NULL;
	if (resize_in_place(user_block(ptr), request_block_size(size), size))
		return ptr;
	return move_block(ptr, size);
}

/* --- statistics and checking -------------------------------------------- */

static HEAP_INTERNAL size_t largest_free_block(void)
{
	int idx = last_nonempty_bin();
	size_t largest = 0;
	struct block *f;

	if (idx < 0)
		return 0;
	for (f = bins[idx]; f; f = block_links(f)->next)
		largest = MAX(largest, block_size(f));
	return largest;
}

HEAP_INTERNAL void heap_get_stats(struct heap_stats *stats)
{
	stats->total = heap_total;
	stats->used = heap_used;
	stats->largest_free = largest_free_block();
	stats->blocks = heap_blocks;
}

/* What heap_check() found so far. */
struct check_tally {
	unsigned int problems;
	unsigned int free_blocks;
	unsigned int used_blocks;
	size_t used_bytes;
};

static HEAP_INTERNAL void report(struct check_tally *tally, const char *message,
		   const void *ptr)
{
	tally->problems++;
	heap_error_handler(message, ptr);
}

/* True if free-list link LINK is NULL or a valid free block. */
static HEAP_INTERNAL bool link_valid(const struct block *link)
{
	struct heap_region *r;

	if (!link)
		return true;
	r = find_region(block_user(link));
	return r && (uintptr_t)link % HEAP_ALIGN == 0 &&
	       free_header_valid(link, r);
}

/* Verify free block B: header, links, and that it was coalesced. */
static HEAP_INTERNAL void check_free_block(const struct block *b,
					   const struct heap_region *r,
					   bool prev_free,
					   struct check_tally *tally)
{
	const struct free_links *links = block_links(b);

	tally->free_blocks++;
	if (!free_header_valid(b, r)) {
		report(tally, "corrupt block header", block_user(b));
		return;
	}
	if (prev_free)
		report(tally, "free blocks not coalesced", block_user(b));
	if (!link_valid(links->next) || !link_valid(links->prev) ||
	    (links->next && block_links(links->next)->prev != b) ||
	    (links->prev && block_links(links->prev)->next != b) ||
	    (!links->prev && bins[bin_index(block_size(b))] != b))
		report(tally, "corrupt free list", block_user(b));
}

/* Walk the blocks of region R; stops at a header too broken to follow. */
static HEAP_INTERNAL void check_region(const struct heap_region *r,
				       struct check_tally *tally)
{
	const struct block *b = r->first;
	size_t prev_size = 0;
	bool prev_free = false;
	const char *problem;

	while (b != r->sentinel) {
		if (b->prev_size != prev_size || block_size(b) < MIN_BLOCK ||
		    block_size(b) % HEAP_ALIGN ||
		    block_size(b) > (uintptr_t)r->sentinel - (uintptr_t)b) {
			report(tally, "corrupt block header", block_user(b));
			return;
		}
		if (block_is_free(b)) {
			check_free_block(b, r, prev_free, tally);
		} else {
			tally->used_blocks++;
			tally->used_bytes += block_size(b);
			problem = used_block_problem(b, r);
			if (problem)
				report(tally, problem, block_user(b));
		}
		prev_size = block_size(b);
		prev_free = block_is_free(b);
		b = next_block(b);
	}
	if (b->prev_size != prev_size || b->size != 0)
		report(tally, "corrupt region end", b);
}

/* Walk every bin; returns the number of blocks filed. */
static HEAP_INTERNAL unsigned int check_bins(struct check_tally *tally)
{
	unsigned int idx, filed = 0;
	const struct block *f;

	for (idx = 0; idx < NUM_BINS; idx++) {
		if (!bins[idx] != !(bin_map[idx / BITS_PER_LONG] &
				    (1UL << (idx % BITS_PER_LONG))))
			report(tally, "corrupt bin map", &bins[idx]);
		for (f = bins[idx]; f; f = block_links(f)->next) {
			if (!link_valid(f) || bin_index(block_size(f)) != idx ||
			    ++filed > tally->free_blocks) {
				report(tally, "corrupt free list", &bins[idx]);
				break;
			}
		}
	}
	return filed;
}

HEAP_INTERNAL int heap_check(void)
{
	struct check_tally tally = { 0, 0, 0, 0 };
	const struct heap_region *r;

	for (r = regions; r; r = r->next)
		check_region(r, &tally);
	if (check_bins(&tally) != tally.free_blocks)
		report(&tally, "free block missing from free list", NULL);
	if (tally.used_blocks != heap_blocks || tally.used_bytes != heap_used)
		report(&tally, "heap statistics wrong", NULL);
	return tally.problems ? -EFAULT : 0;
}

/* --- confinement ---------------------------------------------------------- */

/* The largest free block, or NULL. */
static HEAP_INTERNAL struct block *largest_free(void)
{
	int idx = last_nonempty_bin();
	struct block *f, *best = NULL;

	if (idx < 0)
		return NULL;
	for (f = bins[idx]; f; f = block_links(f)->next) {
		if (!best || block_size(f) > block_size(best))
			best = f;
	}
	return best;
}

/* Add [START, END) to RANGES (N of MAX used), merged with the last if closer than GAP. */
static HEAP_INTERNAL int add_range(struct heap_range *ranges, unsigned int *n,
				   unsigned int max, uintptr_t start,
				   uintptr_t end, size_t gap)
{
	struct heap_range *last = *n ? &ranges[*n - 1] : NULL;

	if (last && start >= last->end && start - last->end < gap) {
		last->end = MAX(last->end, end);
		return 0;
	}
	if (*n == max)
		return -ENOSPC;
	ranges[(*n)++] = (struct heap_range){ start, end };
	return 0;
}

/* Every free block outside the window off the free lists, remembered. */
static HEAP_INTERNAL int park_outside(void)
{
	unsigned int idx;
	struct block *f, *next;

	for (idx = 0; idx < NUM_BINS; idx++) {
		for (f = bins[idx]; f; f = next) {
			next = block_links(f)->next;
			if (touchable(f))
				continue;
			if (parked_count == PARKED_MAX)
				return -ENOSPC;
			parked[parked_count++] = (struct parked_block){
				f, block_size(f), f->prev_size };
			bin_remove(f);
		}
	}
	return 0;
}

/* Where region R ends: past its sentinel and its descriptor. */
static HEAP_INTERNAL uintptr_t region_end(const struct heap_region *r)
{
	return (uintptr_t)r + REGION_HDR_SIZE;
}

/* The memory of region R outside the window that the heap still owns. */
static HEAP_INTERNAL int region_ranges(const struct heap_region *r,
				       struct heap_range *ranges,
				       unsigned int *n, unsigned int max,
				       size_t gap)
{
	const struct block *b;
	int rc = 0;

	for (b = r->first; rc == 0 && b != r->sentinel; b = next_block(b)) {
		if (in_window((uintptr_t)b))
			continue;
		if (!block_is_free(b))
			rc = add_range(ranges, n, max, (uintptr_t)b,
				       (uintptr_t)next_block(b), gap);
	}
	if (rc == 0 && !in_window((uintptr_t)r->sentinel))
		rc = add_range(ranges, n, max, (uintptr_t)r->sentinel,
			       region_end(r), gap);
	return rc;
}

HEAP_INTERNAL int heap_confine(size_t len, struct heap_range *ranges,
			       unsigned int max, size_t gap)
{
	struct block *f = largest_free(), *top;
	struct heap_region *r;
	unsigned int n = 0;
	size_t size;
	int rc = 0;

	len = ALIGN_UP(len, HEAP_ALIGN);
	if (confined || !f || block_size(f) < len || !max)
		return -ENOMEM;
	size = block_size(f);
	top = f;
	if (size - len >= MIN_BLOCK) {
		bin_remove(f);
		make_free(f, size - len);
		top = next_block(f);
		make_free(top, len);
	}
	r = find_region(block_user(top));
	window_lo = (uintptr_t)top;
	window_hi = region_end(r);
	confined = true;
	parked_count = 0;
	ranges[n++] = (struct heap_range){ window_lo, window_hi };
	rc = park_outside();
	for (r = regions; rc == 0 && r; r = r->next)
		rc = region_ranges(r, ranges, &n, max, gap);
	if (rc) {
		heap_unconfine();
		return rc;
	}
	return (int)n;
}

HEAP_INTERNAL void heap_unconfine(void)
{
	struct parked_block *p;
	unsigned int i;

	if (!confined)
		return;
	confined = false;
	/* Headers back first, as not free, so no block merges into one not yet back. */
	for (i = 0; i < parked_count; i++) {
		p = &parked[i];
		p->b->prev_size = p->prev_size;
		p->b->size = p->size;
		next_block(p->b)->prev_size = p->size;
	}
	for (i = 0; i < parked_count; i++)
		free_merged(parked[i].b, parked[i].size);
	parked_count = 0;
}
