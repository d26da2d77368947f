/* SPDX-License-Identifier: MIT */
/* The virtio PCI transport (legacy I/O BAR and modern capabilities). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/compiler.h>
#include <core/time.h>
#include <arch/io.h>
#include <drivers/bus/pci.h>
#include <drivers/bus/virtio.h>

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER 0x02
#define VIRTIO_STATUS_DRIVER_OK 0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08

/* Legacy registers in I/O BAR 0. */
#define VIRTIO_LEGACY_BAR 0
#define VIRTIO_LEGACY_DEVICE_FEATURES 0x00
#define VIRTIO_LEGACY_DRIVER_FEATURES 0x04
#define VIRTIO_LEGACY_QUEUE_PFN 0x08
#define VIRTIO_LEGACY_QUEUE_NUM 0x0c
#define VIRTIO_LEGACY_QUEUE_SEL 0x0e
#define VIRTIO_LEGACY_QUEUE_NOTIFY 0x10
#define VIRTIO_LEGACY_STATUS 0x12
/* Device config follows the registers while MSI-X is off (it always is). */
#define VIRTIO_LEGACY_CONFIG 0x14
/* Legacy rings: the used ring starts on a page, given by page number. */
#define VIRTIO_LEGACY_ALIGN 4096
#define VIRTIO_LEGACY_PFN_SHIFT 12
/* Device IDs from here on are modern-only (0x1040 + device type). */
#define VIRTIO_PCI_DEVICE_MODERN 0x1040

/* Vendor capability fields (struct virtio_pci_cap). */
#define VIRTIO_PCI_CAP_LEN 2
#define VIRTIO_PCI_CAP_CFG_TYPE 3
#define VIRTIO_PCI_CAP_BAR 4
#define VIRTIO_PCI_CAP_OFFSET 8
#define VIRTIO_PCI_CAP_LENGTH 12
#define VIRTIO_PCI_CAP_MIN_LEN 16
/* The notify capability adds the doorbell spacing. */
#define VIRTIO_PCI_CAP_NOTIFY_MULT 16
#define VIRTIO_PCI_NOTIFY_CAP_MIN_LEN 20
/* Capability types. */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

/* Modern common configuration registers. */
#define VIRTIO_COMMON_DFSELECT 0x00
#define VIRTIO_COMMON_DF 0x04
#define VIRTIO_COMMON_GFSELECT 0x08
#define VIRTIO_COMMON_GF 0x0c
#define VIRTIO_COMMON_STATUS 0x14
#define VIRTIO_COMMON_CFG_GENERATION 0x15
#define VIRTIO_COMMON_Q_SELECT 0x16
#define VIRTIO_COMMON_Q_SIZE 0x18
#define VIRTIO_COMMON_Q_ENABLE 0x1c
#define VIRTIO_COMMON_Q_NOTIFY_OFF 0x1e
#define VIRTIO_COMMON_Q_DESC 0x20
#define VIRTIO_COMMON_Q_DRIVER 0x28
#define VIRTIO_COMMON_Q_DEVICE 0x30
#define VIRTIO_COMMON_LEN 0x38
/* Feature words of 32 bits, chosen by the select registers. */
#define VIRTIO_FEATURE_WORD_BITS 32
#define VIRTIO_FEATURE_WORD_LOW 0
#define VIRTIO_FEATURE_WORD_HIGH 1
#define VIRTIO_QUEUE_ENABLE 1

/* Largest split ring. */
#define VRING_MAX_NUM 32768
#define VIRTIO_RESET_TIMEOUT_MS 100
/* Config re-reads when it changes under us before giving up. */
#define VIRTIO_CFG_TRIES 8

static uint16_t common_read16(struct virtio_device *vdev, unsigned int reg)
{
	return le16_to_cpu(readw(vdev->common + reg));
}

static uint32_t common_read32(struct virtio_device *vdev, unsigned int reg)
{
	return le32_to_cpu(readl(vdev->common + reg));
}

static void common_write16(struct virtio_device *vdev, unsigned int reg,
			   uint16_t v)
{
	writew(cpu_to_le16(v), vdev->common + reg);
}

