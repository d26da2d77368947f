/* SPDX-License-Identifier: MIT */
/*
 * The PXE 2.1 API of the vendor's PXE ROM that started undionly.kpxe:
 * its structures (packed, little-endian, as the specification lays them
 * out) and the real-mode far call into it. Parameter blocks go through
 * base memory, since the vendor's code runs in real mode.
 */
#ifndef ARCH_PXE_API_H
#define ARCH_PXE_API_H

#include <stddef.h>
#include <stdint.h>

/* Opcodes (PXE 2.1, appendix). */
#define PXENV_START_UNDI		0x0000
#define PXENV_UNDI_STARTUP		0x0001
#define PXENV_UNDI_CLEANUP		0x0002
#define PXENV_UNDI_INITIALIZE		0x0003
#define PXENV_UNDI_RESET_ADAPTER	0x0004
#define PXENV_UNDI_SHUTDOWN		0x0005
#define PXENV_UNDI_OPEN			0x0006
#define PXENV_UNDI_CLOSE		0x0007
#define PXENV_UNDI_TRANSMIT		0x0008
#define PXENV_UNDI_SET_MCAST_ADDRESS	0x0009
#define PXENV_UNDI_SET_STATION_ADDRESS	0x000a
#define PXENV_UNDI_SET_PACKET_FILTER	0x000b
#define PXENV_UNDI_GET_INFORMATION	0x000c
#define PXENV_UNDI_GET_STATISTICS	0x000d
#define PXENV_UNDI_CLEAR_STATISTICS	0x000e
#define PXENV_UNDI_GET_MCAST_ADDRESS	0x0011
#define PXENV_UNDI_GET_NIC_TYPE		0x0012
#define PXENV_UNDI_GET_IFACE_INFO	0x0013
#define PXENV_UNDI_ISR			0x0014
#define PXENV_STOP_UNDI			0x0015
#define PXENV_TFTP_OPEN			0x0020
#define PXENV_TFTP_CLOSE		0x0021
#define PXENV_TFTP_READ			0x0022
#define PXENV_TFTP_READ_FILE		0x0023
#define PXENV_TFTP_GET_FSIZE		0x0025
#define PXENV_UDP_OPEN			0x0030
#define PXENV_UDP_CLOSE			0x0031
#define PXENV_UDP_READ			0x0032
#define PXENV_UDP_WRITE			0x0033
#define PXENV_UNLOAD_STACK		0x0070
#define PXENV_GET_CACHED_INFO		0x0071
/* From the file API extension (0x00e0-0x00e7): only this one is offered. */
#define PXENV_GET_FILE_SIZE		0x00e4
#define PXENV_START_BASE		0x0075
#define PXENV_STOP_BASE			0x0076

/* What every call returns in AX. */
#define PXENV_EXIT_SUCCESS		0x0000
#define PXENV_EXIT_FAILURE		0x0001

/* What a call leaves in its parameter block's status word. */
#define PXENV_STATUS_SUCCESS		0x0000
#define PXENV_STATUS_FAILURE		0x0001
#define PXENV_STATUS_BAD_FUNC		0x0002
#define PXENV_STATUS_UNSUPPORTED	0x0003
#define PXENV_STATUS_OUT_OF_RESOURCES	0x0006
#define PXENV_STATUS_UDP_CLOSED		0x0018
#define PXENV_STATUS_TFTP_CANNOT_OPEN_CONNECTION	0x0038
#define PXENV_STATUS_TFTP_CANNOT_READ_FROM_CONNECTION	0x0039
#define PXENV_STATUS_TFTP_FILE_NOT_FOUND	0x003b
#define PXENV_STATUS_UNDI_INVALID_STATE		0x006a
#define PXENV_STATUS_UNDI_TRANSMIT_ERROR	0x006b
#define PXENV_STATUS_UNDI_INVALID_PARAMETER	0x006c

/* A real-mode far pointer as PXE stores it: offset, then segment. */
typedef uint32_t segoff16_t;
#define SEGOFF(seg, off)	((uint32_t)(seg) << 16 | (uint16_t)(off))
#define SEGOFF_SEG(p)		((uint16_t)((p) >> 16))
#define SEGOFF_OFF(p)		((uint16_t)(p))

/* A segment descriptor of the !PXE structure. */
struct pxe_segdesc {
	uint16_t segment;
	uint32_t phys;
	uint16_t size;
} __attribute__((packed));

#define PXE_SEGDESC_COUNT 7

