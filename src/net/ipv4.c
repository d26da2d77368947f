/* SPDX-License-Identifier: MIT */
/* IPv4: receive checks, fragment reassembly, routing and transmission. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/settings.h>
#include <core/time.h>
#include <core/timer.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>

#define IPV4_VERSION 4
#define IPV4_VERSION_SHIFT 4
#define IPV4_IHL_MASK 0x0f
#define IPV4_WORD_LEN 4
#define IPV4_VERHDRLEN \
	(IPV4_VERSION << IPV4_VERSION_SHIFT | IPV4_HLEN / IPV4_WORD_LEN)

/* 224.0.0.0/4, host order. */
#define IPV4_MULTICAST_MASK 0xf0000000U
#define IPV4_MULTICAST_NET 0xe0000000U
/* Classful default netmasks (host order), chosen by the first octet. */
#define IPV4_CLASS_A_LAST 127
#define IPV4_CLASS_B_LAST 191
#define IPV4_FIRST_OCTET_SHIFT 24
#define IPV4_NETMASK_A 0xff000000U
#define IPV4_NETMASK_B 0xffff0000U
#define IPV4_NETMASK_C 0xffffff00U

/* Fragment reassembly limits. */
#define IPV4_REASM_MAX 4
#define IPV4_REASM_TIMEOUT_MS (15 * MS_PER_SEC)
#define IPV4_MAX_PAYLOAD (IPV4_MAX_LEN - IPV4_HLEN)
#define IPV4_REASM_UNITS DIV_ROUND_UP(IPV4_MAX_PAYLOAD, IPV4_FRAG_UNIT)
#define BITS_PER_BYTE 8

LIST_HEAD(ipv4_routes);
unsigned int ipv4_reassembly_timeout_ms = IPV4_REASM_TIMEOUT_MS;

/* The pseudo-header TCP and UDP checksums cover (RFC 768, RFC 793). */
struct ipv4_pshdr {
	uint32_t src;
	uint32_t dest;
	uint8_t zero;
	uint8_t protocol;
	uint16_t len;		/* big endian */
} __packed;

/* Where an outgoing datagram goes. */
struct ipv4_path {
	struct net_device *netdev;
	uint32_t src;
	uint32_t next_hop;
	bool broadcast;		/* to the link-layer broadcast address */
};

/*
 * A datagram being reassembled: its payload is copied into IOB at each
 * fragment's offset, and MAP has a bit per 8-byte unit received, so
 * duplicate and overlapping fragments are counted once and cannot write
 * outside the buffer.
 */
struct ipv4_reassembly {
	struct list_head list;
	struct timer timer;
	struct net_device *netdev;
	uint32_t src;
	uint32_t dest;
	uint16_t ident;
	uint8_t protocol;
	bool have_last;		/* the fragment without MF came */
	size_t total;		/* payload length */
	size_t max_end;		/* furthest payload byte received, plus one */
	size_t units;		/* units received */
	struct io_buffer *iob;
	uint8_t map[DIV_ROUND_UP(IPV4_REASM_UNITS, BITS_PER_BYTE)];
};

/* Datagrams being reassembled, oldest first. */
static LIST_HEAD(reassemblies);
static unsigned int n_reassemblies;
static uint16_t next_ident;

bool ipv4_is_multicast(uint32_t addr)
{
	return (ntohl(addr) & IPV4_MULTICAST_MASK) == IPV4_MULTICAST_NET;
}

static uint32_t ipv4_default_netmask(uint32_t addr)
{
	unsigned int first = ntohl(addr) >> IPV4_FIRST_OCTET_SHIFT;

	if (first <= IPV4_CLASS_A_LAST)
		return htonl(IPV4_NETMASK_A);
	if (first <= IPV4_CLASS_B_LAST)
		return htonl(IPV4_NETMASK_B);
	return htonl(IPV4_NETMASK_C);
}

/* The subnet-directed broadcast address of ROUTE. */
static uint32_t route_broadcast(const struct ipv4_route *route)
{
	return route->address | ~route->netmask;
}

static bool route_is_direct(const struct ipv4_route *route, uint32_t dest)
{
	return ((dest ^ route->address) & route->netmask) == 0;
}

