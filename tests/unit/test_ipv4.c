/* SPDX-License-Identifier: MIT */
/* Tests of IPv4: header checks, acceptance, reassembly, routing, sending. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/process.h>
#include <core/time.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <core/script.h>
#include "fake_netdev.h"
#include "test_console.h"
#include "test.h"

#define OUR_IP FAKE_IP(10, 0, 0, 2)
#define PEER_IP FAKE_IP(10, 0, 0, 1)
#define GATEWAY FAKE_IP(10, 0, 0, 254)
#define NETMASK FAKE_IP(255, 255, 255, 0)
/* An experimental protocol number (RFC 3692) the tests listen on. */
#define TEST_PROTO 253
#define MAX_PAYLOAD (IPV4_MAX_LEN - IPV4_HLEN)
#define IP_OFF (ETH_HLEN)
#define PAYLOAD_OFF (ETH_HLEN + IPV4_HLEN)

/* What the test protocol received last. */
static struct {
	unsigned int count;
	struct ipv4_rx_info info;
	size_t len;
	uint8_t *data;		/* a heap copy of the payload */
} got;

static void test_proto_rx(struct io_buffer *iob,
			  const struct ipv4_rx_info *info)
{
	got.count++;
	got.info = *info;
	got.len = iob_len(iob);
	free(got.data);
	got.data = malloc(got.len ? got.len : 1);
	if (got.data)
		memcpy(got.data, iob->data, got.len);
	free_iob(iob);
}

static IPV4_PROTOCOL(test_protocol) = {
	.name = "test",
	.protocol = TEST_PROTO,
	.rx = test_proto_rx,
};

static void got_reset(void)
{
	free(got.data);
	memset(&got, 0, sizeof(got));
}

static struct net_device *setup(bool configure)
{
	struct net_device *netdev = fake_netdev_create();

	got_reset();
	if (netdev && configure)
		fake_netdev_configure(netdev, OUR_IP, NETMASK, GATEWAY);
	return netdev;
}

static void teardown(struct net_device *netdev)
{
	fake_netdev_destroy(netdev);
	got_reset();
}

static struct iphdr *frame_ip(uint8_t *frame)
{
	return (struct iphdr *)(frame + IP_OFF);
}

/* A TEST_PROTO frame of LEN payload bytes (0, 1, 2 ...) to DEST. */
static size_t build(uint8_t *frame, size_t size, uint32_t dest, size_t len)
{
	uint8_t payload[1500];
	size_t i;

	for (i = 0; i < len; i++)
		payload[i] = (uint8_t)i;
	return fake_ipv4_frame(frame, size, PEER_IP, dest, TEST_PROTO,
			       payload, len);
}

UNIT_TEST(ipv4_delivers_valid_datagram)
{
	struct net_device *netdev = setup(true);
	uint8_t frame[100];
	size_t len;

	if (!netdev)
		return;
	len = build(frame, sizeof(frame), OUR_IP, 30);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(got.count, 1);
	CHECK_INT(got.len, 30);
	CHECK(got.data && got.data[29] == 29);
	CHECK(got.info.netdev == netdev);
	CHECK_INT(got.info.src, PEER_IP);
	CHECK_INT(got.info.dest, OUR_IP);
	CHECK_INT(got.info.pshdr_sum,
		  ipv4_pshdr_sum(PEER_IP, OUR_IP, TEST_PROTO, 30));
	CHECK_INT(netdev->stats.rx_dropped, 0);
	teardown(netdev);
}

/* Inject FRAME and expect it dropped, counted, and not delivered. */
static void check_dropped(struct net_device *netdev, const uint8_t *frame,
			  size_t len)
{
	unsigned long before = netdev->stats.rx_dropped;
	unsigned int count = got.count;

	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(netdev->stats.rx_dropped, before + 1);
	CHECK_INT(got.count, count);
}

