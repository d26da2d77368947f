/* SPDX-License-Identifier: MIT */
/* DNS messages: queries built byte for byte, responses parsed safely. */
#include <errno.h>
#include <string.h>
#include <byteswap.h>
#include <net/dns.h>
#include "test.h"

/* A response header: ID 0x1234, QR+RD+RA, one question, N answers. */
#define HDR(rcode, answers) 0x12, 0x34, 0x81, 0x80 | (rcode), 0, 1, 0, (answers), 0, 0, 0, 0
#define Q_BOOT_EXAMPLE 4, 'b', 'o', 'o', 't', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1
/* Offset of "boot.example" in the message: right after the header. */
#define PTR_QNAME 0xc0, 12
#define RR_A(a, b, c, d) 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, a, b, c, d

UNIT_TEST(dns_query_bytes)
{
	static const uint8_t expected[] = {
		0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, Q_BOOT_EXAMPLE,
	};
	uint8_t buf[64];

	CHECK_INT(dns_build_query(buf, sizeof(buf), 0xbeef, "boot.example"),
		  sizeof(expected));
	CHECK_MEM(buf, expected, sizeof(expected));
	CHECK_INT(dns_build_query(buf, sizeof(buf), 1, "a..b"), -EINVAL);
	CHECK_INT(dns_build_query(buf, 10, 1, "boot.example"), -EINVAL);
}

UNIT_TEST(dns_plain_answer)
{
	static const uint8_t msg[] = {
		HDR(0, 1), Q_BOOT_EXAMPLE, PTR_QNAME, RR_A(10, 0, 0, 7),
	};
	struct dns_answer answer;

	CHECK_INT(dns_parse_response(msg, sizeof(msg), 0x1234, "BOOT.example", &answer), 0);
	CHECK(answer.has_addr);
	CHECK_INT(answer.addr, htonl(0x0a000007));
	/* Wrong ID, wrong name, every truncation: never accepted. */
	CHECK_INT(dns_parse_response(msg, sizeof(msg), 0x1235, "boot.example", &answer), -EPROTO);
	CHECK_INT(dns_parse_response(msg, sizeof(msg), 0x1234, "other.example", &answer), -EPROTO);
	for (size_t len = 0; len < sizeof(msg); len++)
		CHECK(dns_parse_response(msg, len, 0x1234, "boot.example", &answer) != 0);
}

UNIT_TEST(dns_cname_chain_in_any_order)
{
	static const uint8_t msg[] = {
		HDR(0, 2), Q_BOOT_EXAMPLE,
		/* www.example A 10.0.0.9 (name: "www" + pointer to "example") */
		3, 'w', 'w', 'w', 0xc0, 17, RR_A(10, 0, 0, 9),
		/* boot.example CNAME www.example */
		PTR_QNAME, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 30,
	};
	struct dns_answer answer;

	CHECK_INT(dns_parse_response(msg, sizeof(msg), 0x1234, "boot.example", &answer), 0);
	CHECK(answer.has_addr);
	CHECK_INT(answer.addr, htonl(0x0a000009));
}

UNIT_TEST(dns_cname_without_address_is_followed_by_caller)
{
	static const uint8_t msg[] = {
		HDR(0, 1), Q_BOOT_EXAMPLE,
		PTR_QNAME, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'f', 'o', 'o', 0xc0, 17,
	};
	struct dns_answer answer;

	CHECK_INT(dns_parse_response(msg, sizeof(msg), 0x1234, "boot.example", &answer), 0);
	CHECK(!answer.has_addr);
	CHECK(answer.has_cname);
	CHECK_STR(answer.cname, "foo.example");
}

UNIT_TEST(dns_nxdomain_and_errors)
{
	static const uint8_t nx[] = { HDR(3, 0), Q_BOOT_EXAMPLE };
	static const uint8_t fail[] = { HDR(2, 0), Q_BOOT_EXAMPLE };
	static const uint8_t empty[] = { HDR(0, 0), Q_BOOT_EXAMPLE };
	struct dns_answer answer;

	CHECK_INT(dns_parse_response(nx, sizeof(nx), 0x1234, "boot.example", &answer), -ENOENT);
	CHECK_INT(dns_parse_response(fail, sizeof(fail), 0x1234, "boot.example", &answer), -EIO);
	CHECK_INT(dns_parse_response(empty, sizeof(empty), 0x1234, "boot.example", &answer), -ENOENT);
}

UNIT_TEST(dns_hostile_pointers)
{
	/* The answer's name points at itself, then forwards: both rejected. */
	uint8_t self[] = { HDR(0, 1), Q_BOOT_EXAMPLE, 0xc0, 30, RR_A(1, 2, 3, 4) };
	uint8_t forward[] = { HDR(0, 1), Q_BOOT_EXAMPLE, 0xc0, 40, RR_A(1, 2, 3, 4) };
	/* A record claiming more data than the message holds. */
	uint8_t overlong[] = { HDR(0, 1), Q_BOOT_EXAMPLE, PTR_QNAME,
			       0, 1, 0, 1, 0, 0, 0, 60, 0xff, 0xff, 1, 2, 3, 4 };
	/* A label longer than 63 bytes. */
	uint8_t label[] = { HDR(0, 0), 64, 'a', 0, 0, 1, 0, 1 };
	struct dns_answer answer;

	CHECK_INT(dns_parse_response(self, sizeof(self), 0x1234, "boot.example", &answer), -EPROTO);
	CHECK_INT(dns_parse_response(forward, sizeof(forward), 0x1234, "boot.example", &answer), -EPROTO);
	CHECK_INT(dns_parse_response(overlong, sizeof(overlong), 0x1234, "boot.example", &answer), -EPROTO);
	CHECK_INT(dns_parse_response(label, sizeof(label), 0x1234, "a", &answer), -EPROTO);
}
