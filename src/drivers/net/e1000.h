/* SPDX-License-Identifier: MIT */
/*
 * Intel e1000 family registers and legacy descriptor formats, after the
 * PCI/PCI-X Family of Gigabit Ethernet Controllers Software Developer's
 * Manual (8254x) and the 82574 GbE Controller Datasheet.
 */
#ifndef DRIVERS_NET_E1000_H
#define DRIVERS_NET_E1000_H

#include <stdint.h>

#define E1000_VENDOR_INTEL	0x8086
#define E1000_DEV_82540EM	0x100e
#define E1000_DEV_82545EM	0x100f
#define E1000_DEV_82540EM_LOM	0x1015
#define E1000_DEV_82540EP_LOM	0x1016
#define E1000_DEV_82540EP	0x1017
#define E1000_DEV_82540EP_LP	0x101e
#define E1000_DEV_82574L	0x10d3
#define E1000_DEV_82574LA	0x10f6

/* Device control. */
#define E1000_CTRL		0x0000
#define E1000_CTRL_LRST		(1u << 3)	/* link reset */
#define E1000_CTRL_SLU		(1u << 6)	/* set link up */
#define E1000_CTRL_FRCSPD	(1u << 11)	/* force speed */
#define E1000_CTRL_FRCDPX	(1u << 12)	/* force duplex */
#define E1000_CTRL_RST		(1u << 26)	/* device reset, self-clearing */

/* Device status. */
#define E1000_STATUS		0x0008
#define E1000_STATUS_LU		(1u << 1)	/* link up */

/* EEPROM/NVM read: the 8254x and the 82574 place DONE and ADDR apart. */
#define E1000_EERD		0x0014
#define E1000_EERD_START	(1u << 0)
#define E1000_EERD_DONE_8254X	(1u << 4)
#define E1000_EERD_ADDR_SHIFT_8254X 8
#define E1000_EERD_DONE_82574	(1u << 1)
#define E1000_EERD_ADDR_SHIFT_82574 2
#define E1000_EERD_DATA_SHIFT	16
/* EEPROM words 0..2 hold the MAC address, low byte first. */
#define E1000_EEPROM_MAC_WORD	0

/* Interrupt cause read (clear on read) and mask clear. */
#define E1000_ICR		0x00c0
#define E1000_IMC		0x00d8
#define E1000_IMC_ALL		0xffffffffu

/* Receive control. */
#define E1000_RCTL		0x0100
#define E1000_RCTL_EN		(1u << 1)
#define E1000_RCTL_BAM		(1u << 15)	/* accept broadcast */
#define E1000_RCTL_BSIZE_2048	(0u << 16)	/* with BSEX clear */
#define E1000_RCTL_SECRC	(1u << 26)	/* strip Ethernet CRC */

/* Transmit control and inter-packet gap. */
#define E1000_TCTL		0x0400
#define E1000_TCTL_EN		(1u << 1)
#define E1000_TCTL_PSP		(1u << 3)	/* pad short packets */
#define E1000_TCTL_CT_SHIFT	4		/* collision threshold */
#define E1000_TCTL_CT_DEFAULT	0x0f
#define E1000_TCTL_COLD_SHIFT	12		/* collision distance */
#define E1000_TCTL_COLD_FD	0x40		/* full duplex value */
#define E1000_TIPG		0x0410
#define E1000_TIPG_IPGT_8254X	10		/* copper 8254x */
#define E1000_TIPG_IPGT_82574	8
#define E1000_TIPG_IPGR1_SHIFT	10
#define E1000_TIPG_IPGR1	8
#define E1000_TIPG_IPGR2_SHIFT	20
#define E1000_TIPG_IPGR2	6

/*
 * The receive and transmit rings have the same register block: base low
 * and high, length in bytes, head and tail, each at an offset from it.
 */
#define E1000_RX_RING_REGS	0x2800
#define E1000_TX_RING_REGS	0x3800
#define E1000_RING_BAL		0x00
#define E1000_RING_BAH		0x04
#define E1000_RING_LEN		0x08
#define E1000_RING_HEAD		0x10
#define E1000_RING_TAIL		0x18
#define E1000_RDT		(E1000_RX_RING_REGS + E1000_RING_TAIL)
#define E1000_TDT		(E1000_TX_RING_REGS + E1000_RING_TAIL)
#define E1000_RDTR		0x2820		/* receive delay timer */
#define E1000_TXDCTL		0x3828
/* 82574: TXDCTL bit 22 must be written as 1. */
#define E1000_TXDCTL_82574_MUST_SET (1u << 22)

/* Statistics counters of frames the hardware dropped (clear on read). */
#define E1000_CRCERRS		0x4000
#define E1000_ALGNERRC		0x4004
#define E1000_RXERRC		0x400c
#define E1000_MPC		0x4010		/* missed: no buffer room */
#define E1000_RLEC		0x4040		/* bad length */

/* Multicast table array: 128 32-bit words. */
#define E1000_MTA		0x5200
#define E1000_MTA_WORDS		128

/* Receive address 0: our unicast filter. */
#define E1000_RAL0		0x5400
#define E1000_RAH0		0x5404
#define E1000_RAH_AV		(1u << 31)	/* address valid */
#define E1000_RAL_BYTES		4		/* MAC bytes 0..3; RAH has 4..5 */

/* 82574: PCIe control; bit 22 must be set by software. */
#define E1000_GCR		0x5b00
#define E1000_GCR_82574_MUST_SET (1u << 22)

/* Legacy transmit descriptor. */
struct e1000_tx_desc {
	uint64_t addr;
	uint16_t length;
	uint8_t cso;
	uint8_t cmd;
	uint8_t status;
	uint8_t css;
	uint16_t special;
};

#define E1000_TXD_CMD_EOP	(1u << 0)	/* end of packet */
#define E1000_TXD_CMD_IFCS	(1u << 1)	/* insert FCS */
#define E1000_TXD_CMD_RS	(1u << 3)	/* report status */
#define E1000_TXD_STAT_DD	(1u << 0)	/* descriptor done */
#define E1000_TXD_STAT_EC	(1u << 1)	/* excess collisions */
#define E1000_TXD_STAT_LC	(1u << 2)	/* late collision */

/* Legacy receive descriptor. */
struct e1000_rx_desc {
	uint64_t addr;
	uint16_t length;
	uint16_t csum;
	uint8_t status;
	uint8_t errors;
	uint16_t special;
};

#define E1000_RXD_STAT_DD	(1u << 0)	/* descriptor done */
#define E1000_RXD_STAT_EOP	(1u << 1)	/* end of packet */
#define E1000_RXD_ERR_CE	(1u << 0)	/* CRC or alignment */
#define E1000_RXD_ERR_SE	(1u << 1)	/* symbol */
#define E1000_RXD_ERR_SEQ	(1u << 2)	/* sequence */
#define E1000_RXD_ERR_CXE	(1u << 4)	/* carrier extension */
#define E1000_RXD_ERR_RXE	(1u << 7)	/* data error */
/* Errors that spoil the frame (checksum offload errors do not). */
#define E1000_RXD_ERR_FRAME	(E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | \
				 E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | \
				 E1000_RXD_ERR_RXE)

_Static_assert(sizeof(struct e1000_tx_desc) == 16, "TX descriptor size");
_Static_assert(sizeof(struct e1000_rx_desc) == 16, "RX descriptor size");

#endif
