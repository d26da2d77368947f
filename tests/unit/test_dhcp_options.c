/* SPDX-License-Identifier: MIT */
/* Tests of DHCP messages: building, parsing (hostile too) and storing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/settings.h>
#include <net/dhcp_options.h>
#include "test.h"

#define TEST_PKT_MAX 1024
#define TEST_XID 0x12345678U

static const uint8_t test_mac[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t test_uuid[DHCP_UUID_LEN] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

/* The parameter request list every client message carries. */
#define TEST_PRL 55, 28, 1, 3, 6, 12, 15, 17, 26, 28, 43, 51, 54, 60, 66, 67, \
	97, 119, 128, 129, 130, 131, 132, 133, 134, 135, 175, 203, 209, 210

/* A reply being written byte by byte, as a server would send it. */
struct test_pkt {
	uint8_t buf[TEST_PKT_MAX];
	size_t len;
};

static uint32_t ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	const uint8_t bytes[] = { a, b, c, d };
	uint32_t addr;

	memcpy(&addr, bytes, sizeof(addr));
	return addr;
}

static struct dhcphdr *pkt_hdr(struct test_pkt *p)
{
	return (struct dhcphdr *)p->buf;
}

/* A BOOTREPLY header for TEST_XID with YIADDR and SIADDR, and the cookie. */
static void pkt_init(struct test_pkt *p, uint32_t yiaddr, uint32_t siaddr)
{
	struct dhcphdr *hdr = pkt_hdr(p);

	memset(p, 0, sizeof(*p));
	hdr->op = BOOTP_REPLY;
	hdr->htype = DHCP_HTYPE_ETHER;
	hdr->hlen = sizeof(test_mac);
	hdr->xid = cpu_to_be32(TEST_XID);
	hdr->yiaddr = yiaddr;
	hdr->siaddr = siaddr;
	memcpy(hdr->chaddr, test_mac, sizeof(test_mac));
	hdr->magic = cpu_to_be32(DHCP_MAGIC_COOKIE);
	p->len = sizeof(*hdr);
}

static void pkt_add(struct test_pkt *p, const void *bytes, size_t len)
{
	memcpy(p->buf + p->len, bytes, len);
	p->len += len;
}

#define PKT_ADD(p, ...)                                                \
	do {                                                           \
		static const uint8_t bytes_[] = { __VA_ARGS__ };      \
		pkt_add((p), bytes_, sizeof(bytes_));                  \
	} while (0)

static const struct dhcp_client_info test_client = {
	.mac = test_mac,
	.arch = 7,
	.uuid = test_uuid,
	.user_class = "iPXE",
	.max_msg_size = 1472,
};

UNIT_TEST(dhcp_options_discover_bytes)
{
	static const uint8_t expected_options[] = {
		53, 1, 1,
		57, 2, 0x05, 0xc0,
		61, 7, 1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		93, 2, 0, 7,
		94, 3, 1, 3, 16,
		97, 17, 0, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
		60, 32, 'P', 'X', 'E', 'C', 'l', 'i', 'e', 'n', 't', ':',
		'A', 'r', 'c', 'h', ':', '0', '0', '0', '0', '7', ':',
		'U', 'N', 'D', 'I', ':', '0', '0', '3', '0', '1', '6',
		77, 4, 'i', 'P', 'X', 'E',
		TEST_PRL,
		255,
	};
	static const uint8_t expected_start[] = {
		1, 1, 6, 0, 0x12, 0x34, 0x56, 0x78, 0x00, 0x03, 0x00, 0x00,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
	};
	static const uint8_t cookie[] = { 99, 130, 83, 99 };
	struct dhcp_msg_params params = {
		.type = DHCPDISCOVER, .xid = TEST_XID, .secs = 3,
	};
	uint8_t buf[DHCP_CLIENT_MSG_MAX];
	uint8_t zeros[DHCP_FILE_LEN] = { 0 };
	int len;

	memset(buf, 0xee, sizeof(buf));
	len = dhcp_build_message(buf, sizeof(buf), &test_client, &params);
	CHECK_INT(len, 240 + sizeof(expected_options));
	CHECK_MEM(buf, expected_start, sizeof(expected_start));
	/* Rest of chaddr, sname and file are zero. */
	CHECK_MEM(buf + 34, zeros, 10);
	CHECK_MEM(buf + 44, zeros, DHCP_SNAME_LEN);
	CHECK_MEM(buf + 108, zeros, DHCP_FILE_LEN);
	CHECK_MEM(buf + 236, cookie, sizeof(cookie));
	CHECK_MEM(buf + 240, expected_options, sizeof(expected_options));
}

