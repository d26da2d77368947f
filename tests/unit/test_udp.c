/* SPDX-License-Identifier: MIT */
/* Tests of UDP: sockets, delivery, checksums, lengths, sending. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>
#include "fake_netdev.h"
#include "test.h"

#define OUR_IP FAKE_IP(10, 0, 0, 2)
#define PEER_IP FAKE_IP(10, 0, 0, 1)
#define NETMASK FAKE_IP(255, 255, 255, 0)
#define UDP_OFF (ETH_HLEN + IPV4_HLEN)
#define OUR_PORT 6800
#define PEER_PORT 6700

/* What the test socket received last. */
static struct {
	unsigned int count;
	struct sockaddr_in src;
	struct net_device *netdev;
	size_t len;
	char data[64];
} rcvd;

static void socket_rx(struct udp_conn *conn, struct io_buffer *iob,
		      const struct sockaddr_in *src, struct net_device *netdev,
		      void *ctx)
{
	rcvd.count++;
	rcvd.src = *src;
	rcvd.netdev = netdev;
	rcvd.len = iob_len(iob);
	memset(rcvd.data, 0, sizeof(rcvd.data));
	memcpy(rcvd.data, iob->data, MIN(rcvd.len, sizeof(rcvd.data) - 1));
	free_iob(iob);
}

static struct net_device *setup(struct udp_conn *conn)
{
	struct net_device *netdev = fake_netdev_create();

	memset(&rcvd, 0, sizeof(rcvd));
	if (!netdev)
		return NULL;
	fake_netdev_configure(netdev, OUR_IP, NETMASK, INADDR_ANY);
	fake_netdev_learn(netdev, PEER_IP);
	CHECK_INT(udp_open(conn, htons(OUR_PORT), socket_rx, NULL), 0);
	return netdev;
}

static void teardown(struct net_device *netdev, struct udp_conn *conn)
{
	udp_close(conn);
	fake_netdev_destroy(netdev);
}

static struct udphdr *frame_udp(uint8_t *frame)
{
	return (struct udphdr *)(frame + UDP_OFF);
}

/* A hand-made datagram (checksum worked out independently) is accepted. */
UNIT_TEST(udp_delivers_to_socket)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	uint8_t frame[128];
	size_t len;

	if (!netdev)
		return;
	len = fake_udp_frame(frame, sizeof(frame), PEER_IP, PEER_PORT, OUR_IP,
			     OUR_PORT, "hello", 5);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(rcvd.count, 1);
	CHECK_INT(rcvd.len, 5);
	CHECK_STR(rcvd.data, "hello");
	CHECK_INT(rcvd.src.addr, PEER_IP);
	CHECK_INT(rcvd.src.port, htons(PEER_PORT));
	CHECK(rcvd.netdev == netdev);
	CHECK_INT(netdev->stats.rx_dropped, 0);
	teardown(netdev, &conn);
}

/*
 * 10.0.0.1:6700 -> 10.0.0.2:6800 "hello": pseudo-header and header words
 * 0a00+0001+0a00+0002+0011+000d + 1a2c+1a90+000d + 6865+6c6c+6f00
 * = 0x18cbb, folded 0x8cbc, so the checksum is 0x7343.
 */
UNIT_TEST(udp_checksum_known_value)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	uint8_t frame[128];
	size_t len;

	if (!netdev)
		return;
	len = fake_udp_frame(frame, sizeof(frame), PEER_IP, PEER_PORT, OUR_IP,
			     OUR_PORT, "hello", 5);
	CHECK_INT(get_be16(&frame_udp(frame)->chksum), 0x7343);
	put_be16(&frame_udp(frame)->chksum, 0x7344);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(rcvd.count, 0);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	put_be16(&frame_udp(frame)->chksum, 0x7343);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(rcvd.count, 1);
	teardown(netdev, &conn);
}