/* The !PXE structure (PXE 2.1, section 4.4.2). */
struct pxe_romid {
	char signature[4];		/* "!PXE" */
	uint8_t length;
	uint8_t checksum;
	uint8_t revision;
	uint8_t reserved;
	segoff16_t undi_rom_id;
	segoff16_t base_rom_id;
	segoff16_t entry_sp;		/* the real-mode entry point */
	segoff16_t entry_esp;
	segoff16_t status_callout;
	uint8_t reserved2;
	uint8_t segdesc_count;
	uint16_t first_selector;
	struct pxe_segdesc segdesc[PXE_SEGDESC_COUNT];
} __attribute__((packed));

_Static_assert(sizeof(struct pxe_romid) == 88, "!PXE");

/* The PXENV+ structure (PXE 2.1, section 4.4.1), for stacks without !PXE. */
struct pxenv_plus {
	char signature[6];		/* "PXENV+" */
	uint16_t version;		/* 0x0201 and up have pxe_ptr */
	uint8_t length;
	uint8_t checksum;
	segoff16_t rm_entry;		/* far call with ES:DI = params, BX = opcode */
	uint32_t pm_offset;
	uint16_t pm_selector;
	uint16_t stack_seg;
	uint16_t stack_size;
	uint16_t bc_code_seg;
	uint16_t bc_code_size;
	uint16_t bc_data_seg;
	uint16_t bc_data_size;
	uint16_t undi_data_seg;
	uint16_t undi_data_size;
	uint16_t undi_code_seg;
	uint16_t undi_code_size;
	segoff16_t pxe_ptr;
} __attribute__((packed));

_Static_assert(sizeof(struct pxenv_plus) == 44, "PXENV+");

/* Calls with nothing but a status. */
struct pxenv_status {
	uint16_t status;
} __attribute__((packed));

#define UNDI_ADDR_LEN 16

struct pxenv_undi_get_information {
	uint16_t status;
	uint16_t base_io;
	uint16_t int_number;		/* the card's IRQ */
	uint16_t max_tran_unit;
	uint16_t hw_type;		/* 1: Ethernet */
	uint16_t hw_addr_len;
	uint8_t current_node_address[UNDI_ADDR_LEN];
	uint8_t perm_node_address[UNDI_ADDR_LEN];
	uint16_t rom_address;
	uint16_t rx_buf_ct;
	uint16_t tx_buf_ct;
} __attribute__((packed));

#define UNDI_HW_TYPE_ETHER 1

/* Where the card is; the PCI variant of the union (the larger one). */
struct pxenv_undi_get_nic_type {
	uint16_t status;
	uint8_t nic_type;		/* UNDI_NIC_TYPE_PCI: the fields below */
	uint16_t vendor;
	uint16_t device;
	uint8_t base_class;
	uint8_t sub_class;
	uint8_t prog_intf;
	uint8_t revision;
	uint16_t busdevfn;
	uint16_t subsys_vendor;
	uint16_t subsys_device;
} __attribute__((packed));

#define UNDI_NIC_TYPE_PCI 2

#define UNDI_MCAST_MAX 8

/* Multicast addresses to receive (each in a 16-byte MAC_ADDR). */
struct pxenv_undi_mcast {
	uint16_t count;
	uint8_t addr[UNDI_MCAST_MAX][UNDI_ADDR_LEN];
} __attribute__((packed));

struct pxenv_undi_open {
	uint16_t status;
	uint16_t open_flag;
	uint16_t pkt_filter;
	uint16_t mcast_count;
	uint8_t mcast_addr[UNDI_MCAST_MAX][UNDI_ADDR_LEN];
} __attribute__((packed));

_Static_assert(sizeof(struct pxenv_undi_open) == 136, "UNDI_OPEN");

#define UNDI_FLTR_DIRECTED	0x0001
#define UNDI_FLTR_BRDCST	0x0002
#define UNDI_FLTR_PRMSCS	0x0004
#define UNDI_FLTR_SRC_RTG	0x0008

/* RESET_ADAPTER and SET_MCAST_ADDRESS: the multicast list to use. */
struct pxenv_undi_reset {
	uint16_t status;
	struct pxenv_undi_mcast mcast;
} __attribute__((packed));

struct pxenv_undi_initialize {
	uint16_t status;
	uint32_t protocol_ini;		/* NDIS 2.0 only; ignored */
	uint8_t reserved[8];
} __attribute__((packed));

struct pxenv_undi_set_packet_filter {
	uint16_t status;
	uint8_t filter;			/* UNDI_FLTR_* */
} __attribute__((packed));

