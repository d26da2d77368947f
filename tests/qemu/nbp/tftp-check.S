/* SPDX-License-Identifier: MIT */
/*
 * A PXE network bootstrap program for tests/qemu/pxe-api: checks the
 * int 1Ah installation check against ES:BX and the !PXE structure's
 * checksum, reads data.bin through TFTP_GET_FSIZE, TFTP_OPEN, TFTP_READ
 * (packet numbers in order) and TFTP_CLOSE (through PXENV+), asks its
 * size again by relative URI through GET_FILE_SIZE, checks int 15h's
 * E801 and 88h against the E820 map it reads through the same (hooked)
 * int 15h (see check_memory), prints one line to COM1 and returns to the
 * PXE stack that started it.
 * Assemble as 16-bit code linked at 0x7C00; -DSERVER_IP=0x0100210a
 * (network order read as a little-endian word).
 */

/* int 15h: the memory-size calls, and E820's signature ("SMAP"). */
	.equ	INT_SYSTEM, 0x15
	.equ	E820_CALL, 0xe820
	.equ	E820_SMAP, 0x534d4150
	.equ	E801_CALL, 0xe801
	.equ	E88_CALL, 0x88
/* An E820 entry as we ask for it: ACPI 3's 24 bytes; a BIOS may give 20. */
	.equ	E820_BASE, 0
	.equ	E820_LEN, 8
	.equ	E820_TYPE, 16
	.equ	E820_ATTR, 20
	.equ	E820_SIZE, 24
	.equ	E820_MIN_SIZE, 20
	.equ	E820_ENTRIES_MAX, 64
	.equ	E820_RAM, 1
	.equ	E820_ATTR_ENABLED, 1
/* E801 and 88h as src/arch/x86/pxe_entry.c answers them: 1 MiB, 16 MiB,
 * their units (KiB, 64 KiB blocks), 88h's ceiling (E88_KB_MAX), and
 * where ram_from() stops (UINT32_MAX). */
	.equ	ONE_MIB, 0x100000
	.equ	SIXTEEN_MIB, 0x1000000
	.equ	KIB_SHIFT, 10
	.equ	BLOCK_64K_SHIFT, 16
	.equ	E88_KB_MAX, 0xffff
	.equ	RAM_LIMIT, 0xffffffff

	.code16
	.text
	.globl _start
_start:
	pushw	%ds
	pushw	%es
	pushal
	movw	%sp, %bp
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%bx, pxenv_ptr
	movw	%es, pxenv_ptr + 2
	/* SP+4 at entry: the !PXE pointer (we pushed 4 + 32 bytes). */
	movl	36 + 4(%bp), %eax
	movl	%eax, romid_ptr
	call	check_install
	call	check_romid
	call	read_file
	call	file_size
	call	check_memory
	call	report
	popal
	popw	%es
	popw	%ds
	lret

/* int 1Ah AX=5650h: AX=564Eh, CF clear, ES:BX = the PXENV+ we got. */
check_install:
	movw	$0x5650, %ax
	int	$0x1a
	jc	1f
	cmpw	$0x564e, %ax
	jne	1f
	cmpw	pxenv_ptr, %bx
	jne	1f
	movw	%es, %ax
	cmpw	pxenv_ptr + 2, %ax
	jne	1f
	movb	$'y', install_ok
1:	ret

/* The !PXE structure: signature, and its bytes summing to zero. */
check_romid:
	lesw	romid_ptr, %si
	cmpl	$0x45585021, %es:(%si)		/* "!PXE" */
	jne	1f
	movzbw	%es:4(%si), %cx			/* its length */
	xorb	%al, %al
2:	addb	%es:(%si), %al
	incw	%si
	loop	2b
	testb	%al, %al
	jnz	1f
	movb	$'y', romid_ok
	lesw	romid_ptr, %si
	movl	%es:16(%si), %eax		/* entry_sp */
	movl	%eax, pxe_entry
1:	ret

/* Call the !PXE entry with BX = opcode, DI = our parameter block. */
pxe_call:
	pushw	%ds
	pushw	%di
	pushw	%bx
	lcall	*pxe_entry
	addw	$6, %sp
	ret

read_file:
	movw	$0x25, %bx			/* TFTP_GET_FSIZE */
	movw	$fsize, %di
	call	pxe_call
	testw	%ax, %ax
	jnz	9f
	movw	$0x20, %bx			/* TFTP_OPEN */
	movw	$topen, %di
	call	pxe_call
	testw	%ax, %ax
	jnz	9f
1:	incw	expect
	movw	$0x22, %bx			/* TFTP_READ */
	movw	$tread, %di
	call	pxe_call
	testw	%ax, %ax
	jnz	9f
	movw	tread_number, %ax
	cmpw	expect, %ax
	jne	9f
	movw	tread_size, %cx
	movzwl	%cx, %eax
	addl	%eax, total
	movw	$buffer, %si
	jcxz	3f
2:	movzbl	(%si), %eax
	addl	%eax, sum
	incw	%si
	loop	2b
