/* SPDX-License-Identifier: MIT */
/* Tests of the UNDI calls nicboot offers to NBPs, over a fake base memory. */
#include <stdint.h>
#include <string.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/arp.h>
#include <net/ethernet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <arch/pxe_api.h>
#include <arch/rmlayout.h>
#include "fake_netdev.h"
#include "fake_pxe.h"
#include "test.h"

/* Where the fake caller keeps things in base memory. */
#define SEG 0x1000
#define PARAMS SEGOFF(SEG, 0x0000)
#define TBD SEGOFF(SEG, 0x0100)
#define DEST SEGOFF(SEG, 0x0200)
#define IMMED SEGOFF(SEG, 0x0300)
#define BLOCK1 SEGOFF(0x2000, 0x0010)
#define BLOCK2 SEGOFF(0x3000, 0xfff0)
#define OUR_IP FAKE_IP(10, 0, 0, 2)
#define PEER_IP FAKE_IP(10, 0, 0, 1)

static struct net_device *setup(void)
{
	struct net_device *netdev = fake_netdev_create();

	fake_pxe_reset(netdev);
	return netdev;
}

static void teardown(struct net_device *netdev)
{
	struct pxenv_status close = { 0 };

	fake_pxe_call(PXENV_UNDI_CLOSE, &close, sizeof(close), PARAMS);
	fake_pxe_reset(NULL);
	fake_netdev_destroy(netdev);
}

static uint16_t undi_open(uint16_t filter)
{
	struct pxenv_undi_open open = { .pkt_filter = filter };

	return fake_pxe_call(PXENV_UNDI_OPEN, &open, sizeof(open), PARAMS);
}

/* Transmit with the TBD at TBD in base memory; returns the status. */
static uint16_t transmit(uint8_t protocol, uint8_t flag,
			 const struct pxenv_undi_tbd *tbd)
{
	struct pxenv_undi_transmit tx = {
		.protocol = protocol, .xmit_flag = flag,
		.dest_addr = DEST, .tbd = TBD,
	};

	memcpy(fake_pxe_ptr(TBD), tbd, sizeof(*tbd));
	fake_pxe_call(PXENV_UNDI_TRANSMIT, &tx, sizeof(tx), PARAMS);
	return tx.status;
}

/*
 * An immediate part and two blocks (one crossing a 64 KiB boundary)
 * become one frame, padded to the Ethernet minimum.
 */
UNIT_TEST(pxe_undi_transmit_immediate_and_blocks)
{
	struct net_device *netdev = setup();
	struct pxenv_undi_tbd tbd = {
		.immed_len = 4, .xmit = IMMED, .block_count = 2,
		.block[0] = { .ptr_type = UNDI_TBD_PTR_SEGOFF, .len = 3,
			      .ptr = BLOCK1 },
		.block[1] = { .ptr_type = UNDI_TBD_PTR_SEGOFF, .len = 30,
			      .ptr = BLOCK2 },
	};
	static const uint8_t peer[ETH_ALEN] = { 2, 0, 0, 0, 0, 9 };
	struct io_buffer *iob;
	const uint8_t *frame;

	if (!netdev)
		return;
	CHECK_INT(undi_open(UNDI_FLTR_DIRECTED), PXENV_EXIT_SUCCESS);
	memcpy(fake_pxe_ptr(DEST), peer, ETH_ALEN);
	memcpy(fake_pxe_ptr(IMMED), "abcd", 4);
	memcpy(fake_pxe_ptr(BLOCK1), "efg", 3);
	memset(fake_pxe_ptr(BLOCK2), 'h', 40);
	CHECK_INT(transmit(UNDI_P_IP, UNDI_XMT_DESTADDR, &tbd),
		  PXENV_STATUS_SUCCESS);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		frame = iob->data;
		CHECK_INT(iob_len(iob), 60);
		CHECK_MEM(frame, peer, ETH_ALEN);
		CHECK_MEM(frame + ETH_ALEN, fake_mac, ETH_ALEN);
		CHECK_INT(frame[12] << 8 | frame[13], ETH_P_IP);
		CHECK_MEM(frame + ETH_HLEN, "abcdefghh", 9);
		CHECK_INT(frame[ETH_HLEN + 36], 'h');
		CHECK_INT(frame[ETH_HLEN + 37], 0);
		CHECK_INT(frame[59], 0);
		free_iob(iob);
	}
	teardown(netdev);
}