UNIT_TEST(udp_drops_bad_checksum_and_accepts_none)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	uint8_t frame[128];
	size_t len;

	if (!netdev)
		return;
	len = fake_udp_frame(frame, sizeof(frame), PEER_IP, PEER_PORT, OUR_IP,
			     OUR_PORT, "payload", 7);
	frame[len - 1] ^= 0x01;
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(rcvd.count, 0);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	/* Checksum 0: the sender computed none. */
	frame_udp(frame)->chksum = 0;
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(rcvd.count, 1);
	CHECK_STR(rcvd.data, "payloae");
	teardown(netdev, &conn);
}

UNIT_TEST(udp_checks_length_field)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	uint8_t frame[128];
	struct udphdr *udp = frame_udp(frame);
	size_t len;

	if (!netdev)
		return;
	len = fake_udp_frame(frame, sizeof(frame), PEER_IP, PEER_PORT, OUR_IP,
			     OUR_PORT, "abcdef", 6);
	/* Longer than the datagram. */
	udp->len = htons(UDP_HLEN + 7);
	udp->chksum = 0;
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	/* Shorter than a header. */
	udp->len = htons(UDP_HLEN - 1);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(netdev->stats.rx_dropped, 2);
	/* Truncated IP payload: only 4 bytes of header. */
	len = fake_ipv4_frame(frame, sizeof(frame), PEER_IP, OUR_IP,
			      IP_PROTO_UDP, "\x1a\x2c\x1a\x90", 4);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(netdev->stats.rx_dropped, 3);
	CHECK_INT(rcvd.count, 0);
	teardown(netdev, &conn);
}

UNIT_TEST(udp_trims_to_length_field)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	uint8_t frame[128];
	uint8_t payload[8 + 10];
	struct udphdr *udp = (struct udphdr *)payload;
	uint32_t sum;
	size_t len;

	if (!netdev)
		return;
	/* UDP says 3 payload bytes; IP carries 10 (trailing junk). */
	udp->src = htons(PEER_PORT);
	udp->dest = htons(OUR_PORT);
	udp->len = htons(UDP_HLEN + 3);
	udp->chksum = 0;
	memcpy(udp + 1, "abcJUNKJUN", 10);
	sum = fake_ref_sum(0, "\x0a\x00\x00\x01\x0a\x00\x00\x02\x00\x11"
			   "\x00\x0b", 12);
	put_be16(&udp->chksum,
		 fake_ref_checksum(fake_ref_sum(sum, payload, UDP_HLEN + 3)));
	len = fake_ipv4_frame(frame, sizeof(frame), PEER_IP, OUR_IP,
			      IP_PROTO_UDP, payload, sizeof(payload));
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(rcvd.count, 1);
	CHECK_INT(rcvd.len, 3);
	CHECK_STR(rcvd.data, "abc");
	teardown(netdev, &conn);
}

UNIT_TEST(udp_drops_datagram_to_closed_port)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	uint8_t frame[128];
	size_t len;

	if (!netdev)
		return;
	len = fake_udp_frame(frame, sizeof(frame), PEER_IP, PEER_PORT, OUR_IP,
			     OUR_PORT + 1, "x", 1);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(rcvd.count, 0);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	teardown(netdev, &conn);
}

UNIT_TEST(udp_ports_unique_and_ephemeral)
{
	struct udp_conn a, b, c;
	uint16_t pa, pb;

	CHECK_INT(udp_open(&a, htons(68), socket_rx, NULL), 0);
	CHECK_INT(udp_open(&b, htons(68), socket_rx, NULL), -EADDRINUSE);
	/* The same random start twice must still give two ports. */
	srandom(42);
	CHECK_INT(udp_open(&b, 0, socket_rx, NULL), 0);
	srandom(42);
	CHECK_INT(udp_open(&c, 0, socket_rx, NULL), 0);
	pa = ntohs(b.local_port);
	pb = ntohs(c.local_port);
	CHECK(pa >= INET_EPHEMERAL_MIN);
	CHECK(pb >= INET_EPHEMERAL_MIN);
	CHECK(pa != pb);
	udp_close(&c);
	udp_close(&b);
	udp_close(&a);
	/* Closed ports can be opened again. */
	CHECK_INT(udp_open(&a, htons(68), socket_rx, NULL), 0);
	udp_close(&a);
}

