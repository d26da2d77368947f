/* SPDX-License-Identifier: MIT */
/* Network devices: registration, open/close, the transmit and receive paths. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/init.h>
#include <core/iobuf.h>
#include <core/process.h>
#include <core/settings.h>
#include <net/ethernet.h>
#include <net/netdevice.h>

/* Frames of one device passed up the stack per step, so timers still run. */
#define NETDEV_RX_QUOTA 64
/* Private data starts at this alignment after the device structure. */
#define NETDEV_PRIV_ALIGN 16

LIST_HEAD(net_devices);

SETTING(chip_setting) = {
	.name = "chip", .description = "Network driver",
	.type = &setting_type_string,
};

SETTING(busloc_setting) = {
	.name = "busloc", .description = "Bus location",
	.type = &setting_type_string,
};

/* Copy the computed value VALUE (LEN bytes) out as a settings fetch does. */
static int fetch_computed(const void *value, size_t len, void *raw,
			  size_t raw_len)
{
	if (raw_len)
		memcpy(raw, value, MIN(len, raw_len));
	return (int)len;
}

/* The "netN" block computes mac, chip and busloc from the device. */
static int netdev_fetch(struct settings *settings,
			const struct setting *setting, void *raw, size_t len)
{
	struct net_device *netdev =
		container_of(settings, struct net_device, settings);

	if (strcmp(setting->name, mac_setting.name) == 0)
		return fetch_computed(netdev->ll_addr, ETH_ALEN, raw, len);
	if (strcmp(setting->name, chip_setting.name) == 0 &&
	    netdev->driver_name)
		return fetch_computed(netdev->driver_name,
				      strlen(netdev->driver_name), raw, len);
	if (strcmp(setting->name, busloc_setting.name) == 0)
		return fetch_computed(netdev->bus_location,
				      strlen(netdev->bus_location), raw, len);
	return -ENOENT;
}

/* The computed values are read-only; everything else is stored. */
static int netdev_store(struct settings *settings,
			const struct setting *setting, const void *raw,
			size_t len)
{
	if (strcmp(setting->name, mac_setting.name) == 0 ||
	    strcmp(setting->name, chip_setting.name) == 0 ||
	    strcmp(setting->name, busloc_setting.name) == 0)
		return -ENOTSUP;
	return -ENOENT;
}

static const struct settings_operations netdev_settings_ops = {
	.fetch = netdev_fetch,
	.store = netdev_store,
};

struct net_device *alloc_netdev(size_t priv_len)
{
	size_t base = ALIGN_UP(sizeof(struct net_device),
			       (size_t)NETDEV_PRIV_ALIGN);
	struct net_device *netdev = zalloc(base + priv_len);

	if (!netdev)
		return NULL;
	INIT_LIST_HEAD(&netdev->list);
	INIT_LIST_HEAD(&netdev->tx_queue);
	INIT_LIST_HEAD(&netdev->rx_queue);
	netdev->priv = (char *)netdev + base;
	netdev->mtu = ETH_DATA_LEN;
	netdev->refcnt = 1;
	settings_init(&netdev->settings, &netdev_settings_ops);
	return netdev;
}

void netdev_put(struct net_device *netdev)
{
	if (netdev && --netdev->refcnt == 0)
		free(netdev);
}

/* Tell every notifier that NETDEV was opened, closed or changed link. */
static void netdev_notify_changed(struct net_device *netdev)
{
	const struct netdev_notifier *notifier;

	for_each_table_entry(notifier, netdev_notifiers) {
		if (notifier->changed)
			notifier->changed(netdev);
	}
}

static void netdev_notify_removed(struct net_device *netdev)
{
	const struct netdev_notifier *notifier;

	for_each_table_entry(notifier, netdev_notifiers) {
		if (notifier->removed)
			notifier->removed(netdev);
	}
}

/* The lowest N such that no registered device is called netN. */
static unsigned int netdev_free_index(void)
{
	char name[NETDEV_NAME_LEN];
	unsigned int index;

	for (index = 0;; index++) {
		snprintf(name, sizeof(name), "net%u", index);
		if (!find_netdev(name))
			return index;
	}
}

static bool mac_is_zero(const uint8_t *mac)
{
	static const uint8_t zero[ETH_ALEN];

	return memcmp(mac, zero, ETH_ALEN) == 0;
}

int register_netdev(struct net_device *netdev)
{
	int rc;

	snprintf(netdev->name, sizeof(netdev->name), "net%u",
		 netdev_free_index());
	if (mac_is_zero(netdev->ll_addr))
		memcpy(netdev->ll_addr, netdev->hw_addr, ETH_ALEN);
	rc = register_settings(&netdev->settings, NULL, netdev->name);
	if (rc < 0)
		return rc;
	list_add_tail(&netdev->list, &net_devices);
	netdev_get(netdev);
	return 0;
}

void unregister_netdev(struct net_device *netdev)
{
	netdev_close(netdev);
	list_del(&netdev->list);
	netdev_notify_removed(netdev);
	unregister_settings(&netdev->settings);
	netdev_put(netdev);
}

