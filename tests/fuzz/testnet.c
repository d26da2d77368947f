/* SPDX-License-Identifier: MIT */
/* The fuzz targets' test network: a device, and frames forged from its peer. */
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/settings.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tcp.h>
#include <net/udp.h>
#include "harness.h"
#include "testnet.h"

#define TESTNET_IPV4_LEN 4
#define TESTNET_IHL_MASK 0x0f
#define TESTNET_IHL_UNIT 4
/* Version 4, five 32-bit words of header. */
#define TESTNET_VERHDRLEN 0x45
/* Where the checksum field sits in each transport header. */
#define TESTNET_ICMP_CSUM 2
#define TESTNET_UDP_LEN 4
#define TESTNET_UDP_CSUM 6
#define TESTNET_TCP_CSUM 16
#define TESTNET_WINDOW 0xffff

const uint8_t testnet_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
const uint8_t testnet_peer_mac[ETH_ALEN] = {
	0x52, 0x54, 0x00, 0x65, 0x43, 0x21
};

struct testnet_sent testnet_sent;
static unsigned int testnet_flags;

/* --- the device ----------------------------------------------------- */

/* The IPv4 header in FRAME and its length, or NULL. */
static struct iphdr *frame_ipv4(uint8_t *frame, size_t len, size_t *hlen)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct iphdr *ip = (struct iphdr *)(frame + ETH_HLEN);

	if (len < ETH_HLEN + IPV4_HLEN || eth->h_protocol != htons(ETH_P_IP))
		return NULL;
	*hlen = (size_t)(ip->verhdrlen & TESTNET_IHL_MASK) * TESTNET_IHL_UNIT;
	if (*hlen < IPV4_HLEN || ETH_HLEN + *hlen > len)
		return NULL;
	return ip;
}

struct tcphdr *testnet_frame_tcp(uint8_t *frame, size_t len)
{
	size_t hlen;
	struct iphdr *ip = frame_ipv4(frame, len, &hlen);

	if (!ip || ip->protocol != IP_PROTO_TCP ||
	    len < ETH_HLEN + hlen + TCP_HLEN)
		return NULL;
	return (struct tcphdr *)(frame + ETH_HLEN + hlen);
}

/* Note the sequence space of a TCP segment we sent to DADDR. */
static void note_tcp(const struct tcphdr *tcp, size_t len, uint32_t daddr)
{
	size_t hlen = (size_t)(tcp->doff >> TCP_DOFF_SHIFT) * TCP_DOFF_UNIT;
	uint32_t seq = ntohl(tcp->seq), end;

	if (tcp->flags & TCP_SYN) {
		testnet_sent.syn_seen = true;
		testnet_sent.tcp_port = tcp->src;
		testnet_sent.tcp_dport = tcp->dest;
		testnet_sent.tcp_daddr = daddr;
		testnet_sent.iss = seq;
		testnet_sent.tcp_next = seq;
	}
	end = seq + (uint32_t)(len > hlen ? len - hlen : 0) +
	      !!(tcp->flags & TCP_SYN) + !!(tcp->flags & TCP_FIN);
	if ((int32_t)(end - testnet_sent.tcp_next) > 0)
		testnet_sent.tcp_next = end;
}

/* An ARP reply from the peer's MAC: IP is there. */
static void arp_reply(struct net_device *netdev, uint32_t ip)
{
	uint8_t frame[ETH_HLEN + sizeof(struct arphdr)];
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct arphdr *arp = (struct arphdr *)(frame + ETH_HLEN);

	memcpy(eth->h_dest, testnet_mac, ETH_ALEN);
	memcpy(eth->h_source, testnet_peer_mac, ETH_ALEN);
	eth->h_protocol = htons(ETH_P_ARP);
	arp->htype = htons(ARP_HTYPE_ETHERNET);
	arp->ptype = htons(ETH_P_IP);
	arp->hlen = ETH_ALEN;
	arp->plen = TESTNET_IPV4_LEN;
	arp->op = htons(ARP_OP_REPLY);
	memcpy(arp->sha, testnet_peer_mac, ETH_ALEN);
	arp->spa = ip;
	memcpy(arp->tha, testnet_mac, ETH_ALEN);
	arp->tpa = TESTNET_OUR_IP;
	testnet_receive(netdev, frame, sizeof(frame));
}

