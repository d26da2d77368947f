/* SPDX-License-Identifier: MIT */
/*
 * Network devices: what a NIC driver registers (net0, net1, ...) and what
 * the stack above uses. Drivers hand received frames to netdev_rx() from
 * their poll(); the network process polls every open device and passes
 * queued frames up the stack.
 */
#ifndef NET_NETDEVICE_H
#define NET_NETDEVICE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <core/iobuf.h>
#include <core/list.h>
#include <core/settings.h>
#include <core/table.h>

#define ETH_ALEN 6
#define ETH_HLEN 14
/* Largest Ethernet payload we send or accept (no jumbo frames). */
#define ETH_DATA_LEN 1500
/* Largest frame a driver must receive: header + payload + VLAN tag + FCS. */
#define ETH_FRAME_LEN_MAX 1536
#define NETDEV_NAME_LEN 12
/* Received frames a device may hold before they are processed. */
#define NETDEV_RX_QUEUE_MAX 256

struct net_device;

/*
 * A consumer that takes a device's received frames instead of nicboot's
 * stack: a program nicboot started that drives the card itself (an NBP
 * through the PXE UNDI API, an EFI image through SNP). Called from
 * netdev_service() with each frame, whole (Ethernet header included); it
 * owns IOB from then on.
 */
typedef void (*netdev_rx_consumer)(struct net_device *netdev,
				   struct io_buffer *iob, void *ctx);

struct net_device_operations {
	/* Bring the hardware up; receive starts. */
	int (*open)(struct net_device *netdev);
	/* Stop all DMA and free rings; pending TX buffers are completed. */
	void (*close)(struct net_device *netdev);
	/*
	 * Queue a complete frame. The driver owns IOB until it calls
	 * netdev_tx_complete(); return -ENOBUFS if its ring is full.
	 */
	int (*transmit)(struct net_device *netdev, struct io_buffer *iob);
	/* Reap transmit completions and pass received frames to netdev_rx(). */
	void (*poll)(struct net_device *netdev);
};

/* Counters shown by `ifstat`. */
struct net_device_stats {
	unsigned long tx_packets;
	unsigned long tx_bytes;
	unsigned long tx_errors;
	unsigned long rx_packets;
	unsigned long rx_bytes;
	unsigned long rx_errors;	/* errors the hardware reported */
	unsigned long rx_dropped;	/* malformed or unwanted, dropped by the stack */
};

struct net_device {
	struct list_head list;		/* in the list of all devices */
	char name[NETDEV_NAME_LEN];	/* "net0" */
	const struct net_device_operations *op;
	void *priv;			/* driver private data */
	const char *driver_name;	/* "e1000", "tap" */
	char bus_location[32];		/* "0000:00:03.0", "tap0" */
	uint8_t ll_addr[ETH_ALEN];	/* MAC address in use */
	uint8_t hw_addr[ETH_ALEN];	/* MAC address burnt in */
	size_t mtu;			/* IP MTU: ETH_DATA_LEN unless limited */
	bool is_open;
	bool link_up;
	struct list_head tx_queue;	/* frames the driver holds */
	struct list_head rx_queue;	/* frames received, not yet processed */
	unsigned int rx_queued;		/* frames in rx_queue */
	struct net_device_stats stats;
	netdev_rx_consumer rx_consumer;	/* NULL: frames go up the stack */
	void *rx_consumer_ctx;
	struct settings settings;	/* the "net0" settings block */
	unsigned int refcnt;
};

/* Allocate a device with PRIV_LEN bytes of zeroed private data (->priv). */
struct net_device *alloc_netdev(size_t priv_len);
/* Name it netN, attach its settings block and announce it. */
int register_netdev(struct net_device *netdev);
/* Close, detach and drop the registration reference. */
void unregister_netdev(struct net_device *netdev);
/* Take a reference; each one is dropped with netdev_put(). */
static inline struct net_device *netdev_get(struct net_device *netdev)
{
	netdev->refcnt++;
	return netdev;
}
/* Drop a reference; the last one frees the device. */
void netdev_put(struct net_device *netdev);

int netdev_open(struct net_device *netdev);
void netdev_close(struct net_device *netdev);
/*
 * Transmit a frame (ownership passes to the device in every case). A
 * driver may push its own header: frames built outside the stack keep
 * IOB_MAX_HEADROOM free in front, as the stack's do.
 */
int netdev_tx(struct net_device *netdev, struct io_buffer *iob);
/* Driver: transmission of IOB ended with RC (0 = sent); frees IOB. */
void netdev_tx_complete(struct net_device *netdev, struct io_buffer *iob,
			int rc);
/* Driver: a frame arrived (ownership passes to the stack). */
void netdev_rx(struct net_device *netdev, struct io_buffer *iob);
/* Driver: a frame was lost or bad (IOB may be NULL). */
void netdev_rx_err(struct net_device *netdev, struct io_buffer *iob, int rc);
void netdev_link_up(struct net_device *netdev);
void netdev_link_down(struct net_device *netdev);
/* Poll NETDEV now (used by waits that need a device serviced at once). */
void netdev_poll(struct net_device *netdev);
/*
 * Poll NETDEV and pass a bounded number of its queued frames on: to its
 * rx consumer if it has one, else up the stack.
 */
void netdev_service(struct net_device *netdev);
/*
 * Divert NETDEV's received frames to CONSUMER (with CTX), or give them
 * back to the stack (NULL). One consumer per device; frames already
 * queued go to whoever is set when they are processed.
 */
void netdev_set_rx_consumer(struct net_device *netdev,
			    netdev_rx_consumer consumer, void *ctx);
/*
 * One step of the network process: poll every open device and pass a
 * bounded number of its queued frames up the stack.
 */
void net_poll(void);

struct net_device *find_netdev(const char *name);
/* The first registered device, or NULL. */
struct net_device *first_netdev(void);
extern struct list_head net_devices;
#define for_each_netdev(netdev) \
	list_for_each_entry(netdev, &net_devices, list)

/*
 * A part of the stack that keeps state per device (ARP cache, routes,
 * fragments) and must hear when a device changes or goes away.
 */
struct netdev_notifier {
	/* NETDEV was opened or closed, or its link went up or down. */
	void (*changed)(struct net_device *netdev);
	/* NETDEV is being unregistered: forget every pointer to it. */
	void (*removed)(struct net_device *netdev);
};
TABLE_DECLARE(const struct netdev_notifier, netdev_notifiers);
#define NETDEV_NOTIFIER(ident) \
	static const struct netdev_notifier ident \
	TABLE_ENTRY(const struct netdev_notifier, netdev_notifiers)

/* Computed settings of each device block: "net0/chip", "net0/busloc". */
extern const struct setting chip_setting;
extern const struct setting busloc_setting;

#endif
