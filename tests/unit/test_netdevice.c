/* SPDX-License-Identifier: MIT */
/* Tests of network devices: naming, settings, counters, queues, close. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <core/iobuf.h>
#include <core/script.h>
#include <core/settings.h>
#include <net/ethernet.h>
#include <net/netdevice.h>
#include "fake_netdev.h"
#include "test_console.h"
#include "test.h"

/* Frames a device may hold and pass up per step (see netdevice.c). */
#define RX_QUOTA 64

UNIT_TEST(netdevice_names_in_order_and_reuses_lowest)
{
	struct net_device *a = fake_netdev_create();
	struct net_device *b = fake_netdev_create();
	struct net_device *c;

	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_STR(a->name, "net0");
	CHECK_STR(b->name, "net1");
	CHECK(find_netdev("net1") == b);
	CHECK(find_netdev("net2") == NULL);
	CHECK(first_netdev() == a);
	CHECK(find_settings("net1") == &b->settings);
	fake_netdev_destroy(a);
	CHECK(first_netdev() == b);
	CHECK(find_settings("net0") == NULL);
	c = fake_netdev_create();
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(c->name, "net0");
		fake_netdev_destroy(c);
	}
	fake_netdev_destroy(b);
	CHECK(first_netdev() == NULL);
}

UNIT_TEST(netdevice_computed_settings)
{
	struct net_device *netdev = fake_netdev_create();
	char name[32], buf[64];

	if (!netdev)
		return;
	snprintf(name, sizeof(name), "%s/mac", netdev->name);
	CHECK(fetchf_setting(name, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "52:54:00:12:34:56");
	snprintf(name, sizeof(name), "%s/mac:hexhyp", netdev->name);
	CHECK(fetchf_setting(name, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "52-54-00-12-34-56");
	snprintf(name, sizeof(name), "%s/chip", netdev->name);
	CHECK(fetchf_setting(name, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "fake");
	snprintf(name, sizeof(name), "%s/busloc", netdev->name);
	CHECK(fetchf_setting(name, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "fake");
	snprintf(name, sizeof(name), "%s/mac", netdev->name);
	CHECK_INT(storef_setting(name, "02:00:00:00:00:01"), -ENOTSUP);
	CHECK_MEM(netdev->ll_addr, fake_mac, ETH_ALEN);
	/* Ordinary settings are stored in the block as usual. */
	snprintf(name, sizeof(name), "%s/ip", netdev->name);
	CHECK_INT(storef_setting(name, "10.0.0.2"), 0);
	CHECK(fetchf_setting(name, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "10.0.0.2");
	fake_netdev_destroy(netdev);
}

UNIT_TEST(netdevice_counts_transmits)
{
	struct net_device *netdev = fake_netdev_create();
	struct io_buffer *iob;

	if (!netdev)
		return;
	iob = alloc_iob(100);
	memset(iob_put(iob, 60), 0xaa, 60);
	CHECK_INT(netdev_tx(netdev, iob), 0);
	CHECK_INT(netdev->stats.tx_packets, 1);
	CHECK_INT(netdev->stats.tx_bytes, 60);
	CHECK_INT(fake_netdev_tx_count(netdev), 1);
	fake_netdev_set_tx_rc(netdev, -ENOBUFS);
	iob = alloc_iob(100);
	iob_put(iob, 60);
	CHECK_INT(netdev_tx(netdev, iob), -ENOBUFS);
	CHECK_INT(netdev->stats.tx_errors, 1);
	CHECK_INT(netdev->stats.tx_packets, 1);
	CHECK(list_empty(&netdev->tx_queue));
	fake_netdev_destroy(netdev);
}

UNIT_TEST(netdevice_closed_device_refuses_traffic)
{
	struct net_device *netdev = fake_netdev_create();
	struct io_buffer *iob;

	if (!netdev)
		return;
	netdev_close(netdev);
	CHECK(!netdev->is_open);
	CHECK(!netdev->link_up);
	iob = alloc_iob(64);
	iob_put(iob, 64);
	CHECK_INT(netdev_tx(netdev, iob), -ENETDOWN);
	CHECK_INT(netdev->stats.tx_errors, 1);
	iob = alloc_iob(64);
	iob_put(iob, 64);
	netdev_rx(netdev, iob);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	CHECK_INT(netdev->stats.rx_packets, 0);
	CHECK_INT(netdev_open(netdev), 0);
	CHECK(netdev->is_open && netdev->link_up);
	fake_netdev_destroy(netdev);
}

/* A driver that keeps every frame it is given and never completes it. */
static int hold_transmit(struct net_device *netdev, struct io_buffer *iob)
{
	return 0;
}

static int hold_open(struct net_device *netdev)
{
	return 0;
}

static void hold_close(struct net_device *netdev)
{
}

static void hold_poll(struct net_device *netdev)
{
}

static const struct net_device_operations hold_operations = {
	.open = hold_open,
	.close = hold_close,
	.transmit = hold_transmit,
	.poll = hold_poll,
};

UNIT_TEST(netdevice_close_cancels_held_frames)
{
	struct net_device *netdev = alloc_netdev(0);
	struct io_buffer *iob;
	int i;

	if (!netdev)
		return;
	netdev->op = &hold_operations;
	CHECK_INT(register_netdev(netdev), 0);
	CHECK_INT(netdev_open(netdev), 0);
	for (i = 0; i < 3; i++) {
		iob = alloc_iob(64);
		iob_put(iob, 64);
		CHECK_INT(netdev_tx(netdev, iob), 0);
	}
	/* Received but not processed frames are thrown away too. */
	iob = alloc_iob(64);
	iob_put(iob, 64);
	netdev_rx(netdev, iob);
	netdev_close(netdev);
	CHECK(list_empty(&netdev->tx_queue));
	CHECK(list_empty(&netdev->rx_queue));
	CHECK_INT(netdev->stats.tx_errors, 3);
	CHECK_INT(netdev->stats.tx_packets, 0);
	unregister_netdev(netdev);
	netdev_put(netdev);
}

/* Queue COUNT frames of an unknown ethertype, as a driver's poll would. */
static void queue_junk(struct net_device *netdev, unsigned int count)
{
	struct io_buffer *iob;
	struct ethhdr *eth;
	unsigned int i;

	for (i = 0; i < count; i++) {
		iob = alloc_iob(64);
		eth = iob_put(iob, 64);
		memcpy(eth->h_dest, fake_mac, ETH_ALEN);
		memcpy(eth->h_source, fake_peer_mac, ETH_ALEN);
		eth->h_protocol = htons(0x88b5);
		netdev_rx(netdev, iob);
	}
}

UNIT_TEST(netdevice_rx_quota_per_step)
{
	struct net_device *netdev = fake_netdev_create();

	if (!netdev)
		return;
	queue_junk(netdev, RX_QUOTA + 10);
	CHECK_INT(netdev->stats.rx_packets, RX_QUOTA + 10);
	net_poll();
	CHECK_INT(netdev->stats.rx_dropped, RX_QUOTA);
	CHECK_INT(netdev->rx_queued, 10);
	net_poll();
	CHECK_INT(netdev->stats.rx_dropped, RX_QUOTA + 10);
	CHECK_INT(netdev->rx_queued, 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(netdevice_rx_queue_is_bounded)
{
	struct net_device *netdev = fake_netdev_create();

	if (!netdev)
		return;
	queue_junk(netdev, NETDEV_RX_QUEUE_MAX + 5);
	CHECK_INT(netdev->rx_queued, NETDEV_RX_QUEUE_MAX);
	CHECK_INT(netdev->stats.rx_packets, NETDEV_RX_QUEUE_MAX);
	CHECK_INT(netdev->stats.rx_dropped, 5);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(netdevice_rx_error_counted)
{
	struct net_device *netdev = fake_netdev_create();

	if (!netdev)
		return;
	netdev_rx_err(netdev, alloc_iob(10), -EIO);
	netdev_rx_err(netdev, NULL, -EIO);
	CHECK_INT(netdev->stats.rx_errors, 2);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(netdevice_commands)
{
	struct net_device *netdev = fake_netdev_create();
	char cmd[64];

	if (!netdev)
		return;
	test_console_start(TEST_INPUT(""), false);
	snprintf(cmd, sizeof(cmd), "ifclose %s", netdev->name);
	CHECK_INT(system(cmd), 0);
	CHECK(!netdev->is_open);
	snprintf(cmd, sizeof(cmd), "ifopen %s", netdev->name);
	CHECK_INT(system(cmd), 0);
	CHECK(netdev->is_open);
	CHECK_INT(system("ifopen net7"), -ENODEV);
	CHECK(strstr(test_console_output(), "ifopen: no such device: net7"));
	snprintf(cmd, sizeof(cmd), "ifstat %s", netdev->name);
	CHECK_INT(system(cmd), 0);
	CHECK(strstr(test_console_output(),
		     "52:54:00:12:34:56 using fake on fake (open)"));
	CHECK(strstr(test_console_output(),
		     "[Link:up, TX:0 TXE:0 RX:0 RXE:0 RXD:0]"));
	test_console_stop();
	fake_netdev_destroy(netdev);
}