3:	movw	tread_size, %ax
	cmpw	topen_packet, %ax
	je	1b
	/* TFTP_CLOSE through PXENV+: far call, BX = opcode, ES:DI. */
	lesw	pxenv_ptr, %si
	movl	%es:10(%si), %eax		/* rm_entry */
	movl	%eax, pxenv_entry
	pushw	%ds
	popw	%es
	movw	$0x21, %bx
	movw	$tclose, %di
	lcall	*pxenv_entry
	jc	9f
	testw	%ax, %ax
	jnz	9f
	movb	$'y', read_ok
9:	ret

/* GET_FILE_SIZE of "data.bin", relative to this program's own URI. */
file_size:
	movw	$0xe4, %bx			/* GET_FILE_SIZE */
	movw	$gfsize, %di
	call	pxe_call
	ret

/*
 * E801 and 88h against the E820 map, all three through int 15h as the
 * program sees it (nicboot's hook). e801=y: AX = CX = the KiB of RAM
 * from 1 MiB up to 16 MiB, BX = DX = the 64 KiB blocks from 16 MiB;
 * e88=y: AX = the KiB from 1 MiB, capped at E88_KB_MAX; both count the
 * RAM the map has from 1 MiB on without a gap (ram_end), whose end the
 * report gives as ramtop (0 when the E820 walk fails, which also leaves
 * e801 and e88 'n'). tests/qemu/pxe-api checks that ramtop lies well
 * below the guest's RAM top (nicboot's window and heap are hidden there,
 * so answers that ignored the hiding would fail) and well above 16 MiB
 * (the RAM nicboot leaves to the program is in one piece).
 */
check_memory:
	call	read_e820
	jc	9f
	call	ram_end
	movl	%eax, ram_top
	call	expect_sizes
	movw	$E801_CALL, %ax
	int	$INT_SYSTEM
	jc	1f
	cmpw	%ax, %cx
	jne	1f
	cmpw	%bx, %dx
	jne	1f
	cmpw	want_e801_kb, %ax
	jne	1f
	cmpw	want_e801_blocks, %bx
	jne	1f
	movb	$'y', e801_ok
1:	movb	$E88_CALL, %ah
	int	$INT_SYSTEM
	jc	9f
	cmpw	want_e88_kb, %ax
	jne	9f
	movb	$'y', e88_ok
9:	ret

/*
 * The E820 map into e820_map (E820_SIZE apart, up to e820_end), from
 * EBX = 0 until the call hands back EBX = 0; entries that ACPI 3 marks
 * disabled are left out (the attributes are preset to enabled, which is
 * what a 20-byte entry means). CF set when a call sets CF, lacks the
 * signature in EAX or gives less than an entry, or the map does not fit.
 */
read_e820:
	pushw	%ds
	popw	%es
	xorl	%ebx, %ebx
	movw	$e820_map, %di
1:	cmpw	$e820_map + E820_ENTRIES_MAX * E820_SIZE, %di
	jae	9f
	movl	$E820_ATTR_ENABLED, E820_ATTR(%di)
	movl	$E820_CALL, %eax
	movl	$E820_SIZE, %ecx
	movl	$E820_SMAP, %edx
	int	$INT_SYSTEM
	jc	9f
	cmpl	$E820_SMAP, %eax
	jne	9f
	cmpl	$E820_MIN_SIZE, %ecx
	jb	9f
	testb	$E820_ATTR_ENABLED, E820_ATTR(%di)
	jz	2f
	addw	$E820_SIZE, %di
2:	testl	%ebx, %ebx
	jnz	1b
	movw	%di, e820_end
	clc
	ret
9:	stc
	ret

/*
 * EAX = the end of the RAM from 1 MiB on without a gap, at most
 * RAM_LIMIT, joined as ram_from() joins it: each pass moves the end to
 * that of every RAM entry holding it (adjacent and overlapping entries
 * join up), until a pass moves it no more. DL: moved in this pass.
 */
ram_end:
	movl	$ONE_MIB, %eax
1:	xorb	%dl, %dl
	movw	$e820_map, %si
2:	cmpw	e820_end, %si
	jae	6f
	cmpl	$E820_RAM, E820_TYPE(%si)
	jne	5f
	cmpl	$0, E820_BASE + 4(%si)		/* at or above 4 GiB */
	jne	5f
	cmpl	%eax, E820_BASE(%si)
	ja	5f
	/* Its end, EDI:ECX, past RAM_LIMIT counts as RAM_LIMIT. */
	movl	E820_BASE(%si), %ecx
	xorl	%edi, %edi
	addl	E820_LEN(%si), %ecx
	adcl	E820_LEN + 4(%si), %edi
	jc	3f
	testl	%edi, %edi
	jz	4f
3:	movl	$RAM_LIMIT, %ecx
4:	cmpl	%eax, %ecx
	jbe	5f
	movl	%ecx, %eax
	movb	$1, %dl
5:	addw	$E820_SIZE, %si
	jmp	2b
