/* SPDX-License-Identifier: MIT */
/*
 * nicboot.lkrn: the Linux boot protocol's image format, so that qemu
 * -kernel, GRUB's linux16 and syslinux can start nicboot. The boot
 * loader puts these setup sectors in base memory and the packed payload
 * at code32_start (1 MiB), then jumps to the setup code in real mode.
 */
#include <arch/rmlayout.h>

#define BOOT_FLAG 0xaa55
#define SECTOR 512
#define BOOT_PROTOCOL_VERSION 0x0206
#define LOADED_HIGH 0x01
#define PAYLOAD_LOAD_ADDRESS 0x100000
#define INITRD_ADDR_MAX 0x7fffffff
#define CMDLINE_SIZE_MAX 0x7ff
#define VIDEO_MODE_NORMAL 0xffff
/* Header fields the boot loader fills in, read at run time. */
#define HDR_CODE32_START 0x214
#define HDR_CMD_LINE_PTR 0x228
#define NO_BUSDEVFN 0xffffffff

	.code16
	.text
	.org 0
image_start:
	/* The boot sector is not used; only its header fields are. */
	.org 0x1f1
setup_sects:
	.byte (payload - image_start) / SECTOR - 1
root_flags:
	.word 0
syssize:
	.long (payload_end - payload + 15) / 16
ram_size:
	.word 0
vid_mode:
	.word VIDEO_MODE_NORMAL
root_dev:
	.word 0
boot_flag:
	.word BOOT_FLAG

	.org 0x200
	jmp	setup_entry
	.ascii	"HdrS"
	.word	BOOT_PROTOCOL_VERSION
realmode_swtch:
	.long	0
start_sys_seg:
	.word	0
	.word	kernel_version - SECTOR
type_of_loader:
	.byte	0
loadflags:
	.byte	LOADED_HIGH
setup_move_size:
	.word	0
code32_start:
	.long	PAYLOAD_LOAD_ADDRESS
ramdisk_image:
	.long	0
ramdisk_size:
	.long	0
bootsect_kludge:
	.long	0
heap_end_ptr:
	.word	0
ext_loader_ver:
	.byte	0
ext_loader_type:
	.byte	0
cmd_line_ptr:
	.long	0
initrd_addr_max:
	.long	INITRD_ADDR_MAX
kernel_alignment:
	.long	0
relocatable_kernel:
	.byte	0
min_alignment:
	.byte	0
xloadflags:
	.word	0
cmdline_size:
	.long	CMDLINE_SIZE_MAX

kernel_version:
	.asciz	"nicboot"

/*
 * The loader enters at the setup code's segment + 0x20 with DS = ES =
 * SS = the setup segment: far-return to that segment so that CS-based
 * labels are offsets in this image, then install.
 */
setup_entry:
	pushw	%ds
	pushw	$1f
	lret
1:	movl	%cs:HDR_CODE32_START, %esi
	movl	%cs:HDR_CMD_LINE_PTR, %edi
	movl	$NO_BUSDEVFN, %edx
	movw	$PREFIX_LKRN, %bx
	xorl	%ecx, %ecx			/* no PXE structures */
	xorl	%ebp, %ebp
	call	prefix_install
	int	$0x18

#include "libprefix.S"

#define PAYLOAD_ALIGNMENT SECTOR
#include "payload.S"
