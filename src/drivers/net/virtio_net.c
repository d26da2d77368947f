/* SPDX-License-Identifier: MIT */
/* virtio-net: the paravirtual NIC of qemu and other hypervisors, polled. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/time.h>
#include <drivers/bus/pci.h>
#include <drivers/bus/virtio.h>
#include <net/netdevice.h>

/* Device feature bits. */
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_FEATURES \
	(VIRTIO_FEATURE(VIRTIO_NET_F_MAC) | \
	 VIRTIO_FEATURE(VIRTIO_NET_F_STATUS) | \
	 VIRTIO_FEATURE(VIRTIO_F_ANY_LAYOUT))

/* Device config: the MAC, then the link status. */
#define VIRTIO_NET_CFG_MAC 0
#define VIRTIO_NET_CFG_STATUS 6
#define VIRTIO_NET_S_LINK_UP 0x1

/* PCI device IDs: transitional, and modern-only (0x1040 + type 1). */
#define VIRTIO_NET_PCI_TRANSITIONAL 0x1000
#define VIRTIO_NET_PCI_MODERN 0x1041

#define VIRTIO_NET_RX_QUEUE 0
#define VIRTIO_NET_TX_QUEUE 1
/*
 * Buffers in flight per direction (a power of two): qemu's default queue
 * size, so that a burst of a large TCP window finds buffers while the
 * stack is busy with the frames before it.
 */
#define VIRTIO_NET_RING_MAX 256
/* Empty receive slots gathered before they are posted and published. */
#define VIRTIO_NET_REFILL_BATCH 32
/* Descriptors per buffer: header and frame apart, without ANY_LAYOUT. */
#define VIRTIO_NET_SEGS_MAX 2
#define VIRTIO_NET_LINK_POLL_MS 100
/* Receive buffers start so that the IP header lands on this boundary. */
#define VIRTIO_NET_IP_ALIGN 4

/* MAC address bits. */
#define ETH_ADDR_MULTICAST 0x01
#define ETH_ADDR_LOCAL 0x02

/*
 * Header in front of every frame, all zero for us (no offloads). Without
 * VERSION_1 (legacy) it ends before num_buffers.
 */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

struct virtio_net_nic {
	struct virtio_device vdev;
	struct virtqueue rx;
	struct virtqueue tx;
	/*
	 * The buffer in each slot, or NULL. Slot N owns descriptors
	 * N * segs .. N * segs + segs - 1.
	 */
	struct io_buffer *rx_iob[VIRTIO_NET_RING_MAX];
	struct io_buffer *tx_iob[VIRTIO_NET_RING_MAX];
	unsigned int segs;		/* descriptors per buffer */
	unsigned int rx_slots;
	unsigned int rx_posted;
	unsigned int rx_fill_next;	/* where to look for an empty one */
	unsigned int tx_slots;
	unsigned int tx_busy;
	unsigned int tx_next;		/* where to look for a free one */
	size_t hdr_len;
	/* Bytes before the header that put the IP header on 4 bytes. */
	size_t rx_pad;
	uint64_t link_checked_ms;
};

/* Give the device LEN bytes at BUF, header first, in SLOT of VQ. */
static void virtio_net_post(struct virtio_net_nic *nic, struct virtqueue *vq,
			    unsigned int slot, void *buf, size_t len,
			    bool device_writes)
{
	char *frame = (char *)buf + nic->hdr_len;
	struct virtqueue_seg segs[VIRTIO_NET_SEGS_MAX] = {
		{ buf, len, device_writes },
		{ frame, len - nic->hdr_len, device_writes },
	};

	if (nic->segs > 1)
		segs[0].len = nic->hdr_len;
	virtqueue_add(vq, slot * nic->segs, segs, nic->segs);
}

/* The slot of the buffer the device returned as ID; SLOTS if none. */
static unsigned int virtio_net_slot(struct virtio_net_nic *nic, uint32_t id,
				    unsigned int slots)
{
	if (id % nic->segs || id / nic->segs >= slots)
		return slots;
	return id / nic->segs;
}

/*
 * Post a receive buffer in each empty slot, once a batch of them is empty
 * (or all are); a failed one is retried later. Devices mostly use buffers
 * in the order they were posted, so the search for empty slots starts
 * where the last one ended.
 */
static void virtio_net_refill(struct virtio_net_nic *nic)
{
	unsigned int empty = nic->rx_slots - nic->rx_posted;
	struct io_buffer *iob;
	unsigned int slot, tries;
	bool added = false;

	if (empty < MIN(nic->rx_slots, (unsigned int)VIRTIO_NET_REFILL_BATCH))
		return;
	for (tries = 0; tries < nic->rx_slots &&
	     nic->rx_posted < nic->rx_slots; tries++) {
		slot = nic->rx_fill_next;
		nic->rx_fill_next = (slot + 1) % nic->rx_slots;
		if (nic->rx_iob[slot])
			continue;
		iob = alloc_iob(nic->rx_pad + nic->hdr_len + ETH_FRAME_LEN_MAX);
		if (!iob)
			break;
		iob_reserve(iob, nic->rx_pad);
		nic->rx_iob[slot] = iob;
		nic->rx_posted++;
		virtio_net_post(nic, &nic->rx, slot, iob->data,
				iob_tailroom(iob), true);
		added = true;
	}
	if (added)
		virtqueue_kick(&nic->rx);
}