struct pxenv_undi_get_statistics {
	uint16_t status;
	uint32_t xmit_good_frames;
	uint32_t rcv_good_frames;
	uint32_t rcv_crc_errors;
	uint32_t rcv_resource_errors;
} __attribute__((packed));

/* The Ethernet address of an IPv4 multicast group. */
struct pxenv_undi_get_mcast_address {
	uint16_t status;
	uint32_t inet_addr;		/* network order */
	uint8_t media_addr[UNDI_ADDR_LEN];
} __attribute__((packed));

#define UNDI_IFACE_TYPE_LEN 16

/* NDIS 2.0 information about the interface. */
struct pxenv_undi_get_iface_info {
	uint16_t status;
	char iface_type[UNDI_IFACE_TYPE_LEN];	/* "DIX+802.3" */
	uint32_t link_speed;		/* bits per second */
	uint32_t service_flags;		/* UNDI_SERVICE_* */
	uint32_t reserved[4];
} __attribute__((packed));

#define UNDI_IFACE_TYPE_ETHER		"DIX+802.3"
#define UNDI_SERVICE_BROADCAST		0x0001
#define UNDI_SERVICE_MULTICAST		0x0002
#define UNDI_SERVICE_GROUP		0x0004
#define UNDI_SERVICE_PROMISCUOUS	0x0008
#define UNDI_SERVICE_SOFT_ADDR		0x0010
#define UNDI_SERVICE_STATISTICS		0x0020
#define UNDI_SERVICE_DIAGNOSTICS	0x0040
#define UNDI_SERVICE_LOOPBACK		0x0080
#define UNDI_SERVICE_RCV_CHAIN		0x0100
#define UNDI_SERVICE_IBM_SOURCE_ROUTING	0x0200
#define UNDI_SERVICE_RESET_MAC		0x0400
#define UNDI_SERVICE_OPEN_CLOSE		0x0800
#define UNDI_SERVICE_IRQ		0x1000
#define UNDI_SERVICE_SOURCE_ROUTING	0x2000
#define UNDI_SERVICE_GDT_VIRTUAL	0x4000
#define UNDI_SERVICE_MULTIPLE_XMIT	0x8000

/* One piece of a frame to send (a TBD's data block). */
struct pxenv_undi_tbd_block {
	uint8_t ptr_type;		/* 0: SEG:OFF, 1: physical */
	uint8_t reserved;
	uint16_t len;
	segoff16_t ptr;
} __attribute__((packed));

#define UNDI_TBD_BLOCKS 8

/* Transmit buffer descriptor: the immediate part, then data blocks. */
struct pxenv_undi_tbd {
	uint16_t immed_len;
	segoff16_t xmit;
	uint16_t block_count;
	struct pxenv_undi_tbd_block block[UNDI_TBD_BLOCKS];
} __attribute__((packed));

struct pxenv_undi_transmit {
	uint16_t status;
	uint8_t protocol;		/* P_UNKNOWN: the frame has its header */
	uint8_t xmit_flag;
	segoff16_t dest_addr;
	segoff16_t tbd;
	uint32_t reserved[2];
} __attribute__((packed));

#define UNDI_P_UNKNOWN 0
#define UNDI_P_IP 1
#define UNDI_P_ARP 2
#define UNDI_P_RARP 3
#define UNDI_XMT_DESTADDR 0
#define UNDI_XMT_BROADCAST 1
#define UNDI_TBD_PTR_SEGOFF 0
#define UNDI_TBD_PTR_PHYS 1

struct pxenv_undi_isr {
	uint16_t status;
	uint16_t func_flag;		/* PXENV_UNDI_ISR_IN_* in, _OUT_* out */
	uint16_t buffer_len;		/* bytes of the frame at FRAME */
	uint16_t frame_len;		/* the whole frame */
	uint16_t frame_header_len;
	segoff16_t frame;
	uint8_t prot_type;
	uint8_t pkt_type;
} __attribute__((packed));

#define PXENV_UNDI_ISR_IN_START		1
#define PXENV_UNDI_ISR_IN_PROCESS	2
#define PXENV_UNDI_ISR_IN_GET_NEXT	3
#define PXENV_UNDI_ISR_OUT_OURS		0
#define PXENV_UNDI_ISR_OUT_NOT_OURS	1
#define PXENV_UNDI_ISR_OUT_DONE		0
#define PXENV_UNDI_ISR_OUT_TRANSMIT	2
#define PXENV_UNDI_ISR_OUT_RECEIVE	3
#define PXENV_UNDI_ISR_OUT_BUSY		4
/* pkt_type of a received frame. */
#define UNDI_PKT_DIRECTED	0
#define UNDI_PKT_BROADCAST	1
#define UNDI_PKT_MULTICAST	2
#define UNDI_PKT_OTHERHOST	3

