/* SPDX-License-Identifier: MIT */
/* Ethernet II: adding and checking the frame header, dispatch by ethertype. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/ethernet.h>
#include <net/netdevice.h>

/* "xx:xx:xx:xx:xx:xx" and its NUL. */
#define ETH_ADDR_TEXT_LEN (ETH_ALEN * 3)
/* IPv4 multicast MACs (RFC 1112): 01:00:5e, then the group's low 23 bits. */
#define MCAST_IPV4_PREFIX_0 0x01
#define MCAST_IPV4_PREFIX_1 0x00
#define MCAST_IPV4_PREFIX_2 0x5e
#define MCAST_IPV4_LOW_BITS 0x007fffffu

const uint8_t eth_broadcast[ETH_ALEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

int net_tx(struct io_buffer *iob, struct net_device *netdev,
	   uint16_t ethertype, const uint8_t *ll_dest)
{
	struct ethhdr *eth;

	if (iob_headroom(iob) < ETH_HLEN) {
		netdev->stats.tx_errors++;
		free_iob(iob);
		return -ENOBUFS;
	}
	eth = iob_push(iob, ETH_HLEN);
	memcpy(eth->h_dest, ll_dest, ETH_ALEN);
	memcpy(eth->h_source, netdev->ll_addr, ETH_ALEN);
	eth->h_protocol = htons(ethertype);
	return netdev_tx(netdev, iob);
}

/*
 * Is a frame to DEST for NETDEV: its own address or broadcast? Nothing
 * above Ethernet joins a multicast group, so multicast is dropped.
 */
static bool eth_is_for_us(const struct net_device *netdev,
			  const uint8_t *dest)
{
	if (memcmp(dest, netdev->ll_addr, ETH_ALEN) == 0)
		return true;
	return memcmp(dest, eth_broadcast, ETH_ALEN) == 0;
}

static const struct net_protocol *find_net_protocol(uint16_t ethertype)
{
	const struct net_protocol *proto;

	for_each_table_entry(proto, net_protocols) {
		if (proto->ethertype == ethertype)
			return proto;
	}
	return NULL;
}

void net_rx(struct io_buffer *iob, struct net_device *netdev)
{
	const struct net_protocol *proto;
	struct ethhdr *eth = iob->data;

	if (iob_len(iob) < ETH_HLEN || !eth_is_for_us(netdev, eth->h_dest))
		goto drop;
	proto = find_net_protocol(ntohs(eth->h_protocol));
	if (!proto)
		goto drop;
	iob_pull(iob, ETH_HLEN);
	proto->rx(iob, netdev, eth->h_source);
	return;
drop:
	netdev->stats.rx_dropped++;
	free_iob(iob);
}

const char *eth_ntoa(const uint8_t *ll_addr)
{
	static char text[ETH_ADDR_TEXT_LEN];

	snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x",
		 ll_addr[0], ll_addr[1], ll_addr[2], ll_addr[3], ll_addr[4],
		 ll_addr[5]);
	return text;
}

void eth_ipv4_mcast(uint32_t group, uint8_t *ll_addr)
{
	uint32_t low = ntohl(group) & MCAST_IPV4_LOW_BITS;

	ll_addr[0] = MCAST_IPV4_PREFIX_0;
	ll_addr[1] = MCAST_IPV4_PREFIX_1;
	ll_addr[2] = MCAST_IPV4_PREFIX_2;
	ll_addr[3] = (uint8_t)(low >> 16);
	ll_addr[4] = (uint8_t)(low >> 8);
	ll_addr[5] = (uint8_t)low;
}
