/* SPDX-License-Identifier: MIT */
/*
 * Heap management beyond <stdlib.h>: the platform hands memory regions to
 * the allocator; host tests use the checking mode (HEAP_CHECK) which
 * surrounds every block with guard bytes and reports double free and
 * overruns through heap_error_handler.
 *
 * Semantics of the <stdlib.h> allocator:
 * - every pointer returned is a multiple of 16;
 * - malloc(0) returns a unique pointer, which must be passed to free();
 *   realloc(ptr, 0) likewise resizes to an empty block and returns it;
 * - sizes too large to represent (or calloc's nmemb * size overflowing)
 *   return NULL, never a short block;
 * - realloc() grows in place when the next block is free, otherwise it
 *   moves; on failure it returns NULL and leaves the old block intact;
 * - malloc_aligned() accepts any power of two; its result may be passed
 *   to free() and realloc() (a moved block keeps only 16-byte alignment).
 */
#ifndef CORE_HEAP_H
#define CORE_HEAP_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Exit status of the default heap_error_handler (EX_SOFTWARE). */
#define HEAP_ERROR_STATUS 70
/* In checking mode, freed memory is filled with this byte. */
#define HEAP_POISON_BYTE 0xdf

/* Give [START, START+LEN) to the allocator (the platform, at startup). */
void heap_add_region(void *start, size_t len);

struct heap_stats {
	size_t total;		/* bytes given to the heap */
	size_t used;		/* bytes in live blocks (including overhead) */
	size_t largest_free;	/* largest single free block (with header) */
	unsigned int blocks;	/* live allocations */
};
void heap_get_stats(struct heap_stats *stats);

/* Memory [start, end) in nicboot's address space. */
struct heap_range {
	uintptr_t start;
	uintptr_t end;
};

/*
 * Confine the heap while another program owns the rest of memory (a PXE
 * program and the OS it loads): from now on the heap touches only a
 * window, the top LEN bytes of the largest free block and what lies
 * above them in its region, and its live blocks; free memory elsewhere is
 * set aside unread until heap_unconfine(). Fills RANGES (at most MAX)
 * with all the memory the heap may touch meanwhile, the window first,
 * blocks less than GAP apart merged. Returns the count, -ENOMEM if no
 * free block is that large, -ENOSPC if MAX ranges (or the heap's record
 * of set-aside blocks) are too few.
 */
int heap_confine(size_t len, struct heap_range *ranges, unsigned int max,
		 size_t gap);
/* Give the set-aside memory back to the heap. */
void heap_unconfine(void);

/*
 * Walk every block and verify guard bytes and free-list links. Returns 0
 * or -EFAULT after reporting each problem through heap_error_handler.
 */
int heap_check(void);

/*
 * Called with a description of each heap error found (double free, bad
 * pointer, overrun). The default prints the message and stops the program;
 * tests replace it to observe errors.
 */
extern void (*heap_error_handler)(const char *message, const void *ptr);

/*
 * AddressSanitizer's manual poisoning interface, for code that manages
 * memory of its own (the heap, tests simulating damage). Poisoned bytes
 * fault on access from instrumented code. No-ops without ASan.
 */
#ifdef __SANITIZE_ADDRESS__
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);

static inline void heap_asan_poison(const void *addr, size_t size)
{
	if (size)
		__asan_poison_memory_region(addr, size);
}

static inline void heap_asan_unpoison(const void *addr, size_t size)
{
	if (size)
		__asan_unpoison_memory_region(addr, size);
}
#else
static inline void heap_asan_poison(const void *addr, size_t size)
{
	(void)addr;
	(void)size;
}

static inline void heap_asan_unpoison(const void *addr, size_t size)
{
	(void)addr;
	(void)size;
}
#endif

#endif