UNIT_TEST(dhcp_options_request_bytes)
{
	static const uint8_t expected_tail[] = {
		TEST_PRL,
		50, 4, 10, 0, 0, 2,
		54, 4, 10, 0, 0, 1,
		255,
	};
	struct dhcp_client_info client = test_client;
	struct dhcp_msg_params params = {
		.type = DHCPREQUEST, .xid = TEST_XID,
		.ciaddr = ip4(10, 0, 0, 7),
		.requested_ip = ip4(10, 0, 0, 2),
		.server_id = ip4(10, 0, 0, 1),
		.broadcast = true,
	};
	static const uint8_t flags_ciaddr[] = { 0x80, 0x00, 10, 0, 0, 7 };
	uint8_t buf[DHCP_CLIENT_MSG_MAX];
	int len;

	client.uuid = NULL;
	client.user_class = NULL;
	client.arch = 0;
	len = dhcp_build_message(buf, sizeof(buf), &client, &params);
	/* 53, 57, 61, 93, 94, 60, then the list, 50, 54 and END. */
	CHECK_INT(len, 240 + 3 + 4 + 9 + 4 + 5 + 34 + sizeof(expected_tail));
	CHECK_INT(buf[240 + 2], DHCPREQUEST);
	CHECK_MEM(buf + 10, flags_ciaddr, sizeof(flags_ciaddr));
	CHECK_MEM(buf + 240 + 27, "PXEClient:Arch:00000:UNDI:003016", 32);
	CHECK_MEM(buf + len - sizeof(expected_tail), expected_tail,
		  sizeof(expected_tail));
}

UNIT_TEST(dhcp_options_build_limits)
{
	struct dhcp_client_info client = test_client;
	struct dhcp_msg_params params = { .type = DHCPDISCOVER };
	uint8_t buf[DHCP_CLIENT_MSG_MAX];
	char long_class[200];
	int full, len;

	full = dhcp_build_message(buf, sizeof(buf), &client, &params);
	CHECK(full > 0);
	CHECK_INT(dhcp_build_message(buf, (size_t)full - 1, &client, &params),
		  -ENOSPC);
	CHECK_INT(dhcp_build_message(buf, 100, &client, &params), -ENOSPC);
	/* A long user class is cut to DHCP_USER_CLASS_MAX bytes. */
	memset(long_class, 'u', sizeof(long_class) - 1);
	long_class[sizeof(long_class) - 1] = '\0';
	client.user_class = long_class;
	len = dhcp_build_message(buf, sizeof(buf), &client, &params);
	CHECK_INT(len, full - 4 + DHCP_USER_CLASS_MAX);
}

UNIT_TEST(dhcp_options_boot_item_request)
{
	static const uint8_t expected_tail[] = {
		54, 4, 10, 0, 0, 9,
		43, 7, 71, 4, 0x80, 0x01, 0, 0, 255,
		255,
	};
	struct dhcp_msg_params params = {
		.type = DHCPREQUEST, .xid = TEST_XID,
		.ciaddr = ip4(10, 0, 0, 2), .server_id = ip4(10, 0, 0, 9),
		.pxe_boot_item = true, .pxe_boot_type = 0x8001,
	};
	uint8_t buf[DHCP_CLIENT_MSG_MAX];
	int len;

	len = dhcp_build_message(buf, sizeof(buf), &test_client, &params);
	CHECK(len > (int)sizeof(expected_tail));
	CHECK_MEM(buf + len - sizeof(expected_tail), expected_tail,
		  sizeof(expected_tail));
}