struct net_device *find_netdev(const char *name)
{
	struct net_device *netdev;

	for_each_netdev(netdev) {
		if (strcmp(netdev->name, name) == 0)
			return netdev;
	}
	return NULL;
}

struct net_device *first_netdev(void)
{
	if (list_empty(&net_devices))
		return NULL;
	return list_first_entry(&net_devices, struct net_device, list);
}

int netdev_open(struct net_device *netdev)
{
	int rc;

	if (netdev->is_open)
		return 0;
	rc = netdev->op->open(netdev);
	if (rc < 0)
		return rc;
	netdev->is_open = true;
	netdev_notify_changed(netdev);
	return 0;
}

/* Throw away every received frame not yet processed. */
static void netdev_discard_rx(struct net_device *netdev)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &netdev->rx_queue, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	netdev->rx_queued = 0;
}

/* Complete every frame the driver still holds with -ECANCELED. */
static void netdev_cancel_tx(struct net_device *netdev)
{
	struct io_buffer *iob;

	while (!list_empty(&netdev->tx_queue)) {
		iob = list_first_entry(&netdev->tx_queue, struct io_buffer,
				       list);
		netdev_tx_complete(netdev, iob, -ECANCELED);
	}
}

void netdev_close(struct net_device *netdev)
{
	if (!netdev->is_open)
		return;
	netdev->op->close(netdev);
	netdev_cancel_tx(netdev);
	netdev_discard_rx(netdev);
	netdev->is_open = false;
	netdev_notify_changed(netdev);
}

int netdev_tx(struct net_device *netdev, struct io_buffer *iob)
{
	int rc;

	list_add_tail(&iob->list, &netdev->tx_queue);
	if (!netdev->is_open) {
		netdev_tx_complete(netdev, iob, -ENETDOWN);
		return -ENETDOWN;
	}
	rc = netdev->op->transmit(netdev, iob);
	if (rc < 0)
		netdev_tx_complete(netdev, iob, rc);
	return rc;
}

void netdev_tx_complete(struct net_device *netdev, struct io_buffer *iob,
			int rc)
{
	if (rc == 0) {
		netdev->stats.tx_packets++;
		netdev->stats.tx_bytes += iob_len(iob);
	} else {
		netdev->stats.tx_errors++;
	}
	list_del(&iob->list);
	free_iob(iob);
}

void netdev_rx(struct net_device *netdev, struct io_buffer *iob)
{
	if (!netdev->is_open || netdev->rx_queued >= NETDEV_RX_QUEUE_MAX) {
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	netdev->stats.rx_packets++;
	netdev->stats.rx_bytes += iob_len(iob);
	list_add_tail(&iob->list, &netdev->rx_queue);
	netdev->rx_queued++;
}

void netdev_rx_err(struct net_device *netdev, struct io_buffer *iob, int rc)
{
	netdev->stats.rx_errors++;
	if (iob)
		free_iob(iob);
}

void netdev_link_up(struct net_device *netdev)
{
	if (netdev->link_up)
		return;
	netdev->link_up = true;
	netdev_notify_changed(netdev);
}

void netdev_link_down(struct net_device *netdev)
{
	if (!netdev->link_up)
		return;
	netdev->link_up = false;
	netdev_notify_changed(netdev);
}

void netdev_poll(struct net_device *netdev)
{
	if (netdev->is_open)
		netdev->op->poll(netdev);
}

void netdev_set_rx_consumer(struct net_device *netdev,
			    netdev_rx_consumer consumer, void *ctx)
{
	netdev->rx_consumer = consumer;
	netdev->rx_consumer_ctx = consumer ? ctx : NULL;
}

/*
 * Pass up to NETDEV_RX_QUOTA queued frames of NETDEV to its consumer, or
 * up the stack.
 */
static void netdev_process_rx(struct net_device *netdev)
{
	struct io_buffer *iob;
	unsigned int done;

	for (done = 0; done < NETDEV_RX_QUOTA; done++) {
		if (!netdev->is_open || list_empty(&netdev->rx_queue))
			return;
		iob = list_first_entry(&netdev->rx_queue, struct io_buffer,
				       list);
		list_del(&iob->list);
		netdev->rx_queued--;
		if (netdev->rx_consumer)
			netdev->rx_consumer(netdev, iob,
					    netdev->rx_consumer_ctx);
		else
			net_rx(iob, netdev);
	}
}

void netdev_service(struct net_device *netdev)
{
	netdev_poll(netdev);
	netdev_process_rx(netdev);
}

void net_poll(void)
{
	struct net_device *netdev;

	for_each_netdev(netdev)
		netdev_service(netdev);
}

PERMANENT_PROCESS(net_process) = { "net", net_poll };

/* Quiesce every device before an image takes over or the program ends. */
static void net_shutdown(void)
{
	struct net_device *netdev;

	for_each_netdev(netdev)
		netdev_close(netdev);
}

SHUTDOWN_FN(net_shutdown_fn) = { INIT_NORMAL, net_shutdown };