6:	testb	%dl, %dl
	jz	9f
	cmpl	$RAM_LIMIT, %eax
	jb	1b
9:	ret

/*
 * The answers due for RAM from 1 MiB up to EAX: want_e801_kb (up to
 * 16 MiB), want_e801_blocks (from 16 MiB: none unless the KiB reach
 * it) and want_e88_kb. The blocks cannot exceed 16 bits below 4 GiB.
 */
expect_sizes:
	movl	%eax, %ecx
	cmpl	$SIXTEEN_MIB, %ecx
	jbe	1f
	movl	$SIXTEEN_MIB, %ecx
1:	subl	$ONE_MIB, %ecx
	shrl	$KIB_SHIFT, %ecx
	movw	%cx, want_e801_kb
	movl	%eax, %ecx
	subl	$SIXTEEN_MIB, %ecx
	jbe	2f
	shrl	$BLOCK_64K_SHIFT, %ecx
	movw	%cx, want_e801_blocks
2:	subl	$ONE_MIB, %eax
	shrl	$KIB_SHIFT, %eax
	cmpl	$E88_KB_MAX, %eax
	jbe	3f
	movl	$E88_KB_MAX, %eax
3:	movw	%ax, want_e88_kb
	ret

/* One character to COM1. */
putc:
	pushw	%dx
	pushw	%ax
	movw	$0x3fd, %dx
1:	inb	%dx, %al
	testb	$0x20, %al
	jz	1b
	popw	%ax
	movw	$0x3f8, %dx
	outb	%al, %dx
	popw	%dx
	ret

/* The NUL-terminated string at SI. */
puts:
	lodsb
	testb	%al, %al
	jz	1f
	call	putc
	jmp	puts
1:	ret

/* EAX in hexadecimal, eight digits. */
puthex:
	movw	$8, %cx
1:	roll	$4, %eax
	pushl	%eax
	andb	$0xf, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	2f
	addb	$'a' - '9' - 1, %al
2:	call	putc
	popl	%eax
	loop	1b
	ret

report:
	movw	$msg_head, %si
	call	puts
	movb	install_ok, %al
	call	putc
	movw	$msg_romid, %si
	call	puts
	movb	romid_ok, %al
	call	putc
	movw	$msg_read, %si
	call	puts
	movb	read_ok, %al
	call	putc
	movw	$msg_fsize, %si
	call	puts
	movl	fsize_size, %eax
	call	puthex
	movw	$msg_filesize, %si
	call	puts
	movl	gfsize_size, %eax
	call	puthex
	movw	$msg_total, %si
	call	puts
	movl	total, %eax
	call	puthex
	movw	$msg_sum, %si
	call	puts
	movl	sum, %eax
	call	puthex
	movw	$msg_e801, %si
	call	puts
	movb	e801_ok, %al
	call	putc
	movw	$msg_e88, %si
	call	puts
	movb	e88_ok, %al
	call	putc
	movw	$msg_ramtop, %si
	call	puts
	movl	ram_top, %eax
	call	puthex
	movw	$msg_end, %si
	call	puts
	ret

	.data
msg_head:	.asciz "\r\nNBP-TFTP install="
msg_romid:	.asciz " romid="
msg_read:	.asciz " read="
msg_fsize:	.asciz " fsize="
msg_filesize:	.asciz " filesize="
msg_total:	.asciz " total="
msg_sum:	.asciz " sum="
msg_e801:	.asciz " e801="
msg_e88:	.asciz " e88="
msg_ramtop:	.asciz " ramtop="
msg_end:	.asciz "\r\n"
install_ok:	.byte 'n'
romid_ok:	.byte 'n'
read_ok:	.byte 'n'
e801_ok:	.byte 'n'
e88_ok:		.byte 'n'
	.balign 4
pxenv_ptr:	.long 0
romid_ptr:	.long 0
pxe_entry:	.long 0
pxenv_entry:	.long 0
total:		.long 0
sum:		.long 0
ram_top:	.long 0
expect:		.word 0
e820_end:	.word 0
want_e801_kb:	.word 0
want_e801_blocks: .word 0
want_e88_kb:	.word 0

/* TFTP_GET_FSIZE */
fsize:		.word 0
		.long SERVER_IP
		.long 0
		.ascii "data.bin"
		.space 128 - 8
fsize_size:	.long 0
/* TFTP_OPEN */
topen:		.word 0
		.long SERVER_IP
		.long 0
		.ascii "data.bin"
		.space 128 - 8
		.word 0x4500			/* port 69, network order */
topen_packet:	.word 512
/* TFTP_READ */
tread:		.word 0
tread_number:	.word 0
tread_size:	.word 0
		.word buffer, 0
/* TFTP_CLOSE */
tclose:		.word 0
/* GET_FILE_SIZE */
gfsize:		.word 0
		.word gfsize_name, 0
gfsize_size:	.long 0
gfsize_name:	.asciz "data.bin"

	.bss
buffer:		.space 1536
e820_map:	.space E820_ENTRIES_MAX * E820_SIZE