/* P_UNKNOWN sends the frame as given; broadcast needs no address. */
UNIT_TEST(pxe_undi_transmit_complete_frame_and_broadcast)
{
	struct net_device *netdev = setup();
	struct pxenv_undi_tbd tbd = { .immed_len = 100, .xmit = IMMED };
	struct io_buffer *iob;

	if (!netdev)
		return;
	undi_open(UNDI_FLTR_DIRECTED);
	memset(fake_pxe_ptr(IMMED), 0x5a, 100);
	CHECK_INT(transmit(UNDI_P_UNKNOWN, UNDI_XMT_BROADCAST, &tbd),
		  PXENV_STATUS_SUCCESS);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob && iob_len(iob) == 100 &&
	      ((uint8_t *)iob->data)[99] == 0x5a);
	free_iob(iob);
	tbd.immed_len = 28;
	CHECK_INT(transmit(UNDI_P_ARP, UNDI_XMT_BROADCAST, &tbd),
		  PXENV_STATUS_SUCCESS);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob && memcmp(iob->data, eth_broadcast, ETH_ALEN) == 0 &&
	      ((uint8_t *)iob->data)[13] == (ETH_P_ARP & 0xff));
	free_iob(iob);
	teardown(netdev);
}

/* Malformed descriptors are refused with a status and send nothing. */
UNIT_TEST(pxe_undi_transmit_rejects_malformed)
{
	struct net_device *netdev = setup();
	struct pxenv_undi_tbd tbd = { .immed_len = 20, .xmit = IMMED };
	struct pxenv_undi_tbd *low;

	if (!netdev)
		return;
	CHECK_INT(transmit(UNDI_P_UNKNOWN, 0, &tbd),
		  PXENV_STATUS_UNDI_INVALID_STATE);
	undi_open(UNDI_FLTR_DIRECTED);
	tbd.block_count = UNDI_TBD_BLOCKS + 1;
	CHECK_INT(transmit(UNDI_P_UNKNOWN, 0, &tbd),
		  PXENV_STATUS_UNDI_INVALID_PARAMETER);
	tbd.block_count = 0;
	tbd.immed_len = ETH_HLEN + ETH_DATA_LEN + 1;
	CHECK_INT(transmit(UNDI_P_UNKNOWN, 0, &tbd),
		  PXENV_STATUS_UNDI_INVALID_PARAMETER);
	tbd.immed_len = ETH_DATA_LEN + 1;
	CHECK_INT(transmit(UNDI_P_IP, 0, &tbd),
		  PXENV_STATUS_UNDI_INVALID_PARAMETER);
	tbd.immed_len = 0xffff;
	tbd.block_count = UNDI_TBD_BLOCKS;
	for (unsigned int i = 0; i < UNDI_TBD_BLOCKS; i++)
		tbd.block[i].len = 0xffff;
	CHECK_INT(transmit(UNDI_P_UNKNOWN, 0, &tbd),
		  PXENV_STATUS_UNDI_INVALID_PARAMETER);
	tbd.immed_len = 20;
	tbd.block_count = 1;
	tbd.block[0].ptr_type = 7;
	CHECK_INT(transmit(UNDI_P_UNKNOWN, 0, &tbd),
		  PXENV_STATUS_UNDI_INVALID_PARAMETER);
	tbd.block_count = 0;
	CHECK_INT(transmit(9, 0, &tbd), PXENV_STATUS_UNDI_INVALID_PARAMETER);
	CHECK_INT(transmit(UNDI_P_IP, 5, &tbd),
		  PXENV_STATUS_UNDI_INVALID_PARAMETER);
	tbd.immed_len = ETH_HLEN - 1;
	CHECK_INT(transmit(UNDI_P_UNKNOWN, 0, &tbd),
		  PXENV_STATUS_UNDI_INVALID_PARAMETER);
	low = fake_pxe_ptr(TBD);
	CHECK_INT(low->immed_len, ETH_HLEN - 1);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	teardown(netdev);
}

