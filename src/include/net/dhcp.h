/* SPDX-License-Identifier: MIT */
/* The DHCP client, a PXE client: configures a device, names its boot file. */
#ifndef NET_DHCP_H
#define NET_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/netdevice.h>

/*
 * The client system architecture sent in options 93 and 60 (RFC 4578:
 * 0 = x86 BIOS, 7 = x64 UEFI, ...). Defined by each platform.
 */
extern const uint16_t dhcp_client_architecture;

/*
 * Configure NETDEV (which must be open) by DHCP: DISCOVER, collect offers,
 * REQUEST, ACK, then ask a ProxyDHCP server on port 4011 for the boot
 * file if its offer named none. Waits in the event loop, cancellable.
 *
 * The ACK is stored in the block "netX.dhcp" and a ProxyDHCP answer in
 * "netX.proxydhcp", both below the device's block; "proxydhcp" is
 * registered first, so an unscoped ${filename} or ${next-server} takes
 * the ProxyDHCP server's boot information over the DHCP server's. Only
 * this module creates these blocks; they go when the device goes. The
 * routes are updated.
 *
 * Prints one progress line, "DHCP net0 52:54:00:12:34:56... ok" followed
 * by the address, next server and filename, or ending with why it failed
 * ("no offer (check the cable and the DHCP server)"). Returns 0,
 * -ENETDOWN (closed or no link), -ETIMEDOUT (no usable offer or no answer
 * to the request), -ECANCELED or -ENOMEM.
 */
int dhcp(struct net_device *netdev);

/*
 * Store the LEN-byte DHCP ACK (or BOOTP reply) at DATA, which another
 * program received for NETDEV (a PXE ROM's cached packet), as the block
 * "netX.dhcp", as dhcp() would have, replacing any DHCP blocks; the
 * routes are updated. -EINVAL if it is malformed, not a reply to
 * NETDEV's MAC or gives no usable address; -ENOMEM.
 */
int dhcp_apply_cached(struct net_device *netdev, const void *data,
		      size_t len);

/*
 * The message behind NETDEV's block "netX.dhcp" (the ACK), or with PROXY
 * "netX.proxydhcp" (the ProxyDHCP answer), as received: *DATA stays valid
 * until DHCP runs again on NETDEV or NETDEV goes. Returns 0 or -ENOENT.
 */
int dhcp_cached_packet(struct net_device *netdev, bool proxy,
		       const void **data, size_t *len);

#endif
