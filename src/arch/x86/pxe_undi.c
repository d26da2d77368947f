/* SPDX-License-Identifier: MIT */
/*
 * The UNDI calls of the PXE API nicboot offers to the programs it boots:
 * the program drives the card through nicboot's network device, sending
 * frames it builds (PXENV_UNDI_TRANSMIT) and polling for received ones
 * (PXENV_UNDI_ISR; the card has no interrupt, so IntNumber is 0 and
 * callers such as pxelinux poll). While the program has the UNDI open,
 * the device's received frames go to it instead of nicboot's stack.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/list.h>
#include <drivers/bus/pci.h>
#include <net/ethernet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <arch/io.h>
#include <arch/pxe_provider.h>
#include <arch/realmode.h>
#include <arch/rmlayout.h>

/* Frames held for the program before newer ones are dropped. */
#define UNDI_RX_QUEUE_MAX 64
/* Transmissions held for PXENV_UNDI_ISR to report. */
#define UNDI_TX_DONE_MAX 64
/*
 * Where a received frame is handed over: the upper half of the
 * base-memory bounce buffer, which nothing else uses while a program
 * runs.
 */
#define UNDI_RX_OFFSET (RM_BUFFER_SIZE / 2)
#define UNDI_RX_ROOM (RM_BUFFER_SIZE - UNDI_RX_OFFSET)
/* The bit of a destination's first byte that makes it a group address. */
#define ETH_GROUP_BIT 0x01
/* Shortest Ethernet frame without its FCS; shorter ones are padded. */
#define UNDI_FRAME_MIN 60
/* The device layer does not know the link speed; a 1 Gb/s guess. */
#define UNDI_LINK_SPEED 1000000000u
#define UNDI_SERVICES \
	(UNDI_SERVICE_BROADCAST | UNDI_SERVICE_MULTICAST | \
	 UNDI_SERVICE_STATISTICS | UNDI_SERVICE_RESET_MAC | \
	 UNDI_SERVICE_OPEN_CLOSE)
#define UNDI_FLTR_ALL \
	(UNDI_FLTR_DIRECTED | UNDI_FLTR_BRDCST | UNDI_FLTR_PRMSCS | \
	 UNDI_FLTR_SRC_RTG)
/* "0000:00:03.0": domain, bus, device, function. */
#define PCI_LOCATION_FIELDS 4
#define HEX 16

/* The UNDI as the program sees it. */
static struct {
	struct net_device *netdev;	/* open: frames are diverted here */
	uint16_t filter;		/* UNDI_FLTR_* */
	uint16_t mcast_count;
	uint8_t mcast[UNDI_MCAST_MAX][ETH_ALEN];
	struct list_head rx;		/* frames for the program */
	unsigned int rx_count;
	unsigned int tx_done;		/* transmissions ISR has to report */
	struct net_device_stats base;	/* counters at CLEAR_STATISTICS */
} undi = { .rx = LIST_HEAD_INIT(undi.rx) };

/* Drop the frames held for the program. */
static void undi_flush_rx(void)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &undi.rx, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	undi.rx_count = 0;
}

/* Give the device back to nicboot's stack and forget what was pending. */
static void undi_release(void)
{
	if (!undi.netdev)
		return;
	netdev_set_rx_consumer(undi.netdev, NULL, NULL);
	netdev_put(undi.netdev);
	undi.netdev = NULL;
	undi_flush_rx();
	undi.tx_done = 0;
}

/* The open device, or NULL (also once the PXE stack was unloaded). */
static struct net_device *undi_open_netdev(void)
{
	if (undi.netdev && undi.netdev != pxe_netdev())
		undi_release();
	return undi.netdev;
}

/* Is DEST one of the multicast addresses the program asked for? */
static bool undi_mcast_wanted(const uint8_t *dest)
{
	unsigned int i;

	for (i = 0; i < undi.mcast_count; i++) {
		if (memcmp(undi.mcast[i], dest, ETH_ALEN) == 0)
			return true;
	}
	return false;
}

/* PXE's packet type of a frame to DEST received by NETDEV. */
static uint8_t undi_pkt_type(struct net_device *netdev, const uint8_t *dest)
{
	if (memcmp(dest, netdev->ll_addr, ETH_ALEN) == 0)
		return UNDI_PKT_DIRECTED;
	if (memcmp(dest, eth_broadcast, ETH_ALEN) == 0)
		return UNDI_PKT_BROADCAST;
	if (dest[0] & ETH_GROUP_BIT)
		return UNDI_PKT_MULTICAST;
	return UNDI_PKT_OTHERHOST;
}

