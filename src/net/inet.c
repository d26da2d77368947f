/* SPDX-License-Identifier: MIT */
/* IPv4 address text conversion and the Internet checksum. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <byteswap.h>
#include <string.h>
#include <net/inet.h>

/* inet_ntoa() rotates among this many buffers, for several in one printf. */
#define NTOA_BUFFERS 4
/* "255.255.255.255" and its NUL. */
#define NTOA_LEN 16
#define IPV4_PARTS 4
#define IPV4_PART_MAX 255
#define IPV4_PART_DIGITS 3
#define DECIMAL 10

/* Bytes the checksum loop adds per iteration (eight 32-bit words). */
#define CSUM_BLOCK 32
#define CSUM_WORD 4
#define CSUM_HALF 2
#define LOW16_MASK 0xffffU

const char *inet_ntoa(uint32_t addr_be)
{
	static char buffers[NTOA_BUFFERS][NTOA_LEN];
	static unsigned int next;
	const uint8_t *bytes = (const uint8_t *)&addr_be;
	char *text = buffers[next++ % NTOA_BUFFERS];

	snprintf(text, NTOA_LEN, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2],
		 bytes[3]);
	return text;
}

/* Parse one part of a dotted quad at *TEXT, advancing past its digits. */
static bool parse_part(const char **text, uint8_t *part)
{
	unsigned int value = 0;
	unsigned int digits;
	const char *p = *text;

	for (digits = 0; *p >= '0' && *p <= '9'; digits++, p++) {
		if (digits == IPV4_PART_DIGITS)
			return false;
		value = value * DECIMAL + (unsigned int)(*p - '0');
	}
	if (!digits || value > IPV4_PART_MAX)
		return false;
	*part = (uint8_t)value;
	*text = p;
	return true;
}

bool inet_aton(const char *text, uint32_t *addr_be)
{
	uint8_t bytes[IPV4_PARTS];
	int i;

	for (i = 0; i < IPV4_PARTS; i++) {
		if (i && *text++ != '.')
			return false;
		if (!parse_part(&text, &bytes[i]))
			return false;
	}
	if (*text)
		return false;
	memcpy(addr_be, bytes, sizeof(bytes));
	return true;
}

static uint32_t load32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* ACC + V in one's-complement arithmetic: a carry out comes back in. */
static inline uint32_t csum_add32(uint32_t acc, uint32_t v)
{
	acc += v;
	return acc + (acc < v);
}

/*
 * Words are added in host order: a one's-complement sum does not depend
 * on byte order (RFC 1071), and the folded result is already in memory
 * order. A 32-bit sum with end-around carry (an add-with-carry per word
 * on x86) keeps every carry in one register: a 64-bit accumulator took
 * a register pair on i386 and spilled the pointer to the stack.
 */
uint32_t inet_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t acc = sum;
	uint16_t half;

	for (; len >= CSUM_BLOCK; len -= CSUM_BLOCK, p += CSUM_BLOCK) {
		acc = csum_add32(acc, load32(p));
		acc = csum_add32(acc, load32(p + CSUM_WORD));
		acc = csum_add32(acc, load32(p + 2 * CSUM_WORD));
		acc = csum_add32(acc, load32(p + 3 * CSUM_WORD));
		acc = csum_add32(acc, load32(p + 4 * CSUM_WORD));
		acc = csum_add32(acc, load32(p + 5 * CSUM_WORD));
		acc = csum_add32(acc, load32(p + 6 * CSUM_WORD));
		acc = csum_add32(acc, load32(p + 7 * CSUM_WORD));
	}
	for (; len >= CSUM_WORD; len -= CSUM_WORD, p += CSUM_WORD)
		acc = csum_add32(acc, load32(p));
	if (len >= CSUM_HALF) {
		memcpy(&half, p, sizeof(half));
		acc = csum_add32(acc, half);
		p += CSUM_HALF;
		len -= CSUM_HALF;
	}
	/* A trailing odd byte is the first (low, on little endian) half. */
	if (len)
		acc = csum_add32(acc, *p);
	return acc;
}

uint16_t inet_csum_fold(uint32_t sum)
{
	sum = (sum & LOW16_MASK) + (sum >> 16);
	sum = (sum & LOW16_MASK) + (sum >> 16);
	return (uint16_t)sum;
}

uint16_t inet_checksum(const void *data, size_t len)
{
	return (uint16_t)~inet_csum_fold(inet_csum_add(0, data, len));
}

uint16_t inet_pick_port(bool (*in_use)(uint16_t port_be))
{
	unsigned int count = INET_EPHEMERAL_MAX - INET_EPHEMERAL_MIN + 1;
	unsigned int start = (unsigned int)random() % count;
	unsigned int i;
	uint16_t port;

	for (i = 0; i < count; i++) {
		port = htons((uint16_t)(INET_EPHEMERAL_MIN + (start + i) % count));
		if (!in_use(port))
			return port;
	}
	return 0;
}
