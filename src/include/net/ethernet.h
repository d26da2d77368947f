/* SPDX-License-Identifier: MIT */
/* Ethernet II framing and the table of protocols above it (IPv4, ARP). */
#ifndef NET_ETHERNET_H
#define NET_ETHERNET_H

#include <stdint.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/table.h>
#include <net/netdevice.h>

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ETH_P_RARP 0x8035

struct ethhdr {
	uint8_t h_dest[ETH_ALEN];
	uint8_t h_source[ETH_ALEN];
	uint16_t h_protocol;		/* big endian */
} __packed;

extern const uint8_t eth_broadcast[ETH_ALEN];

/* A network-layer protocol carried in Ethernet frames. */
struct net_protocol {
	const char *name;
	uint16_t ethertype;		/* host order */
	/* Consume IOB (payload only; header pulled). */
	void (*rx)(struct io_buffer *iob, struct net_device *netdev,
		   const uint8_t *ll_source);
};
TABLE_DECLARE(const struct net_protocol, net_protocols);
#define NET_PROTOCOL(ident) \
	const struct net_protocol ident \
	TABLE_ENTRY(const struct net_protocol, net_protocols)

/*
 * Push an Ethernet header onto IOB (which must have ETH_HLEN headroom) and
 * transmit it on NETDEV to LL_DEST. Ownership of IOB passes in every case.
 */
int net_tx(struct io_buffer *iob, struct net_device *netdev,
	   uint16_t ethertype, const uint8_t *ll_dest);
/* Handle a received frame: validate, strip the header, dispatch. */
void net_rx(struct io_buffer *iob, struct net_device *netdev);

/* "52:54:00:12:34:56" into a static buffer (for messages). */
const char *eth_ntoa(const uint8_t *ll_addr);

/* Into LL_ADDR: the Ethernet address of IPv4 group GROUP (network order). */
void eth_ipv4_mcast(uint32_t group, uint8_t *ll_addr);

#endif