UNIT_TEST(ipv4_drops_bad_headers)
{
	struct net_device *netdev = setup(true);
	uint8_t frame[100];
	struct iphdr *ip = frame_ip(frame);
	size_t len;

	if (!netdev)
		return;
	len = build(frame, sizeof(frame), OUR_IP, 30);
	/* Bad checksum. */
	ip->chksum ^= htons(0x0100);
	check_dropped(netdev, frame, len);
	/* Truncated below a header. */
	len = build(frame, sizeof(frame), OUR_IP, 30);
	check_dropped(netdev, frame, ETH_HLEN + IPV4_HLEN - 1);
	/* Wrong version. */
	ip->verhdrlen = 0x65;
	fake_ipv4_checksum(frame);
	check_dropped(netdev, frame, len);
	/* Header length below 20 bytes (checksummed as such). */
	ip->verhdrlen = 0x44;
	ip->chksum = 0;
	ip->chksum = inet_checksum(ip, 16);
	check_dropped(netdev, frame, len);
	/* Header length beyond the buffer. */
	ip->verhdrlen = 0x4f;
	fake_ipv4_checksum(frame);
	check_dropped(netdev, frame, ETH_HLEN + 40);
	/* Total length larger than what arrived. */
	len = build(frame, sizeof(frame), OUR_IP, 30);
	ip->len = htons(IPV4_HLEN + 31);
	fake_ipv4_checksum(frame);
	check_dropped(netdev, frame, len);
	/* Total length shorter than the header. */
	ip->len = htons(IPV4_HLEN - 1);
	fake_ipv4_checksum(frame);
	check_dropped(netdev, frame, len);
	/* A broadcast source. */
	len = build(frame, sizeof(frame), OUR_IP, 30);
	ip->src = INADDR_BROADCAST;
	fake_ipv4_checksum(frame);
	check_dropped(netdev, frame, len);
	CHECK_INT(got.count, 0);
	teardown(netdev);
}

UNIT_TEST(ipv4_trims_padding_and_skips_options)
{
	struct net_device *netdev = setup(true);
	uint8_t frame[120];
	struct iphdr *ip = frame_ip(frame);
	size_t len;

	if (!netdev)
		return;
	/* 6 bytes of payload padded to the 60-byte Ethernet minimum. */
	memset(frame, 0xee, sizeof(frame));
	build(frame, sizeof(frame), OUR_IP, 6);
	fake_netdev_rx(netdev, frame, 60);
	CHECK_INT(got.count, 1);
	CHECK_INT(got.len, 6);
	CHECK_INT(got.info.pshdr_sum,
		  ipv4_pshdr_sum(PEER_IP, OUR_IP, TEST_PROTO, 6));
	/* A header with 4 bytes of options (a NOP list): payload follows. */
	len = build(frame, sizeof(frame), OUR_IP, 24);
	memmove(frame + PAYLOAD_OFF + 4, frame + PAYLOAD_OFF, 24);
	memset(frame + PAYLOAD_OFF, 1, 4);
	ip->verhdrlen = 0x46;
	ip->len = htons(IPV4_HLEN + 4 + 20);
	ip->chksum = 0;
	ip->chksum = inet_checksum(ip, IPV4_HLEN + 4);
	fake_netdev_rx(netdev, frame, len + 4);
	CHECK_INT(got.count, 2);
	CHECK_INT(got.len, 20);
	CHECK(got.data && got.data[0] == 0 && got.data[19] == 19);
	CHECK_INT(netdev->stats.rx_dropped, 0);
	teardown(netdev);
}

UNIT_TEST(ipv4_accepts_by_destination)
{
	struct net_device *netdev = setup(true);
	uint8_t frame[100];
	size_t len;

	if (!netdev)
		return;
	len = build(frame, sizeof(frame), INADDR_BROADCAST, 8);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(got.count, 1);
	len = build(frame, sizeof(frame), FAKE_IP(10, 0, 0, 255), 8);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(got.count, 2);
	len = build(frame, sizeof(frame), FAKE_IP(10, 0, 0, 3), 8);
	check_dropped(netdev, frame, len);
	len = build(frame, sizeof(frame), FAKE_IP(224, 0, 0, 1), 8);
	check_dropped(netdev, frame, len);
	CHECK_INT(got.count, 2);
	teardown(netdev);
}

