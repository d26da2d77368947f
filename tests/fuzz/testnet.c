/* SPDX-License-Identifier: MIT */
/* The fuzz targets' test network: the fake device, noting what it sends. */
#include <string.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tcp.h>
#include <net/udp.h>
#include "harness.h"
#include "testnet.h"

#define TESTNET_IHL_MASK 0x0f
#define TESTNET_IHL_UNIT 4
/* Where the checksum field sits in each transport header. */
#define TESTNET_ICMP_CSUM 2
#define TESTNET_UDP_LEN 4
#define TESTNET_UDP_CSUM 6
#define TESTNET_TCP_CSUM 16
#define TESTNET_WINDOW 0xffff

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

/* Queue the answer to an ARP request in FRAME, if it is one. */
static void answer_arp(struct net_device *netdev, const uint8_t *frame,
		       size_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	const struct arphdr *arp = (const struct arphdr *)(frame + ETH_HLEN);
	uint8_t reply[FAKE_ARP_FRAME_LEN];

	if (len >= ETH_HLEN + sizeof(*arp) &&
	    eth->h_protocol == htons(ETH_P_ARP) &&
	    arp->op == htons(ARP_OP_REQUEST))
		fake_netdev_rx_later(netdev, reply,
				     fake_arp_reply_frame(reply, sizeof(reply),
							  netdev, arp->tpa));
}

/*
 * Note what a frame we sent is, taking the fake's copy of it (a fuzz
 * input may make the stack send without end).
 */
static void testnet_sent_hook(struct net_device *netdev, const uint8_t *frame,
			      size_t len, void *ctx)
{
	struct io_buffer *iob = fake_netdev_tx_pop(netdev);
	uint8_t *copy = iob->data;
	size_t hlen;
	struct iphdr *ip = frame_ipv4(copy, len, &hlen);
	struct tcphdr *tcp = testnet_frame_tcp(copy, len);
	const struct udphdr *udp;

	if (testnet_flags & TESTNET_ANSWER_ARP)
		answer_arp(netdev, copy, len);
	if (tcp)
		note_tcp(tcp, len - ETH_HLEN - hlen, ip->dest);
	if (ip && ip->protocol == IP_PROTO_UDP &&
	    len >= ETH_HLEN + hlen + UDP_HLEN) {
		udp = (const struct udphdr *)(copy + ETH_HLEN + hlen);
		testnet_sent.udp_seen = true;
		testnet_sent.udp_port = udp->src;
	}
	free_iob(iob);
}

struct net_device *testnet_create(unsigned int flags)
{
	struct net_device *netdev = fake_netdev_create();

	fuzz_check(netdev != NULL);
	memset(&testnet_sent, 0, sizeof(testnet_sent));
	testnet_flags = flags;
	fake_netdev_set_tx_hook(netdev, testnet_sent_hook, NULL);
	fuzz_check(fake_netdev_configure(netdev, TESTNET_OUR_IP,
					 TESTNET_NETMASK,
					 TESTNET_GATEWAY) == 0);
	if (flags & TESTNET_LEARN_PEER)
		fake_netdev_learn(netdev, TESTNET_PEER_IP);
	return netdev;
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

size_t testnet_tcp_frame(uint8_t *buf, size_t size, uint16_t sport,
			 uint16_t dport, uint32_t seq, uint32_t ack,
			 uint8_t flags, const void *payload, size_t len)
{
	struct tcphdr *tcp = (struct tcphdr *)(buf + ETH_HLEN + IPV4_HLEN);
	size_t total = ETH_HLEN + IPV4_HLEN + TCP_HLEN + len;

	if (size < total)
		return 0;
	fake_ipv4_headers(buf, TESTNET_PEER_IP, TESTNET_OUR_IP, IP_PROTO_TCP,
			  TCP_HLEN + len);
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