static void ipv4_free_routes(void)
{
	struct ipv4_route *route, *tmp;

	list_for_each_entry_safe(route, tmp, &ipv4_routes, list) {
		list_del(&route->list);
		free(route);
	}
}

/* A setting of NETDEV's block (or its children) as an address; 0 if unset. */
static uint32_t fetch_netdev_ipv4(struct net_device *netdev,
				  const struct setting *setting)
{
	uint32_t addr;

	if (fetch_ipv4_setting(&netdev->settings, setting, &addr) < 0)
		return INADDR_ANY;
	return addr;
}

/* Add the route of NETDEV if it has an address; -ENOMEM if out of memory. */
static int ipv4_add_netdev_route(struct net_device *netdev)
{
	uint32_t address = fetch_netdev_ipv4(netdev, &ip_setting);
	struct ipv4_route *route;

	if (address == INADDR_ANY)
		return 0;
	route = zalloc(sizeof(*route));
	if (!route)
		return -ENOMEM;
	route->netdev = netdev;
	route->address = address;
	route->netmask = fetch_netdev_ipv4(netdev, &netmask_setting);
	if (route->netmask == INADDR_ANY)
		route->netmask = ipv4_default_netmask(address);
	route->gateway = fetch_netdev_ipv4(netdev, &gateway_setting);
	list_add_tail(&route->list, &ipv4_routes);
	return 0;
}

void ipv4_update_routes(void)
{
	struct net_device *netdev;

	ipv4_free_routes();
	for_each_netdev(netdev) {
		if (ipv4_add_netdev_route(netdev) < 0)
			return;
	}
}

/* Routes follow ip/netmask/gateway whenever a setting changes (`set net0/ip`). */
SETTINGS_APPLICATOR(ipv4_routes_applicator) = { ipv4_update_routes };

bool ipv4_has_address(const struct net_device *netdev, uint32_t addr)
{
	const struct ipv4_route *route;

	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev == netdev && route->address == addr)
			return true;
	}
	return false;
}

const struct ipv4_route *ipv4_netdev_route(const struct net_device *netdev)
{
	const struct ipv4_route *route;

	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev == netdev)
			return route;
	}
	return NULL;
}

static bool route_usable(const struct ipv4_route *route,
			 const struct net_device *forced)
{
	return route->netdev->is_open && (!forced || route->netdev == forced);
}

/*
 * The route to DEST: a directly connected one first, else the first with
 * a gateway. Only routes of FORCED count if it is given.
 */
static const struct ipv4_route *ipv4_find_route(
	uint32_t dest, const struct net_device *forced)
{
	const struct ipv4_route *route;

	list_for_each_entry(route, &ipv4_routes, list) {
		if (route_usable(route, forced) && route_is_direct(route, dest))
			return route;
	}
	list_for_each_entry(route, &ipv4_routes, list) {
		if (route_usable(route, forced) && route->gateway)
			return route;
	}
	return NULL;
}

static struct net_device *first_open_netdev(void)
{
	struct net_device *netdev;

	for_each_netdev(netdev) {
		if (netdev->is_open)
			return netdev;
	}
	return NULL;
}

/* The path of a limited broadcast: FORCED or the first open device. */
static int ipv4_broadcast_path(struct net_device *forced,
			       struct ipv4_path *path)
{
	const struct ipv4_route *route;

	path->netdev = forced ? forced : first_open_netdev();
	if (!path->netdev)
		return -ENETUNREACH;
	path->next_hop = INADDR_BROADCAST;
	path->broadcast = true;
	route = ipv4_netdev_route(path->netdev);
	if (!forced && path->src == INADDR_ANY && route)
		path->src = route->address;
	return 0;
}

/* Choose device, source and next hop for DEST (see ipv4_tx()). */
static int ipv4_select_path(uint32_t dest, struct net_device *forced,
			    uint32_t src, struct ipv4_path *path)
{
	const struct ipv4_route *route;
	bool direct;

	path->src = src;
	if (dest == INADDR_BROADCAST)
		return ipv4_broadcast_path(forced, path);
	if (dest == INADDR_ANY || ipv4_is_multicast(dest))
		return -ENETUNREACH;
	route = ipv4_find_route(dest, forced);
	if (!route) {
		if (!forced)
			return -ENETUNREACH;
		path->netdev = forced;
		path->next_hop = dest;
		path->broadcast = false;
		return 0;
	}
	direct = route_is_direct(route, dest);
	path->netdev = route->netdev;
	path->next_hop = direct ? dest : route->gateway;
	path->broadcast = direct && dest == route_broadcast(route);
	if (!forced && src == INADDR_ANY)
		path->src = route->address;
	return 0;
}

