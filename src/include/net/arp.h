/* SPDX-License-Identifier: MIT */
/*
 * ARP: a cache of IPv4-to-MAC mappings with expiry, answers to requests for
 * our addresses, and a short queue of packets waiting for a resolution.
 */
#ifndef NET_ARP_H
#define NET_ARP_H

#include <stdint.h>
#include <core/iobuf.h>
#include <core/compiler.h>
#include <net/netdevice.h>

#define ARP_HTYPE_ETHERNET 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

/* An ARP packet for IPv4 over Ethernet (RFC 826); all fields big endian. */
struct arphdr {
	uint16_t htype;			/* ARP_HTYPE_ETHERNET */
	uint16_t ptype;			/* ETH_P_IP */
	uint8_t hlen;			/* ETH_ALEN */
	uint8_t plen;			/* 4 */
	uint16_t op;
	uint8_t sha[ETH_ALEN];		/* sender MAC */
	uint32_t spa;			/* sender IPv4 address */
	uint8_t tha[ETH_ALEN];		/* target MAC */
	uint32_t tpa;			/* target IPv4 address */
} __packed;

/*
 * Transmit IOB (an IPv4 packet) to NEXT_HOP on NETDEV, with SRC as the ARP
 * sender address. Sends at once if the MAC is known, else queues it and
 * asks; a resolution that fails drops the queue and counts it.
 * Ownership of IOB passes in every case.
 */
int arp_tx(struct io_buffer *iob, struct net_device *netdev,
	   uint32_t next_hop, uint32_t src);
/* Forget every entry of NETDEV (on close). */
void arp_flush(struct net_device *netdev);

#endif
