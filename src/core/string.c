/* SPDX-License-Identifier: MIT */
/* Memory and string functions: the freestanding <string.h>. */
/* This file defines memcpy and friends: no builtin redirection here. */
#define STRING_IMPLEMENTATION
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

/*
 * Keep gcc from recognising the copy and fill loops below as memcpy or
 * memset patterns and compiling them into calls to themselves.
 */
#define NO_LOOP_PATTERNS \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))

/* A machine word that may alias any object: for aligned accesses. */
typedef unsigned long __attribute__((may_alias)) word_t;
/* The same word at any address: for the side that cannot be aligned. */
typedef unsigned long __attribute__((may_alias, aligned(1))) uword_t;

#define WORD_SIZE sizeof(unsigned long)
#define WORD_MASK (WORD_SIZE - 1)
/*
 * Words moved per iteration of the bulk loops: under emulation (qemu's
 * TCG) each iteration's branch and block entry cost as much as several
 * moves, and packets are copied through here.
 */
#define UNROLL 8
/* Below this length aligning the destination is not worth it. */
#define SMALL_LEN (2 * WORD_SIZE)
/* Every byte of a word set to 0x01. */
#define BYTES_ONES (~0UL / 0xff)

/* Bytes to copy before D is word-aligned. */
static inline size_t bytes_to_align(const void *d)
{
	return (WORD_SIZE - ((uintptr_t)d & WORD_MASK)) & WORD_MASK;
}

/* Copy LEN bytes upwards, one word at a time where possible. */
static NO_LOOP_PATTERNS void copy_forward(unsigned char *d,
					  const unsigned char *s, size_t len)
{
	size_t head, words;

	if (len >= SMALL_LEN) {
		for (head = bytes_to_align(d); head; head--, len--)
			*d++ = *s++;
		for (words = len / WORD_SIZE; words >= UNROLL;
		     words -= UNROLL) {
			((word_t *)d)[0] = ((const uword_t *)s)[0];
			((word_t *)d)[1] = ((const uword_t *)s)[1];
			((word_t *)d)[2] = ((const uword_t *)s)[2];
			((word_t *)d)[3] = ((const uword_t *)s)[3];
			((word_t *)d)[4] = ((const uword_t *)s)[4];
			((word_t *)d)[5] = ((const uword_t *)s)[5];
			((word_t *)d)[6] = ((const uword_t *)s)[6];
			((word_t *)d)[7] = ((const uword_t *)s)[7];
			d += UNROLL * WORD_SIZE;
			s += UNROLL * WORD_SIZE;
		}
		for (; words; words--) {
			*(word_t *)d = *(const uword_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
		len &= WORD_MASK;
	}
	for (; len; len--)
		*d++ = *s++;
}

/* Copy LEN bytes downwards from the ends, one word at a time where possible. */
static NO_LOOP_PATTERNS void copy_backward(unsigned char *d,
					   const unsigned char *s, size_t len)
{
	size_t tail, words;

	d += len;
	s += len;
	if (len >= SMALL_LEN) {
		for (tail = (uintptr_t)d & WORD_MASK; tail; tail--, len--)
			*--d = *--s;
		for (words = len / WORD_SIZE; words >= UNROLL;
		     words -= UNROLL) {
			d -= UNROLL * WORD_SIZE;
			s -= UNROLL * WORD_SIZE;
			((word_t *)d)[7] = ((const uword_t *)s)[7];
			((word_t *)d)[6] = ((const uword_t *)s)[6];
			((word_t *)d)[5] = ((const uword_t *)s)[5];
			((word_t *)d)[4] = ((const uword_t *)s)[4];
			((word_t *)d)[3] = ((const uword_t *)s)[3];
			((word_t *)d)[2] = ((const uword_t *)s)[2];
			((word_t *)d)[1] = ((const uword_t *)s)[1];
			((word_t *)d)[0] = ((const uword_t *)s)[0];
		}
		for (; words; words--) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const uword_t *)s;
		}
		len &= WORD_MASK;
	}
	for (; len; len--)
		*--d = *--s;
}

