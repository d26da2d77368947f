/* SPDX-License-Identifier: MIT */
/*
 * nicboot's network device as a Simple Network Protocol, on a handle of
 * its own, for the EFI images nicboot starts (GRUB's efinet drives it).
 * While the image has it initialized, the device's received frames are
 * diverted from nicboot's stack to a bounded queue that Receive() reads;
 * frames are copied both ways, so a transmitted buffer is given back by
 * the next GetStatus() at once.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/list.h>
#include <net/ethernet.h>
#include <net/netdevice.h>
#include "platform/efi/efi.h"

/* Frames held for the image before new ones are dropped (and counted). */
#define SNP_RX_QUEUE_MAX 64
/* Sent buffers not yet given back by GetStatus(); then Transmit() waits. */
#define SNP_TX_RECYCLE_MAX 32
#define SNP_IF_TYPE_ETHERNET 1
/* What nicboot's drivers deliver: frames to our address and broadcasts. */
#define SNP_FILTERS (EFI_SIMPLE_NETWORK_RECEIVE_UNICAST | \
		     EFI_SIMPLE_NETWORK_RECEIVE_BROADCAST)
/* IPv6 multicast MACs: 33:33 and the group's last four bytes. */
#define MCAST_IPV6_PREFIX 0x33
#define IPV6_ADDRESS_LEN 16

/* The SNP nicboot offers over one of its network devices. */
struct snp_dev {
	EFI_SIMPLE_NETWORK_PROTOCOL snp;
	EFI_SIMPLE_NETWORK_MODE mode;
	EFI_HANDLE handle;
	EFI_DEVICE_PATH *path;
	struct net_device *netdev;
	bool opened;			/* Initialize() opened the device */
	struct list_head rx;		/* frames for Receive() */
	unsigned int rx_count;
	unsigned long rx_dropped;	/* frames lost to a full queue */
	void *recycled[SNP_TX_RECYCLE_MAX];
	unsigned int recycled_count;
	uint32_t interrupts;		/* EFI_SIMPLE_NETWORK_*_INTERRUPT */
	EFI_EVENT exit_boot;		/* stops the card for the OS */
};

static struct snp_dev *offered;
static EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;
static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

static struct snp_dev *to_dev(EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	return container_of(snp, struct snp_dev, snp);
}

/*
 * Calls that reach nicboot's stack run at TPL_CALLBACK, as the firmware's
 * own SNP drivers do: then the firmware's network stack, if it bound to
 * this SNP, cannot call in from a timer while the image is inside.
 */
static EFI_TPL snp_enter(void)
{
	return efi_bs->RaiseTPL(TPL_CALLBACK);
}

static EFI_STATUS snp_leave(EFI_TPL tpl, EFI_STATUS status)
{
	efi_bs->RestoreTPL(tpl);
	return status;
}

/* The device's frame, diverted from the stack, queued for Receive(). */
static void snp_rx_consume(struct net_device *netdev, struct io_buffer *iob,
			   void *ctx)
{
	struct snp_dev *dev = ctx;

	if (dev->rx_count >= SNP_RX_QUEUE_MAX || iob_len(iob) < ETH_HLEN) {
		dev->rx_dropped++;
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	list_add_tail(&iob->list, &dev->rx);
	dev->rx_count++;
	dev->interrupts |= EFI_SIMPLE_NETWORK_RECEIVE_INTERRUPT;
}

/* Drop the frames waiting for Receive(). */
static void snp_discard_rx(struct snp_dev *dev)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &dev->rx, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	dev->rx_count = 0;
}

/* Service the device: reap transmissions, queue what it received. */
static void snp_poll(struct snp_dev *dev)
{
	netdev_service(dev->netdev);
	dev->mode.MediaPresent = dev->netdev->link_up;
}

void efi_snp_divert(bool divert)
{
	struct snp_dev *dev = offered;

	if (!dev || dev->mode.State != EfiSimpleNetworkInitialized)
		return;
	netdev_set_rx_consumer(dev->netdev, divert ? snp_rx_consume : NULL,
			       dev);
}

static EFI_STATUS EFIAPI snp_start(EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	struct snp_dev *dev = to_dev(snp);
	EFI_TPL tpl;

	tpl = snp_enter();
	if (dev->mode.State != EfiSimpleNetworkStopped)
		return snp_leave(tpl, EFI_ALREADY_STARTED);
	dev->mode.State = EfiSimpleNetworkStarted;
	return snp_leave(tpl, EFI_SUCCESS);
}

