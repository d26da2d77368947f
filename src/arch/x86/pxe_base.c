/* SPDX-License-Identifier: MIT */
/* The PXE API's base calls: the cached DHCP packets, and starting and unloading the stack. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <byteswap.h>
#include <core/init.h>
#include <core/uri.h>
#include <net/dhcp.h>
#include <net/dhcp_options.h>
#include <net/dns.h>
#include <arch/pxe_entry.h>
#include <arch/pxe_provider.h>

/* The DHCPDISCOVER we stand for: the fixed header, type option, end. */
#define DISCOVER_OPTIONS_LEN 4
#define DHCP_MSGTYPE_LEN 1

/* A BOOTP request like the DHCPDISCOVER that started the exchange. */
static size_t build_discover(struct net_device *netdev, uint8_t *buf,
			     size_t len)
{
	struct dhcphdr *hdr = (struct dhcphdr *)buf;
	uint8_t *opt = buf + sizeof(*hdr);

	if (len < sizeof(*hdr) + DISCOVER_OPTIONS_LEN)
		return 0;
	memset(buf, 0, sizeof(*hdr) + DISCOVER_OPTIONS_LEN);
	hdr->op = BOOTP_REQUEST;
	hdr->htype = DHCP_HTYPE_ETHER;
	hdr->hlen = ETH_ALEN;
	memcpy(hdr->chaddr, netdev->ll_addr, ETH_ALEN);
	hdr->magic = cpu_to_be32(DHCP_MAGIC_COOKIE);
	opt[0] = DHCP_MESSAGE_TYPE;
	opt[1] = DHCP_MSGTYPE_LEN;
	opt[2] = DHCPDISCOVER;
	opt[3] = DHCP_END;
	return sizeof(*hdr) + DISCOVER_OPTIONS_LEN;
}

/*
 * Make a DHCP reply (in BUF, LEN bytes) name where the program really
 * came from, as if DHCP had booted it: the TFTP server in siaddr and the
 * path in file (pxelinux finds its configuration next to itself). Left
 * alone when the program came otherwise or the file field holds options.
 */
static void point_at_nbp(uint8_t *buf, size_t len)
{
	const struct uri *uri = pxe_nbp_uri();
	struct dhcphdr *hdr = (struct dhcphdr *)buf;
	struct dhcp_packet pkt;
	uint32_t server;
	const char *path;

	if (!uri || !uri->scheme || strcmp(uri->scheme, "tftp") != 0 ||
	    !uri->host || !uri->path ||
	    dhcp_packet_parse(&pkt, buf, len) < 0 ||
	    (pkt.overload & DHCP_OVERLOAD_FILE) ||
	    resolve_name(uri->host, &server))
		return;
	path = uri->path[0] == '/' ? uri->path + 1 : uri->path;
	if (strlen(path) >= sizeof(hdr->file))
		return;
	hdr->siaddr = server;
	memset(hdr->file, 0, sizeof(hdr->file));
	memcpy(hdr->file, path, strlen(path));
}

/* Packet TYPE into BUF (LEN bytes): its length, 0 if there is none. */
static size_t cached_packet(struct net_device *netdev, uint16_t type,
			    uint8_t *buf, size_t len)
{
	const void *data;
	size_t data_len;
	bool proxy;

	if (type == PXENV_PACKET_TYPE_DHCP_DISCOVER)
		return build_discover(netdev, buf, len);
	/* The cached reply is the boot server's: ProxyDHCP's if it answered. */
	proxy = type == PXENV_PACKET_TYPE_CACHED_REPLY &&
		dhcp_cached_packet(netdev, true, &data, &data_len) == 0;
	if (!proxy && dhcp_cached_packet(netdev, false, &data, &data_len))
		return 0;
	if (data_len > len)
		data_len = len;
	memcpy(buf, data, data_len);
	point_at_nbp(buf, data_len);
	return data_len;
}

/*
 * GET_CACHED_INFO: the packet built in our base-memory buffer for the
 * type, then copied to the caller's buffer, or (buffer_size 0) the
 * caller gets a pointer to ours.
 */
static uint16_t pxe_get_cached_info(void *params)
{
	struct pxenv_get_cached_info *gci = params;
	struct net_device *netdev = pxe_netdev();
	segoff16_t ours;
	uint16_t room;
	uint8_t *buf;
	size_t len;

	if (!netdev || gci->packet_type < PXENV_PACKET_TYPE_DHCP_DISCOVER ||
	    gci->packet_type > PXE_CACHED_TYPES)
		return pxe_result(gci, PXENV_STATUS_FAILURE);
	buf = pxe_cached_buffer(gci->packet_type, &ours, &room);
	len = cached_packet(netdev, gci->packet_type, buf, room);
	if (!len)
		return pxe_result(gci, PXENV_STATUS_FAILURE);
	if (gci->buffer_size == 0) {
		gci->buffer = ours;
		gci->buffer_size = (uint16_t)len;
		gci->buffer_limit = room;
	} else {
		if (len > gci->buffer_size)
			len = gci->buffer_size;
		memcpy(pxe_real_ptr(gci->buffer), buf, len);
		gci->buffer_size = (uint16_t)len;
	}
	return pxe_result(gci, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_get_cached_info_call) = {
	PXENV_GET_CACHED_INFO, "GET_CACHED_INFO",
	sizeof(struct pxenv_get_cached_info), pxe_get_cached_info,
};

/* A call that succeeds while the API is active: nothing to do for it. */
static uint16_t pxe_active_ok(void *params)
{
	return pxe_result(params, pxe_netdev() ? PXENV_STATUS_SUCCESS :
						 PXENV_STATUS_FAILURE);
}

/* START_UNDI and START_BASE: nicboot's stack is running already. */
PXE_API_CALL(pxe_start_undi_call) = {
	PXENV_START_UNDI, "START_UNDI", sizeof(struct pxenv_status),
	pxe_active_ok,
};

PXE_API_CALL(pxe_start_base_call) = {
	PXENV_START_BASE, "START_BASE", sizeof(struct pxenv_status),
	pxe_active_ok,
};

/* STOP_BASE: the program takes the network over through UNDI; nothing of ours to stop. */
PXE_API_CALL(pxe_stop_base_call) = {
	PXENV_STOP_BASE, "STOP_BASE", sizeof(struct pxenv_status),
	pxe_active_ok,
};

/* STOP_UNDI: take our interrupt hooks away (after UNLOAD_STACK, already gone). */
static uint16_t pxe_stop_undi(void *params)
{
	pxe_deactivate();
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_stop_undi_call) = {
	PXENV_STOP_UNDI, "STOP_UNDI", sizeof(struct pxenv_status),
	pxe_stop_undi,
};

/*
 * UNLOAD_STACK: nicboot goes for good: hooks restored (so the OS sees the
 * BIOS's own memory map), every card quiesced. The blob stays callable
 * for the STOP_UNDI that follows.
 */
static uint16_t pxe_unload_stack(void *params)
{
	pxe_deactivate();
	shutdown();
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_unload_stack_call) = {
	PXENV_UNLOAD_STACK, "UNLOAD_STACK", sizeof(struct pxenv_unload_stack),
	pxe_unload_stack,
};
