/* SPDX-License-Identifier: MIT */
/* A network device on the firmware's Simple Network Protocol: cards nicboot has no driver for, and snponly. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/list.h>
#include <net/netdevice.h>
#include "drivers/net/snpnet.h"

/* Frames taken from the SNP per poll, so one busy card cannot starve the loop. */
#define SNP_RX_BUDGET 32
/* Polls between looks at the link state. */
#define SNP_CHECK_INTERVAL 64
#define SNP_RX_FILTERS (SNP_RX_UNICAST | SNP_RX_BROADCAST)
#define SNP_RX_FILTERS_OFF (SNP_RX_MULTICAST | SNP_RX_PROMISCUOUS | \
			    SNP_RX_PROMISCUOUS_MULTICAST)

struct snp_nic {
	struct snp_protocol *snp;
	struct io_buffer *rx_iob;	/* a buffer ready for the next frame */
	size_t rx_len;			/* the largest frame SNP may give */
	uint32_t found_state;		/* the SNP's state before open */
	unsigned int polls;
};

static int snp_error(snp_status status)
{
	return status == SNP_NOT_READY ? -EAGAIN : -EIO;
}

/* Bring the SNP from whatever state it is in to initialized. */
static int snpnet_open(struct net_device *netdev)
{
	struct snp_nic *nic = netdev->priv;
	struct snp_protocol *snp = nic->snp;
	snp_status status;

	nic->found_state = snp->mode->state;
	if (snp->mode->state == SNP_STOPPED && (status = snp->start(snp)))
		return snp_error(status);
	if (snp->mode->state == SNP_STARTED &&
	    (status = snp->initialize(snp, 0, 0)))
		return snp_error(status);
	status = snp->receive_filters(snp, SNP_RX_FILTERS &
				      snp->mode->receive_filter_mask,
				      SNP_RX_FILTERS_OFF &
				      snp->mode->receive_filter_mask,
				      false, 0, NULL);
	if (status)
		return snp_error(status);
	nic->rx_len = snp->mode->max_packet_size + snp->mode->media_header_size;
	nic->polls = 0;
	netdev_link_up(netdev);
	return 0;
}

/* Complete every frame the SNP has given back. */
static void snpnet_tx_reap(struct net_device *netdev)
{
	struct snp_nic *nic = netdev->priv;
	struct io_buffer *iob, *tmp;
	void *done;
	uint32_t irq;

	while (nic->snp->get_status(nic->snp, &irq, &done) == SNP_SUCCESS &&
	       done) {
		list_for_each_entry_safe(iob, tmp, &netdev->tx_queue, list) {
			if (iob->data == done) {
				netdev_tx_complete(netdev, iob, 0);
				break;
			}
		}
	}
}

/*
 * Take the SNP back to the state open found it in: stopped or started
 * cards are shut down (no DMA); one the firmware's own stack still uses
 * stays initialized.
 */
static void snpnet_close(struct net_device *netdev)
{
	struct snp_nic *nic = netdev->priv;
	struct snp_protocol *snp = nic->snp;

	if (nic->found_state < SNP_INITIALIZED)
		snp->shutdown(snp);
	snpnet_tx_reap(netdev);
	if (nic->found_state == SNP_STOPPED)
		snp->stop(snp);
	free_iob(nic->rx_iob);
	nic->rx_iob = NULL;
	netdev_link_down(netdev);
}

/* Hand the whole frame to the SNP; it is ours again when GetStatus names it. */
static int snpnet_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	struct snp_nic *nic = netdev->priv;
	snp_status status;

	status = nic->snp->transmit(nic->snp, 0, iob_len(iob), iob->data,
				    NULL, NULL, NULL);
	if (status == SNP_NOT_READY)
		return -ENOBUFS;
	return status ? -EIO : 0;
}

/* Take one frame from the SNP; false when none is waiting. */
static bool snpnet_rx_one(struct net_device *netdev)
{
	struct snp_nic *nic = netdev->priv;
	uintptr_t len = nic->rx_len;
	snp_status status;

	if (!nic->rx_iob)
		nic->rx_iob = alloc_iob(nic->rx_len);
	if (!nic->rx_iob)
		return false;
	status = nic->snp->receive(nic->snp, NULL, &len, nic->rx_iob->data,
				   NULL, NULL, NULL);
	if (status == SNP_NOT_READY)
		return false;
	if (status || len > nic->rx_len) {
		netdev_rx_err(netdev, NULL, -EIO);
		return true;
	}
	iob_put(nic->rx_iob, len);
	netdev_rx(netdev, nic->rx_iob);
	nic->rx_iob = NULL;
	return true;
}

/* Follow the media state when the SNP reports it. */
static void snpnet_check(struct net_device *netdev)
{
	struct snp_nic *nic = netdev->priv;
	const struct snp_mode *mode = nic->snp->mode;

	if (!mode->media_present_supported || mode->media_present)
		netdev_link_up(netdev);
	else
		netdev_link_down(netdev);
}

static void snpnet_poll(struct net_device *netdev)
{
	struct snp_nic *nic = netdev->priv;
	unsigned int n;

	snpnet_tx_reap(netdev);
	for (n = 0; n < SNP_RX_BUDGET &&
	     netdev->rx_queued < NETDEV_RX_QUEUE_MAX; n++) {
		if (!snpnet_rx_one(netdev))
			break;
	}
	if (++nic->polls % SNP_CHECK_INTERVAL == 0)
		snpnet_check(netdev);
}

static const struct net_device_operations snpnet_ops = {
	.open = snpnet_open,
	.close = snpnet_close,
	.transmit = snpnet_transmit,
	.poll = snpnet_poll,
};

int snpnet_probe(struct snp_protocol *snp, const char *location,
		 struct net_device **out)
{
	struct net_device *netdev;
	struct snp_nic *nic;
	int rc;

	if (snp->mode->hw_address_size != ETH_ALEN)
		return -ENOTSUP;
	netdev = alloc_netdev(sizeof(*nic));
	if (!netdev)
		return -ENOMEM;
	netdev->op = &snpnet_ops;
	netdev->driver_name = "snp";
	strlcpy(netdev->bus_location, location, sizeof(netdev->bus_location));
	memcpy(netdev->hw_addr, snp->mode->current_address, ETH_ALEN);
	nic = netdev->priv;
	nic->snp = snp;
	rc = register_netdev(netdev);
	if (rc) {
		netdev_put(netdev);
		return rc;
	}
	*out = netdev;
	return 0;
}

void snpnet_remove(struct net_device *netdev)
{
	unregister_netdev(netdev);
	netdev_put(netdev);
}