static void common_write32(struct virtio_device *vdev, unsigned int reg,
			   uint32_t v)
{
	writel(cpu_to_le32(v), vdev->common + reg);
}

/* 64-bit registers are written as two 32-bit halves, low first. */
static void common_write64(struct virtio_device *vdev, unsigned int reg,
			   uint64_t v)
{
	common_write32(vdev, reg, (uint32_t)v);
	common_write32(vdev, reg + sizeof(uint32_t),
		       (uint32_t)(v >> VIRTIO_FEATURE_WORD_BITS));
}

/*
 * Map the structure that the vendor capability at POS places in a memory
 * BAR, if it holds at least MIN_LEN bytes; *BASE and *LEN are set only
 * on success. -ERANGE: the structure is beyond our address space.
 */
static int virtio_cap_map(struct pci_device *pci, unsigned int pos,
			  uint32_t min_len, volatile uint8_t **base,
			  uint32_t *len)
{
	unsigned int bar = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_BAR);
	uint32_t size = pci_read_config32(pci, pos + VIRTIO_PCI_CAP_LENGTH);
	uint64_t start;

	if (bar >= PCI_BAR_COUNT || size < min_len || pci_bar_is_io(pci, bar))
		return -ENODEV;
	start = pci_bar_start(pci, bar);
	if (!start)
		return -ENODEV;
	start += pci_read_config32(pci, pos + VIRTIO_PCI_CAP_OFFSET);
	if (start > UINTPTR_MAX - size)
		return -ERANGE;
	*base = phys_to_virt(start);
	*len = size;
	return 0;
}

/* Use the vendor capability at POS if it is one we need and lack. */
static int virtio_modern_cap(struct virtio_device *vdev, unsigned int pos)
{
	struct pci_device *pci = vdev->pci;
	unsigned int cap_len = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_LEN);
	uint32_t len;

	if (cap_len < VIRTIO_PCI_CAP_MIN_LEN)
		return -ENODEV;
	switch (pci_read_config8(pci, pos + VIRTIO_PCI_CAP_CFG_TYPE)) {
	case VIRTIO_PCI_CAP_COMMON_CFG:
		if (vdev->common)
			return 0;
		return virtio_cap_map(pci, pos, VIRTIO_COMMON_LEN,
				      &vdev->common, &len);
	case VIRTIO_PCI_CAP_NOTIFY_CFG:
		if (vdev->notify_base ||
		    cap_len < VIRTIO_PCI_NOTIFY_CAP_MIN_LEN)
			return 0;
		vdev->notify_mult = pci_read_config32(pci,
				pos + VIRTIO_PCI_CAP_NOTIFY_MULT);
		return virtio_cap_map(pci, pos, sizeof(uint16_t),
				      &vdev->notify_base, &vdev->notify_len);
	case VIRTIO_PCI_CAP_DEVICE_CFG:
		if (vdev->cfg)
			return 0;
		return virtio_cap_map(pci, pos, 1, &vdev->cfg, &vdev->cfg_len);
	default:
		return 0;
	}
}

/* Find and map the modern structures; the common and notify ones are a must. */
static int virtio_modern_init(struct virtio_device *vdev)
{
	unsigned int pos = 0;
	int err = -ENODEV;

	while ((pos = pci_find_capability(vdev->pci, PCI_CAP_ID_VNDR, pos))) {
		if (virtio_modern_cap(vdev, pos) == -ERANGE)
			err = -ERANGE;
	}
	if (vdev->common && vdev->notify_base)
		return 0;
	if (err == -ERANGE)
		printf("virtio: registers above 4 GiB, out of reach of a "
		       "32-bit build\n");
	vdev->common = vdev->notify_base = vdev->cfg = NULL;
	vdev->cfg_len = 0;
	return err;
}