UNIT_TEST(ipv4_unconfigured_accepts_any_unicast)
{
	struct net_device *netdev = setup(false);
	uint8_t frame[100];
	size_t len;

	if (!netdev)
		return;
	/* A DHCP offer may be sent to the offered address. */
	len = build(frame, sizeof(frame), FAKE_IP(192, 168, 7, 50), 8);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(got.count, 1);
	CHECK_INT(got.info.dest, FAKE_IP(192, 168, 7, 50));
	len = build(frame, sizeof(frame), FAKE_IP(239, 1, 1, 1), 8);
	check_dropped(netdev, frame, len);
	teardown(netdev);
}

UNIT_TEST(ipv4_drops_unknown_protocol)
{
	struct net_device *netdev = setup(true);
	uint8_t frame[100];
	size_t len;

	if (!netdev)
		return;
	len = fake_ipv4_frame(frame, sizeof(frame), PEER_IP, OUR_IP, 200,
			      "abcd", 4);
	check_dropped(netdev, frame, len);
	teardown(netdev);
}

/*
 * Inject the fragment at byte OFFSET of a datagram IDENT of TOTAL payload
 * bytes (byte i is (i * 7) & 0xff), covering LEN bytes; MORE sets MF.
 */
static void inject_fragment(struct net_device *netdev, uint16_t ident,
			    size_t offset, size_t len, bool more)
{
	uint8_t frame[ETH_HLEN + IPV4_HLEN + 1500];
	uint8_t payload[1500];
	struct iphdr *ip = frame_ip(frame);
	size_t i, flen;

	for (i = 0; i < len; i++)
		payload[i] = (uint8_t)((offset + i) * 7);
	flen = fake_ipv4_frame(frame, sizeof(frame), PEER_IP, OUR_IP,
			       TEST_PROTO, payload, len);
	ip->ident = htons(ident);
	ip->frags = htons((uint16_t)((more ? IPV4_MF : 0) |
				     offset / IPV4_FRAG_UNIT));
	fake_ipv4_checksum(frame);
	fake_netdev_rx(netdev, frame, flen);
}

/* Was a datagram of TOTAL bytes of the fragment pattern delivered? */
static void check_reassembled(size_t total)
{
	size_t i;

	CHECK_INT(got.count, 1);
	CHECK_INT(got.len, total);
	if (!got.data || got.len != total)
		return;
	for (i = 0; i < total; i++) {
		if (got.data[i] != (uint8_t)(i * 7)) {
			test_fail(__FILE__, __LINE__, "byte %zu wrong", i);
			return;
		}
	}
	CHECK_INT(got.info.src, PEER_IP);
	CHECK_INT(got.info.dest, OUR_IP);
	CHECK_INT(got.info.pshdr_sum,
		  ipv4_pshdr_sum(PEER_IP, OUR_IP, TEST_PROTO, total));
}

UNIT_TEST(ipv4_reassembles_in_order)
{
	struct net_device *netdev = setup(true);

	if (!netdev)
		return;
	inject_fragment(netdev, 1, 0, 1480, true);
	inject_fragment(netdev, 1, 1480, 1480, true);
	CHECK_INT(got.count, 0);
	inject_fragment(netdev, 1, 2960, 41, false);
	check_reassembled(3001);
	CHECK_INT(netdev->stats.rx_dropped, 0);
	teardown(netdev);
}

UNIT_TEST(ipv4_reassembles_out_of_order)
{
	struct net_device *netdev = setup(true);

	if (!netdev)
		return;
	inject_fragment(netdev, 2, 2000, 5, false);
	inject_fragment(netdev, 2, 1000, 1000, true);
	inject_fragment(netdev, 2, 0, 1000, true);
	check_reassembled(2005);
	teardown(netdev);
}

