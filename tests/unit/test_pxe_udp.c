/* SPDX-License-Identifier: MIT */
/* Tests of the UDP calls nicboot offers to NBPs, over a fake base memory. */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>
#include <arch/pxe_api.h>
#include "fake_netdev.h"
#include "fake_pxe.h"
#include "test.h"

#define PARAMS SEGOFF(0x1000, 0x0000)
#define BUFFER SEGOFF(0x2000, 0x0000)
#define OUR_IP FAKE_IP(10, 0, 0, 2)
#define PEER_IP FAKE_IP(10, 0, 0, 1)
#define NETMASK FAKE_IP(255, 255, 255, 0)
#define OUR_PORT 2000
#define PEER_PORT 69
#define UDP_OFF (ETH_HLEN + IPV4_HLEN)
#define PXE_DEFAULT_PORT 2069

static struct net_device *setup(void)
{
	struct net_device *netdev = fake_netdev_create();
	struct pxenv_udp_open open = { .src_ip = OUR_IP };

	fake_pxe_reset(netdev);
	if (!netdev)
		return NULL;
	fake_netdev_configure(netdev, OUR_IP, NETMASK, INADDR_ANY);
	fake_netdev_learn(netdev, PEER_IP);
	CHECK_INT(fake_pxe_call(PXENV_UDP_OPEN, &open, sizeof(open), PARAMS),
		  PXENV_EXIT_SUCCESS);
	return netdev;
}

static void teardown(struct net_device *netdev)
{
	struct pxenv_status close = { 0 };

	fake_pxe_call(PXENV_UDP_CLOSE, &close, sizeof(close), PARAMS);
	fake_pxe_reset(NULL);
	fake_netdev_destroy(netdev);
}

/* UDP_WRITE of LEN bytes (already at BUFFER); returns the status. */
static uint16_t udp_write(uint16_t src_port, uint16_t len)
{
	struct pxenv_udp_write write = {
		.ip = PEER_IP, .src_port = htons(src_port),
		.dst_port = htons(PEER_PORT), .buffer_size = len,
		.buffer = BUFFER,
	};

	fake_pxe_call(PXENV_UDP_WRITE, &write, sizeof(write), PARAMS);
	return write.status;
}

/* UDP_READ for D_PORT into a SIZE-byte buffer at BUFFER. */
static struct pxenv_udp_read udp_read(uint16_t d_port, uint16_t size)
{
	struct pxenv_udp_read read = {
		.dest_ip = OUR_IP, .d_port = htons(d_port),
		.buffer_size = size, .buffer = BUFFER,
	};

	fake_pxe_call(PXENV_UDP_READ, &read, sizeof(read), PARAMS);
	return read;
}

/* The peer sends PAYLOAD (LEN bytes) to DEST_PORT, seen by the next read. */
static void peer_sends(struct net_device *netdev, uint16_t dest_port,
		       const void *payload, size_t len)
{
	uint8_t frame[256];

	fake_netdev_rx_later(netdev, frame,
			     fake_udp_frame(frame, sizeof(frame), PEER_IP,
					    PEER_PORT, OUR_IP, dest_port,
					    payload, len));
}

/* A datagram written goes out; the reply to its port is read back. */
UNIT_TEST(pxe_udp_write_read_round_trip)
{
	struct net_device *netdev = setup();
	struct pxenv_udp_read read;
	const struct udphdr *udp;
	struct io_buffer *iob;

	if (!netdev)
		return;
	memcpy(fake_pxe_ptr(BUFFER), "request", 7);
	CHECK_INT(udp_write(OUR_PORT, 7), PXENV_STATUS_SUCCESS);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		udp = (const struct udphdr *)((uint8_t *)iob->data + UDP_OFF);
		CHECK_INT(ntohs(udp->src), OUR_PORT);
		CHECK_INT(ntohs(udp->dest), PEER_PORT);
		CHECK_INT(ntohs(udp->len), UDP_HLEN + 7);
		CHECK_MEM(udp + 1, "request", 7);
		free_iob(iob);
	}
	peer_sends(netdev, OUR_PORT, "reply!", 6);
	memset(fake_pxe_ptr(BUFFER), 0, 64);
	read = udp_read(OUR_PORT, 64);
	CHECK_INT(read.status, PXENV_STATUS_SUCCESS);
	CHECK_INT(read.src_ip, PEER_IP);
	CHECK_INT(ntohs(read.s_port), PEER_PORT);
	CHECK_INT(ntohs(read.d_port), OUR_PORT);
	CHECK_INT(read.buffer_size, 6);
	CHECK_MEM(fake_pxe_ptr(BUFFER), "reply!", 6);
	teardown(netdev);
}

