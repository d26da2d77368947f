/* SPDX-License-Identifier: MIT */
/*
 * A fake network device for unit tests of the network stack.
 *
 * Nothing is registered until a test asks. A typical test:
 *
 *	struct net_device *netdev = fake_netdev_create();  // netN, open
 *	fake_netdev_configure(netdev, FAKE_IP(10, 0, 0, 2),
 *			      FAKE_IP(255, 255, 255, 0), FAKE_IP(10, 0, 0, 1));
 *	fake_netdev_learn(netdev, FAKE_IP(10, 0, 0, 1));   // skip ARP
 *	len = fake_udp_frame(frame, sizeof(frame), FAKE_IP(10, 0, 0, 1), 67,
 *			     FAKE_IP(10, 0, 0, 2), 68, payload, plen);
 *	fake_netdev_rx(netdev, frame, len);   // received and processed
 *	iob = fake_netdev_tx_pop(netdev);     // first frame sent, or NULL
 *	...                                   // inspect, then free_iob(iob)
 *	fake_netdev_destroy(netdev);          // frees everything it holds
 *
 * Frames received by the fake come from FAKE_PEER_MAC to FAKE_MAC; every
 * frame the stack transmits is copied whole (Ethernet header included)
 * into a queue, in order, and completed at once as sent. A transmit hook
 * can answer frames as a peer would (see fake_netdev_set_tx_hook()).
 */
#ifndef TESTS_UNIT_FAKE_NETDEV_H
#define TESTS_UNIT_FAKE_NETDEV_H

#include <stddef.h>
#include <stdint.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/netdevice.h>

/* An IPv4 address a.b.c.d in network order, as the stack keeps them. */
#define FAKE_IP(a, b, c, d) \
	htonl((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
	      (uint32_t)(c) << 8 | (uint32_t)(d))

/* The fake device's MAC, 52:54:00:12:34:56. */
extern const uint8_t fake_mac[ETH_ALEN];
/* The MAC every injected frame comes from, 52:54:00:65:43:21. */
extern const uint8_t fake_peer_mac[ETH_ALEN];

/* Create, register (as the next netN) and open a fake device, or NULL. */
struct net_device *fake_netdev_create(void);
/* Drop captured frames, unregister and free the device. */
void fake_netdev_destroy(struct net_device *netdev);

/*
 * Store ip, netmask and gateway (network order; 0 deletes that setting)
 * in the device's settings block and rebuild the routes.
 */
int fake_netdev_configure(struct net_device *netdev, uint32_t ip,
			  uint32_t netmask, uint32_t gateway);
/*
 * Make ARP know that IP is at FAKE_PEER_MAC, by injecting an ARP reply
 * to the device's configured address (configure it first).
 */
void fake_netdev_learn(struct net_device *netdev, uint32_t ip);
/* The length of an ARP frame over Ethernet. */
#define FAKE_ARP_FRAME_LEN (ETH_HLEN + sizeof(struct arphdr))
/*
 * Build into BUF (SIZE bytes) the ARP reply fake_netdev_learn() injects:
 * IP is at FAKE_PEER_MAC. Returns its length, or 0 if BUF is small.
 */
size_t fake_arp_reply_frame(uint8_t *buf, size_t size,
			    struct net_device *netdev, uint32_t ip);

/* Make transmit refuse frames with RC (negative), or accept them again (0). */
void fake_netdev_set_tx_rc(struct net_device *netdev, int rc);
/* Frames captured and not yet popped. */
unsigned int fake_netdev_tx_count(struct net_device *netdev);
/* The oldest captured frame (the caller frees it), or NULL. */
struct io_buffer *fake_netdev_tx_pop(struct net_device *netdev);
/* Free every captured frame. */
void fake_netdev_tx_flush(struct net_device *netdev);

/*
 * Hand a copy of the LEN-byte FRAME to the stack as received by the
 * device (netdev_rx()), then run one network step so it is processed.
 */
void fake_netdev_rx(struct net_device *netdev, const void *frame,
		    size_t len);
/*
 * Keep a copy of FRAME for the device's next poll, which receives it:
 * for replies made inside a transmit hook, or for a test that then
 * waits in the event loop (as a command does).
 */
void fake_netdev_rx_later(struct net_device *netdev, const void *frame,
			  size_t len);

/*
 * Called with each frame the stack transmits (after it is captured): a
 * test can play the peer by answering with fake_netdev_rx_later().
 */
typedef void (*fake_tx_hook)(struct net_device *netdev, const uint8_t *frame,
			     size_t len, void *ctx);
/* Install HOOK (NULL: none) with its CTX. */
void fake_netdev_set_tx_hook(struct net_device *netdev, fake_tx_hook hook,
			     void *ctx);

/*
 * Build into BUF (SIZE bytes) an Ethernet frame from FAKE_PEER_MAC to
 * FAKE_MAC holding an IPv4 datagram (20-byte header, correct checksum,
 * ident 0, no fragmentation, TTL 64) from SRC to DEST with PROTOCOL and
 * LEN bytes of PAYLOAD. Returns the frame length, or 0 if BUF is small.
 */
size_t fake_ipv4_frame(uint8_t *buf, size_t size, uint32_t src,
		       uint32_t dest, uint8_t protocol, const void *payload,
		       size_t len);
/*
 * Write only the headers fake_ipv4_frame() writes, for LEN bytes of
 * PROTOCOL that the caller puts after them (BUF must hold them all).
 */
void fake_ipv4_headers(uint8_t *buf, uint32_t src, uint32_t dest,
		       uint8_t protocol, size_t len);
/*
 * As fake_ipv4_frame() with a UDP header (ports in HOST order) and a
 * correct UDP checksum before PAYLOAD.
 */
size_t fake_udp_frame(uint8_t *buf, size_t size, uint32_t src,
		      uint16_t src_port, uint32_t dest, uint16_t dest_port,
		      const void *payload, size_t len);
/* Recompute the IPv4 header checksum of FRAME after editing the header. */
void fake_ipv4_checksum(uint8_t *frame);

/*
 * A plain reference Internet checksum (16 bits at a time, big endian),
 * independent of the stack's: the value to compare with get_be16() of a
 * checksum field. SUM is a partial sum from earlier data (start with 0).
 */
uint32_t fake_ref_sum(uint32_t sum, const void *data, size_t len);
uint16_t fake_ref_checksum(uint32_t sum);

#endif