UNIT_TEST(ipv4_reassembles_overlaps_and_duplicates)
{
	struct net_device *netdev = setup(true);

	if (!netdev)
		return;
	inject_fragment(netdev, 3, 0, 800, true);
	inject_fragment(netdev, 3, 0, 800, true);
	inject_fragment(netdev, 3, 400, 800, true);
	inject_fragment(netdev, 3, 1600, 100, false);
	CHECK_INT(got.count, 0);
	inject_fragment(netdev, 3, 1200, 400, true);
	check_reassembled(1700);
	/* A late duplicate starts a new datagram that never completes. */
	inject_fragment(netdev, 3, 400, 800, true);
	CHECK_INT(got.count, 1);
	teardown(netdev);
}

UNIT_TEST(ipv4_reassembly_rejects_inconsistent_fragments)
{
	struct net_device *netdev = setup(true);

	if (!netdev)
		return;
	/* Data beyond the end the last fragment gave: datagram dropped. */
	inject_fragment(netdev, 4, 1000, 10, false);
	inject_fragment(netdev, 4, 1000, 16, true);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	inject_fragment(netdev, 4, 0, 1000, true);
	CHECK_INT(got.count, 0);
	/* A last fragment ending before data already received. */
	inject_fragment(netdev, 9, 0, 1000, true);
	inject_fragment(netdev, 9, 1000, 16, true);
	inject_fragment(netdev, 9, 1008, 2, false);
	CHECK_INT(netdev->stats.rx_dropped, 2);
	CHECK_INT(got.count, 0);
	/* A second, different last fragment. */
	inject_fragment(netdev, 5, 800, 8, false);
	inject_fragment(netdev, 5, 808, 8, false);
	CHECK_INT(netdev->stats.rx_dropped, 3);
	inject_fragment(netdev, 5, 0, 800, true);
	CHECK_INT(got.count, 0);
	/* A middle fragment that is not a multiple of 8 bytes. */
	inject_fragment(netdev, 6, 0, 13, true);
	CHECK_INT(netdev->stats.rx_dropped, 4);
	inject_fragment(netdev, 6, 8, 8, false);
	CHECK_INT(got.count, 0);
	/* A fragment reaching past the largest datagram. */
	inject_fragment(netdev, 7, MAX_PAYLOAD - 3, 8, false);
	CHECK_INT(netdev->stats.rx_dropped, 5);
	CHECK_INT(got.count, 0);
	teardown(netdev);
}

UNIT_TEST(ipv4_reassembly_reaches_largest_datagram)
{
	struct net_device *netdev = setup(true);
	size_t offset;

	if (!netdev)
		return;
	for (offset = 0; offset + 1480 < MAX_PAYLOAD; offset += 1480)
		inject_fragment(netdev, 8, offset, 1480, true);
	inject_fragment(netdev, 8, offset, MAX_PAYLOAD - offset, false);
	check_reassembled(MAX_PAYLOAD);
	teardown(netdev);
}

UNIT_TEST(ipv4_reassembly_bounds_datagrams_in_progress)
{
	struct net_device *netdev = setup(true);
	uint16_t ident;

	if (!netdev)
		return;
	/* Five datagrams start; the first is evicted to make room. */
	for (ident = 10; ident < 15; ident++)
		inject_fragment(netdev, ident, 0, 8, true);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	for (ident = 14; ident > 10; ident--) {
		inject_fragment(netdev, ident, 8, 8, false);
		CHECK_INT(got.count, (unsigned int)(15 - ident));
	}
	/* The evicted one restarts from its last fragment alone. */
	inject_fragment(netdev, 10, 8, 8, false);
	CHECK_INT(got.count, 4);
	teardown(netdev);
}

