/* SPDX-License-Identifier: MIT */
/* A network device on the vendor PXE ROM's UNDI API (undionly.kpxe): polled, one frame at a time through base memory. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <arch/io.h>
#include <arch/pxe_api.h>
#include <core/compiler.h>
#include <core/init.h>
#include <core/iobuf.h>
#include <drivers/bus/pci.h>
#include <net/dhcp.h>
#include <net/netdevice.h>

/* Calls to PXENV_UNDI_ISR per poll, so one busy card cannot starve the loop. */
#define UNDI_RX_BUDGET 32
/* Shortest frame on the wire before the FCS: some UNDIs do not pad. */
#define UNDI_TX_LEN_MIN 60
/* The 8259 interrupt controllers' mask registers. */
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
#define PIC_IRQS 8
#define IRQ_MAX 15

struct undi_nic {
	unsigned int irq;		/* the card's IRQ; 0 or > IRQ_MAX: none */
	bool irq_was_masked;		/* its PIC mask bit before open */
	uint16_t isr_next;		/* the next PXENV_UNDI_ISR_IN_* */
	struct io_buffer *rx_iob;	/* the frame being collected, or NULL */
	size_t rx_left;			/* bytes of that frame still to come */
};

static struct net_device *undi_netdev;

static uint16_t pic_port(unsigned int irq)
{
	return irq < PIC_IRQS ? PIC1_DATA : PIC2_DATA;
}

/*
 * Mask (or restore) the card's IRQ at the PIC: nicboot polls, and the
 * vendor's code runs with interrupts on, where nobody would answer it.
 */
static void undinet_mask_irq(struct undi_nic *nic, bool mask)
{
	uint16_t port = pic_port(nic->irq);
	uint8_t bit = (uint8_t)(1u << (nic->irq % PIC_IRQS));
	uint8_t v;

	if (!nic->irq || nic->irq > IRQ_MAX)
		return;
	v = inb(port);
	if (mask) {
		nic->irq_was_masked = v & bit;
		v |= bit;
	} else if (!nic->irq_was_masked) {
		v &= (uint8_t)~bit;
	}
	outb(v, port);
}

/*
 * Open the UNDI for directed and broadcast frames. The base code may
 * have left it open, and some stacks refuse a second open: close first.
 */
static int undinet_open(struct net_device *netdev)
{
	struct undi_nic *nic = netdev->priv;
	struct pxenv_status close = { 0 };
	struct pxenv_undi_open open = {
		.pkt_filter = UNDI_FLTR_DIRECTED | UNDI_FLTR_BRDCST,
	};
	int rc;

	pxe_api_call(PXENV_UNDI_CLOSE, &close, sizeof(close));
	rc = pxe_api_call(PXENV_UNDI_OPEN, &open, sizeof(open));
	if (rc) {
		printf("%s: UNDI open failed (PXE status %#x)\n", netdev->name,
		       open.status);
		return rc;
	}
	undinet_mask_irq(nic, true);
	nic->isr_next = PXENV_UNDI_ISR_IN_START;
	netdev_link_up(netdev);
	return 0;
}

static void undinet_close(struct net_device *netdev)
{
	struct undi_nic *nic = netdev->priv;
	struct pxenv_status close = { 0 };

	pxe_api_call(PXENV_UNDI_CLOSE, &close, sizeof(close));
	undinet_mask_irq(nic, false);
	free_iob(nic->rx_iob);
	nic->rx_iob = NULL;
	nic->rx_left = 0;
	netdev_link_down(netdev);
}

/*
 * Copy the frame into base memory behind its transmit buffer
 * descriptor and hand it over; the UNDI has taken it when the call
 * returns, so the frame is complete at once.
 */
static int undinet_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	size_t room, len = iob_len(iob);
	struct pxenv_undi_tbd *tbd = pxe_data_buffer(&room);
	uint8_t *frame = (uint8_t *)(tbd + 1);
	struct pxenv_undi_transmit tx = {
		.protocol = UNDI_P_UNKNOWN,
		.xmit_flag = UNDI_XMT_DESTADDR,
		.tbd = pxe_segoff(tbd),
	};
	size_t wire_len = MAX(len, (size_t)UNDI_TX_LEN_MIN);

	if (wire_len > room - sizeof(*tbd))
		return -EMSGSIZE;
	memcpy(frame, iob->data, len);
	memset(frame + len, 0, wire_len - len);
	memset(tbd, 0, sizeof(*tbd));
	tbd->immed_len = (uint16_t)wire_len;
	tbd->xmit = pxe_segoff(frame);
	if (pxe_api_call(PXENV_UNDI_TRANSMIT, &tx, sizeof(tx)))
		return -EIO;
	netdev_tx_complete(netdev, iob, 0);
	return 0;
}

/*
 * One piece of a received frame, at the vendor's SEG:OFF: a frame may
 * come in several pieces (BUFFER_LEN of FRAME_LEN bytes each time).
 * Frames too long for us are counted and skipped.
 */
static void undinet_rx_piece(struct net_device *netdev,
			     const struct pxenv_undi_isr *isr)
{
	struct undi_nic *nic = netdev->priv;
	size_t len;

	if (!nic->rx_left) {
		nic->rx_left = isr->frame_len;
		if (isr->frame_len < ETH_HLEN ||
		    isr->frame_len > ETH_FRAME_LEN_MAX)
			netdev_rx_err(netdev, NULL, -EINVAL);
		else if (!(nic->rx_iob = alloc_iob(isr->frame_len)))
			netdev_rx_err(netdev, NULL, -ENOMEM);
	}
	len = MIN((size_t)isr->buffer_len, nic->rx_left);
	if (nic->rx_iob)
		memcpy(iob_put(nic->rx_iob, len), pxe_ptr(isr->frame), len);
	nic->rx_left -= len;
	if (!nic->rx_left && nic->rx_iob) {
		netdev_rx(netdev, nic->rx_iob);
		nic->rx_iob = NULL;
	}
}