void *memcpy(void *dest, const void *src, size_t len)
{
	copy_forward(dest, src, len);
	return dest;
}

void *memmove(void *dest, const void *src, size_t len)
{
	/* Forward is safe unless dest starts inside [src, src + len). */
	if ((uintptr_t)dest - (uintptr_t)src >= len)
		copy_forward(dest, src, len);
	else
		copy_backward(dest, src, len);
	return dest;
}

NO_LOOP_PATTERNS void *memset(void *dest, int c, size_t len)
{
	unsigned char *d = dest;
	unsigned char byte = (unsigned char)c;
	unsigned long pattern = BYTES_ONES * byte;
	size_t head, words;

	if (len >= SMALL_LEN) {
		for (head = bytes_to_align(d); head; head--, len--)
			*d++ = byte;
		for (words = len / WORD_SIZE; words >= UNROLL;
		     words -= UNROLL) {
			((word_t *)d)[0] = pattern;
			((word_t *)d)[1] = pattern;
			((word_t *)d)[2] = pattern;
			((word_t *)d)[3] = pattern;
			((word_t *)d)[4] = pattern;
			((word_t *)d)[5] = pattern;
			((word_t *)d)[6] = pattern;
			((word_t *)d)[7] = pattern;
			d += UNROLL * WORD_SIZE;
		}
		for (; words; words--) {
			*(word_t *)d = pattern;
			d += WORD_SIZE;
		}
		len &= WORD_MASK;
	}
	for (; len; len--)
		*d++ = byte;
	return dest;
}

int memcmp(const void *a, const void *b, size_t len)
{
	const unsigned char *p = a, *q = b;

	for (; len; len--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t len)
{
	const unsigned char *p = s;

	for (; len; len--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

/* Exchange the contents of two non-overlapping areas of LEN bytes. */
void *memswap(void *a, void *b, size_t len)
{
	unsigned char *p = a, *q = b, tmp;

	for (; len; len--, p++, q++) {
		tmp = *p;
		*p = *q;
		*q = tmp;
	}
	return a;
}

NO_LOOP_PATTERNS size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

NO_LOOP_PATTERNS size_t strnlen(const char *s, size_t max)
{
	size_t len = 0;

	while (len < max && s[len])
		len++;
	return len;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t len)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; len; len--, p++, q++) {
		if (*p != *q || !*p)
			return *p - *q;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, ~(size_t)0);
}

int strncasecmp(const char *a, const char *b, size_t len)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int diff;

	for (; len; len--, p++, q++) {
		diff = tolower(*p) - tolower(*q);
		if (diff || !*p)
			return diff;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *found = NULL;

	for (;; s++) {
		if (*s == ch)
			found = s;
		if (!*s)
			return (char *)found;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	if (!len)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && strncmp(haystack, needle, len) == 0)
			return (char *)haystack;
	}
	return NULL;
}

char *strcpy(char *dest, const char *src)
{
	return memcpy(dest, src, strlen(src) + 1);
}

/* C strncpy: copy at most LEN bytes and pad the rest of DEST with NULs. */
char *strncpy(char *dest, const char *src, size_t len)
{
	size_t copy = strnlen(src, len);

	memcpy(dest, src, copy);
	memset(dest + copy, 0, len - copy);
	return dest;
}

size_t strlcpy(char *dest, const char *src, size_t size)
{
	size_t len = strlen(src);
	size_t copy;

	if (size) {
		copy = len < size ? len : size - 1;
		memcpy(dest, src, copy);
		dest[copy] = '\0';
	}
	return len;
}

char *strcat(char *dest, const char *src)
{
	strcpy(dest + strlen(dest), src);
	return dest;
}

size_t strspn(const char *s, const char *accept)
{
	size_t len = 0;

	while (s[len] && strchr(accept, s[len]))
		len++;
	return len;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t len = 0;

	while (s[len] && !strchr(reject, s[len]))
		len++;
	return len;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strdup(const char *s)
{
	return strndup(s, ~(size_t)0);
}

/* Heap copy of at most MAX bytes of S, always NUL-terminated. */
char *strndup(const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	char *copy = malloc(len + 1);

	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}