/* One ISR call with FLAG; returns the block as the caller sees it. */
static struct pxenv_undi_isr isr_call(uint16_t flag)
{
	struct pxenv_undi_isr isr = { .func_flag = flag };

	fake_pxe_call(PXENV_UNDI_ISR, &isr, sizeof(isr), PARAMS);
	return isr;
}

/* Frames wait for the program, handed out by IN_PROCESS and IN_GET_NEXT. */
UNIT_TEST(pxe_undi_isr_receive_sequence)
{
	struct net_device *netdev = setup();
	uint8_t frame[128], payload[20] = "datagram";
	struct pxenv_undi_tbd tbd = { .immed_len = 60, .xmit = IMMED };
	struct pxenv_undi_isr isr;
	size_t len;

	if (!netdev)
		return;
	CHECK_INT(undi_open(UNDI_FLTR_DIRECTED | UNDI_FLTR_BRDCST),
		  PXENV_EXIT_SUCCESS);
	CHECK_INT(isr_call(PXENV_UNDI_ISR_IN_START).func_flag,
		  PXENV_UNDI_ISR_OUT_NOT_OURS);
	len = fake_udp_frame(frame, sizeof(frame), PEER_IP, 69, OUR_IP, 2000,
			     payload, sizeof(payload));
	fake_netdev_rx_later(netdev, frame, len);
	transmit(UNDI_P_UNKNOWN, 0, &tbd);
	isr = isr_call(PXENV_UNDI_ISR_IN_START);
	CHECK_INT(isr.status, PXENV_STATUS_SUCCESS);
	CHECK_INT(isr.func_flag, PXENV_UNDI_ISR_OUT_OURS);
	CHECK_INT(isr_call(PXENV_UNDI_ISR_IN_PROCESS).func_flag,
		  PXENV_UNDI_ISR_OUT_TRANSMIT);
	isr = isr_call(PXENV_UNDI_ISR_IN_GET_NEXT);
	CHECK_INT(isr.func_flag, PXENV_UNDI_ISR_OUT_RECEIVE);
	CHECK_INT(isr.buffer_len, len);
	CHECK_INT(isr.frame_len, len);
	CHECK_INT(isr.frame_header_len, ETH_HLEN);
	CHECK_INT(isr.prot_type, UNDI_P_IP);
	CHECK_INT(isr.pkt_type, UNDI_PKT_DIRECTED);
	CHECK_INT(SEGOFF_SEG(isr.frame) * 16 + SEGOFF_OFF(isr.frame) + len <=
		  0xa0000, 1);
	CHECK_MEM(fake_pxe_ptr(isr.frame), frame, len);
	CHECK_INT(isr_call(PXENV_UNDI_ISR_IN_GET_NEXT).func_flag,
		  PXENV_UNDI_ISR_OUT_DONE);
	CHECK_INT(isr_call(PXENV_UNDI_ISR_IN_START).func_flag,
		  PXENV_UNDI_ISR_OUT_NOT_OURS);
	isr = isr_call(0x77);
	CHECK_INT(isr.status, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	teardown(netdev);
}

/*
 * While the UNDI is open the stack sees no frames (it would answer an ARP
 * request for its address); after CLOSE it does again.
 */
UNIT_TEST(pxe_undi_diverts_frames_only_while_open)
{
	struct net_device *netdev = setup();
	uint8_t request[FAKE_ARP_FRAME_LEN], other[FAKE_ARP_FRAME_LEN];
	struct arphdr *arp = (struct arphdr *)(request + ETH_HLEN);
	struct pxenv_status close = { 0 };
	struct pxenv_undi_isr isr;

	if (!netdev)
		return;
	fake_netdev_configure(netdev, OUR_IP, FAKE_IP(255, 255, 255, 0), 0);
	fake_arp_reply_frame(request, sizeof(request), netdev, PEER_IP);
	arp->op = htons(ARP_OP_REQUEST);
	memcpy(other, request, sizeof(other));
	memcpy(other, fake_peer_mac, ETH_ALEN);
	undi_open(UNDI_FLTR_DIRECTED);
	fake_netdev_rx(netdev, request, sizeof(request));
	fake_netdev_rx(netdev, other, sizeof(other));
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	isr = isr_call(PXENV_UNDI_ISR_IN_PROCESS);
	CHECK_INT(isr.func_flag, PXENV_UNDI_ISR_OUT_RECEIVE);
	CHECK_INT(isr.prot_type, UNDI_P_ARP);
	CHECK_MEM(fake_pxe_ptr(isr.frame), request, sizeof(request));
	CHECK_INT(isr_call(PXENV_UNDI_ISR_IN_GET_NEXT).func_flag,
		  PXENV_UNDI_ISR_OUT_DONE);
	fake_pxe_call(PXENV_UNDI_CLOSE, &close, sizeof(close), PARAMS);
	CHECK_INT(close.status, PXENV_STATUS_SUCCESS);
	CHECK(netdev->rx_consumer == NULL);
	fake_netdev_rx(netdev, request, sizeof(request));
	CHECK_INT(fake_netdev_tx_count(netdev), 1);
	isr = isr_call(PXENV_UNDI_ISR_IN_START);
	CHECK_INT(isr.status, PXENV_STATUS_UNDI_INVALID_STATE);
	fake_netdev_tx_flush(netdev);
	teardown(netdev);
}

/* The program's packet filter: broadcasts only when asked for. */
UNIT_TEST(pxe_undi_packet_filter)
{
	struct net_device *netdev = setup();
	struct pxenv_undi_set_packet_filter set = {
		.filter = UNDI_FLTR_BRDCST };
	uint8_t frame[FAKE_ARP_FRAME_LEN];
	struct pxenv_undi_isr isr;

	if (!netdev)
		return;
	fake_netdev_configure(netdev, OUR_IP, FAKE_IP(255, 255, 255, 0), 0);
	fake_arp_reply_frame(frame, sizeof(frame), netdev, PEER_IP);
	memcpy(frame, eth_broadcast, ETH_ALEN);
	undi_open(UNDI_FLTR_DIRECTED);
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(isr_call(PXENV_UNDI_ISR_IN_START).func_flag,
		  PXENV_UNDI_ISR_OUT_NOT_OURS);
	fake_pxe_call(PXENV_UNDI_SET_PACKET_FILTER, &set, sizeof(set), PARAMS);
	CHECK_INT(set.status, PXENV_STATUS_SUCCESS);
	fake_netdev_rx(netdev, frame, sizeof(frame));
	isr = isr_call(PXENV_UNDI_ISR_IN_PROCESS);
	CHECK_INT(isr.func_flag, PXENV_UNDI_ISR_OUT_RECEIVE);
	CHECK_INT(isr.pkt_type, UNDI_PKT_BROADCAST);
	set.filter = 0x80;
	fake_pxe_call(PXENV_UNDI_SET_PACKET_FILTER, &set, sizeof(set), PARAMS);
	CHECK_INT(set.status, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	teardown(netdev);
}

/* OPEN refuses more multicast addresses than the list holds. */
UNIT_TEST(pxe_undi_open_rejects_long_mcast_list)
{
	struct net_device *netdev = setup();
	struct pxenv_undi_open open = { .pkt_filter = UNDI_FLTR_DIRECTED,
					.mcast_count = UNDI_MCAST_MAX + 1 };

	if (!netdev)
		return;
	CHECK_INT(fake_pxe_call(PXENV_UNDI_OPEN, &open, sizeof(open), PARAMS),
		  PXENV_EXIT_FAILURE);
	CHECK_INT(open.status, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	CHECK(netdev->rx_consumer == NULL);
	teardown(netdev);
}

/* GET_INFORMATION reports no IRQ (callers poll); IFACE_INFO no IRQ flag. */
UNIT_TEST(pxe_undi_information)
{
	struct net_device *netdev = setup();
	struct pxenv_undi_get_information info;
	struct pxenv_undi_get_iface_info iface;

	if (!netdev)
		return;
	memset(&info, 0xff, sizeof(info));
	CHECK_INT(fake_pxe_call(PXENV_UNDI_GET_INFORMATION, &info,
				sizeof(info), PARAMS), PXENV_EXIT_SUCCESS);
	CHECK_INT(info.int_number, 0);
	CHECK_INT(info.base_io, 0);
	CHECK_INT(info.max_tran_unit, ETH_DATA_LEN);
	CHECK_INT(info.hw_type, UNDI_HW_TYPE_ETHER);
	CHECK_INT(info.hw_addr_len, ETH_ALEN);
	CHECK_MEM(info.current_node_address, fake_mac, ETH_ALEN);
	CHECK_MEM(info.perm_node_address, fake_mac, ETH_ALEN);
	CHECK_INT(fake_pxe_call(PXENV_UNDI_GET_IFACE_INFO, &iface,
				sizeof(iface), PARAMS), PXENV_EXIT_SUCCESS);
	CHECK_STR(iface.iface_type, "DIX+802.3");
	CHECK_INT(iface.service_flags & UNDI_SERVICE_IRQ, 0);
	CHECK(iface.service_flags & UNDI_SERVICE_BROADCAST);
	CHECK(iface.link_speed != 0);
	teardown(netdev);
}

/* GET_NIC_TYPE reads the PCI identity of the device's bus location. */
UNIT_TEST(pxe_undi_nic_type)
{
	struct net_device *netdev = setup();
	struct pxenv_undi_get_nic_type type = { 0 };

	if (!netdev)
		return;
	CHECK_INT(fake_pxe_call(PXENV_UNDI_GET_NIC_TYPE, &type, sizeof(type),
				PARAMS), PXENV_EXIT_FAILURE);
	CHECK_INT(type.status, PXENV_STATUS_UNSUPPORTED);
	strlcpy(netdev->bus_location, "0000:00:03.1",
		sizeof(netdev->bus_location));
	CHECK_INT(fake_pxe_call(PXENV_UNDI_GET_NIC_TYPE, &type, sizeof(type),
				PARAMS), PXENV_EXIT_SUCCESS);
	CHECK_INT(type.nic_type, UNDI_NIC_TYPE_PCI);
	CHECK_INT(type.vendor, FAKE_PCI_VENDOR);
	CHECK_INT(type.device, FAKE_PCI_DEVICE);
	CHECK_INT(type.base_class, 0x02);
	CHECK_INT(type.sub_class, 0x00);
	CHECK_INT(type.revision, FAKE_PCI_REVISION);
	CHECK_INT(type.busdevfn, 0x19);
	CHECK_INT(fake_pci_busdevfn, 0x19);
	CHECK_INT(type.subsys_vendor, FAKE_PCI_SUBSYS_VENDOR);
	CHECK_INT(type.subsys_device, FAKE_PCI_SUBSYS_DEVICE);
	strlcpy(netdev->bus_location, "0000:00:33.0",
		sizeof(netdev->bus_location));
	CHECK_INT(fake_pxe_call(PXENV_UNDI_GET_NIC_TYPE, &type, sizeof(type),
				PARAMS), PXENV_EXIT_FAILURE);
	teardown(netdev);
}

/* Statistics count from CLEAR_STATISTICS; multicast addresses map. */
UNIT_TEST(pxe_undi_statistics_and_mcast_address)
{
	struct net_device *netdev = setup();
	struct pxenv_status clear = { 0 };
	struct pxenv_undi_get_statistics stats = { 0 };
	struct pxenv_undi_get_mcast_address mcast = {
		.inet_addr = FAKE_IP(239, 129, 2, 3) };
	static const uint8_t group[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x01,
						 0x02, 0x03 };
	struct pxenv_undi_tbd tbd = { .immed_len = 60, .xmit = IMMED };

	if (!netdev)
		return;
	fake_pxe_call(PXENV_UNDI_CLEAR_STATISTICS, &clear, sizeof(clear),
		      PARAMS);
	undi_open(UNDI_FLTR_DIRECTED);
	transmit(UNDI_P_UNKNOWN, 0, &tbd);
	fake_pxe_call(PXENV_UNDI_GET_STATISTICS, &stats, sizeof(stats),
		      PARAMS);
	CHECK_INT(stats.xmit_good_frames, 1);
	CHECK_INT(stats.rcv_good_frames, 0);
	fake_pxe_call(PXENV_UNDI_GET_MCAST_ADDRESS, &mcast, sizeof(mcast),
		      PARAMS);
	CHECK_INT(mcast.status, PXENV_STATUS_SUCCESS);
	CHECK_MEM(mcast.media_addr, group, ETH_ALEN);
	mcast.inet_addr = OUR_IP;
	fake_pxe_call(PXENV_UNDI_GET_MCAST_ADDRESS, &mcast, sizeof(mcast),
		      PARAMS);
	CHECK_INT(mcast.status, PXENV_STATUS_UNDI_INVALID_PARAMETER);
	fake_netdev_tx_flush(netdev);
	teardown(netdev);
}

/* A program that returns without closing the UNDI gives the device back. */
UNIT_TEST(pxe_undi_device_returns_when_program_is_gone)
{
	struct net_device *netdev = setup();
	uint8_t request[FAKE_ARP_FRAME_LEN];
	struct arphdr *arp = (struct arphdr *)(request + ETH_HLEN);

	if (!netdev)
		return;
	fake_netdev_configure(netdev, OUR_IP, FAKE_IP(255, 255, 255, 0), 0);
	fake_arp_reply_frame(request, sizeof(request), netdev, PEER_IP);
	arp->op = htons(ARP_OP_REQUEST);
	undi_open(UNDI_FLTR_DIRECTED);
	fake_netdev_rx(netdev, request, sizeof(request));
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	fake_pxe_reset(NULL);
	fake_netdev_rx(netdev, request, sizeof(request));
	CHECK_INT(fake_netdev_tx_count(netdev), 1);
	CHECK(netdev->rx_consumer == NULL);
	fake_netdev_tx_flush(netdev);
	teardown(netdev);
}

/* Multicast frames reach the program only for the groups OPEN listed. */
UNIT_TEST(pxe_undi_multicast_list)
{
	struct net_device *netdev = setup();
	static const uint8_t group[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x01,
						 0x02, 0x03 };
	struct pxenv_undi_open open = { .pkt_filter = UNDI_FLTR_DIRECTED,
					.mcast_count = 2 };
	uint8_t frame[FAKE_ARP_FRAME_LEN];
	struct pxenv_undi_isr isr;

	if (!netdev)
		return;
	memcpy(open.mcast_addr[1], group, ETH_ALEN);
	fake_pxe_call(PXENV_UNDI_OPEN, &open, sizeof(open), PARAMS);
	CHECK_INT(open.status, PXENV_STATUS_SUCCESS);
	fake_arp_reply_frame(frame, sizeof(frame), netdev, PEER_IP);
	memcpy(frame, group, ETH_ALEN);
	frame[ETH_ALEN - 1]++;
	fake_netdev_rx(netdev, frame, sizeof(frame));
	CHECK_INT(isr_call(PXENV_UNDI_ISR_IN_START).func_flag,
		  PXENV_UNDI_ISR_OUT_NOT_OURS);
	memcpy(frame, group, ETH_ALEN);
	fake_netdev_rx(netdev, frame, sizeof(frame));
	isr = isr_call(PXENV_UNDI_ISR_IN_PROCESS);
	CHECK_INT(isr.func_flag, PXENV_UNDI_ISR_OUT_RECEIVE);
	CHECK_INT(isr.pkt_type, UNDI_PKT_MULTICAST);
	teardown(netdev);
}