/* Close the device if Initialize() opened it, and give frames back to the stack. */
static void snp_quiesce(struct snp_dev *dev)
{
	netdev_set_rx_consumer(dev->netdev, NULL, NULL);
	if (dev->opened)
		netdev_close(dev->netdev);
	dev->opened = false;
	snp_discard_rx(dev);
	dev->recycled_count = 0;
	dev->interrupts = 0;
	dev->mode.State = EfiSimpleNetworkStarted;
}

static EFI_STATUS EFIAPI snp_stop(EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	struct snp_dev *dev = to_dev(snp);
	EFI_TPL tpl;

	tpl = snp_enter();
	if (dev->mode.State == EfiSimpleNetworkStopped)
		return snp_leave(tpl, EFI_NOT_STARTED);
	snp_quiesce(dev);
	dev->mode.State = EfiSimpleNetworkStopped;
	return snp_leave(tpl, EFI_SUCCESS);
}

static EFI_STATUS EFIAPI snp_initialize(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
					UINTN extra_rx, UINTN extra_tx)
{
	struct snp_dev *dev = to_dev(snp);
	int rc;
	EFI_TPL tpl;

	tpl = snp_enter();
	if (dev->mode.State == EfiSimpleNetworkStopped)
		return snp_leave(tpl, EFI_NOT_STARTED);
	if (dev->mode.State == EfiSimpleNetworkInitialized)
		return snp_leave(tpl, EFI_SUCCESS);
	if (!dev->netdev->is_open) {
		rc = netdev_open(dev->netdev);
		if (rc) {
			printf("snp: cannot open %s for the image: %s\n",
			       dev->netdev->name, strerror(rc));
			return snp_leave(tpl, EFI_DEVICE_ERROR);
		}
		dev->opened = true;
	}
	dev->mode.State = EfiSimpleNetworkInitialized;
	efi_snp_divert(true);
	snp_poll(dev);
	return snp_leave(tpl, EFI_SUCCESS);
}

/* EFI_NOT_STARTED or EFI_DEVICE_ERROR unless DEV is initialized. */
static EFI_STATUS snp_check_ready(const struct snp_dev *dev)
{
	if (dev->mode.State == EfiSimpleNetworkStopped)
		return EFI_NOT_STARTED;
	if (dev->mode.State != EfiSimpleNetworkInitialized)
		return EFI_DEVICE_ERROR;
	return EFI_SUCCESS;
}

/* snp_enter(), then snp_check_ready(DEV); the caller then calls snp_leave(). */
static EFI_STATUS snp_enter_ready(const struct snp_dev *dev, EFI_TPL *tpl)
{
	*tpl = snp_enter();
	return snp_check_ready(dev);
}

/* Run ACTION on SNP's device if it is initialized; snp_check_ready's status. */
static EFI_STATUS snp_when_ready(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
				 void (*action)(struct snp_dev *dev))
{
	struct snp_dev *dev = to_dev(snp);
	EFI_STATUS status;
	EFI_TPL tpl;

	status = snp_enter_ready(dev, &tpl);
	if (status == EFI_SUCCESS)
		action(dev);
	return snp_leave(tpl, status);
}

static EFI_STATUS EFIAPI snp_reset(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
				   BOOLEAN extended)
{
	return snp_when_ready(snp, snp_discard_rx);
}

static EFI_STATUS EFIAPI snp_shutdown(EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	return snp_when_ready(snp, snp_quiesce);
}

/* Any filters the card delivers are accepted; multicast lists are kept. */
static EFI_STATUS EFIAPI snp_receive_filters(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
					     UINT32 enable, UINT32 disable,
					     BOOLEAN reset_mcast, UINTN mcast_count,
					     EFI_MAC_ADDRESS *mcast)
{
	struct snp_dev *dev = to_dev(snp);
	EFI_STATUS status;
	EFI_SIMPLE_NETWORK_MODE *mode = &dev->mode;
	EFI_TPL tpl;

	status = snp_enter_ready(dev, &tpl);
	if (status != EFI_SUCCESS)
		return snp_leave(tpl, status);
	if (mcast_count > mode->MaxMCastFilterCount ||
	    (mcast_count && !mcast))
		return snp_leave(tpl, EFI_INVALID_PARAMETER);
	mode->ReceiveFilterSetting =
		(mode->ReceiveFilterSetting | enable) & ~disable &
		mode->ReceiveFilterMask;
	if (reset_mcast)
		mode->MCastFilterCount = 0;
	else if (mcast_count) {
		memcpy(mode->MCastFilter, mcast, mcast_count * sizeof(*mcast));
		mode->MCastFilterCount = (UINT32)mcast_count;
	}
	return snp_leave(tpl, EFI_SUCCESS);
}