UNIT_TEST(ipv4_reassembly_times_out)
{
	struct net_device *netdev = setup(true);
	unsigned int saved = ipv4_reassembly_timeout_ms;
	uint64_t end;

	if (!netdev)
		return;
	ipv4_reassembly_timeout_ms = 20;
	inject_fragment(netdev, 20, 0, 800, true);
	end = time_now_ms() + 60;
	while (time_now_ms() < end)
		step();
	CHECK_INT(netdev->stats.rx_dropped, 1);
	inject_fragment(netdev, 20, 800, 8, false);
	CHECK_INT(got.count, 0);
	ipv4_reassembly_timeout_ms = saved;
	teardown(netdev);
}

/* Send 4 TEST_PROTO bytes to DEST through the routes. */
static int send_to(uint32_t dest, uint32_t src, struct net_device *forced)
{
	struct io_buffer *iob = alloc_iob(IOB_MAX_HEADROOM + 4);

	iob_reserve(iob, IOB_MAX_HEADROOM);
	memcpy(iob_put(iob, 4), "ping", 4);
	return ipv4_tx(iob, TEST_PROTO, src, dest, forced);
}

/* Pop a frame; return the ARP target it asks for, or 0. */
static uint32_t pop_arp_target(struct net_device *netdev)
{
	struct io_buffer *iob = fake_netdev_tx_pop(netdev);
	uint32_t tpa = 0;

	if (iob && iob_len(iob) >= ETH_HLEN + 28 &&
	    get_be16((uint8_t *)iob->data + 12) == ETH_P_ARP)
		memcpy(&tpa, (uint8_t *)iob->data + ETH_HLEN + 24, 4);
	if (iob)
		free_iob(iob);
	return tpa;
}

UNIT_TEST(ipv4_sends_correct_header)
{
	struct net_device *netdev = setup(true);
	struct io_buffer *iob;
	struct ethhdr *eth;
	struct iphdr *ip;

	if (!netdev)
		return;
	fake_netdev_learn(netdev, PEER_IP);
	CHECK_INT(send_to(PEER_IP, INADDR_ANY, NULL), 0);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (!iob)
		goto out;
	CHECK_INT(iob_len(iob), ETH_HLEN + IPV4_HLEN + 4);
	eth = iob->data;
	ip = (struct iphdr *)(eth + 1);
	CHECK_MEM(eth->h_dest, fake_peer_mac, ETH_ALEN);
	CHECK_INT(ntohs(eth->h_protocol), ETH_P_IP);
	CHECK_INT(ip->verhdrlen, 0x45);
	CHECK_INT(ntohs(ip->len), IPV4_HLEN + 4);
	CHECK_INT(ntohs(ip->frags), 0);
	CHECK_INT(ip->ttl, 64);
	CHECK_INT(ip->protocol, TEST_PROTO);
	CHECK_INT(ip->src, OUR_IP);
	CHECK_INT(ip->dest, PEER_IP);
	CHECK_INT(fake_ref_checksum(fake_ref_sum(0, ip, IPV4_HLEN)), 0);
	CHECK_MEM(ip + 1, "ping", 4);
	free_iob(iob);
	/* Consecutive datagrams have different identifications. */
	CHECK_INT(send_to(PEER_IP, INADDR_ANY, NULL), 0);
	CHECK_INT(send_to(PEER_IP, INADDR_ANY, NULL), 0);
	{
		struct io_buffer *a = fake_netdev_tx_pop(netdev);
		struct io_buffer *b = fake_netdev_tx_pop(netdev);

		CHECK(a && b);
		if (a && b)
			CHECK(frame_ip(a->data)->ident !=
			      frame_ip(b->data)->ident);
		free_iob(a);
		free_iob(b);
	}
out:
	teardown(netdev);
}