/* The UDP calls: addresses and ports in network order. */
struct pxenv_udp_open {
	uint16_t status;
	uint32_t src_ip;		/* our address; 0: keep the current one */
} __attribute__((packed));

struct pxenv_udp_read {
	uint16_t status;
	uint32_t src_ip;		/* out: the sender */
	uint32_t dest_ip;		/* in: only to this address (0: any) */
	uint16_t s_port;		/* out: the sender's port */
	uint16_t d_port;		/* in: only to this port (0: any) */
	uint16_t buffer_size;		/* in: room at BUFFER; out: length */
	segoff16_t buffer;
} __attribute__((packed));

struct pxenv_udp_write {
	uint16_t status;
	uint32_t ip;			/* destination */
	uint32_t gw;			/* relay (0: by route) */
	uint16_t src_port;		/* 0: the PXE default (2069) */
	uint16_t dst_port;
	uint16_t buffer_size;
	segoff16_t buffer;
} __attribute__((packed));

struct pxenv_get_cached_info {
	uint16_t status;
	uint16_t packet_type;
	uint16_t buffer_size;		/* 0 in: the stack's own buffer out */
	segoff16_t buffer;
	uint16_t buffer_limit;
} __attribute__((packed));

#define PXENV_PACKET_TYPE_DHCP_DISCOVER	1
#define PXENV_PACKET_TYPE_DHCP_ACK	2
#define PXENV_PACKET_TYPE_CACHED_REPLY	3

/* The TFTP calls' blocks (PXE 2.1, section 3.2). */
#define PXE_TFTP_FILENAME_LEN 128

struct pxenv_tftp_open {
	uint16_t status;
	uint32_t server_ip;		/* network order */
	uint32_t gateway_ip;
	uint8_t filename[PXE_TFTP_FILENAME_LEN];
	uint16_t port;			/* network order */
	uint16_t packet_size;		/* asked for in, agreed out */
} __attribute__((packed));

struct pxenv_tftp_read {
	uint16_t status;
	uint16_t packet_number;		/* out: 1, 2, ... */
	uint16_t buffer_size;		/* out: bytes in this packet */
	segoff16_t buffer;
} __attribute__((packed));

struct pxenv_tftp_read_file {
	uint16_t status;
	uint8_t filename[PXE_TFTP_FILENAME_LEN];
	uint32_t buffer_size;		/* room in, file size out */
	uint32_t buffer;		/* physical address */
	uint32_t server_ip;
	uint32_t gateway_ip;
	uint32_t mcast_ip;
	uint16_t client_port;
	uint16_t server_port;
	uint16_t open_timeout;
	uint16_t reopen_delay;
} __attribute__((packed));

struct pxenv_tftp_get_fsize {
	uint16_t status;
	uint32_t server_ip;
	uint32_t gateway_ip;
	uint8_t filename[PXE_TFTP_FILENAME_LEN];
	uint32_t file_size;
} __attribute__((packed));

/* GET_FILE_SIZE: FILENAME is a NUL-terminated URI, relative to the program's. */
struct pxenv_get_file_size {
	uint16_t status;
	segoff16_t filename;
	uint32_t file_size;
} __attribute__((packed));

#define PXE_UNLOAD_RESERVED 10

struct pxenv_unload_stack {
	uint16_t status;
	uint8_t reserved[PXE_UNLOAD_RESERVED];
} __attribute__((packed));

/*
 * Find the vendor's PXE API through the structures the prefix found
 * (the !PXE structure, else PXENV+). -ENODEV when nicboot was not
 * started as a PXE network bootstrap program or the structures are bad.
 */
int pxe_api_init(void);
/*
 * Call OPCODE with the LEN-byte parameter block PARAMS, copied to base
 * memory and back. 0, or -EIO with the PXENV_STATUS in PARAMS's first word.
 */
int pxe_api_call(uint16_t opcode, void *params, size_t len);
/* Base memory for data the vendor must read (a frame, a TBD). */
void *pxe_data_buffer(size_t *len);
/* The real-mode far pointer to PTR (in base memory) and back. */
segoff16_t pxe_segoff(const void *ptr);
void *pxe_ptr(segoff16_t segoff);

#endif
