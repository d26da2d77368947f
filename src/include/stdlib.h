/* SPDX-License-Identifier: MIT */
/* Heap allocator and number parsing (freestanding subset of <stdlib.h>). */
#ifndef STDLIB_H
#define STDLIB_H

#include <stddef.h>
#include <stdint.h>

void *malloc(size_t size);
/* malloc() that zero-fills. */
void *zalloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
/* Allocation whose start is a multiple of ALIGN (a power of two); free() it. */
void *malloc_aligned(size_t size, size_t align);

unsigned long strtoul(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int atoi(const char *s);
int abs(int x);

/* Pseudo-random numbers for protocol use (IDs, ports, backoff jitter). */
void srandom(unsigned int seed);
long random(void);

#endif