int ipv4_route_lookup(uint32_t dest, uint32_t *src, struct net_device **netdev)
{
	struct ipv4_path path;
	int rc;

	rc = ipv4_select_path(dest, NULL, INADDR_ANY, &path);
	if (rc < 0)
		return rc;
	*src = path.src;
	*netdev = path.netdev;
	return 0;
}

uint32_t ipv4_pshdr_sum(uint32_t src, uint32_t dest, uint8_t protocol,
			size_t len)
{
	struct ipv4_pshdr pshdr = {
		.src = src,
		.dest = dest,
		.zero = 0,
		.protocol = protocol,
		.len = htons((uint16_t)len),
	};

	return inet_csum_add(0, &pshdr, sizeof(pshdr));
}

static void ipv4_fill_header(struct iphdr *ip, uint8_t protocol,
			     uint32_t src, uint32_t dest, size_t len)
{
	ip->verhdrlen = IPV4_VERHDRLEN;
	ip->tos = 0;
	ip->len = htons((uint16_t)len);
	ip->ident = htons(next_ident++);
	ip->frags = 0;
	ip->ttl = IPV4_DEFAULT_TTL;
	ip->protocol = protocol;
	ip->chksum = 0;
	ip->src = src;
	ip->dest = dest;
	ip->chksum = inet_checksum(ip, IPV4_HLEN);
}

int ipv4_tx(struct io_buffer *iob, uint8_t protocol, uint32_t src,
	    uint32_t dest, struct net_device *netdev)
{
	size_t len = iob_len(iob) + IPV4_HLEN;
	struct ipv4_path path;
	int rc;

	rc = ipv4_select_path(dest, netdev, src, &path);
	if (rc < 0)
		goto drop;
	rc = -EMSGSIZE;
	if (len > path.netdev->mtu)
		goto drop;
	rc = -ENOBUFS;
	if (iob_headroom(iob) < IPV4_HLEN + ETH_HLEN)
		goto drop;
	ipv4_fill_header(iob_push(iob, IPV4_HLEN), protocol, path.src, dest,
			 len);
	if (path.broadcast)
		return net_tx(iob, path.netdev, ETH_P_IP, eth_broadcast);
	return arp_tx(iob, path.netdev, path.next_hop, path.src);
drop:
	free_iob(iob);
	return rc;
}

/*
 * Is a datagram to DEST for NETDEV? Its address, the limited broadcast,
 * its subnet broadcast; and any unicast while it has no address, because
 * a DHCP server may send the offer to the address it offers.
 */
static bool ipv4_accepts(const struct net_device *netdev, uint32_t dest)
{
	const struct ipv4_route *route;
	bool configured = false;

	if (dest == INADDR_BROADCAST)
		return true;
	if (ipv4_is_multicast(dest))
		return false;
	list_for_each_entry(route, &ipv4_routes, list) {
		if (route->netdev != netdev)
			continue;
		configured = true;
		if (dest == route->address || dest == route_broadcast(route))
			return true;
	}
	return !configured;
}

static const struct ipv4_protocol *find_ipv4_protocol(uint8_t protocol)
{
	const struct ipv4_protocol *proto;

	for_each_table_entry(proto, ipv4_protocols) {
		if (proto->protocol == protocol)
			return proto;
	}
	return NULL;
}

