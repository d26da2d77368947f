/* SPDX-License-Identifier: MIT */
/* ARP for IPv4 over Ethernet: the neighbour cache, requests and replies. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/time.h>
#include <core/timer.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>

/* Entries in the cache, over all devices; the oldest goes when full. */
#define ARP_CACHE_MAX 32
/* Packets queued for one unresolved address. */
#define ARP_PENDING_MAX 16
/* How long a resolved entry is trusted without being confirmed. */
#define ARP_LIFETIME_MS (10 * 60 * MS_PER_SEC)
/* Requests for an unresolved address: about three a second for 3 s. */
#define ARP_RETRY_MS 333
#define ARP_MAX_REQUESTS 9
#define ARP_IPV4_LEN 4
/* The group bit of a MAC's first byte. */
#define ETH_ADDR_GROUP 0x01

struct arp_entry {
	struct list_head list;
	/* Retransmits a request, or ends the life of a resolved entry. */
	struct timer timer;
	struct net_device *netdev;
	uint32_t ip;			/* the address resolved */
	uint32_t src;			/* our address, for requests */
	uint8_t mac[ETH_ALEN];
	bool resolved;
	unsigned int requests;		/* requests sent so far */
	struct list_head pending;	/* IPv4 packets waiting for MAC */
	unsigned int n_pending;
};

/* Every entry, newest first. */
static LIST_HEAD(arp_cache);
static unsigned int arp_entries;

static struct arp_entry *arp_find(const struct net_device *netdev,
				  uint32_t ip)
{
	struct arp_entry *entry;

	list_for_each_entry(entry, &arp_cache, list) {
		if (entry->netdev == netdev && entry->ip == ip)
			return entry;
	}
	return NULL;
}

/* Drop the packets waiting on ENTRY, counting each as a transmit error. */
static void arp_drop_pending(struct arp_entry *entry)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &entry->pending, list) {
		list_del(&iob->list);
		free_iob(iob);
		entry->netdev->stats.tx_errors++;
	}
	entry->n_pending = 0;
}

static void arp_free(struct arp_entry *entry)
{
	timer_stop(&entry->timer);
	arp_drop_pending(entry);
	list_del(&entry->list);
	arp_entries--;
	free(entry);
}

static void arp_expired(struct timer *timer);

static struct arp_entry *arp_new(struct net_device *netdev, uint32_t ip)
{
	struct arp_entry *entry;

	if (arp_entries >= ARP_CACHE_MAX)
		arp_free(list_entry(arp_cache.prev, struct arp_entry, list));
	entry = zalloc(sizeof(*entry));
	if (!entry)
		return NULL;
	entry->netdev = netdev;
	entry->ip = ip;
	INIT_LIST_HEAD(&entry->pending);
	timer_init(&entry->timer, arp_expired);
	list_add(&entry->list, &arp_cache);
	arp_entries++;
	return entry;
}

/* Fill the fixed fields of an ARP packet for IPv4 over Ethernet. */
static void arp_fill(struct arphdr *arp, uint16_t op)
{
	arp->htype = htons(ARP_HTYPE_ETHERNET);
	arp->ptype = htons(ETH_P_IP);
	arp->hlen = ETH_ALEN;
	arp->plen = ARP_IPV4_LEN;
	arp->op = htons(op);
}

/* Broadcast "who has ENTRY->ip? tell ENTRY->src". */
static int arp_send_request(struct arp_entry *entry)
{
	struct net_device *netdev = entry->netdev;
	struct io_buffer *iob;
	struct arphdr *arp;

	iob = alloc_iob(IOB_MAX_HEADROOM + sizeof(*arp));
	if (!iob)
		return -ENOMEM;
	iob_reserve(iob, IOB_MAX_HEADROOM);
	arp = iob_put(iob, sizeof(*arp));
	arp_fill(arp, ARP_OP_REQUEST);
	memcpy(arp->sha, netdev->ll_addr, ETH_ALEN);
	arp->spa = entry->src;
	memset(arp->tha, 0, ETH_ALEN);
	arp->tpa = entry->ip;
	entry->requests++;
	return net_tx(iob, netdev, ETH_P_ARP, eth_broadcast);
}

/* Retransmit, give up after ARP_MAX_REQUESTS, or let an entry age out. */
static void arp_expired(struct timer *timer)
{
	struct arp_entry *entry = container_of(timer, struct arp_entry, timer);

	if (entry->resolved || entry->requests >= ARP_MAX_REQUESTS) {
		arp_free(entry);
		return;
	}
	arp_send_request(entry);
	timer_start(&entry->timer, ARP_RETRY_MS);
}

