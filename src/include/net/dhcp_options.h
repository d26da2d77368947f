/* SPDX-License-Identifier: MIT */
/*
 * DHCP messages without a network: the BOOTP/DHCP wire format, building a
 * client's DISCOVER or REQUEST, checking and reading a server's reply
 * (options area, overloaded file and sname fields, long options split over
 * several instances), and turning a reply into a settings block.
 */
#ifndef NET_DHCP_OPTIONS_H
#define NET_DHCP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <core/compiler.h>
#include <core/settings.h>

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
/* Where a ProxyDHCP server answers PXE requests (PXE 2.1, RFC 4578). */
#define PXE_PROXY_PORT 4011

/* BOOTP op codes. */
#define BOOTP_REQUEST 1
#define BOOTP_REPLY 2
/* Hardware type of Ethernet (ARP hardware number). */
#define DHCP_HTYPE_ETHER 1
/* "Magic cookie" that starts the options area: 99.130.83.99. */
#define DHCP_MAGIC_COOKIE 0x63825363U
#define DHCP_CHADDR_LEN 16
#define DHCP_SNAME_LEN 64
#define DHCP_FILE_LEN 128
/* Room for the largest message this client builds. */
#define DHCP_CLIENT_MSG_MAX 576
/* Largest value of one option instance; longer values are split. */
#define DHCP_OPTION_MAX_LEN 255
/* Longest user class sent (longer settings are cut). */
#define DHCP_USER_CLASS_MAX 64
#define DHCP_UUID_LEN 16

/* Option tags. */
#define DHCP_PAD 0
#define DHCP_NETMASK 1
#define DHCP_ROUTERS 3
#define DHCP_DNS_SERVERS 6
#define DHCP_HOST_NAME 12
#define DHCP_DOMAIN_NAME 15
#define DHCP_ROOT_PATH 17
#define DHCP_MTU 26
#define DHCP_BROADCAST_ADDR 28
#define DHCP_VENDOR_ENCAP 43
#define DHCP_REQUESTED_IP 50
#define DHCP_LEASE_TIME 51
#define DHCP_OVERLOAD 52
#define DHCP_MESSAGE_TYPE 53
#define DHCP_SERVER_ID 54
#define DHCP_PARAM_REQUEST 55
#define DHCP_MAX_MESSAGE_SIZE 57
#define DHCP_VENDOR_CLASS 60
#define DHCP_CLIENT_ID 61
#define DHCP_TFTP_SERVER_NAME 66
#define DHCP_BOOTFILE_NAME 67
#define DHCP_USER_CLASS 77
#define DHCP_CLIENT_ARCH 93
#define DHCP_CLIENT_NDI 94
#define DHCP_CLIENT_UUID 97
#define DHCP_DOMAIN_SEARCH 119
#define DHCP_END 255

/* Values of the overload option (52): which fields hold more options. */
#define DHCP_OVERLOAD_FILE 0x1
#define DHCP_OVERLOAD_SNAME 0x2
#define DHCP_OVERLOAD_BOTH (DHCP_OVERLOAD_FILE | DHCP_OVERLOAD_SNAME)

/* DHCP message types (option 53). */
#define DHCPDISCOVER 1
#define DHCPOFFER 2
#define DHCPREQUEST 3
#define DHCPDECLINE 4
#define DHCPACK 5
#define DHCPNAK 6
#define DHCPRELEASE 7
#define DHCPINFORM 8

/* Flags field: ask the server to broadcast its answers. */
#define DHCP_FLAG_BROADCAST 0x8000

/* Option 60 of PXE clients and of the servers that answer them. */
#define PXE_VENDOR_CLASS "PXEClient"

/* The fixed part of every BOOTP/DHCP message, up to the magic cookie. */
struct dhcphdr {
	uint8_t op;
	uint8_t htype;
	uint8_t hlen;
	uint8_t hops;
	uint32_t xid;		/* big endian, opaque */
	uint16_t secs;		/* big endian */
	uint16_t flags;		/* big endian */
	uint32_t ciaddr;	/* addresses in network order */
	uint32_t yiaddr;
	uint32_t siaddr;
	uint32_t giaddr;
	uint8_t chaddr[DHCP_CHADDR_LEN];
	char sname[DHCP_SNAME_LEN];	/* not necessarily NUL-terminated */
	char file[DHCP_FILE_LEN];	/* not necessarily NUL-terminated */
	uint32_t magic;		/* DHCP_MAGIC_COOKIE, big endian */
} __packed;