/* Check that the frame in IOB is a UDP datagram with a correct checksum. */
static void check_sent(struct io_buffer *iob, uint32_t src, uint32_t dest,
		       uint16_t dest_port, const char *payload)
{
	struct iphdr *ip = (struct iphdr *)((uint8_t *)iob->data + ETH_HLEN);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	size_t len = UDP_HLEN + strlen(payload);
	uint8_t pshdr[12];

	CHECK_INT(iob_len(iob), UDP_OFF + len);
	CHECK_INT(ip->protocol, IP_PROTO_UDP);
	CHECK_INT(ip->src, src);
	CHECK_INT(ip->dest, dest);
	CHECK_INT(ntohs(udp->src), OUR_PORT);
	CHECK_INT(ntohs(udp->dest), dest_port);
	CHECK_INT(ntohs(udp->len), len);
	CHECK_MEM(udp + 1, payload, strlen(payload));
	CHECK(udp->chksum != 0);
	memcpy(pshdr, &src, 4);
	memcpy(pshdr + 4, &dest, 4);
	pshdr[8] = 0;
	pshdr[9] = IP_PROTO_UDP;
	put_be16(pshdr + 10, (uint16_t)len);
	CHECK_INT(fake_ref_checksum(fake_ref_sum(fake_ref_sum(0, pshdr, 12),
						 udp, len)), 0);
}

UNIT_TEST(udp_sendto_builds_datagram)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	struct sockaddr_in dest = { PEER_IP, htons(PEER_PORT) };
	struct io_buffer *iob;

	if (!netdev)
		return;
	iob = udp_alloc_iob(16);
	CHECK(iob_headroom(iob) >= UDP_HLEN + IPV4_HLEN + ETH_HLEN);
	memcpy(iob_put(iob, 5), "hello", 5);
	CHECK_INT(udp_sendto(&conn, iob, &dest, INADDR_ANY, NULL), 0);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		CHECK_MEM(iob->data, fake_peer_mac, ETH_ALEN);
		check_sent(iob, OUR_IP, PEER_IP, PEER_PORT, "hello");
		free_iob(iob);
	}
	teardown(netdev, &conn);
}

UNIT_TEST(udp_sendto_broadcast_before_configuration)
{
	struct udp_conn conn;
	struct net_device *netdev = fake_netdev_create();
	struct sockaddr_in dest = { INADDR_BROADCAST, htons(67) };
	struct io_buffer *iob;

	if (!netdev)
		return;
	CHECK_INT(udp_open(&conn, htons(OUR_PORT), socket_rx, NULL), 0);
	iob = udp_alloc_iob(8);
	memcpy(iob_put(iob, 8), "discover", 8);
	CHECK_INT(udp_sendto(&conn, iob, &dest, INADDR_ANY, netdev), 0);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		CHECK_MEM(iob->data, eth_broadcast, ETH_ALEN);
		check_sent(iob, INADDR_ANY, INADDR_BROADCAST, 67, "discover");
		free_iob(iob);
	}
	teardown(netdev, &conn);
}

UNIT_TEST(udp_sendto_without_route_fails)
{
	struct udp_conn conn;
	struct net_device *netdev = setup(&conn);
	struct sockaddr_in dest = { FAKE_IP(192, 0, 2, 1), htons(53) };
	struct io_buffer *iob;

	if (!netdev)
		return;
	iob = udp_alloc_iob(4);
	iob_put(iob, 4);
	CHECK_INT(udp_sendto(&conn, iob, &dest, INADDR_ANY, NULL),
		  -ENETUNREACH);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	teardown(netdev, &conn);
}
