/* SPDX-License-Identifier: MIT */
/* Realtek RTL8139 Fast Ethernet (polled): receive ring, four TX buffers. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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

#define RTL_VENDOR_REALTEK	0x10ec
#define RTL_DEV_8139		0x8139
/* The registers are in I/O space behind BAR0. */
#define RTL_IO_BAR		0

/* Registers (RTL8139D datasheet, section 5). */
#define RTL_IDR0		0x00	/* MAC address, six bytes */
#define RTL_TSD0		0x10	/* transmit status of descriptor 0..3 */
#define RTL_TSAD0		0x20	/* transmit start address of 0..3 */
#define RTL_DESC_STRIDE		4	/* bytes between TSDn (and TSADn) */
#define RTL_RBSTART		0x30	/* receive ring start address */
#define RTL_CR			0x37	/* command */
#define RTL_CAPR		0x38	/* current address of packet read */
#define RTL_CBR			0x3a	/* current buffer address (writes) */
#define RTL_IMR			0x3c	/* interrupt mask */
#define RTL_ISR			0x3e	/* interrupt status, write 1 to clear */
#define RTL_TCR			0x40	/* transmit configuration */
#define RTL_RCR			0x44	/* receive configuration */
#define RTL_MPC			0x4c	/* missed packet counter */
#define RTL_9346CR		0x50	/* EEPROM command: config write lock */
#define RTL_CONFIG1		0x52
#define RTL_MSR			0x58	/* media status */
#define RTL_HLTCLK		0x5b	/* clock halt (original RTL8139 only) */

#define RTL_CR_TE		(1u << 2)	/* transmitter enable */
#define RTL_CR_RE		(1u << 3)	/* receiver enable */
#define RTL_CR_RST		(1u << 4)	/* reset; clears when done */

#define RTL_ISR_ROK		(1u << 0)
#define RTL_ISR_RER		(1u << 1)
#define RTL_ISR_TOK		(1u << 2)
#define RTL_ISR_TER		(1u << 3)
#define RTL_ISR_RXOVW		(1u << 4)	/* receive ring overflow */
#define RTL_ISR_PUN		(1u << 5)	/* link change */
#define RTL_ISR_FOVW		(1u << 6)	/* receive FIFO overflow */
#define RTL_ISR_SERR		(1u << 15)	/* PCI bus error: DMA stopped */
#define RTL_ISR_OVERFLOW	(RTL_ISR_RXOVW | RTL_ISR_FOVW)
#define RTL_ISR_HANDLED		(RTL_ISR_ROK | RTL_ISR_RER | RTL_ISR_TOK | \
				 RTL_ISR_TER | RTL_ISR_OVERFLOW | \
				 RTL_ISR_PUN | RTL_ISR_SERR)

#define RTL_TSD_TUN		(1u << 14)	/* FIFO underrun */
#define RTL_TSD_TOK		(1u << 15)	/* sent */
#define RTL_TSD_ERTXTH_SHIFT	16	/* early transmit threshold ... */
#define RTL_TSD_ERTXTH_UNIT	32	/* ... in units of 32 bytes */
#define RTL_TSD_OWC		(1u << 29)	/* out of window collision */
#define RTL_TSD_TABT		(1u << 30)	/* aborted */
#define RTL_TSD_DONE		(RTL_TSD_TOK | RTL_TSD_TUN | RTL_TSD_TABT)
#define RTL_TSD_ERRORS		(RTL_TSD_TUN | RTL_TSD_OWC | RTL_TSD_TABT)

#define RTL_TCR_MXDMA_2048	(7u << 8)	/* DMA bursts of 2048 bytes */
#define RTL_TCR_IFG_STD		(3u << 24)	/* 802.3 interframe gap */
#define RTL_TCR_HWVER_MASK	0x7cc00000u
#define RTL_TCR_HWVER_8139	0x60000000u	/* the original RTL8139 */

#define RTL_RCR_APM		(1u << 1)	/* accept our MAC */
#define RTL_RCR_AB		(1u << 3)	/* accept broadcast */
#define RTL_RCR_MXDMA_UNLIMITED	(7u << 8)
#define RTL_RCR_RBLEN_64K	(3u << 11)	/* 64K + 16 byte ring */
#define RTL_RCR_RXFTH_NONE	(7u << 13)	/* DMA only whole frames */

