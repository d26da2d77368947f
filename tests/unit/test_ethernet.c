/* SPDX-License-Identifier: MIT */
/* Tests of Ethernet framing: the header sent, and what is accepted. */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/netdevice.h>
#include "fake_netdev.h"
#include "test.h"

UNIT_TEST(ethernet_tx_pushes_header)
{
	struct net_device *netdev = fake_netdev_create();
	struct io_buffer *iob;
	struct ethhdr *eth;

	if (!netdev)
		return;
	iob = alloc_iob(ETH_HLEN + 4);
	iob_reserve(iob, ETH_HLEN);
	memcpy(iob_put(iob, 4), "\x01\x02\x03\x04", 4);
	CHECK_INT(net_tx(iob, netdev, ETH_P_IP, fake_peer_mac), 0);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		CHECK_INT(iob_len(iob), ETH_HLEN + 4);
		eth = iob->data;
		CHECK_MEM(eth->h_dest, fake_peer_mac, ETH_ALEN);
		CHECK_MEM(eth->h_source, fake_mac, ETH_ALEN);
		CHECK_MEM(&eth->h_protocol, "\x08\x00", 2);
		CHECK_MEM(eth + 1, "\x01\x02\x03\x04", 4);
		free_iob(iob);
	}
	fake_netdev_destroy(netdev);
}

UNIT_TEST(ethernet_tx_without_headroom_fails)
{
	struct net_device *netdev = fake_netdev_create();
	struct io_buffer *iob;

	if (!netdev)
		return;
	iob = alloc_iob(64);
	iob_reserve(iob, ETH_HLEN - 1);
	iob_put(iob, 10);
	CHECK_INT(net_tx(iob, netdev, ETH_P_IP, fake_peer_mac), -ENOBUFS);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	CHECK_INT(netdev->stats.tx_errors, 1);
	fake_netdev_destroy(netdev);
}

/* Inject an ARP request for an address that is not ours, to DEST. */
static void inject_arp_to(struct net_device *netdev, const uint8_t *dest,
			  size_t len)
{
	uint8_t frame[ETH_HLEN + sizeof(struct arphdr)];
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct arphdr *arp = (struct arphdr *)(eth + 1);

	memcpy(eth->h_dest, dest, ETH_ALEN);
	memcpy(eth->h_source, fake_peer_mac, ETH_ALEN);
	eth->h_protocol = htons(ETH_P_ARP);
	arp->htype = htons(ARP_HTYPE_ETHERNET);
	arp->ptype = htons(ETH_P_IP);
	arp->hlen = ETH_ALEN;
	arp->plen = 4;
	arp->op = htons(ARP_OP_REQUEST);
	memcpy(arp->sha, fake_peer_mac, ETH_ALEN);
	arp->spa = FAKE_IP(10, 0, 0, 1);
	memset(arp->tha, 0, ETH_ALEN);
	arp->tpa = FAKE_IP(10, 0, 0, 99);
	fake_netdev_rx(netdev, frame, len);
}

UNIT_TEST(ethernet_rx_accepts_ours_and_broadcast)
{
	struct net_device *netdev = fake_netdev_create();

	if (!netdev)
		return;
	inject_arp_to(netdev, fake_mac, ETH_HLEN + sizeof(struct arphdr));
	inject_arp_to(netdev, eth_broadcast, ETH_HLEN + sizeof(struct arphdr));
	CHECK_INT(netdev->stats.rx_packets, 2);
	CHECK_INT(netdev->stats.rx_dropped, 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(ethernet_rx_drops_others)
{
	static const uint8_t other[ETH_ALEN] = { 0x52, 0x54, 0, 0, 0, 9 };
	static const uint8_t multicast[ETH_ALEN] = { 0x01, 0, 0x5e, 0, 0, 1 };
	struct net_device *netdev = fake_netdev_create();
	uint8_t frame[60];

	if (!netdev)
		return;
	inject_arp_to(netdev, other, ETH_HLEN + sizeof(struct arphdr));
	CHECK_INT(netdev->stats.rx_dropped, 1);
	inject_arp_to(netdev, multicast, ETH_HLEN + sizeof(struct arphdr));
	CHECK_INT(netdev->stats.rx_dropped, 2);
	/* Shorter than an Ethernet header. */
	inject_arp_to(netdev, fake_mac, ETH_HLEN - 1);
	CHECK_INT(netdev->stats.rx_dropped, 3);
	/* An ethertype nothing handles (IPv6). */
	memset(frame, 0, sizeof(frame));
	memcpy(frame, fake_mac, ETH_ALEN);
	memcpy(frame + ETH_ALEN, fake_peer_mac, ETH_ALEN);
	frame[12] = 0x86;
	frame[13] = 0xdd;
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(netdev->stats.rx_dropped, 4);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(ethernet_ntoa)
{
	static const uint8_t mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0xab, 0x0c,
					       0xff };

	CHECK_STR(eth_ntoa(mac), "52:54:00:ab:0c:ff");
	CHECK_STR(eth_ntoa(eth_broadcast), "ff:ff:ff:ff:ff:ff");
}