/* Who the client is: what every message it sends says about it. */
struct dhcp_client_info {
	const uint8_t *mac;		/* 6 bytes */
	uint16_t arch;			/* option 93 (RFC 4578) */
	const uint8_t *uuid;		/* option 97 (16 bytes) or NULL */
	const char *user_class;		/* option 77 or NULL */
	uint16_t max_msg_size;		/* option 57 */
};

/* What differs between one message and the next. */
struct dhcp_msg_params {
	uint8_t type;		/* DHCPDISCOVER or DHCPREQUEST */
	uint32_t xid;		/* host order */
	uint16_t secs;		/* seconds since the exchange began */
	uint32_t ciaddr;	/* our address, network order, or 0 */
	uint32_t requested_ip;	/* option 50, network order; 0 omits it */
	uint32_t server_id;	/* option 54, network order; 0 omits it */
	bool broadcast;		/* set DHCP_FLAG_BROADCAST */
	bool pxe_boot_item;	/* ask a PXE boot server for an item (43) */
	uint16_t pxe_boot_type;	/* ... of this boot server type */
};

/*
 * Build a client message into BUF (LEN bytes, at least DHCP_CLIENT_MSG_MAX
 * is always enough). Returns the message length or -ENOSPC.
 */
int dhcp_build_message(void *buf, size_t len,
		       const struct dhcp_client_info *client,
		       const struct dhcp_msg_params *params);

/* A received message that dhcp_packet_parse() found well formed. */
struct dhcp_packet {
	const struct dhcphdr *hdr;
	const uint8_t *options;	/* the options area after the cookie */
	size_t options_len;
	uint8_t overload;	/* DHCP_OVERLOAD_* bits from option 52 */
};

/*
 * Check the LEN bytes at DATA: the fixed header, the magic cookie, and
 * every option in the options area and in the file and sname fields when
 * option 52 (which only counts in the options area) overloads them. An
 * option whose length runs past its area makes the message malformed; a
 * missing END ends the area. PKT points into DATA, which must outlive it.
 * Returns 0 or -EBADMSG.
 */
int dhcp_packet_parse(struct dhcp_packet *pkt, const void *data, size_t len);

/*
 * The value of option TAG: every instance concatenated in the order of
 * RFC 3396 (options area, then file, then sname). The fields file and
 * sname stand for options 67 and 66 when those are absent and the fields
 * are neither overloaded nor empty. Copies up to LEN bytes to BUF and
 * returns the full length, or -ENOENT.
 */
int dhcp_packet_option(const struct dhcp_packet *pkt, unsigned int tag,
		       void *buf, size_t len);

/* The message type (option 53), or -EBADMSG if absent or not one byte. */
int dhcp_packet_msgtype(const struct dhcp_packet *pkt);
/* Option 54 in network order, or 0 if absent or malformed. */
uint32_t dhcp_packet_server_id(const struct dhcp_packet *pkt);
/* Does option 60 start with "PXEClient" (a PXE-aware server)? */
bool dhcp_packet_is_pxe(const struct dhcp_packet *pkt);
/* Does the message name a boot file (option 67 or the file field)? */
bool dhcp_packet_has_filename(const struct dhcp_packet *pkt);

/*
 * The boot server type of the first item of the PXE boot menu (option 43,
 * sub-option 9) of a ProxyDHCP message, or -ENOENT if it has none.
 */
int dhcp_packet_pxe_boot_type(const struct dhcp_packet *pkt);

/*
 * Store everything PKT says into SETTINGS (normally a new, empty block).
 * Each option is stored as raw bytes under the setting the settings
 * table defines for its tag; an option without one is stored
 * under its number as name ("175", type hex), which ${175} finds. Then
 * yiaddr becomes "ip", siaddr (or else a dotted-quad option 66) becomes
 * "next-server", and option 67 or the file field becomes "filename".
 * Returns 0 or -ENOMEM.
 */
int dhcp_store_packet(const struct dhcp_packet *pkt,
		      struct settings *settings);

#endif