/* Nothing waiting: FAILURE at once; a datagram to another port waits. */
UNIT_TEST(pxe_udp_read_does_not_block_and_filters_port)
{
	struct net_device *netdev = setup();
	struct pxenv_udp_read read;
	uint16_t exit;

	if (!netdev)
		return;
	read = (struct pxenv_udp_read){ .dest_ip = OUR_IP,
					.d_port = htons(OUR_PORT),
					.buffer_size = 64, .buffer = BUFFER };
	exit = fake_pxe_call(PXENV_UDP_READ, &read, sizeof(read), PARAMS);
	CHECK_INT(exit, PXENV_EXIT_FAILURE);
	CHECK_INT(read.status, PXENV_STATUS_FAILURE);
	CHECK_INT(udp_read(OUR_PORT + 1, 64).status, PXENV_STATUS_FAILURE);
	peer_sends(netdev, OUR_PORT + 1, "other", 5);
	CHECK_INT(udp_read(OUR_PORT, 64).status, PXENV_STATUS_FAILURE);
	read = udp_read(OUR_PORT + 1, 64);
	CHECK_INT(read.status, PXENV_STATUS_SUCCESS);
	CHECK_INT(read.buffer_size, 5);
	read = udp_read(0, 64);
	CHECK_INT(read.status, PXENV_STATUS_FAILURE);
	teardown(netdev);
}

/* A datagram larger than the buffer fills it and no more. */
UNIT_TEST(pxe_udp_read_truncates_to_buffer)
{
	struct net_device *netdev = setup();
	uint8_t *buffer = fake_pxe_ptr(BUFFER);
	struct pxenv_udp_read read;

	if (!netdev)
		return;
	udp_read(OUR_PORT, 0);
	peer_sends(netdev, OUR_PORT, "0123456789", 10);
	memset(buffer, 'x', 16);
	read = udp_read(OUR_PORT, 4);
	CHECK_INT(read.status, PXENV_STATUS_SUCCESS);
	CHECK_INT(read.buffer_size, 4);
	CHECK_MEM(buffer, "0123xxxx", 8);
	teardown(netdev);
}

/* Lengths beyond one frame, a zero port and a closed API are refused. */
UNIT_TEST(pxe_udp_rejects_malformed)
{
	struct net_device *netdev = setup();
	struct pxenv_udp_write write = { .ip = PEER_IP, .buffer = BUFFER,
					 .buffer_size = 8 };
	struct pxenv_status close = { 0 };
	struct io_buffer *iob;

	if (!netdev)
		return;
	CHECK_INT(udp_write(OUR_PORT, 0xffff), PXENV_STATUS_FAILURE);
	CHECK_INT(udp_write(OUR_PORT, ETH_DATA_LEN - IPV4_HLEN - UDP_HLEN + 1),
		  PXENV_STATUS_FAILURE);
	fake_pxe_call(PXENV_UDP_WRITE, &write, sizeof(write), PARAMS);
	CHECK_INT(write.status, PXENV_STATUS_FAILURE);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	CHECK_INT(udp_write(0, 8), PXENV_STATUS_SUCCESS);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob && ntohs(((const struct udphdr *)((uint8_t *)iob->data +
						    UDP_OFF))->src) ==
		     PXE_DEFAULT_PORT);
	free_iob(iob);
	fake_pxe_call(PXENV_UDP_CLOSE, &close, sizeof(close), PARAMS);
	CHECK_INT(udp_write(OUR_PORT, 8), PXENV_STATUS_UDP_CLOSED);
	CHECK_INT(udp_read(OUR_PORT, 8).status, PXENV_STATUS_UDP_CLOSED);
	teardown(netdev);
}

/* A program that uses a new port per file never runs out of ports. */
UNIT_TEST(pxe_udp_recycles_ports)
{
	struct net_device *netdev = setup();
	struct pxenv_udp_read read;
	unsigned int i;

	if (!netdev)
		return;
	for (i = 0; i < 40; i++) {
		memcpy(fake_pxe_ptr(BUFFER), "rrq", 3);
		CHECK_INT(udp_write(OUR_PORT + i, 3), PXENV_STATUS_SUCCESS);
		peer_sends(netdev, OUR_PORT + i, "data", 4);
		read = udp_read(OUR_PORT + i, 64);
		CHECK_INT(read.status, PXENV_STATUS_SUCCESS);
		CHECK_INT(read.buffer_size, 4);
	}
	fake_netdev_tx_flush(netdev);
	teardown(netdev);
}

/* A program that returns without UDP_CLOSE gives its ports back. */
UNIT_TEST(pxe_udp_ports_return_when_program_is_gone)
{
	struct net_device *netdev = setup();
	struct udp_conn conn;

	if (!netdev)
		return;
	udp_read(OUR_PORT, 0);
	CHECK_INT(udp_open(&conn, htons(OUR_PORT), NULL, NULL), -EADDRINUSE);
	fake_pxe_reset(NULL);
	peer_sends(netdev, OUR_PORT, "late", 4);
	net_poll();
	CHECK_INT(udp_open(&conn, htons(OUR_PORT), NULL, NULL), 0);
	udp_close(&conn);
	CHECK_INT(udp_read(OUR_PORT, 64).status, PXENV_STATUS_UDP_CLOSED);
	teardown(netdev);
}