UNIT_TEST(ipv4_routes_direct_or_by_gateway)
{
	struct net_device *netdev = setup(true);
	struct net_device *via;
	uint32_t src;

	if (!netdev)
		return;
	CHECK_INT(send_to(FAKE_IP(10, 0, 0, 7), INADDR_ANY, NULL), 0);
	CHECK_INT(pop_arp_target(netdev), FAKE_IP(10, 0, 0, 7));
	CHECK_INT(send_to(FAKE_IP(8, 8, 8, 8), INADDR_ANY, NULL), 0);
	CHECK_INT(pop_arp_target(netdev), GATEWAY);
	CHECK_INT(ipv4_route_lookup(FAKE_IP(8, 8, 8, 8), &src, &via), 0);
	CHECK_INT(src, OUR_IP);
	CHECK(via == netdev);
	/* Without a gateway, other networks are unreachable. */
	fake_netdev_configure(netdev, OUR_IP, NETMASK, INADDR_ANY);
	CHECK_INT(send_to(FAKE_IP(8, 8, 8, 8), INADDR_ANY, NULL),
		  -ENETUNREACH);
	CHECK_INT(ipv4_route_lookup(FAKE_IP(8, 8, 8, 8), &src, &via),
		  -ENETUNREACH);
	/* A closed device routes nothing. */
	netdev_close(netdev);
	CHECK_INT(send_to(PEER_IP, INADDR_ANY, NULL), -ENETUNREACH);
	teardown(netdev);
}

/* Pop a frame and check it is broadcast from SRC. */
static void check_broadcast(struct net_device *netdev, uint32_t src)
{
	struct io_buffer *iob = fake_netdev_tx_pop(netdev);

	CHECK(iob != NULL);
	if (!iob)
		return;
	CHECK_MEM(iob->data, eth_broadcast, ETH_ALEN);
	CHECK_INT(frame_ip(iob->data)->src, src);
	free_iob(iob);
}

UNIT_TEST(ipv4_broadcasts)
{
	struct net_device *netdev = setup(true);

	if (!netdev)
		return;
	CHECK_INT(send_to(INADDR_BROADCAST, INADDR_ANY, NULL), 0);
	CHECK_INT(send_to(FAKE_IP(10, 0, 0, 255), INADDR_ANY, NULL), 0);
	/* Forced device, source as given: a DHCP discover. */
	CHECK_INT(send_to(INADDR_BROADCAST, INADDR_ANY, netdev), 0);
	CHECK_INT(fake_netdev_tx_count(netdev), 3);
	check_broadcast(netdev, OUR_IP);
	check_broadcast(netdev, OUR_IP);
	check_broadcast(netdev, INADDR_ANY);
	teardown(netdev);
}

UNIT_TEST(ipv4_unconfigured_broadcast)
{
	struct net_device *netdev = setup(false);
	struct net_device *via;
	uint32_t src;

	if (!netdev)
		return;
	CHECK_INT(send_to(INADDR_BROADCAST, INADDR_ANY, NULL), 0);
	check_broadcast(netdev, INADDR_ANY);
	CHECK_INT(ipv4_route_lookup(INADDR_BROADCAST, &src, &via), 0);
	CHECK_INT(src, INADDR_ANY);
	CHECK(via == netdev);
	CHECK_INT(send_to(PEER_IP, INADDR_ANY, NULL), -ENETUNREACH);
	teardown(netdev);
}

UNIT_TEST(ipv4_refuses_oversized_and_headroomless)
{
	struct net_device *netdev = setup(true);
	struct io_buffer *iob;

	if (!netdev)
		return;
	iob = alloc_iob(IOB_MAX_HEADROOM + ETH_DATA_LEN);
	iob_reserve(iob, IOB_MAX_HEADROOM);
	iob_put(iob, ETH_DATA_LEN - IPV4_HLEN + 1);
	CHECK_INT(ipv4_tx(iob, TEST_PROTO, INADDR_ANY, PEER_IP, NULL),
		  -EMSGSIZE);
	iob = alloc_iob(IOB_MAX_HEADROOM + 8);
	iob_reserve(iob, IPV4_HLEN);
	iob_put(iob, 8);
	CHECK_INT(ipv4_tx(iob, TEST_PROTO, INADDR_ANY, PEER_IP, NULL),
		  -ENOBUFS);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	teardown(netdev);
}