#define RTL_MPC_MASK		0x00ffffffu	/* a 24-bit counter */
#define RTL_9346CR_NORMAL	0x00
#define RTL_9346CR_CONFIG_WRITE	0xc0	/* CONFIGx writable */
#define RTL_CONFIG1_PWRDN	(1u << 0)	/* original RTL8139 only */
#define RTL_CONFIG1_SLEEP	(1u << 1)	/* original RTL8139 only */
#define RTL_MSR_LINKB		(1u << 2)	/* set while the link is down */
#define RTL_HLTCLK_RUN		'R'

/*
 * Receive ring. With a 64K ring the WRAP bit is not honoured, so a frame
 * may continue at the start of the ring; the chip wants 16 spare bytes.
 */
#define RTL_RX_RING_LEN		(64u * 1024)
#define RTL_RX_RING_PAD		16
#define RTL_RX_HDR_LEN		4	/* status (16 bits), length (16 bits) */
#define RTL_RX_ROK		(1u << 0)
#define RTL_RX_LEN_SHIFT	16
/* The length some chips show while a frame is still being copied in. */
#define RTL_RX_LEN_BUSY		0xfff0
#define RTL_FCS_LEN		4
#define RTL_VLAN_LEN		4
/* Frame lengths the chip reports, FCS included. */
#define RTL_RX_LEN_MIN		64
#define RTL_RX_LEN_MAX		(ETH_HLEN + RTL_VLAN_LEN + ETH_DATA_LEN + \
				 RTL_FCS_LEN)
/* CAPR lags the read offset by 16 bytes. */
#define RTL_CAPR_BIAS		16
#define RTL_RX_OFFSET_ALIGN	4
/* Offset of a frame in its buffer: puts the IP header on 4 bytes. */
#define RTL_RX_ALIGN		2
/* Frames taken from the ring per poll, so the stack keeps up. */
#define RTL_RX_BUDGET		64

#define RTL_TX_SLOTS		4
#define RTL_TX_BUF_LEN		1536
/* Shortest frame on the wire, before the FCS. */
#define RTL_TX_LEN_MIN		60
/* Start sending once a whole buffer's worth is in the FIFO: no underrun. */
#define RTL_TSD_ERTXTH \
	((RTL_TX_BUF_LEN / RTL_TSD_ERTXTH_UNIT) << RTL_TSD_ERTXTH_SHIFT)

/* One block for the chip: the receive ring, then the transmit buffers. */
#define RTL_TX_BUF_OFFSET	(RTL_RX_RING_LEN + RTL_RX_RING_PAD)
#define RTL_DMA_LEN		(RTL_TX_BUF_OFFSET + \
				 RTL_TX_SLOTS * RTL_TX_BUF_LEN)
#define RTL_DMA_ALIGN		16
/* The chip's address registers are 32 bits wide. */
#define RTL_DMA_LIMIT		(1ull << 32)
_Static_assert(RTL_TX_BUF_OFFSET % RTL_DMA_ALIGN == 0 &&
	       RTL_TX_BUF_LEN % RTL_DMA_ALIGN == 0,
	       "transmit buffers must stay aligned");

#define RTL_RESET_TIMEOUT_US	10000
#define RTL_RESET_POLL_US	10
/* Period of the link check and the transmit watchdog. */
#define RTL_TICK_MS		500

#define RTL_MAC_MULTICAST	0x01

#define RTL_RCR_VALUE	(RTL_RCR_APM | RTL_RCR_AB | RTL_RCR_MXDMA_UNLIMITED | \
			 RTL_RCR_RBLEN_64K | RTL_RCR_RXFTH_NONE)
#define RTL_TCR_VALUE	(RTL_TCR_MXDMA_2048 | RTL_TCR_IFG_STD)

struct rtl_nic {
	uint16_t port;			/* I/O BAR base */
	uint8_t *dma;			/* ring and buffers while open */
	unsigned int rx_offset;		/* next frame in the ring */
	struct io_buffer *tx_iob[RTL_TX_SLOTS];
	unsigned int tx_prod;		/* frames handed to the chip */
	unsigned int tx_cons;		/* frames completed */
	uint64_t tick_ms;		/* time of the last tick */
	unsigned int tick_tx_cons;	/* tx_cons at the last tick */
	bool tick_tx_busy;		/* frames were in flight then */
};

static uint8_t *rtl_tx_buf(const struct rtl_nic *nic, unsigned int slot)
{
	return nic->dma + RTL_TX_BUF_OFFSET + slot * RTL_TX_BUF_LEN;
}

