/* SPDX-License-Identifier: MIT */
/* Polling driver for Intel e1000 NICs: 82540EM/82545EM and 82574L. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <arch/io.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/time.h>
#include <drivers/bus/pci.h>
#include <net/netdevice.h>
#include "drivers/net/e1000.h"

/*
 * Descriptors per ring: a power of two, 128-byte multiple in bytes. The
 * receive ring holds a burst of a large TCP window while the stack is busy
 * with the frames before it (qemu stops reading the tap when it is full).
 */
#define E1000_RX_RING		512
#define E1000_TX_RING		128
/*
 * Free receive descriptors gathered before they are given back with one
 * RDT write: every register access is a trap into the emulator (and takes
 * its big lock), so not one per frame.
 */
#define E1000_RX_REFILL_BATCH	32
/* The manual needs 16; a cache line keeps descriptors apart from data. */
#define E1000_RING_ALIGN	128
/* Receive buffer size, matching RCTL.BSIZE. */
#define E1000_RX_BUF_LEN	2048
/* Time for DMA in flight to drain after RX and TX are stopped. */
#define E1000_QUIESCE_MS	10
/* Bounds on waiting for the reset bit to clear, and then for autoload. */
#define E1000_RESET_TIMEOUT_MS	100
#define E1000_RESET_SETTLE_MS	10
/* Bound on an EEPROM word read: polls of EERD.DONE, and the gap. */
#define E1000_EERD_POLLS	1000
#define E1000_EERD_POLL_US	10
/*
 * Milliseconds between reads of link status and error counters: six
 * register reads, which a tight poll loop must not repeat every few
 * microseconds.
 */
#define E1000_CHECK_INTERVAL_MS	100
#define E1000_MAC_WORDS		(ETH_ALEN / 2)
#define E1000_MULTICAST_BIT	0x01
#define E1000_BYTE_BITS		8

/* Chip differences: 82574-class (PCIe) parts. */
#define E1000_CHIP_82574	(1u << 0)

struct e1000_chip {
	uint16_t device;
	uint8_t flags;
};

static const struct e1000_chip e1000_chips[] = {
	{ E1000_DEV_82574L, E1000_CHIP_82574 },
	{ E1000_DEV_82574LA, E1000_CHIP_82574 },
};

struct e1000_nic {
	void *regs;
	unsigned int flags;
	struct e1000_rx_desc *rx_ring;
	struct e1000_tx_desc *tx_ring;
	struct io_buffer *rx_iob[E1000_RX_RING];
	struct io_buffer *tx_iob[E1000_TX_RING];
	unsigned int rx_prod, rx_cons;	/* free-running descriptor counts */
	unsigned int tx_prod, tx_cons;
	bool rx_discard;		/* dropping the rest of a split frame */
	uint64_t checked_ms;		/* last e1000_check() */
};

static uint32_t e1000_read(struct e1000_nic *nic, unsigned int reg)
{
	return readl((char *)nic->regs + reg);
}

static void e1000_write(struct e1000_nic *nic, unsigned int reg,
			uint32_t value)
{
	writel(value, (char *)nic->regs + reg);
}

/* The E1000_CHIP_* flags of DEVICE. */
static unsigned int e1000_chip_flags(uint16_t device)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(e1000_chips); i++) {
		if (e1000_chips[i].device == device)
			return e1000_chips[i].flags;
	}
	return 0;
}

/*
 * Stop receive and transmit, let DMA drain, reset the MAC and mask every
 * interrupt: afterwards the card touches no memory.
 */
static int e1000_reset(struct e1000_nic *nic)
{
	unsigned int ms;

	e1000_write(nic, E1000_IMC, E1000_IMC_ALL);
	e1000_write(nic, E1000_RCTL, 0);
	e1000_write(nic, E1000_TCTL, 0);
	e1000_read(nic, E1000_STATUS);
	mdelay(E1000_QUIESCE_MS);
	e1000_write(nic, E1000_CTRL,
		    e1000_read(nic, E1000_CTRL) | E1000_CTRL_RST);
	ms = 0;
	do {
		if (ms++ == E1000_RESET_TIMEOUT_MS)
			return -ETIMEDOUT;
		mdelay(1);
	} while (e1000_read(nic, E1000_CTRL) & E1000_CTRL_RST);
	mdelay(E1000_RESET_SETTLE_MS);
	e1000_write(nic, E1000_IMC, E1000_IMC_ALL);
	e1000_read(nic, E1000_ICR);
	return 0;
}

