/* SPDX-License-Identifier: MIT */
/*
 * virtio over PCI: the legacy (0.9.5) and modern (1.0) transports and
 * split virtqueues, for polled drivers (virtio-net, later virtio-blk).
 *
 * A driver calls virtio_pci_init() once, then virtio_begin() to reset the
 * device and negotiate features, virtqueue_setup() for each queue it uses
 * and virtio_driver_ok(). It posts buffers with virtqueue_add() and
 * virtqueue_kick(), and collects them with virtqueue_get_used().
 * virtio_quiesce() stops all DMA before the rings are freed.
 */
#ifndef DRIVERS_BUS_VIRTIO_H
#define DRIVERS_BUS_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <drivers/bus/pci.h>

#define VIRTIO_PCI_VENDOR 0x1af4

/*
 * Generic feature bits. Legacy devices need ANY_LAYOUT before a driver may
 * put headers and data in one descriptor; VERSION_1 implies it.
 */
#define VIRTIO_F_ANY_LAYOUT 27
/* Handled by the transport itself. */
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_FEATURE(bit) ((uint64_t)1 << (bit))

/* Split virtqueue formats (virtio 1.0 section 2.4); all little endian. */
struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VRING_DESC_F_NEXT 0x1
#define VRING_DESC_F_WRITE 0x2	/* the device writes the buffer */

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then le16 used_event */
};
#define VRING_AVAIL_F_NO_INTERRUPT 0x1

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];	/* then le16 avail_event */
};
#define VRING_USED_F_NO_NOTIFY 0x1

struct virtio_device;

struct virtqueue {
	struct virtio_device *vdev;
	unsigned int index;		/* queue number on the device */
	unsigned int num;		/* ring entries, a power of two */
	struct vring_desc *desc;
	struct vring_avail *avail;
	volatile struct vring_used *used;
	void *mem;			/* the ring allocation */
	volatile void *notify;		/* modern: where to write index */
	uint16_t avail_idx;		/* next avail entry to fill */
	uint16_t used_idx;		/* next used entry to read */
};

struct virtio_device {
	struct pci_device *pci;
	bool modern;
	uint16_t ioaddr;		/* legacy: I/O BAR 0 */
	volatile uint8_t *common;	/* modern: common configuration */
	volatile uint8_t *notify_base;	/* modern: notification area */
	uint32_t notify_len;
	uint32_t notify_mult;		/* bytes between queue doorbells */
	volatile uint8_t *cfg;		/* modern: device configuration */
	uint32_t cfg_len;
	uint64_t features;		/* negotiated */
};

/* Find the transport (modern preferred) and map its registers. */
int virtio_pci_init(struct virtio_device *vdev, struct pci_device *pci);
/*
 * Reset the device, announce a driver and accept the features of WANTED
 * the device offers (plus the transport's own); the result is in
 * vdev->features.
 */
int virtio_begin(struct virtio_device *vdev, uint64_t wanted);
/* Tell the device the driver is ready: its queues go live. */
void virtio_driver_ok(struct virtio_device *vdev);
/* Reset the device so it stops all DMA (bus mastering off if it won't). */
void virtio_quiesce(struct virtio_device *vdev);

static inline bool virtio_has_feature(const struct virtio_device *vdev,
				      unsigned int bit)
{
	return vdev->features & VIRTIO_FEATURE(bit);
}

/* Read LEN bytes of byte fields from device config at OFFSET. */
void virtio_cfg_read(struct virtio_device *vdev, unsigned int offset,
		     void *buf, size_t len);
/* Read the 16-bit device config field at OFFSET. */
uint16_t virtio_cfg_read16(struct virtio_device *vdev, unsigned int offset);

/*
 * Set up queue INDEX with at most MAX_NUM entries (a power of two; a
 * legacy device dictates its own size) and used-buffer interrupts off.
 */
int virtqueue_setup(struct virtio_device *vdev, struct virtqueue *vq,
		    unsigned int index, unsigned int max_num);
/* Free the rings of VQ (after virtio_quiesce()); VQ may be unset. */
void virtqueue_free(struct virtqueue *vq);
/* One piece of a buffer: LEN bytes at BUF, read or written by the device. */
struct virtqueue_seg {
	const void *buf;
	size_t len;
	bool device_writes;
};

/*
 * Queue a buffer of COUNT pieces in descriptors HEAD .. HEAD + COUNT - 1
 * (the caller allocates them, below vq->num); the device sees it after
 * virtqueue_kick() and hands it back as HEAD.
 */
void virtqueue_add(struct virtqueue *vq, unsigned int head,
		   const struct virtqueue_seg *segs, unsigned int count);
/* Publish the buffers added and notify the device if it wants that. */
void virtqueue_kick(struct virtqueue *vq);
/*
 * Take the next used entry: descriptor *ID and bytes written *LEN, both
 * as the device claims (callers validate them); false if none.
 */
bool virtqueue_get_used(struct virtqueue *vq, uint32_t *id, uint32_t *len);

#endif
