/* SPDX-License-Identifier: MIT */
/* Tests of ARP: replies, resolution with queueing, learning, bad packets. */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/process.h>
#include <core/time.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include "fake_netdev.h"
#include "test.h"

#define OUR_IP FAKE_IP(10, 0, 0, 2)
#define PEER_IP FAKE_IP(10, 0, 0, 1)
#define OTHER_IP FAKE_IP(10, 0, 0, 9)
#define NETMASK FAKE_IP(255, 255, 255, 0)
#define ARP_LEN (ETH_HLEN + sizeof(struct arphdr))
/* Packets ARP queues per unresolved address (see arp.c). */
#define PENDING_MAX 16

static const uint8_t other_mac[ETH_ALEN] = { 0x52, 0x54, 0, 0x99, 0x99, 1 };

/* Build an ARP frame OP from SHA/SPA for TPA into FRAME (ARP_LEN bytes). */
static void build_arp(uint8_t *frame, uint16_t op, const uint8_t *sha,
		      uint32_t spa, uint32_t tpa)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct arphdr *arp = (struct arphdr *)(eth + 1);

	memcpy(eth->h_dest, op == ARP_OP_REQUEST ? eth_broadcast : fake_mac,
	       ETH_ALEN);
	memcpy(eth->h_source, sha, ETH_ALEN);
	eth->h_protocol = htons(ETH_P_ARP);
	arp->htype = htons(ARP_HTYPE_ETHERNET);
	arp->ptype = htons(ETH_P_IP);
	arp->hlen = ETH_ALEN;
	arp->plen = 4;
	arp->op = htons(op);
	memcpy(arp->sha, sha, ETH_ALEN);
	arp->spa = spa;
	memset(arp->tha, 0, ETH_ALEN);
	arp->tpa = tpa;
}

static struct net_device *configured_netdev(void)
{
	struct net_device *netdev = fake_netdev_create();

	if (netdev)
		fake_netdev_configure(netdev, OUR_IP, NETMASK, INADDR_ANY);
	return netdev;
}

/* Send a small IPv4 datagram numbered N to DEST. */
static int send_datagram(uint32_t dest, uint8_t n)
{
	struct io_buffer *iob = alloc_iob(IOB_MAX_HEADROOM + 4);

	iob_reserve(iob, IOB_MAX_HEADROOM);
	memset(iob_put(iob, 4), n, 4);
	return ipv4_tx(iob, IP_PROTO_UDP, INADDR_ANY, dest, NULL);
}

/* Pop a frame and check it is an ARP request from us for TPA. */
static void check_request(struct net_device *netdev, uint32_t tpa)
{
	struct io_buffer *iob = fake_netdev_tx_pop(netdev);
	struct ethhdr *eth;
	struct arphdr *arp;

	CHECK(iob != NULL);
	if (!iob)
		return;
	CHECK_INT(iob_len(iob), ARP_LEN);
	eth = iob->data;
	arp = (struct arphdr *)(eth + 1);
	CHECK_MEM(eth->h_dest, eth_broadcast, ETH_ALEN);
	CHECK_MEM(eth->h_source, fake_mac, ETH_ALEN);
	CHECK_INT(ntohs(eth->h_protocol), ETH_P_ARP);
	CHECK_INT(ntohs(arp->htype), 1);
	CHECK_INT(ntohs(arp->ptype), 0x0800);
	CHECK_INT(arp->hlen, 6);
	CHECK_INT(arp->plen, 4);
	CHECK_INT(ntohs(arp->op), ARP_OP_REQUEST);
	CHECK_MEM(arp->sha, fake_mac, ETH_ALEN);
	CHECK_INT(arp->spa, OUR_IP);
	CHECK_INT(arp->tpa, tpa);
	free_iob(iob);
}

/* Pop a frame and check it is datagram N sent to MAC. */
static void check_datagram(struct net_device *netdev, const uint8_t *mac,
			   uint8_t n)
{
	struct io_buffer *iob = fake_netdev_tx_pop(netdev);
	struct ethhdr *eth;

	CHECK(iob != NULL);
	if (!iob)
		return;
	eth = iob->data;
	CHECK_MEM(eth->h_dest, mac, ETH_ALEN);
	CHECK_INT(ntohs(eth->h_protocol), ETH_P_IP);
	CHECK_INT(iob_len(iob), ETH_HLEN + IPV4_HLEN + 4);
	if (iob_len(iob) == ETH_HLEN + IPV4_HLEN + 4)
		CHECK_INT(((uint8_t *)iob->data)[ETH_HLEN + IPV4_HLEN], n);
	free_iob(iob);
}