/*
 * Pass received frames up; malformed completions are counted, dropped.
 * While the stack's queue is full the rest wait in the ring, so a burst
 * is held back by the device instead of being dropped here.
 */
static void virtio_net_rx(struct net_device *netdev)
{
	struct virtio_net_nic *nic = netdev->priv;
	struct io_buffer *iob;
	unsigned int budget, slot;
	uint32_t id, len;

	for (budget = nic->rx.num;
	     budget && netdev->rx_queued < NETDEV_RX_QUEUE_MAX; budget--) {
		if (!virtqueue_get_used(&nic->rx, &id, &len))
			return;
		slot = virtio_net_slot(nic, id, nic->rx_slots);
		if (slot == nic->rx_slots || !nic->rx_iob[slot]) {
			netdev_rx_err(netdev, NULL, -EPROTO);
			continue;
		}
		iob = nic->rx_iob[slot];
		nic->rx_iob[slot] = NULL;
		nic->rx_posted--;
		if (len < nic->hdr_len + ETH_HLEN || len > iob_tailroom(iob)) {
			netdev_rx_err(netdev, iob, -EPROTO);
			continue;
		}
		iob_put(iob, len);
		iob_pull(iob, nic->hdr_len);
		netdev_rx(netdev, iob);
	}
}

/* Complete the frames the device has sent. */
static void virtio_net_tx_reap(struct net_device *netdev)
{
	struct virtio_net_nic *nic = netdev->priv;
	struct io_buffer *iob;
	unsigned int budget, slot;
	uint32_t id, len;

	for (budget = nic->tx.num; budget; budget--) {
		if (!virtqueue_get_used(&nic->tx, &id, &len))
			return;
		slot = virtio_net_slot(nic, id, nic->tx_slots);
		if (slot == nic->tx_slots || !nic->tx_iob[slot])
			continue;	/* not a frame we posted */
		iob = nic->tx_iob[slot];
		nic->tx_iob[slot] = NULL;
		nic->tx_busy--;
		iob_pull(iob, nic->hdr_len);
		netdev_tx_complete(netdev, iob, 0);
	}
}

/* The link is as the config status says; always up without STATUS. */
static void virtio_net_check_link(struct net_device *netdev)
{
	struct virtio_net_nic *nic = netdev->priv;

	if (!virtio_has_feature(&nic->vdev, VIRTIO_NET_F_STATUS) ||
	    (virtio_cfg_read16(&nic->vdev, VIRTIO_NET_CFG_STATUS) &
	     VIRTIO_NET_S_LINK_UP))
		netdev_link_up(netdev);
	else
		netdev_link_down(netdev);
}

static void virtio_net_poll(struct net_device *netdev)
{
	struct virtio_net_nic *nic = netdev->priv;
	uint64_t now;

	virtio_net_tx_reap(netdev);
	virtio_net_rx(netdev);
	virtio_net_refill(nic);
	now = time_now_ms();
	if (now - nic->link_checked_ms >= VIRTIO_NET_LINK_POLL_MS) {
		nic->link_checked_ms = now;
		virtio_net_check_link(netdev);
	}
}

static int virtio_net_transmit(struct net_device *netdev,
			       struct io_buffer *iob)
{
	struct virtio_net_nic *nic = netdev->priv;
	unsigned int slot;

	if (nic->tx_busy == nic->tx_slots)
		virtio_net_tx_reap(netdev);
	if (nic->tx_busy == nic->tx_slots)
		return -ENOBUFS;
	if (iob_headroom(iob) < nic->hdr_len)
		return -EINVAL;
	for (slot = nic->tx_next; nic->tx_iob[slot];
	     slot = (slot + 1) % nic->tx_slots)
		;
	nic->tx_next = (slot + 1) % nic->tx_slots;
	memset(iob_push(iob, nic->hdr_len), 0, nic->hdr_len);
	nic->tx_iob[slot] = iob;
	nic->tx_busy++;
	virtio_net_post(nic, &nic->tx, slot, iob->data, iob_len(iob), false);
	virtqueue_kick(&nic->tx);
	return 0;
}

/* Stop the device, then give back every buffer and free the rings. */
static void virtio_net_close(struct net_device *netdev)
{
	struct virtio_net_nic *nic = netdev->priv;
	unsigned int slot;

	virtio_quiesce(&nic->vdev);
	for (slot = 0; slot < VIRTIO_NET_RING_MAX; slot++) {
		free_iob(nic->rx_iob[slot]);
		nic->rx_iob[slot] = NULL;
		if (nic->tx_iob[slot]) {
			iob_pull(nic->tx_iob[slot], nic->hdr_len);
			netdev_tx_complete(netdev, nic->tx_iob[slot],
					   -ECANCELED);
			nic->tx_iob[slot] = NULL;
		}
	}
	nic->rx_posted = nic->rx_fill_next = 0;
	nic->tx_busy = nic->tx_next = 0;
	virtqueue_free(&nic->rx);
	virtqueue_free(&nic->tx);
	netdev_link_down(netdev);
}

