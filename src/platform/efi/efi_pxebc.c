/* SPDX-License-Identifier: MIT */
/*
 * The PXE Base Code protocol for the EFI images nicboot starts from the
 * network: its mode holds the DHCP packets nicboot received (boot loaders
 * such as GRUB learn their address, server and boot file from DhcpAck),
 * and Mtftp() reads files through nicboot's TFTP client. Dhcp() answers
 * from that cached state; UDP, ARP, discovery and the setters are not
 * offered (EFI_UNSUPPORTED).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/compiler.h>
#include <core/image.h>
#include <net/dhcp.h>
#include <net/dhcp_options.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tftp.h>
#include "platform/efi/efi.h"

/* The image Mtftp() downloads into, then drops. */
#define MTFTP_IMAGE_NAME "efi-pxe-mtftp"
#define MTFTP_FILENAME_MAX 255
/* Mtftp() has no server port: TFTP's own (0 asks for it). */
#define MTFTP_DEFAULT_PORT 0
/* TFTP error codes (RFC 1350) reported in the mode's TftpError. */
#define TFTP_ERROR_NOT_FOUND 1
#define TFTP_ERROR_ACCESS 2

/* The PXE Base Code nicboot offers over one of its network devices. */
struct pxebc {
	EFI_PXE_BASE_CODE_PROTOCOL pxe;
	EFI_PXE_BASE_CODE_MODE mode;
	EFI_HANDLE handle;
	EFI_DEVICE_PATH *path;
	struct net_device *netdev;
	struct efi_ipv4_config config;
};

static struct pxebc *offered;
static EFI_GUID pxe_guid = EFI_PXE_BASE_CODE_PROTOCOL_GUID;
static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

static struct pxebc *to_pxebc(EFI_PXE_BASE_CODE_PROTOCOL *pxe)
{
	return container_of(pxe, struct pxebc, pxe);
}