/*
 * Polled PXENV_UNDI_ISR: IN_START asks whether the card has something
 * (and quiets its interrupt), then IN_PROCESS and IN_GET_NEXT hand out
 * received frames and transmit completions (nothing to do: frames are
 * complete when sent) until DONE. A poll that runs out of budget goes
 * on with IN_GET_NEXT next time.
 */
static void undinet_poll(struct net_device *netdev)
{
	struct undi_nic *nic = netdev->priv;
	struct pxenv_undi_isr isr;
	unsigned int n;

	for (n = 0; n < UNDI_RX_BUDGET &&
	     netdev->rx_queued < NETDEV_RX_QUEUE_MAX; n++) {
		memset(&isr, 0, sizeof(isr));
		isr.func_flag = nic->isr_next;
		if (pxe_api_call(PXENV_UNDI_ISR, &isr, sizeof(isr))) {
			nic->isr_next = PXENV_UNDI_ISR_IN_START;
			return;
		}
		if (nic->isr_next == PXENV_UNDI_ISR_IN_START) {
			if (isr.func_flag != PXENV_UNDI_ISR_OUT_OURS)
				return;
			nic->isr_next = PXENV_UNDI_ISR_IN_PROCESS;
			continue;
		}
		/* BUSY cannot happen when polled; start over if it does. */
		if (isr.func_flag == PXENV_UNDI_ISR_OUT_DONE ||
		    isr.func_flag == PXENV_UNDI_ISR_OUT_BUSY) {
			nic->isr_next = PXENV_UNDI_ISR_IN_START;
			return;
		}
		if (isr.func_flag == PXENV_UNDI_ISR_OUT_RECEIVE)
			undinet_rx_piece(netdev, &isr);
		nic->isr_next = PXENV_UNDI_ISR_IN_GET_NEXT;
	}
}

static const struct net_device_operations undinet_ops = {
	.open = undinet_open,
	.close = undinet_close,
	.transmit = undinet_transmit,
	.poll = undinet_poll,
};

/*
 * Configure NETDEV with the DHCP ACK the PXE ROM received before it
 * loaded us, so the device has its address (and a script its settings)
 * without asking again.
 */
static void undinet_apply_cached_dhcp(struct net_device *netdev)
{
	struct pxenv_get_cached_info info = {
		.packet_type = PXENV_PACKET_TYPE_DHCP_ACK,
	};
	int rc;

	if (pxe_api_call(PXENV_GET_CACHED_INFO, &info, sizeof(info)) ||
	    !info.buffer)
		return;
	rc = dhcp_apply_cached(netdev, pxe_ptr(info.buffer), info.buffer_size);
	if (rc)
		printf("%s: the PXE ROM's DHCP reply is unusable: %s\n",
		       netdev->name, strerror(rc));
}

/* "0000:00:03.0 (UNDI)" for a PCI card, else "UNDI". */
static void undinet_location(struct net_device *netdev)
{
	struct pxenv_undi_get_nic_type type = { 0 };

	if (pxe_api_call(PXENV_UNDI_GET_NIC_TYPE, &type, sizeof(type)) ||
	    type.nic_type != UNDI_NIC_TYPE_PCI) {
		strlcpy(netdev->bus_location, "UNDI",
			sizeof(netdev->bus_location));
		return;
	}
	snprintf(netdev->bus_location, sizeof(netdev->bus_location),
		 "0000:%02x:%02x.%x (UNDI)", PCI_BUS(type.busdevfn),
		 PCI_SLOT(type.busdevfn), PCI_FUNC(type.busdevfn));
}

/* Register the card the PXE ROM that started us drives, if it did. */
static void undinet_init(void)
{
	struct pxenv_undi_get_information info = { 0 };
	struct net_device *netdev;
	struct undi_nic *nic;

	if (pxe_api_init())
		return;
	if (pxe_api_call(PXENV_UNDI_GET_INFORMATION, &info, sizeof(info)) ||
	    info.hw_type != UNDI_HW_TYPE_ETHER ||
	    info.hw_addr_len != ETH_ALEN) {
		printf("UNDI: the PXE ROM gave no Ethernet card (PXE status %#x)\n",
		       info.status);
		return;
	}
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return;
	netdev->op = &undinet_ops;
	netdev->driver_name = "undi";
	undinet_location(netdev);
	memcpy(netdev->hw_addr, info.current_node_address, ETH_ALEN);
	if (info.max_tran_unit && info.max_tran_unit < netdev->mtu)
		netdev->mtu = info.max_tran_unit;
	nic = netdev->priv;
	nic->irq = info.int_number;
	if (register_netdev(netdev)) {
		netdev_put(netdev);
		return;
	}
	undi_netdev = netdev;
	undinet_apply_cached_dhcp(netdev);
}

INIT_FN(undinet_init_fn) = { INIT_NORMAL, undinet_init };

/*
 * Before an OS or the BIOS gets the machine: close the UNDI and shut
 * the card down (PXENV_UNDI_SHUTDOWN), so that it is quiet; the vendor's
 * stack stays in the memory it reserved.
 */
static void undinet_shutdown(void)
{
	struct pxenv_status shut = { 0 };

	if (!undi_netdev)
		return;
	unregister_netdev(undi_netdev);
	netdev_put(undi_netdev);
	undi_netdev = NULL;
	pxe_api_call(PXENV_UNDI_SHUTDOWN, &shut, sizeof(shut));
}

SHUTDOWN_FN(undinet_shutdown_fn) = { INIT_NORMAL, undinet_shutdown };