/* Software reset: stops DMA, empties the FIFOs; 0 or -ETIMEDOUT. */
static int rtl_reset(const struct rtl_nic *nic)
{
	unsigned int waited;

	outb(RTL_CR_RST, nic->port + RTL_CR);
	for (waited = 0; waited < RTL_RESET_TIMEOUT_US;
	     waited += RTL_RESET_POLL_US) {
		if (!(inb(nic->port + RTL_CR) & RTL_CR_RST))
			return 0;
		udelay(RTL_RESET_POLL_US);
	}
	return -ETIMEDOUT;
}

/*
 * Wake an original RTL8139 from power-down. Later chips use these CONFIG1
 * bits for PME and VPD, which stay as the EEPROM set them.
 */
static void rtl_power_up(const struct rtl_nic *nic)
{
	uint8_t config1;

	if ((inl(nic->port + RTL_TCR) & RTL_TCR_HWVER_MASK) !=
	    RTL_TCR_HWVER_8139)
		return;
	outb(RTL_HLTCLK_RUN, nic->port + RTL_HLTCLK);
	outb(RTL_9346CR_CONFIG_WRITE, nic->port + RTL_9346CR);
	config1 = inb(nic->port + RTL_CONFIG1);
	outb(config1 & ~(RTL_CONFIG1_PWRDN | RTL_CONFIG1_SLEEP),
	     nic->port + RTL_CONFIG1);
	outb(RTL_9346CR_NORMAL, nic->port + RTL_9346CR);
}

/* Give the ring up to the read offset back to the chip. */
static void rtl_rx_release(const struct rtl_nic *nic)
{
	outw((uint16_t)(nic->rx_offset - RTL_CAPR_BIAS), nic->port + RTL_CAPR);
}

/* Program a freshly reset chip; interrupts stay masked. */
static void rtl_hw_start(struct rtl_nic *nic)
{
	unsigned int i;

	outw(0, nic->port + RTL_IMR);
	outl((uint32_t)virt_to_bus(nic->dma), nic->port + RTL_RBSTART);
	for (i = 0; i < RTL_TX_SLOTS; i++)
		outl((uint32_t)virt_to_bus(rtl_tx_buf(nic, i)),
		     nic->port + RTL_TSAD0 + i * RTL_DESC_STRIDE);
	/* RCR and TCR take their values only once RE and TE are set. */
	outb(RTL_CR_RE | RTL_CR_TE, nic->port + RTL_CR);
	outl(RTL_RCR_VALUE, nic->port + RTL_RCR);
	outl(RTL_TCR_VALUE, nic->port + RTL_TCR);
	nic->rx_offset = 0;
	rtl_rx_release(nic);
	nic->tx_prod = 0;
	nic->tx_cons = 0;
}

/* Complete every frame the chip still holds with RC. */
static void rtl_tx_cancel(struct net_device *netdev, int rc)
{
	struct rtl_nic *nic = netdev->priv;
	unsigned int slot;

	while (nic->tx_cons != nic->tx_prod) {
		slot = nic->tx_cons++ % RTL_TX_SLOTS;
		netdev_tx_complete(netdev, nic->tx_iob[slot], rc);
		nic->tx_iob[slot] = NULL;
	}
}

/* Recover a chip that failed or stopped: drop frames in flight, restart. */
static void rtl_restart(struct net_device *netdev, int rc)
{
	struct rtl_nic *nic = netdev->priv;

	rtl_tx_cancel(netdev, rc);
	if (rtl_reset(nic) == 0)
		rtl_hw_start(nic);
}

/* Complete the frames the chip has finished with, in order. */
static void rtl_tx_reap(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;
	unsigned int slot;
	uint32_t tsd;

	while (nic->tx_cons != nic->tx_prod) {
		slot = nic->tx_cons % RTL_TX_SLOTS;
		tsd = inl(nic->port + RTL_TSD0 + slot * RTL_DESC_STRIDE);
		if (!(tsd & RTL_TSD_DONE))
			return;
		netdev_tx_complete(netdev, nic->tx_iob[slot],
				   (tsd & RTL_TSD_ERRORS) ? -EIO : 0);
		nic->tx_iob[slot] = NULL;
		nic->tx_cons++;
		/* An abort holds the transmitter until the chip is reset. */
		if (tsd & RTL_TSD_TABT) {
			rtl_restart(netdev, -EIO);
			return;
		}
	}
}

