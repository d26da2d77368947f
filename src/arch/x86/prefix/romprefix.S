/* SPDX-License-Identifier: MIT */
/*
 * A PCI option ROM: the ROM header, PCI data structure and PnP expansion
 * header that make the BIOS list nicboot as a boot device (BEV), a
 * one-line greeting when the BIOS initialises the ROM, and the entry
 * that starts nicboot when the BIOS boots from it. util/romtool fills in
 * the size, the IDs and the checksums.
 */
#include <arch/rmlayout.h>
#include "payload_addr.h"

#define ROM_SIGNATURE 0xaa55
#define PCI_DATA_LENGTH 0x1c
#define PCI_DATA_REVISION 3
#define PCI_CLASS_NETWORK_ETHERNET 0x020000
#define PNP_REVISION 1
#define PNP_LENGTH_PARAGRAPHS 2
#define PNP_TYPE_NETWORK 0x02
/* Device indicators: a boot device that may be shadowed (read cacheable). */
#define PNP_INDICATORS 0x54
#define INT_VIDEO 0x10
#define VIDEO_TELETYPE 0x0e
#define INT_BOOT_FAILURE 0x18

	.code16
	.text
	.org 0
rom_start:
	.word	ROM_SIGNATURE
rom_blocks:
	.byte	0			/* romtool */
	.byte	0xe9			/* jmp near: the entry is 3 bytes */
	.word	init_entry - (. + 2)
	.org 0x18
	.word	pci_data
	.word	pnp_header

	.balign 4
pci_data:
	.ascii	"PCIR"
	.word	0, 0			/* vendor, device: romtool */
	.word	0			/* device list */
	.word	PCI_DATA_LENGTH
	.byte	PCI_DATA_REVISION
	.byte	PCI_CLASS_NETWORK_ETHERNET & 0xff
	.byte	(PCI_CLASS_NETWORK_ETHERNET >> 8) & 0xff
	.byte	PCI_CLASS_NETWORK_ETHERNET >> 16
	.word	0			/* image length: romtool */
	.word	0x0001			/* revision level */
	.byte	0			/* code type: x86 */
	.byte	0			/* indicator: romtool */
	.word	0			/* maximum runtime image length */
	.word	0			/* configuration utility */
	.word	0			/* DMTF CLP entry */

	.balign 16
pnp_header:
	.ascii	"$PnP"
	.byte	PNP_REVISION
	.byte	PNP_LENGTH_PARAGRAPHS
	.word	0			/* next header */
	.byte	0
	.byte	0			/* checksum: romtool */
	.long	0			/* device ID */
	.word	manufacturer
	.word	product
	.byte	PNP_TYPE_NETWORK, 0, 0
	.byte	PNP_INDICATORS
	.word	0			/* boot connection vector */
	.word	0			/* disconnect vector */
	.word	bev_entry		/* bootstrap entry vector */
	.word	0
	.word	0			/* static resource information */

manufacturer:
	.asciz	"nicboot"
product:
	.asciz	"nicboot network boot"
greeting:
	.asciz	"nicboot network boot ROM\r\n"

/*
 * The PCI bus:dev.fn the BIOS gave init (the ROM is writable then), and
 * a byte that keeps the ROM's checksum right after it is stored: the
 * BIOS checks the checksum again before it lists our boot entry.
 */
	.balign 2
rom_busdevfn:
	.word	0xffff
rom_checksum_fixup:
	.byte	0

/* Called by the BIOS at start-up with AX = our PCI bus:dev.fn. */
init_entry:
	pushal
	pushw	%ds
	movw	%cs:rom_busdevfn, %bx
	movw	%ax, %cs:rom_busdevfn
	addb	%ah, %al		/* sum of the new bytes */
	addb	%bh, %bl		/* sum of the old bytes */
	subb	%al, %bl
	addb	%bl, %cs:rom_checksum_fixup
	pushw	%cs
	popw	%ds
	movw	$greeting, %si
	call	print
	popw	%ds
	popal
	xorw	%ax, %ax
	lret

/* Print the string at DS:SI through the BIOS. */
print:
	lodsb
	testb	%al, %al
	jz	1f
	movb	$VIDEO_TELETYPE, %ah
	xorw	%bx, %bx
	int	$INT_VIDEO
	jmp	print
1:	ret

/* Called by the BIOS when it boots from us. */
bev_entry:
	PAYLOAD_ADDR_TO_ESI
	movzwl	%cs:rom_busdevfn, %edx
	xorl	%edi, %edi
	movw	$PREFIX_ROM, %bx
	xorl	%ecx, %ecx			/* no PXE structures */
	xorl	%ebp, %ebp
	call	prefix_install
	int	$INT_BOOT_FAILURE

#include "libprefix.S"

#define PAYLOAD_ALIGNMENT 16
#include "payload.S"
