/* SPDX-License-Identifier: MIT */
/* Memory and string functions (freestanding subset of <string.h>). */
#ifndef STRING_H
#define STRING_H

#include <stddef.h>

void *memcpy(void *dest, const void *src, size_t len);
void *memmove(void *dest, const void *src, size_t len);
void *memset(void *dest, int c, size_t len);
int memcmp(const void *a, const void *b, size_t len);
void *memchr(const void *s, int c, size_t len);
void *memswap(void *a, void *b, size_t len);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t len);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t len);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strcpy(char *dest, const char *src);
char *strncpy(char *dest, const char *src, size_t len);
/* Copy with truncation; always NUL-terminates if size > 0; returns strlen(src). */
size_t strlcpy(char *dest, const char *src, size_t size);
char *strcat(char *dest, const char *src);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
/* Heap copies (free() them). */
char *strdup(const char *s);
char *strndup(const char *s, size_t max);

/*
 * -ffreestanding turns off the compiler's knowledge of these, so every
 * 2- or 4-byte header load would be a call. Through the builtins the
 * compiler inlines fixed sizes; other lengths call ours, which move words:
 * left to itself, gcc -Os would inline "rep movsb" for them, a byte per
 * iteration (and per translated block under emulation, where copying a
 * packet that way took most of a download's time).
 * src/core/string.c, which defines them, opts out with STRING_IMPLEMENTATION.
 */
#ifndef STRING_IMPLEMENTATION
#define memcpy(dest, src, len) \
	(__builtin_constant_p(len) ? __builtin_memcpy(dest, src, len) : \
				     (memcpy)(dest, src, len))
#define memset(dest, c, len) \
	(__builtin_constant_p(len) ? __builtin_memset(dest, c, len) : \
				     (memset)(dest, c, len))
#define memcmp(a, b, len) __builtin_memcmp(a, b, len)
#endif

#endif
