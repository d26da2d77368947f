/* SPDX-License-Identifier: MIT */
/*
 * A PXE network bootstrap program for tests/qemu/pxe-api: checks the
 * int 1Ah installation check against ES:BX and the !PXE structure's
 * checksum, reads data.bin through TFTP_GET_FSIZE, TFTP_OPEN, TFTP_READ
 * (packet numbers in order) and TFTP_CLOSE (through PXENV+), asks its
 * size again by relative URI through GET_FILE_SIZE, prints one line to
 * COM1 and returns to the PXE stack that started it.
 * Assemble as 16-bit code linked at 0x7C00; -DSERVER_IP=0x0100210a
 * (network order read as a little-endian word).
 */
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
msg_end:	.asciz "\r\n"
install_ok:	.byte 'n'
romid_ok:	.byte 'n'
read_ok:	.byte 'n'
	.balign 4
pxenv_ptr:	.long 0
romid_ptr:	.long 0
pxe_entry:	.long 0
pxenv_entry:	.long 0
total:		.long 0
sum:		.long 0
expect:		.word 0

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