/* A typical OFFER without its END: file names the boot file, no overload. */
static void make_offer(struct test_pkt *p)
{
	pkt_init(p, ip4(10, 0, 0, 2), ip4(10, 0, 0, 1));
	strcpy(pkt_hdr(p)->file, "pxelinux.0");
	strcpy(pkt_hdr(p)->sname, "bootserver");
	PKT_ADD(p, 53, 1, DHCPOFFER, 54, 4, 10, 0, 0, 1,
		1, 4, 255, 255, 255, 0, 3, 4, 10, 0, 0, 254,
		6, 8, 10, 0, 0, 53, 10, 0, 0, 54, 0, 0,
		60, 9, 'P', 'X', 'E', 'C', 'l', 'i', 'e', 'n', 't');
}

UNIT_TEST(dhcp_options_parse_offer)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	uint8_t buf[16];

	make_offer(&p);
	PKT_ADD(&p, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(pkt.overload, 0);
	CHECK_INT(dhcp_packet_msgtype(&pkt), DHCPOFFER);
	CHECK_INT(dhcp_packet_server_id(&pkt), ip4(10, 0, 0, 1));
	CHECK(dhcp_packet_is_pxe(&pkt));
	CHECK(dhcp_packet_has_filename(&pkt));
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_DNS_SERVERS, buf, sizeof(buf)),
		  8);
	CHECK_MEM(buf, "\x0a\x00\x00\x35\x0a\x00\x00\x36", 8);
	/* The file and sname fields stand in for options 67 and 66. */
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_BOOTFILE_NAME, buf,
				     sizeof(buf)), 10);
	CHECK_MEM(buf, "pxelinux.0", 10);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_TFTP_SERVER_NAME, buf,
				     sizeof(buf)), 10);
	CHECK_MEM(buf, "bootserver", 10);
	/* A short buffer gets a prefix but the full length is returned. */
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_BOOTFILE_NAME, buf, 3), 10);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_BOOTFILE_NAME, NULL, 0), 10);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, sizeof(buf)),
		  -ENOENT);
}

UNIT_TEST(dhcp_options_option_67_overrides_file)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	char buf[32];

	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	strcpy(pkt_hdr(&p)->file, "from-file-field");
	PKT_ADD(&p, 53, 1, DHCPACK, 67, 8, 'i', 'p', 'x', 'e', '.', 'e',
		'f', 'i', 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_BOOTFILE_NAME, buf,
				     sizeof(buf)), 8);
	CHECK_MEM(buf, "ipxe.efi", 8);
	CHECK(!dhcp_packet_is_pxe(&pkt));
}

UNIT_TEST(dhcp_options_split_options_concatenate)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	char buf[32];

	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	PKT_ADD(&p, 53, 1, DHCPACK, 12, 3, 'a', 'b', 'c', 0, 0,
		1, 4, 255, 0, 0, 0, 12, 2, 'd', 'e', 12, 0, 12, 1, 'f', 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, sizeof(buf)),
		  6);
	CHECK_MEM(buf, "abcdef", 6);
	/* A prefix spanning instances stops at the buffer's end. */
	memset(buf, 0, sizeof(buf));
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, 4), 6);
	CHECK_MEM(buf, "abcd\0", 5);
}