int virtio_pci_init(struct virtio_device *vdev, struct pci_device *pci)
{
	uint64_t io;
	int rc;

	memset(vdev, 0, sizeof(*vdev));
	vdev->pci = pci;
	rc = virtio_modern_init(vdev);
	if (rc == 0) {
		vdev->modern = true;
		return 0;
	}
	if (pci->device >= VIRTIO_PCI_DEVICE_MODERN ||
	    !pci_bar_is_io(pci, VIRTIO_LEGACY_BAR))
		return rc;
	io = pci_bar_start(pci, VIRTIO_LEGACY_BAR);
	if (!io || io > UINT16_MAX)
		return -ENODEV;
	vdev->ioaddr = (uint16_t)io;
	return 0;
}

static uint8_t virtio_get_status(struct virtio_device *vdev)
{
	if (vdev->modern)
		return readb(vdev->common + VIRTIO_COMMON_STATUS);
	return inb(vdev->ioaddr + VIRTIO_LEGACY_STATUS);
}

static void virtio_set_status(struct virtio_device *vdev, uint8_t status)
{
	if (vdev->modern)
		writeb(status, vdev->common + VIRTIO_COMMON_STATUS);
	else
		outb(status, vdev->ioaddr + VIRTIO_LEGACY_STATUS);
}

static void virtio_add_status(struct virtio_device *vdev, uint8_t bits)
{
	virtio_set_status(vdev, virtio_get_status(vdev) | bits);
}

/* Reset: the device forgets its queues and stops DMA once status reads 0. */
static int virtio_reset(struct virtio_device *vdev)
{
	unsigned int ms;

	virtio_set_status(vdev, 0);
	for (ms = 0; ms < VIRTIO_RESET_TIMEOUT_MS; ms++) {
		if (!virtio_get_status(vdev))
			return 0;
		mdelay(1);
	}
	return -ETIMEDOUT;
}

void virtio_quiesce(struct virtio_device *vdev)
{
	if (virtio_reset(vdev) == 0)
		return;
	printf("virtio: device does not reset; bus mastering off\n");
	pci_disable_bus_master(vdev->pci);
}

static uint64_t virtio_modern_features(struct virtio_device *vdev)
{
	uint64_t high;

	common_write32(vdev, VIRTIO_COMMON_DFSELECT, VIRTIO_FEATURE_WORD_HIGH);
	high = common_read32(vdev, VIRTIO_COMMON_DF);
	common_write32(vdev, VIRTIO_COMMON_DFSELECT, VIRTIO_FEATURE_WORD_LOW);
	return high << VIRTIO_FEATURE_WORD_BITS |
	       common_read32(vdev, VIRTIO_COMMON_DF);
}

/* Accept the offered features of WANTED; modern devices confirm them. */
static int virtio_negotiate(struct virtio_device *vdev, uint64_t wanted)
{
	uint64_t offered;

	if (!vdev->modern) {
		offered = inl(vdev->ioaddr + VIRTIO_LEGACY_DEVICE_FEATURES);
		vdev->features = offered & wanted;
		outl((uint32_t)vdev->features,
		     vdev->ioaddr + VIRTIO_LEGACY_DRIVER_FEATURES);
		return 0;
	}
	offered = virtio_modern_features(vdev);
	if (!(offered & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return -ENOTSUP;
	vdev->features = offered & (wanted |
				    VIRTIO_FEATURE(VIRTIO_F_VERSION_1) |
				    VIRTIO_FEATURE(VIRTIO_F_ACCESS_PLATFORM));
	common_write32(vdev, VIRTIO_COMMON_GFSELECT, VIRTIO_FEATURE_WORD_LOW);
	common_write32(vdev, VIRTIO_COMMON_GF, (uint32_t)vdev->features);
	common_write32(vdev, VIRTIO_COMMON_GFSELECT, VIRTIO_FEATURE_WORD_HIGH);
	common_write32(vdev, VIRTIO_COMMON_GF,
		       (uint32_t)(vdev->features >> VIRTIO_FEATURE_WORD_BITS));
	virtio_add_status(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(virtio_get_status(vdev) & VIRTIO_STATUS_FEATURES_OK))
		return -ENOTSUP;
	return 0;
}

int virtio_begin(struct virtio_device *vdev, uint64_t wanted)
{
	int rc;

	/* Decoding on, and bus mastering back if virtio_quiesce() took it. */
	pci_enable_device(vdev->pci);
	rc = virtio_reset(vdev);
	if (rc)
		return rc;
	virtio_add_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_STATUS_DRIVER);
	return virtio_negotiate(vdev, wanted);
}

void virtio_driver_ok(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_STATUS_DRIVER_OK);
}

