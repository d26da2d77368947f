/* SPDX-License-Identifier: MIT */
/* The host TAP driver: a Linux TAP interface as nicboot-linux's NIC. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/iobuf.h>
#include <net/netdevice.h>
#include "drivers/net/tap.h"
#include "platform/linux/hostsys.h"
#include "platform/linux/linux.h"

/* Frames read per poll, so a flood cannot hold up the event loop. */
#define TAP_RX_BURST 32
/* Offset of a received frame in its buffer: puts the IP header on 4 bytes. */
#define TAP_RX_ALIGN 2
/* Read one byte more than the largest frame, to see oversized ones. */
#define TAP_RX_LEN (ETH_FRAME_LEN_MAX + 1)
/* The first three bytes of our MACs: locally administered, unicast. */
#define TAP_MAC_PREFIX0 0x52
#define TAP_MAC_PREFIX1 0x54
#define TAP_MAC_PREFIX2 0x00
#define TAP_MAC_RANDOM_START 3

struct tap_nic {
	int fd;
	/* A receive buffer left over from a poll that found nothing. */
	struct io_buffer *spare;
};

static int tap_open(struct net_device *netdev)
{
	struct tap_nic *nic = netdev->priv;

	linux_watch_fd(nic->fd);
	netdev_link_up(netdev);
	return 0;
}

static void tap_close(struct net_device *netdev)
{
	struct tap_nic *nic = netdev->priv;

	linux_unwatch_fd(nic->fd);
	netdev_link_down(netdev);
	if (nic->spare) {
		free_iob(nic->spare);
		nic->spare = NULL;
	}
}

/* Writes to a TAP device complete at once: one write, one frame. */
static int tap_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct tap_nic *nic = netdev->priv;
	long rc = host_write(nic->fd, iob->data, iob_len(iob));

	netdev_tx_complete(netdev, iob, rc < 0 ? -EIO : 0);
	return 0;
}

/* A receive buffer: the spare one, or a new one. */
static struct io_buffer *tap_rx_buffer(struct tap_nic *nic)
{
	struct io_buffer *iob = nic->spare;

	if (iob) {
		nic->spare = NULL;
		return iob;
	}
	iob = alloc_iob(TAP_RX_ALIGN + TAP_RX_LEN);
	if (iob)
		iob_reserve(iob, TAP_RX_ALIGN);
	return iob;
}

static void tap_poll(struct net_device *netdev)
{
	struct tap_nic *nic = netdev->priv;
	struct io_buffer *iob;
	unsigned int i;
	long len;

	for (i = 0; i < TAP_RX_BURST; i++) {
		iob = tap_rx_buffer(nic);
		if (!iob)
			return;
		len = host_read(nic->fd, iob->data, TAP_RX_LEN);
		if (len <= 0) {
			nic->spare = iob;
			return;
		}
		if (len > ETH_FRAME_LEN_MAX) {
			netdev_rx_err(netdev, iob, -EMSGSIZE);
			continue;
		}
		iob_put(iob, (size_t)len);
		netdev_rx(netdev, iob);
	}
}

static const struct net_device_operations tap_operations = {
	.open = tap_open,
	.close = tap_close,
	.transmit = tap_transmit,
	.poll = tap_poll,
};

/* A random MAC in 52:54:00:xx:xx:xx, as a virtual machine's NIC has. */
static void tap_random_mac(uint8_t *mac)
{
	unsigned int i;

	mac[0] = TAP_MAC_PREFIX0;
	mac[1] = TAP_MAC_PREFIX1;
	mac[2] = TAP_MAC_PREFIX2;
	for (i = TAP_MAC_RANDOM_START; i < ETH_ALEN; i++)
		mac[i] = (uint8_t)random();
}

int tap_probe(const char *ifname)
{
	struct net_device *netdev;
	struct tap_nic *nic;
	int fd, rc;

	fd = host_tap_open(ifname);
	if (fd < 0) {
		printf("tap: cannot attach to TAP interface %s: %s (check that "
		       "it exists and is yours: ip tuntap add dev %s mode tap "
		       "user $USER)\n", ifname, host_strerror(fd), ifname);
		return -ENODEV;
	}
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev) {
		host_close(fd);
		return -ENOMEM;
	}
	nic = netdev->priv;
	nic->fd = fd;
	netdev->op = &tap_operations;
	netdev->driver_name = "tap";
	strlcpy(netdev->bus_location, ifname, sizeof(netdev->bus_location));
	tap_random_mac(netdev->hw_addr);
	rc = register_netdev(netdev);
	if (rc < 0) {
		host_close(fd);
		netdev_put(netdev);
	}
	return rc;
}