UNIT_TEST(dhcp_options_overload_both)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	struct dhcphdr *hdr;
	char buf[32];

	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	hdr = pkt_hdr(&p);
	/* file: the rest of the host name and the boot file; sname: more. */
	memcpy(hdr->file, "\x0c\x02" "cd" "\x43\x05" "a.efi" "\xff", 12);
	memcpy(hdr->sname, "\x0c\x02" "ef" "\x00\x00" "\x0f\x03" "lan", 11);
	PKT_ADD(&p, 53, 1, DHCPACK, 52, 1, 3, 12, 2, 'a', 'b', 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(pkt.overload, DHCP_OVERLOAD_BOTH);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, sizeof(buf)),
		  6);
	CHECK_MEM(buf, "abcdef", 6);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_BOOTFILE_NAME, buf,
				     sizeof(buf)), 5);
	CHECK_MEM(buf, "a.efi", 5);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_DOMAIN_NAME, buf,
				     sizeof(buf)), 3);
	/* sname is overloaded, so it is no server name. */
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_TFTP_SERVER_NAME, buf,
				     sizeof(buf)), -ENOENT);
}

UNIT_TEST(dhcp_options_overload_file_only)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	char buf[32];

	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	memcpy(pkt_hdr(&p)->file, "\x0c\x01" "x", 3);
	/* Options in sname are not read: only the file field is overloaded. */
	memcpy(pkt_hdr(&p)->sname, "\x0f\x01" "y", 3);
	PKT_ADD(&p, 53, 1, DHCPACK, 52, 1, 1, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, sizeof(buf)),
		  1);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_DOMAIN_NAME, buf,
				     sizeof(buf)), -ENOENT);
	/* The file field holds options, so it is no file name. */
	CHECK(!dhcp_packet_has_filename(&pkt));
	/* sname is a plain field and stands in for option 66. */
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_TFTP_SERVER_NAME, buf,
				     sizeof(buf)), 3);
}

UNIT_TEST(dhcp_options_overload_inside_overload_ignored)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	char buf[32];

	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	/* The file field asks to overload sname too: that does not count. */
	memcpy(pkt_hdr(&p)->file, "\x34\x01\x03" "\x0c\x01" "x", 6);
	memcpy(pkt_hdr(&p)->sname, "\x0f\x01" "y", 3);
	PKT_ADD(&p, 53, 1, DHCPACK, 52, 1, 1, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(pkt.overload, DHCP_OVERLOAD_FILE);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_DOMAIN_NAME, buf,
				     sizeof(buf)), -ENOENT);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, sizeof(buf)),
		  1);
}

UNIT_TEST(dhcp_options_bad_overload_rejected)
{
	static const uint8_t bad_values[][4] = {
		{ 52, 1, 0, 255 }, { 52, 1, 4, 255 }, { 52, 1, 0xff, 255 },
		{ 52, 0, 255, 0 }, { 52, 2, 1, 1 },
	};
	struct dhcp_packet pkt;
	struct test_pkt p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_values); i++) {
		pkt_init(&p, 0, 0);
		PKT_ADD(&p, 53, 1, DHCPOFFER);
		pkt_add(&p, bad_values[i], sizeof(bad_values[i]));
		CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), -EBADMSG);
	}
}

UNIT_TEST(dhcp_options_truncated_rejected)
{
	struct dhcp_packet pkt;
	struct test_pkt p;

	/* Length past the end of the packet. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 12, 10, 'a', 'b');
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), -EBADMSG);
	/* Tag with no length byte. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 12);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), -EBADMSG);
	/* Length of 255 with one byte left. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 43, 255, 1);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), -EBADMSG);
	/* An option running off the end of an overloaded file field. */
	pkt_init(&p, 0, 0);
	memset(pkt_hdr(&p)->file, 0, DHCP_FILE_LEN);
	pkt_hdr(&p)->file[DHCP_FILE_LEN - 2] = 12;
	pkt_hdr(&p)->file[DHCP_FILE_LEN - 1] = 5;
	PKT_ADD(&p, 53, 1, DHCPOFFER, 52, 1, 1, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), -EBADMSG);
	/* Shorter than the fixed header, and a wrong cookie. */
	pkt_init(&p, 0, 0);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, sizeof(struct dhcphdr) - 1),
		  -EBADMSG);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, 0), -EBADMSG);
	p.buf[sizeof(struct dhcphdr) - 1] ^= 1;
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), -EBADMSG);
}