/* The netmask of NETDEV's route after configuring IP alone. */
static uint32_t default_netmask(struct net_device *netdev, uint32_t ip)
{
	const struct ipv4_route *route;

	fake_netdev_configure(netdev, ip, INADDR_ANY, INADDR_ANY);
	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev == netdev)
			return route->netmask;
	}
	return INADDR_ANY;
}

UNIT_TEST(ipv4_default_netmask_by_class)
{
	struct net_device *netdev = setup(false);

	if (!netdev)
		return;
	CHECK_INT(default_netmask(netdev, FAKE_IP(10, 1, 2, 3)),
		  FAKE_IP(255, 0, 0, 0));
	CHECK_INT(default_netmask(netdev, FAKE_IP(172, 16, 0, 5)),
		  FAKE_IP(255, 255, 0, 0));
	CHECK_INT(default_netmask(netdev, FAKE_IP(192, 168, 1, 5)),
		  FAKE_IP(255, 255, 255, 0));
	teardown(netdev);
	CHECK(list_empty(&ipv4_routes));
}

UNIT_TEST(ipv4_pshdr_sum_matches_reference)
{
	uint8_t pshdr[12] = { 10, 0, 0, 1, 10, 0, 0, 2, 0, 17, 0x05, 0xdc };
	uint32_t sum = ipv4_pshdr_sum(PEER_IP, OUR_IP, IP_PROTO_UDP, 1500);
	uint16_t csum = (uint16_t)~inet_csum_fold(sum);

	CHECK_INT(get_be16(&csum),
		  fake_ref_checksum(fake_ref_sum(0, pshdr, sizeof(pshdr))));
}

UNIT_TEST(ipv4_route_command)
{
	struct net_device *netdev = setup(true);
	char line[80];

	if (!netdev)
		return;
	test_console_start(TEST_INPUT(""), false);
	CHECK_INT(system("route"), 0);
	snprintf(line, sizeof(line), "%s: 10.0.0.2/255.255.255.0 gw "
		 "10.0.0.254\n", netdev->name);
	CHECK(strstr(test_console_output(), line) != NULL);
	netdev_close(netdev);
	CHECK_INT(system("route"), 0);
	snprintf(line, sizeof(line), "%s: 10.0.0.2/255.255.255.0 gw "
		 "10.0.0.254 (closed)\n", netdev->name);
	CHECK(strstr(test_console_output(), line) != NULL);
	CHECK_INT(system("route extra"), -EINVAL);
	test_console_stop();
	teardown(netdev);
}

/* `set netX/ip` and `clear netX/ip` change the routes with no other call. */
UNIT_TEST(ipv4_routes_follow_settings)
{
	struct net_device *netdev = fake_netdev_create();
	char name[NETDEV_NAME_LEN + 16];
	struct ipv4_route *route;
	unsigned int count = 0;

	snprintf(name, sizeof(name), "%s/ip", netdev->name);
	CHECK_INT(storef_setting(name, "192.168.7.9"), 0);
	snprintf(name, sizeof(name), "%s/netmask", netdev->name);
	CHECK_INT(storef_setting(name, "255.255.0.0"), 0);
	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev != netdev)
			continue;
		count++;
		CHECK_INT(route->address, htonl(0xc0a80709));
		CHECK_INT(route->netmask, htonl(0xffff0000));
	}
	CHECK_INT(count, 1);
	snprintf(name, sizeof(name), "%s/ip", netdev->name);
	CHECK_INT(storef_setting(name, NULL), 0);
	list_for_each_entry(route, &ipv4_routes, list)
		CHECK(route->netdev != netdev);
	fake_netdev_destroy(netdev);
}
