/* SPDX-License-Identifier: MIT */
/* A fake network device for unit tests: captures and injects frames. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/settings.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>
#include "fake_netdev.h"

#define FAKE_IPV4_LEN 4
/* Version 4, five 32-bit words of header. */
#define FAKE_IPV4_VERHDRLEN 0x45
/* A UDP checksum that computes as 0 is sent as all ones. */
#define FAKE_UDP_CSUM_ZERO 0xffff

const uint8_t fake_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
const uint8_t fake_peer_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x65, 0x43, 0x21 };

struct fake_nic {
	struct list_head captured;	/* copies of transmitted frames */
	unsigned int n_captured;
	int tx_rc;			/* what transmit returns if not 0 */
	struct list_head later;		/* frames for the next poll */
	fake_tx_hook hook;
	void *hook_ctx;
};

/* A new buffer holding a copy of the LEN bytes at DATA, or NULL. */
static struct io_buffer *fake_copy(const void *data, size_t len)
{
	struct io_buffer *iob = alloc_iob(len);

	if (iob)
		memcpy(iob_put(iob, len), data, len);
	return iob;
}

static void fake_free_list(struct list_head *list)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, list, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
}

static int fake_open(struct net_device *netdev)
{
	netdev_link_up(netdev);
	return 0;
}

static void fake_close(struct net_device *netdev)
{
	netdev_link_down(netdev);
}

/* Keep a copy of the frame and complete the original at once. */
static int fake_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct fake_nic *nic = netdev->priv;
	struct io_buffer *copy;

	if (nic->tx_rc)
		return nic->tx_rc;
	copy = fake_copy(iob->data, iob_len(iob));
	if (!copy)
		return -ENOMEM;
	list_add_tail(&copy->list, &nic->captured);
	nic->n_captured++;
	if (nic->hook)
		nic->hook(netdev, copy->data, iob_len(copy), nic->hook_ctx);
	netdev_tx_complete(netdev, iob, 0);
	return 0;
}

/* Receive the frames kept for this poll. */
static void fake_poll(struct net_device *netdev)
{
	struct fake_nic *nic = netdev->priv;
	struct io_buffer *iob;

	while (!list_empty(&nic->later)) {
		iob = list_first_entry(&nic->later, struct io_buffer, list);
		list_del(&iob->list);
		netdev_rx(netdev, iob);
	}
}

static const struct net_device_operations fake_operations = {
	.open = fake_open,
	.close = fake_close,
	.transmit = fake_transmit,
	.poll = fake_poll,
};

struct net_device *fake_netdev_create(void)
{
	struct net_device *netdev = alloc_netdev(sizeof(struct fake_nic));
	struct fake_nic *nic;

	if (!netdev)
		return NULL;
	nic = netdev->priv;
	INIT_LIST_HEAD(&nic->captured);
	INIT_LIST_HEAD(&nic->later);
	netdev->op = &fake_operations;
	netdev->driver_name = "fake";
	strlcpy(netdev->bus_location, "fake", sizeof(netdev->bus_location));
	memcpy(netdev->hw_addr, fake_mac, ETH_ALEN);
	if (register_netdev(netdev) < 0) {
		netdev_put(netdev);
		return NULL;
	}
	netdev_open(netdev);
	return netdev;
}

void fake_netdev_destroy(struct net_device *netdev)
{
	struct fake_nic *nic = netdev->priv;

	fake_netdev_tx_flush(netdev);
	fake_free_list(&nic->later);
	unregister_netdev(netdev);
	netdev_put(netdev);
}

/* Store ADDR as SETTING of NETDEV, or delete the setting if ADDR is 0. */
static int fake_store_ipv4(struct net_device *netdev,
			   const struct setting *setting, uint32_t addr)
{
	if (addr == INADDR_ANY)
		return delete_setting(&netdev->settings, setting);
	return store_setting(&netdev->settings, setting, &addr, sizeof(addr));
}

int fake_netdev_configure(struct net_device *netdev, uint32_t ip,
			  uint32_t netmask, uint32_t gateway)
{
	int rc;

	rc = fake_store_ipv4(netdev, &ip_setting, ip);
	if (rc == 0)
		rc = fake_store_ipv4(netdev, &netmask_setting, netmask);
	if (rc == 0)
		rc = fake_store_ipv4(netdev, &gateway_setting, gateway);
	ipv4_update_routes();
	return rc;
}

size_t fake_arp_reply_frame(uint8_t *buf, size_t size,
			    struct net_device *netdev, uint32_t ip)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct arphdr *arp = (struct arphdr *)(buf + ETH_HLEN);
	uint32_t our_ip = INADDR_ANY;

	if (size < FAKE_ARP_FRAME_LEN)
		return 0;
	fetch_ipv4_setting(&netdev->settings, &ip_setting, &our_ip);
	memcpy(eth->h_dest, netdev->ll_addr, ETH_ALEN);
	memcpy(eth->h_source, fake_peer_mac, ETH_ALEN);
	eth->h_protocol = htons(ETH_P_ARP);
	arp->htype = htons(ARP_HTYPE_ETHERNET);
	arp->ptype = htons(ETH_P_IP);
	arp->hlen = ETH_ALEN;
	arp->plen = FAKE_IPV4_LEN;
	arp->op = htons(ARP_OP_REPLY);
	memcpy(arp->sha, fake_peer_mac, ETH_ALEN);
	arp->spa = ip;
	memcpy(arp->tha, netdev->ll_addr, ETH_ALEN);
	arp->tpa = our_ip;
	return FAKE_ARP_FRAME_LEN;
}

