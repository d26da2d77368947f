/* SPDX-License-Identifier: MIT */
/*
 * IPv4: header validation, fragment reassembly, routing by the per-device
 * address, netmask and gateway settings, and dispatch to ICMP/UDP/TCP.
 */
#ifndef NET_IPV4_H
#define NET_IPV4_H

#include <stdint.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/table.h>
#include <net/inet.h>
#include <net/netdevice.h>

#define IP_PROTO_ICMP 1
#define IP_PROTO_TCP 6
#define IP_PROTO_UDP 17
#define IPV4_HLEN 20
#define IPV4_DEFAULT_TTL 64
/* Bits of iphdr.frags (host order). */
#define IPV4_DF 0x4000			/* don't fragment */
#define IPV4_MF 0x2000			/* more fragments follow */
#define IPV4_FRAG_OFFSET_MASK 0x1fff	/* offset in 8-byte units */
#define IPV4_FRAG_UNIT 8
/* Largest datagram (header included) IPv4 can describe. */
#define IPV4_MAX_LEN 65535

struct iphdr {
	uint8_t verhdrlen;	/* version 4, header length in 32-bit words */
	uint8_t tos;
	uint16_t len;		/* total length, big endian */
	uint16_t ident;
	uint16_t frags;		/* flags and fragment offset */
	uint8_t ttl;
	uint8_t protocol;
	uint16_t chksum;
	uint32_t src;
	uint32_t dest;
} __packed;

/* Where a received datagram came from and went to, for the layer above. */
struct ipv4_rx_info {
	struct net_device *netdev;
	uint32_t src;		/* network order */
	uint32_t dest;		/* network order */
	uint32_t pshdr_sum;	/* partial checksum of the pseudo-header (for UDP/TCP) */
};

/* A transport protocol above IPv4. */
struct ipv4_protocol {
	const char *name;
	uint8_t protocol;
	/* Consume IOB (IP header pulled). */
	void (*rx)(struct io_buffer *iob, const struct ipv4_rx_info *info);
};
TABLE_DECLARE(const struct ipv4_protocol, ipv4_protocols);
#define IPV4_PROTOCOL(ident) \
	const struct ipv4_protocol ident \
	TABLE_ENTRY(const struct ipv4_protocol, ipv4_protocols)

/* A route derived from a device's ip/netmask/gateway settings. */
struct ipv4_route {
	struct list_head list;
	struct net_device *netdev;
	uint32_t address;	/* network order */
	uint32_t netmask;
	uint32_t gateway;	/* 0 if none */
};
extern struct list_head ipv4_routes;

/*
 * Rebuild routes from the settings (after DHCP or `set netX/ip`): one per
 * device with an "ip", using its "netmask" (default: by address class,
 * 255.0.0.0 for 0-127.x, 255.255.0.0 for 128-191.x, else 255.255.255.0)
 * and its "gateway" if any. Devices are looked up with their own block
 * as the scope, so values in netX.dhcp count.
 */
void ipv4_update_routes(void);

/* Is ADDR (network order) an address of NETDEV? */
bool ipv4_has_address(const struct net_device *netdev, uint32_t addr);
/* The route of NETDEV, or NULL if it has no address. */
const struct ipv4_route *ipv4_netdev_route(const struct net_device *netdev);
/* Is ADDR (network order) a multicast group (224.0.0.0/4)? */
bool ipv4_is_multicast(uint32_t addr);

/*
 * How long a partly reassembled datagram waits for its missing fragments
 * (RFC 791 suggests 15 s); tests shorten it.
 */
extern unsigned int ipv4_reassembly_timeout_ms;

/*
 * Send IOB (transport header and payload; IPV4 header room reserved in the
 * headroom) to DEST with PROTOCOL. NETDEV may force the device (for
 * broadcasts before configuration); SRC is then used as given, 0 meaning
 * 0.0.0.0, and a unicast DEST goes by that device's route if it has one,
 * else straight to DEST. Otherwise the route chooses and SRC 0 means the
 * route's address. 255.255.255.255 goes to the first open device unless
 * NETDEV is given. Returns -EMSGSIZE if the datagram exceeds the MTU.
 * Ownership passes in every case.
 */
int ipv4_tx(struct io_buffer *iob, uint8_t protocol, uint32_t src,
	    uint32_t dest, struct net_device *netdev);
/*
 * The source address and device a packet to DEST would use; returns 0 or
 * -ENETUNREACH. For the pseudo-header checksum of TCP/UDP.
 */
int ipv4_route_lookup(uint32_t dest, uint32_t *src, struct net_device **netdev);
/* Partial sum of the pseudo-header for a transport checksum. */
uint32_t ipv4_pshdr_sum(uint32_t src, uint32_t dest, uint8_t protocol,
			size_t len);

#endif