/* Read EEPROM word ADDR into *DATA through EERD. */
static int e1000_eeprom_read(struct e1000_nic *nic, unsigned int addr,
			     uint16_t *data)
{
	bool is_82574 = nic->flags & E1000_CHIP_82574;
	uint32_t done = is_82574 ? E1000_EERD_DONE_82574 : E1000_EERD_DONE_8254X;
	unsigned int shift = is_82574 ? E1000_EERD_ADDR_SHIFT_82574 :
					E1000_EERD_ADDR_SHIFT_8254X;
	unsigned int i;
	uint32_t eerd;

	e1000_write(nic, E1000_EERD, (addr << shift) | E1000_EERD_START);
	for (i = 0; i < E1000_EERD_POLLS; i++) {
		eerd = e1000_read(nic, E1000_EERD);
		if (eerd & done) {
			*data = (uint16_t)(eerd >> E1000_EERD_DATA_SHIFT);
			return 0;
		}
		udelay(E1000_EERD_POLL_US);
	}
	return -ETIMEDOUT;
}

static bool e1000_mac_valid(const uint8_t *mac)
{
	static const uint8_t zero[ETH_ALEN];

	return !(mac[0] & E1000_MULTICAST_BIT) &&
	       memcmp(mac, zero, ETH_ALEN) != 0;
}

/* Store the low LEN bytes of VALUE at P, least significant first. */
static void e1000_unpack(uint32_t value, uint8_t *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(value >> (i * E1000_BYTE_BITS));
}

/* The LEN bytes at P as a number, least significant first. */
static uint32_t e1000_pack(const uint8_t *p, unsigned int len)
{
	uint32_t value = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		value |= (uint32_t)p[i] << (i * E1000_BYTE_BITS);
	return value;
}

/* The MAC address: RAL0/RAH0 as loaded from the EEPROM, else the EEPROM. */
static int e1000_read_mac(struct e1000_nic *nic, uint8_t *mac)
{
	uint32_t rah = e1000_read(nic, E1000_RAH0);
	uint16_t word;
	unsigned int i;
	int rc;

	e1000_unpack(e1000_read(nic, E1000_RAL0), mac, E1000_RAL_BYTES);
	e1000_unpack(rah, mac + E1000_RAL_BYTES, ETH_ALEN - E1000_RAL_BYTES);
	if ((rah & E1000_RAH_AV) && e1000_mac_valid(mac))
		return 0;
	for (i = 0; i < E1000_MAC_WORDS; i++) {
		rc = e1000_eeprom_read(nic, E1000_EEPROM_MAC_WORD + i, &word);
		if (rc < 0)
			return rc;
		e1000_unpack(word, mac + i * sizeof(word), sizeof(word));
	}
	return e1000_mac_valid(mac) ? 0 : -ENXIO;
}

/* Program our MAC as the only unicast address and clear multicast. */
static void e1000_set_filters(struct e1000_nic *nic, const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < E1000_MTA_WORDS; i++)
		e1000_write(nic, E1000_MTA + i * sizeof(uint32_t), 0);
	e1000_write(nic, E1000_RAL0, e1000_pack(mac, E1000_RAL_BYTES));
	e1000_write(nic, E1000_RAH0, E1000_RAH_AV |
		    e1000_pack(mac + E1000_RAL_BYTES,
			       ETH_ALEN - E1000_RAL_BYTES));
}

/*
 * Give the card a fresh buffer in every free RX slot and bump RDT, once
 * E1000_RX_REFILL_BATCH slots are free.
 */
