/* SPDX-License-Identifier: MIT */
/*
 * The fuzz targets' test network, on the unit tests' fake device
 * (tests/unit/fake_netdev.h): our device, net0 or the next free name,
 * with address 10.0.0.2/24 and gateway 10.0.0.254, and one peer,
 * 10.0.0.1, whose frames the targets forge and inject with
 * fake_netdev_rx_later(). The device notes what the stack sent so
 * replies can be addressed.
 */
#ifndef TESTS_FUZZ_TESTNET_H
#define TESTS_FUZZ_TESTNET_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <net/netdevice.h>
#include "../unit/fake_netdev.h"

#define TESTNET_OUR_IP FAKE_IP(10, 0, 0, 2)
#define TESTNET_PEER_IP FAKE_IP(10, 0, 0, 1)
#define TESTNET_NETMASK FAKE_IP(255, 255, 255, 0)
#define TESTNET_GATEWAY FAKE_IP(10, 0, 0, 254)

/* What the stack sent last on the test device (ports in network order). */
struct testnet_sent {
	bool syn_seen;		/* a TCP SYN went out */
	uint16_t tcp_port;	/* its source port */
	uint16_t tcp_dport;	/* its destination port */
	uint32_t tcp_daddr;	/* its destination address */
	uint32_t iss;		/* its sequence number */
	uint32_t tcp_next;	/* just past the last sequence number sent */
	bool udp_seen;		/* a UDP datagram went out */
	uint16_t udp_port;	/* its source port */
};
extern struct testnet_sent testnet_sent;

/* Put the peer's MAC in the ARP cache at once (by an ARP reply). */
#define TESTNET_LEARN_PEER 0x01
/*
 * Answer every ARP request the stack sends, for any address, with the
 * peer's MAC: whatever the stack talks to is on the wire.
 */
#define TESTNET_ANSWER_ARP 0x02

/*
 * Create, register and open the device with its address and routes, as
 * the TESTNET_* FLAGS say; forget what was sent before. Destroy it with
 * fake_netdev_destroy().
 */
struct net_device *testnet_create(unsigned int flags);

/* The TCP header in FRAME (LEN bytes) over IPv4, or NULL if there is none. */
struct tcphdr *testnet_frame_tcp(uint8_t *frame, size_t len);

/* Make FRAME's IPv4 header checksum right, and its ICMP, UDP or TCP one. */
void testnet_fix_checksums(uint8_t *frame, size_t len);

/*
 * Build into BUF (SIZE bytes) a frame from the peer to us holding a TCP
 * segment from SPORT to DPORT (network order), SEQ and ACK (host order)
 * and FLAGS (TCP_*) with LEN bytes of PAYLOAD, every checksum right.
 * Returns its length, or 0 if BUF is small.
 */
size_t testnet_tcp_frame(uint8_t *buf, size_t size, uint16_t sport,
			 uint16_t dport, uint32_t seq, uint32_t ack,
			 uint8_t flags, const void *payload, size_t len);

#endif