static EFI_STATUS EFIAPI pxe_start(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
				   BOOLEAN ipv6)
{
	struct pxebc *bc = to_pxebc(pxe);

	if (ipv6)
		return EFI_UNSUPPORTED;
	if (bc->mode.Started)
		return EFI_ALREADY_STARTED;
	bc->mode.Started = TRUE;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI pxe_stop(EFI_PXE_BASE_CODE_PROTOCOL *pxe)
{
	struct pxebc *bc = to_pxebc(pxe);

	if (!bc->mode.Started)
		return EFI_NOT_STARTED;
	bc->mode.Started = FALSE;
	return EFI_SUCCESS;
}

/* nicboot configured the card before the image started: that is the answer. */
static EFI_STATUS EFIAPI pxe_dhcp(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
				  BOOLEAN sort_offers)
{
	struct pxebc *bc = to_pxebc(pxe);

	if (!bc->mode.Started)
		return EFI_NOT_STARTED;
	return bc->mode.DhcpAckReceived ? EFI_SUCCESS : EFI_TIMEOUT;
}

static EFI_STATUS EFIAPI pxe_discover(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
				      UINT16 type, UINT16 *layer,
				      BOOLEAN use_bis,
				      EFI_PXE_BASE_CODE_DISCOVER_INFO *info)
{
	return EFI_UNSUPPORTED;
}

/* The EFI status for a failed download, noting TFTP errors in the mode. */
static EFI_STATUS mtftp_status(struct pxebc *bc, int rc)
{
	EFI_PXE_BASE_CODE_TFTP_ERROR *err = &bc->mode.TftpError;

	switch (rc) {
	case -ENOENT:
	case -EACCES:
		bc->mode.TftpErrorReceived = TRUE;
		err->ErrorCode = rc == -ENOENT ? TFTP_ERROR_NOT_FOUND :
						 TFTP_ERROR_ACCESS;
		snprintf((char *)err->ErrorString, sizeof(err->ErrorString),
			 "%s", strerror(rc));
		return EFI_TFTP_ERROR;
	case -ETIMEDOUT:
		return EFI_TIMEOUT;
	case -ECANCELED:
		return EFI_ABORTED;
	case -ENOMEM:
		return EFI_OUT_OF_RESOURCES;
	default:
		return EFI_DEVICE_ERROR;
	}
}

/*
 * Lend the card to nicboot's stack for a transfer: the image's SNP (if it
 * drives the card) gives its frames back meanwhile, and a closed card is
 * opened. *WAS_OPEN says which, for mtftp_return_card().
 */
static int mtftp_borrow_card(struct pxebc *bc, bool *was_open)
{
	int rc;

	*was_open = bc->netdev->is_open;
	rc = *was_open ? 0 : netdev_open(bc->netdev);
	if (rc)
		return rc;
	efi_snp_divert(false);
	return 0;
}

/* Give the card back as mtftp_borrow_card() found it. */
static void mtftp_return_card(struct pxebc *bc, bool was_open)
{
	efi_snp_divert(true);
	if (!was_open)
		netdev_close(bc->netdev);
}

/* Give the caller the fetched file, or only its size (DONT_USE_BUFFER). */
static EFI_STATUS mtftp_deliver(const struct image *image, VOID *buf,
				UINT64 *len, BOOLEAN dont_use_buffer)
{
	UINT64 room = *len;

	*len = image->len;
	if (dont_use_buffer)
		return EFI_SUCCESS;
	if (!buf || room < image->len)
		return EFI_BUFFER_TOO_SMALL;
	memcpy(buf, image->data, image->len);
	return EFI_SUCCESS;
}

/* READ_FILE: fetch FILENAME from SERVER (network order) into BUF. */
static EFI_STATUS mtftp_read_file(struct pxebc *bc, uint32_t server,
				  const char *filename, VOID *buf,
				  UINT64 *len, BOOLEAN dont_use_buffer)
{
	struct image *image;
	EFI_STATUS status;
	int rc = tftp_fetch_file(server, MTFTP_DEFAULT_PORT, filename,
				 MTFTP_IMAGE_NAME, &image);

	if (rc)
		return mtftp_status(bc, rc);
	status = mtftp_deliver(image, buf, len, dont_use_buffer);
	image_free(image);
	return status;
}

/* GET_FILE_SIZE: the size of FILENAME on SERVER (network order) in *LEN. */
static EFI_STATUS mtftp_get_file_size(struct pxebc *bc, uint32_t server,
				      const char *filename, UINT64 *len)
{
	uint64_t size;
	int rc = tftp_file_size(server, MTFTP_DEFAULT_PORT, filename, &size);

	if (rc)
		return mtftp_status(bc, rc);
	*len = size;
	return EFI_SUCCESS;
}

/* Run the transfer OP asks for with the card lent to nicboot's stack. */
static EFI_STATUS mtftp_run(struct pxebc *bc,
			    EFI_PXE_BASE_CODE_TFTP_OPCODE op,
			    const EFI_IP_ADDRESS *server,
			    const char *filename, VOID *buf, UINT64 *len,
			    BOOLEAN dont_use_buffer)
{
	EFI_STATUS status;
	uint32_t addr;
	bool was_open;
	int rc;

	if (strnlen(filename, MTFTP_FILENAME_MAX + 1) > MTFTP_FILENAME_MAX)
		return mtftp_status(bc, -ENAMETOOLONG);
	memcpy(&addr, server->Addr, sizeof(addr));
	rc = mtftp_borrow_card(bc, &was_open);
	if (rc)
		return mtftp_status(bc, rc);
	if (op == EFI_PXE_BASE_CODE_TFTP_GET_FILE_SIZE)
		status = mtftp_get_file_size(bc, addr, filename, len);
	else
		status = mtftp_read_file(bc, addr, filename, buf, len,
					 dont_use_buffer);
	mtftp_return_card(bc, was_open);
	return status;
}

static EFI_STATUS EFIAPI pxe_mtftp(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
				   EFI_PXE_BASE_CODE_TFTP_OPCODE op,
				   VOID *buf, BOOLEAN overwrite, UINT64 *len,
				   UINTN *block_size, EFI_IP_ADDRESS *server,
				   UINT8 *filename,
				   EFI_PXE_BASE_CODE_MTFTP_INFO *info,
				   BOOLEAN dont_use_buffer)
{
	struct pxebc *bc = to_pxebc(pxe);
	EFI_STATUS status;
	EFI_TPL tpl;

	if (op != EFI_PXE_BASE_CODE_TFTP_GET_FILE_SIZE &&
	    op != EFI_PXE_BASE_CODE_TFTP_READ_FILE)
		return EFI_UNSUPPORTED;
	if (!bc->mode.Started)
		return EFI_NOT_STARTED;
	if (!len || !server || !filename)
		return EFI_INVALID_PARAMETER;
	bc->mode.TftpErrorReceived = FALSE;
	/* nicboot's event loop runs at TPL_CALLBACK (see efi_raise_tpl()). */
	tpl = efi_bs->RaiseTPL(TPL_CALLBACK);
	status = mtftp_run(bc, op, server, (const char *)filename, buf, len,
			   dont_use_buffer);
	efi_bs->RestoreTPL(tpl);
	return status;
}

static EFI_STATUS EFIAPI pxe_udp_write(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
				       UINT16 flags, EFI_IP_ADDRESS *dest,
				       EFI_PXE_BASE_CODE_UDP_PORT *dest_port,
				       EFI_IP_ADDRESS *gateway,
				       EFI_IP_ADDRESS *src,
				       EFI_PXE_BASE_CODE_UDP_PORT *src_port,
				       UINTN *header_len, VOID *header,
				       UINTN *len, VOID *buf)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI pxe_udp_read(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
				      UINT16 flags, EFI_IP_ADDRESS *dest,
				      EFI_PXE_BASE_CODE_UDP_PORT *dest_port,
				      EFI_IP_ADDRESS *src,
				      EFI_PXE_BASE_CODE_UDP_PORT *src_port,
				      UINTN *header_len, VOID *header,
				      UINTN *len, VOID *buf)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI pxe_set_ip_filter(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
					   EFI_PXE_BASE_CODE_IP_FILTER *filter)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI pxe_arp(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
				 EFI_IP_ADDRESS *ip, EFI_MAC_ADDRESS *mac)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI pxe_set_parameters(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
					    BOOLEAN *auto_arp,
					    BOOLEAN *send_guid, UINT8 *ttl,
					    UINT8 *tos, BOOLEAN *callback)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI pxe_set_station_ip(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
					    EFI_IP_ADDRESS *ip,
					    EFI_IP_ADDRESS *netmask)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI pxe_set_packets(EFI_PXE_BASE_CODE_PROTOCOL *pxe,
					 BOOLEAN *discover_valid,
					 BOOLEAN *ack_received,
					 BOOLEAN *proxy_received,
					 BOOLEAN *pxe_discover_valid,
					 BOOLEAN *pxe_reply_received,
					 BOOLEAN *bis_reply_received,
					 EFI_PXE_BASE_CODE_PACKET *discover,
					 EFI_PXE_BASE_CODE_PACKET *ack,
					 EFI_PXE_BASE_CODE_PACKET *proxy,
					 EFI_PXE_BASE_CODE_PACKET *pxe_discover,
					 EFI_PXE_BASE_CODE_PACKET *pxe_reply,
					 EFI_PXE_BASE_CODE_PACKET *bis_reply)
{
	return EFI_UNSUPPORTED;
}

static const EFI_PXE_BASE_CODE_PROTOCOL pxe_ops = {
	.Revision = EFI_PXE_BASE_CODE_PROTOCOL_REVISION,
	.Start = pxe_start,
	.Stop = pxe_stop,
	.Dhcp = pxe_dhcp,
	.Discover = pxe_discover,
	.Mtftp = pxe_mtftp,
	.UdpWrite = pxe_udp_write,
	.UdpRead = pxe_udp_read,
	.SetIpFilter = pxe_set_ip_filter,
	.Arp = pxe_arp,
	.SetParameters = pxe_set_parameters,
	.SetStationIp = pxe_set_station_ip,
	.SetPackets = pxe_set_packets,
};

/* Copy NETDEV's cached DHCP message (PROXY: the ProxyDHCP one) into PACKET. */
static bool copy_packet(struct net_device *netdev, bool proxy,
			EFI_PXE_BASE_CODE_PACKET *packet)
{
	const void *data;
	size_t len;

	if (dhcp_cached_packet(netdev, proxy, &data, &len))
		return false;
	memcpy(packet->Raw, data, MIN(len, sizeof(packet->Raw)));
	return true;
}

/* NETDEV's address, netmask and gateway, and the server of its DHCP ACK. */
static int read_config(struct net_device *netdev,
		       struct efi_ipv4_config *config)
{
	const struct ipv4_route *route = ipv4_netdev_route(netdev);
	const void *ack;
	size_t len;

	memset(config, 0, sizeof(*config));
	if (!route)
		return -ENETUNREACH;
	config->address = route->address;
	config->netmask = route->netmask;
	config->gateway = route->gateway;
	if (dhcp_cached_packet(netdev, false, &ack, &len) == 0 &&
	    len >= sizeof(struct dhcphdr))
		config->server = ((const struct dhcphdr *)ack)->siaddr;
	return 0;
}

/* The mode of a started protocol with NETDEV's addresses and DHCP packets. */
static void init_mode(struct pxebc *bc)
{
	EFI_PXE_BASE_CODE_MODE *mode = &bc->mode;

	memset(mode, 0, sizeof(*mode));
	mode->Started = TRUE;
	mode->UsingIpv6 = FALSE;
	mode->AutoArp = TRUE;
	mode->TTL = DEFAULT_TTL;
	mode->ToS = DEFAULT_ToS;
	memcpy(mode->StationIp.Addr, &bc->config.address,
	       sizeof(bc->config.address));
	memcpy(mode->SubnetMask.Addr, &bc->config.netmask,
	       sizeof(bc->config.netmask));
	mode->DhcpAckReceived = copy_packet(bc->netdev, false, &mode->DhcpAck);
	mode->ProxyOfferReceived = copy_packet(bc->netdev, true,
					       &mode->ProxyOffer);
}

static void pxebc_free(struct pxebc *bc)
{
	netdev_put(bc->netdev);
	free(bc->path);
	free(bc);
}

EFI_DEVICE_PATH *efi_pxebc_offer(struct net_device *netdev,
				 const EFI_DEVICE_PATH *card,
				 EFI_HANDLE *handle)
{
	struct pxebc *bc;
	EFI_STATUS status;

	if (offered)
		return NULL;
	bc = zalloc(sizeof(*bc));
	if (!bc)
		return NULL;
	bc->netdev = netdev_get(netdev);
	if (read_config(netdev, &bc->config) == 0)
		bc->path = efi_ipv4_path(card, &bc->config);
	if (!bc->path) {
		pxebc_free(bc);
		return NULL;
	}
	bc->pxe = pxe_ops;
	bc->pxe.Mode = &bc->mode;
	init_mode(bc);
	status = efi_bs->InstallMultipleProtocolInterfaces(
		&bc->handle, &pxe_guid, &bc->pxe, &devpath_guid, bc->path,
		NULL);
	if (status != EFI_SUCCESS) {
		printf("pxe: cannot offer %s to the image: %s\n", netdev->name,
		       efi_strerror(status));
		pxebc_free(bc);
		return NULL;
	}
	offered = bc;
	*handle = bc->handle;
	return bc->path;
}

void efi_pxebc_withdraw(void)
{
	struct pxebc *bc = offered;
	EFI_STATUS status;

	if (!bc)
		return;
	offered = NULL;
	status = efi_bs->UninstallMultipleProtocolInterfaces(
		bc->handle, &pxe_guid, &bc->pxe, &devpath_guid, bc->path,
		NULL);
	if (status != EFI_SUCCESS) {
		/* Still in the firmware's hands: it must stay allocated. */
		printf("pxe: the firmware keeps %s's PXE protocol: %s\n",
		       bc->netdev->name, efi_strerror(status));
		return;
	}
	pxebc_free(bc);
}