static void e1000_rx_refill(struct e1000_nic *nic)
{
	struct e1000_rx_desc *desc;
	struct io_buffer *iob;
	unsigned int slot, start = nic->rx_prod;

	if (E1000_RX_RING - 1 - (nic->rx_prod - nic->rx_cons) <
	    E1000_RX_REFILL_BATCH)
		return;
	while (nic->rx_prod - nic->rx_cons < E1000_RX_RING - 1) {
		iob = alloc_iob(E1000_RX_BUF_LEN);
		if (!iob)
			break;
		slot = nic->rx_prod % E1000_RX_RING;
		desc = &nic->rx_ring[slot];
		memset(desc, 0, sizeof(*desc));
		desc->addr = cpu_to_le64(virt_to_bus(iob->data));
		nic->rx_iob[slot] = iob;
		nic->rx_prod++;
	}
	if (nic->rx_prod != start) {
		wmb();
		e1000_write(nic, E1000_RDT, nic->rx_prod % E1000_RX_RING);
	}
}

/* Point the ring whose registers start at REGS to RING, LEN bytes, empty. */
static void e1000_set_ring(struct e1000_nic *nic, unsigned int regs,
			   const void *ring, size_t len)
{
	uint64_t bus = virt_to_bus(ring);

	e1000_write(nic, regs + E1000_RING_BAL, (uint32_t)bus);
	e1000_write(nic, regs + E1000_RING_BAH, (uint32_t)(bus >> 32));
	e1000_write(nic, regs + E1000_RING_LEN, (uint32_t)len);
	e1000_write(nic, regs + E1000_RING_HEAD, 0);
	e1000_write(nic, regs + E1000_RING_TAIL, 0);
}

/* Sum of the hardware's counters of frames it dropped (clears them). */
static uint32_t e1000_dropped(struct e1000_nic *nic)
{
	static const uint16_t counters[] = {
		E1000_CRCERRS, E1000_ALGNERRC, E1000_RXERRC, E1000_MPC,
		E1000_RLEC,
	};
	uint32_t sum = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counters); i++)
		sum += e1000_read(nic, counters[i]);
	return sum;
}

/* Follow STATUS.LU and count frames the hardware dropped. */
static void e1000_check(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;

	if (e1000_read(nic, E1000_STATUS) & E1000_STATUS_LU)
		netdev_link_up(netdev);
	else
		netdev_link_down(netdev);
	netdev->stats.rx_errors += e1000_dropped(nic);
}

/* Set up the rings and start the MAC; the descriptor memory is ready. */
static void e1000_start(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	uint32_t ctrl, ipgt = E1000_TIPG_IPGT_8254X;

	if (nic->flags & E1000_CHIP_82574) {
		ipgt = E1000_TIPG_IPGT_82574;
		e1000_write(nic, E1000_GCR, e1000_read(nic, E1000_GCR) |
			    E1000_GCR_82574_MUST_SET);
		e1000_write(nic, E1000_TXDCTL, e1000_read(nic, E1000_TXDCTL) |
			    E1000_TXDCTL_82574_MUST_SET);
	}
	ctrl = e1000_read(nic, E1000_CTRL);
	ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPX);
	e1000_write(nic, E1000_CTRL, ctrl | E1000_CTRL_SLU);
	e1000_set_filters(nic, netdev->ll_addr);
	e1000_dropped(nic);

	e1000_set_ring(nic, E1000_RX_RING_REGS, nic->rx_ring,
		       E1000_RX_RING * sizeof(*nic->rx_ring));
	e1000_write(nic, E1000_RDTR, 0);
	e1000_rx_refill(nic);
	e1000_write(nic, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM |
		    E1000_RCTL_BSIZE_2048 | E1000_RCTL_SECRC);

	e1000_set_ring(nic, E1000_TX_RING_REGS, nic->tx_ring,
		       E1000_TX_RING * sizeof(*nic->tx_ring));
	e1000_write(nic, E1000_TIPG, ipgt |
		    E1000_TIPG_IPGR1 << E1000_TIPG_IPGR1_SHIFT |
		    E1000_TIPG_IPGR2 << E1000_TIPG_IPGR2_SHIFT);
	e1000_write(nic, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
		    E1000_TCTL_CT_DEFAULT << E1000_TCTL_CT_SHIFT |
		    E1000_TCTL_COLD_FD << E1000_TCTL_COLD_SHIFT);
	e1000_check(netdev);
}

