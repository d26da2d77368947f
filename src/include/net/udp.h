/* SPDX-License-Identifier: MIT */
/* UDP sockets: bind a local port, receive by callback, send datagrams. */
#ifndef NET_UDP_H
#define NET_UDP_H

#include <stddef.h>
#include <stdint.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/list.h>
#include <net/inet.h>
#include <net/netdevice.h>

#define UDP_HLEN 8

/* The UDP header (RFC 768); all fields big endian. */
struct udphdr {
	uint16_t src;
	uint16_t dest;
	uint16_t len;		/* header and payload */
	uint16_t chksum;	/* 0: none */
} __packed;
/* Headroom a UDP sender reserves below its payload. */
#define UDP_MAX_HEADROOM (IOB_MAX_HEADROOM)

struct udp_conn;

/* Called for each datagram to the socket's port; must consume IOB (payload only). */
typedef void (*udp_rx_fn)(struct udp_conn *conn, struct io_buffer *iob,
			  const struct sockaddr_in *src,
			  struct net_device *netdev, void *ctx);

struct udp_conn {
	struct list_head list;
	uint16_t local_port;	/* network order */
	udp_rx_fn rx;
	void *ctx;
};

/*
 * Open a socket on LOCAL_PORT (network order; 0 picks a random unused
 * ephemeral port). Returns 0 or -EADDRINUSE.
 */
int udp_open(struct udp_conn *conn, uint16_t local_port, udp_rx_fn rx,
	     void *ctx);
void udp_close(struct udp_conn *conn);
/* A buffer with headroom for every header and LEN bytes of tailroom. */
struct io_buffer *udp_alloc_iob(size_t len);
/*
 * Send IOB's payload to DEST from the socket's port. NETDEV forces a
 * device (broadcast before configuration); SRC 0 means the route's
 * (see ipv4_tx()). Ownership of IOB passes in every case.
 */
int udp_sendto(struct udp_conn *conn, struct io_buffer *iob,
	       const struct sockaddr_in *dest, uint32_t src,
	       struct net_device *netdev);

#endif