/* The address can only be reset to the one in use: drivers keep theirs. */
static EFI_STATUS EFIAPI snp_station_address(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
					     BOOLEAN reset, EFI_MAC_ADDRESS *mac)
{
	struct snp_dev *dev = to_dev(snp);
	EFI_STATUS status = snp_check_ready(dev);

	if (status != EFI_SUCCESS)
		return status;
	return reset ? EFI_SUCCESS : EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI snp_statistics(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
					BOOLEAN reset, UINTN *len,
					EFI_NETWORK_STATISTICS *table)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI snp_mcast_ip_to_mac(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
					     BOOLEAN ipv6, EFI_IP_ADDRESS *ip,
					     EFI_MAC_ADDRESS *mac)
{
	const uint8_t *addr = (const uint8_t *)ip->Addr;
	uint8_t *m = mac->Addr;

	memset(mac, 0, sizeof(*mac));
	if (ipv6) {
		m[0] = m[1] = MCAST_IPV6_PREFIX;
		memcpy(m + 2, addr + IPV6_ADDRESS_LEN - 4, 4);
	} else {
		eth_ipv4_mcast(ip->Addr[0], m);
	}
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI snp_nvdata(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
				    BOOLEAN write, UINTN offset, UINTN len,
				    VOID *buf)
{
	return EFI_UNSUPPORTED;
}

/* Interrupts since the last call (then cleared), and one sent buffer back. */
static EFI_STATUS EFIAPI snp_get_status(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
					UINT32 *interrupts, VOID **txbuf)
{
	struct snp_dev *dev = to_dev(snp);
	EFI_STATUS status;
	EFI_TPL tpl;

	status = snp_enter_ready(dev, &tpl);
	if (status != EFI_SUCCESS)
		return snp_leave(tpl, status);
	snp_poll(dev);
	if (interrupts) {
		*interrupts = dev->interrupts;
		dev->interrupts = 0;
	}
	if (txbuf) {
		*txbuf = NULL;
		if (dev->recycled_count) {
			*txbuf = dev->recycled[0];
			dev->recycled_count--;
			memmove(dev->recycled, dev->recycled + 1,
				dev->recycled_count * sizeof(dev->recycled[0]));
		}
	}
	return snp_leave(tpl, EFI_SUCCESS);
}

/* Write the Ethernet header the caller asked nicboot to fill in. */
static EFI_STATUS snp_fill_header(struct snp_dev *dev, uint8_t *frame,
				  UINTN header_len, EFI_MAC_ADDRESS *src,
				  EFI_MAC_ADDRESS *dest, UINT16 *protocol)
{
	struct ethhdr *eth = (struct ethhdr *)frame;

	if (header_len != dev->mode.MediaHeaderSize || !dest || !protocol)
		return EFI_INVALID_PARAMETER;
	memcpy(eth->h_dest, dest->Addr, ETH_ALEN);
	memcpy(eth->h_source, src ? src->Addr : dev->netdev->ll_addr,
	       ETH_ALEN);
	eth->h_protocol = htons(*protocol);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI snp_transmit(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
				      UINTN header_len, UINTN len, VOID *buf,
				      EFI_MAC_ADDRESS *src,
				      EFI_MAC_ADDRESS *dest, UINT16 *protocol)
{
	struct snp_dev *dev = to_dev(snp);
	EFI_STATUS status;
	struct io_buffer *iob;
	EFI_TPL tpl;

	status = snp_enter_ready(dev, &tpl);
	if (status != EFI_SUCCESS)
		return snp_leave(tpl, status);
	if (len < ETH_HLEN || len > ETH_HLEN + dev->mode.MaxPacketSize)
		return snp_leave(tpl, EFI_BUFFER_TOO_SMALL);
	snp_poll(dev);
	if (dev->recycled_count >= SNP_TX_RECYCLE_MAX)
		return snp_leave(tpl, EFI_NOT_READY);
	/* Drivers may prepend a header of their own (virtio-net's). */
	iob = alloc_iob(IOB_MAX_HEADROOM + len);
	if (!iob)
		return snp_leave(tpl, EFI_OUT_OF_RESOURCES);
	iob_reserve(iob, IOB_MAX_HEADROOM);
	memcpy(iob_put(iob, len), buf, len);
	if (header_len) {
		status = snp_fill_header(dev, iob->data, header_len, src, dest,
					 protocol);
		if (status != EFI_SUCCESS) {
			free_iob(iob);
			return snp_leave(tpl, status);
		}
	}
	if (netdev_tx(dev->netdev, iob) < 0)
		return snp_leave(tpl, EFI_DEVICE_ERROR);
	dev->recycled[dev->recycled_count++] = buf;
	dev->interrupts |= EFI_SIMPLE_NETWORK_TRANSMIT_INTERRUPT;
	return snp_leave(tpl, EFI_SUCCESS);
}

/* Tell the caller the addresses and type of the Ethernet frame ETH. */
static void snp_report_header(const struct ethhdr *eth, UINTN *header_len,
			      EFI_MAC_ADDRESS *src, EFI_MAC_ADDRESS *dest,
			      UINT16 *protocol)
{
	if (header_len)
		*header_len = ETH_HLEN;
	if (src) {
		memset(src, 0, sizeof(*src));
		memcpy(src->Addr, eth->h_source, ETH_ALEN);
	}
	if (dest) {
		memset(dest, 0, sizeof(*dest));
		memcpy(dest->Addr, eth->h_dest, ETH_ALEN);
	}
	if (protocol)
		*protocol = ntohs(eth->h_protocol);
}

static EFI_STATUS EFIAPI snp_receive(EFI_SIMPLE_NETWORK_PROTOCOL *snp,
				     UINTN *header_len, UINTN *len, VOID *buf,
				     EFI_MAC_ADDRESS *src,
				     EFI_MAC_ADDRESS *dest, UINT16 *protocol)
{
	struct snp_dev *dev = to_dev(snp);
	EFI_STATUS status;
	struct io_buffer *iob;
	size_t frame_len;
	EFI_TPL tpl;

	status = snp_enter_ready(dev, &tpl);
	if (status != EFI_SUCCESS)
		return snp_leave(tpl, status);
	if (list_empty(&dev->rx))
		snp_poll(dev);
	if (list_empty(&dev->rx))
		return snp_leave(tpl, EFI_NOT_READY);
	iob = list_first_entry(&dev->rx, struct io_buffer, list);
	frame_len = iob_len(iob);
	if (frame_len > *len) {
		*len = frame_len;
		return snp_leave(tpl, EFI_BUFFER_TOO_SMALL);
	}
	list_del(&iob->list);
	dev->rx_count--;
	memcpy(buf, iob->data, frame_len);
	*len = frame_len;
	snp_report_header(iob->data, header_len, src, dest, protocol);
	free_iob(iob);
	return snp_leave(tpl, EFI_SUCCESS);
}

/* WaitForPacket: checked by the firmware when the image waits on it. */
static VOID EFIAPI snp_wait_notify(EFI_EVENT event, VOID *ctx)
{
	struct snp_dev *dev = ctx;

	if (dev->mode.State != EfiSimpleNetworkInitialized)
		return;
	snp_poll(dev);
	if (!list_empty(&dev->rx))
		efi_bs->SignalEvent(event);
}

/*
 * ExitBootServices(): an OS loader (GRUB booting Linux) may leave the card
 * initialized; no DMA may outlive the firmware.
 */
static VOID EFIAPI snp_exit_boot(EFI_EVENT event, VOID *ctx)
{
	struct snp_dev *dev = ctx;

	if (dev->mode.State == EfiSimpleNetworkInitialized)
		snp_quiesce(dev);
}

static const EFI_SIMPLE_NETWORK_PROTOCOL snp_ops = {
	.Revision = EFI_SIMPLE_NETWORK_PROTOCOL_REVISION,
	.Start = snp_start,
	.Stop = snp_stop,
	.Initialize = snp_initialize,
	.Reset = snp_reset,
	.Shutdown = snp_shutdown,
	.ReceiveFilters = snp_receive_filters,
	.StationAddress = snp_station_address,
	.Statistics = snp_statistics,
	.MCastIpToMac = snp_mcast_ip_to_mac,
	.NvData = snp_nvdata,
	.GetStatus = snp_get_status,
	.Transmit = snp_transmit,
	.Receive = snp_receive,
};

/* The mode of a stopped SNP over NETDEV. */
static void snp_init_mode(EFI_SIMPLE_NETWORK_MODE *mode,
			  const struct net_device *netdev)
{
	memset(mode, 0, sizeof(*mode));
	mode->State = EfiSimpleNetworkStopped;
	mode->HwAddressSize = ETH_ALEN;
	mode->MediaHeaderSize = ETH_HLEN;
	mode->MaxPacketSize = ETH_DATA_LEN;
	mode->ReceiveFilterMask = SNP_FILTERS;
	mode->ReceiveFilterSetting = SNP_FILTERS;
	mode->MaxMCastFilterCount = MAX_MCAST_FILTER_CNT;
	memcpy(mode->CurrentAddress.Addr, netdev->ll_addr, ETH_ALEN);
	memset(mode->BroadcastAddress.Addr, 0xff, ETH_ALEN);
	memcpy(mode->PermanentAddress.Addr, netdev->hw_addr, ETH_ALEN);
	mode->IfType = SNP_IF_TYPE_ETHERNET;
	mode->MultipleTxSupported = TRUE;
	mode->MediaPresentSupported = TRUE;
	mode->MediaPresent = netdev->link_up;
}

/* DEV's WaitForPacket and ExitBootServices events; 0 or -EIO. */
static int snp_create_events(struct snp_dev *dev)
{
	if (efi_bs->CreateEvent(EVT_NOTIFY_WAIT, TPL_CALLBACK, snp_wait_notify,
				dev, &dev->snp.WaitForPacket) != EFI_SUCCESS)
		return -EIO;
	if (efi_bs->CreateEvent(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK,
				snp_exit_boot, dev,
				&dev->exit_boot) == EFI_SUCCESS)
		return 0;
	efi_bs->CloseEvent(dev->snp.WaitForPacket);
	return -EIO;
}

/* A stopped SNP over NETDEV with its device path and events, or NULL. */
static struct snp_dev *snp_dev_alloc(struct net_device *netdev)
{
	struct snp_dev *dev = zalloc(sizeof(*dev));

	if (!dev)
		return NULL;
	dev->snp = snp_ops;
	dev->snp.Mode = &dev->mode;
	snp_init_mode(&dev->mode, netdev);
	INIT_LIST_HEAD(&dev->rx);
	dev->netdev = netdev_get(netdev);
	dev->path = efi_netdev_path(netdev);
	if (dev->path && snp_create_events(dev) == 0)
		return dev;
	netdev_put(dev->netdev);
	free(dev->path);
	free(dev);
	return NULL;
}

static void snp_dev_free(struct snp_dev *dev)
{
	efi_bs->CloseEvent(dev->exit_boot);
	efi_bs->CloseEvent(dev->snp.WaitForPacket);
	netdev_put(dev->netdev);
	free(dev->path);
	free(dev);
}

EFI_DEVICE_PATH *efi_snp_offer(struct net_device *netdev)
{
	struct snp_dev *dev;
	EFI_STATUS status;

	if (offered)
		return NULL;
	dev = snp_dev_alloc(netdev);
	if (!dev)
		return NULL;
	status = efi_bs->InstallMultipleProtocolInterfaces(
		&dev->handle, &snp_guid, &dev->snp, &devpath_guid, dev->path,
		NULL);
	if (status != EFI_SUCCESS) {
		printf("snp: cannot offer %s to the image: %s\n", netdev->name,
		       efi_strerror(status));
		snp_dev_free(dev);
		return NULL;
	}
	offered = dev;
	return dev->path;
}

void efi_snp_withdraw(void)
{
	struct snp_dev *dev = offered;
	EFI_STATUS status;

	if (!dev)
		return;
	offered = NULL;
	if (dev->mode.State == EfiSimpleNetworkInitialized)
		snp_quiesce(dev);
	/* A chained program may have connected the firmware's stack to it. */
	efi_bs->DisconnectController(dev->handle, NULL, NULL);
	status = efi_bs->UninstallMultipleProtocolInterfaces(
		dev->handle, &snp_guid, &dev->snp, &devpath_guid, dev->path,
		NULL);
	if (status != EFI_SUCCESS) {
		/* Still in the firmware's hands: it must stay allocated. */
		printf("snp: the firmware keeps %s's network protocol: %s\n",
		       dev->netdev->name, efi_strerror(status));
		return;
	}
	if (dev->rx_dropped)
		printf("snp: %s: %lu frames for the image were dropped "
		       "(queue full)\n", dev->netdev->name, dev->rx_dropped);
	snp_dev_free(dev);
}
