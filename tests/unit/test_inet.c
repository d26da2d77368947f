/* SPDX-License-Identifier: MIT */
/* Tests of IPv4 address text conversion and the Internet checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <net/inet.h>
#include "fake_netdev.h"
#include "test.h"

UNIT_TEST(inet_ntoa_formats)
{
	CHECK_STR(inet_ntoa(FAKE_IP(10, 0, 0, 1)), "10.0.0.1");
	CHECK_STR(inet_ntoa(FAKE_IP(255, 255, 255, 255)), "255.255.255.255");
	CHECK_STR(inet_ntoa(INADDR_ANY), "0.0.0.0");
	CHECK_STR(inet_ntoa(FAKE_IP(192, 168, 100, 7)), "192.168.100.7");
}

UNIT_TEST(inet_ntoa_rotates_buffers)
{
	const char *a = inet_ntoa(FAKE_IP(1, 2, 3, 4));
	const char *b = inet_ntoa(FAKE_IP(5, 6, 7, 8));
	const char *c = inet_ntoa(FAKE_IP(9, 10, 11, 12));

	CHECK_STR(a, "1.2.3.4");
	CHECK_STR(b, "5.6.7.8");
	CHECK_STR(c, "9.10.11.12");
}

UNIT_TEST(inet_aton_accepts_dotted_quads)
{
	uint32_t addr = 0;

	CHECK(inet_aton("10.0.0.1", &addr));
	CHECK_INT(addr, FAKE_IP(10, 0, 0, 1));
	CHECK(inet_aton("255.255.255.255", &addr));
	CHECK_INT(addr, INADDR_BROADCAST);
	CHECK(inet_aton("0.0.0.0", &addr));
	CHECK_INT(addr, INADDR_ANY);
	CHECK(inet_aton("192.168.001.010", &addr));
	CHECK_INT(addr, FAKE_IP(192, 168, 1, 10));
}

UNIT_TEST(inet_aton_rejects_anything_else)
{
	static const char *const bad[] = {
		"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256",
		"1.2.3.4 ", " 1.2.3.4", "1..2.3", "1.2.3.", ".1.2.3",
		"a.b.c.d", "1.2.3.-4", "+1.2.3.4", "0001.2.3.4", "1.2.3.4x",
		"0x1.2.3.4", "1.2.3.99999999999999999999",
	};
	uint32_t addr = FAKE_IP(9, 9, 9, 9);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (inet_aton(bad[i], &addr))
			test_fail(__FILE__, __LINE__, "accepted \"%s\"",
				  bad[i]);
	}
	CHECK_INT(addr, FAKE_IP(9, 9, 9, 9));
}

/* The example of RFC 1071 section 3: the sum is ddf2, the checksum 220d. */
UNIT_TEST(inet_checksum_rfc1071_example)
{
	static const uint8_t data[] = {
		0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7
	};
	uint16_t csum = inet_checksum(data, sizeof(data));

	CHECK_MEM(&csum, "\x22\x0d", 2);
	CHECK_INT(get_be16(&csum), 0x220d);
}

/* A real IPv4 header whose checksum field holds b861. */
UNIT_TEST(inet_checksum_ipv4_header)
{
	uint8_t hdr[] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	uint16_t csum;

	CHECK_INT(inet_checksum(hdr, sizeof(hdr)), 0);
	CHECK_INT(inet_csum_fold(inet_csum_add(0, hdr, sizeof(hdr))),
		  INET_CSUM_VALID);
	hdr[10] = hdr[11] = 0;
	csum = inet_checksum(hdr, sizeof(hdr));
	CHECK_MEM(&csum, "\xb8\x61", 2);
	hdr[19] ^= 1;
	CHECK(inet_csum_fold(inet_csum_add(0, hdr, sizeof(hdr))) !=
	      INET_CSUM_VALID);
}

UNIT_TEST(inet_checksum_odd_length)
{
	static const uint8_t data[] = { 0x01, 0x02, 0x03 };
	uint16_t csum = inet_checksum(data, sizeof(data));

	/* 0x0102 + 0x0300 = 0x0402, complemented 0xfbfd */
	CHECK_INT(get_be16(&csum), 0xfbfd);
	csum = inet_checksum(data, 1);
	CHECK_INT(get_be16(&csum), 0xfeff);
	csum = inet_checksum(data, 0);
	CHECK_INT(get_be16(&csum), 0xffff);
}

/* Fill BUF with a deterministic pseudo-random pattern. */
static void fill_pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		buf[i] = (uint8_t)(seed >> 16);
	}
}

UNIT_TEST(inet_checksum_matches_reference)
{
	enum { MAX = 2100 };
	uint8_t *buf = malloc(MAX + 4);
	size_t len, offset;
	uint16_t csum;

	if (!buf)
		return;
	fill_pattern(buf, MAX + 4, 7);
	for (offset = 0; offset < 4; offset++) {
		for (len = 0; len < MAX; len += len < 70 ? 1 : 97) {
			csum = inet_checksum(buf + offset, len);
			if (get_be16(&csum) !=
			    fake_ref_checksum(fake_ref_sum(0, buf + offset,
							   len)))
				test_fail(__FILE__, __LINE__,
					  "offset %zu len %zu differs",
					  offset, len);
		}
	}
	free(buf);
}

/* All ones makes every addition carry: the fold must keep every carry. */
UNIT_TEST(inet_checksum_carries_large_buffer)
{
	enum { LEN = 65536 };
	uint8_t *buf = malloc(LEN);
	uint16_t csum;

	if (!buf)
		return;
	memset(buf, 0xff, LEN);
	csum = inet_checksum(buf, LEN);
	CHECK_INT(get_be16(&csum), fake_ref_checksum(fake_ref_sum(0, buf,
								   LEN)));
	fill_pattern(buf, LEN, 99);
	csum = inet_checksum(buf, LEN);
	CHECK_INT(get_be16(&csum), fake_ref_checksum(fake_ref_sum(0, buf,
								   LEN)));
	free(buf);
}

UNIT_TEST(inet_checksum_in_pieces)
{
	uint8_t buf[1001];
	uint32_t sum;
	uint16_t whole;

	fill_pattern(buf, sizeof(buf), 3);
	whole = inet_checksum(buf, sizeof(buf));
	sum = inet_csum_add(0, buf, 2);
	sum = inet_csum_add(sum, buf + 2, 14);
	sum = inet_csum_add(sum, buf + 16, 100);
	sum = inet_csum_add(sum, buf + 116, sizeof(buf) - 116);
	CHECK_INT((uint16_t)~inet_csum_fold(sum), whole);
	/*
	 * A partial sum carried in is added like data: 0xfffefffd folds to
	 * 0xfffc in host order, bytes fc ff, which is 0xfcff big endian.
	 */
	sum = inet_csum_add(0xfffefffdU, buf, sizeof(buf));
	whole = (uint16_t)~inet_csum_fold(sum);
	CHECK_INT(get_be16(&whole),
		  fake_ref_checksum(fake_ref_sum(0xfcff, buf, sizeof(buf))));
}

/* A sum whose first fold carries again: 0xffffffff + 0xffffffff + 1. */
UNIT_TEST(inet_csum_add_keeps_every_carry)
{
	static const uint8_t data[] = { 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0 };

	CHECK_INT(inet_csum_fold(inet_csum_add(0xffffffffU, data,
					       sizeof(data))), 1);
}