/* Free both rings and every buffer still in them; the card is quiet. */
static void e1000_free_rings(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	unsigned int i;

	for (i = 0; i < E1000_RX_RING; i++) {
		free_iob(nic->rx_iob[i]);
		nic->rx_iob[i] = NULL;
	}
	for (i = 0; i < E1000_TX_RING; i++) {
		if (nic->tx_iob[i])
			netdev_tx_complete(netdev, nic->tx_iob[i], -ECANCELED);
		nic->tx_iob[i] = NULL;
	}
	free(nic->rx_ring);
	free(nic->tx_ring);
	nic->rx_ring = NULL;
	nic->tx_ring = NULL;
}

static int e1000_open(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	size_t rx_len = E1000_RX_RING * sizeof(*nic->rx_ring);
	size_t tx_len = E1000_TX_RING * sizeof(*nic->tx_ring);

	nic->rx_ring = malloc_aligned(rx_len, E1000_RING_ALIGN);
	nic->tx_ring = malloc_aligned(tx_len, E1000_RING_ALIGN);
	if (!nic->rx_ring || !nic->tx_ring) {
		e1000_free_rings(netdev);
		return -ENOMEM;
	}
	memset(nic->rx_ring, 0, rx_len);
	memset(nic->tx_ring, 0, tx_len);
	nic->rx_prod = nic->rx_cons = 0;
	nic->tx_prod = nic->tx_cons = 0;
	nic->rx_discard = false;
	nic->checked_ms = time_now_ms();
	e1000_start(netdev);
	return 0;
}

/* Queue IOB in the next TX descriptor and tell the card; no waiting. */
static int e1000_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct e1000_nic *nic = netdev->priv;
	unsigned int slot = nic->tx_prod % E1000_TX_RING;
	struct e1000_tx_desc *desc = &nic->tx_ring[slot];

	if (nic->tx_prod - nic->tx_cons >= E1000_TX_RING - 1)
		return -ENOBUFS;
	memset(desc, 0, sizeof(*desc));
	desc->addr = cpu_to_le64(virt_to_bus(iob->data));
	desc->length = cpu_to_le16((uint16_t)iob_len(iob));
	desc->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	nic->tx_iob[slot] = iob;
	nic->tx_prod++;
	wmb();
	e1000_write(nic, E1000_TDT, nic->tx_prod % E1000_TX_RING);
	return 0;
}

/* Complete every transmitted frame the card has written back. */
static void e1000_tx_reap(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	volatile struct e1000_tx_desc *desc;
	unsigned int slot;
	uint8_t status;

	while (nic->tx_cons != nic->tx_prod) {
		slot = nic->tx_cons % E1000_TX_RING;
		desc = &nic->tx_ring[slot];
		status = desc->status;
		if (!(status & E1000_TXD_STAT_DD))
			break;
		rmb();
		netdev_tx_complete(netdev, nic->tx_iob[slot],
				   (status & (E1000_TXD_STAT_EC |
					      E1000_TXD_STAT_LC)) ? -EIO : 0);
		nic->tx_iob[slot] = NULL;
		nic->tx_cons++;
	}
}

/* Stop the card; frames it sent count as sent, the rest are cancelled. */
static void e1000_close(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;

	e1000_reset(nic);
	e1000_tx_reap(netdev);
	e1000_free_rings(netdev);
	netdev_link_down(netdev);
}

/* Pass one completed RX descriptor's buffer up, or report it bad. */
static void e1000_rx_one(struct net_device *netdev, unsigned int slot,
			 uint8_t status)
{
	struct e1000_nic *nic = netdev->priv;
	const volatile struct e1000_rx_desc *desc = &nic->rx_ring[slot];
	struct io_buffer *iob = nic->rx_iob[slot];
	size_t len = le16_to_cpu(desc->length);
	bool eop = status & E1000_RXD_STAT_EOP;
	bool bad = nic->rx_discard || !eop || len > E1000_RX_BUF_LEN ||
		   (desc->errors & E1000_RXD_ERR_FRAME);

	nic->rx_iob[slot] = NULL;
	nic->rx_discard = !eop;
	if (!bad) {
		iob_put(iob, len);
		netdev_rx(netdev, iob);
	} else if (eop) {
		netdev_rx_err(netdev, iob, -EIO);
	} else {
		free_iob(iob);
	}
}

