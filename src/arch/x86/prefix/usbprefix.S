/* SPDX-License-Identifier: MIT */
/*
 * nicboot.usb: a disk image for USB sticks and hard disks. The BIOS loads
 * this first sector at 0000:7c00; it reads the whole image (itself
 * included) to USB_LOAD_SEGMENT with int 13h extended reads and installs
 * nicboot from there like the other prefixes.
 */
#include <arch/rmlayout.h>
#include "payload_addr.h"

#define BOOT_SECTOR_SEGMENT 0x07c0
#define BOOT_SECTOR_ADDRESS 0x7c00
#define USB_LOAD_SEGMENT 0x1000
#define SECTOR 512
#define SECTOR_PARAGRAPHS (SECTOR / PARAGRAPH)
/* Sectors per read: 32 KiB, well inside one 64 KiB segment. */
#define SECTORS_PER_READ 64
#define INT_DISK 0x13
#define DISK_EXTENDED_READ 0x4200
#define DAP_SIZE 16
#define INT_VIDEO 0x10
#define VIDEO_TELETYPE 0x0e
#define INT_BOOT_FAILURE 0x18
#define NO_BUSDEVFN 0xffffffff
#define PARTITION_ACTIVE 0x80
#define PARTITION_TYPE_NON_FS 0xda
#define BOOT_SIGNATURE 0xaa55

	.code16
	.text
	.org 0
image_start:
	ljmp	$BOOT_SECTOR_SEGMENT, $1f
1:	cli
	xorw	%ax, %ax
	movw	%ax, %ss
	movw	$BOOT_SECTOR_ADDRESS, %sp
	sti
	pushw	%cs
	popw	%ds
	movb	%dl, boot_drive
	movw	$image_sectors, %cx
	xorl	%eax, %eax			/* next LBA */
	movw	$USB_LOAD_SEGMENT, %bx
read_more:
	movw	$SECTORS_PER_READ, %bp
	cmpw	%bp, %cx
	jae	2f
	movw	%cx, %bp
2:	movw	%bp, dap_count
	movw	%bx, dap_segment
	movl	%eax, dap_lba
	pushl	%eax
	movw	$DISK_EXTENDED_READ, %ax
	movb	boot_drive, %dl
	movw	$dap, %si
	int	$INT_DISK
	popl	%eax
	jc	read_failed
	movzwl	%bp, %edx
	addl	%edx, %eax
	addw	$SECTORS_PER_READ * SECTOR_PARAGRAPHS, %bx
	subw	%bp, %cx
	jnz	read_more
	ljmp	$USB_LOAD_SEGMENT, $loaded

read_failed:
	movw	$read_error, %si
3:	lodsb
	testb	%al, %al
	jz	4f
	movb	$VIDEO_TELETYPE, %ah
	xorw	%bx, %bx
	int	$INT_VIDEO
	jmp	3b
4:	int	$INT_BOOT_FAILURE

read_error:
	.asciz	"nicboot: cannot read the disk\r\n"
boot_drive:
	.byte	0
	.balign 4
dap:
	.byte	DAP_SIZE, 0
dap_count:
	.word	0
	.word	0			/* buffer offset */
dap_segment:
	.word	0
dap_lba:
	.long	0, 0

	/* One active partition over the image, for BIOSes that want one. */
	.org 0x1be
	.byte	PARTITION_ACTIVE
	.byte	0, 2, 0			/* CHS of LBA 1 */
	.byte	PARTITION_TYPE_NON_FS
	.byte	0xfe, 0xff, 0xff	/* CHS beyond reach: use LBA */
	.long	1
	.long	image_sectors - 1
	.org 0x1fe
	.word	BOOT_SIGNATURE

/* Running from the copy at USB_LOAD_SEGMENT:0000. */
loaded:
	PAYLOAD_ADDR_TO_ESI
	xorl	%edi, %edi
	movl	$NO_BUSDEVFN, %edx
	movw	$PREFIX_USB, %bx
	xorl	%ecx, %ecx			/* no PXE structures */
	xorl	%ebp, %ebp
	call	prefix_install
	int	$INT_BOOT_FAILURE

#include "libprefix.S"

#define PAYLOAD_ALIGNMENT 16
#include "payload.S"
	.balign SECTOR
image_end:
	.equ	image_sectors, (image_end - image_start) / SECTOR