UNIT_TEST(dhcp_options_missing_end_and_empty)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	char buf[8];

	/* No END: the area ends where the packet does. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 12, 2, 'h', 'i');
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, sizeof(buf)),
		  2);
	/* No options at all: parses, but has no message type. */
	pkt_init(&p, 0, 0);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_msgtype(&pkt), -EBADMSG);
	/* Zero-length options are present but empty; after END is ignored. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 12, 0, 54, 2, 1, 2, 60, 0,
		255, 12, 40, 'x');
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf, sizeof(buf)),
		  0);
	/* A server id of the wrong length counts as none. */
	CHECK_INT(dhcp_packet_server_id(&pkt), 0);
	CHECK(!dhcp_packet_is_pxe(&pkt));
	/* Message type of the wrong length. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 2, DHCPOFFER, DHCPOFFER, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_msgtype(&pkt), -EBADMSG);
}

UNIT_TEST(dhcp_options_unterminated_fields)
{
	struct dhcp_packet pkt;
	struct test_pkt p;
	char buf[DHCP_FILE_LEN + 8];

	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	memset(pkt_hdr(&p)->file, 'F', DHCP_FILE_LEN);
	memset(pkt_hdr(&p)->sname, 'S', DHCP_SNAME_LEN);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_BOOTFILE_NAME, buf,
				     sizeof(buf)), DHCP_FILE_LEN);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_TFTP_SERVER_NAME, buf,
				     sizeof(buf)), DHCP_SNAME_LEN);
}

UNIT_TEST(dhcp_options_store_settings)
{
	static const struct setting opt175 = { .name = "175" };
	static const struct setting opt66 = { .name = "66" };
	struct settings block;
	struct dhcp_packet pkt;
	struct test_pkt p;
	uint32_t addr;
	char text[32];

	make_offer(&p);
	PKT_ADD(&p, 175, 3, 0xb1, 0x01, 0x01, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	settings_init(&block, NULL);
	CHECK_INT(dhcp_store_packet(&pkt, &block), 0);
	CHECK_INT(fetch_ipv4_setting(&block, &ip_setting, &addr), 4);
	CHECK_INT(addr, ip4(10, 0, 0, 2));
	CHECK_INT(fetch_ipv4_setting(&block, &netmask_setting, &addr), 4);
	CHECK_INT(addr, ip4(255, 255, 255, 0));
	CHECK_INT(fetch_ipv4_setting(&block, &gateway_setting, &addr), 4);
	CHECK_INT(addr, ip4(10, 0, 0, 254));
	CHECK_INT(fetch_ipv4_setting(&block, &dns_setting, &addr), 8);
	CHECK_INT(addr, ip4(10, 0, 0, 53));
	CHECK_INT(fetch_ipv4_setting(&block, &next_server_setting, &addr), 4);
	CHECK_INT(addr, ip4(10, 0, 0, 1));
	CHECK_INT(fetch_string_setting(&block, &filename_setting, text,
				       sizeof(text)), 10);
	CHECK_STR(text, "pxelinux.0");
	CHECK_INT(fetch_string_setting(&block, &opt66, text, sizeof(text)), 10);
	CHECK_STR(text, "bootserver");
	CHECK_INT(fetch_setting(&block, &opt175, text, sizeof(text), NULL), 3);
	CHECK_MEM(text, "\xb1\x01\x01", 3);
	CHECK_INT(fetch_setting(&block, &hostname_setting, text, sizeof(text),
				NULL), -ENOENT);
	unregister_settings(&block);
}

UNIT_TEST(dhcp_options_store_next_server_from_option_66)
{
	struct settings block;
	struct dhcp_packet pkt;
	struct test_pkt p;
	uint32_t addr;

	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	PKT_ADD(&p, 53, 1, DHCPACK, 66, 8, '1', '0', '.', '9', '.', '8',
		'.', '7', 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	settings_init(&block, NULL);
	CHECK_INT(dhcp_store_packet(&pkt, &block), 0);
	CHECK_INT(fetch_ipv4_setting(&block, &next_server_setting, &addr), 4);
	CHECK_INT(addr, ip4(10, 9, 8, 7));
	unregister_settings(&block);

	/* A host name in option 66 sets no next server. */
	pkt_init(&p, ip4(10, 0, 0, 2), 0);
	PKT_ADD(&p, 53, 1, DHCPACK, 66, 4, 't', 'f', 't', 'p', 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	settings_init(&block, NULL);
	CHECK_INT(dhcp_store_packet(&pkt, &block), 0);
	CHECK_INT(fetch_ipv4_setting(&block, &next_server_setting, &addr),
		  -ENOENT);
	unregister_settings(&block);
}