/* Queue the answer to an ARP request in FRAME, if it is one. */
static void answer_arp(struct net_device *netdev, const uint8_t *frame,
		       size_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	const struct arphdr *arp = (const struct arphdr *)(frame + ETH_HLEN);

	if (len >= ETH_HLEN + sizeof(*arp) &&
	    eth->h_protocol == htons(ETH_P_ARP) &&
	    arp->op == htons(ARP_OP_REQUEST))
		arp_reply(netdev, arp->tpa);
}

/* Note what a frame we send is; then it is sent at once. */
static int testnet_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	uint8_t *frame = iob->data;
	size_t hlen, len = iob_len(iob);
	struct iphdr *ip = frame_ipv4(frame, len, &hlen);
	struct tcphdr *tcp = testnet_frame_tcp(frame, len);
	const struct udphdr *udp;

	if (testnet_flags & TESTNET_ANSWER_ARP)
		answer_arp(netdev, frame, len);
	if (tcp)
		note_tcp(tcp, len - ETH_HLEN - hlen, ip->dest);
	if (ip && ip->protocol == IP_PROTO_UDP &&
	    len >= ETH_HLEN + hlen + UDP_HLEN) {
		udp = (const struct udphdr *)(frame + ETH_HLEN + hlen);
		testnet_sent.udp_seen = true;
		testnet_sent.udp_port = udp->src;
	}
	netdev_tx_complete(netdev, iob, 0);
	return 0;
}

static int testnet_open(struct net_device *netdev)
{
	netdev_link_up(netdev);
	return 0;
}

static void testnet_close(struct net_device *netdev)
{
	netdev_link_down(netdev);
}

static void testnet_poll(struct net_device *netdev)
{
}

static const struct net_device_operations testnet_operations = {
	.open = testnet_open,
	.close = testnet_close,
	.transmit = testnet_transmit,
	.poll = testnet_poll,
};

static void store_ipv4(struct net_device *netdev,
		       const struct setting *setting, uint32_t addr)
{
	fuzz_check(store_setting(&netdev->settings, setting, &addr,
				 sizeof(addr)) == 0);
}

struct net_device *testnet_create(unsigned int flags)
{
	struct net_device *netdev = alloc_netdev(0);

	fuzz_check(netdev != NULL);
	memset(&testnet_sent, 0, sizeof(testnet_sent));
	testnet_flags = flags;
	netdev->op = &testnet_operations;
	netdev->driver_name = "fuzz";
	memcpy(netdev->hw_addr, testnet_mac, ETH_ALEN);
	fuzz_check(register_netdev(netdev) == 0);
	fuzz_check(netdev_open(netdev) == 0);
	store_ipv4(netdev, &ip_setting, TESTNET_OUR_IP);
	store_ipv4(netdev, &netmask_setting, TESTNET_NETMASK);
	store_ipv4(netdev, &gateway_setting, TESTNET_GATEWAY);
	ipv4_update_routes();
	if (flags & TESTNET_LEARN_PEER) {
		arp_reply(netdev, TESTNET_PEER_IP);
		net_poll();
	}
	return netdev;
}

void testnet_destroy(struct net_device *netdev)
{
	unregister_netdev(netdev);
	netdev_put(netdev);
}

void testnet_receive(struct net_device *netdev, const void *frame,
		     size_t len)
{
	struct io_buffer *iob = alloc_iob(len);

	fuzz_check(iob != NULL);
	memcpy(iob_put(iob, len), frame, len);
	netdev_rx(netdev, iob);
}

/* --- checksums and forged frames ------------------------------------ */

/*
 * Store at FIELD the checksum of LEN bytes at DATA (FIELD among them),
 * starting from the partial sum SUM.
 */
static void put_checksum(uint8_t *field, uint32_t sum, const uint8_t *data,
			 size_t len)
{
	uint16_t csum;

	memset(field, 0, sizeof(csum));
	csum = (uint16_t)~inet_csum_fold(inet_csum_add(sum, data, len));
	memcpy(field, &csum, sizeof(csum));
}

