/* SPDX-License-Identifier: MIT */
/* UDP: sockets by local port, checksummed send and receive. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>

/* Largest value of the 16-bit length field. */
#define UDP_MAX_LEN 0xffff
/* A computed checksum of 0 is sent as all ones; 0 means "none". */
#define UDP_CSUM_NONE 0
#define UDP_CSUM_ZERO 0xffff

static LIST_HEAD(udp_conns);

static struct udp_conn *udp_find(uint16_t local_port)
{
	struct udp_conn *conn;

	list_for_each_entry(conn, &udp_conns, list) {
		if (conn->local_port == local_port)
			return conn;
	}
	return NULL;
}

static bool udp_port_in_use(uint16_t port)
{
	return udp_find(port) != NULL;
}

int udp_open(struct udp_conn *conn, uint16_t local_port, udp_rx_fn rx,
	     void *ctx)
{
	if (!local_port)
		local_port = inet_pick_port(udp_port_in_use);
	if (!local_port || udp_find(local_port))
		return -EADDRINUSE;
	conn->local_port = local_port;
	conn->rx = rx;
	conn->ctx = ctx;
	list_add_tail(&conn->list, &udp_conns);
	return 0;
}

void udp_close(struct udp_conn *conn)
{
	list_del(&conn->list);
}

struct io_buffer *udp_alloc_iob(size_t len)
{
	struct io_buffer *iob = alloc_iob(UDP_MAX_HEADROOM + len);

	if (iob)
		iob_reserve(iob, UDP_MAX_HEADROOM);
	return iob;
}

/* The UDP checksum of the LEN bytes at UDP, given the pseudo-header sum. */
static uint16_t udp_checksum(uint32_t pshdr_sum, const struct udphdr *udp,
			     size_t len)
{
	return (uint16_t)~inet_csum_fold(inet_csum_add(pshdr_sum, udp, len));
}

int udp_sendto(struct udp_conn *conn, struct io_buffer *iob,
	       const struct sockaddr_in *dest, uint32_t src,
	       struct net_device *netdev)
{
	size_t len = iob_len(iob) + UDP_HLEN;
	struct net_device *route_netdev;
	struct udphdr *udp;
	uint16_t csum;
	int rc;

	rc = -EMSGSIZE;
	if (len > UDP_MAX_LEN)
		goto drop;
	rc = -ENOBUFS;
	if (iob_headroom(iob) < UDP_HLEN)
		goto drop;
	if (!netdev && src == INADDR_ANY) {
		rc = ipv4_route_lookup(dest->addr, &src, &route_netdev);
		if (rc < 0)
			goto drop;
	}
	udp = iob_push(iob, UDP_HLEN);
	udp->src = conn->local_port;
	udp->dest = dest->port;
	udp->len = htons((uint16_t)len);
	udp->chksum = UDP_CSUM_NONE;
	csum = udp_checksum(ipv4_pshdr_sum(src, dest->addr, IP_PROTO_UDP, len),
			    udp, len);
	udp->chksum = csum == UDP_CSUM_NONE ? UDP_CSUM_ZERO : csum;
	return ipv4_tx(iob, IP_PROTO_UDP, src, dest->addr, netdev);
drop:
	free_iob(iob);
	return rc;
}

/*
 * Check the header of the datagram in IOB and trim the IP payload to its
 * length; returns false if it is malformed or its checksum is wrong.
 */
static bool udp_check(struct io_buffer *iob, const struct ipv4_rx_info *info)
{
	const struct udphdr *udp = iob->data;
	uint32_t pshdr_sum = info->pshdr_sum;
	size_t len;

	if (iob_len(iob) < UDP_HLEN)
		return false;
	len = ntohs(udp->len);
	if (len < UDP_HLEN || len > iob_len(iob))
		return false;
	if (len < iob_len(iob)) {
		iob_trim(iob, len);
		pshdr_sum = ipv4_pshdr_sum(info->src, info->dest, IP_PROTO_UDP,
					   len);
	}
	if (udp->chksum == UDP_CSUM_NONE)
		return true;
	return inet_csum_fold(inet_csum_add(pshdr_sum, udp, len)) ==
	       INET_CSUM_VALID;
}

static void udp_rx(struct io_buffer *iob, const struct ipv4_rx_info *info)
{
	const struct udphdr *udp = iob->data;
	struct sockaddr_in src;
	struct udp_conn *conn;

	if (!udp_check(iob, info))
		goto drop;
	conn = udp_find(udp->dest);
	if (!conn)
		goto drop;
	src.addr = info->src;
	src.port = udp->src;
	iob_pull(iob, UDP_HLEN);
	conn->rx(conn, iob, &src, info->netdev, conn->ctx);
	return;
drop:
	info->netdev->stats.rx_dropped++;
	free_iob(iob);
}

static IPV4_PROTOCOL(udp_protocol) = {
	.name = "UDP",
	.protocol = IP_PROTO_UDP,
	.rx = udp_rx,
};