/*
 * Mutate every byte of an overloaded reply through several hostile values:
 * whatever parses must be readable and storable without a fault (the
 * sanitizers watch every access).
 */
UNIT_TEST(dhcp_options_mutations_are_safe)
{
	static const uint8_t values[] = { 0, 1, 2, 3, 52, 53, 67, 0x7f, 0xff };
	struct settings block;
	struct dhcp_packet pkt;
	struct test_pkt base, p;
	uint8_t buf[64];
	size_t pos, i;
	unsigned int parsed = 0;

	pkt_init(&base, ip4(10, 0, 0, 2), ip4(10, 0, 0, 1));
	memcpy(pkt_hdr(&base)->file, "\x0c\x02" "cd" "\x43\x05" "a.efi", 9);
	memcpy(pkt_hdr(&base)->sname, "\x42\x03" "tft", 5);
	PKT_ADD(&base, 53, 1, DHCPACK, 52, 1, 3, 12, 2, 'a', 'b',
		43, 4, 1, 2, 3, 4, 255);
	for (pos = 0; pos < base.len; pos++) {
		for (i = 0; i < ARRAY_SIZE(values); i++) {
			p = base;
			p.buf[pos] = values[i];
			if (dhcp_packet_parse(&pkt, p.buf, p.len) < 0)
				continue;
			parsed++;
			dhcp_packet_msgtype(&pkt);
			dhcp_packet_has_filename(&pkt);
			dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf,
					   sizeof(buf));
			settings_init(&block, NULL);
			CHECK_INT(dhcp_store_packet(&pkt, &block), 0);
			unregister_settings(&block);
		}
	}
	CHECK(parsed > base.len);
	/* Every truncation of the packet is handled too. */
	for (pos = 0; pos < base.len; pos++) {
		if (dhcp_packet_parse(&pkt, base.buf, pos) == 0)
			dhcp_packet_option(&pkt, DHCP_HOST_NAME, buf,
					   sizeof(buf));
	}
}

UNIT_TEST(dhcp_options_pxe_boot_menu)
{
	struct dhcp_packet pkt;
	struct test_pkt p;

	/* Discovery control, then a menu whose first item is 0x8002. */
	pkt_init(&p, 0, ip4(10, 0, 0, 9));
	PKT_ADD(&p, 53, 1, DHCPOFFER, 43, 16, 6, 1, 3,
		9, 10, 0x80, 0x02, 2, 'm', '1', 0x80, 0x03, 2, 'm', '2',
		255, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_pxe_boot_type(&pkt), 0x8002);
	/* A menu too short for an entry is no menu. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 43, 4, 9, 2, 0x80, 0x02, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_pxe_boot_type(&pkt), -ENOENT);
	/* A sub-option running off the end after the menu hides nothing. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 43, 8, 9, 3, 0x00, 0x00, 0, 10, 200,
		1, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_pxe_boot_type(&pkt), 0);
	/* No option 43, or one without a menu. */
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_pxe_boot_type(&pkt), -ENOENT);
	pkt_init(&p, 0, 0);
	PKT_ADD(&p, 53, 1, DHCPOFFER, 43, 3, 6, 1, 8, 255);
	CHECK_INT(dhcp_packet_parse(&pkt, p.buf, p.len), 0);
	CHECK_INT(dhcp_packet_pxe_boot_type(&pkt), -ENOENT);
}
