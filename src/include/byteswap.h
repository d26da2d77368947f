/* SPDX-License-Identifier: MIT */
/*
 * Byte order: host <-> network (big endian) and little endian, plus
 * unaligned loads and stores for wire formats.
 */
#ifndef BYTESWAP_H
#define BYTESWAP_H

#include <stdint.h>
#include <string.h>

#define bswap16(x) __builtin_bswap16(x)
#define bswap32(x) __builtin_bswap32(x)
#define bswap64(x) __builtin_bswap64(x)

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define cpu_to_be16(x) ((uint16_t)bswap16(x))
#define cpu_to_be32(x) ((uint32_t)bswap32(x))
#define cpu_to_be64(x) ((uint64_t)bswap64(x))
#define cpu_to_le16(x) ((uint16_t)(x))
#define cpu_to_le32(x) ((uint32_t)(x))
#define cpu_to_le64(x) ((uint64_t)(x))
#else
#error "nicboot supports little-endian hosts only"
#endif
#define be16_to_cpu(x) cpu_to_be16(x)
#define be32_to_cpu(x) cpu_to_be32(x)
#define be64_to_cpu(x) cpu_to_be64(x)
#define le16_to_cpu(x) cpu_to_le16(x)
#define le32_to_cpu(x) cpu_to_le32(x)
#define le64_to_cpu(x) cpu_to_le64(x)
#define htons(x) cpu_to_be16(x)
#define ntohs(x) be16_to_cpu(x)
#define htonl(x) cpu_to_be32(x)
#define ntohl(x) be32_to_cpu(x)

/* Big-endian loads and stores at any alignment. */
static inline uint16_t get_be16(const void *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return be16_to_cpu(v);
}

static inline uint32_t get_be32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

static inline void put_be16(void *p, uint16_t v)
{
	v = cpu_to_be16(v);
	memcpy(p, &v, sizeof(v));
}

static inline void put_be32(void *p, uint32_t v)
{
	v = cpu_to_be32(v);
	memcpy(p, &v, sizeof(v));
}

#endif