/*
 * Take every received frame off the ring, while the device's queue has
 * room: past that, frames wait in the ring and then in the card.
 */
static void e1000_rx(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	unsigned int slot;
	uint8_t status;

	while (nic->rx_cons != nic->rx_prod &&
	       netdev->rx_queued < NETDEV_RX_QUEUE_MAX) {
		slot = nic->rx_cons % E1000_RX_RING;
		status = ((volatile struct e1000_rx_desc *)
			  &nic->rx_ring[slot])->status;
		if (!(status & E1000_RXD_STAT_DD))
			break;
		rmb();
		e1000_rx_one(netdev, slot, status);
		nic->rx_cons++;
	}
	e1000_rx_refill(nic);
}

static void e1000_poll(struct net_device *netdev)
{
	struct e1000_nic *nic = netdev->priv;
	uint64_t now;

	e1000_tx_reap(netdev);
	e1000_rx(netdev);
	now = time_now_ms();
	if (now - nic->checked_ms >= E1000_CHECK_INTERVAL_MS) {
		nic->checked_ms = now;
		e1000_check(netdev);
	}
}

static const struct net_device_operations e1000_ops = {
	.open = e1000_open,
	.close = e1000_close,
	.transmit = e1000_transmit,
	.poll = e1000_poll,
};

static int e1000_probe(struct pci_device *pci)
{
	struct net_device *netdev;
	struct e1000_nic *nic;
	uint64_t bar;
	int rc;

	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return -ENOMEM;
	netdev->op = &e1000_ops;
	netdev->driver_name = "e1000";
	pci_location(pci, netdev->bus_location);
	nic = netdev->priv;
	nic->flags = e1000_chip_flags(pci->device);
	pci_enable_device(pci);
	bar = pci_bar_start(pci, 0);
	rc = -ENODEV;
	if (pci_bar_is_io(pci, 0) || !bar || (uintptr_t)bar != bar)
		goto err;
	nic->regs = phys_to_virt(bar);
	rc = e1000_reset(nic);
	if (rc < 0)
		goto err;
	rc = e1000_read_mac(nic, netdev->hw_addr);
	if (rc < 0)
		goto err;
	rc = register_netdev(netdev);
	if (rc < 0)
		goto err;
	pci->priv = netdev;
	return 0;
err:
	netdev_put(netdev);
	return rc;
}

static void e1000_remove(struct pci_device *pci)
{
	struct net_device *netdev = pci->priv;

	unregister_netdev(netdev);
	e1000_reset(netdev->priv);
	netdev_put(netdev);
}

static const struct pci_device_id e1000_ids[] = {
	{ E1000_VENDOR_INTEL, E1000_DEV_82540EM, "82540EM" },
	{ E1000_VENDOR_INTEL, E1000_DEV_82545EM, "82545EM" },
	{ E1000_VENDOR_INTEL, E1000_DEV_82540EM_LOM, "82540EM-LOM" },
	{ E1000_VENDOR_INTEL, E1000_DEV_82540EP_LOM, "82540EP-LOM" },
	{ E1000_VENDOR_INTEL, E1000_DEV_82540EP, "82540EP" },
	{ E1000_VENDOR_INTEL, E1000_DEV_82540EP_LP, "82540EP-LP" },
	{ E1000_VENDOR_INTEL, E1000_DEV_82574L, "82574L" },
	{ E1000_VENDOR_INTEL, E1000_DEV_82574LA, "82574LA" },
};

PCI_DRIVER(e1000_driver) = {
	.name = "e1000",
	.ids = e1000_ids,
	.id_count = ARRAY_SIZE(e1000_ids),
	.probe = e1000_probe,
	.remove = e1000_remove,
};