/* Fix the transport checksum of the unfragmented datagram IP. */
static void fix_transport(const struct iphdr *ip, uint8_t *payload,
			  size_t len)
{
	uint32_t sum;

	if (ntohs(ip->frags) & (IPV4_MF | IPV4_FRAG_OFFSET_MASK))
		return;
	switch (ip->protocol) {
	case IP_PROTO_ICMP:
		if (len >= TESTNET_ICMP_CSUM + sizeof(uint16_t))
			put_checksum(payload + TESTNET_ICMP_CSUM, 0, payload,
				     len);
		break;
	case IP_PROTO_UDP:
		if (len < UDP_HLEN)
			break;
		len = MIN(len, MAX((size_t)get_be16(payload + TESTNET_UDP_LEN),
				   (size_t)UDP_HLEN));
		sum = ipv4_pshdr_sum(ip->src, ip->dest, IP_PROTO_UDP, len);
		put_checksum(payload + TESTNET_UDP_CSUM, sum, payload, len);
		break;
	case IP_PROTO_TCP:
		if (len < TCP_HLEN)
			break;
		sum = ipv4_pshdr_sum(ip->src, ip->dest, IP_PROTO_TCP, len);
		put_checksum(payload + TESTNET_TCP_CSUM, sum, payload, len);
		break;
	}
}

void testnet_fix_checksums(uint8_t *frame, size_t len)
{
	size_t hlen, total;
	struct iphdr *ip = frame_ipv4(frame, len, &hlen);

	if (!ip)
		return;
	put_checksum((uint8_t *)&ip->chksum, 0, (uint8_t *)ip, hlen);
	total = MIN((size_t)ntohs(ip->len), len - ETH_HLEN);
	if (total > hlen)
		fix_transport(ip, (uint8_t *)ip + hlen, total - hlen);
}

/*
 * Write the Ethernet and IPv4 headers of a frame from the peer to us
 * carrying LEN bytes of PROTOCOL; returns where the payload goes, or
 * NULL if it does not fit in SIZE bytes.
 */
static uint8_t *put_headers(uint8_t *buf, size_t size, uint8_t protocol,
			    size_t len)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *ip = (struct iphdr *)(buf + ETH_HLEN);

	if (size < ETH_HLEN + IPV4_HLEN || len > size - ETH_HLEN - IPV4_HLEN ||
	    len > IPV4_MAX_LEN - IPV4_HLEN)
		return NULL;
	memcpy(eth->h_dest, testnet_mac, ETH_ALEN);
	memcpy(eth->h_source, testnet_peer_mac, ETH_ALEN);
	eth->h_protocol = htons(ETH_P_IP);
	memset(ip, 0, IPV4_HLEN);
	ip->verhdrlen = TESTNET_VERHDRLEN;
	ip->len = htons((uint16_t)(IPV4_HLEN + len));
	ip->frags = htons(IPV4_DF);
	ip->ttl = IPV4_DEFAULT_TTL;
	ip->protocol = protocol;
	ip->src = TESTNET_PEER_IP;
	ip->dest = TESTNET_OUR_IP;
	return buf + ETH_HLEN + IPV4_HLEN;
}

size_t testnet_udp_frame(uint8_t *buf, size_t size, uint16_t sport,
			 uint16_t dport, const void *payload, size_t len)
{
	uint8_t *data = put_headers(buf, size, IP_PROTO_UDP, UDP_HLEN + len);
	struct udphdr *udp = (struct udphdr *)data;
	size_t total = ETH_HLEN + IPV4_HLEN + UDP_HLEN + len;

	if (!data)
		return 0;
	udp->src = sport;
	udp->dest = dport;
	udp->len = htons((uint16_t)(UDP_HLEN + len));
	memcpy(udp + 1, payload, len);
	testnet_fix_checksums(buf, total);
	return total;
}

size_t testnet_tcp_frame(uint8_t *buf, size_t size, uint16_t sport,
			 uint16_t dport, uint32_t seq, uint32_t ack,
			 uint8_t flags, const void *payload, size_t len)
{
	uint8_t *data = put_headers(buf, size, IP_PROTO_TCP, TCP_HLEN + len);
	struct tcphdr *tcp = (struct tcphdr *)data;
	size_t total = ETH_HLEN + IPV4_HLEN + TCP_HLEN + len;

	if (!data)
		return 0;
	memset(tcp, 0, TCP_HLEN);
	tcp->src = sport;
	tcp->dest = dport;
	tcp->seq = htonl(seq);
	tcp->ack = htonl(ack);
	tcp->doff = (TCP_HLEN / TCP_DOFF_UNIT) << TCP_DOFF_SHIFT;
	tcp->flags = flags;
	tcp->window = htons(TESTNET_WINDOW);
	memcpy(tcp + 1, payload, len);
	testnet_fix_checksums(buf, total);
	return total;
}