static uint8_t virtio_cfg_generation(struct virtio_device *vdev)
{
	if (!vdev->modern)
		return 0;
	return readb(vdev->common + VIRTIO_COMMON_CFG_GENERATION);
}

/* Whether LEN bytes at OFFSET lie in the device config window. */
static bool virtio_cfg_fits(struct virtio_device *vdev, unsigned int offset,
			    unsigned int len)
{
	return !vdev->modern ||
	       (offset < vdev->cfg_len && vdev->cfg_len - offset >= len);
}

/* Out-of-window fields read as 0. */
static uint8_t virtio_cfg_read8(struct virtio_device *vdev,
				unsigned int offset)
{
	if (!virtio_cfg_fits(vdev, offset, sizeof(uint8_t)))
		return 0;
	if (vdev->modern)
		return readb(vdev->cfg + offset);
	return inb(vdev->ioaddr + VIRTIO_LEGACY_CONFIG + offset);
}

void virtio_cfg_read(struct virtio_device *vdev, unsigned int offset,
		     void *buf, size_t len)
{
	uint8_t *p = buf;
	unsigned int tries;
	uint8_t gen;
	size_t i;

	for (tries = 0; tries < VIRTIO_CFG_TRIES; tries++) {
		gen = virtio_cfg_generation(vdev);
		for (i = 0; i < len; i++)
			p[i] = virtio_cfg_read8(vdev, offset + i);
		if (gen == virtio_cfg_generation(vdev))
			return;
	}
}

uint16_t virtio_cfg_read16(struct virtio_device *vdev, unsigned int offset)
{
	if (!virtio_cfg_fits(vdev, offset, sizeof(uint16_t)))
		return 0;
	if (vdev->modern)
		return le16_to_cpu(readw(vdev->cfg + offset));
	return inw(vdev->ioaddr + VIRTIO_LEGACY_CONFIG + offset);
}

/* Select queue INDEX; returns its size on the device (0: no such queue). */
static unsigned int virtio_queue_select(struct virtio_device *vdev,
					unsigned int index)
{
	if (vdev->modern) {
		common_write16(vdev, VIRTIO_COMMON_Q_SELECT, index);
		return common_read16(vdev, VIRTIO_COMMON_Q_SIZE);
	}
	outw(index, vdev->ioaddr + VIRTIO_LEGACY_QUEUE_SEL);
	return inw(vdev->ioaddr + VIRTIO_LEGACY_QUEUE_NUM);
}

/* Rings are laid out as legacy requires (modern accepts that too). */
static size_t vring_used_offset(unsigned int num)
{
	size_t avail_end = num * sizeof(struct vring_desc) +
			   sizeof(struct vring_avail) +
			   (num + 1) * sizeof(uint16_t);

	return ALIGN_UP(avail_end, (size_t)VIRTIO_LEGACY_ALIGN);
}

static size_t vring_size(unsigned int num)
{
	return vring_used_offset(num) + sizeof(struct vring_used) +
	       num * sizeof(struct vring_used_elem) + sizeof(uint16_t);
}

/* Legacy: the ring's page number activates the selected queue. */
static int virtqueue_legacy_enable(struct virtqueue *vq)
{
	uint64_t pfn = virt_to_bus(vq->mem) >> VIRTIO_LEGACY_PFN_SHIFT;

	if (pfn > UINT32_MAX)
		return -ERANGE;
	outl((uint32_t)pfn, vq->vdev->ioaddr + VIRTIO_LEGACY_QUEUE_PFN);
	return 0;
}