/* Copy the frame into the next transmit buffer and start it. */
static int rtl_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct rtl_nic *nic = netdev->priv;
	size_t len = iob_len(iob);
	unsigned int slot;
	uint8_t *buf;

	if (len > RTL_TX_BUF_LEN)
		return -EMSGSIZE;
	/* Reaping may restart the chip, which renumbers the slots. */
	if (nic->tx_prod - nic->tx_cons == RTL_TX_SLOTS)
		rtl_tx_reap(netdev);
	if (nic->tx_prod - nic->tx_cons == RTL_TX_SLOTS)
		return -ENOBUFS;
	slot = nic->tx_prod % RTL_TX_SLOTS;
	buf = rtl_tx_buf(nic, slot);
	memcpy(buf, iob->data, len);
	if (len < RTL_TX_LEN_MIN) {
		memset(buf + len, 0, RTL_TX_LEN_MIN - len);
		len = RTL_TX_LEN_MIN;
	}
	nic->tx_iob[slot] = iob;
	nic->tx_prod++;
	wmb();
	outl((uint32_t)len | RTL_TSD_ERTXTH,
	     nic->port + RTL_TSD0 + slot * RTL_DESC_STRIDE);
	return 0;
}

/* Copy LEN bytes from ring offset OFFSET on; they may wrap to the start. */
static void rtl_ring_copy(const struct rtl_nic *nic, uint8_t *dst,
			  unsigned int offset, size_t len)
{
	size_t first;

	offset &= RTL_RX_RING_LEN - 1;
	first = MIN(len, (size_t)(RTL_RX_RING_LEN - offset));
	memcpy(dst, nic->dma + offset, first);
	memcpy(dst + first, nic->dma, len - first);
}

/*
 * Pass up the frame at the read offset, of which the chip has written
 * AVAIL bytes; false when there is nothing more to take now (frame still
 * arriving, or the chip restarted).
 */
static bool rtl_rx_one(struct net_device *netdev, unsigned int avail)
{
	struct rtl_nic *nic = netdev->priv;
	struct io_buffer *iob;
	uint32_t header;
	unsigned int len;

	memcpy(&header, nic->dma + nic->rx_offset, sizeof(header));
	header = le32_to_cpu(header);
	len = header >> RTL_RX_LEN_SHIFT;
	if (len == RTL_RX_LEN_BUSY)
		return false;
	if (!(header & RTL_RX_ROK) || len < RTL_RX_LEN_MIN ||
	    len > RTL_RX_LEN_MAX) {
		/* Lost track of the ring: a reset empties it. */
		netdev_rx_err(netdev, NULL, -EIO);
		rtl_restart(netdev, -ECANCELED);
		return false;
	}
	if (RTL_RX_HDR_LEN + len > avail)
		return false;
	iob = alloc_iob(RTL_RX_ALIGN + len - RTL_FCS_LEN);
	if (iob) {
		iob_reserve(iob, RTL_RX_ALIGN);
		rtl_ring_copy(nic, iob_put(iob, len - RTL_FCS_LEN),
			      nic->rx_offset + RTL_RX_HDR_LEN,
			      len - RTL_FCS_LEN);
		netdev_rx(netdev, iob);
	} else {
		netdev_rx_err(netdev, NULL, -ENOMEM);
	}
	nic->rx_offset = ALIGN_UP(nic->rx_offset + RTL_RX_HDR_LEN + len,
				  RTL_RX_OFFSET_ALIGN) & (RTL_RX_RING_LEN - 1);
	return true;
}

/*
 * Take the frames written up to the chip's write offset (CBR) as we
 * found it, then give their space back with one CAPR write.
 */
static void rtl_rx(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;
	unsigned int end = inw(nic->port + RTL_CBR) & (RTL_RX_RING_LEN - 1);
	unsigned int start = nic->rx_offset, n;

	rmb();	/* read the ring only after CBR */
	for (n = 0; n < RTL_RX_BUDGET && nic->rx_offset != end; n++) {
		if (!rtl_rx_one(netdev, (end - nic->rx_offset) &
					(RTL_RX_RING_LEN - 1)))
			break;
	}
	if (nic->rx_offset != start)
		rtl_rx_release(nic);
}

/* Count the frames dropped for want of ring space (MPC), and clear it. */
static void rtl_rx_missed(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;
	uint32_t missed = inl(nic->port + RTL_MPC) & RTL_MPC_MASK;

	outl(0, nic->port + RTL_MPC);
	while (missed--)
		netdev_rx_err(netdev, NULL, -ENOBUFS);
}

static void rtl_check_link(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;

	if (inb(nic->port + RTL_MSR) & RTL_MSR_LINKB)
		netdev_link_down(netdev);
	else
		netdev_link_up(netdev);
}

/*
 * Every RTL_TICK_MS: follow the link, and restart the chip if, with the
 * link up, the oldest frame in flight has been there a whole tick.
 */