/* Negotiate, fit the buffer layout to the features, set up both queues. */
static int virtio_net_setup(struct virtio_net_nic *nic)
{
	bool v1;
	int rc;

	rc = virtio_begin(&nic->vdev, VIRTIO_NET_FEATURES);
	if (rc)
		return rc;
	v1 = virtio_has_feature(&nic->vdev, VIRTIO_F_VERSION_1);
	nic->hdr_len = v1 ? sizeof(struct virtio_net_hdr) :
			    offsetof(struct virtio_net_hdr, num_buffers);
	nic->segs = v1 || virtio_has_feature(&nic->vdev, VIRTIO_F_ANY_LAYOUT) ?
		    1 : VIRTIO_NET_SEGS_MAX;
	nic->rx_pad = -(nic->hdr_len + ETH_HLEN) & (VIRTIO_NET_IP_ALIGN - 1);
	rc = virtqueue_setup(&nic->vdev, &nic->rx, VIRTIO_NET_RX_QUEUE,
			     VIRTIO_NET_RING_MAX * nic->segs);
	if (rc)
		return rc;
	rc = virtqueue_setup(&nic->vdev, &nic->tx, VIRTIO_NET_TX_QUEUE,
			     VIRTIO_NET_RING_MAX * nic->segs);
	if (rc)
		return rc;
	nic->rx_slots = MIN(nic->rx.num / nic->segs, VIRTIO_NET_RING_MAX);
	nic->tx_slots = MIN(nic->tx.num / nic->segs, VIRTIO_NET_RING_MAX);
	return nic->rx_slots && nic->tx_slots ? 0 : -ENOTSUP;
}

static int virtio_net_open(struct net_device *netdev)
{
	struct virtio_net_nic *nic = netdev->priv;
	int rc;

	rc = virtio_net_setup(nic);
	if (rc) {
		virtio_net_close(netdev);
		return rc;
	}
	virtio_driver_ok(&nic->vdev);
	virtio_net_refill(nic);
	nic->link_checked_ms = time_now_ms();
	virtio_net_check_link(netdev);
	return 0;
}

static const struct net_device_operations virtio_net_operations = {
	.open = virtio_net_open,
	.close = virtio_net_close,
	.transmit = virtio_net_transmit,
	.poll = virtio_net_poll,
};

/* The device's MAC, or a random locally administered one if it has none. */
static int virtio_net_read_mac(struct net_device *netdev)
{
	struct virtio_net_nic *nic = netdev->priv;
	uint8_t *mac = netdev->hw_addr;
	static const uint8_t zero[ETH_ALEN];
	unsigned int i;
	int rc;

	rc = virtio_begin(&nic->vdev, VIRTIO_NET_FEATURES);
	if (rc == 0 && virtio_has_feature(&nic->vdev, VIRTIO_NET_F_MAC))
		virtio_cfg_read(&nic->vdev, VIRTIO_NET_CFG_MAC, mac, ETH_ALEN);
	virtio_quiesce(&nic->vdev);
	if (rc)
		return rc;
	if ((mac[0] & ETH_ADDR_MULTICAST) || !memcmp(mac, zero, ETH_ALEN)) {
		for (i = 0; i < ETH_ALEN; i++)
			mac[i] = (uint8_t)random();
		mac[0] = (mac[0] & ~ETH_ADDR_MULTICAST) | ETH_ADDR_LOCAL;
	}
	memcpy(netdev->ll_addr, mac, ETH_ALEN);
	return 0;
}

static int virtio_net_probe(struct pci_device *pci)
{
	struct net_device *netdev;
	struct virtio_net_nic *nic;
	int rc;

	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return -ENOMEM;
	nic = netdev->priv;
	netdev->op = &virtio_net_operations;
	netdev->driver_name = "virtio-net";
	pci_location(pci, netdev->bus_location);
	rc = virtio_pci_init(&nic->vdev, pci);
	if (rc == 0)
		rc = virtio_net_read_mac(netdev);
	if (rc == 0)
		rc = register_netdev(netdev);
	if (rc) {
		netdev_put(netdev);
		return rc;
	}
	pci->priv = netdev;
	return 0;
}

static void virtio_net_remove(struct pci_device *pci)
{
	struct net_device *netdev = pci->priv;
	struct virtio_net_nic *nic = netdev->priv;

	unregister_netdev(netdev);
	virtio_quiesce(&nic->vdev);
	netdev_put(netdev);
}

static const struct pci_device_id virtio_net_ids[] = {
	{ VIRTIO_PCI_VENDOR, VIRTIO_NET_PCI_TRANSITIONAL, "virtio-net" },
	{ VIRTIO_PCI_VENDOR, VIRTIO_NET_PCI_MODERN, "virtio-net" },
};

PCI_DRIVER(virtio_net_driver) = {
	.name = "virtio-net",
	.ids = virtio_net_ids,
	.id_count = ARRAY_SIZE(virtio_net_ids),
	.probe = virtio_net_probe,
	.remove = virtio_net_remove,
};
