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
#define PXENV_UNDI_SHUTDOWN		0x0005
#define PXENV_UNDI_OPEN			0x0006
#define PXENV_UNDI_CLOSE		0x0007
#define PXENV_UNDI_TRANSMIT		0x0008
#define PXENV_UNDI_GET_INFORMATION	0x000c
#define PXENV_UNDI_GET_NIC_TYPE		0x0012
#define PXENV_UNDI_ISR			0x0014
#define PXENV_GET_CACHED_INFO		0x0071

/* What every call returns in AX. */
#define PXENV_EXIT_SUCCESS		0x0000

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

struct pxenv_undi_open {
	uint16_t status;
	uint16_t open_flag;
	uint16_t pkt_filter;
	uint16_t mcast_count;
	uint8_t mcast_addr[UNDI_MCAST_MAX][6];
} __attribute__((packed));

#define UNDI_FLTR_DIRECTED	0x0001
#define UNDI_FLTR_BRDCST	0x0002

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
#define UNDI_XMT_DESTADDR 0

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

struct pxenv_get_cached_info {
	uint16_t status;
	uint16_t packet_type;
	uint16_t buffer_size;		/* 0 in: the stack's own buffer out */
	segoff16_t buffer;
	uint16_t buffer_limit;
} __attribute__((packed));

#define PXENV_PACKET_TYPE_DHCP_ACK	2

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