/* Send the packets that waited for ENTRY's MAC. */
static void arp_flush_pending(struct arp_entry *entry)
{
	struct io_buffer *iob;

	while (!list_empty(&entry->pending)) {
		iob = list_first_entry(&entry->pending, struct io_buffer, list);
		list_del(&iob->list);
		entry->n_pending--;
		net_tx(iob, entry->netdev, ETH_P_IP, entry->mac);
	}
}

/* ENTRY's address is at MAC (from an ARP packet): (re)start its life. */
static void arp_learn(struct arp_entry *entry, const uint8_t *mac)
{
	memcpy(entry->mac, mac, ETH_ALEN);
	entry->resolved = true;
	timer_start(&entry->timer, ARP_LIFETIME_MS);
	arp_flush_pending(entry);
}

int arp_tx(struct io_buffer *iob, struct net_device *netdev,
	   uint32_t next_hop, uint32_t src)
{
	struct arp_entry *entry = arp_find(netdev, next_hop);
	bool fresh = !entry;

	if (entry && entry->resolved)
		return net_tx(iob, netdev, ETH_P_IP, entry->mac);
	if (!entry)
		entry = arp_new(netdev, next_hop);
	if (!entry || entry->n_pending >= ARP_PENDING_MAX) {
		netdev->stats.tx_errors++;
		free_iob(iob);
		return entry ? -ENOBUFS : -ENOMEM;
	}
	entry->src = src;
	list_add_tail(&iob->list, &entry->pending);
	entry->n_pending++;
	if (fresh) {
		arp_send_request(entry);
		timer_start(&entry->timer, ARP_RETRY_MS);
	}
	return 0;
}

/* Is ARP a well-formed IPv4-over-Ethernet request or reply? */
static bool arp_is_valid(const struct arphdr *arp)
{
	uint16_t op = ntohs(arp->op);

	return ntohs(arp->htype) == ARP_HTYPE_ETHERNET &&
	       ntohs(arp->ptype) == ETH_P_IP && arp->hlen == ETH_ALEN &&
	       arp->plen == ARP_IPV4_LEN &&
	       (op == ARP_OP_REQUEST || op == ARP_OP_REPLY) &&
	       !(arp->sha[0] & ETH_ADDR_GROUP);
}

/* Turn the request in IOB into our reply and send it back. */
static void arp_reply(struct io_buffer *iob, struct net_device *netdev)
{
	struct arphdr *arp = iob->data;
	uint32_t our_ip = arp->tpa;

	iob_trim(iob, sizeof(*arp));
	arp->op = htons(ARP_OP_REPLY);
	memcpy(arp->tha, arp->sha, ETH_ALEN);
	arp->tpa = arp->spa;
	memcpy(arp->sha, netdev->ll_addr, ETH_ALEN);
	arp->spa = our_ip;
	net_tx(iob, netdev, ETH_P_ARP, arp->tha);
}

/*
 * RFC 826: update the sender's entry if we have one; if the packet is for
 * one of our addresses, learn the sender and answer a request.
 */
static void arp_rx(struct io_buffer *iob, struct net_device *netdev,
		   const uint8_t *ll_source)
{
	struct arphdr *arp = iob->data;
	struct arp_entry *entry;
	bool merged = false;

	if (iob_len(iob) < sizeof(*arp) || !arp_is_valid(arp)) {
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	entry = arp->spa != INADDR_ANY ? arp_find(netdev, arp->spa) : NULL;
	if (entry) {
		arp_learn(entry, arp->sha);
		merged = true;
	}
	if (!ipv4_has_address(netdev, arp->tpa)) {
		free_iob(iob);
		return;
	}
	if (!merged && arp->spa != INADDR_ANY) {
		entry = arp_new(netdev, arp->spa);
		if (entry)
			arp_learn(entry, arp->sha);
	}
	if (ntohs(arp->op) == ARP_OP_REQUEST)
		arp_reply(iob, netdev);
	else
		free_iob(iob);
}

static NET_PROTOCOL(arp_net_protocol) = {
	.name = "ARP",
	.ethertype = ETH_P_ARP,
	.rx = arp_rx,
};

void arp_flush(struct net_device *netdev)
{
	struct arp_entry *entry, *tmp;

	list_for_each_entry_safe(entry, tmp, &arp_cache, list) {
		if (entry->netdev == netdev)
			arp_free(entry);
	}
}

/* A closed device's neighbours may have changed when it opens again. */
static void arp_netdev_changed(struct net_device *netdev)
{
	if (!netdev->is_open)
		arp_flush(netdev);
}

NETDEV_NOTIFIER(arp_notifier) = {
	.changed = arp_netdev_changed,
	.removed = arp_flush,
};