/* Does the program's packet filter let a frame of PKT_TYPE to DEST in? */
static bool undi_filter_passes(uint8_t pkt_type, const uint8_t *dest)
{
	if (undi.filter & UNDI_FLTR_PRMSCS)
		return true;
	switch (pkt_type) {
	case UNDI_PKT_DIRECTED:
		return undi.filter & UNDI_FLTR_DIRECTED;
	case UNDI_PKT_BROADCAST:
		return undi.filter & UNDI_FLTR_BRDCST;
	case UNDI_PKT_MULTICAST:
		return undi_mcast_wanted(dest);
	default:
		return false;
	}
}

/*
 * The rx consumer: keep frames the filter passes for PXENV_UNDI_ISR. Once
 * the program is gone (it returned without closing the UNDI), the stack
 * gets the device back, with this frame.
 */
static void undi_rx(struct net_device *netdev, struct io_buffer *iob,
		    void *ctx)
{
	const struct ethhdr *eth = iob->data;

	if (!undi_open_netdev()) {
		net_rx(iob, netdev);
		return;
	}
	if (iob_len(iob) < ETH_HLEN || iob_len(iob) > UNDI_RX_ROOM ||
	    undi.rx_count >= UNDI_RX_QUEUE_MAX ||
	    !undi_filter_passes(undi_pkt_type(netdev, eth->h_dest),
				eth->h_dest)) {
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	list_add_tail(&iob->list, &undi.rx);
	undi.rx_count++;
}

/*
 * Take COUNT multicast addresses from the program's list at ADDR (16-byte
 * MAC_ADDRs); false if it claims more than the list holds.
 */
static bool undi_set_mcast(uint16_t count, const uint8_t *addr)
{
	unsigned int i;

	if (count > UNDI_MCAST_MAX)
		return false;
	for (i = 0; i < count; i++)
		memcpy(undi.mcast[i], addr + i * UNDI_ADDR_LEN, ETH_ALEN);
	undi.mcast_count = count;
	return true;
}

/* STARTUP: the card is nicboot's and set up already; nothing to do. */
static uint16_t undi_startup(void *params)
{
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_startup_call) = {
	PXENV_UNDI_STARTUP, "UNDI_STARTUP", sizeof(struct pxenv_status),
	undi_startup,
};

/* CLEANUP: the program is done with the UNDI; the stack gets the card back. */
static uint16_t undi_cleanup(void *params)
{
	undi_release();
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_cleanup_call) = {
	PXENV_UNDI_CLEANUP, "UNDI_CLEANUP", sizeof(struct pxenv_status),
	undi_cleanup,
};

/* INITIALIZE: bring the card up (it stays closed to the program). */
static uint16_t undi_initialize(void *params)
{
	struct net_device *netdev = pxe_netdev();

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	if (netdev_open(netdev) < 0)
		return pxe_result(params, PXENV_STATUS_FAILURE);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_initialize_call) = {
	PXENV_UNDI_INITIALIZE, "UNDI_INITIALIZE",
	sizeof(struct pxenv_undi_initialize), undi_initialize,
};

/* RESET_ADAPTER: restart the card, keeping the UNDI open or closed. */
static uint16_t undi_reset_adapter(void *params)
{
	struct pxenv_undi_reset *reset = params;
	struct net_device *netdev = pxe_netdev();

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	if (!undi_set_mcast(reset->mcast.count,
			    (const uint8_t *)reset->mcast.addr))
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	netdev_close(netdev);
	undi_flush_rx();
	undi.tx_done = 0;
	if (netdev_open(netdev) < 0)
		return pxe_result(params, PXENV_STATUS_FAILURE);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_reset_adapter_call) = {
	PXENV_UNDI_RESET_ADAPTER, "UNDI_RESET_ADAPTER",
	sizeof(struct pxenv_undi_reset), undi_reset_adapter,
};

/* SHUTDOWN: close the UNDI and quiesce the card. */
static uint16_t undi_shutdown(void *params)
{
	struct net_device *netdev = pxe_netdev();

	undi_release();
	if (netdev)
		netdev_close(netdev);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_shutdown_call) = {
	PXENV_UNDI_SHUTDOWN, "UNDI_SHUTDOWN", sizeof(struct pxenv_status),
	undi_shutdown,
};

/* OPEN: from now on the program gets the frames its filter lets in. */
static uint16_t undi_open(void *params)
{
	struct pxenv_undi_open *open = params;
	struct net_device *netdev = pxe_netdev();

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	if ((open->pkt_filter & ~UNDI_FLTR_ALL) ||
	    !undi_set_mcast(open->mcast_count,
			    (const uint8_t *)open->mcast_addr))
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	if (netdev_open(netdev) < 0)
		return pxe_result(params, PXENV_STATUS_FAILURE);
	undi_release();
	undi.netdev = netdev_get(netdev);
	undi.filter = open->pkt_filter;
	netdev_set_rx_consumer(netdev, undi_rx, NULL);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_open_call) = {
	PXENV_UNDI_OPEN, "UNDI_OPEN", sizeof(struct pxenv_undi_open),
	undi_open,
};

/* CLOSE: the stack gets the card's frames back; the card stays up. */
static uint16_t undi_close(void *params)
{
	undi_release();
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_close_call) = {
	PXENV_UNDI_CLOSE, "UNDI_CLOSE", sizeof(struct pxenv_status),
	undi_close,
};

/* The Ethernet type of a frame the program gives as PROTOCOL, or 0. */
static uint16_t undi_ethertype(uint8_t protocol)
{
	switch (protocol) {
	case UNDI_P_IP:
		return ETH_P_IP;
	case UNDI_P_ARP:
		return ETH_P_ARP;
	case UNDI_P_RARP:
		return ETH_P_RARP;
	default:
		return 0;
	}
}

/* The data of BLOCK, or NULL if its pointer type is unknown. */
static const void *undi_block_data(const struct pxenv_undi_tbd_block *block)
{
	switch (block->ptr_type) {
	case UNDI_TBD_PTR_SEGOFF:
		return pxe_real_ptr(block->ptr);
	case UNDI_TBD_PTR_PHYS:
		return phys_to_virt(block->ptr);
	default:
		return NULL;
	}
}

/* Bytes TBD describes, or 0 if it is malformed. */
static size_t undi_tbd_len(const struct pxenv_undi_tbd *tbd)
{
	size_t len = tbd->immed_len;
	unsigned int i;

	if (tbd->block_count > UNDI_TBD_BLOCKS)
		return 0;
	for (i = 0; i < tbd->block_count; i++) {
		if (!undi_block_data(&tbd->block[i]))
			return 0;
		len += tbd->block[i].len;
	}
	return len;
}

/* Copy the immediate part and the data blocks of TBD to the end of IOB. */
static void undi_tbd_copy(struct io_buffer *iob,
			  const struct pxenv_undi_tbd *tbd)
{
	unsigned int i;

	memcpy(iob_put(iob, tbd->immed_len), pxe_real_ptr(tbd->xmit),
	       tbd->immed_len);
	for (i = 0; i < tbd->block_count; i++)
		memcpy(iob_put(iob, tbd->block[i].len),
		       undi_block_data(&tbd->block[i]), tbd->block[i].len);
}

/* Put the Ethernet header TX asks for (P_IP, P_ARP or P_RARP) into IOB. */
static void undi_put_header(struct io_buffer *iob, struct net_device *netdev,
			    const struct pxenv_undi_transmit *tx)
{
	struct ethhdr *eth = iob_put(iob, ETH_HLEN);

	if (tx->xmit_flag == UNDI_XMT_BROADCAST)
		memcpy(eth->h_dest, eth_broadcast, ETH_ALEN);
	else
		memcpy(eth->h_dest, pxe_real_ptr(tx->dest_addr), ETH_ALEN);
	memcpy(eth->h_source, netdev->ll_addr, ETH_ALEN);
	eth->h_protocol = htons(undi_ethertype(tx->protocol));
}

/* Is TX a request nicboot can carry out (before any data is read)? */
static bool undi_transmit_valid(const struct pxenv_undi_transmit *tx)
{
	if (tx->protocol != UNDI_P_UNKNOWN && !undi_ethertype(tx->protocol))
		return false;
	return tx->xmit_flag == UNDI_XMT_DESTADDR ||
	       tx->xmit_flag == UNDI_XMT_BROADCAST;
}

/*
 * Hand IOB to NETDEV after reaping what the card has finished with, so a
 * program that only transmits still finds room. Returns a PXENV_STATUS.
 */
static uint16_t undi_send(struct net_device *netdev, struct io_buffer *iob)
{
	int rc;

	netdev_poll(netdev);
	rc = netdev_tx(netdev, iob);
	if (rc == -ENOBUFS)
		return PXENV_STATUS_OUT_OF_RESOURCES;
	if (rc < 0)
		return PXENV_STATUS_UNDI_TRANSMIT_ERROR;
	if (undi.tx_done < UNDI_TX_DONE_MAX)
		undi.tx_done++;
	return PXENV_STATUS_SUCCESS;
}

/* TRANSMIT: send the frame the TBD describes (with P_UNKNOWN, complete). */
static uint16_t undi_transmit(void *params)
{
	struct pxenv_undi_transmit *tx = params;
	struct net_device *netdev = undi_open_netdev();
	const struct pxenv_undi_tbd *tbd;
	size_t header, len;
	struct io_buffer *iob;

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	tbd = pxe_real_ptr(tx->tbd);
	header = tx->protocol == UNDI_P_UNKNOWN ? 0 : ETH_HLEN;
	len = undi_tbd_len(tbd);
	if (!undi_transmit_valid(tx) || len == 0 ||
	    header + len > ETH_HLEN + netdev->mtu ||
	    (!header && len < ETH_HLEN))
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	iob = alloc_iob(IOB_MAX_HEADROOM +
			MAX(header + len, (size_t)UNDI_FRAME_MIN));
	if (!iob)
		return pxe_result(params, PXENV_STATUS_OUT_OF_RESOURCES);
	iob_reserve(iob, IOB_MAX_HEADROOM);
	if (header)
		undi_put_header(iob, netdev, tx);
	undi_tbd_copy(iob, tbd);
	if (iob_len(iob) < UNDI_FRAME_MIN)
		memset(iob_put(iob, UNDI_FRAME_MIN - iob_len(iob)), 0,
		       UNDI_FRAME_MIN - iob_len(iob));
	return pxe_result(params, undi_send(netdev, iob));
}

PXE_API_CALL(undi_transmit_call) = {
	PXENV_UNDI_TRANSMIT, "UNDI_TRANSMIT",
	sizeof(struct pxenv_undi_transmit), undi_transmit,
};

/* SET_MCAST_ADDRESS: the multicast groups the program receives. */
static uint16_t undi_set_mcast_address(void *params)
{
	struct pxenv_undi_reset *set = params;

	if (!undi_set_mcast(set->mcast.count,
			    (const uint8_t *)set->mcast.addr))
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_set_mcast_address_call) = {
	PXENV_UNDI_SET_MCAST_ADDRESS, "UNDI_SET_MCAST_ADDRESS",
	sizeof(struct pxenv_undi_reset), undi_set_mcast_address,
};

/* SET_PACKET_FILTER: the kinds of frames the program receives from now on. */
static uint16_t undi_set_packet_filter(void *params)
{
	struct pxenv_undi_set_packet_filter *set = params;

	if (set->filter & ~UNDI_FLTR_ALL)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	undi.filter = set->filter;
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_set_packet_filter_call) = {
	PXENV_UNDI_SET_PACKET_FILTER, "UNDI_SET_PACKET_FILTER",
	sizeof(struct pxenv_undi_set_packet_filter), undi_set_packet_filter,
};

/* GET_INFORMATION: the MAC addresses and MTU; no IRQ, so callers poll. */
static uint16_t undi_get_information(void *params)
{
	struct pxenv_undi_get_information *info = params;
	struct net_device *netdev = pxe_netdev();

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	memset(info, 0, sizeof(*info));
	info->max_tran_unit = (uint16_t)netdev->mtu;
	info->hw_type = UNDI_HW_TYPE_ETHER;
	info->hw_addr_len = ETH_ALEN;
	memcpy(info->current_node_address, netdev->ll_addr, ETH_ALEN);
	memcpy(info->perm_node_address, netdev->hw_addr, ETH_ALEN);
	info->rx_buf_ct = UNDI_RX_QUEUE_MAX;
	info->tx_buf_ct = 1;
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_get_information_call) = {
	PXENV_UNDI_GET_INFORMATION, "UNDI_GET_INFORMATION",
	sizeof(struct pxenv_undi_get_information), undi_get_information,
};

/* GET_STATISTICS: the device's counters since CLEAR_STATISTICS. */
static uint16_t undi_get_statistics(void *params)
{
	struct pxenv_undi_get_statistics *stats = params;
	struct net_device *netdev = pxe_netdev();

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	stats->xmit_good_frames =
		(uint32_t)(netdev->stats.tx_packets - undi.base.tx_packets);
	stats->rcv_good_frames =
		(uint32_t)(netdev->stats.rx_packets - undi.base.rx_packets);
	stats->rcv_crc_errors =
		(uint32_t)(netdev->stats.rx_errors - undi.base.rx_errors);
	stats->rcv_resource_errors =
		(uint32_t)(netdev->stats.rx_dropped - undi.base.rx_dropped);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_get_statistics_call) = {
	PXENV_UNDI_GET_STATISTICS, "UNDI_GET_STATISTICS",
	sizeof(struct pxenv_undi_get_statistics), undi_get_statistics,
};

/* CLEAR_STATISTICS: count from now (nicboot's own counters stay). */
static uint16_t undi_clear_statistics(void *params)
{
	struct net_device *netdev = pxe_netdev();

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	undi.base = netdev->stats;
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_clear_statistics_call) = {
	PXENV_UNDI_CLEAR_STATISTICS, "UNDI_CLEAR_STATISTICS",
	sizeof(struct pxenv_status), undi_clear_statistics,
};

/* GET_MCAST_ADDRESS: the Ethernet address of an IPv4 multicast group. */
static uint16_t undi_get_mcast_address(void *params)
{
	struct pxenv_undi_get_mcast_address *mcast = params;

	if (!ipv4_is_multicast(mcast->inet_addr))
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	memset(mcast->media_addr, 0, UNDI_ADDR_LEN);
	eth_ipv4_mcast(mcast->inet_addr, mcast->media_addr);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_get_mcast_address_call) = {
	PXENV_UNDI_GET_MCAST_ADDRESS, "UNDI_GET_MCAST_ADDRESS",
	sizeof(struct pxenv_undi_get_mcast_address), undi_get_mcast_address,
};

/* The PCI function at LOCATION ("0000:00:03.0"); false if not PCI. */
static bool undi_pci_location(const char *location, struct pci_device *pci)
{
	static const char separators[PCI_LOCATION_FIELDS] = { ':', ':', '.',
							       '\0' };
	unsigned long field[PCI_LOCATION_FIELDS];
	const char *p = location;
	char *end;
	unsigned int i;

	for (i = 0; i < PCI_LOCATION_FIELDS; i++) {
		field[i] = strtoul(p, &end, HEX);
		if (end == p || *end != separators[i])
			return false;
		p = end + 1;
	}
	memset(pci, 0, sizeof(*pci));
	pci->busdevfn = PCI_BUSDEVFN(field[1], field[2], field[3]);
	/* Each field fits its bits if it survives the packing. */
	return PCI_BUS(pci->busdevfn) == field[1] &&
	       PCI_SLOT(pci->busdevfn) == field[2] &&
	       PCI_FUNC(pci->busdevfn) == field[3];
}

/* GET_NIC_TYPE: the card's PCI identity, read from its config space. */
static uint16_t undi_get_nic_type(void *params)
{
	struct pxenv_undi_get_nic_type *type = params;
	struct net_device *netdev = pxe_netdev();
	struct pci_device pci;

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	if (!undi_pci_location(netdev->bus_location, &pci))
		return pxe_result(params, PXENV_STATUS_UNSUPPORTED);
	type->nic_type = UNDI_NIC_TYPE_PCI;
	type->vendor = pci_read_config16(&pci, PCI_VENDOR_ID);
	type->device = pci_read_config16(&pci, PCI_DEVICE_ID);
	type->base_class = pci_read_config8(&pci, PCI_CLASS_PROG + 2);
	type->sub_class = pci_read_config8(&pci, PCI_CLASS_PROG + 1);
	type->prog_intf = pci_read_config8(&pci, PCI_CLASS_PROG);
	type->revision = pci_read_config8(&pci, PCI_REVISION);
	type->busdevfn = pci.busdevfn;
	type->subsys_vendor = pci_read_config16(&pci, PCI_SUBSYSTEM_VENDOR_ID);
	type->subsys_device = pci_read_config16(&pci, PCI_SUBSYSTEM_ID);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_get_nic_type_call) = {
	PXENV_UNDI_GET_NIC_TYPE, "UNDI_GET_NIC_TYPE",
	sizeof(struct pxenv_undi_get_nic_type), undi_get_nic_type,
};

/* GET_IFACE_INFO: Ethernet, without an interrupt (callers poll ISR). */
static uint16_t undi_get_iface_info(void *params)
{
	struct pxenv_undi_get_iface_info *iface = params;

	memset(iface, 0, sizeof(*iface));
	strlcpy(iface->iface_type, UNDI_IFACE_TYPE_ETHER,
		sizeof(iface->iface_type));
	iface->link_speed = UNDI_LINK_SPEED;
	iface->service_flags = UNDI_SERVICES;
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_get_iface_info_call) = {
	PXENV_UNDI_GET_IFACE_INFO, "UNDI_GET_IFACE_INFO",
	sizeof(struct pxenv_undi_get_iface_info), undi_get_iface_info,
};

/* PXE's protocol of a frame of ETHERTYPE (network order). */
static uint8_t undi_prot_type(uint16_t ethertype)
{
	switch (ntohs(ethertype)) {
	case ETH_P_IP:
		return UNDI_P_IP;
	case ETH_P_ARP:
		return UNDI_P_ARP;
	case ETH_P_RARP:
		return UNDI_P_RARP;
	default:
		return UNDI_P_UNKNOWN;
	}
}

/* Hand the oldest held frame to the program in base memory. */
static void undi_isr_receive(struct pxenv_undi_isr *isr,
			     struct net_device *netdev)
{
	struct io_buffer *iob = list_first_entry(&undi.rx, struct io_buffer,
						 list);
	const struct ethhdr *eth = iob->data;
	uint16_t len = (uint16_t)iob_len(iob);

	list_del(&iob->list);
	undi.rx_count--;
	memcpy((uint8_t *)rm_buffer() + UNDI_RX_OFFSET, iob->data, len);
	isr->func_flag = PXENV_UNDI_ISR_OUT_RECEIVE;
	isr->buffer_len = len;
	isr->frame_len = len;
	isr->frame_header_len = ETH_HLEN;
	isr->frame = SEGOFF(rm_segment(), RM_BUFFER + UNDI_RX_OFFSET);
	isr->prot_type = undi_prot_type(eth->h_protocol);
	isr->pkt_type = undi_pkt_type(netdev, eth->h_dest);
	free_iob(iob);
}

/* IN_PROCESS and IN_GET_NEXT: report one event, or that all are done. */
static void undi_isr_next(struct pxenv_undi_isr *isr,
			  struct net_device *netdev)
{
	if (undi.tx_done) {
		undi.tx_done--;
		isr->func_flag = PXENV_UNDI_ISR_OUT_TRANSMIT;
	} else if (undi.rx_count) {
		undi_isr_receive(isr, netdev);
	} else {
		isr->func_flag = PXENV_UNDI_ISR_OUT_DONE;
	}
}

/*
 * ISR: IN_START polls the card and says whether events wait; IN_PROCESS
 * (which polls too) and IN_GET_NEXT hand them out one per call.
 */
static uint16_t undi_isr(void *params)
{
	struct pxenv_undi_isr *isr = params;
	struct net_device *netdev = undi_open_netdev();

	if (!netdev)
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_STATE);
	switch (isr->func_flag) {
	case PXENV_UNDI_ISR_IN_START:
		netdev_service(netdev);
		isr->func_flag = undi.tx_done || undi.rx_count ?
			PXENV_UNDI_ISR_OUT_OURS : PXENV_UNDI_ISR_OUT_NOT_OURS;
		break;
	case PXENV_UNDI_ISR_IN_PROCESS:
		netdev_service(netdev);
		undi_isr_next(isr, netdev);
		break;
	case PXENV_UNDI_ISR_IN_GET_NEXT:
		undi_isr_next(isr, netdev);
		break;
	default:
		return pxe_result(params, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	}
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(undi_isr_call) = {
	PXENV_UNDI_ISR, "UNDI_ISR", sizeof(struct pxenv_undi_isr), undi_isr,
};