UNIT_TEST(arp_replies_to_request_for_our_address)
{
	struct net_device *netdev = configured_netdev();
	uint8_t frame[ARP_LEN + 18];
	struct io_buffer *iob;
	struct ethhdr *eth;
	struct arphdr *arp;

	if (!netdev)
		return;
	/* Padded to the Ethernet minimum, as on the wire. */
	memset(frame, 0, sizeof(frame));
	build_arp(frame, ARP_OP_REQUEST, other_mac, OTHER_IP, OUR_IP);
	fake_netdev_rx(netdev, frame, sizeof(frame));
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		CHECK_INT(iob_len(iob), ARP_LEN);
		eth = iob->data;
		arp = (struct arphdr *)(eth + 1);
		CHECK_MEM(eth->h_dest, other_mac, ETH_ALEN);
		CHECK_MEM(eth->h_source, fake_mac, ETH_ALEN);
		CHECK_INT(ntohs(eth->h_protocol), ETH_P_ARP);
		CHECK_INT(ntohs(arp->htype), ARP_HTYPE_ETHERNET);
		CHECK_INT(ntohs(arp->ptype), ETH_P_IP);
		CHECK_INT(arp->hlen, ETH_ALEN);
		CHECK_INT(arp->plen, 4);
		CHECK_INT(ntohs(arp->op), ARP_OP_REPLY);
		CHECK_MEM(arp->sha, fake_mac, ETH_ALEN);
		CHECK_INT(arp->spa, OUR_IP);
		CHECK_MEM(arp->tha, other_mac, ETH_ALEN);
		CHECK_INT(arp->tpa, OTHER_IP);
		free_iob(iob);
	}
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	/* RFC 826: the requester was learned, so this goes without ARP. */
	CHECK_INT(send_datagram(OTHER_IP, 7), 0);
	check_datagram(netdev, other_mac, 7);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(arp_ignores_request_for_other_address)
{
	struct net_device *netdev = configured_netdev();
	uint8_t frame[ARP_LEN];

	if (!netdev)
		return;
	build_arp(frame, ARP_OP_REQUEST, other_mac, OTHER_IP,
		  FAKE_IP(10, 0, 0, 77));
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	CHECK_INT(netdev->stats.rx_dropped, 0);
	/* Not for us, so not learned: sending needs a resolution. */
	CHECK_INT(send_datagram(OTHER_IP, 1), 0);
	check_request(netdev, OTHER_IP);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(arp_unconfigured_device_answers_nothing)
{
	struct net_device *netdev = fake_netdev_create();
	uint8_t frame[ARP_LEN];

	if (!netdev)
		return;
	build_arp(frame, ARP_OP_REQUEST, other_mac, OTHER_IP, OUR_IP);
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(arp_queues_until_resolved)
{
	struct net_device *netdev = configured_netdev();
	uint8_t frame[ARP_LEN];

	if (!netdev)
		return;
	CHECK_INT(send_datagram(PEER_IP, 1), 0);
	CHECK_INT(send_datagram(PEER_IP, 2), 0);
	CHECK_INT(send_datagram(PEER_IP, 3), 0);
	/* One request, nothing else until the reply. */
	CHECK_INT(fake_netdev_tx_count(netdev), 1);
	check_request(netdev, PEER_IP);
	build_arp(frame, ARP_OP_REPLY, fake_peer_mac, PEER_IP, OUR_IP);
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(fake_netdev_tx_count(netdev), 3);
	check_datagram(netdev, fake_peer_mac, 1);
	check_datagram(netdev, fake_peer_mac, 2);
	check_datagram(netdev, fake_peer_mac, 3);
	/* Resolved: the next one goes at once. */
	CHECK_INT(send_datagram(PEER_IP, 4), 0);
	check_datagram(netdev, fake_peer_mac, 4);
	CHECK_INT(netdev->stats.tx_errors, 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(arp_pending_queue_is_bounded)
{
	struct net_device *netdev = configured_netdev();
	uint8_t frame[ARP_LEN];
	int i;

	if (!netdev)
		return;
	for (i = 0; i < PENDING_MAX; i++)
		CHECK_INT(send_datagram(PEER_IP, (uint8_t)i), 0);
	CHECK_INT(send_datagram(PEER_IP, 99), -ENOBUFS);
	CHECK_INT(send_datagram(PEER_IP, 99), -ENOBUFS);
	CHECK_INT(netdev->stats.tx_errors, 2);
	fake_netdev_tx_flush(netdev);
	build_arp(frame, ARP_OP_REPLY, fake_peer_mac, PEER_IP, OUR_IP);
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(fake_netdev_tx_count(netdev), PENDING_MAX);
	for (i = 0; i < PENDING_MAX; i++)
		check_datagram(netdev, fake_peer_mac, (uint8_t)i);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(arp_updates_known_entry_from_any_packet)
{
	struct net_device *netdev = configured_netdev();
	uint8_t frame[ARP_LEN];

	if (!netdev)
		return;
	fake_netdev_learn(netdev, PEER_IP);
	/* A request between others still updates the sender we know. */
	build_arp(frame, ARP_OP_REQUEST, other_mac, PEER_IP,
		  FAKE_IP(10, 0, 0, 50));
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	CHECK_INT(send_datagram(PEER_IP, 5), 0);
	check_datagram(netdev, other_mac, 5);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(arp_retransmits_request)
{
	struct net_device *netdev = configured_netdev();
	uint64_t end;

	if (!netdev)
		return;
	CHECK_INT(send_datagram(PEER_IP, 1), 0);
	check_request(netdev, PEER_IP);
	end = time_now_ms() + 400;
	while (time_now_ms() < end && !fake_netdev_tx_count(netdev))
		step();
	check_request(netdev, PEER_IP);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(arp_close_forgets_entries)
{
	struct net_device *netdev = configured_netdev();

	if (!netdev)
		return;
	fake_netdev_learn(netdev, PEER_IP);
	CHECK_INT(send_datagram(PEER_IP, 1), 0);
	check_datagram(netdev, fake_peer_mac, 1);
	netdev_close(netdev);
	CHECK_INT(netdev_open(netdev), 0);
	CHECK_INT(send_datagram(PEER_IP, 2), 0);
	check_request(netdev, PEER_IP);
	fake_netdev_destroy(netdev);
}

/* Inject FRAME (a request for our address) and expect it dropped. */
static void check_dropped(struct net_device *netdev, const uint8_t *frame,
			  size_t len)
{
	unsigned long before = netdev->stats.rx_dropped;

	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(netdev->stats.rx_dropped, before + 1);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
}

UNIT_TEST(arp_drops_malformed_packets)
{
	static const uint8_t group_mac[ETH_ALEN] = { 0x01, 0, 0x5e, 0, 0, 1 };
	struct net_device *netdev = configured_netdev();
	uint8_t frame[ARP_LEN];
	struct arphdr *arp = (struct arphdr *)(frame + ETH_HLEN);

	if (!netdev)
		return;
	build_arp(frame, ARP_OP_REQUEST, other_mac, OTHER_IP, OUR_IP);
	check_dropped(netdev, frame, ARP_LEN - 1);
	arp->htype = htons(6);
	check_dropped(netdev, frame, ARP_LEN);
	arp->htype = htons(ARP_HTYPE_ETHERNET);
	arp->ptype = htons(0x86dd);
	check_dropped(netdev, frame, ARP_LEN);
	arp->ptype = htons(ETH_P_IP);
	arp->hlen = 8;
	check_dropped(netdev, frame, ARP_LEN);
	arp->hlen = ETH_ALEN;
	arp->plen = 16;
	check_dropped(netdev, frame, ARP_LEN);
	arp->plen = 4;
	arp->op = htons(3);
	check_dropped(netdev, frame, ARP_LEN);
	arp->op = htons(ARP_OP_REQUEST);
	memcpy(arp->sha, group_mac, ETH_ALEN);
	check_dropped(netdev, frame, ARP_LEN);
	/* The same request, well formed, is answered. */
	memcpy(arp->sha, other_mac, ETH_ALEN);
	fake_netdev_rx(netdev, frame, ARP_LEN);
	CHECK_INT(fake_netdev_tx_count(netdev), 1);
	fake_netdev_destroy(netdev);
}