static void rtl_tick(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;
	uint64_t now = time_now_ms();
	bool busy;

	if (now - nic->tick_ms < RTL_TICK_MS)
		return;
	nic->tick_ms = now;
	rtl_check_link(netdev);
	busy = nic->tx_cons != nic->tx_prod;
	if (busy && nic->tick_tx_busy && nic->tx_cons == nic->tick_tx_cons &&
	    netdev->link_up) {
		rtl_restart(netdev, -ETIMEDOUT);
		busy = false;
	}
	nic->tick_tx_busy = busy;
	nic->tick_tx_cons = nic->tx_cons;
}

static void rtl_poll(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;
	uint16_t isr = inw(nic->port + RTL_ISR) & RTL_ISR_HANDLED;

	if (isr & RTL_ISR_SERR) {
		rtl_restart(netdev, -EIO);
		return;
	}
	rtl_tx_reap(netdev);
	rtl_rx(netdev);
	/* After CAPR moved on, so that an overflow can clear. */
	if (isr)
		outw(isr, nic->port + RTL_ISR);
	if (isr & RTL_ISR_OVERFLOW)
		rtl_rx_missed(netdev);
	rtl_tick(netdev);
}

static int rtl_open(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;

	nic->dma = malloc_aligned(RTL_DMA_LEN, RTL_DMA_ALIGN);
	if (!nic->dma)
		return -ENOMEM;
	if (virt_to_bus(nic->dma) + RTL_DMA_LEN > RTL_DMA_LIMIT) {
		free(nic->dma);
		nic->dma = NULL;
		return -ENOMEM;
	}
	rtl_hw_start(nic);
	nic->tick_ms = time_now_ms();
	nic->tick_tx_busy = false;
	rtl_check_link(netdev);
	return 0;
}

static void rtl_close(struct net_device *netdev)
{
	struct rtl_nic *nic = netdev->priv;

	/* With receiver and transmitter off the chip does no DMA. */
	outb(0, nic->port + RTL_CR);
	rtl_reset(nic);
	rtl_tx_cancel(netdev, -ECANCELED);
	free(nic->dma);
	nic->dma = NULL;
	netdev_link_down(netdev);
}

static const struct net_device_operations rtl_operations = {
	.open = rtl_open,
	.close = rtl_close,
	.transmit = rtl_transmit,
	.poll = rtl_poll,
};

/* A station address: not multicast (a blank EEPROM reads ones), not zero. */
static bool rtl_mac_valid(const uint8_t *mac)
{
	unsigned int i;

	if (mac[0] & RTL_MAC_MULTICAST)
		return false;
	for (i = 0; i < ETH_ALEN; i++) {
		if (mac[i])
			return true;
	}
	return false;
}

static int rtl_probe(struct pci_device *pci)
{
	uint64_t port = pci_bar_start(pci, RTL_IO_BAR);
	struct net_device *netdev;
	struct rtl_nic *nic;
	unsigned int i;
	int rc;

	if (!pci_bar_is_io(pci, RTL_IO_BAR) || !port || port > UINT16_MAX)
		return -ENODEV;
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return -ENOMEM;
	nic = netdev->priv;
	nic->port = (uint16_t)port;
	pci_enable_device(pci);
	rtl_power_up(nic);
	rc = rtl_reset(nic);
	if (rc < 0)
		goto err;
	/* The EEPROM autoload put the MAC address here. */
	for (i = 0; i < ETH_ALEN; i++)
		netdev->hw_addr[i] = inb(nic->port + RTL_IDR0 + i);
	rc = -EADDRNOTAVAIL;
	if (!rtl_mac_valid(netdev->hw_addr))
		goto err;
	netdev->op = &rtl_operations;
	netdev->driver_name = "rtl8139";
	pci_location(pci, netdev->bus_location);
	rc = register_netdev(netdev);
	if (rc < 0)
		goto err;
	pci->priv = netdev;
	return 0;
err:
	netdev_put(netdev);
	return rc;
}

static void rtl_remove(struct pci_device *pci)
{
	struct net_device *netdev = pci->priv;

	unregister_netdev(netdev);
	rtl_reset(netdev->priv);
	netdev_put(netdev);
}

static const struct pci_device_id rtl_ids[] = {
	{ RTL_VENDOR_REALTEK, RTL_DEV_8139, "RTL8139" },
};

PCI_DRIVER(rtl8139_driver) = {
	.name = "rtl8139",
	.ids = rtl_ids,
	.id_count = ARRAY_SIZE(rtl_ids),
	.probe = rtl_probe,
	.remove = rtl_remove,
};