/* Modern: program size and ring addresses of the selected queue, enable. */
static int virtqueue_modern_enable(struct virtqueue *vq)
{
	struct virtio_device *vdev = vq->vdev;
	uint64_t off;

	common_write16(vdev, VIRTIO_COMMON_Q_SIZE, vq->num);
	common_write64(vdev, VIRTIO_COMMON_Q_DESC, virt_to_bus(vq->desc));
	common_write64(vdev, VIRTIO_COMMON_Q_DRIVER, virt_to_bus(vq->avail));
	common_write64(vdev, VIRTIO_COMMON_Q_DEVICE,
		       virt_to_bus((const void *)vq->used));
	off = (uint64_t)common_read16(vdev, VIRTIO_COMMON_Q_NOTIFY_OFF) *
	      vdev->notify_mult;
	if (off > vdev->notify_len - sizeof(uint16_t))
		return -ERANGE;
	vq->notify = vdev->notify_base + off;
	common_write16(vdev, VIRTIO_COMMON_Q_ENABLE, VIRTIO_QUEUE_ENABLE);
	return 0;
}

int virtqueue_setup(struct virtio_device *vdev, struct virtqueue *vq,
		    unsigned int index, unsigned int max_num)
{
	unsigned int num;
	size_t size;
	int rc;

	memset(vq, 0, sizeof(*vq));
	num = virtio_queue_select(vdev, index);
	if (vdev->modern)
		num = MIN(num, max_num);
	if (!num || (num & (num - 1)) || num > VRING_MAX_NUM)
		return -ENOTSUP;
	size = vring_size(num);
	vq->mem = malloc_aligned(size, VIRTIO_LEGACY_ALIGN);
	if (!vq->mem)
		return -ENOMEM;
	memset(vq->mem, 0, size);
	vq->vdev = vdev;
	vq->index = index;
	vq->num = num;
	vq->desc = vq->mem;
	vq->avail = (void *)(vq->desc + num);
	vq->used = (void *)((char *)vq->mem + vring_used_offset(num));
	vq->avail->flags = cpu_to_le16(VRING_AVAIL_F_NO_INTERRUPT);
	rc = vdev->modern ? virtqueue_modern_enable(vq) :
			    virtqueue_legacy_enable(vq);
	if (rc)
		virtqueue_free(vq);
	return rc;
}

void virtqueue_free(struct virtqueue *vq)
{
	free(vq->mem);
	memset(vq, 0, sizeof(*vq));
}

void virtqueue_add(struct virtqueue *vq, unsigned int head,
		   const struct virtqueue_seg *segs, unsigned int count)
{
	struct vring_desc *desc;
	unsigned int i;
	uint16_t flags;

	for (i = 0; i < count; i++) {
		desc = &vq->desc[head + i];
		flags = segs[i].device_writes ? VRING_DESC_F_WRITE : 0;
		if (i + 1 < count)
			flags |= VRING_DESC_F_NEXT;
		desc->addr = cpu_to_le64(virt_to_bus(segs[i].buf));
		desc->len = cpu_to_le32((uint32_t)segs[i].len);
		desc->flags = cpu_to_le16(flags);
		desc->next = cpu_to_le16(head + i + 1);
	}
	vq->avail->ring[vq->avail_idx++ & (vq->num - 1)] = cpu_to_le16(head);
}

void virtqueue_kick(struct virtqueue *vq)
{
	struct virtio_device *vdev = vq->vdev;

	/* Ring entries before the index; the index before reading flags. */
	wmb();
	vq->avail->idx = cpu_to_le16(vq->avail_idx);
	mb();
	if (le16_to_cpu(vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		return;
	if (vdev->modern)
		writew(cpu_to_le16(vq->index), vq->notify);
	else
		outw(vq->index, vdev->ioaddr + VIRTIO_LEGACY_QUEUE_NOTIFY);
}

bool virtqueue_get_used(struct virtqueue *vq, uint32_t *id, uint32_t *len)
{
	const volatile struct vring_used_elem *elem;

	if (le16_to_cpu(vq->used->idx) == vq->used_idx)
		return false;
	/* The entry is read only after the index that covers it. */
	rmb();
	elem = &vq->used->ring[vq->used_idx++ & (vq->num - 1)];
	*id = le32_to_cpu(elem->id);
	*len = le32_to_cpu(elem->len);
	return true;
}