/* Hand a complete datagram's payload IOB to its transport protocol. */
static void ipv4_deliver(struct io_buffer *iob, struct net_device *netdev,
			 uint32_t src, uint32_t dest, uint8_t protocol)
{
	const struct ipv4_protocol *proto = find_ipv4_protocol(protocol);
	struct ipv4_rx_info info = {
		.netdev = netdev,
		.src = src,
		.dest = dest,
		.pshdr_sum = ipv4_pshdr_sum(src, dest, protocol, iob_len(iob)),
	};

	if (!proto) {
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	proto->rx(iob, &info);
}

static void ipv4_reasm_free(struct ipv4_reassembly *reasm)
{
	timer_stop(&reasm->timer);
	list_del(&reasm->list);
	n_reassemblies--;
	if (reasm->iob)
		free_iob(reasm->iob);
	free(reasm);
}

/* Give up a datagram whose fragments did not all come in time. */
static void ipv4_reasm_expired(struct timer *timer)
{
	struct ipv4_reassembly *reasm =
		container_of(timer, struct ipv4_reassembly, timer);

	reasm->netdev->stats.rx_dropped++;
	ipv4_reasm_free(reasm);
}

/* Drop every reassembly of NETDEV. */
static void ipv4_reasm_flush(const struct net_device *netdev)
{
	struct ipv4_reassembly *reasm, *tmp;

	list_for_each_entry_safe(reasm, tmp, &reassemblies, list) {
		if (reasm->netdev == netdev)
			ipv4_reasm_free(reasm);
	}
}

static struct ipv4_reassembly *ipv4_reasm_find(
	const struct net_device *netdev, const struct iphdr *ip)
{
	struct ipv4_reassembly *reasm;

	list_for_each_entry(reasm, &reassemblies, list) {
		if (reasm->netdev == netdev && reasm->src == ip->src &&
		    reasm->dest == ip->dest && reasm->ident == ip->ident &&
		    reasm->protocol == ip->protocol)
			return reasm;
	}
	return NULL;
}

/* Start reassembling the datagram of IP, evicting the oldest if full. */
static struct ipv4_reassembly *ipv4_reasm_new(struct net_device *netdev,
					      const struct iphdr *ip)
{
	struct ipv4_reassembly *reasm;
	struct ipv4_reassembly *oldest;

	if (n_reassemblies >= IPV4_REASM_MAX) {
		oldest = list_first_entry(&reassemblies,
					  struct ipv4_reassembly, list);
		oldest->netdev->stats.rx_dropped++;
		ipv4_reasm_free(oldest);
	}
	reasm = zalloc(sizeof(*reasm));
	if (!reasm)
		return NULL;
	reasm->iob = alloc_iob(IOB_MAX_HEADROOM + IPV4_MAX_PAYLOAD);
	if (!reasm->iob) {
		free(reasm);
		return NULL;
	}
	iob_reserve(reasm->iob, IOB_MAX_HEADROOM);
	reasm->netdev = netdev;
	reasm->src = ip->src;
	reasm->dest = ip->dest;
	reasm->ident = ip->ident;
	reasm->protocol = ip->protocol;
	timer_init(&reasm->timer, ipv4_reasm_expired);
	timer_start(&reasm->timer, ipv4_reassembly_timeout_ms);
	list_add_tail(&reasm->list, &reassemblies);
	n_reassemblies++;
	return reasm;
}

/*
 * Does a fragment ending at END (the last one unless MORE) agree with
 * what came before? Every byte must lie below the total length.
 */
static bool ipv4_reasm_consistent(const struct ipv4_reassembly *reasm,
				  size_t end, bool more)
{
	if (more)
		return !reasm->have_last || end <= reasm->total;
	if (reasm->have_last && reasm->total != end)
		return false;
	return reasm->max_end <= end;
}

/* Mark units FIRST up to LAST received; returns how many were new. */
static size_t ipv4_reasm_mark(struct ipv4_reassembly *reasm, size_t first,
			      size_t last)
{
	size_t unit, added = 0;
	uint8_t bit;

	for (unit = first; unit < last; unit++) {
		bit = (uint8_t)(1U << (unit % BITS_PER_BYTE));
		if (reasm->map[unit / BITS_PER_BYTE] & bit)
			continue;
		reasm->map[unit / BITS_PER_BYTE] |= bit;
		added++;
	}
	return added;
}

/* All fragments are in: pass the datagram up. */
static void ipv4_reasm_complete(struct ipv4_reassembly *reasm)
{
	struct io_buffer *iob = reasm->iob;
	struct net_device *netdev = reasm->netdev;
	uint32_t src = reasm->src;
	uint32_t dest = reasm->dest;
	uint8_t protocol = reasm->protocol;

	reasm->iob = NULL;
	iob_put(iob, reasm->total);
	ipv4_reasm_free(reasm);
	ipv4_deliver(iob, netdev, src, dest, protocol);
}

/* Add the fragment IOB (payload only; header IP) to its datagram. */
static void ipv4_reassemble(struct io_buffer *iob, struct net_device *netdev,
			    const struct iphdr *ip)
{
	uint16_t frags = ntohs(ip->frags);
	size_t offset = (size_t)(frags & IPV4_FRAG_OFFSET_MASK) *
			IPV4_FRAG_UNIT;
	size_t len = iob_len(iob);
	size_t end = offset + len;
	bool more = frags & IPV4_MF;
	struct ipv4_reassembly *reasm;

	if (end > IPV4_MAX_PAYLOAD)
		goto drop;
	if (more && (len == 0 || len % IPV4_FRAG_UNIT))
		goto drop;
	reasm = ipv4_reasm_find(netdev, ip);
	if (!reasm)
		reasm = ipv4_reasm_new(netdev, ip);
	if (!reasm)
		goto drop;
	if (!ipv4_reasm_consistent(reasm, end, more)) {
		ipv4_reasm_free(reasm);
		goto drop;
	}
	if (!more) {
		reasm->have_last = true;
		reasm->total = end;
	}
	reasm->max_end = MAX(reasm->max_end, end);
	memcpy((uint8_t *)reasm->iob->data + offset, iob->data, len);
	reasm->units += ipv4_reasm_mark(reasm, offset / IPV4_FRAG_UNIT,
					DIV_ROUND_UP(end, IPV4_FRAG_UNIT));
	free_iob(iob);
	if (reasm->have_last &&
	    reasm->units == DIV_ROUND_UP(reasm->total, IPV4_FRAG_UNIT))
		ipv4_reasm_complete(reasm);
	return;
drop:
	netdev->stats.rx_dropped++;
	free_iob(iob);
}

/* Validate the header at the start of IOB; returns its length or 0. */
static size_t ipv4_check_header(struct io_buffer *iob)
{
	const struct iphdr *ip = iob->data;
	size_t hlen, total;

	if (iob_len(iob) < IPV4_HLEN)
		return 0;
	if (ip->verhdrlen >> IPV4_VERSION_SHIFT != IPV4_VERSION)
		return 0;
	hlen = (size_t)(ip->verhdrlen & IPV4_IHL_MASK) * IPV4_WORD_LEN;
	if (hlen < IPV4_HLEN || hlen > iob_len(iob))
		return 0;
	if (inet_checksum(ip, hlen) != 0)
		return 0;
	total = ntohs(ip->len);
	if (total < hlen || total > iob_len(iob))
		return 0;
	if (ip->src == INADDR_BROADCAST || ipv4_is_multicast(ip->src))
		return 0;
	return hlen;
}

/* Receive a datagram; options are skipped unread. */
static void ipv4_rx(struct io_buffer *iob, struct net_device *netdev,
		    const uint8_t *ll_source)
{
	const struct iphdr *ip = iob->data;
	size_t hlen = ipv4_check_header(iob);

	if (!hlen || !ipv4_accepts(netdev, ip->dest)) {
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	iob_trim(iob, ntohs(ip->len));
	iob_pull(iob, hlen);
	if (ntohs(ip->frags) & (IPV4_MF | IPV4_FRAG_OFFSET_MASK))
		ipv4_reassemble(iob, netdev, ip);
	else
		ipv4_deliver(iob, netdev, ip->src, ip->dest, ip->protocol);
}

static NET_PROTOCOL(ipv4_net_protocol) = {
	.name = "IPv4",
	.ethertype = ETH_P_IP,
	.rx = ipv4_rx,
};

/* A closed or departing device's fragments can never complete. */
static void ipv4_netdev_changed(struct net_device *netdev)
{
	if (!netdev->is_open)
		ipv4_reasm_flush(netdev);
}

static void ipv4_netdev_removed(struct net_device *netdev)
{
	ipv4_reasm_flush(netdev);
	ipv4_update_routes();
}

NETDEV_NOTIFIER(ipv4_notifier) = {
	.changed = ipv4_netdev_changed,
	.removed = ipv4_netdev_removed,
};