void fake_netdev_learn(struct net_device *netdev, uint32_t ip)
{
	uint8_t frame[FAKE_ARP_FRAME_LEN];

	fake_netdev_rx(netdev, frame,
		       fake_arp_reply_frame(frame, sizeof(frame), netdev, ip));
}

void fake_netdev_set_tx_hook(struct net_device *netdev, fake_tx_hook hook,
			     void *ctx)
{
	struct fake_nic *nic = netdev->priv;

	nic->hook = hook;
	nic->hook_ctx = ctx;
}

void fake_netdev_set_tx_rc(struct net_device *netdev, int rc)
{
	struct fake_nic *nic = netdev->priv;

	nic->tx_rc = rc;
}

unsigned int fake_netdev_tx_count(struct net_device *netdev)
{
	struct fake_nic *nic = netdev->priv;

	return nic->n_captured;
}

struct io_buffer *fake_netdev_tx_pop(struct net_device *netdev)
{
	struct fake_nic *nic = netdev->priv;
	struct io_buffer *iob;

	if (list_empty(&nic->captured))
		return NULL;
	iob = list_first_entry(&nic->captured, struct io_buffer, list);
	list_del(&iob->list);
	nic->n_captured--;
	return iob;
}

void fake_netdev_tx_flush(struct net_device *netdev)
{
	struct fake_nic *nic = netdev->priv;

	fake_free_list(&nic->captured);
	nic->n_captured = 0;
}

void fake_netdev_rx(struct net_device *netdev, const void *frame,
		    size_t len)
{
	struct io_buffer *iob = fake_copy(frame, len);

	if (!iob)
		return;
	netdev_rx(netdev, iob);
	net_poll();
}

void fake_netdev_rx_later(struct net_device *netdev, const void *frame,
			  size_t len)
{
	struct fake_nic *nic = netdev->priv;
	struct io_buffer *iob = fake_copy(frame, len);

	if (iob)
		list_add_tail(&iob->list, &nic->later);
}

void fake_ipv4_checksum(uint8_t *frame)
{
	struct iphdr *ip = (struct iphdr *)(frame + ETH_HLEN);

	ip->chksum = 0;
	ip->chksum = inet_checksum(ip, IPV4_HLEN);
}

void fake_ipv4_headers(uint8_t *buf, uint32_t src, uint32_t dest,
		       uint8_t protocol, size_t len)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *ip = (struct iphdr *)(buf + ETH_HLEN);

	memcpy(eth->h_dest, fake_mac, ETH_ALEN);
	memcpy(eth->h_source, fake_peer_mac, ETH_ALEN);
	eth->h_protocol = htons(ETH_P_IP);
	memset(ip, 0, IPV4_HLEN);
	ip->verhdrlen = FAKE_IPV4_VERHDRLEN;
	ip->len = htons((uint16_t)(IPV4_HLEN + len));
	ip->ttl = IPV4_DEFAULT_TTL;
	ip->protocol = protocol;
	ip->src = src;
	ip->dest = dest;
	fake_ipv4_checksum(buf);
}

size_t fake_ipv4_frame(uint8_t *buf, size_t size, uint32_t src,
		       uint32_t dest, uint8_t protocol, const void *payload,
		       size_t len)
{
	size_t total = ETH_HLEN + IPV4_HLEN + len;

	if (size < total)
		return 0;
	fake_ipv4_headers(buf, src, dest, protocol, len);
	memcpy(buf + ETH_HLEN + IPV4_HLEN, payload, len);
	return total;
}

size_t fake_udp_frame(uint8_t *buf, size_t size, uint32_t src,
		      uint16_t src_port, uint32_t dest, uint16_t dest_port,
		      const void *payload, size_t len)
{
	size_t udp_len = UDP_HLEN + len;
	size_t total = ETH_HLEN + IPV4_HLEN + udp_len;
	struct udphdr *udp = (struct udphdr *)(buf + ETH_HLEN + IPV4_HLEN);
	uint32_t sum;

	if (size < total)
		return 0;
	fake_ipv4_headers(buf, src, dest, IP_PROTO_UDP, udp_len);
	udp->src = htons(src_port);
	udp->dest = htons(dest_port);
	udp->len = htons((uint16_t)udp_len);
	udp->chksum = 0;
	memcpy(udp + 1, payload, len);
	sum = ipv4_pshdr_sum(src, dest, IP_PROTO_UDP, udp_len);
	udp->chksum = (uint16_t)~inet_csum_fold(inet_csum_add(sum, udp,
							     udp_len));
	if (!udp->chksum)
		udp->chksum = FAKE_UDP_CSUM_ZERO;
	return total;
}

uint32_t fake_ref_sum(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len % 2)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t fake_ref_checksum(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
